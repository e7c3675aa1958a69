/* SPDX-License-Identifier: MIT */
/*
 * meminit.h - init_on_alloc= and init_on_free= for slab objects, with the
 * kernel's rules (slab_want_init_on_alloc/free in mm/slab.h):
 *
 *  - on allocation an object is zeroed for __GFP_ZERO, and under
 *    init_on_alloc for every cache except those with a constructor (never
 *    zeroed then, __GFP_ZERO included) and SLAB_TYPESAFE_BY_RCU or
 *    SLAB_POISON ones (only for __GFP_ZERO);
 *  - on free an object is zeroed under init_on_free, except in caches
 *    with a constructor, SLAB_TYPESAFE_BY_RCU or SLAB_POISON; its free
 *    pointer word, written later on the slab's freelist, is wiped again
 *    when it is handed out (maybe_wipe_obj_freeptr());
 *  - on a kmalloc cache that records the requested size (slub_debug U)
 *    only those bytes are zeroed, so its kmalloc red zone stays checked.
 *
 * Both options set the one "not plain" switch, zs_slab_hooks, at boot
 * (failslab.c): the fast paths then take the hooked paths in sheaf.c,
 * which call these; the plain fast paths carry no test of their own.
 */
#ifndef ZSLAB_SLAB_MEMINIT_H
#define ZSLAB_SLAB_MEMINIT_H

#include <string.h>

#include "slab/slab.h"
#include "slab/slub_debug_layout.h"

#pragma GCC visibility push(hidden)

static inline bool zs_want_init_on_alloc(const struct kmem_cache *s, gfp_t gfp)
{
	if (zs_config.init_on_alloc) {
		if (s->ctor)
			return false;
		if (s->flags & (SLAB_TYPESAFE_BY_RCU | SLAB_POISON))
			return gfp & __GFP_ZERO;
		return true;
	}
	return gfp & __GFP_ZERO;
}

static inline bool zs_want_init_on_free(const struct kmem_cache *s)
{
	return zs_config.init_on_free &&
	       !(s->ctor || (s->flags & (SLAB_TYPESAFE_BY_RCU | SLAB_POISON)));
}

/* The bytes of @obj to zero: the request of a size-recording kmalloc
 * cache, else the object. */
static inline size_t zs_init_size(const struct kmem_cache *s, void *obj)
{
	return tracks_orig_size(s) ? get_orig_size(s, obj) : s->object_size;
}

/* An object about to be handed out (any path that is not the plain one). */
static inline void zs_slab_init_on_alloc(struct kmem_cache *s, void *obj, gfp_t gfp)
{
	if (zs_want_init_on_alloc(s, gfp))
		memset(obj, 0, s->object_size);
	else if (zs_want_init_on_free(s) && s->offset + SLAB_WORD <= s->object_size)
		memset((char *)obj + s->offset, 0, SLAB_WORD);
}

/* An object being freed, before memory checkers are told. */
static inline void zs_slab_init_on_free(struct kmem_cache *s, void *obj)
{
	if (zs_want_init_on_free(s))
		memset(obj, 0, zs_init_size(s, obj));
}

#pragma GCC visibility pop

#endif
