/* SPDX-License-Identifier: MIT */
/*
 * zt_slab.h - helpers shared by the threaded sheaf tests: a stage counter
 * that orders what two threads do, and a cache's slab count read under
 * its node lock.  Include after zt.h.
 */
#ifndef ZSLAB_ZT_SLAB_H
#define ZSLAB_ZT_SLAB_H

#include <stdatomic.h>
#include <unistd.h>

#include "slab/slab.h"

/* The stage the test's threads have reached (each test file's own). */
static atomic_int stage;

/* Wait until another thread has raised the stage to @s. */
static inline void wait_stage(int s)
{
	while (atomic_load(&stage) < s)
		usleep(100);
}

/* Slabs of @s (any list), under its node lock. */
static inline unsigned long slabs_of(struct kmem_cache *s)
{
	unsigned long n;

	zs_spin_lock(&s->node_lock);
	n = s->nr_partial + s->nr_full;
	zs_spin_unlock(&s->node_lock);
	return n;
}

#endif
