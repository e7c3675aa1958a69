/* SPDX-License-Identifier: MIT */
/*
 * kmalloc.c - the kmalloc size classes (8..8k plus 96 and 192) in three
 * types (normal, reclaimable, DMA), large kmalloc from the page allocator,
 * and the helpers built on them (kfree, ksize, krealloc, kmemdup, kstrdup).
 *
 * There is no DMA32 kmalloc, as in the kernel: __GFP_DMA32 selects a
 * normal cache, and is reported and stripped when that cache needs a slab.
 */
#include <errno.h>
#include <string.h>

#include "common/lazy_boot.h"
#include "common/report.h"
#include "mm/page_alloc.h"
#include "slab/class_map.h"
#include "slab/slab.h"
#include "slab/slub_debug.h"
#include "slab/slub_internal.h"
#include "slab/sheaf_fast.h"

struct kmem_cache *zs_kmalloc_caches[NR_KMALLOC_TYPES][KMALLOC_SHIFT_HIGH + 1];

/* kmalloc_index() (slab.h) of sizes 1..192, at (size - 1) / 8.  Above,
 * a bit scan: a table of every size (1 KiB) measured 10% slower in
 * kmalloc_rand, whose naturally aligned 4 and 8 KiB objects evict its
 * lines from L1. */
static const unsigned char size_index[24] = {
	3, 4, 5, 5, 6, 6, 6, 6,
	1, 1, 1, 1, 7, 7, 7, 7,
	2, 2, 2, 2, 2, 2, 2, 2,
};

static const char *const size_names[KMALLOC_SHIFT_HIGH + 1] = {
	NULL, "96", "192", "8", "16", "32", "64", "128", "256", "512",
	"1k", "2k", "4k", "8k",
};

static const char *const type_prefix[NR_KMALLOC_TYPES] = {
	"kmalloc-", "kmalloc-rcl-", "dma-kmalloc-",
};

static unsigned int index_size(unsigned int i)
{
	return i == 1 ? 96 : i == 2 ? 192 : 1u << i;
}

static inline unsigned int kmalloc_slab_index(size_t size)
{
	if (size <= 192)
		return size_index[(size - 1) / 8];
	return 64 - (unsigned int)__builtin_clzl(size - 1);
}

static inline enum kmalloc_cache_type kmalloc_type(gfp_t flags)
{
	if (flags & __GFP_DMA)
		return KMALLOC_DMA;
	return (flags & __GFP_RECLAIMABLE) ? KMALLOC_RECLAIM : KMALLOC_NORMAL;
}

/* The cache of @size (1..KMALLOC_MAX_CACHE_SIZE) bytes for @flags. */
struct kmem_cache *zs_kmalloc_slab(size_t size, gfp_t flags)
{
	return zs_kmalloc_caches[kmalloc_type(flags)][kmalloc_slab_index(size)];
}

/* Names live as long as the process: one static buffer per cache. */
static char names[NR_KMALLOC_TYPES][KMALLOC_SHIFT_HIGH + 1][24];

int zs_kmalloc_init(void)
{
	static const slab_flags_t type_flags[NR_KMALLOC_TYPES] = {
		SLAB_KMALLOC, SLAB_KMALLOC | SLAB_RECLAIM_ACCOUNT,
		SLAB_KMALLOC | SLAB_CACHE_DMA,
	};

	for (unsigned int t = 0; t < NR_KMALLOC_TYPES; t++)
		for (unsigned int i = 1; i <= KMALLOC_SHIFT_HIGH; i++) {
			unsigned int size = index_size(i);
			/* normal and rcl caches are usercopy, so never merge */
			unsigned int usersize = t == KMALLOC_DMA ? 0 : size;
			snprintf(names[t][i], sizeof(names[t][i]), "%s%s",
				 type_prefix[t], size_names[i]);
			zs_kmalloc_caches[t][i] = zs_create_boot_kmalloc(names[t][i],
				size, type_flags[t], usersize);
			if (!zs_kmalloc_caches[t][i])
				return -ENOMEM;
			zs_class_register(zs_kmalloc_caches[t][i]);
		}
	return 0;
}

/* --- malloc's size classes (slab.h) ---------------------------------- */

/* What a class's entry holds until its cache is made: no sheaves
 * (sheaf_id past every table), and no slab's cache. */
struct kmem_cache zs_malloc_unmade = { .sheaf_id = ZS_DEAD_ID };

struct kmem_cache *zs_malloc_caches[ZS_MALLOC_NR_CLASSES] = {
	[0 ... ZS_MALLOC_NR_CLASSES - 1] = &zs_malloc_unmade
};

