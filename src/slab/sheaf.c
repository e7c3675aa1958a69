/* SPDX-License-Identifier: MIT */
/*
 * sheaf.c - per-thread sheaves and the allocation and free fast paths.
 *
 * Each thread has a table, indexed by cache id, of pointers to its sheaves
 * (arrays of free objects).  Unused entries point at a shared empty sheaf,
 * so the fast paths test only counts:
 *
 *   alloc: sheaf not empty   -> pop
 *   free:  object's page says cache s, sheaf of s not full -> push
 *
 * The free fast path serves every thread alike: an object freed by a
 * thread other than the one that allocated it is pushed on the freeing
 * thread's sheaf, and reaches its slab when that sheaf flushes.  The one
 * exception is an object smaller than a cache line whose slab another
 * thread owns (last refilled its sheaf from): it goes back to its slab,
 * by way of the sheaf's foreign tail (a batch under one node lock), so
 * that the freeing thread does not reuse it while the owner writes its
 * neighbours on the same line (zs_obj_foreign()).
 *
 * A thread's sheaf of a cache may have a spare (struct sheaf), as the
 * kernel's per-CPU sheaves do: an empty sheaf is swapped for its spare
 * when that is full, a full one for its spare when that is empty (a full
 * sheaf with no spare gets a new empty one, keeping itself as the spare),
 * so the barn sees a thread only after a sheaf's worth of net allocations
 * or frees (larson-sized, two threads: a barn trade on 1 call in 100
 * before, 1 in 2,400 with the spare, and 0.46 -> 0.37 s).  Otherwise an
 * empty sheaf is traded for a full one from the cache's barn (barn.c), or
 * else refills half its capacity from the slabs (up to three quarters
 * when whole partial slabs fit: zs_node_take_batch()); a full sheaf is
 * traded for an empty one, or else flushes its older half to the slabs;
 * the spare stays.  On
 * thread exit every sheaf is flushed and freed; zslab_exit() empties
 * every registered thread's table.
 *
 * Shrinking reaches every thread, as the kernel's flush_all() reaches
 * every CPU, without a lock or a test on the fast paths:
 *
 *   - a running thread is asked: kmem_cache_shrink(s) flags each other
 *     thread's sheaf of s (sh->flush_req) and the thread (t->flush_req);
 *     the thread's next slow path, of any cache, flushes the flagged
 *     sheaves (flush_requested());
 *   - a parked thread, one that said with zslab_thread_park() that it
 *     sleeps and calls no zslab function until zslab_thread_unpark()
 *     (the kernel-compat tree's sleeping primitives say so), is flushed
 *     by the shrinking thread itself, under the parked thread's
 *     park_lock, which its unpark must take back.  So a sleeping thread
 *     cannot keep memory, however long it sleeps.
 *
 * Parking and a request cannot miss each other: the shrinker raises the
 * request before it takes park_lock, and park() looks at the request
 * again under park_lock before it sets parked (zs_sheaf_park()).
 * Sheaf memory comes from the internal "kmem_cache_sheaf" cache, which has
 * no sheaves itself (SLAB_NO_SHEAF), so there is no recursion.
 *
 * Locks (order: common/lock_rank.h): thread exit and cache destruction
 * take zs_slab_caches_lock, then node locks; a shrink takes tls_lock, then
 * one thread's park_lock at a time, then node locks.  The fast paths take
 * none.
 */
#include <string.h>

#include <zslab/zslab.h>
#include "common/report.h"
#include "host/host.h"
#include "mm/page_alloc.h"
#include "slab/meminit.h"
#include "slab/slab.h"
#include "slab/slub_debug.h"
#include "slab/slub_internal.h"
#include "slab/sheaf_fast.h"

/*
 * fork() may copy the process while another thread is anywhere in its
 * own sheaf code, and the child then gives that thread's sheaves back
 * (zs_slub_fork_child()).  So a slow path takes objects out of a sheaf
 * (count, cap) before it gives them to the slabs, and puts an object into
 * a sheaf before it counts it: a fork between the two steps leaves the
 * child a leaked object, never one both free in its slab and still in a
 * sheaf.  fork_order() keeps the two steps in that order for the
 * compiler; the CPU keeps stores in program order on x86-64 (TSO), and
 * the slabs' side is a node-lock release, which orders them everywhere.
 */
static inline void fork_order(void)
{
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
}

__thread struct slab_tls zs_tl_slab __attribute__((tls_model("initial-exec"))) = {
	.mode = ZS_TLS_MODE_INIT,
};
/* Registered threads, under tls_lock (SLAB_TLS in common/lock_rank.h). */
static zs_spinlock_t tls_lock = ZS_SPINLOCK_INIT(ZS_RANK_SLAB_TLS);
static struct slab_tls *tls_registry;
struct sheaf zs_empty_sheaf;   /* count 0, cap 0, s NULL */

/* --- per-thread table ------------------------------------------------- */

/* Give @t's table back (its pages are zslab's own, zs_mod_zone_zslab). */
static void table_free(const struct slab_tls *t)
{
	struct page *page = zs_virt_to_page(t->tab);

	zs_mod_zone_zslab(page, -(1L << t->order));
	zs_free_pages(page, t->order);
}

static bool table_grow(struct slab_tls *t, unsigned int id)
{
	unsigned int order = t->tab ? t->order + 1 : 0;
	unsigned int n;
	struct page *page;

	while ((n = (unsigned int)((PAGE_SIZE << order) / sizeof(void *))) <= id)
		order++;
	page = zs_alloc_pages(GFP_KERNEL | __GFP_NOWARN, order);
	if (!page)
		return false;
	zs_mod_zone_zslab(page, 1L << order);
	struct sheaf **tab = zs_page_address(page);
	for (unsigned int i = 0; i < n; i++)
		tab[i] = i < t->n ? t->tab[i] : &zs_empty_sheaf;
	if (t->tab)
		table_free(t);
	__atomic_store_n(&t->tab, tab, __ATOMIC_RELEASE);
	t->order = order;
	t->n = n;
	return true;
}

/* --- the foreign tail ----------------------------------------------------- */

