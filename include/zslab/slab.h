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

#include <stdbool.h>
#include <stddef.h>
#include <zslab/gfp.h>
#include <zslab/mm.h>

/* The API is what libzslab exports; everything else is hidden. */
#pragma GCC visibility push(default)

#ifdef __cplusplus
extern "C" {
#endif

typedef unsigned int slab_flags_t;

/*
 * SLAB_* flags: every name of the kernel's <linux/slab.h>, mainline and
 * older eras.  Values are the 5.x ones where a flag had one (mainline
 * numbers its flags from an enum; code uses the names).  Flags of kernel
 * features zslab does not have are 0, exactly as the kernel's header
 * defines them when that feature is configured out, so they are accepted
 * and do nothing.
 */
#define SLAB_CONSISTENCY_CHECKS 0x00000100u /* checks on alloc and free (F) */
#define SLAB_RED_ZONE           0x00000400u /* red zones around objects (Z) */
#define SLAB_POISON             0x00000800u /* poison freed objects (P) */
#define SLAB_KMALLOC            0x00001000u /* a kmalloc cache: with U, records
					     * the requested size */
#define SLAB_HWCACHE_ALIGN      0x00002000u /* align objects on cache lines */
#define SLAB_CACHE_DMA          0x00004000u /* slabs in ZONE_DMA */
#define SLAB_CACHE_DMA32        0x00008000u /* slabs in ZONE_DMA32 (or DMA) */
#define SLAB_STORE_USER         0x00010000u /* record the last alloc and free (U) */
#define SLAB_RECLAIM_ACCOUNT    0x00020000u /* objects are reclaimable */
#define SLAB_TEMPORARY          SLAB_RECLAIM_ACCOUNT /* objects are short-lived */
#define SLAB_PANIC              0x00040000u /* abort if creation fails */
#define SLAB_TYPESAFE_BY_RCU    0x00080000u /* free slabs wait for an RCU grace
					     * period (zslab_set_rcu_ops()) */
#define SLAB_DESTROY_BY_RCU     SLAB_TYPESAFE_BY_RCU /* its name before 4.12 */
#define SLAB_TRACE              0x00200000u /* report every alloc and free (T) */
#define SLAB_NOLEAKTRACE        0x00800000u /* no leak tracking: never merges, and
					     * slub_debug's global U is left out */
#define SLAB_NO_MERGE           0x01000000u /* never merge this cache (6.4+) */
#define SLAB_FAILSLAB           0x02000000u /* failslab candidate (slub_debug=A) */
#define SLAB_ACCOUNT            0x04000000u /* memcg accounting: no cgroups here,
					     * it only keeps such caches apart */
#define SLAB_NO_USER_FLAGS      0x10000000u /* slub_debug= does not apply (6.2+) */
#define SLAB_DEBUG_FREE         SLAB_CONSISTENCY_CHECKS /* its name before 4.6 */
/* Features zslab has not got; 0 as in a kernel built without them. */
#define SLAB_MEM_SPREAD         0u /* cpuset page spreading (removed in 6.9) */
#define SLAB_DEBUG_OBJECTS      0u /* CONFIG_DEBUG_OBJECTS */
#define SLAB_KASAN              0u /* CONFIG_KASAN_GENERIC metadata */
#define SLAB_SKIP_KFENCE        0u /* CONFIG_KFENCE */
#define SLAB_NO_OBJ_EXT         0u /* CONFIG_SLAB_OBJ_EXT (memcg, profiling) */
#define SLAB_OBJ_EXT_IN_OBJ     0u /* CONFIG_SLAB_OBJ_EXT */
#define SLAB_NOTRACK            0u /* kmemcheck (removed in 4.15) */

/* kmalloc of 0 bytes returns this: not NULL, never dereferenceable. */
#define ZERO_SIZE_PTR ((void *)16)
#define ZERO_OR_NULL_PTR(x) ((unsigned long)(x) <= (unsigned long)ZERO_SIZE_PTR)

/*
 * The kmalloc size classes (SLUB, 4 KiB pages): caches of 8 B to 8 KiB
 * (plus 96 and 192), larger requests straight from the page allocator,
 * up to one block of the highest page order.
 */
#define KMALLOC_SHIFT_LOW      3
#define KMALLOC_SHIFT_HIGH     (PAGE_SHIFT + 1)
#define KMALLOC_SHIFT_MAX      (MAX_ORDER + PAGE_SHIFT - 1)
#define KMALLOC_MIN_SIZE       (1 << KMALLOC_SHIFT_LOW)
#define KMALLOC_MAX_CACHE_SIZE (1UL << KMALLOC_SHIFT_HIGH)
#define KMALLOC_MAX_SIZE       (1UL << KMALLOC_SHIFT_MAX)
#define KMALLOC_MAX_ORDER      (KMALLOC_SHIFT_MAX - PAGE_SHIFT)
#define ARCH_KMALLOC_MINALIGN  __alignof__(unsigned long long)
#define ARCH_SLAB_MINALIGN     __alignof__(unsigned long long)
#define SLAB_OBJ_MIN_SIZE      (KMALLOC_MIN_SIZE < 16 ? KMALLOC_MIN_SIZE : 16)

/**
 * kmalloc_index() - the kmalloc size class of @size.
 * @size: bytes.
 *
 * Return: 0 for 0; 1 for 65..96 and 2 for 129..192 (the two odd caches);
 * otherwise n with 2^(n-1) < @size <= 2^n, at least KMALLOC_SHIFT_LOW.
 * Above 64 MiB, where the kernel BUGs, (unsigned int)-1.
 */
static inline unsigned int kmalloc_index(size_t size)
{
	if (!size)
		return 0;
	if (size <= KMALLOC_MIN_SIZE)
		return KMALLOC_SHIFT_LOW;
	if (size > 64 && size <= 96)
		return 1;
	if (size > 128 && size <= 192)
		return 2;
	if (size > (64UL << 20))
		return (unsigned int)-1;
	return 64 - (unsigned int)__builtin_clzl(size - 1);
}

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
 * @name:  the cache's name (copied).  White space in it is warned about
 *         (it confuses parsers of /proc/slabinfo), as the kernel does.
 * @size:  object size in bytes (1 .. KMALLOC_MAX_SIZE).
 * @align: minimum alignment, or 0.  As the kernel's calculate_alignment(),
 *         it is raised to a word (and to a cache line share with
 *         SLAB_HWCACHE_ALIGN); one that is not a power of two is warned
 *         about and gives word alignment only.  Alignments above a page
 *         hold in physical addresses, and in host addresses when the RAM
 *         range's base is 4 MiB aligned (as the default map's is).
 * @flags: SLAB_* flags; a bit no SLAB_ name has is refused.
 *         SLAB_CACHE_DMA with SLAB_CACHE_DMA32 is warned about and means
 *         ZONE_DMA, as GFP_ZONE_TABLE resolves the pair.
 * @ctor:  a constructor run once per object when its slab is made, or NULL.
 *
 * When merging is allowed (no ctor, no debug flags, same zone and
 * accounting flags) an existing compatible cache is returned and @name
 * becomes its alias.
 *
 * Return: the cache, or NULL with one message naming the problem: a NULL
 * or empty name, size 0 or above KMALLOC_MAX_SIZE, an unknown flag, or no
 * memory (SLAB_PANIC aborts instead).
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

