/* SPDX-License-Identifier: MIT */
/*
 * sheaf_fast.h - the allocation and free fast paths, inline so that
 * kmem_cache_alloc/free and kmalloc/kfree each compile to one short
 * function.  See sheaf.c for the design; the slow paths live there.
 */
#ifndef ZSLAB_SHEAF_FAST_H
#define ZSLAB_SHEAF_FAST_H

#include <string.h>

#include "slab/failslab.h"
#include "slab/slab.h"
#include "slab/slub_internal.h"

#pragma GCC visibility push(hidden)

/*
 * One thread's table of sheaves, indexed by cache id.  Registered threads
 * are on a list, so that zslab_exit() can empty every table (n = 0) and the
 * fast paths need no check beyond the bound.
 */
struct slab_tls {
	unsigned int n;           /* table entries; 0 when unregistered */
	unsigned int order;       /* page order of the table */
	struct sheaf **tab;
	bool registered;
	struct slab_tls *next;    /* registry link, under the registry lock */
	/* slow paths only (sheaf.c): shrink requests and parking */
	bool flush_req;           /* atomic: a shrink asked; flush flagged sheaves */
	bool parked;              /* set under park_lock (atomic): others may flush */
	zs_spinlock_t park_lock;  /* SLAB_PARK in common/lock_rank.h */
};

extern __thread struct slab_tls zs_tl_slab __attribute__((tls_model("initial-exec")));
extern struct sheaf zs_empty_sheaf;

void *zs_slab_alloc_slow(struct kmem_cache *s, gfp_t gfp);
void zs_slab_free_slow(struct kmem_cache *s, void *obj);
/* The alloc path when the one "not plain" switch is set (sheaf.c). */
void *zs_slab_alloc_hooked(struct kmem_cache *s, gfp_t gfp);
/* The free path when the switch is set: init_on_free, ASan, valgrind. */
void zs_slab_free_hooked(struct kmem_cache *s, void *obj);

/*
 * Slab ownership, against false sharing between threads.  Taking objects
 * from a slab into a sheaf makes the taking thread the slab's owner
 * (page->slab_owner of the head page, the thread's zs_tl_slab).  A free of
 * an object smaller than a cache line whose slab another thread owns does
 * not go onto the freeing thread's sheaf, where its next allocation would
 * pop it while the owner writes the same line, but back to its slab.
 * Larger objects share at most part of a line: they keep the sheaf path.
 */
static inline void zs_slab_set_owner(struct page *slab)
{
	__atomic_store_n(&slab->slab_owner, (void *)&zs_tl_slab, __ATOMIC_RELAXED);
}

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

/* Is @obj (of @s) a small object of a slab another thread owns? */
static inline bool zs_obj_foreign(const struct kmem_cache *s, const void *obj)
{
	uintptr_t off = (uintptr_t)obj - (uintptr_t)zs_ranges[0].host;

	if (!zs_cache_small(s) || off >= zs_range0_bytes)
		return false;
	return zs_page_foreign(zs_mem_map + (off >> PAGE_SHIFT));
}

/* Free a foreign object (zs_obj_foreign()) to its slab (sheaf.c). */
void zs_slab_free_foreign(struct kmem_cache *s, void *obj);

/* This thread's sheaf for @s, or the shared empty sheaf. */
static inline struct sheaf *zs_my_sheaf(const struct kmem_cache *s)
{
	const struct slab_tls *t = &zs_tl_slab;

	if (__builtin_expect(s->id < t->n, 1))
		return t->tab[s->id];
	return &zs_empty_sheaf;
}

static inline void *zs_slab_alloc_fast(struct kmem_cache *s, gfp_t gfp)
{
	struct sheaf *sh = zs_my_sheaf(s);

	if (__builtin_expect(zs_slab_hooks, 0))
		return zs_slab_alloc_hooked(s, gfp);
	if (__builtin_expect(sh->count != 0, 1)) {
		void *obj = sh->objs[--sh->count];
		if (gfp & __GFP_ZERO)
			memset(obj, 0, s->object_size);
		return obj;
	}
	return zs_slab_alloc_slow(s, gfp);
}

/*
 * Push @obj (known to be an object of @s) on this thread's sheaf.  An
 * object equal to the last one pushed is a double free: the slow path
 * reports it.  The table entry of @s's id is either @s's sheaf or has
 * cap 0 (the shared empty sheaf, or one detached when its cache was
 * destroyed), so the capacity test also rejects a foreign sheaf.
 */
static inline void zs_slab_push(struct kmem_cache *s, void *obj)
{
	struct sheaf *sh = zs_my_sheaf(s);
	unsigned int n = sh->count;

	if (__builtin_expect(zs_obj_foreign(s, obj), 0)) {
		zs_slab_free_foreign(s, obj);
		return;
	}
	if (__builtin_expect(n < sh->cap &&
			     (!n || sh->objs[n - 1] != obj), 1)) {
		sh->objs[n] = obj;
		sh->count = n + 1;
		return;
	}
	zs_slab_free_slow(s, obj);
}

/* Free @obj of @s: zs_slab_push(), or the hooked path when the one
 * "not plain" switch is set. */
static inline void zs_slab_free_fast(struct kmem_cache *s, void *obj)
{
	if (__builtin_expect(zs_slab_hooks, 0)) {
		zs_slab_free_hooked(s, obj);
		return;
	}
	zs_slab_push(s, obj);
}

#pragma GCC visibility pop

#endif