/*
 * A small object freed to a slab another thread owns (zs_obj_foreign())
 * must not go onto the freeing thread's sheaf, whose next allocation
 * would reuse it, but taking the node lock for each such object made the
 * lock the cost of every cross-thread workload (issue 12: rptest took it
 * on one free in eight).  So the free parks the object in the top slots
 * of the thread's own sheaf of the cache, which the fast paths never
 * reach because the sheaf's cap is lowered by one for each, and they go
 * back to their slabs together, under one node lock.
 *
 * Invariant: for a sheaf attached to s, count <= cap <= s->sheaf_cap and
 * objs[cap .. s->sheaf_cap) are free objects of s on their way back to
 * their slabs (the foreign tail); a barn sheaf has none (cap ==
 * s->sheaf_cap).  The tail goes back when it holds foreign_max(s)
 * objects, before the sheaf is traded with the barn (sheaf_refill(),
 * sheaf_make_room()), and wherever the sheaf's own objects go back:
 * a shrink's flush (sheaf_empty(), zs_sheaf_flush_mine()), detaching
 * (zs_sheaf_detach()).  It travels with the sheaf to the thread reserve.
 */
static unsigned int foreign_max(const struct kmem_cache *s)
{
	return s->sheaf_cap / 4;
}

/* Objects in @sh's foreign tail (@sh attached to @s). */
static unsigned int foreign_count(const struct kmem_cache *s, const struct sheaf *sh)
{
	return s->sheaf_cap - sh->cap;
}

/* Give @sh's foreign tail back to the slabs (@sh attached to @s, its owner's). */
static void foreign_flush(struct kmem_cache *s, struct sheaf *sh)
{
	unsigned int n = foreign_count(s, sh), from = sh->cap;

	if (!n)
		return;
	sh->cap = s->sheaf_cap;   /* out of the sheaf first (fork_order()) */
	fork_order();
	zs_node_put_objects(s, sh->objs + from, n);
	__atomic_fetch_add(&s->foreign_frees, n, __ATOMIC_RELAXED);
	if (zs_obj_tracked(s))   /* no stale roots for leak checks */
		memset(sh->objs + from, 0, n * sizeof(void *));
}

/* --- the thread reserve ---------------------------------------------------- */

/*
 * An exiting thread does not flush its sheaves into the slabs only for
 * the next thread to refill them: it hands its table, with its sheaves
 * and the objects in them, to the reserve, and the next thread that
 * starts takes it whole (issue 12, direction 9).  The reserve is a
 * pseudo-thread on the registry that is always parked, so every shrink
 * treats it as a sleeping thread: kmem_cache_shrink() flushes its sheaf
 * of the cache, zslab_shrink_all() frees its sheaves and table, a cache
 * destruction detaches its sheaves.  It holds one thread's table at most:
 * a thread that exits while it is full flushes as before.
 *
 * Invariants: the reserve is on the registry iff reserve.registered;
 * reserve.parked always; reserve.tab (under tls_lock and its park_lock,
 * atomic for the hint read) is NULL or a table whose sheaves are owned
 * by &reserve.
 */
static struct slab_tls reserve;

/* Put the reserve on the registry if it is not (tls_lock held). */
static void reserve_register(void)
{
	if (reserve.registered)
		return;
	memset(&reserve, 0, sizeof(reserve));
	zs_spin_init(&reserve.park_lock, ZS_RANK_SLAB_PARK);
	reserve.parked = true;
	reserve.registered = true;
	reserve.next = tls_registry;
	tls_registry = &reserve;
}

/*
 * Move @from's table, sheaves and all, to @to (which has none), and make
 * @to the owner of each sheaf.  zs_slab_caches_lock held (sheaves of a
 * cache being destroyed are detached under it), tls_lock and the park
 * lock of whichever of the two is the reserve.
 */
static void hand_over(struct slab_tls *from, struct slab_tls *to)
{
	struct sheaf **tab = from->tab;

	to->order = from->order;
	to->n = from->n;
	__atomic_store_n(&to->tab, tab, __ATOMIC_RELEASE);
	from->n = 0;
	__atomic_store_n(&from->tab, NULL, __ATOMIC_RELEASE);
	for (unsigned int i = 0; i < to->n; i++) {
		struct sheaf *sh = tab[i];
		struct kmem_cache *s = sh->s;
		if (!s)
			continue;      /* the empty sheaf, or detached */
		zs_spin_lock(&s->node_lock);
		for (struct sheaf *x = sh; x; x = x->spare) {   /* and its spare */
			x->owner = to;
			__atomic_store_n(&x->flush_req, false, __ATOMIC_RELAXED);
		}
		zs_spin_unlock(&s->node_lock);
	}
}

/* Thread exit (zs_slab_caches_lock held): hand @t's table to the reserve
 * if it is empty.  False: it is full, or @t has no table. */
static bool retire_to_reserve(struct slab_tls *t)
{
	bool done = false;

	if (!t->tab)
		return false;
	zs_spin_lock(&tls_lock);
	reserve_register();
	zs_spin_lock(&reserve.park_lock);
	if (!reserve.tab) {
		hand_over(t, &reserve);
		done = true;
	}
	zs_spin_unlock(&reserve.park_lock);
	zs_spin_unlock(&tls_lock);
	return done;
}

/* Objects of @s held in the reserve's sheaf and its spare (tests,
 * validation). */
unsigned int zs_sheaf_reserve_objects(const struct kmem_cache *s)
{
	unsigned int n = 0;

	zs_spin_lock(&tls_lock);
	if (reserve.registered) {
		zs_spin_lock(&reserve.park_lock);
		if (reserve.tab && s->id < reserve.n && reserve.tab[s->id]->s == s) {
			const struct sheaf *sh = reserve.tab[s->id];
			n = sh->count + foreign_count(s, sh) +
			    (sh->spare ? sh->spare->count : 0);
		}
		zs_spin_unlock(&reserve.park_lock);
	}
	zs_spin_unlock(&tls_lock);
	return n;
}

/* A new thread (@t, registered, no table) takes the reserve's, if any. */
static void take_reserve(struct slab_tls *t)
{
	if (!__atomic_load_n(&reserve.tab, __ATOMIC_RELAXED) || zs_locks_held())
		return;
	zs_spin_lock(&zs_slab_caches_lock);
	zs_spin_lock(&tls_lock);
	if (reserve.registered) {
		zs_spin_lock(&reserve.park_lock);
		if (reserve.tab && !t->tab)
			hand_over(&reserve, t);
		zs_spin_unlock(&reserve.park_lock);
	}
	zs_spin_unlock(&tls_lock);
	zs_spin_unlock(&zs_slab_caches_lock);
}

