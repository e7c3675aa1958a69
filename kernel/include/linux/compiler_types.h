/* SPDX-License-Identifier: MIT */
/*
 * linux/compiler_types.h - the kernel's annotations, spelled for GCC/Clang
 * in a process.  Force-included through linux/kconfig.h, so every file has
 * them, as in the kernel's build.
 *
 * The C library headers the compat tree builds on are included here,
 * first, so that the kernel's macros of the same names (abs, ffs, the
 * printf family) defined later never rewrite their declarations.
 *
 * Sparse annotations (__user, __iomem, __rcu, __force, __bitwise, lock
 * context) have no meaning to the compiler and are empty, as in the
 * kernel outside sparse.
 */
#ifndef _ZSK_LINUX_COMPILER_TYPES_H
#define _ZSK_LINUX_COMPILER_TYPES_H

#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* sparse */
#define __user
#define __kernel
#define __iomem
#define __percpu
#define __rcu
#define __force
#define __safe
#define __nocast
#define __private
#define __must_hold(x)
#define __acquires(x)
#define __releases(x)
#define __acquire(x) ((void)0)
#define __release(x) ((void)0)
#define __cond_lock(x, c) (c)
#define ACCESS_PRIVATE(p, member) ((p)->member)

/* attributes (linux/compiler_attributes.h) */
#ifndef __always_inline   /* the C library defines it too */
#define __always_inline inline __attribute__((__always_inline__))
#endif
#define noinline __attribute__((__noinline__))
#define __noreturn __attribute__((__noreturn__))
#define __packed __attribute__((__packed__))
#define __aligned(x) __attribute__((__aligned__(x)))
#define __aligned_largest __attribute__((__aligned__))
#define __section(s) __attribute__((__section__(s)))
#define __used __attribute__((__used__))
#define __maybe_unused __attribute__((__unused__))
#define __always_unused __attribute__((__unused__))
#define __must_check __attribute__((__warn_unused_result__))
#define __pure __attribute__((__pure__))
#ifndef __attribute_const__
#define __attribute_const__ __attribute__((__const__))
#endif
#define __cold __attribute__((__cold__))
#define __hot __attribute__((__hot__))
#define __weak __attribute__((__weak__))
#define __alias(s) __attribute__((__alias__(#s)))
#define __printf(a, b) __attribute__((__format__(printf, a, b)))
#define __scanf(a, b) __attribute__((__format__(scanf, a, b)))
#define __deprecated
#define __malloc __attribute__((__malloc__))
#define __alloc_size(...) __attribute__((__alloc_size__(__VA_ARGS__)))
#define __realloc_size(...) __attribute__((__alloc_size__(__VA_ARGS__)))
#define __assume_aligned(...) __attribute__((__assume_aligned__(__VA_ARGS__)))
#define __cleanup(f) __attribute__((__cleanup__(f)))
#define __copy(s) __attribute__((__copy__(s)))
#define __nonstring __attribute__((__nonstring__))
#define __mode(x) __attribute__((__mode__(x)))
#define __visible __attribute__((__externally_visible__))
#define __gnu_inline __attribute__((__gnu_inline__))
#define __flatten __attribute__((__flatten__))
#define __no_sanitize_address __attribute__((__no_sanitize_address__))
#define __no_sanitize_thread
#define __no_sanitize_undefined __attribute__((__no_sanitize_undefined__))
#define __no_kcsan
#define __no_kasan_or_inline __no_sanitize_address
#define __randomize_layout
#define __no_randomize_layout
#define randomized_struct_fields_start
#define randomized_struct_fields_end
#define __designated_init
#define __latent_entropy
#define __nocfi
#define __noscs
#define __noinitretpoline
#define __ro_after_init
#define __read_mostly
#define __rcu_lockdep
#define __counted_by(member)
#define __counted_by_le(member)
#define __counted_by_be(member)
#define __sized_by(member)
#define __nocapture
#define __must_be_noncstr(p) 0
#define __reserved_unused
#define notrace __attribute__((__no_instrument_function__))
#define noinstr
#define __noinstr_section(s)
#define asmlinkage
#define __compiletime_error(msg) __attribute__((__error__(msg)))
#define __compiletime_warning(msg) __attribute__((__warning__(msg)))
#define __diag_push()
#define __diag_pop()
#define __diag_ignore(compiler, version, option, comment)
#define __diag_ignore_all(option, comment)

#if defined(__GNUC__) && __GNUC__ >= 7
#define fallthrough __attribute__((__fallthrough__))
#else
#define fallthrough do {} while (0)
#endif

#define __inline__ inline
#define __inline inline

/* Is a type signed?  Are two expressions of the same type? */
#define __same_type(a, b) __builtin_types_compatible_p(typeof(a), typeof(b))
#define is_signed_type(type) (((type)(-1)) < (__force type)1)
#define is_unsigned_type(type) (!is_signed_type(type))

/*
 * __is_constexpr(x): 1 when @x is an integer constant expression, as an
 * integer constant expression itself.  A null pointer constant makes the
 * conditional's type the other operand's (int *), anything else void *.
 */
#define __is_constexpr(x) \
	(sizeof(int) == sizeof(*(8 ? ((void *)((long)(x) * 0l)) : (int *)8)))

#define __native_word(t) \
	(sizeof(t) == sizeof(char) || sizeof(t) == sizeof(short) || \
	 sizeof(t) == sizeof(int) || sizeof(t) == sizeof(long))

#define __unqual_scalar_typeof(x) typeof(+(x))

#endif