/**
 * struct kmem_cache_args - the less common arguments of a cache (6.12+).
 * @align:              minimum object alignment, 0 for none.
 * @useroffset:         offset of the user-copyable region.
 * @usersize:           its size; 0: no such region.
 * @freeptr_offset:     where the free pointer lives inside a free object,
 *                      when @use_freeptr_offset: a word-aligned offset
 *                      below the object size.  Only for caches with
 *                      SLAB_TYPESAFE_BY_RCU or @ctor, whose free pointer
 *                      otherwise goes after the object (growing it); the
 *                      fields there must not be needed by RCU readers or
 *                      set by @ctor.
 * @use_freeptr_offset: @freeptr_offset is meant (0 is a valid offset).
 * @ctor:               constructor, run once per object when its slab is
 *                      made, or NULL.
 * @sheaf_capacity:     objects a per-thread sheaf of the cache holds
 *                      (6.18+).  zslab always has sheaves: 0 keeps its own
 *                      choice, other values are clamped to 1..64.
 */
struct kmem_cache_args {
	unsigned int align;
	unsigned int useroffset;
	unsigned int usersize;
	unsigned int freeptr_offset;
	bool use_freeptr_offset;
	void (*ctor)(void *);
	unsigned int sheaf_capacity;
};

/**
 * __kmem_cache_create_args() - create a cache from struct kmem_cache_args:
 * what the kernel's kmem_cache_create() macro calls when given one.
 * @name:        as kmem_cache_create().
 * @object_size: as kmem_cache_create()'s @size.
 * @args:        the other arguments; NULL means all zero.
 * @flags:       SLAB_* flags.
 *
 * Return: the cache, or NULL with one message naming the problem: those
 * of kmem_cache_create(), or a @freeptr_offset that is not word aligned,
 * not inside the object or not for a TYPESAFE_BY_RCU or ctor cache.
 */
