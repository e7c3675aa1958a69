/* SPDX-License-Identifier: MIT */
/*
 * fault.c - should_fail() for the fault-injection options, and the two
 * per-thread controls of the kernel's /proc/<pid>/make-it-fail and
 * /proc/<pid>/task/<tid>/fail-nth.  See fault.h.
 */
#include "common/fault.h"

#include <zslab/zslab.h>

#include "common/report.h"
#include "host/host.h"

/* This thread's make-it-fail flag and fail-nth countdown (0: off). */
static __thread bool tl_make_it_fail;
static __thread unsigned int tl_fail_nth;

int zslab_make_it_fail(int on)
{
	int old = tl_make_it_fail;

	tl_make_it_fail = on != 0;
	return old;
}

int zslab_fail_nth_set(unsigned int nth)
{
	tl_fail_nth = nth;
	return 0;
}

unsigned int zslab_fail_nth_get(void)
{
	return tl_fail_nth;
}

void zs_fault_init(struct zs_fault *f, const struct zs_fault_attr *attr)
{
	unsigned long seed;

	f->attr = *attr;
	atomic_store(&f->count, 0);
	atomic_store(&f->times, attr->times);
	atomic_store(&f->space, (long long)attr->space);
	zs_host_random(&seed, sizeof(seed));
	atomic_store(&f->rng, seed | 1);
	atomic_store(&f->injected, 0);
	f->rs = (struct zs_ratelimit)ZS_RATELIMIT_INIT;
}

static unsigned int next_percent(struct zs_fault *f)
{
	unsigned long x = atomic_load_explicit(&f->rng, memory_order_relaxed);

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	atomic_store_explicit(&f->rng, x, memory_order_relaxed);
	return (unsigned int)(x % 100);
}

/* fail_dump(): the kernel's line (verbose >= 1) and stack (verbose 2). */
static void fail_dump(struct zs_fault *f, const char *what)
{
	struct zs_rbuf rb;

	if (!f->attr.verbose || !zs_ratelimit(&f->rs))
		return;
	zs_rbuf_init(&rb);
	zs_rbuf_add(&rb, "FAULT_INJECTION: forcing a failure.\nname %s, interval %lu, probability %u, space %lld, times %ld\n",
		    what, f->attr.interval, f->attr.probability,
		    (long long)atomic_load(&f->space), (long)atomic_load(&f->times));
	if (f->attr.verbose > 1)
		zs_rbuf_stack(&rb, 2);
	zs_report_emit(ZS_INFO, &rb);
}

/* The attributes' decision, after fail-nth (should_fail_ex()'s order). */
static bool attr_says_fail(struct zs_fault *f, size_t size)
{
	if (f->attr.probability == 0)
		return false;
	if (f->attr.task_filter && !tl_make_it_fail)
		return false;
	if (atomic_load(&f->times) == 0)
		return false;
	if (atomic_load(&f->space) > (long long)size) {
		atomic_fetch_sub(&f->space, (long long)size);
		return false;
	}
	if (f->attr.interval > 1 &&
	    (atomic_fetch_add(&f->count, 1) + 1) % f->attr.interval)
		return false;
	return f->attr.probability > next_percent(f);
}

bool zs_should_fail(struct zs_fault *f, size_t size, const char *what)
{
	if (!f->attr.enabled)
		return false;
	if (tl_fail_nth) {
		if (--tl_fail_nth)
			return false;
	} else if (!attr_says_fail(f, size)) {
		return false;
	}
	long t = atomic_load(&f->times);
	while (t > 0 && !atomic_compare_exchange_weak(&f->times, &t, t - 1))
		;
	atomic_fetch_add(&f->injected, 1);
	fail_dump(f, what);
	return true;
}
