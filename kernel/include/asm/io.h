/* SPDX-License-Identifier: MIT */
/* asm/io.h - virt_to_phys() and friends, and plain MMIO accessors on RAM. */
#ifndef _ZSK_ASM_IO_H
#define _ZSK_ASM_IO_H

#include <asm/page.h>
#include <linux/types.h>

#define readb(a) (*(volatile u8 *)(a))
#define readw(a) (*(volatile u16 *)(a))
#define readl(a) (*(volatile u32 *)(a))
#define readq(a) (*(volatile u64 *)(a))
#define writeb(v, a) (*(volatile u8 *)(a) = (v))
#define writew(v, a) (*(volatile u16 *)(a) = (v))
#define writel(v, a) (*(volatile u32 *)(a) = (v))
#define writeq(v, a) (*(volatile u64 *)(a) = (v))
#define readl_relaxed(a) readl(a)
#define writel_relaxed(v, a) writel(v, a)

#endif