/*
 * The owner tag of @t (class_map.h): its address in 16-byte units, low 32
 * bits, never 0, so that the tag follows page->slab_owner's identity, the
 * address of the thread's zs_tl_slab.  A thread started in the TLS block
 * of one that exited is its slabs' owner by both (larson's worker
 * threads: with a counter the new thread's every small free of the old
 * one's blocks was foreign, and took the slow path).  Two live threads
 * share a tag only 64 GiB apart.
 */
static uint32_t tls_tag(const struct slab_tls *t)
{
	uint32_t tag = (uint32_t)((uintptr_t)t >> 4);

	return tag ? tag : 1;
}

static struct slab_tls *this_tls(void)
{
	struct slab_tls *t = &zs_tl_slab;

	if (!t->registered) {
		t->n = 0;
		t->tag = tls_tag(t);
		t->order = 0;
		t->tab = NULL;      /* mode is the layer above's: kept */
		t->flush_req = false;
		t->parked = false;
		zs_spin_init(&t->park_lock, ZS_RANK_SLAB_PARK);
		zs_spin_lock(&tls_lock);
		t->registered = true;
		t->next = tls_registry;
		tls_registry = t;
		zs_spin_unlock(&tls_lock);
		zs_host_thread_exit_hook(2, zs_sheaf_thread_exit, t);
		take_reserve(t);
	}
	return t;
}

/* Take @t off the registry (tls_lock taken here). */
static void tls_unregister(struct slab_tls *t)
{
	zs_spin_lock(&tls_lock);
	for (struct slab_tls **pp = &tls_registry; *pp; pp = &(*pp)->next)
		if (*pp == t) {
			*pp = t->next;
			break;
		}
	t->registered = false;
	t->n = 0;
	t->tab = NULL;
	zs_spin_unlock(&tls_lock);
}

/* A new sheaf, of no cache yet, with its guard set (struct sheaf). */
static struct sheaf *sheaf_new(void)
{
	struct sheaf *sh = zs_slab_alloc(zs_sheaf_cache, GFP_KERNEL | __GFP_NOWARN);

	if (sh) {
		sh->guard = NULL;
		sh->spare = NULL;
	}
	return sh;
}

static void free_sheaf(struct sheaf *sh)
{
	if (sh)
		zs_node_put_objects(zs_sheaf_cache, (void **)&sh, 1);
}

/* Attach @sh, a sheaf of no cache, to @s as an empty sheaf of thread @t. */
static void sheaf_attach(struct kmem_cache *s, struct sheaf *sh, void *t)
{
	sh->owner = t;
	sh->count = 0;
	sh->cap = s->sheaf_cap;
	zs_spin_lock(&s->node_lock);
	list_add(&sh->node, &s->sheaves);
	__atomic_store_n(&sh->s, s, __ATOMIC_RELEASE);
	zs_spin_unlock(&s->node_lock);
}

/* This thread's sheaf for @s, attached and registered; NULL if no memory. */
static struct sheaf *get_sheaf(struct kmem_cache *s)
{
	struct slab_tls *t = this_tls();
	struct sheaf *sh;

	if (s->id >= t->n && !table_grow(t, s->id))
		return NULL;
	sh = t->tab[s->id];
	if (sh->s == s)
		return sh;
	if (sh == &zs_empty_sheaf) {
		sh = sheaf_new();
		if (!sh)
			return NULL;
		t->tab[s->id] = sh;
	} else if (sh->spare) {   /* a destroyed cache's, detached with it */
		free_sheaf(sh->spare);
		sh->spare = NULL;
	}
	sheaf_attach(s, sh, t);
	return sh;
}

/* --- shrink requests ------------------------------------------------------ */

/* Give the objects counted in @sh back to the slabs of @s. */
static void sheaf_give_back(struct kmem_cache *s, struct sheaf *sh)
{
	unsigned int n = sh->count;

	if (n) {
		sh->count = 0;    /* out of the sheaf first (fork_order()) */
		fork_order();
		zs_node_put_objects(s, sh->objs, n);
	}
}

/* Give @sh's objects, and its spare's, back to their slabs (@sh attached,
 * its owner's main sheaf). */
static void sheaf_empty(struct sheaf *sh)
{
	foreign_flush(sh->s, sh);
	sheaf_give_back(sh->s, sh);
	if (sh->spare)
		sheaf_give_back(sh->s, sh->spare);
}

/* Did a shrink flag main sheaf @sh or its spare?  Takes both flags down. */
static bool sheaf_flagged(struct sheaf *sh)
{
	bool req = __atomic_exchange_n(&sh->flush_req, false, __ATOMIC_RELAXED);

	if (sh->spare && __atomic_exchange_n(&sh->spare->flush_req, false, __ATOMIC_RELAXED))
		req = true;
	return req;
}

/*
 * A shrink asked this thread (@t) to flush: give back the objects of
 * every sheaf it flagged (the kernel's flush_all() work on this CPU).
 * Under zs_slab_caches_lock, as thread exit, since a destroyed cache
 * detaches its sheaves under it.  No other lock may be held.
 */
static __attribute__((noinline, cold)) void flush_requested(struct slab_tls *t)
{
	if (!__atomic_exchange_n(&t->flush_req, false, __ATOMIC_ACQUIRE))
		return;
	zs_spin_lock(&zs_slab_caches_lock);
	for (unsigned int i = 0; i < t->n; i++) {
		struct sheaf *sh = t->tab[i];
		if (sh->s && sheaf_flagged(sh))
			sheaf_empty(sh);
	}
	zs_spin_unlock(&zs_slab_caches_lock);
}

/* At a slow path of @s: honour a pending shrink request, when it is safe. */
static inline void check_flush_request(const struct kmem_cache *s)
{
	struct slab_tls *t = &zs_tl_slab;

	if (__builtin_expect(__atomic_load_n(&t->flush_req, __ATOMIC_RELAXED), 0) &&
	    !(s->flags & SLAB_NO_SHEAF) && !zs_locks_held())
		flush_requested(t);
}

/*
 * Ask every other thread that has a sheaf of @s to flush it at its next
 * slow path.  The sheaf's flag is raised before its owner's (release), so
 * an owner that sees its own flag sees the sheaf's.
 */