struct kmem_cache *__kmem_cache_create_args(const char *name,
					    unsigned int object_size,
					    struct kmem_cache_args *args,
					    slab_flags_t flags);

/* KMEM_CACHE() - a cache for objects of type struct @__struct. */
#define KMEM_CACHE(__struct, __flags) \
	kmem_cache_create(#__struct, sizeof(struct __struct), \
			  __alignof__(struct __struct), (__flags), NULL)

/*
 * KMEM_CACHE_USERCOPY() - KMEM_CACHE() whose field @__field may be copied
 * to and from user space.
 */
#define KMEM_CACHE_USERCOPY(__struct, __flags, __field) \
	kmem_cache_create_usercopy(#__struct, sizeof(struct __struct), \
				   __alignof__(struct __struct), (__flags), \
				   __builtin_offsetof(struct __struct, __field), \
				   sizeof(((struct __struct *)0)->__field), NULL)

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

/**
 * kmem_cache_alloc_node() - kmem_cache_alloc() from memory node @node.
 * @s:    the cache.
 * @gfp:  GFP flags.
 * @node: NUMA_NO_NODE or 0; other nodes have no memory and are ignored,
 *        as SLUB ignores a node without slabs (see "Memory nodes" in
 *        <zslab/mm.h>).
 *
 * Return: the object, or NULL (also for a @node that is no node number).
 */
void *kmem_cache_alloc_node(struct kmem_cache *s, gfp_t gfp, int node);

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
 * kmalloc_node() - kmalloc() from memory node @node.
 * @size:  as kmalloc().
 * @flags: as kmalloc().
 * @node:  as kmem_cache_alloc_node().
 *
 * Return: the memory, or NULL.
 */
void *kmalloc_node(size_t size, gfp_t flags, int node);

/** kzalloc_node() - kmalloc_node() of zeroed memory. */
static inline void *kzalloc_node(size_t size, gfp_t flags, int node)
{
	return kmalloc_node(size, flags | __GFP_ZERO, node);
}

/** kmalloc_array_node() - kmalloc_node() of @n * @size bytes; NULL on overflow. */
static inline void *kmalloc_array_node(size_t n, size_t size, gfp_t flags,
				       int node)
{
	size_t bytes;

	if (__builtin_mul_overflow(n, size, &bytes))
		return NULL;
	return kmalloc_node(bytes, flags, node);
}

/** kcalloc_node() - zeroed kmalloc_array_node(). */
static inline void *kcalloc_node(size_t n, size_t size, gfp_t flags, int node)
{
	return kmalloc_array_node(n, size, flags | __GFP_ZERO, node);
}

/**
 * kmalloc_size_roundup() - the size kmalloc(@size) really provides.
 * @size: bytes.
 *
 * Return: the size class for @size up to KMALLOC_MAX_CACHE_SIZE, whole
 * pages of a power-of-two block up to KMALLOC_MAX_SIZE, else @size itself
 * (0, or a size kmalloc() refuses).
 */
size_t kmalloc_size_roundup(size_t size);

