/* SPDX-License-Identifier: MIT */
/*
 * sheaf_fast.h - the allocation and free fast paths, inline so that
 * kmem_cache_alloc/free and kmalloc/kfree each compile to one short
 * function.  See sheaf.c for the design; the slow paths live there.
 */
#ifndef ZSLAB_SHEAF_FAST_H
#define ZSLAB_SHEAF_FAST_H

#include <stddef.h>
#include <string.h>

#include "slab/class_map.h"
#include "slab/failslab.h"
#include "slab/slab.h"
#include "slab/slub_internal.h"

#pragma GCC visibility push(hidden)

/*
 * One thread's fast-path state, one initial-exec TLS block, so that an
 * entry point reaches all of it from one thread-pointer offset: the table
 * of sheaves indexed by cache id, and the entry word of the layer above
 * (malloc's mode: zero when the thread may enter zslab directly).
 * Registered threads are on a list, so that zslab_exit() can empty every
 * table (n = 0) and the fast paths need no check beyond the bound.
 * Invariant: n == 0 or tab holds n entries, each a sheaf of the cache
 * with that id or one with cap 0; registration and zslab_exit() never
 * touch mode.
 */
struct slab_tls {
	unsigned int n;           /* table entries; 0 when unregistered */
	unsigned int mode;        /* the layer above's entry word (malloc.c) */
	struct sheaf **tab;
	unsigned int order;       /* page order of the table */
	uint32_t tag;             /* the owner tag in the class map (class_map.h),
				   * never 0; set at registration (sheaf.c) */
	bool registered;
	struct slab_tls *next;    /* registry link, under the registry lock */
	/* slow paths only (sheaf.c): shrink requests and parking */
	bool flush_req;           /* atomic: a shrink asked; flush flagged sheaves */
	bool parked;              /* set under park_lock (atomic): others may flush */
	zs_spinlock_t park_lock;  /* SLAB_PARK in common/lock_rank.h */
};

/* The initial mode word (zs_tl_slab's static initialiser): malloc's
 * "this thread is not set up". */
#define ZS_TLS_MODE_INIT 2u

extern __thread struct slab_tls zs_tl_slab __attribute__((tls_model("initial-exec")));
extern struct sheaf zs_empty_sheaf;

void *zs_sheaf_alloc_slow(struct kmem_cache *s, gfp_t gfp);
void zs_sheaf_free_slow(struct kmem_cache *s, void *obj);
/* The alloc path when the one "not plain" switch is set (sheaf.c). */
void *zs_sheaf_alloc_hooked(struct kmem_cache *s, gfp_t gfp);
/* The free path when the switch is set: init_on_free, ASan, valgrind. */
void zs_sheaf_free_hooked(struct kmem_cache *s, void *obj);

/*
 * Slab ownership, against false sharing between threads: a rule of the
 * sheaf level, which the node level (slub.c) knows nothing about.  The
 * thread whose sheaf took objects from a slab becomes the slab's owner
 * (page->slab_owner of the head page, the thread's zs_tl_slab;
 * zs_sheaf_claim()).  A free of an object smaller than a cache line whose
 * slab another thread owns does not go onto the freeing thread's sheaf,
 * where its next allocation would pop it while the owner writes the same
 * line, but back to its slab.  Larger objects share at most part of a
 * line: they keep the sheaf path, and their slabs' owner is never read.
 * A small cache's refill takes from the slabs the thread owns first
 * (zs_node_take_batch_pref()), so that owners stay put and the foreign
 * frees are the remote ones (issue 12: rptest's two threads refilled from
 * whichever partial slab came first, and up to 44 % of its small frees
 * were foreign where 6 % are remote).
 */
/* Are @s's objects small enough to share a cache line with a neighbour? */
static inline bool zs_cache_small(const struct kmem_cache *s)
{
	return __builtin_expect(s->size < CACHE_LINE, 0);
}

/* Does another thread own the slab page @pg (a head page of a slab)? */
static inline bool zs_page_foreign(const struct page *pg)
{
	return !(pg->flags & PG_tail) &&
	       __atomic_load_n(&pg->slab_owner, __ATOMIC_RELAXED) != (void *)&zs_tl_slab;
}

/* Is the object of @s at offset @off of RAM range 0 (anything at or past
 * zs_range0_bytes: not in it) a small object of a slab another thread
 * owns? */
static inline bool zs_off_foreign(const struct kmem_cache *s, uintptr_t off)
{
	if (!zs_cache_small(s) || off >= zs_range0_bytes)
		return false;
	return zs_page_foreign(zs_mem_map + (off >> PAGE_SHIFT));
}

/* The offset of @p in RAM range 0 (zs_range0_bytes or more: not in it). */
static inline uintptr_t zs_range0_off(const void *p)
{
	return (uintptr_t)p - (uintptr_t)zs_ranges[0].host;
}