static void request_flush(struct kmem_cache *s)
{
	const struct slab_tls *me = &zs_tl_slab;
	struct list_head *pos;

	zs_spin_lock(&s->node_lock);
	list_for_each(pos, &s->sheaves) {
		struct sheaf *sh = container_of(pos, struct sheaf, node);
		struct slab_tls *t = sh->owner;
		if (t == me)
			continue;
		__atomic_store_n(&sh->flush_req, true, __ATOMIC_RELAXED);
		__atomic_store_n(&t->flush_req, true, __ATOMIC_RELEASE);
	}
	zs_spin_unlock(&s->node_lock);
}

static void release_sheaves(struct slab_tls *t);

/* Flush parked thread @t's sheaf of @s (its park_lock held). */
static void flush_parked_sheaf(struct slab_tls *t, struct kmem_cache *s)
{
	struct sheaf *sh;

	if (s->id >= t->n)
		return;
	sh = t->tab[s->id];
	if (sh->s == s) {
		sheaf_flagged(sh);
		sheaf_empty(sh);
	}
}

/*
 * Every other parked thread: flush its sheaf of @s, or, with @s NULL
 * (zslab_shrink_all(), zs_slab_caches_lock held), give back all its
 * sheaves and its table, as at its exit.  One park_lock at a time, under
 * tls_lock, which keeps the thread registered (alive) meanwhile.
 */
static void flush_parked(struct kmem_cache *s)
{
	const struct slab_tls *me = &zs_tl_slab;

	zs_spin_lock(&tls_lock);
	for (struct slab_tls *t = tls_registry; t; t = t->next) {
		if (t == me)
			continue;
		zs_spin_lock(&t->park_lock);
		if (t->parked) {
			if (s)
				flush_parked_sheaf(t, s);
			else
				release_sheaves(t);
		}
		zs_spin_unlock(&t->park_lock);
	}
	zs_spin_unlock(&tls_lock);
}

/* Is another thread asked to flush, neither done nor parked? */
static bool answers_pending(void)
{
	const struct slab_tls *me = &zs_tl_slab;
	bool pending = false;

	zs_spin_lock(&tls_lock);
	for (const struct slab_tls *t = tls_registry; t && !pending; t = t->next)
		pending = t != me && __atomic_load_n(&t->flush_req, __ATOMIC_ACQUIRE) &&
			  !__atomic_load_n(&t->parked, __ATOMIC_RELAXED);
	zs_spin_unlock(&tls_lock);
	return pending;
}

/*
 * The kernel's flush_all() returns when every CPU has flushed.  A thread
 * cannot be interrupted, so give the asked ones a moment (ANSWER_NS) to
 * reach a slow path or park, which both flush; one that does not (busy
 * on its fast paths, or asleep without parking) flushes later.
 */
#define ANSWER_NS 1000000u
static void wait_for_answers(void)
{
	uint64_t end = zs_host_now_ns() + ANSWER_NS;

	while (answers_pending() && zs_host_now_ns() < end)
		zs_host_relax();
}

/*
 * zs_sheaf_flush_all_threads() - kmem_cache_shrink()'s flush_all(): the
 * other threads are asked (running) or flushed (parked), then this
 * thread's sheaf of @s and the barn are flushed.  No lock held.
 */
void zs_sheaf_flush_all_threads(struct kmem_cache *s)
{
	if (!(s->flags & SLAB_NO_SHEAF)) {
		request_flush(s);   /* before any park_lock: see zs_sheaf_park() */
		flush_parked(s);
		wait_for_answers();
	}
	zs_sheaf_flush_mine(s);
}

/*
 * zs_sheaf_flush_every_thread() - zslab_shrink_all() (zs_slab_caches_lock
 * held): every cache's sheaves of every thread, as above, and this
 * thread's sheaves and table freed; parked threads' too.
 */
void zs_sheaf_flush_every_thread(void)
{
	struct list_head *pos;

	list_for_each(pos, &zs_slab_caches) {
		struct kmem_cache *s = container_of(pos, struct kmem_cache, list);
		if (!(s->flags & SLAB_NO_SHEAF))
			request_flush(s);
	}
	flush_parked(NULL);
	list_for_each(pos, &zs_slab_caches)
		zs_sheaf_flush_mine(container_of(pos, struct kmem_cache, list));
	zs_sheaf_release_mine();
}

/*
 * zs_sheaf_park() - this thread is going to sleep and calls no zslab
 * function until zs_sheaf_unpark(): from now on a shrink from another
 * thread flushes its sheaves itself.  A pending request is honoured
 * first; it is looked at again under park_lock, so that a shrink that
 * raised it after that look and found the thread not yet parked is not
 * missed (the shrinker raises requests before it takes park_lock).
 */
void zs_sheaf_park(void)
{
	struct slab_tls *t = &zs_tl_slab;

	if (!t->registered)
		return;            /* no sheaves to keep */
	zs_lock_assert_none("zslab_thread_park");
	for (;;) {
		flush_requested(t);
		zs_spin_lock(&t->park_lock);
		if (!__atomic_load_n(&t->flush_req, __ATOMIC_RELAXED)) {
			__atomic_store_n(&t->parked, true, __ATOMIC_RELAXED);
			zs_spin_unlock(&t->park_lock);
			return;
		}
		zs_spin_unlock(&t->park_lock);
	}
}

/* zs_sheaf_unpark() - awake again: this thread's sheaves are its own. */
void zs_sheaf_unpark(void)
{
	struct slab_tls *t = &zs_tl_slab;

	if (!t->registered)
		return;
	zs_spin_lock(&t->park_lock);   /* waits for a shrink flushing them */
	__atomic_store_n(&t->parked, false, __ATOMIC_RELAXED);
	zs_spin_unlock(&t->park_lock);
}

void zslab_thread_park(void)
{
	zs_sheaf_park();
}

void zslab_thread_unpark(void)
{
	zs_sheaf_unpark();
}

/* --- slow paths --------------------------------------------------------- */

/* __GFP_ZERO, init_on_alloc and init_on_free's pointer wipe (meminit.h). */
static void *post_alloc(struct kmem_cache *s, void *obj, gfp_t gfp)
{
	if ((gfp & __GFP_ZERO) && s->ctor &&
	    !__atomic_exchange_n(&s->ctor_zero_warned, true, __ATOMIC_RELAXED))
		zs_warn("kmem_cache_alloc: __GFP_ZERO on cache %s with a constructor", s->name);
	zs_slab_init_on_alloc(s, obj, gfp);
	return obj;
}

