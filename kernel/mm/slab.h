/* SPDX-License-Identifier: MIT */
/*
 * mm/slab.h - the slab internals mm's own tests reach ("../mm/slab.h" from
 * lib/, "slab.h" from mm/): struct kmem_cache with the fields they read
 * (size, object_size, offset, flags: zslab's public head of the
 * structure, ZSLAB_KMEM_CACHE_PUBLIC), validate_slab_cache(), the
 * slub_debug poison and red-zone bytes, and the cache predicates.
 */
#ifndef _ZSK_MM_SLAB_H
#define _ZSK_MM_SLAB_H

#include <linux/poison.h>
#include <linux/slab.h>
#include <zslab/zslab.h>

/* The readable head of zslab's cache; the rest is private to zslab. */
struct kmem_cache {
	ZSLAB_KMEM_CACHE_PUBLIC
};

/**
 * validate_slab_cache() - check every slab of @s as SLUB's validate does,
 * reporting and repairing each problem (each BUG and FIX counts once in a
 * KUnit test's "slab_errors").  Return: the number of reports, 0 when
 * the cache is clean.
 */
static inline long validate_slab_cache(struct kmem_cache *s)
{
	return kmem_cache_validate(s);
}

static inline bool is_kmalloc_cache(struct kmem_cache *s)
{
	return s->flags & SLAB_KMALLOC;
}
static inline bool kmem_cache_debug_flags(struct kmem_cache *s, slab_flags_t flags)
{
	return s->flags & flags;
}
#define kmem_cache_debug(s) kmem_cache_debug_flags(s, SLAB_RED_ZONE | SLAB_POISON | \
	SLAB_STORE_USER | SLAB_TRACE | SLAB_CONSISTENCY_CHECKS)
static inline bool slub_debug_orig_size(struct kmem_cache *s)
{
	return (s->flags & (SLAB_STORE_USER | SLAB_KMALLOC)) == (SLAB_STORE_USER | SLAB_KMALLOC);
}

#endif
