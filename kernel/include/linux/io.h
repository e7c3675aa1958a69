/* SPDX-License-Identifier: MIT */
/*
 * linux/io.h - MMIO on memory (the accessors are <asm/io.h>'s): the
 * ioreadX/iowriteX names and their big-endian forms, memcpy_fromio,
 * memcpy_toio and memset_io, and memremap() of RAM.
 *
 * There is no device memory behind ioremap() in a process: a register
 * file an emulator models is ordinary memory the model owns, and drivers'
 * accessors work on it directly.  memremap() maps zslab RAM only: it
 * returns the linear address of a RAM range and NULL (with a report) for
 * anything else; memunmap() undoes nothing, as the linear map stays.
 */
#ifndef _ZSK_LINUX_IO_H
#define _ZSK_LINUX_IO_H

#include <asm/byteorder.h>
#include <asm/io.h>
#include <linux/compiler_types.h>
#include <linux/types.h>
#include <string.h>

#define ioread8(a) readb(a)
#define ioread16(a) readw(a)
#define ioread32(a) readl(a)
#define ioread64(a) readq(a)
#define iowrite8(v, a) writeb(v, a)
#define iowrite16(v, a) writew(v, a)
#define iowrite32(v, a) writel(v, a)
#define iowrite64(v, a) writeq(v, a)
#define ioread16be(a) be16_to_cpu((__force __be16)readw(a))
#define ioread32be(a) be32_to_cpu((__force __be32)readl(a))
#define ioread64be(a) be64_to_cpu((__force __be64)readq(a))
#define iowrite16be(v, a) writew((__force u16)cpu_to_be16(v), a)
#define iowrite32be(v, a) writel((__force u32)cpu_to_be32(v), a)
#define iowrite64be(v, a) writeq((__force u64)cpu_to_be64(v), a)

/** memcpy_fromio() - copy @n bytes of registers, ordered after what came before. */
static inline void memcpy_fromio(void *to, const volatile void *from, size_t n)
{
	memcpy(to, (const void *)from, n);
	rmb();
}

/** memcpy_toio() - copy @n bytes into registers, after every earlier write. */
static inline void memcpy_toio(volatile void *to, const void *from, size_t n)
{
	wmb();
	memcpy((void *)to, from, n);
}

/** memset_io() - fill @n bytes of registers. */
static inline void memset_io(volatile void *addr, int c, size_t n)
{
	wmb();
	memset((void *)addr, c, n);
}

#define MEMREMAP_WB (1UL << 0)
#define MEMREMAP_WT (1UL << 1)
#define MEMREMAP_WC (1UL << 2)
#define MEMREMAP_ENC (1UL << 3)
#define MEMREMAP_DEC (1UL << 4)

/** memremap() - the linear address of RAM [@offset, @offset + @size), or NULL (reported). */
void *memremap(resource_size_t offset, size_t size, unsigned long flags);
/** memunmap() - undo memremap() (the linear map stays). */
void memunmap(void *addr);

#endif