/* The kernel's slab_out_of_memory(): rate-limited, silenced by NOWARN. */
static void slab_out_of_memory(struct kmem_cache *s, gfp_t gfp)
{
	static struct zs_ratelimit rs = ZS_RATELIMIT_INIT;

	if (!(gfp & __GFP_NOWARN) && zs_ratelimit(&rs))
		zs_report(ZS_INFO, "SLUB: Unable to allocate memory on node -1, gfp=%#x\n  cache: %s, object size: %u, buffer size: %u, default order: %u, min order: %u",
			  gfp, s->name, s->object_size, s->size, s->order, s->min_order);
}

/* Make @sh this thread's sheaf of @s (after a trade with the barn). */
static void set_my_sheaf(struct kmem_cache *s, struct sheaf *sh)
{
	zs_tl_slab.tab[s->id] = sh;
}

/* Make main sheaf @*shp's spare this thread's sheaf of @s, and @*shp its
 * spare (no lock: both are this thread's). */
static void swap_spare(struct kmem_cache *s, struct sheaf **shp)
{
	struct sheaf *was = *shp, *sp = was->spare;

	was->spare = NULL;
	sp->spare = was;
	set_my_sheaf(s, sp);
	*shp = sp;
}

/* Refill an empty sheaf: swap in its spare if that is full, else trade
 * it for a full one from the barn, else take objects from the slabs. */
static bool sheaf_refill(struct kmem_cache *s, struct sheaf **shp, gfp_t gfp)
{
	struct sheaf *extra = NULL, *full, *sp = (*shp)->spare;

	foreign_flush(s, *shp);   /* a barn sheaf has no tail */
	if (sp && sp->count) {    /* a spare is empty or full */
		swap_spare(s, shp);
		return true;
	}
	full = zs_barn_take_full(s, *shp, &extra);   /* the spare goes along */

	free_sheaf(extra);
	if (full) {
		set_my_sheaf(s, full);
		*shp = full;
		return true;
	}
	/* half the sheaf, or up to three quarters when whole slabs fit */
	unsigned int want = (*shp)->cap / 2 ? (*shp)->cap / 2 : 1;
	unsigned int max = (*shp)->cap - (*shp)->cap / 4;
	(*shp)->count = zs_node_take_batch_pref(s, gfp, (*shp)->objs, want,
						max > want ? max : want,
						zs_cache_small(s) ? (void *)&zs_tl_slab : NULL);
	zs_sheaf_claim(s, (*shp)->objs, (*shp)->count);
	return (*shp)->count != 0;
}

void *zs_sheaf_alloc_slow(struct kmem_cache *s, gfp_t gfp)
{
	struct sheaf *sh;
	void *obj = NULL;

	if (zs_cache_destroyed(s))
		return zs_cache_destroyed_call(s, "kmem_cache_alloc", "returning NULL");
	check_flush_request(s);
	sh = (s->flags & SLAB_NO_SHEAF) ? NULL : get_sheaf(s);

	if (!sh)
		zs_sheaf_claim(s, &obj, zs_node_take_objects(s, gfp, &obj, 1));
	else if (sh->count || sheaf_refill(s, &sh, gfp))   /* count: a reserve's */
		obj = sh->objs[--sh->count];
	if (!obj) {
		slab_out_of_memory(s, gfp);
		return NULL;
	}
	if (zs_obj_tracked(s)) {
		zs_tool_obj_alloc(obj, s->object_size, s->ctor != NULL);
		if (sh)
			sh->objs[sh->count] = NULL;   /* no stale root for leak checks */
	}
	return post_alloc(s, obj, gfp);
}

/* Flush the older half of a full sheaf to the slabs. */
static void sheaf_flush_half(struct kmem_cache *s, struct sheaf *sh)
{
	unsigned int half = sh->count / 2 ? sh->count / 2 : sh->count;
	void *old[SHEAF_MAX];

	/* out of the sheaf first (fork_order()): counted out, then the kept
	 * ones moved down; objs[0 .. count) never holds one object twice,
	 * since count - half <= half */
	memcpy(old, sh->objs, half * sizeof(void *));
	sh->count -= half;
	fork_order();
	memmove(sh->objs, sh->objs + half, sh->count * sizeof(void *));
	fork_order();
	zs_node_put_objects(s, old, half);
}

/*
 * A full main sheaf @sh of @s gets a spare: a new empty sheaf becomes the
 * thread's sheaf, @sh its spare.  NULL when there is no memory for one.
 */
static struct sheaf *spare_new(struct kmem_cache *s, struct sheaf *sh)
{
	struct sheaf *empty = sheaf_new();

	if (!empty)
		return NULL;
	sheaf_attach(s, empty, sh->owner);
	empty->spare = sh;
	set_my_sheaf(s, empty);
	return empty;
}

/*
 * Make room in a full sheaf: swap in its spare if that is empty, or give
 * it a spare if it has none; else trade it for an empty one from the
 * barn (allocating the empty one if the barn has none), else flush half.
 * So the barn sees a thread only when both its sheaves are full (or, in
 * sheaf_refill(), both empty): a thread whose frees and allocations of a
 * cache alternate around a sheaf's edge swaps its own two sheaves
 * instead of taking the node lock on every other slow path.
 */
static struct sheaf *sheaf_make_room(struct kmem_cache *s, struct sheaf *sh)
{
	struct sheaf *extra = NULL, *empty, *sp = sh->spare;
	bool want_extra;

	if (foreign_count(s, sh)) {   /* the tail's slots are room enough */
		foreign_flush(s, sh);
		return sh;
	}
	if (sp && !sp->count) {
		swap_spare(s, &sh);
		return sh;
	}
	if (!sp && (empty = spare_new(s, sh)))
		return empty;
	empty = zs_barn_put_full(s, sh, &extra, &want_extra);   /* the spare goes along */
	if (want_extra) {
		extra = sheaf_new();
		if (extra)
			empty = zs_barn_put_full(s, sh, &extra, &want_extra);
	}
	free_sheaf(extra);
	if (empty) {
		set_my_sheaf(s, empty);
		return empty;
	}
	sheaf_flush_half(s, sh);
	return sh;
}

