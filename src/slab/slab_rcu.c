/* SPDX-License-Identifier: MIT */
/*
 * slab_rcu.c - the RCU deferral hook (contract 2 of the team brief) and
 * SLAB_TYPESAFE_BY_RCU slab freeing.
 *
 * The kernel's guarantee: an object of a SLAB_TYPESAFE_BY_RCU cache may be
 * reused at once, but only as another object of the same cache; the
 * slab's memory stays memory of that cache until a grace period after
 * the slab became free.  zslab keeps the slab exactly as it was (PG_slab,
 * slab_cache, objects and ctor state untouched) and queues it on the
 * engine with an rcu head stored in page->lru, which no list uses once
 * the slab has left its cache (the kernel's struct slab overlays its
 * rcu_head on slab_list the same way).  The callback frees the pages.
 *
 * The engine pointer is read once per deferral; zslab_set_rcu_ops()
 * drains the old engine before it returns, so a callback never outlives
 * the engine it was queued on.
 */
#include <stddef.h>

#include <zslab/zslab.h>

#include "common/report.h"
#include "slab/slab.h"
#include "slab/slab_rcu.h"
#include "slab/slub_internal.h"

_Static_assert(sizeof(struct zslab_rcu_head) <= sizeof(struct list_head),
	       "the rcu head lives in page->lru");

static const struct zslab_rcu_ops *_Atomic rcu_ops;
static atomic_long pending;

static void rcu_free_slab(struct zslab_rcu_head *head)
{
	struct page *page = container_of((struct list_head *)head, struct page, lru);

	zs_slab_free_pages(page);
	atomic_fetch_sub(&pending, 1);
}

bool zs_slab_rcu_defer(struct page *page)
{
	const struct zslab_rcu_ops *ops = atomic_load(&rcu_ops);
	struct zslab_rcu_head *head = (struct zslab_rcu_head *)&page->lru;

	if (!ops)
		return false;
	atomic_fetch_add(&pending, 1);
	head->next = NULL;
	head->func = rcu_free_slab;
	ops->call(head, rcu_free_slab);
	return true;
}

bool zs_slab_rcu_active(void)
{
	return atomic_load(&rcu_ops) != NULL;
}

void zs_slab_rcu_barrier(void)
{
	const struct zslab_rcu_ops *ops = atomic_load(&rcu_ops);

	if (ops)
		ops->barrier();
}

long zs_slab_rcu_pending(void)
{
	return atomic_load(&pending);
}

void zslab_set_rcu_ops(const struct zslab_rcu_ops *ops)
{
	const struct zslab_rcu_ops *old;

	if (ops && (!ops->call || !ops->barrier)) {
		zs_warn("zslab_set_rcu_ops: ops %p lacks %s; the engine is not changed",
			(const void *)ops, ops->call ? "barrier" : "call");
		return;
	}
	old = atomic_exchange(&rcu_ops, ops);

	if (old && old != ops)
		old->barrier();
}
