/* SPDX-License-Identifier: MIT */
/*
 * slab_rcu.h - SLAB_TYPESAFE_BY_RCU: slabs whose pages go back to the page
 * allocator only after an RCU grace period of the registered engine
 * (zslab_set_rcu_ops(), <zslab/zslab.h>).  See slab_rcu.c.
 */
#ifndef ZSLAB_SLAB_RCU_H
#define ZSLAB_SLAB_RCU_H

#include <stdbool.h>

#include "mm/mm_internal.h"

#pragma GCC visibility push(hidden)

/*
 * zs_slab_rcu_defer() - hand the empty slab @page (already off its
 * cache's lists) to the RCU engine; its pages are freed by
 * zs_slab_free_pages() after the grace period.  False when no engine is
 * registered: the caller frees at once.
 */
bool zs_slab_rcu_defer(struct page *page);

/* zs_slab_rcu_barrier() - wait for every deferred slab free (no-op
 * without an engine).  Never called with a slab-layer lock held. */
void zs_slab_rcu_barrier(void);

/* Is an engine registered (zs_slab_rcu_defer() would hand a slab to it)? */
bool zs_slab_rcu_active(void);

/* Slabs handed to the engine and not yet freed (validation, tests). */
long zs_slab_rcu_pending(void);

#pragma GCC visibility pop

#endif