static void report_wrong_cache(struct kmem_cache *s, struct kmem_cache *real,
			       const void *obj)
{
	zs_warn("cache_from_obj: Wrong slab cache. %s but object is from %s (object %p)",
		s ? s->name : "(null)", real->name, obj);
}

static void report_double_free(struct kmem_cache *s, const void *obj)
{
	struct zs_rbuf rb;

	zs_rbuf_init(&rb);
	zs_rbuf_add(&rb, "BUG %s (Not tainted): Object already free (double free)\n", s->name);
	zs_rbuf_add(&rb, "INFO: Object %p freed twice in a row; second free ignored\n", obj);
	zs_rbuf_stack(&rb, 2);
	zs_report_emit(ZS_BUG, &rb);
}

void zs_sheaf_free_slow(struct kmem_cache *s, void *obj)
{
	struct sheaf *sh = NULL;

	check_flush_request(s);
	if (!(s->flags & SLAB_NO_SHEAF))
		sh = get_sheaf(s);
	if (!sh) {
		zs_node_put_objects(s, &obj, 1);
		return;
	}
	if (sh->count && sh->objs[sh->count - 1] == obj) {
		report_double_free(s, obj);
		return;
	}
	if (sh->count >= sh->cap)
		sh = sheaf_make_room(s, sh);
	sh->objs[sh->count] = obj;   /* in before counted (fork_order()) */
	fork_order();
	sh->count++;
}

/*
 * A small object of a slab another thread owns: never onto this thread's
 * sheaf, but into its foreign tail (above), on its way back to its slab;
 * the owner's next refill takes it back.  A second free of an object
 * still in the tail is reported here, one that already went back by the
 * slab's freelist check.  Without a sheaf of @s (a debug cache, no
 * memory, a tail of no slots) the object goes straight back.
 */
void zs_sheaf_free_foreign(struct kmem_cache *s, void *obj)
{
	struct sheaf *sh = NULL;

	if (!(s->flags & SLAB_NO_SHEAF) && foreign_max(s)) {
		sh = zs_my_sheaf(s);
		if (sh->s != s)
			sh = get_sheaf(s);
	}
	if (!sh) {
		zs_node_put_objects(s, &obj, 1);
		__atomic_fetch_add(&s->foreign_frees, 1, __ATOMIC_RELAXED);
		return;
	}
	for (unsigned int i = sh->cap; i < s->sheaf_cap; i++)
		if (sh->objs[i] == obj) {
			report_double_free(s, obj);
			return;
		}
	if (sh->count >= sh->cap)   /* a full sheaf: the tail goes first */
		foreign_flush(s, sh);
	if (sh->count >= sh->cap) {
		zs_node_put_objects(s, &obj, 1);
		__atomic_fetch_add(&s->foreign_frees, 1, __ATOMIC_RELAXED);
		return;
	}
	sh->objs[sh->cap - 1] = obj;   /* in before counted (fork_order()) */
	fork_order();
	sh->cap--;
	if (foreign_count(s, sh) >= foreign_max(s))
		foreign_flush(s, sh);
}

/* --- the hooked paths (zs_slab_hooks) --------------------------------------- */

/*
 * zs_sheaf_alloc_fast() with failslab, ASan, valgrind, init_on_alloc or
 * init_on_free active: the failslab decision, then the pop with the object
 * described to the tool and initialised (meminit.h).
 */
void *zs_sheaf_alloc_hooked(struct kmem_cache *s, gfp_t gfp)
{
	struct sheaf *sh = zs_my_sheaf(s);
	void *obj;

	if (zs_should_failslab(s, gfp))
		return NULL;
	if (!sh->count)
		return zs_sheaf_alloc_slow(s, gfp);
	obj = sh->objs[--sh->count];
	if (zs_obj_tracked(s)) {
		zs_tool_obj_alloc(obj, s->object_size, s->ctor != NULL);
		sh->objs[sh->count] = NULL;   /* no stale root for leak checks */
	}
	return post_alloc(s, obj, gfp);
}

void zs_sheaf_free_hooked(struct kmem_cache *s, void *obj)
{
	zs_slab_init_on_free(s, obj);
	if (zs_obj_tracked(s))
		zs_tool_obj_free(obj, s->object_size);
	zs_sheaf_push_unhooked(s, obj);
}

void zs_sheaf_push_unhooked(struct kmem_cache *s, void *obj)
{
	struct sheaf *sh = zs_my_sheaf(s);
	unsigned int n = sh->count;

	if (zs_obj_foreign(s, obj)) {
		zs_sheaf_free_foreign(s, obj);
	} else if (n < sh->cap && zs_sheaf_top(sh, n) != obj) {
		sh->objs[n] = obj;
		fork_order();
		sh->count = n + 1;
	} else {
		zs_sheaf_free_slow(s, obj);
	}
}

void zs_sheaf_free_missed(struct kmem_cache *s, void *obj)
{
	if (zs_slab_hooks)
		zs_sheaf_free_hooked(s, obj);
	else
		zs_sheaf_push_unhooked(s, obj);
}

/* --- entry points ------------------------------------------------------ */

void *kmem_cache_alloc(struct kmem_cache *s, gfp_t gfp)
{
	return zs_sheaf_alloc_fast(s, gfp);
}

void *zs_slab_alloc(struct kmem_cache *s, gfp_t gfp)
{
	return zs_sheaf_alloc_fast(s, gfp);
}

void zs_slab_free(struct kmem_cache *s, void *obj)
{
	zs_sheaf_free_fast(s, obj);
}

/* The cache an object belongs to, or NULL (not a slab object). */
struct kmem_cache *zs_obj_cache(const void *obj)
{
	struct page *page = zs_virt_to_page(obj);

	return page ? page->slab_cache : NULL;   /* NULL on non-slab pages */
}

/* Everything kmem_cache_free() does not do inline: NULL, other RAM
 * ranges, wrong caches and pointers that are not objects. */
