/* SPDX-License-Identifier: MIT */
/*
 * linux/compiler.h - likely/unlikely, barriers and the marked accesses.
 *
 * READ_ONCE()/WRITE_ONCE() are relaxed atomic loads and stores, so that
 * ThreadSanitizer sees the kernel's marked accesses as the data-race-free
 * accesses the kernel's memory model makes them; data_race() marks an
 * intentional race and is a plain access.
 */
#ifndef _ZSK_LINUX_COMPILER_H
#define _ZSK_LINUX_COMPILER_H

#include <linux/compiler_types.h>

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define likely_notrace(x) likely(x)
#define unlikely_notrace(x) unlikely(x)

#define barrier() __asm__ __volatile__("" : : : "memory")
#define barrier_data(ptr) __asm__ __volatile__("" : : "r"(ptr) : "memory")
#define unreachable() __builtin_unreachable()

/* Hide a value's origin from the optimizer (kernel: OPTIMIZER_HIDE_VAR). */
#define OPTIMIZER_HIDE_VAR(var) __asm__("" : "=r"(var) : "0"(var))
#define RELOC_HIDE(ptr, off) \
	({ unsigned long __zsk_ptr; __asm__("" : "=r"(__zsk_ptr) : "0"(ptr)); \
	   (typeof(ptr))(__zsk_ptr + (off)); })

#define READ_ONCE(x) __atomic_load_n(&(x), __ATOMIC_RELAXED)
#define WRITE_ONCE(x, val) __atomic_store_n(&(x), (val), __ATOMIC_RELAXED)
#define data_race(expr) (expr)
#define ASSERT_EXCLUSIVE_WRITER(var) do { } while (0)
#define ASSERT_EXCLUSIVE_ACCESS(var) do { } while (0)

/* Concatenation and unique identifiers. */
#define ___PASTE(a, b) a##b
#define __PASTE(a, b) ___PASTE(a, b)
#define __UNIQUE_ID(prefix) __PASTE(__PASTE(__UNIQUE_ID_, prefix), __COUNTER__)

/* Compile-time checks that yield a value (0 when @e holds). */
#define __BUILD_BUG_ON_ZERO_MSG(e, msg) ((int)sizeof(struct { _Static_assert(!(e), msg); int __zsk_b; }) * 0)
#define __must_be_array(a) \
	__BUILD_BUG_ON_ZERO_MSG(__same_type((a), &(a)[0]), "must be array")
#define __must_be_byte_array(a) __must_be_array(a)
#define __must_be_cstr(p) 0

#include <linux/stringify.h>

#endif