/* Is @obj (of @s) a small object of a slab another thread owns? */
static inline bool zs_obj_foreign(const struct kmem_cache *s, const void *obj)
{
	return zs_off_foreign(s, zs_range0_off(obj));
}

/*
 * zs_sheaf_claim() - make this thread the owner of the slabs that
 * @objs[0 .. @n) (just taken from @s's node level) came from.  The node
 * level takes objects slab by slab, so one slab's objects are adjacent
 * and each slab is written once.  Only small caches read the owner.
 */
static inline void zs_sheaf_claim(struct kmem_cache *s, void *const *objs,
				  unsigned int n)
{
	void *me = (void *)&zs_tl_slab;
	struct page *last = NULL;

	if (!zs_cache_small(s))
		return;
	for (unsigned int i = 0; i < n; i++) {
		struct page *pg = zs_virt_to_page(objs[i]);
		if (pg->flags & PG_tail)
			pg = pg->head;
		if (pg != last) {
			void *was = __atomic_load_n(&pg->slab_owner, __ATOMIC_RELAXED);
			if (was != me) {
				__atomic_store_n(&pg->slab_owner, me, __ATOMIC_RELAXED);
				zs_class_map_own(s, pg, zs_tl_slab.tag);
				if (was)   /* NULL: a new slab's first owner */
					__atomic_fetch_add(&s->owner_changes, 1, __ATOMIC_RELAXED);
			}
		}
		last = pg;
	}
}

/* Free a foreign object (zs_obj_foreign()) to its slab (sheaf.c). */
void zs_sheaf_free_foreign(struct kmem_cache *s, void *obj);

/* This thread's sheaf for @s, or the shared empty sheaf (slow paths). */
static inline struct sheaf *zs_my_sheaf(const struct kmem_cache *s)
{
	const struct slab_tls *t = &zs_tl_slab;

	if (__builtin_expect(s->id < t->n, 1))
		return t->tab[s->id];
	return &zs_empty_sheaf;
}

/*
 * The fast paths find this thread's sheaf by s->sheaf_id, which is
 * ZS_DEAD_ID while the "not plain" switch is set, so that the one bound
 * test (id < zs_tl_slab.n) also stands for "hooks on, tools on"
 * (zs_slab_hooks_set()); past the bound they take their slow paths, so
 * they never read the shared empty sheaf.
 */

/* objs[@n - 1] of @sh, and its guard (NULL) at @n == 0 (struct sheaf). */
static inline void *zs_sheaf_top(const struct sheaf *sh, unsigned int n)
{
	return *(void *const *)((const char *)sh + offsetof(struct sheaf, guard) +
				(size_t)n * sizeof(void *));
}

/*
 * The fast path: one pop and one push, the only code that touches a
 * sheaf's count outside sheaf.c's slow paths.  kmem_cache_alloc/free,
 * kmalloc/kfree, the bulk free and malloc's inline paths all use these.
 *
 * Everything that is not the plain case fails the id bound or the one
 * count (or cap) test: "not set up" (an unregistered thread, n = 0),
 * the one "not plain" switch zs_slab_hooks (failslab, ASan, valgrind
 * memcheck, init_on_*, stats=exit: sheaf_id ZS_DEAD_ID), a destroyed
 * cache (ZS_DEAD_ID), and, through the shared empty sheaf (count 0,
 * cap 0) in their table entry, a debug cache (SLAB_NO_SHEAF: never a
 * sheaf) and a cache the thread has not used yet.
 */

/* zs_sheaf_pop() - an object of @s from this thread's sheaf, or NULL:
 * the slow path (or the hooked one) must serve the call. */
static inline void *zs_sheaf_pop(const struct kmem_cache *s)
{
	const struct slab_tls *t = &zs_tl_slab;
	unsigned int id = s->sheaf_id;

	if (__builtin_expect(id < t->n, 1)) {
		struct sheaf *sh = t->tab[id];
		unsigned int n = sh->count;
		if (__builtin_expect(n != 0, 1)) {
			void *obj = sh->objs[n - 1];
			sh->count = n - 1;
			/* a sheaf's objs[0 .. count) are objects, never
			 * NULL: the callers' NULL test then folds into the
			 * count test */
			if (!obj)
				__builtin_unreachable();
			return obj;
		}
	}
	return NULL;
}

/* The sheaf of entry @id with room for @obj (not the object pushed
 * last), its count in *@n; NULL when the slow path must take it. */
static inline struct sheaf *zs_sheaf_room(unsigned int id, const void *obj, unsigned int *n)
{
	const struct slab_tls *t = &zs_tl_slab;

	if (__builtin_expect(id < t->n, 1)) {
		struct sheaf *sh = t->tab[id];
		*n = sh->count;
		if (__builtin_expect(*n < sh->cap && zs_sheaf_top(sh, *n) != obj, 1))
			return sh;
	}
	return NULL;
}