static __attribute__((noinline, cold)) void
kmem_cache_free_slow(struct kmem_cache *s, void *obj)
{
	struct page *page;
	enum zs_ptr_kind kind;

	if (s && zs_cache_destroyed(s)) {
		zs_cache_destroyed_call(s, "kmem_cache_free", "not freed");
		return;
	}
	if (!obj)
		return;
	kind = zs_ptr_classify(obj, &page);
	if (kind != ZS_PTR_OBJECT && kind != ZS_PTR_IN_SLAB) {
		zs_debug_outside_slab(s, "kmem_cache_free", obj);
		return;
	}
	if (page->slab_cache != s) {
		report_wrong_cache(s, page->slab_cache, obj);
		s = page->slab_cache;
	}
	if (s->flags & SLAB_CONSISTENCY_CHECKS) {
		zs_node_put_objects(s, &obj, 1);   /* "Invalid object pointer" */
		return;
	}
	if (kind != ZS_PTR_OBJECT) {
		zs_warn("kmem_cache_free: %s: %p is not the start of an object; not freed",
			s->name, obj);
		return;
	}
	zs_sheaf_free_fast(s, obj);
}

void kmem_cache_free(struct kmem_cache *s, void *obj)
{
	uintptr_t off = (uintptr_t)obj - (uintptr_t)zs_ranges[0].host;

	if (__builtin_expect(off < zs_range0_bytes, 1)) {
		struct page *page = zs_mem_map + (off >> PAGE_SHIFT);
		if (__builtin_expect(page->slab_cache == s &&
				     zs_valid_object_at(s, page, obj), 1)) {
			zs_sheaf_free_off(s, obj, off);
			return;
		}
	}
	kmem_cache_free_slow(s, obj);
}

/* --- bulk ---------------------------------------------------------------- */

/* Move up to @n objects from the top of @sh to @p; returns how many. */
static size_t sheaf_take(struct sheaf *sh, void **p, size_t n)
{
	if (n > sh->count)
		n = sh->count;
	if (!n)
		return 0;      /* never write the shared empty sheaf */
	sh->count -= (unsigned int)n;
	memcpy(p, &sh->objs[sh->count], n * sizeof(void *));
	return n;
}

int kmem_cache_alloc_bulk(struct kmem_cache *s, gfp_t gfp, size_t size, void **p)
{
	size_t i;

	if (zs_cache_destroyed(s)) {
		zs_cache_destroyed_call(s, "kmem_cache_alloc_bulk", "returning 0");
		return 0;
	}
	if (__builtin_expect(zs_slab_hooks, 0) && zs_should_failslab(s, gfp))
		return 0;
	i = sheaf_take(zs_my_sheaf(s), p, size);

	while (i < size) {
		struct sheaf *sh = (s->flags & SLAB_NO_SHEAF) ? NULL : get_sheaf(s);
		if (sh && (sh->count || sheaf_refill(s, &sh, gfp))) {
			i += sheaf_take(sh, p + i, size - i);
			continue;
		}
		if (!zs_node_take_objects(s, gfp, p + i, 1)) {
			if (i)
				kmem_cache_free_bulk(s, i, p);
			slab_out_of_memory(s, gfp);
			return 0;
		}
		zs_sheaf_claim(s, p + i, 1);
		i++;
	}
	if (zs_obj_tracked(s)) {
		struct sheaf *sh = zs_my_sheaf(s);
		for (i = 0; i < size; i++)
			zs_tool_obj_alloc(p[i], s->object_size, s->ctor != NULL);
		/* no stale copies above the count: leak checks scan sheaves */
		if (sh->cap)
			memset(&sh->objs[sh->count], 0, (sh->cap - sh->count) * sizeof(void *));
	}
	if ((gfp & __GFP_ZERO) || zs_slab_hooks)
		for (i = 0; i < size; i++)
			post_alloc(s, p[i], gfp);
	return (int)size;
}

/*
 * Push @p[0 .. @n) on this thread's sheaf of @s, in order, making
 * zs_sheaf_push_off()'s tests and kmem_cache_free()'s per object (in
 * range 0, a slab of @s, an object start; room on the sheaf; not the
 * object pushed before it, a double free; not a small object of a slab
 * another thread owns), with the sheaf found and its count stored once.
 * Stops at the first object that fails one; returns how many it pushed.
 * The objects go in before the count (fork_order()).
 */
static size_t sheaf_push_bulk(struct kmem_cache *s, void **p, size_t n)
{
	const struct slab_tls *t = &zs_tl_slab;
	bool small = zs_cache_small(s);
	struct sheaf *sh;
	unsigned int count;
	const void *top;
	size_t i;

	if (s->sheaf_id >= t->n)
		return 0;
	sh = t->tab[s->sheaf_id];
	count = sh->count;
	if (n > sh->cap - count)
		n = sh->cap - count;    /* the shared empty sheaf: cap 0 */
	top = zs_sheaf_top(sh, count);
	for (i = 0; i < n; i++) {
		void *obj = p[i];
		uintptr_t off = zs_range0_off(obj);
		struct page *page = zs_mem_map + (off >> PAGE_SHIFT);

		if (off >= zs_range0_bytes || page->slab_cache != s ||
		    !zs_valid_object_at(s, page, obj) || obj == top ||
		    (small && zs_page_foreign(page)))
			break;
		sh->objs[count + i] = obj;
		top = obj;
	}
	if (i)
		__atomic_store_n(&sh->count, count + (unsigned int)i, __ATOMIC_RELEASE);
	return i;
}

/*
 * kmem_cache_free_bulk() - free @size objects of @s (or, with @s NULL, of
 * whatever cache or large kmalloc each belongs to: kfree_bulk()).  The
 * common case pushes runs of them straight onto this thread's sheaf; an
 * object the run stops at takes kmem_cache_free() (reports, a full
 * sheaf's flush), and the next run starts after it.
 */
void kmem_cache_free_bulk(struct kmem_cache *s, size_t size, void **p)
{
	if (!size) {
		zs_warn("kmem_cache_free_bulk: called with 0 objects");
		return;
	}
	if (!s || zs_slab_hooks) {   /* kfree_bulk(), or every free hooked */
		for (size_t i = 0; i < size; i++)
			s ? kmem_cache_free(s, p[i]) : kfree(p[i]);
		return;
	}
	if (zs_cache_destroyed(s)) {
		zs_cache_destroyed_call(s, "kmem_cache_free_bulk", "nothing freed");
		return;
	}
	for (size_t i = 0; i < size;) {
		i += sheaf_push_bulk(s, p + i, size - i);
		if (i < size)
			kmem_cache_free(s, p[i++]);
	}
}

/* --- flushing ------------------------------------------------------------ */

