/* SPDX-License-Identifier: MIT */
/*
 * linux/build_bug.h - compile-time assertions.
 *
 * BUILD_BUG_ON(cond) breaks the build when @cond is true.  As in the
 * kernel, a @cond the compiler can only fold when optimising is checked
 * through a call to a function carrying an error attribute (so it is
 * checked at -O1 and above, and ignored at -O0).
 */
#ifndef _ZSK_LINUX_BUILD_BUG_H
#define _ZSK_LINUX_BUILD_BUG_H

#include <linux/compiler.h>

#ifdef __OPTIMIZE__
#define __zsk_compiletime_assert(cond, msg, id) \
	do { \
		extern void id(void) __compiletime_error(msg); \
		if (!(cond)) \
			id(); \
	} while (0)
#else
#define __zsk_compiletime_assert(cond, msg, id) do { (void)sizeof(cond); } while (0)
#endif
#define compiletime_assert(cond, msg) \
	__zsk_compiletime_assert(cond, msg, __UNIQUE_ID(__compiletime_assert_))
#define compiletime_assert_atomic_type(t) \
	compiletime_assert(__native_word(t), "Need native word sized stores/loads for atomicity.")

#define BUILD_BUG_ON_MSG(cond, msg) compiletime_assert(!(cond), msg)
#define BUILD_BUG_ON(condition) \
	BUILD_BUG_ON_MSG(condition, "BUILD_BUG_ON failed: " #condition)
#define BUILD_BUG() BUILD_BUG_ON_MSG(1, "BUILD_BUG failed")
#define BUILD_BUG_ON_NOT_POWER_OF_2(n) BUILD_BUG_ON((n) == 0 || (((n) & ((n) - 1)) != 0))
#define BUILD_BUG_ON_ZERO(e) ((int)(sizeof(struct { int : (-!!(e)); })))
#define BUILD_BUG_ON_INVALID(e) ((void)(sizeof((long)(e))))

/* static_assert(expr) or static_assert(expr, "message") */
#define static_assert(expr, ...) __zsk_static_assert(expr, ##__VA_ARGS__, #expr)
#define __zsk_static_assert(expr, msg, ...) _Static_assert(expr, msg)

#endif
