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

/*
 * struct kunit_try_catch - @try_result: 0, or -EINTR when the case's
 * thread was ended early (an assertion, kunit_skip()); @context: the
 * running thread's pthread_t (set by the runner).
 */
struct kunit_try_catch {
	int try_result;
	void *context;
};

#endif
