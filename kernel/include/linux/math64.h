/* SPDX-License-Identifier: MIT */
/*
 * linux/math64.h - 64-bit division helpers: on a 64-bit host each is one
 * C division, as the kernel's are on 64-bit architectures.  do_div() is
 * <asm/div64.h>'s.
 */
#ifndef _ZSK_LINUX_MATH64_H
#define _ZSK_LINUX_MATH64_H

#include <asm/div64.h>
#include <linux/types.h>

/** div_u64_rem() - @dividend / @divisor, the remainder in *@remainder. */
static inline u64 div_u64_rem(u64 dividend, u32 divisor, u32 *remainder)
{
	*remainder = (u32)(dividend % divisor);
	return dividend / divisor;
}

/** div_s64_rem() - signed @dividend / @divisor, the remainder in *@remainder. */
static inline s64 div_s64_rem(s64 dividend, s32 divisor, s32 *remainder)
{
	*remainder = (s32)(dividend % divisor);
	return dividend / divisor;
}

/** div64_u64_rem() - @dividend / @divisor (both 64-bit), with remainder. */
static inline u64 div64_u64_rem(u64 dividend, u64 divisor, u64 *remainder)
{
	*remainder = dividend % divisor;
	return dividend / divisor;
}

/** div_u64() - @dividend / @divisor (32-bit). */
static inline u64 div_u64(u64 dividend, u32 divisor)
{
	return dividend / divisor;
}

/** div_s64() - signed @dividend / @divisor (32-bit). */
static inline s64 div_s64(s64 dividend, s32 divisor)
{
	return dividend / divisor;
}

/** div64_u64() - @dividend / @divisor, both 64-bit. */
static inline u64 div64_u64(u64 dividend, u64 divisor)
{
	return dividend / divisor;
}

/** div64_s64() - signed @dividend / @divisor, both 64-bit. */
static inline s64 div64_s64(s64 dividend, s64 divisor)
{
	return dividend / divisor;
}

#define div64_ul(x, y) div64_u64((x), (y))
#define div64_long(x, y) div64_s64((x), (y))

/** mul_u64_u32_div() - @a * @mul / @divisor without losing the product's top bits. */
static inline u64 mul_u64_u32_div(u64 a, u32 mul, u32 divisor)
{
	return (u64)((unsigned __int128)a * mul / divisor);
}

/** mul_u64_u64_div_u64() - @a * @mul / @div with a 128-bit product. */
static inline u64 mul_u64_u64_div_u64(u64 a, u64 mul, u64 div)
{
	return (u64)((unsigned __int128)a * mul / div);
}

#define DIV64_U64_ROUND_UP(ll, d) div64_u64((ll) + (d) - 1, (d))
#define DIV_U64_ROUND_UP(ll, d) div_u64((ll) + (d) - 1, (d))
#define DIV64_U64_ROUND_CLOSEST(dividend, divisor) \
	div64_u64((dividend) + ((divisor) / 2), (divisor))

#endif
