/* SPDX-License-Identifier: MIT */
/*
 * alloc_count.h - per-thread counts of pages allocated (minus freed) per
 * zone, so that validation and zoneinfo know how many pages are in use
 * without a shared counter on every allocation (alloc_count.c).
 *
 * A count changes under the lock that moves its pages (the zone lock, or
 * the thread's pcp lock), so fork(), which holds those, sees counts and
 * lists agree.  A thread's counts are registered on first use, which takes
 * the registry lock: zs_count_ready() does it before the caller takes a
 * zone or pcp lock.
 *
 * Invariant: for each zone, the sum over registered threads plus what
 * exited threads left is the number of its pages allocated.
 */
#ifndef ZSLAB_ALLOC_COUNT_H
#define ZSLAB_ALLOC_COUNT_H

#include "common/assert.h"
#include "mm/mm_internal.h"

#pragma GCC visibility push(hidden)

/* One thread's counts (read and written only through this header's API). */
struct zs_count {
	unsigned long gen;               /* boot generation; 0: unused */
	struct zs_count *next;           /* registry link */
	long alloc[MAX_NR_ZONES];        /* pages allocated minus freed */
	unsigned long hit[MAX_NR_ZONES]; /* allocations served (numa_hit) */
};

extern __thread struct zs_count zs_tl_count __attribute__((tls_model("initial-exec")));
extern unsigned long zs_count_gen;
/* Register the calling thread's counts in this boot's generation. */
void zs_count_register(void);

/* Register this thread's counts now (takes the registry lock). */
static inline void zs_count_ready(void)
{
	if (__builtin_expect(zs_tl_count.gen !=
			     __atomic_load_n(&zs_count_gen, __ATOMIC_RELAXED), 0))
		zs_count_register();
}

/* Account @delta pages allocated (+) or freed (-) in zone @zone. */
static inline void zs_count_alloc(unsigned int zone, long delta)
{
	zs_count_ready();
	__atomic_store_n(&zs_tl_count.alloc[zone], zs_tl_count.alloc[zone] + delta,
			 __ATOMIC_RELAXED);
}

/*
 * zs_count_hit() - one allocation was served from zone @zone (the kernel's
 * per-cpu NUMA_HIT event: a private counter, no shared cache line written
 * and no atomic read-modify-write per allocation).  The caller took pages
 * through zs_count_alloc() or after zs_count_ready(), so this thread's
 * counts are registered.
 */
static inline void zs_count_hit(unsigned int zone)
{
	zs_assert(zs_tl_count.gen == __atomic_load_n(&zs_count_gen, __ATOMIC_RELAXED));
	__atomic_store_n(&zs_tl_count.hit[zone], zs_tl_count.hit[zone] + 1,
			 __ATOMIC_RELAXED);
}

/* Pages of @zone allocated, summed over every thread, alive or gone. */
long zs_alloc_count_sum(unsigned int zone);
/* Allocations served from @zone this boot, over every thread (numa_hit). */
unsigned long zs_alloc_hit_sum(unsigned int zone);
/* Boot: forget every thread's counts (a new boot generation). */
void zs_count_init(void);
/* fork(): hold the registry across it; the child keeps only its own. */
void zs_count_fork_prepare(void);
void zs_count_fork_parent(void);
void zs_count_fork_child(void);

#pragma GCC visibility pop

#endif
