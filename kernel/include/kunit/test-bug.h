/* SPDX-License-Identifier: MIT */
/* kunit/test-bug.h - the running test, from code that is not a test. */
#ifndef _ZSK_KUNIT_TEST_BUG_H
#define _ZSK_KUNIT_TEST_BUG_H

#include <linux/compiler.h>

struct kunit;
struct kunit *kunit_get_current_test(void);
__printf(3, 4) void __kunit_fail_current_test(const char *file, int line,
					      const char *fmt, ...);
/** kunit_fail_current_test() - fail the running test, if any, with a message. */
#define kunit_fail_current_test(fmt, ...) \
	__kunit_fail_current_test(__FILE__, __LINE__, fmt, ##__VA_ARGS__)

#endif