const unsigned char zs_malloc_class_idx[ZS_MALLOC_MAX_SIZE / 16] = {
	[0] = 0, [1] = 1, [2] = 2, [3] = 3, [4] = 4, [5] = 5, [6] = 6, [7] = 7,
	[8 ... 9] = 8, [10 ... 11] = 9, [12 ... 13] = 10, [14 ... 15] = 11,
	[16 ... 19] = 12, [20 ... 23] = 13, [24 ... 27] = 14, [28 ... 31] = 15,
	[32 ... 39] = 16, [40 ... 47] = 17, [48 ... 55] = 18, [56 ... 63] = 19,
	[64 ... 79] = 20, [80 ... 95] = 21, [96 ... 111] = 22, [112 ... 127] = 23,
	[128 ... 159] = 24, [160 ... 191] = 25, [192 ... 223] = 26,
	[224 ... 255] = 27, [256 ... 319] = 28, [320 ... 383] = 29,
	[384 ... 447] = 30, [448 ... 511] = 31, [512 ... 639] = 32,
	[640 ... 767] = 33, [768 ... 895] = 34, [896 ... 1023] = 35,
	[1024 ... 1279] = 36, [1280 ... 1535] = 37, [1536 ... 1791] = 38,
	[1792 ... 2047] = 39
};

/* 0: not made since boot, 1: being made, 2: made (or tried). */
static int malloc_state;

unsigned int zs_malloc_class_size(unsigned int i)
{
	unsigned int e = 7 + (i - 8) / 4, m = (i - 8) % 4;

	return i < 8 ? 16 * (i + 1) : (5 + m) << (e - 2);
}

bool zs_malloc_caches_tried(void)
{
	return __atomic_load_n(&malloc_state, __ATOMIC_ACQUIRE) == 2;
}

/*
 * A malloc class's sheaf holds at most MALLOC_SHEAF_BYTES of objects (64
 * objects up to 1 KiB, 4 of 16 KiB, 2 of 32 KiB): the default's sheaves
 * of 32 8-KiB objects, idle in each thread as its sheaves random-walk,
 * were most of rptest's RSS over glibc's (a 32 KiB budget: 8.5 -> 7.3
 * MiB, with no change in its time, larson's, alloc-test's or mstress's).
 * With the spare sheaf (sheaf.c) a thread keeps two, and the budget went
 * to 64 KiB: the small sheaves of the classes of 4 KiB and more sent
 * alloc-test to the barn and the slabs, under locks the threads share,
 * often enough to cost it 182 -> 166 ms (scale 1, two threads, median of
 * 7, in runs where those locks' lines cross between the cores slowly;
 * 168 -> 162 ms otherwise) for rptest's RSS 7.7 -> 8.5 MiB.  kmalloc
 * keeps the default, which its random sizes need (kmalloc_rand: 19.4 ->
 * 22.4 ns a step with this budget).  A class above 32 KiB, where a slab
 * holds one object, keeps one object a thread: an allocation after a
 * free of its class reuses it without the buddy allocator's zone lock,
 * which mstress's 32..64 KiB blocks took on one call in 25 when they
 * were page blocks (two threads at scale 3: 0.31 -> 0.28 s, and 0.77 ->
 * 0.62 s, with classes up to 256 KiB, in the runs where the threads'
 * cores contend).
 */
#define MALLOC_SHEAF_BYTES (64u << 10)
static unsigned int malloc_sheaf_capacity(unsigned int size)
{
	unsigned int n = MALLOC_SHEAF_BYTES / size;

	if (size > ZS_MALLOC_MAX_SIZE)
		return 1;
	return n > SHEAF_MAX ? SHEAF_MAX : n < 2 ? 2 : n;
}

/*
 * A malloc class keeps up to MALLOC_PARTIAL_BYTES of partial slabs (its
 * min_partial, at least the kernel's 5..10), where the kernel's rule
 * gave the 6th empty order-3 slab of malloc-4k back to the page
 * allocator: a program that frees a batch and allocates it again (glibc's
 * malloc-simple, 1,000 blocks a batch) made and unmade 100 slabs a batch,
 * each with its class map entries and free list written again.  An idle
 * class gives the reserve back (barn.c's decay), and its pages were
 * resident in the page allocator anyway, so the RSS does not grow.
 */
