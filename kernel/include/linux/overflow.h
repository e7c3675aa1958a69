/* SPDX-License-Identifier: MIT */
/*
 * linux/overflow.h - checked arithmetic, as the kernel's: each check_*
 * returns true on overflow (storing the wrapped result), the wrapping_*
 * forms wrap on purpose, overflows_type()/castable_to_type() test a
 * value against a type (at compile time for constants), and the size
 * helpers saturate at SIZE_MAX so that an allocation of an overflowed
 * size fails.  The struct/flex sizes are integer constant expressions for
 * constant counts, so DEFINE_FLEX() can size an on-stack object.
 */
#ifndef _ZSK_LINUX_OVERFLOW_H
#define _ZSK_LINUX_OVERFLOW_H

#include <linux/compiler.h>
#include <linux/limits.h>
#include <linux/types.h>

#define is_non_negative(a) ((a) > 0 || (a) == 0)
#define is_negative(a) (!(is_non_negative(a)))

/* The largest and smallest value of @t, a type or an expression. */
#define __type_half_max(T) ((T)1 << (8 * sizeof(T) - 1 - is_signed_type(T)))
#define __type_max(T) ((T)((__type_half_max(T) - 1) * 2 + 1))
#define type_max(t) __type_max(typeof(t))
#define __type_min(T) ((T)((T)-type_max(T) - (T)1))
#define type_min(t) __type_min(typeof(t))

/* A result the caller must look at. */
static inline bool __must_check __must_check_overflow(bool overflow)
{
	return __builtin_expect(overflow, 0);
}

#define check_add_overflow(a, b, d) __must_check_overflow(__builtin_add_overflow(a, b, d))
#define check_sub_overflow(a, b, d) __must_check_overflow(__builtin_sub_overflow(a, b, d))
#define check_mul_overflow(a, b, d) __must_check_overflow(__builtin_mul_overflow(a, b, d))

/* @a op @b in type @T, wrapping around on purpose. */
#define wrapping_add(T, a, b) ({ T __zsk_r; __builtin_add_overflow(a, b, &__zsk_r); __zsk_r; })
#define wrapping_sub(T, a, b) ({ T __zsk_r; __builtin_sub_overflow(a, b, &__zsk_r); __zsk_r; })
#define wrapping_mul(T, a, b) ({ T __zsk_r; __builtin_mul_overflow(a, b, &__zsk_r); __zsk_r; })
/* @var op= @offset, wrapping; the new value. */
#define wrapping_assign_add(var, offset) ({ \
	typeof(var) *__zsk_p = &(var); \
	*__zsk_p = wrapping_add(typeof(var), *__zsk_p, offset); })
#define wrapping_assign_sub(var, offset) ({ \
	typeof(var) *__zsk_p = &(var); \
	*__zsk_p = wrapping_sub(typeof(var), *__zsk_p, offset); })

/*
 * check_shl_overflow() - *@d = @a << @s, true when that is not @a times
 * 2^@s in *@d's type: @s negative or not below *@d's width (then nothing
 * is shifted), @a negative, bits lost, or the sign bit of *@d set.
 */
#define check_shl_overflow(a, s, d) __must_check_overflow(({ \
	typeof(a) __zsk_a = (a); \
	typeof(s) __zsk_s = (s); \
	typeof(d) __zsk_d = (d); \
	unsigned long long __zsk_full = (unsigned long long)__zsk_a; \
	unsigned int __zsk_by = is_non_negative(__zsk_s) && \
		(unsigned long long)__zsk_s < 8 * sizeof(*__zsk_d) ? (unsigned int)__zsk_s : 0; \
	*__zsk_d = (typeof(*__zsk_d))(__zsk_full << __zsk_by); \
	((unsigned long long)__zsk_by != (unsigned long long)__zsk_s || \
	 is_negative(*__zsk_d) || is_negative(__zsk_a) || \
	 (unsigned long long)(*__zsk_d >> __zsk_by) != __zsk_full); }))

/*
 * Does the constant @x fall outside type @T's range?  By shifts, not by
 * comparisons with the bounds, which -Wextra's -Wtype-limits calls always
 * false for the widest types: a non-negative value is above type_max(T)
 * when bits remain above T's value bits; a negative one is below
 * type_min(T) when T is unsigned or its sign does not fill T's top bits.
 */
#define __zsk_above_max(v, T) \
	((((unsigned long long)(v) >> (8 * sizeof(T) - 1)) >> is_unsigned_type(typeof(T))) != 0)
#define __overflows_type_constexpr(x, T) ( \
	is_unsigned_type(typeof(x)) ? __zsk_above_max(x, T) : \
	is_negative(x) ? (is_unsigned_type(typeof(T)) || \
		(unsigned long long)((long long)(x) >> (8 * sizeof(T) - 1)) != ~0ULL) : \
	__zsk_above_max(x, T))
#define __overflows_type(n, T) ({ typeof(T) __zsk_v = 0; check_add_overflow((n), __zsk_v, &__zsk_v); })
/* overflows_type() - would @n change if stored in type @T (or @T's type)? */
#define overflows_type(n, T) \
	__builtin_choose_expr(__is_constexpr(n), __overflows_type_constexpr(n, T), \
			      __overflows_type(n, T))
/* castable_to_type() - may @n be assigned to @T: a constant that fits, or
 * a variable of the same type. */
#define castable_to_type(n, T) \
	__builtin_choose_expr(__is_constexpr(n), !__overflows_type_constexpr(n, T), \
			      __same_type(n, T))

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

/* The bytes of @count elements of @p's flexible array @member, and of
 * *@p with them: constants for a constant count, else saturating. */
#define flex_array_size(p, member, count) \
	__builtin_choose_expr(__is_constexpr(count), \
		(count) * sizeof(*(p)->member) + __must_be_array((p)->member), \
		size_mul(count, sizeof(*(p)->member) + __must_be_array((p)->member)))
#define struct_size(p, member, count) \
	__builtin_choose_expr(__is_constexpr(count), \
		sizeof(*(p)) + flex_array_size(p, member, count), \
		size_add(sizeof(*(p)), flex_array_size(p, member, count)))
#define struct_size_t(type, member, count) \
	struct_size((type *)NULL, member, count)

/*
 * An on-stack @type with room for @count elements of @member (a compile-
 * time constant), zeroed; DEFINE_FLEX() also sets its @counter member.
 */
#define _DEFINE_FLEX(type, name, member, count, initializer...) \
	_Static_assert(__builtin_constant_p(count), \
		       "onstack flex array members require compile-time const count"); \
	union { \
		u8 bytes[struct_size_t(type, member, count)]; \
		type obj; \
	} name##_u = { .obj initializer }; \
	type *name = (type *)&name##_u
#define DEFINE_RAW_FLEX(type, name, member, count) \
	_DEFINE_FLEX(type, name, member, count, = {})
#define DEFINE_FLEX(type, name, member, counter, count) \
	_DEFINE_FLEX(type, name, member, count, = { .counter = (count), })

/* The bytes the compiler knows are behind @p (whole object, or member). */
#define __struct_size(p) __builtin_dynamic_object_size(p, 0)
#define __member_size(p) __builtin_dynamic_object_size(p, 1)

#endif
