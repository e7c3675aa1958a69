/* SPDX-License-Identifier: MIT */
/*
 * assert.h - invariants asserted where they change, in debug builds
 * (mimalloc's mi_assert_internal, jemalloc's config_debug assert).
 *
 * zs_assert(cond) states an invariant written beside a structure, at a
 * point that changes the structure.  It is compiled in every build, so it
 * cannot rot, and costs nothing in release builds: zs_debug is a constant
 * false there (config/build.h) and the optimizer drops the test.  In a
 * debug build (make debug) a false invariant is reported with the stack
 * through zs_report_fatal() and the process aborts: locks may be held,
 * and nothing that follows can be trusted.
 *
 * Checks that walk a whole structure stay in the validate paths
 * (zslab_validate()); assertions look at what the change touched.
 */
#ifndef ZSLAB_ASSERT_H
#define ZSLAB_ASSERT_H

#include "config/build.h"

#pragma GCC visibility push(hidden)

__attribute__((noreturn, cold))
void zs_assert_failed(const char *cond, const char *file, int line, const char *func);

#define zs_assert(cond)                                                      \
	do {                                                                 \
		if (zs_debug && __builtin_expect(!(cond), 0))                \
			zs_assert_failed(#cond, __FILE__, __LINE__, __func__); \
	} while (0)

#pragma GCC visibility pop

#endif
