/* SPDX-License-Identifier: MIT */
/* linux/math.h - rounding and division helpers, abs(). */
#ifndef _ZSK_LINUX_MATH_H
#define _ZSK_LINUX_MATH_H

#include <linux/types.h>
#include <stdlib.h>   /* declared before the abs() macro below */

#define __round_mask(x, y) ((__typeof__(x))((y) - 1))
#define round_up(x, y) ((((x) - 1) | __round_mask(x, y)) + 1)
#define round_down(x, y) ((x) & ~__round_mask(x, y))
#define DIV_ROUND_UP(n, d) (((n) + (d) - 1) / (d))
#define DIV_ROUND_DOWN_ULL(ll, d) ({ unsigned long long __zsk_tmp = (ll); __zsk_tmp / (d); })
#define DIV_ROUND_UP_ULL(ll, d) DIV_ROUND_DOWN_ULL((unsigned long long)(ll) + (d) - 1, (d))
#define DIV_ROUND_UP_POW2(n, d) ((n) / (d) + !!((n) & ((d) - 1)))
#define roundup(x, y) ({ typeof(y) __zsk_y = (y); (((x) + (__zsk_y - 1)) / __zsk_y) * __zsk_y; })
#define rounddown(x, y) ({ typeof(x) __zsk_x = (x); __zsk_x - (__zsk_x % (y)); })
#define DIV_ROUND_CLOSEST(x, divisor) ({ \
	typeof(x) __zsk_x = (x); typeof(divisor) __zsk_d = (divisor); \
	(((typeof(x))-1) > 0 || ((typeof(divisor))-1) > 0 || \
	 (((__zsk_x) > 0) == ((__zsk_d) > 0))) ? \
		(((__zsk_x) + ((__zsk_d) / 2)) / (__zsk_d)) : \
		(((__zsk_x) - ((__zsk_d) / 2)) / (__zsk_d)); })
#define DIV_ROUND_CLOSEST_ULL(x, divisor) ({ \
	typeof(divisor) __zsk_d = (divisor); \
	unsigned long long __zsk_t = (x) + (__zsk_d) / 2; __zsk_t / __zsk_d; })
#define mult_frac(x, n, d) ({ \
	typeof(x) __zsk_x = (x); typeof(n) __zsk_n = (n); typeof(d) __zsk_d = (d); \
	typeof(x) __zsk_q = __zsk_x / __zsk_d; typeof(x) __zsk_r = __zsk_x % __zsk_d; \
	(__zsk_q * __zsk_n) + ((__zsk_r * __zsk_n) / __zsk_d); })

#undef abs
#define abs(x) __builtin_choose_expr(sizeof(x) > sizeof(long), \
	(long long)llabs((long long)(x)), \
	__builtin_choose_expr(sizeof(x) > sizeof(int), \
		(long)labs((long)(x)), (int)abs((int)(x))))
#define abs_diff(a, b) ({ \
	typeof(a) __zsk_a = (a); typeof(b) __zsk_b = (b); \
	__zsk_a > __zsk_b ? __zsk_a - __zsk_b : __zsk_b - __zsk_a; })

#define reciprocal_scale(val, ep_ro) ((u32)(((u64)(val) * (ep_ro)) >> 32))

/** int_sqrt() - the integer square root of @x (rounded down). */
static inline unsigned long int_sqrt(unsigned long x)
{
	unsigned long r = 0, bit = 1UL << (sizeof(long) * 8 - 2);

	while (bit > x)
		bit >>= 2;
	for (; bit; bit >>= 2) {
		if (x >= r + bit) {
			x -= r + bit;
			r = (r >> 1) + bit;
		} else {
			r >>= 1;
		}
	}
	return r;
}

/** int_sqrt64() - the integer square root of a 64-bit @x. */
static inline u32 int_sqrt64(u64 x)
{
	return (u32)int_sqrt((unsigned long)x);
}

#endif
