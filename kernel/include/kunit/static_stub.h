/* SPDX-License-Identifier: MIT */
/*
 * kunit/static_stub.h - replace a function for the running test only.
 * KUNIT_STATIC_STUB_REDIRECT(fn, args...) at the top of @fn calls the
 * replacement the running test activated for @fn, if any.
 */
#ifndef _ZSK_KUNIT_STATIC_STUB_H
#define _ZSK_KUNIT_STATIC_STUB_H

#include <kunit/test-bug.h>
#include <linux/compiler.h>
#include <linux/typecheck.h>

struct kunit;
void *__kunit_get_static_stub_address(struct kunit *test, void *real_fn_addr);
void __kunit_activate_static_stub(struct kunit *test, void *real_fn_addr,
				  void *replacement_addr);
void kunit_deactivate_static_stub(struct kunit *test, void *real_fn_addr);

#define KUNIT_STATIC_STUB_REDIRECT(real_fn_name, args...) do { \
	typeof(&real_fn_name) __zsk_replacement; \
	struct kunit *__zsk_current_test = kunit_get_current_test(); \
	if (likely(!__zsk_current_test)) \
		break; \
	__zsk_replacement = (typeof(&real_fn_name)) \
		__kunit_get_static_stub_address(__zsk_current_test, (void *)&real_fn_name); \
	if (unlikely(__zsk_replacement)) \
		return __zsk_replacement(args); \
} while (0)

#define kunit_activate_static_stub(test, real_fn_addr, replacement_addr) do { \
	typecheck_fn(typeof(&replacement_addr), real_fn_addr); \
	__kunit_activate_static_stub(test, (void *)(real_fn_addr), (void *)(replacement_addr)); \
} while (0)
#define kunit_deactivate_static_stub(test, real_fn_addr) \
	kunit_deactivate_static_stub(test, (void *)(real_fn_addr))

#endif
