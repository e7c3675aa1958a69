/* SPDX-License-Identifier: MIT */
/* linux/util_macros.h - find_closest() and friends. */
#ifndef _ZSK_LINUX_UTIL_MACROS_H
#define _ZSK_LINUX_UTIL_MACROS_H

#define __zsk_find_closest(x, a, as, op) ({ \
	typeof(as) __fc_i, __fc_as = (as) - 1; \
	typeof(x) __fc_x = (x); \
	typeof(*a) const *__fc_a = (a); \
	for (__fc_i = 0; __fc_i < __fc_as; __fc_i++) { \
		if (__fc_x op DIV_ROUND_CLOSEST(__fc_a[__fc_i] + __fc_a[__fc_i + 1], 2)) \
			break; \
	} \
	(__fc_i); })
/* The index of the element of sorted array @a (size @as) closest to @x. */
#define find_closest(x, a, as) __zsk_find_closest(x, a, as, <=)
#define find_closest_descending(x, a, as) __zsk_find_closest(x, a, as, >=)
#define is_insidevar(ptr, var) \
	((uintptr_t)(ptr) >= (uintptr_t)(var) && \
	 (uintptr_t)(ptr) < (uintptr_t)(var) + sizeof(var))

#endif
