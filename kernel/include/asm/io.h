/* SPDX-License-Identifier: MIT */
/*
 * asm/io.h - virt_to_phys() and friends, and the MMIO accessors on
 * memory: a model's registers are memory a device thread also touches, so
 * the accessors keep the kernel's ordering.  readX() is a volatile load
 * followed by rmb(), so what the CPU reads after it comes after the
 * device's write; writeX() is wmb() then a volatile store, so the
 * device sees every earlier memory write before the register changes.
 * The _relaxed and __raw_ forms are the bare volatile access.  Registers
 * are little-endian (this machine's order).
 */
#ifndef _ZSK_ASM_IO_H
#define _ZSK_ASM_IO_H

#include <asm/barrier.h>
#include <asm/page.h>
#include <linux/types.h>

#define __raw_readb(a) (*(const volatile u8 *)(a))
#define __raw_readw(a) (*(const volatile u16 *)(a))
#define __raw_readl(a) (*(const volatile u32 *)(a))
#define __raw_readq(a) (*(const volatile u64 *)(a))
#define __raw_writeb(v, a) ((void)(*(volatile u8 *)(a) = (u8)(v)))
#define __raw_writew(v, a) ((void)(*(volatile u16 *)(a) = (u16)(v)))
#define __raw_writel(v, a) ((void)(*(volatile u32 *)(a) = (u32)(v)))
#define __raw_writeq(v, a) ((void)(*(volatile u64 *)(a) = (u64)(v)))

#define readb_relaxed(a) __raw_readb(a)
#define readw_relaxed(a) __raw_readw(a)
#define readl_relaxed(a) __raw_readl(a)
#define readq_relaxed(a) __raw_readq(a)
#define writeb_relaxed(v, a) __raw_writeb(v, a)
#define writew_relaxed(v, a) __raw_writew(v, a)
#define writel_relaxed(v, a) __raw_writel(v, a)
#define writeq_relaxed(v, a) __raw_writeq(v, a)

#define __ZSK_READ(name, type)                                   \
	static inline type name(const volatile void *addr)      \
	{                                                        \
		type v = *(const volatile type *)addr;           \
		rmb();                                           \
		return v;                                        \
	}
#define __ZSK_WRITE(name, type)                                  \
	static inline void name(type v, volatile void *addr)    \
	{                                                        \
		wmb();                                           \
		*(volatile type *)addr = v;                      \
	}
__ZSK_READ(readb, u8)
__ZSK_READ(readw, u16)
__ZSK_READ(readl, u32)
__ZSK_READ(readq, u64)
__ZSK_WRITE(writeb, u8)
__ZSK_WRITE(writew, u16)
__ZSK_WRITE(writel, u32)
__ZSK_WRITE(writeq, u64)
#undef __ZSK_READ
#undef __ZSK_WRITE

#endif
