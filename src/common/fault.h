/* SPDX-License-Identifier: MIT */
/*
 * fault.h - the kernel's fault-injection decision (should_fail()), shared
 * by fail_page_alloc and failslab.
 */
#ifndef ZSLAB_FAULT_H
#define ZSLAB_FAULT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "common/report.h"
#include "config/config.h"

#pragma GCC visibility push(hidden)

struct zs_fault {
	struct zs_fault_attr attr;
	atomic_ulong count;   /* candidates seen, for the interval */
	atomic_long times;    /* failures left; -1: unlimited */
	atomic_llong space;   /* units (pages or bytes) still let through */
	atomic_ulong rng;     /* xorshift state for the probability */
	atomic_ulong injected;
	struct zs_ratelimit rs;   /* the verbose reports, per attribute */
};

/* zs_fault_init() - arm @f from @attr (a disabled attr never fails). */
void zs_fault_init(struct zs_fault *f, const struct zs_fault_attr *attr);

/*
 * zs_should_fail() - decide whether this request of @size units fails, as
 * the kernel's should_fail_ex(): first this thread's fail-nth countdown
 * (zslab_fail_nth_set(); any enabled site counts); else not with
 * probability 0, not outside make-it-fail threads under the task filter,
 * not after @times failures, not while @space units remain, only every
 * @interval-th candidate, with @probability %.  @what names the site in
 * the "FAULT_INJECTION: forcing a failure." report (as verbose says).
 */
bool zs_should_fail(struct zs_fault *f, size_t size, const char *what);

#pragma GCC visibility pop

#endif
