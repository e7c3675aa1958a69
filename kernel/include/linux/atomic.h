/* SPDX-License-Identifier: MIT */
/*
 * linux/atomic.h - atomic_t, atomic64_t and atomic_long_t operations and
 * the generic xchg()/cmpxchg(), on the compiler's __atomic builtins.
 * Ordering follows the kernel: value-returning operations and cmpxchg are
 * fully ordered, the void ones and the _relaxed forms relaxed, _acquire
 * and _release as named.
 */
#ifndef _ZSK_LINUX_ATOMIC_H
#define _ZSK_LINUX_ATOMIC_H

#include <asm/barrier.h>
#include <linux/compiler.h>
#include <linux/types.h>

#define __ZSK_ATOMIC_OPS(p, T, V) \
static inline V p##_read(const T *v) { return __atomic_load_n(&v->counter, __ATOMIC_RELAXED); } \
static inline V p##_read_acquire(const T *v) { return __atomic_load_n(&v->counter, __ATOMIC_ACQUIRE); } \
static inline void p##_set(T *v, V i) { __atomic_store_n(&v->counter, i, __ATOMIC_RELAXED); } \
static inline void p##_set_release(T *v, V i) { __atomic_store_n(&v->counter, i, __ATOMIC_RELEASE); } \
static inline void p##_add(V i, T *v) { __atomic_fetch_add(&v->counter, i, __ATOMIC_RELAXED); } \
static inline void p##_sub(V i, T *v) { __atomic_fetch_sub(&v->counter, i, __ATOMIC_RELAXED); } \
static inline void p##_inc(T *v) { p##_add(1, v); } \
static inline void p##_dec(T *v) { p##_sub(1, v); } \
static inline void p##_and(V i, T *v) { __atomic_fetch_and(&v->counter, i, __ATOMIC_RELAXED); } \
static inline void p##_or(V i, T *v) { __atomic_fetch_or(&v->counter, i, __ATOMIC_RELAXED); } \
static inline void p##_xor(V i, T *v) { __atomic_fetch_xor(&v->counter, i, __ATOMIC_RELAXED); } \
static inline void p##_andnot(V i, T *v) { __atomic_fetch_and(&v->counter, ~i, __ATOMIC_RELAXED); } \
static inline V p##_add_return(V i, T *v) { return __atomic_add_fetch(&v->counter, i, __ATOMIC_SEQ_CST); } \
static inline V p##_sub_return(V i, T *v) { return __atomic_sub_fetch(&v->counter, i, __ATOMIC_SEQ_CST); } \
static inline V p##_inc_return(T *v) { return p##_add_return(1, v); } \
static inline V p##_dec_return(T *v) { return p##_sub_return(1, v); } \
static inline V p##_add_return_relaxed(V i, T *v) { return __atomic_add_fetch(&v->counter, i, __ATOMIC_RELAXED); } \
static inline V p##_sub_return_relaxed(V i, T *v) { return __atomic_sub_fetch(&v->counter, i, __ATOMIC_RELAXED); } \
static inline V p##_inc_return_relaxed(T *v) { return p##_add_return_relaxed(1, v); } \
static inline V p##_dec_return_relaxed(T *v) { return p##_sub_return_relaxed(1, v); } \
static inline V p##_add_return_acquire(V i, T *v) { return __atomic_add_fetch(&v->counter, i, __ATOMIC_ACQUIRE); } \
static inline V p##_add_return_release(V i, T *v) { return __atomic_add_fetch(&v->counter, i, __ATOMIC_RELEASE); } \
static inline V p##_fetch_add(V i, T *v) { return __atomic_fetch_add(&v->counter, i, __ATOMIC_SEQ_CST); } \
static inline V p##_fetch_sub(V i, T *v) { return __atomic_fetch_sub(&v->counter, i, __ATOMIC_SEQ_CST); } \
static inline V p##_fetch_inc(T *v) { return p##_fetch_add(1, v); } \
static inline V p##_fetch_dec(T *v) { return p##_fetch_sub(1, v); } \
static inline V p##_fetch_and(V i, T *v) { return __atomic_fetch_and(&v->counter, i, __ATOMIC_SEQ_CST); } \
static inline V p##_fetch_or(V i, T *v) { return __atomic_fetch_or(&v->counter, i, __ATOMIC_SEQ_CST); } \
static inline V p##_fetch_xor(V i, T *v) { return __atomic_fetch_xor(&v->counter, i, __ATOMIC_SEQ_CST); } \
static inline V p##_fetch_andnot(V i, T *v) { return __atomic_fetch_and(&v->counter, ~i, __ATOMIC_SEQ_CST); } \
static inline V p##_fetch_add_relaxed(V i, T *v) { return __atomic_fetch_add(&v->counter, i, __ATOMIC_RELAXED); } \
static inline V p##_fetch_sub_relaxed(V i, T *v) { return __atomic_fetch_sub(&v->counter, i, __ATOMIC_RELAXED); } \
static inline bool p##_sub_and_test(V i, T *v) { return p##_sub_return(i, v) == 0; } \
static inline bool p##_dec_and_test(T *v) { return p##_dec_return(v) == 0; } \
static inline bool p##_inc_and_test(T *v) { return p##_inc_return(v) == 0; } \
static inline bool p##_add_negative(V i, T *v) { return p##_add_return(i, v) < 0; } \
static inline V p##_xchg(T *v, V n) { return __atomic_exchange_n(&v->counter, n, __ATOMIC_SEQ_CST); } \
static inline V p##_xchg_relaxed(T *v, V n) { return __atomic_exchange_n(&v->counter, n, __ATOMIC_RELAXED); } \
static inline V p##_cmpxchg(T *v, V old, V n) \
{ __atomic_compare_exchange_n(&v->counter, &old, n, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); return old; } \
static inline V p##_cmpxchg_relaxed(T *v, V old, V n) \
{ __atomic_compare_exchange_n(&v->counter, &old, n, false, __ATOMIC_RELAXED, __ATOMIC_RELAXED); return old; } \
static inline V p##_cmpxchg_acquire(T *v, V old, V n) \
{ __atomic_compare_exchange_n(&v->counter, &old, n, false, __ATOMIC_ACQUIRE, __ATOMIC_ACQUIRE); return old; } \
static inline V p##_cmpxchg_release(T *v, V old, V n) \
{ __atomic_compare_exchange_n(&v->counter, &old, n, false, __ATOMIC_RELEASE, __ATOMIC_RELAXED); return old; } \
static inline bool p##_try_cmpxchg(T *v, V *old, V n) \
{ return __atomic_compare_exchange_n(&v->counter, old, n, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); } \
static inline bool p##_try_cmpxchg_relaxed(T *v, V *old, V n) \
{ return __atomic_compare_exchange_n(&v->counter, old, n, false, __ATOMIC_RELAXED, __ATOMIC_RELAXED); } \
static inline bool p##_try_cmpxchg_acquire(T *v, V *old, V n) \
{ return __atomic_compare_exchange_n(&v->counter, old, n, false, __ATOMIC_ACQUIRE, __ATOMIC_ACQUIRE); } \
static inline bool p##_try_cmpxchg_release(T *v, V *old, V n) \
{ return __atomic_compare_exchange_n(&v->counter, old, n, false, __ATOMIC_RELEASE, __ATOMIC_RELAXED); } \
/* add @a unless the value is @u; returns the old value */ \
static inline V p##_fetch_add_unless(T *v, V a, V u) \
{ V c = p##_read(v); do { if (c == u) break; } while (!p##_try_cmpxchg(v, &c, c + a)); return c; } \
static inline bool p##_add_unless(T *v, V a, V u) { return p##_fetch_add_unless(v, a, u) != u; } \
static inline bool p##_inc_not_zero(T *v) { return p##_add_unless(v, 1, 0); } \
static inline bool p##_inc_unless_negative(T *v) \
{ V c = p##_read(v); do { if (c < 0) return false; } while (!p##_try_cmpxchg(v, &c, c + 1)); return true; } \
static inline bool p##_dec_unless_positive(T *v) \
{ V c = p##_read(v); do { if (c > 0) return false; } while (!p##_try_cmpxchg(v, &c, c - 1)); return true; } \
static inline V p##_dec_if_positive(T *v) \
{ V c = p##_read(v), d; do { d = c - 1; if (d < 0) break; } while (!p##_try_cmpxchg(v, &c, d)); return d; }

__ZSK_ATOMIC_OPS(atomic, atomic_t, int)
__ZSK_ATOMIC_OPS(atomic64, atomic64_t, s64)
__ZSK_ATOMIC_OPS(atomic_long, atomic_long_t, long)

#define xchg(ptr, x) __atomic_exchange_n((ptr), (x), __ATOMIC_SEQ_CST)
#define xchg_relaxed(ptr, x) __atomic_exchange_n((ptr), (x), __ATOMIC_RELAXED)
#define xchg_acquire(ptr, x) __atomic_exchange_n((ptr), (x), __ATOMIC_ACQUIRE)
#define xchg_release(ptr, x) __atomic_exchange_n((ptr), (x), __ATOMIC_RELEASE)
#define __zsk_cmpxchg(ptr, o, n, s, f) ({ \
	__typeof__(*(ptr)) __zsk_old = (o); \
	__atomic_compare_exchange_n((ptr), &__zsk_old, (n), false, s, f); \
	__zsk_old; })
/* cmpxchg(): store @n if *@ptr == @o; returns the old value. */
#define cmpxchg(ptr, o, n) __zsk_cmpxchg(ptr, o, n, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)
#define cmpxchg_relaxed(ptr, o, n) __zsk_cmpxchg(ptr, o, n, __ATOMIC_RELAXED, __ATOMIC_RELAXED)
#define cmpxchg_acquire(ptr, o, n) __zsk_cmpxchg(ptr, o, n, __ATOMIC_ACQUIRE, __ATOMIC_ACQUIRE)
#define cmpxchg_release(ptr, o, n) __zsk_cmpxchg(ptr, o, n, __ATOMIC_RELEASE, __ATOMIC_RELAXED)
#define cmpxchg64(ptr, o, n) cmpxchg(ptr, o, n)
#define cmpxchg64_relaxed(ptr, o, n) cmpxchg_relaxed(ptr, o, n)
#define cmpxchg_local(ptr, o, n) cmpxchg(ptr, o, n)
/* try_cmpxchg(): like cmpxchg(), true on success, else *@po = the value seen. */
#define try_cmpxchg(ptr, po, n) \
	__atomic_compare_exchange_n((ptr), (po), (n), false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)
#define try_cmpxchg_relaxed(ptr, po, n) \
	__atomic_compare_exchange_n((ptr), (po), (n), false, __ATOMIC_RELAXED, __ATOMIC_RELAXED)
#define try_cmpxchg_acquire(ptr, po, n) \
	__atomic_compare_exchange_n((ptr), (po), (n), false, __ATOMIC_ACQUIRE, __ATOMIC_ACQUIRE)
#define try_cmpxchg_release(ptr, po, n) \
	__atomic_compare_exchange_n((ptr), (po), (n), false, __ATOMIC_RELEASE, __ATOMIC_RELAXED)

#define smp_mb__before_atomic() smp_mb()
#define smp_mb__after_atomic() smp_mb()

#endif