/* Put @obj at objs[@n] of @sh (zs_sheaf_room()). */
static inline void zs_sheaf_put(struct sheaf *sh, unsigned int n, void *obj)
{
	sh->objs[n] = obj;
	/* in before counted, for a fork() from another thread (sheaf.c,
	 * fork_order()) */
	__atomic_store_n(&sh->count, n + 1, __ATOMIC_RELEASE);
}

/*
 * zs_sheaf_push_at() - push @obj, which the caller found to be an object
 * start of its cache (its struct page's or the class map's test), on the
 * sheaf of this thread's table entry @id (the cache's sheaf_id, from the
 * cache or from its class, zs_class_find()), @foreign telling whether
 * it is a small object of a slab another thread owns (zs_off_foreign(),
 * or the class map's owner tag).  False, and nothing done, when the slow
 * path must take it: the switch is set (past the bound), the sheaf is not
 * the cache's (cap 0), the sheaf is full, @obj is the object pushed last
 * (a double free, reported there; at count 0 the guard is compared, never
 * equal), or @foreign.
 */
static inline bool zs_sheaf_push_at(unsigned int id, void *obj, bool foreign)
{
	unsigned int n;
	struct sheaf *sh = zs_sheaf_room(id, obj, &n);

	if (__builtin_expect(!sh || foreign, 0))
		return false;
	zs_sheaf_put(sh, n, obj);
	return true;
}

/* zs_sheaf_push_at() for an object of @s at @off in RAM range 0
 * (zs_range0_off()), by its struct page: the foreign test is made last,
 * once there is room, and reads the page only for small objects
 * (zs_off_foreign()). */
static inline bool zs_sheaf_push_off(const struct kmem_cache *s, void *obj, uintptr_t off)
{
	unsigned int n;
	struct sheaf *sh = zs_sheaf_room(s->sheaf_id, obj, &n);

	if (__builtin_expect(!sh || zs_off_foreign(s, off), 0))
		return false;
	zs_sheaf_put(sh, n, obj);
	return true;
}

/* The class map's form of zs_off_foreign(): @owner, an entry's owner tag
 * (zs_class_find()), is another thread's; no branch. */
static inline bool zs_owner_foreign(uint32_t owner)
{
	bool foreign = (owner != 0) & (owner != zs_tl_slab.tag);

	/* a value, not a condition: gcc turns the & back into two branches,
	 * and the first one's direction is the block's size (small or not),
	 * mispredicted where sizes mix */
	__asm__("" : "+r"(foreign));
	return foreign;
}

/* zs_sheaf_push_off() for a caller that has not computed the offset. */
static inline bool zs_sheaf_push(const struct kmem_cache *s, void *obj)
{
	return zs_sheaf_push_off(s, obj, zs_range0_off(obj));
}

/* Everything zs_sheaf_push() refused (sheaf.c): hooked, foreign, slow. */
void zs_sheaf_free_missed(struct kmem_cache *s, void *obj);

static inline void *zs_sheaf_alloc_fast(struct kmem_cache *s, gfp_t gfp)
{
	void *obj = zs_sheaf_pop(s);

	if (__builtin_expect(obj != NULL, 1)) {
		if (gfp & __GFP_ZERO)
			memset(obj, 0, s->object_size);
		return obj;
	}
	if (__builtin_expect(zs_slab_hooks, 0))
		return zs_sheaf_alloc_hooked(s, gfp);
	return zs_sheaf_alloc_slow(s, gfp);
}

/*
 * zs_sheaf_push_unhooked() - push @obj (known to be an object of @s) on this
 * thread's sheaf, or give it to the slow path, not looking at the switch
 * (the hooked free path's own push).  An object equal to the last one
 * pushed is a double free: the slow path reports it.
 */
void zs_sheaf_push_unhooked(struct kmem_cache *s, void *obj);

/* Free @obj of @s, at offset @off of RAM range 0 (zs_range0_off()):
 * zs_sheaf_push_off(), else zs_sheaf_free_missed(). */
static inline void zs_sheaf_free_off(struct kmem_cache *s, void *obj, uintptr_t off)
{
	if (__builtin_expect(!zs_sheaf_push_off(s, obj, off), 0))
		zs_sheaf_free_missed(s, obj);
}

/* zs_sheaf_free_off() for a caller that has not computed the offset. */
static inline void zs_sheaf_free_fast(struct kmem_cache *s, void *obj)
{
	zs_sheaf_free_off(s, obj, zs_range0_off(obj));
}

#pragma GCC visibility pop

#endif
