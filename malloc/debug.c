/* SPDX-License-Identifier: MIT */
/*
 * debug.c - malloc under slub_debug, on the slow path: a kmalloc class
 * that slub_debug names is a debug cache, which has no per-thread
 * sheaves, so malloc's fast path always misses it and reaches
 * alloc_kmalloc(), which asks here.
 *
 * A malloc block gets its red zone where the program's request ends, as
 * kmalloc(size) does: the object comes from the class's cache and the
 * request size is recorded as the object's kmalloc size (the kernel's
 * orig_size; slub_debug.h), so a write past malloc(24) in a 32-byte
 * object is "kmalloc Redzone overwritten" at the next check instead of
 * going unseen.  realloc() that keeps a block and memalign() record the
 * new request the same way (zm_debug_trim()); malloc_usable_size() is
 * ksize(), which makes the whole object the program's, as in the kernel.
 *
 * Alignment: power-of-two kmalloc classes are naturally aligned in every
 * layout (slab_common.c, as the kernel's create_boot_cache()), so their
 * objects are 16-byte aligned even behind a left red zone; the 96- and
 * 192-byte classes are not, and their requests take 128 and 256 instead
 * (never a shifted block, whose tag word would hide the object's start
 * from the checks and turn a double free into "Invalid object pointer").
 */
#include <stdint.h>

#include "init/malloc_iface.h"
#include "zmalloc.h"
#include <zslab/slab.h>

/* Are @s's objects 16-byte aligned (left red zone and stride)? */
static bool malloc_aligned(const struct kmem_cache *s)
{
	return !(s->red_left_pad % ZM_MIN_ALIGN) && !(s->size % ZM_MIN_ALIGN) &&
	       !(s->align % ZM_MIN_ALIGN);
}

void *zm_debug_alloc(size_t size, gfp_t gfp)
{
	struct kmem_cache *s = zs_kmalloc_caches[KMALLOC_NORMAL][zm_class_index(size)];

	if (!malloc_aligned(s))
		s = zs_kmalloc_slab((size_t)1 << (64 - __builtin_clzl(size - 1)), gfp);
	return kmalloc_trace(s, gfp, size);
}

void *zm_debug_trim(void *p, size_t size)
{
	struct kmem_cache *s = p ? zs_obj_cache(p) : NULL;

	if (s && (s->flags & SLAB_ORIG_SIZE_FLAGS) && zm_kmalloc_block(p))
		zs_debug_set_orig_size(s, p, size);
	return p;
}
