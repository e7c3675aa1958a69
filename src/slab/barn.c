/* SPDX-License-Identifier: MIT */
/*
 * barn.c - the per-cache stash of full and empty sheaves (the kernel's
 * "barn", 6.18).  A thread trades a sheaf with the barn in O(1) under the
 * node lock instead of moving objects one by one to or from the slabs.
 *
 * Locks: s->node_lock only (common/lock_rank.h).  Sheaves are freed, and extra
 * ones allocated, by the callers outside the lock.  The decay (at the end)
 * walks the registry under zs_slab_caches_lock, taken by trylock.
 */
#include "common/assert.h"
#include "config/config.h"
#include "slab/slab.h"
#include "slab/slub_internal.h"

/* Move @sh from wherever it is onto @list (node lock held). */
static void sheaf_move(struct sheaf *sh, struct list_head *list)
{
	list_del(&sh->node);
	list_add(&sh->node, list);
}

struct sheaf *zs_barn_take_full(struct kmem_cache *s, struct sheaf *mine,
				struct sheaf **extra)
{
	struct sheaf *full;

	zs_spin_lock(&s->node_lock);
	s->barn_ops++;
	if (!s->nr_barn_full) {
		zs_spin_unlock(&s->node_lock);
		return NULL;
	}
	full = container_of(s->barn_full.next, struct sheaf, node);
	zs_assert(full->s == s && full->count == full->cap && mine->count == 0 &&
		  mine->cap == s->sheaf_cap &&   /* no foreign tail into the barn */
		  !full->spare);
	sheaf_move(full, &s->sheaves);
	s->nr_barn_full--;
	full->owner = mine->owner;
	full->spare = mine->spare;       /* nor a spare: it stays the thread's */
	mine->spare = NULL;
	if (s->nr_barn_empty < s->barn_max) {
		sheaf_move(mine, &s->barn_empty);
		s->nr_barn_empty++;
	} else {
		list_del(&mine->node);
		mine->s = NULL;
		*extra = mine;           /* the caller frees it */
	}
	zs_spin_unlock(&s->node_lock);
	return full;
}

struct sheaf *zs_barn_put_full(struct kmem_cache *s, struct sheaf *mine,
			       struct sheaf **extra, bool *want_extra)
{
	struct sheaf *empty = NULL;

	*want_extra = false;
	zs_spin_lock(&s->node_lock);
	s->barn_ops++;
	if (s->nr_barn_full >= s->barn_max)
		goto out;
	if (s->nr_barn_empty) {
		empty = container_of(s->barn_empty.next, struct sheaf, node);
		zs_assert(empty->s == s && empty->count == 0 && mine->count == mine->cap &&
			  mine->cap == s->sheaf_cap && !empty->spare);
		s->nr_barn_empty--;
		sheaf_move(empty, &s->sheaves);
	} else if (*extra) {
		empty = *extra;
		*extra = NULL;
		empty->s = s;
		empty->count = 0;
		empty->cap = s->sheaf_cap;
		list_add(&empty->node, &s->sheaves);
	} else {
		*want_extra = true;
		goto out;
	}
	empty->owner = mine->owner;
	empty->spare = mine->spare;      /* a barn sheaf has none */
	mine->spare = NULL;
	sheaf_move(mine, &s->barn_full);
	s->nr_barn_full++;
out:
	zs_spin_unlock(&s->node_lock);
	return empty;
}

/*
 * zs_sheaf_detach() - take @sh off its cache (node lock of @s held): its
 * objects go back to their slabs (slabs left empty are queued on @empty,
 * for zs_free_empty_slabs() after the unlock), it leaves whichever list
 * it is on (a thread's s->sheaves or the barn), and it becomes a detached
 * sheaf (s == NULL, count == cap == 0), so that an owner's fast paths
 * take the slow path.  The one loop body of the barn flush, cache
 * destruction and thread exit.
 */