#define MALLOC_PARTIAL_BYTES (1u << 20)
static void malloc_keep_partial(struct kmem_cache *s)
{
	unsigned long n = MALLOC_PARTIAL_BYTES / (PAGE_SIZE << s->order);

	if (n > s->min_partial)
		__atomic_store_n(&s->min_partial, n, __ATOMIC_RELAXED);
}

/*
 * Colour a class's slabs only where objects share pages: a slab of a
 * class above 32 KiB holds one object and its leftover, and cycling the
 * object over the leftover would touch, slab by slab, every page of it
 * (peak RSS coloured and not: mstress 17.0 and 16.8 MiB, alloc-test
 * 62.4 and 61.8 MiB).
 */
static slab_flags_t malloc_colour(unsigned int size)
{
	return size > ZS_MALLOC_MAX_SIZE ? 0 : SLAB_COLOUR;
}

int zs_malloc_caches_create(void)
{
	static char class_names[ZS_MALLOC_NR_CLASSES][sizeof("malloc-4294967295k")];
	int expect = 0, err = 0;

	if (!__atomic_compare_exchange_n(&malloc_state, &expect, 1, false,
					 __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
		return 0;
	for (unsigned int i = 0; i < ZS_MALLOC_NR_CLASSES && !err; i++) {
		unsigned int size = zs_malloc_class_size(i);
		struct kmem_cache *s;

		if (size % 1024)
			snprintf(class_names[i], sizeof(class_names[i]), "malloc-%u", size);
		else
			snprintf(class_names[i], sizeof(class_names[i]), "malloc-%uk", size / 1024);
		struct kmem_cache_args args = { .align = 16, .usersize = size,
						.sheaf_capacity = malloc_sheaf_capacity(size) };
		s = zs_kmem_cache_create_internal(class_names[i], size, &args, SLAB_NO_MERGE,
						  malloc_colour(size) | SLAB_BARN_DECAY);
		if (!s) {
			err = -ENOMEM;
		} else {
			zs_class_register(s);   /* before its first slab */
			malloc_keep_partial(s);
			__atomic_store_n(&zs_malloc_caches[i], s, __ATOMIC_RELEASE);
		}
	}
	__atomic_store_n(&malloc_state, 2, __ATOMIC_RELEASE);
	return err;
}

void zs_kmalloc_exit(void)
{
	memset(zs_kmalloc_caches, 0, sizeof(zs_kmalloc_caches));
	for (unsigned int i = 0; i < ZS_MALLOC_NR_CLASSES; i++)
		zs_malloc_caches[i] = &zs_malloc_unmade;
	__atomic_store_n(&malloc_state, 0, __ATOMIC_RELEASE);
}

static void *kmalloc_large(size_t size, gfp_t flags)
{
	unsigned int order = (unsigned int)get_order(size);
	struct page *page;

	if (flags & GFP_SLAB_BUG_MASK)
		flags = zs_kmalloc_fix_flags(flags);
	page = zs_alloc_pages(flags | __GFP_COMP, order);
	if (!page)
		return NULL;
	pg_set_flags(page, pg_flags(page) | PG_large);
	zs_mod_node_stat(NR_SLAB_UNRECLAIMABLE, 1L << order);
	return zs_page_address(page);
}

/*
 * kmalloc()'s cold tail for a cache's size: the slow (or hooked) path when
 * the sheaf gave nothing (@obj NULL), __GFP_ZERO, and the request size a
 * debug cache records (debug caches have no sheaves, so their objects
 * always come through here).
 */
static __attribute__((noinline, cold)) void *
kmalloc_tail(struct kmem_cache *s, void *obj, size_t size, gfp_t flags)
{
	if (!obj)
		obj = zs_slab_hooks ? zs_sheaf_alloc_hooked(s, flags) : zs_sheaf_alloc_slow(s, flags);
	else if (flags & __GFP_ZERO)
		memset(obj, 0, s->object_size);
	if ((s->flags & SLAB_ORIG_SIZE_FLAGS) && obj)
		zs_debug_set_orig_size(s, obj, size);
	return obj;
}

/* kmalloc() of 0, of a large size, or before boot (no caches yet). */
static __attribute__((noinline, cold)) void *kmalloc_other(size_t size, gfp_t flags)
{
	struct kmem_cache *s;

	if (!size)
		return ZERO_SIZE_PTR;
	zs_legacy_ensure_booted();
	if (size > KMALLOC_MAX_CACHE_SIZE)
		return kmalloc_large(size, flags);
	s = zs_kmalloc_slab(size, flags);
	if (!s)     /* the lazy boot found no host memory: no caches */
		return NULL;
	return kmalloc_tail(s, NULL, size, flags);
}

/*
 * A leaf: the class's cache, one pop, return; everything else is in the
 * cold tails.  Before boot the cache table is all NULL (lazy_boot.h), so
 * the NULL test is also the "not booted" test.
 */
void *kmalloc(size_t size, gfp_t flags)
{
	if (__builtin_expect(size - 1 < KMALLOC_MAX_CACHE_SIZE, 1)) {
		/* the kernel's kmalloc_type() tests the common case first:
		 * neither bit set is KMALLOC_NORMAL */
		bool normal = !(flags & (__GFP_DMA | __GFP_RECLAIMABLE));
		struct kmem_cache *s = __builtin_expect(normal, 1) ?
			zs_kmalloc_caches[KMALLOC_NORMAL][kmalloc_slab_index(size)] :
			zs_kmalloc_slab(size, flags);
		if (__builtin_expect(s != NULL, 1)) {
			void *obj = zs_sheaf_pop(s);
			if (__builtin_expect(obj && !(flags & __GFP_ZERO), 1))
				return obj;
			return kmalloc_tail(s, obj, size, flags);
		}
	}
	return kmalloc_other(size, flags);
}

/* Everything kfree() does not do inline: NULL, large blocks, other RAM
 * ranges and pointers kmalloc never returned. */
static __attribute__((noinline, cold)) void kfree_slow(const void *p)
{
	struct page *page;

	if (ZERO_OR_NULL_PTR(p))
		return;
	switch (zs_ptr_classify(p, &page)) {
	case ZS_PTR_IN_SLAB:    /* a debug cache's checks name what it is */
		if (!(page->slab_cache->flags & SLAB_CONSISTENCY_CHECKS))
			break;
		/* fall through */
	case ZS_PTR_OBJECT:
		zs_sheaf_free_fast(page->slab_cache, (void *)p);
		return;
	case ZS_PTR_LARGE:
		/* a large kmalloc block is compound: another get_page() holder
		 * keeps it until its put_page(), as free_large_kmalloc() does */
		pg_set_flags(page, pg_flags(page) & ~PG_large);
		zs_mod_node_stat(NR_SLAB_UNRECLAIMABLE, -(1L << page->order));
		zs_put_page(page);
		return;
	case ZS_PTR_NOT_RAM:
	case ZS_PTR_PAGE:
		break;
	}
	page = zs_virt_to_page(p);
	if (page && page->slab_cache)
		zs_warn("kfree: %s: %p is not the start of an object; not freed",
			page->slab_cache->name, p);
	else
		zs_debug_outside_slab(NULL, "kfree", p);
}

/* kfree() of @p at offset @off of range 0, an object start of its class
 * by the class map, that the push refused: the cache is read here. */
static __attribute__((noinline)) void kfree_class_slow(const void *p, uintptr_t off)
{
	zs_sheaf_free_missed(zs_class_cache_at(off), (void *)p);
}

/*
 * The class map first (class_map.h): the page's entry names the class
 * whose objects start on @p's page.  A power-of-two class's mask tests
 * that @p is such a start (kmalloc's classes but two, and the test kfree()
 * was built on: two instructions); the other classes (kmalloc-96,
 * kmalloc-192, malloc's) take the map's general test, which also gives
 * the sheaf_id and the slab's owner, so that neither their struct page
 * nor their cache is read unless the push is refused.  Everything else
 * (debug layouts, pages of 8 KiB slots on which none starts, other
 * pages) takes the struct page test, then kfree_slow().
 */
void kfree(const void *p)
{
	uintptr_t off = (uintptr_t)p - (uintptr_t)zs_ranges[0].host;

	if (__builtin_expect(off < zs_range0_bytes, 1)) {
		const struct zs_class *c = &zs_classes[zs_class_at(off)];
		unsigned int id;
		uint32_t owner;
		if (__builtin_expect(!((uintptr_t)p & zs_class_mask(c)), 1)) {
			zs_sheaf_free_off(c->s, (void *)p, off);
			return;
		}
		if (zs_class_find(off, &id, &owner)) {
			if (!zs_sheaf_push_at(id, (void *)p, zs_owner_foreign(owner)))
				kfree_class_slow(p, off);
			return;
		}
		struct page *page = zs_mem_map + (off >> PAGE_SHIFT);
		struct kmem_cache *s = page->slab_cache;
		if (__builtin_expect(s && zs_valid_object_at(s, page, p), 1)) {
			zs_sheaf_free_off(s, (void *)p, off);
			return;
		}
	}
	kfree_slow(p);
}

size_t zs_ksize(const void *p)
{
	struct kmem_cache *s;
	struct page *page;

	if (ZERO_OR_NULL_PTR(p))
		return 0;
	s = zs_obj_cache(p);
	if (s) {
		if (s->flags & (SLAB_RED_ZONE | SLAB_POISON))
			return s->object_size;
		if (s->flags & SLAB_STORE_USER)
			return s->inuse;
		return s->size;
	}
	if (zs_ptr_classify(p, &page) == ZS_PTR_LARGE)
		return PAGE_SIZE << page->order;
	return 0;
}

/*
 * ksize() promises the caller every byte it returns: as the kernel's
 * skip_orig_size_check() (6.2+), the object's kmalloc red zone then
 * ends at object_size, so writing up to ksize is no overflow.
 */
size_t ksize(const void *p)
{
	size_t n = zs_ksize(p);
	struct kmem_cache *s;

	if (!n && !ZERO_OR_NULL_PTR(p))
		zs_warn("ksize: %p was not returned by kmalloc", p);
	s = n ? zs_obj_cache(p) : NULL;
	if (s && (s->flags & SLAB_ORIG_SIZE_FLAGS))
		zs_debug_set_orig_size(s, (void *)p, s->object_size);
	return n;
}

/* The bytes in use of @p (its kmalloc request size when tracked), else 0. */
static size_t tracked_size(const void *p)
{
	struct kmem_cache *s = zs_obj_cache(p);

	return s ? zs_debug_orig_size(s, p) : 0;
}

/* Record @size as @p's request (slub_debug's kmalloc red zone follows). */
static void set_tracked_size(const void *p, size_t size)
{
	struct kmem_cache *s = zs_obj_cache(p);

	if (s && (s->flags & SLAB_ORIG_SIZE_FLAGS))
		zs_debug_set_orig_size(s, (void *)p, size);
}

/*
 * krealloc() as mainline (6.12+) does it: in place when @new_size fits
 * the slot, zeroing with __GFP_ZERO the bytes the caller did not have
 * before (from the tracked request size) or the spare bytes after
 * @new_size; else a new block, into which the bytes in use are copied.
 */
void *krealloc(const void *p, size_t new_size, gfp_t flags)
{
	size_t ks, orig;
	void *ret;

	if (!new_size) {
		kfree(p);
		return ZERO_SIZE_PTR;
	}
	if (ZERO_OR_NULL_PTR(p))
		return kmalloc(new_size, flags);
	ks = zs_ksize(p);      /* not ksize(): that would hand over the rest */
	orig = tracked_size(p);
	if (new_size <= ks) {
		if (flags & __GFP_ZERO) {
			if (orig && orig < new_size)
				memset((char *)p + orig, 0, new_size - orig);
			else
				memset((char *)p + new_size, 0, ks - new_size);
		}
		set_tracked_size(p, new_size);
		return (void *)p;
	}
	ret = kmalloc(new_size, flags);
	if (ret) {
		memcpy(ret, p, orig ? orig : ks);
		kfree(p);
	}
	return ret;
}

void *zslab_krealloc_legacy(const void *p, size_t new_size, gfp_t flags)
{
	size_t ks;
	void *ret;

	if (!new_size) {
		kfree(p);
		return ZERO_SIZE_PTR;
	}
	ks = zs_ksize(p);
	if (ks >= new_size) {
		set_tracked_size(p, new_size);
		return (void *)p;
	}
	ret = kmalloc(new_size, flags);
	if (ret && ks) {
		memcpy(ret, p, ks);
		kfree(p);
	}
	return ret;
}

void *kmalloc_trace(struct kmem_cache *s, gfp_t flags, size_t size)
{
	void *obj = kmem_cache_alloc(s, flags);

	if (obj && (s->flags & SLAB_ORIG_SIZE_FLAGS))
		zs_debug_set_orig_size(s, obj, size);
	return obj;
}

void *kmemdup(const void *src, size_t len, gfp_t gfp)
{
	void *p = kmalloc(len, gfp);

	if (p && len)
		memcpy(p, src, len);
	return p;
}

char *kstrndup(const char *s, size_t max, gfp_t gfp)
{
	size_t len;
	char *p;

	if (!s)
		return NULL;
	len = strnlen(s, max);
	p = kmalloc(len + 1, gfp);
	if (p) {
		memcpy(p, s, len);
		p[len] = 0;
	}
	return p;
}

char *kstrdup(const char *s, gfp_t gfp)
{
	return s ? kstrndup(s, strlen(s), gfp) : NULL;
}