/* Flush this thread's sheaf of @s and the barn (kmem_cache_shrink). */
void zs_sheaf_flush_mine(struct kmem_cache *s)
{
	struct sheaf *sh = zs_my_sheaf(s);

	if (sh->s == s)
		sheaf_empty(sh);
	zs_barn_flush(s);
}

/*
 * zs_sheaf_flush_all_of() - flush and detach every thread's sheaf of @s
 * (cache destruction).  The caller holds zs_slab_caches_lock and no thread is
 * using @s, as kmem_cache_destroy() requires.
 */
void zs_sheaf_flush_all_of(struct kmem_cache *s)
{
	struct list_head empty, *pos, *tmp;

	list_init(&empty);
	zs_spin_lock(&s->node_lock);
	list_for_each_safe(pos, tmp, &s->sheaves)   /* stay in their tables */
		zs_sheaf_detach(s, container_of(pos, struct sheaf, node), &empty);
	zs_spin_unlock(&s->node_lock);
	zs_free_empty_slabs(&empty);
	zs_barn_flush(s);
}

/* Give @sh's objects back, take it off its cache if attached, free it. */
static void sheaf_release(struct sheaf *sh)
{
	struct kmem_cache *s = sh->s;

	if (s) {
		struct list_head empty;
		list_init(&empty);
		zs_spin_lock(&s->node_lock);
		zs_sheaf_detach(s, sh, &empty);
		zs_spin_unlock(&s->node_lock);
		zs_free_empty_slabs(&empty);
	}
	free_sheaf(sh);
}

/*
 * Flush every sheaf of @t, free them and the table (zs_slab_caches_lock held,
 * @t registered).  The table is emptied first: the thread's fast paths
 * then find no sheaf, and its next slow path builds a new table.
 */
static void release_sheaves(struct slab_tls *t)
{
	struct sheaf **tab = t->tab;
	unsigned int n = t->n;

	t->n = 0;
	for (unsigned int i = 0; i < n; i++) {
		struct sheaf *sh = tab[i];
		if (sh == &zs_empty_sheaf)
			continue;
		if (sh->spare)
			sheaf_release(sh->spare);
		sheaf_release(sh);
	}
	if (tab)
		table_free(t);
	__atomic_store_n(&t->tab, NULL, __ATOMIC_RELEASE);
}

/* Thread exit: the table to the reserve, else flush and free every sheaf
 * and the table. */
void zs_sheaf_thread_exit(void *arg)
{
	struct slab_tls *t = arg;

	if (t->registered)
		zs_sheaf_unpark();   /* cancelled while parked: no shrink may be inside */
	zs_spin_lock(&zs_slab_caches_lock);
	if (t->registered) {
		if (!retire_to_reserve(t))
			release_sheaves(t);
		tls_unregister(t);
	}
	zs_spin_unlock(&zs_slab_caches_lock);
}

/* Add the pages of every registered thread's table to @pages[zone]. */
void zs_sheaf_count_tables(long pages[MAX_NR_ZONES])
{
	zs_spin_lock(&tls_lock);
	for (struct slab_tls *t = tls_registry; t; t = t->next) {
		struct sheaf **tab = __atomic_load_n(&t->tab, __ATOMIC_ACQUIRE);
		if (tab)
			pages[zs_virt_to_page(tab)->zone] += 1L << t->order;
	}
	zs_spin_unlock(&tls_lock);
}

/* zslab_shrink_all(): this thread's sheaves and table go back too. */
void zs_sheaf_release_mine(void)
{
	if (zs_tl_slab.registered)
		release_sheaves(&zs_tl_slab);
}

/*
 * zslab_exit(): the memory behind every table and sheaf is about to go;
 * empty every registered thread's table so its next call starts afresh.
 * No other thread may be using zslab, as zslab_exit() requires.
 */
void zs_sheaf_threads_exit(void)
{
	zs_spin_lock(&tls_lock);
	for (struct slab_tls *t = tls_registry, *next; t; t = next) {
		next = t->next;
		t->registered = false;
		t->n = 0;
		t->tab = NULL;
	}
	tls_registry = NULL;
	zs_spin_unlock(&tls_lock);
}

/* fork(): hold the registry lock across fork (after the slab locks). */
void zs_sheaf_fork_lock(void)
{
	zs_spin_lock(&tls_lock);
}

void zs_sheaf_fork_unlock(void)
{
	zs_spin_unlock(&tls_lock);
}

/*
 * Give back, in the fork child, every sheaf of @s that is not this
 * thread's: on @s's list of thread sheaves, which the fork held under
 * the node lock, so it is exact even where a dead thread's table is a
 * step behind (a trade with the barn, a new sheaf) or its count is
 * mid-change (fork_order()).
 */
static void release_orphans(struct kmem_cache *s, const struct slab_tls *mine)
{
	struct list_head gone, empty, *pos, *tmp;

	list_init(&gone);
	list_init(&empty);
	zs_spin_lock(&s->node_lock);
	list_for_each_safe(pos, tmp, &s->sheaves) {
		struct sheaf *sh = container_of(pos, struct sheaf, node);
		if (sh->owner == mine)
			continue;
		zs_sheaf_detach(s, sh, &empty);
		list_add(&sh->node, &gone);
	}
	zs_spin_unlock(&s->node_lock);
	zs_free_empty_slabs(&empty);
	zs_free_sheaves(&gone);
}

/*
 * fork(): in the child only this thread runs.  The other registrations
 * (and the reserve) are copies of threads that do not exist here: their
 * sheaves hold objects nobody can reach any more, so the objects go back
 * to their slabs and the sheaves and tables to zslab, as at those
 * threads' exit.  (Called with zs_slab_caches_lock held and node locks
 * free.)
 */
void zs_slub_fork_child(void)
{
	struct slab_tls *mine = &zs_tl_slab;
	struct list_head *pos;

	list_for_each(pos, &zs_slab_caches)
		release_orphans(container_of(pos, struct kmem_cache, list), mine);
	for (struct slab_tls *t = tls_registry; t; t = t->next)
		if (t != mine) {
			t->n = 0;
			if (t->tab)
				table_free(t);
			t->tab = NULL;
		}
	zs_spin_lock(&tls_lock);
	tls_registry = mine->registered ? mine : NULL;
	if (mine->registered)
		mine->next = NULL;
	reserve.registered = false;   /* released above with the others */
	zs_spin_unlock(&tls_lock);
}
