/* SPDX-License-Identifier: MIT */
/* fault.c - should_fail() for the fault-injection options.  See fault.h. */
#include "common/fault.h"

#include "common/report.h"
#include "host/host.h"

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

bool zs_should_fail(struct zs_fault *f, size_t size, const char *what)
{
	static struct zs_ratelimit rs = ZS_RATELIMIT_INIT;

	if (!f->attr.enabled || atomic_load(&f->times) == 0)
		return false;
	if (atomic_load(&f->space) > (long long)size) {
		atomic_fetch_sub(&f->space, (long long)size);
		return false;
	}
	if (f->attr.interval > 1 &&
	    (atomic_fetch_add(&f->count, 1) + 1) % f->attr.interval)
		return false;
	if (f->attr.probability <= next_percent(f))
		return false;
	if (atomic_load(&f->times) != -1)
		atomic_fetch_sub(&f->times, 1);
	atomic_fetch_add(&f->injected, 1);
	if (zs_ratelimit(&rs))
		zs_report(ZS_INFO, "FAULT_INJECTION: forcing a failure.\nname %s, interval %lu, probability %u, space %lld, times %ld",
			  what, f->attr.interval, f->attr.probability,
			  (long long)atomic_load(&f->space), (long)atomic_load(&f->times));
	return true;
}
