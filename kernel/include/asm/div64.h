/* SPDX-License-Identifier: MIT */
/*
 * asm/div64.h - do_div(n, base): divide the u64 lvalue @n by the u32
 * @base in place and give the remainder, as the kernel's macro does.
 */
#ifndef _ZSK_ASM_DIV64_H
#define _ZSK_ASM_DIV64_H

#include <linux/types.h>

#define do_div(n, base) ({					\
	u32 __zsk_base = (base);				\
	u32 __zsk_rem = (u32)((u64)(n) % __zsk_base);		\
	(n) = (u64)(n) / __zsk_base;				\
	__zsk_rem;						\
})

#endif
