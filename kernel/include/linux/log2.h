/* SPDX-License-Identifier: MIT */
/* linux/log2.h - integer base-2 logarithms and powers of two. */
#ifndef _ZSK_LINUX_LOG2_H
#define _ZSK_LINUX_LOG2_H

#include <linux/bitops.h>
#include <linux/types.h>

/** is_power_of_2() - true for 1, 2, 4 ... (false for 0). */
static inline __attribute_const__ bool is_power_of_2(unsigned long n)
{
	return n != 0 && ((n & (n - 1)) == 0);
}

static inline __attribute_const__ int __ilog2_u32(u32 n)
{
	return 31 - __builtin_clz(n);
}

static inline __attribute_const__ int __ilog2_u64(u64 n)
{
	return 63 - __builtin_clzll(n);
}

/** __roundup_pow_of_two() - the smallest power of two >= @n (n >= 1). */
static inline __attribute_const__ unsigned long __roundup_pow_of_two(unsigned long n)
{
	return n <= 1 ? 1UL : 1UL << (64 - __builtin_clzl(n - 1));
}

/** __rounddown_pow_of_two() - the largest power of two <= @n (n >= 1). */
static inline __attribute_const__ unsigned long __rounddown_pow_of_two(unsigned long n)
{
	return 1UL << (63 - __builtin_clzl(n));
}

/* const_ilog2(n): floor(log2(n)) as a constant expression (-1 for 0). */
#define const_ilog2(n) ((n) < 2 ? ((n) < 1 ? -1 : 0) : \
	63 - __builtin_clzll((unsigned long long)(n)))

/** ilog2() - floor(log2(@n)); a constant for a constant @n. */
#define ilog2(n) (__builtin_constant_p(n) ? const_ilog2(n) : \
	(sizeof(n) <= 4) ? __ilog2_u32((u32)(n)) : __ilog2_u64((u64)(n)))

#define roundup_pow_of_two(n) (__builtin_constant_p(n) ? \
	((n) == 1 ? 1 : (1UL << (ilog2((n) - 1) + 1))) : __roundup_pow_of_two(n))
#define rounddown_pow_of_two(n) (__builtin_constant_p(n) ? \
	(1UL << ilog2(n)) : __rounddown_pow_of_two(n))

static inline __attribute_const__ int __order_base_2(unsigned long n)
{
	return n > 1 ? ilog2(n - 1) + 1 : 0;
}
/** order_base_2() - ceil(log2(@n)); 0 for 0 and 1. */
#define order_base_2(n) (__builtin_constant_p(n) ? \
	(((n) == 0 || (n) == 1) ? 0 : ilog2((n) - 1) + 1) : __order_base_2(n))

static inline __attribute_const__ int __bits_per(unsigned long n)
{
	if (n < 2)
		return 1;
	if (is_power_of_2(n))
		return order_base_2(n) + 1;
	return order_base_2(n);
}
/** bits_per() - the number of bits needed to hold @n. */
#define bits_per(n) __bits_per(n)

#endif
