/* SPDX-License-Identifier: MIT */
/*
 * slub_debug.h - slub_debug: fill bytes, alloc/free tracks, the checks the
 * kernel runs at alloc, free, slab free and validate, and their reports
 * and repairs.  Used by slub.c on caches with SLAB_DEBUG_FLAGS; every
 * function here but zs_debug_set_orig_size() runs with the cache's node
 * lock held (debug caches have
 * no per-thread sheaves, so each alloc and free reaches the slab level).
 *
 * Slot layout and fill bytes (spec kernel-mm.md 4.8), object at p:
 *
 *   p - red_left_pad   left red zone            0xbb free / 0xcc in use
 *   p                  object (POISON: 0x6b..., last byte 0xa5, when free)
 *   p + object_size    right red zone to inuse  0xbb / 0xcc (Z), else
 *                      alignment padding 0x5a (P)
 *   p + offset         free pointer (when it cannot live inside the object)
 *   p + info_end       struct track alloc, free (U), 152 bytes each
 *                      then the kmalloc request size (U or Z on kmalloc
 *                      caches)
 *   ...                padding 0x5a up to the next slot (P)
 */
#ifndef ZSLAB_SLUB_DEBUG_H
#define ZSLAB_SLUB_DEBUG_H

#include "slab/slab.h"

#pragma GCC visibility push(hidden)

#define SLUB_RED_INACTIVE 0xbb
#define SLUB_RED_ACTIVE   0xcc
#define POISON_INUSE      0x5a
#define POISON_FREE       0x6b
#define POISON_END        0xa5

/* Flags whose checks need the object-level hooks below. */
#define SLAB_DEBUG_HOOKS (SLAB_DEBUG_FLAGS)

static inline bool zs_debug_cache(const struct kmem_cache *s)
{
	return (s->flags & SLAB_DEBUG_HOOKS) != 0;
}

/* The flags slub_debug= gives cache @name on top of @flags ('O' aside). */
slab_flags_t zs_kmem_cache_flags(slab_flags_t flags, const char *name);
/*
 * The kmalloc request size is kept per object (the kernel's orig_size) on
 * kmalloc caches with U, as in the kernel, and also with Z alone (zslab:
 * so that a red zone always begins at the requested size, as a malloc
 * block's must).
 */
#define SLAB_ORIG_SIZE_FLAGS (SLAB_STORE_USER | SLAB_RED_ZONE)
/* Extra bytes per slot for the kmalloc request size (see above). */
unsigned int zs_debug_orig_size_bytes(slab_flags_t flags);

/* A new slab of a debug cache: padding, red zones, poison, empty tracks. */
void zs_debug_setup_slab(struct kmem_cache *s, struct page *page);
/*
 * alloc_debug_processing(): with F check the slab and @obj (taken from
 * @page's freelist), record the alloc track, trace, mark the object in
 * use.  False: the object must not be handed out (reports already made).
 */
bool zs_debug_alloc(struct kmem_cache *s, struct page *page, void *obj);
/*
 * Quarantine @page after a failed alloc check, as the kernel's "Marking
 * all objects used": every free object counts as in use from now on.
 */
void zs_debug_mark_used(struct kmem_cache *s, struct page *page);
/*
 * After taking @obj: with F, is the next free pointer valid?  If not the
 * chain is isolated ("Freechain corrupt") and false returned.
 */
bool zs_debug_next_ok(struct kmem_cache *s, struct page *page, void *obj);
/*
 * free_debug_processing(): with F check @obj (Invalid object pointer,
 * Object already free, red zones, owning cache); then the free track,
 * trace and poison.  False: not freed ("FIX ...: Object at 0x.. not freed").
 * @page is the slab @obj lies in, or NULL when it is in none.
 */
bool zs_debug_free(struct kmem_cache *s, struct page *page, void *obj);
/* Slab free with F: padding, then every object as free. */
void zs_debug_discard_slab(struct kmem_cache *s, struct page *page);
/* kmalloc(@size) got @obj: record the size, red-zone the rest (takes
 * the node lock; the only entry point here that does). */
void zs_debug_set_orig_size(struct kmem_cache *s, void *obj, size_t size);
/* The kmalloc request size recorded for @obj, or 0 when @s records none. */
size_t zs_debug_orig_size(const struct kmem_cache *s, const void *obj);

/*
 * on_freelist(): is @search on @page's freelist?  The walk repairs a
 * corrupt chain and wrong object counts (reports each).  With @search
 * NULL returns true unless the freelist head itself was corrupt.
 */
bool zs_debug_on_freelist(struct kmem_cache *s, struct page *page, void *search);
/* validate_slab(): slab checks, freelist walk, every object checked. */
void zs_debug_validate_slab(struct kmem_cache *s, struct page *page);
/*
 * "Attempt to free object(0x..) outside of slab" (misuse matrix M6): a
 * BUG report naming @s, or with @s NULL a WARN naming the function @fn.
 */
void zs_debug_outside_slab(const struct kmem_cache *s, const char *fn,
			   const void *obj);
/* BUG and FIX emissions made by this thread (validate's return value). */
extern __thread unsigned long zs_debug_nreports;
/*
 * The hook of zslab_set_slab_error_hook(): with @count, the kernel's
 * slab_add_kunit_errors() (true: a KUnit test counted the error, do not
 * print it); without, slab_in_kunit_test().
 */
bool zs_debug_kunit_error(bool count);
/* zslab_set_slab_error_per_object()'s setting: count each remaining object too. */
bool zs_debug_kunit_per_object(void);
/* Fill a zslab_object_info for the allocated @obj of @s (its size and,
 * with SLAB_STORE_USER, its allocation track) and pass it to @fn. */
struct zslab_object_info;
int zs_debug_object_info(struct kmem_cache *s, void *obj,
			 int (*fn)(const struct zslab_object_info *, void *), void *arg);

#pragma GCC visibility pop

#endif