void zs_sheaf_detach(struct kmem_cache *s, struct sheaf *sh, struct list_head *empty)
{
	zs_assert(sh->s == s && sh->count <= sh->cap && sh->cap <= s->sheaf_cap);
	zs_node_put_objects_locked(s, sh->objs, sh->count, empty);
	/* the foreign tail (sheaf.c), objs[cap .. sheaf_cap) */
	zs_node_put_objects_locked(s, sh->objs + sh->cap, s->sheaf_cap - sh->cap, empty);
	__atomic_fetch_add(&s->foreign_frees, s->sheaf_cap - sh->cap, __ATOMIC_RELAXED);
	sh->count = 0;
	sh->cap = 0;
	list_del(&sh->node);
	__atomic_store_n(&sh->s, NULL, __ATOMIC_RELEASE);
}

void zs_free_sheaves(struct list_head *list)
{
	struct list_head *pos, *tmp;

	list_for_each_safe(pos, tmp, list) {
		struct sheaf *sh = container_of(pos, struct sheaf, node);
		list_del(pos);
		zs_node_put_objects(zs_sheaf_cache, (void **)&sh, 1);
	}
}

void zs_barn_flush(struct kmem_cache *s)
{
	struct list_head gone, empty, *pos, *tmp;

	list_init(&gone);
	list_init(&empty);
	struct list_head *barn[2] = { &s->barn_full, &s->barn_empty };

	zs_spin_lock(&s->node_lock);
	for (int i = 0; i < 2; i++)
		list_for_each_safe(pos, tmp, barn[i]) {
			struct sheaf *sh = container_of(pos, struct sheaf, node);
			zs_sheaf_detach(s, sh, &empty);
			list_add(&sh->node, &gone);
		}
	s->nr_barn_full = 0;
	s->nr_barn_empty = 0;
	zs_spin_unlock(&s->node_lock);
	zs_free_empty_slabs(&empty);
	zs_free_sheaves(&gone);
}

/* --- decay ----------------------------------------------------------------- */

/*
 * A size class a program has finished with keeps up to barn_max full
 * sheaves (about 1 MiB) and min_partial empty slabs for good (issue 12:
 * glibc-simple peaked at 9.2 MiB, glibc at 5.1).  The decay gives them
 * back once the class has gone a whole period without a barn trade or a
 * new slab, where a period is zs_config.slab_barn_decay new slabs of any
 * cache: the clock is the program's own growth, so a program that makes
 * no slabs pays nothing and one that grows checks often.  A busy class
 * trades with its barn (every refill and every overflow of a sheaf does),
 * so it is never idle; a class whose objects only cycle through one
 * thread's sheaf needs no barn and loses nothing.  A cache decays once per
 * idle stretch (s->decayed), so an idle cache costs one look per pass.
 */
static unsigned long decay_ticks;   /* atomic: new slabs since boot */

static bool cache_decays(const struct kmem_cache *s)
{
	return (s->flags & (SLAB_KMALLOC | SLAB_BARN_DECAY)) != 0;
}

/* One cache's part of a pass (zs_slab_caches_lock held). */
static void decay_cache(struct kmem_cache *s)
{
	bool idle, barn;

	zs_spin_lock(&s->node_lock);
	idle = s->barn_ops == s->barn_ops_seen;
	s->barn_ops_seen = s->barn_ops;
	barn = s->nr_barn_full || s->nr_barn_empty;
	zs_spin_unlock(&s->node_lock);
	if (!idle) {
		s->decayed = false;
		return;
	}
	if (s->decayed)
		return;
	s->decayed = true;
	if (barn)
		zs_barn_flush(s);
	zs_node_drop_empty(s);
}

void zs_barn_decay_tick(void)
{
	unsigned int period = zs_config.slab_barn_decay;
	struct list_head *pos;

	if (!period || __atomic_add_fetch(&decay_ticks, 1, __ATOMIC_RELAXED) % period)
		return;
	/* under a caller's lock a pass could deadlock or break the order:
	 * that pass is skipped, the next comes a period later */
	if (zs_locks_held() || !zs_spin_trylock(&zs_slab_caches_lock))
		return;
	list_for_each(pos, &zs_slab_caches) {
		struct kmem_cache *s = container_of(pos, struct kmem_cache, list);
		if (cache_decays(s))
			decay_cache(s);
	}
	zs_spin_unlock(&zs_slab_caches_lock);
}
