/* SPDX-License-Identifier: MIT */
/*
 * zslab/slab.h - SLUB kmem caches and kmalloc, with the kernel's names,
 * flag values and signatures.
 *
 * A cache's memory comes from the zone its creation flags name:
 * SLAB_CACHE_DMA32 objects always lie below 4 GiB (the DMA32 or DMA zone),
 * SLAB_CACHE_DMA objects below the DMA limit.  The caller's GFP zone bits
 * never decide where a slab lives.
 */
#ifndef ZSLAB_SLAB_H
#define ZSLAB_SLAB_H

#include <stddef.h>
#include <zslab/gfp.h>
#include <zslab/mm.h>

/* The API is what libzslab exports; everything else is hidden. */
#pragma GCC visibility push(default)

#ifdef __cplusplus
extern "C" {
#endif

typedef unsigned int slab_flags_t;

#define SLAB_CONSISTENCY_CHECKS 0x00000100u /* sanity checks on alloc/free */
#define SLAB_RED_ZONE           0x00000400u /* red zones around objects */
#define SLAB_POISON             0x00000800u /* poison freed objects */
#define SLAB_HWCACHE_ALIGN      0x00002000u /* align objects on cache lines */
#define SLAB_CACHE_DMA          0x00004000u /* slabs in ZONE_DMA */
#define SLAB_CACHE_DMA32        0x00008000u /* slabs in ZONE_DMA32 (or DMA) */
#define SLAB_STORE_USER         0x00010000u /* record the last alloc and free */
#define SLAB_RECLAIM_ACCOUNT    0x00020000u /* objects are reclaimable */
#define SLAB_PANIC              0x00040000u /* abort if creation fails */
#define SLAB_TRACE              0x00200000u /* report every alloc and free */
#define SLAB_ACCOUNT            0x04000000u /* charge to a memory cgroup */
#define SLAB_NO_MERGE           0x01000000u /* never merge this cache (6.4+) */

/* kmalloc of 0 bytes returns this: not NULL, never dereferenceable. */
#define ZERO_SIZE_PTR ((void *)16)
#define ZERO_OR_NULL_PTR(x) ((unsigned long)(x) <= (unsigned long)ZERO_SIZE_PTR)

/* The largest size served by a kmalloc cache; larger requests get pages. */
#define KMALLOC_MAX_CACHE_SIZE 8192UL
/* The largest kmalloc: one block of the highest page order (4 MiB). */
#define KMALLOC_MAX_SIZE (PAGE_SIZE << (MAX_ORDER - 1))

/**
 * ZSLAB_KMEM_CACHE_PUBLIC - the first members of struct kmem_cache, the
 * ones kernel code reads by name (mm/slab.h of the kernel-compat tree
 * declares struct kmem_cache as exactly these, so that `s->offset` works
 * as in the kernel's mm/slub tests).  The rest of the structure is
 * private.  Read-only, except that setting a @flags bit zslab gives no
 * meaning (SLAB_SKIP_KFENCE) is harmless.
 * @size:        stride of one object slot (object, red zones, metadata).
 * @object_size: the object size as created (or the largest merged).
 * @offset:      offset of the free pointer inside a slot.
 * @flags:       the cache's SLAB_* flags (creation flags plus those
 *               slub_debug added).
 */
#define ZSLAB_KMEM_CACHE_PUBLIC \
	unsigned int size;          /* stride of one object slot */ \
	unsigned int object_size;   /* what the user asked for (or merged max) */ \
	unsigned int offset;        /* free pointer offset inside a slot */ \
	slab_flags_t flags;

struct kmem_cache;

/**
 * kmem_cache_create() - create a cache of objects of one size.
 * @name:  a name without spaces; it must stay valid while the cache lives.
 * @size:  object size in bytes (1 .. KMALLOC_MAX_SIZE).
 * @align: minimum alignment, 0 or a power of two.
 * @flags: SLAB_* flags; unknown flags are refused.
 * @ctor:  a constructor run once per object when its slab is made, or NULL.
 *
 * When merging is allowed (no ctor, no debug flags, same zone and
 * accounting flags) an existing compatible cache is returned and @name
 * becomes its alias.
 *
 * Return: the cache, or NULL with one message naming the problem
 * (SLAB_PANIC aborts instead).
 */
struct kmem_cache *kmem_cache_create(const char *name, unsigned int size,
				     unsigned int align, slab_flags_t flags,
				     void (*ctor)(void *));

/**
 * kmem_cache_create_usercopy() - kmem_cache_create() with a region that may
 * be copied to and from user space.  A cache with @usersize != 0 never
 * merges.
 * @name: as kmem_cache_create().
 * @size: as kmem_cache_create().
 * @align: as kmem_cache_create().
 * @flags: as kmem_cache_create().
 * @useroffset: offset of the user-copyable region.
 * @usersize: its size; @useroffset + @usersize must not exceed @size.
 * @ctor: as kmem_cache_create().
 */
struct kmem_cache *kmem_cache_create_usercopy(const char *name,
					      unsigned int size,
					      unsigned int align,
					      slab_flags_t flags,
					      unsigned int useroffset,
					      unsigned int usersize,
					      void (*ctor)(void *));

/* KMEM_CACHE() - a cache for objects of type struct @__struct. */
#define KMEM_CACHE(__struct, __flags) \
	kmem_cache_create(#__struct, sizeof(struct __struct), \
			  __alignof__(struct __struct), (__flags), NULL)

/**
 * kmem_cache_destroy() - drop a reference; at the last one, free the cache.
 * @s: the cache, or NULL (ignored).
 *
 * A cache with live objects reports each one and stays usable.
 */
void kmem_cache_destroy(struct kmem_cache *s);

/**
 * kmem_cache_alloc() - allocate one object.
 * @s:   the cache.
 * @gfp: GFP flags.  __GFP_ZERO clears the object; zone bits are ignored
 *       (__GFP_DMA32 and __GFP_HIGHMEM are reported and stripped when a
 *       new slab is needed).
 *
 * Return: the object, or NULL when memory is exhausted.
 */
void *kmem_cache_alloc(struct kmem_cache *s, gfp_t gfp);

/** kmem_cache_zalloc() - kmem_cache_alloc() with __GFP_ZERO. */
static inline void *kmem_cache_zalloc(struct kmem_cache *s, gfp_t gfp)
{
	return kmem_cache_alloc(s, gfp | __GFP_ZERO);
}

/**
 * kmem_cache_free() - free an object to its cache.
 * @s:   the cache it came from.
 * @obj: the object (NULL is ignored).
 *
 * An object of another cache is reported with both names and freed to the
 * cache it belongs to.
 */
void kmem_cache_free(struct kmem_cache *s, void *obj);

/**
 * kmem_cache_alloc_bulk() - allocate @size objects into @p.
 * @s: the cache.
 * @gfp: GFP flags.
 * @size: how many.
 * @p: where to store them.
 *
 * Return: @size, or 0 with nothing allocated (all or nothing).
 */
int kmem_cache_alloc_bulk(struct kmem_cache *s, gfp_t gfp, size_t size,
			  void **p);

/**
 * kmem_cache_free_bulk() - free @size objects from @p.
 * @s: their cache, or NULL to look each one up (kfree_bulk()).
 * @size: how many (0 warns).
 * @p: the objects.
 */
void kmem_cache_free_bulk(struct kmem_cache *s, size_t size, void **p);

/**
 * kmem_cache_shrink() - give every empty slab back to the page allocator
 * and sort the partial slabs fullest first.
 * @s: the cache.
 *
 * Return: 1 if slabs remain, 0 if the cache holds none.
 */
int kmem_cache_shrink(struct kmem_cache *s);

/**
 * kmem_cache_validate() - check every slab of @s as the kernel's sysfs
 * "validate" does: this thread's cached objects are flushed first; then
 * each partial slab (and, with SLAB_STORE_USER, each full one) has its
 * counts checked, its freelist walked and repaired, and, on debug caches,
 * every object's red zones, poison and padding checked against its free
 * or allocated state.  Each problem is reported ("BUG <cache> ...") and
 * repaired ("FIX <cache>: ..."), then the slab counters are checked.
 * @s: the cache; NULL returns -EINVAL.
 *
 * Return: the number of BUG and FIX reports made (the kernel's slub_kunit
 * error count), 0 when the cache is clean; so a second call after a
 * repair returns 0.
 */
long kmem_cache_validate(struct kmem_cache *s);

/** kmem_cache_size() - the object size of @s (as created or merged). */
unsigned int kmem_cache_size(struct kmem_cache *s);

/**
 * kmalloc() - allocate @size bytes from the kmalloc size classes.
 * @size:  bytes; 0 returns ZERO_SIZE_PTR; above 8 KiB pages are used.
 * @flags: GFP flags; GFP_DMA selects the dma-kmalloc caches; GFP_DMA32 is
 *         reported and ignored (there is no DMA32 kmalloc).
 *
 * Return: the memory, or NULL.
 */
void *kmalloc(size_t size, gfp_t flags);

/** kzalloc() - kmalloc() of zeroed memory. */
static inline void *kzalloc(size_t size, gfp_t flags)
{
	return kmalloc(size, flags | __GFP_ZERO);
}

/** kmalloc_array() - kmalloc() of @n * @size bytes; NULL on overflow. */
static inline void *kmalloc_array(size_t n, size_t size, gfp_t flags)
{
	size_t bytes;

	if (__builtin_mul_overflow(n, size, &bytes))
		return NULL;
	return kmalloc(bytes, flags);
}

/** kcalloc() - zeroed kmalloc_array(). */
static inline void *kcalloc(size_t n, size_t size, gfp_t flags)
{
	return kmalloc_array(n, size, flags | __GFP_ZERO);
}

/**
 * krealloc() - resize a kmalloc'ed block, keeping its contents.
 * @p:         the block, NULL or ZERO_SIZE_PTR.
 * @new_size:  the size wanted; 0 frees @p and returns ZERO_SIZE_PTR.
 * @flags:     GFP flags.
 *
 * Return: the (possibly moved) block, or NULL with @p untouched.
 */
void *krealloc(const void *p, size_t new_size, gfp_t flags);

/** kfree() - free kmalloc'ed memory; NULL and ZERO_SIZE_PTR are ignored. */
void kfree(const void *p);

/** kfree_bulk() - kfree() each of @size pointers in @p. */
static inline void kfree_bulk(size_t size, void **p)
{
	kmem_cache_free_bulk(NULL, size, p);
}

/**
 * ksize() - the usable size of a kmalloc'ed block (the size of its slot,
 * or less under debugging).
 * @p: the block.
 */
size_t ksize(const void *p);

/** kmemdup() - kmalloc a copy of @len bytes at @src. */
void *kmemdup(const void *src, size_t len, gfp_t gfp);
/** kstrdup() - kmalloc a copy of the string @s (NULL gives NULL). */
char *kstrdup(const char *s, gfp_t gfp);
/** kstrndup() - kmalloc a copy of at most @max bytes of @s. */
char *kstrndup(const char *s, size_t max, gfp_t gfp);

#ifdef __cplusplus
}
#endif

#pragma GCC visibility pop

#endif /* ZSLAB_SLAB_H */
