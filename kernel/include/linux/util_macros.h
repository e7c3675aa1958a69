/* SPDX-License-Identifier: MIT */
/* linux/util_macros.h - find_closest() and friends. */
#ifndef _ZSK_LINUX_UTIL_MACROS_H
#define _ZSK_LINUX_UTIL_MACROS_H

/*
 * The index of the element of the sorted array @a (@as elements,
 * ascending for find_closest(), descending for find_closest_descending())
 * nearest to @x: the first pair whose midpoint (truncated) @x does not
 * pass, then whichever of the two is nearer, the smaller value on a tie.
 * In long arithmetic, so that unsigned arrays and negative @x mix.
 * @next: whether the pair's second element wins (lo: the first, hi: the
 * second, x: the value).
 */
#define __zsk_find_closest(x, a, as, op, next) ({ \
	typeof(as) __fc_i, __fc_as = (as) - 1; \
	long __fc_x = (x); \
	typeof(*a) const *__fc_a = (a); \
	for (__fc_i = 0; __fc_i < __fc_as; __fc_i++) { \
		long __fc_lo = (long)__fc_a[__fc_i], __fc_hi = (long)__fc_a[__fc_i + 1]; \
		if (__fc_x op (__fc_lo + __fc_hi) / 2) { \
			if (next(__fc_lo, __fc_hi, __fc_x)) \
				__fc_i++; \
			break; \
		} \
	} \
	(__fc_i); })
#define __zsk_closer_up(lo, hi, x) ((hi) - (x) < (x) - (lo))
#define __zsk_closer_down(lo, hi, x) ((x) - (hi) <= (lo) - (x))
#define find_closest(x, a, as) __zsk_find_closest(x, a, as, <=, __zsk_closer_up)
#define find_closest_descending(x, a, as) \
	__zsk_find_closest(x, a, as, >=, __zsk_closer_down)
#define is_insidevar(ptr, var) \
	((uintptr_t)(ptr) >= (uintptr_t)(var) && \
	 (uintptr_t)(ptr) < (uintptr_t)(var) + sizeof(var))

#endif
