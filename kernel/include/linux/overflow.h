/* SPDX-License-Identifier: MIT */
/*
 * linux/overflow.h - checked arithmetic: each returns true on overflow
 * (storing the wrapped result), and the size helpers saturate at SIZE_MAX
 * so that an allocation of an overflowed size fails.
 */
#ifndef _ZSK_LINUX_OVERFLOW_H
#define _ZSK_LINUX_OVERFLOW_H

#include <linux/compiler.h>
#include <linux/limits.h>
#include <linux/types.h>

#define check_add_overflow(a, b, d) __builtin_add_overflow(a, b, d)
#define check_sub_overflow(a, b, d) __builtin_sub_overflow(a, b, d)
#define check_mul_overflow(a, b, d) __builtin_mul_overflow(a, b, d)
#define overflows_type(n, T) ({ typeof(T) __zsk_v; __builtin_add_overflow((n), 0, &__zsk_v); })
#define check_shl_overflow(a, s, d) ({ \
	typeof(a) __zsk_a = (a); typeof(s) __zsk_s = (s); typeof(d) __zsk_d = (d); \
	*__zsk_d = (__zsk_s >= (typeof(__zsk_s))(8 * sizeof(*__zsk_d))) ? 0 : \
		(typeof(*__zsk_d))((u64)__zsk_a << __zsk_s); \
	(__zsk_s >= (typeof(__zsk_s))(8 * sizeof(*__zsk_d))) || \
		((u64)__zsk_a << __zsk_s >> __zsk_s) != (u64)__zsk_a || \
		(u64)*__zsk_d != ((u64)__zsk_a << __zsk_s); })
#define wrapping_add(T, a, b) ({ T __zsk_r; __builtin_add_overflow(a, b, &__zsk_r); __zsk_r; })
#define wrapping_sub(T, a, b) ({ T __zsk_r; __builtin_sub_overflow(a, b, &__zsk_r); __zsk_r; })
#define wrapping_mul(T, a, b) ({ T __zsk_r; __builtin_mul_overflow(a, b, &__zsk_r); __zsk_r; })
#define is_non_negative(a) ((a) > 0 || (a) == 0)
#define is_negative(a) (!(is_non_negative(a)))
#define type_max(T) ((T)((((T)1 << (8 * sizeof(T) - 1 - is_signed_type(T))) - 1) * 2 + 1))
#define type_min(T) ((T)((T)-type_max(T) - (T)1))

/** size_mul() - @a * @b, or SIZE_MAX on overflow. */
static inline size_t __must_check size_mul(size_t a, size_t b)
{
	size_t r;

	return __builtin_mul_overflow(a, b, &r) ? SIZE_MAX : r;
}
/** size_add() - @a + @b, or SIZE_MAX on overflow. */
static inline size_t __must_check size_add(size_t a, size_t b)
{
	size_t r;

	return __builtin_add_overflow(a, b, &r) ? SIZE_MAX : r;
}
/** size_sub() - @a - @b, or SIZE_MAX on underflow or a SIZE_MAX operand. */
static inline size_t __must_check size_sub(size_t a, size_t b)
{
	size_t r;

	if (a == SIZE_MAX || b == SIZE_MAX || __builtin_sub_overflow(a, b, &r))
		return SIZE_MAX;
	return r;
}

#define array_size(a, b) size_mul(a, b)
#define array3_size(a, b, c) size_mul(size_mul(a, b), c)
#define flex_array_size(p, member, count) \
	size_mul(count, sizeof(*(p)->member) + __must_be_array((p)->member))
#define struct_size(p, member, count) \
	size_add(sizeof(*(p)), flex_array_size(p, member, count))
#define struct_size_t(type, member, count) \
	struct_size((type *)NULL, member, count)
#define __DEFINE_FLEX(type, name, member, count, trailer...) \
	union { \
		u8 bytes[struct_size_t(type, member, count)]; \
		type obj; \
	} name##_u trailer; \
	type *name = (type *)&name##_u
#define DEFINE_FLEX(type, name, member, counter, count) \
	__DEFINE_FLEX(type, name, member, count, = {})
#define DEFINE_RAW_FLEX(type, name, member, count) \
	__DEFINE_FLEX(type, name, member, count, = {})

#endif
