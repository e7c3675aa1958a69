/* SPDX-License-Identifier: MIT */
/*
 * linux/minmax.h - min/max/clamp.  Each argument is evaluated once; when
 * both are integer constant expressions the result is one too (usable in
 * array sizes and static initialisers), as in the kernel.
 */
#ifndef _ZSK_LINUX_MINMAX_H
#define _ZSK_LINUX_MINMAX_H

#include <linux/compiler.h>

#define __zsk_cmp_op_min <
#define __zsk_cmp_op_max >
#define __zsk_cmp(op, x, y) ((x) __zsk_cmp_op_##op (y) ? (x) : (y))
#define __zsk_cmp_once(op, x, y, ux, uy) \
	({ __auto_type ux = (x); __auto_type uy = (y); __zsk_cmp(op, ux, uy); })
#define __zsk_careful_cmp(op, x, y) \
	__builtin_choose_expr(__is_constexpr(x) && __is_constexpr(y), \
		__zsk_cmp(op, x, y), \
		__zsk_cmp_once(op, x, y, __UNIQUE_ID(x_), __UNIQUE_ID(y_)))

#define min(x, y) __zsk_careful_cmp(min, x, y)
#define max(x, y) __zsk_careful_cmp(max, x, y)
#define umin(x, y) __zsk_careful_cmp(min, (x) + 0u + 0ul + 0ull, (y) + 0u + 0ul + 0ull)
#define umax(x, y) __zsk_careful_cmp(max, (x) + 0u + 0ul + 0ull, (y) + 0u + 0ul + 0ull)
#define min3(x, y, z) min((typeof(x))min(x, y), z)
#define max3(x, y, z) max((typeof(x))max(x, y), z)
#define min_t(type, x, y) __zsk_careful_cmp(min, (type)(x), (type)(y))
#define max_t(type, x, y) __zsk_careful_cmp(max, (type)(x), (type)(y))
#define min_array(array, len) ({ \
	typeof(&(array)[0]) __zsk_arr = (array); typeof(len) __zsk_n = (len); \
	typeof((array)[0]) __zsk_m = __zsk_arr[--__zsk_n]; \
	while (__zsk_n--) __zsk_m = min(__zsk_m, __zsk_arr[__zsk_n]); __zsk_m; })
#define max_array(array, len) ({ \
	typeof(&(array)[0]) __zsk_arr = (array); typeof(len) __zsk_n = (len); \
	typeof((array)[0]) __zsk_m = __zsk_arr[--__zsk_n]; \
	while (__zsk_n--) __zsk_m = max(__zsk_m, __zsk_arr[__zsk_n]); __zsk_m; })

/* min_not_zero(x, y): the smaller non-zero value (0 only if both are). */
#define min_not_zero(x, y) ({ \
	typeof(x) __zsk_x = (x); typeof(y) __zsk_y = (y); \
	__zsk_x == 0 ? __zsk_y : ((__zsk_y == 0) ? __zsk_x : min(__zsk_x, __zsk_y)); })

#define clamp(val, lo, hi) min((typeof(val))max(val, lo), hi)
#define clamp_t(type, val, lo, hi) min_t(type, max_t(type, val, lo), hi)
#define clamp_val(val, lo, hi) clamp_t(typeof(val), val, lo, hi)

/* in_range(val, start, len): start <= val < start + len. */
#define in_range(val, start, len) \
	((typeof(start))((val) - (start)) < (typeof(start))(len))

/* For constant contexts (file scope); the C library may define them too. */
#ifndef MIN
#define MIN(a, b) __zsk_cmp(min, a, b)
#endif
#ifndef MAX
#define MAX(a, b) __zsk_cmp(max, a, b)
#endif
#define MIN_T(type, a, b) __zsk_cmp(min, (type)(a), (type)(b))
#define MAX_T(type, a, b) __zsk_cmp(max, (type)(a), (type)(b))

#define swap(a, b) \
	do { typeof(a) __zsk_tmp = (a); (a) = (b); (b) = __zsk_tmp; } while (0)

#endif
