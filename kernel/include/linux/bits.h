/* SPDX-License-Identifier: MIT */
/* linux/bits.h - BIT(), GENMASK() and the word-size constants. */
#ifndef _ZSK_LINUX_BITS_H
#define _ZSK_LINUX_BITS_H

#include <linux/build_bug.h>
#include <linux/compiler_types.h>
#include <linux/const.h>

#define BITS_PER_LONG 64
#define BITS_PER_LONG_LONG 64
#define BITS_PER_BYTE 8
#define BITS_PER_TYPE(type) (sizeof(type) * BITS_PER_BYTE)

#define BIT(nr) (UL(1) << (nr))
#define BIT_ULL(nr) (ULL(1) << (nr))
#define BIT_MASK(nr) (UL(1) << ((nr) % BITS_PER_LONG))
#define BIT_WORD(nr) ((nr) / BITS_PER_LONG)
#define BIT_ULL_MASK(nr) (ULL(1) << ((nr) % BITS_PER_LONG_LONG))
#define BIT_ULL_WORD(nr) ((nr) / BITS_PER_LONG_LONG)
#define BIT_U8(nr) ((u8)(1U << (nr)))
#define BIT_U16(nr) ((u16)(1U << (nr)))
#define BIT_U32(nr) ((u32)(1U << (nr)))
#define BIT_U64(nr) ((u64)(1ULL << (nr)))

/*
 * GENMASK_INPUT_CHECK(h, l): 0, and a build error when both are constants
 * and @l > @h (the kernel's check; unknown values are not checked).
 */
#define GENMASK_INPUT_CHECK(h, l) BUILD_BUG_ON_ZERO(__builtin_choose_expr( \
	__is_constexpr((l) > (h)), (l) > (h), 0))

/* GENMASK(h, l): bits l..h set (h >= l). */
#define GENMASK(h, l) (GENMASK_INPUT_CHECK(h, l) + \
	(((~UL(0)) - (UL(1) << (l)) + 1) & (~UL(0) >> (BITS_PER_LONG - 1 - (h)))))
#define GENMASK_ULL(h, l) (GENMASK_INPUT_CHECK(h, l) + \
	(((~ULL(0)) - (ULL(1) << (l)) + 1) & (~ULL(0) >> (BITS_PER_LONG_LONG - 1 - (h)))))
/* GENMASK_U128(h, l): a 128-bit mask (CONFIG_ARCH_SUPPORTS_INT128). */
#define GENMASK_U128(h, l) (GENMASK_INPUT_CHECK(h, l) + \
	((((unsigned __int128)1 << (h)) << 1) - ((unsigned __int128)1 << (l))))
#define GENMASK_U8(h, l) ((u8)GENMASK(h, l))
#define GENMASK_U16(h, l) ((u16)GENMASK(h, l))
#define GENMASK_U32(h, l) ((u32)GENMASK(h, l))
#define GENMASK_U64(h, l) ((u64)GENMASK_ULL(h, l))

#endif
