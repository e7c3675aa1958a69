/* SPDX-License-Identifier: MIT */
/*
 * kunit/try-catch.h - a case's thread: @try runs on a thread of its own;
 * __kunit_abort() ends it early; the runner waits for it, at most
 * @timeout seconds.
 */
#ifndef _ZSK_KUNIT_TRY_CATCH_H
#define _ZSK_KUNIT_TRY_CATCH_H

#include <linux/types.h>

struct kunit;

typedef void (*kunit_try_catch_func_t)(void *context);

/*
 * struct kunit_try_catch - @try_result: 0, or -EINTR when the thread was
 * aborted, -ETIMEDOUT when it overran; @context: @try's argument.
 */
struct kunit_try_catch {
	struct kunit *test;
	int try_result;
	kunit_try_catch_func_t try;
	kunit_try_catch_func_t catch;
	unsigned long timeout;
	void *context;
};

#endif