/**
 * krealloc() - resize a kmalloc'ed block, keeping its contents, with the
 * zeroing rules of current kernels (6.12+).
 * @p:         the block, NULL or ZERO_SIZE_PTR (then as kmalloc()).
 * @new_size:  the size wanted; 0 frees @p and returns ZERO_SIZE_PTR.
 * @flags:     GFP flags.
 *
 * When @new_size fits @p's slot the block stays where it is; with
 * __GFP_ZERO the bytes beyond what the caller had (the recorded request
 * size, where slub_debug records it) up to @new_size, or else the slot's
 * bytes after @new_size, are zeroed; the recorded size becomes @new_size
 * (so slub_debug's kmalloc red zone starts there).  Otherwise a new block
 * is allocated and the bytes in use copied.
 *
 * Return: the (possibly moved) block, or NULL with @p untouched.
 */
void *krealloc(const void *p, size_t new_size, gfp_t flags);

/**
 * zslab_krealloc_legacy() - krealloc() as kernels before 6.12 did it (the
 * kernel-compat tree's older eras call it): the block stays when ksize()
 * holds @new_size, with nothing zeroed whatever @flags say; else a new
 * block gets a copy of the whole slot (ksize() bytes).
 * @p:        the block, or NULL.
 * @new_size: the size wanted; 0 frees @p and returns ZERO_SIZE_PTR.
 * @flags:    GFP flags for a new block (__GFP_ZERO zeroes it whole).
 *
 * Return: the (possibly moved) block, or NULL with @p untouched.
 */
void *zslab_krealloc_legacy(const void *p, size_t new_size, gfp_t flags);

/**
 * kmalloc_trace() - kmalloc @size bytes from the kmalloc-type cache @s
 * (the kernel's kmalloc_trace(), 6.1-6.9; kmem_cache_alloc_trace() before,
 * __kmalloc_cache_noprof() after): an object of @s whose request size,
 * where slub_debug records it (SLAB_STORE_USER on a SLAB_KMALLOC cache),
 * is @size, so the bytes after it are checked as red zone.
 * @s:     the cache.
 * @flags: GFP flags.
 * @size:  the request, at most the cache's object size.
 *
 * Return: the object, or NULL.
 */
void *kmalloc_trace(struct kmem_cache *s, gfp_t flags, size_t size);

/**
 * krealloc_array() - krealloc() to @new_n elements of @new_size bytes.
 * @p:        the block, NULL or ZERO_SIZE_PTR.
 * @new_n:    elements.
 * @new_size: bytes per element.
 * @flags:    GFP flags.
 *
 * Return: as krealloc(); NULL with @p untouched when the product overflows.
 */
static inline void *krealloc_array(void *p, size_t new_n, size_t new_size,
				   gfp_t flags)
{
	size_t bytes;

	if (__builtin_mul_overflow(new_n, new_size, &bytes))
		return NULL;
	return krealloc(p, bytes, flags);
}

/** kfree() - free kmalloc'ed memory; NULL and ZERO_SIZE_PTR are ignored. */
void kfree(const void *p);

/**
 * kfree_sensitive() - kfree() after zeroing the whole block (its ksize()),
 * so no secret stays in freed memory.
 * @p: the block; NULL and ZERO_SIZE_PTR are ignored.
 */
void kfree_sensitive(const void *p);

/**
 * kfree_const() - free a string from kstrdup_const(): nothing when it is
 * the caller's read-only original, else kfree().
 * @x: the string (NULL is ignored).
 */
void kfree_const(const void *x);

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
/**
 * kmemdup_nul() - kmalloc @len bytes of @s plus a terminating NUL.
 * @s:   the bytes (NULL gives NULL).
 * @len: how many to copy (NULs among them are copied too).
 * @gfp: GFP flags.
 */
char *kmemdup_nul(const char *s, size_t len, gfp_t gfp);
/**
 * kstrdup_const() - @s itself when it lies in the program's read-only data
 * (a string literal of the main program, which lives as long as the
 * process), else kstrdup().  Free it with kfree_const().
 * @s:   the string (NULL gives NULL).
 * @gfp: GFP flags.
 */
const char *kstrdup_const(const char *s, gfp_t gfp);

#ifdef __cplusplus
}
#endif

#pragma GCC visibility pop

#endif /* ZSLAB_SLAB_H */
