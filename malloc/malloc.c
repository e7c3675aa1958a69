/* SPDX-License-Identifier: MIT */
/*
 * malloc.c - the C library's allocation API on zslab: malloc's own size
 * classes up to 64 KiB (slab.h: ordinary SLUB caches "malloc-16" ...
 * "malloc-64k", four per doubling; inline up to 32 KiB), the page
 * allocator up to 4 MiB (the
 * largest order), and mappings of their own above (bigmap.c).  Aligned
 * requests above 16 bytes, and slub_debug's, use kmalloc's classes.
 *
 * Each thread has a mode word (tl_mode, in the slab layer's TLS block
 * zs_tl_slab, so that the fast paths read it and the sheaf table from one
 * thread-pointer offset).  Zero is the only state in which
 * zslab is entered directly; any other bit sends the call to the slow
 * path:
 *   MODE_NEW     - this thread has not been set up (exit hook, boot);
 *   MODE_IN      - this thread is inside zslab already: a libc call made
 *                  by zslab (or by its boot) allocated, so the call is
 *                  served from the bootstrap arena and frees are dropped;
 *   MODE_EXITING - this thread's zslab exit hooks have run; entering
 *                  zslab would register the thread again after its last
 *                  chance to unregister, so allocations come from the
 *                  arena and frees are queued on the orphan list, which
 *                  the next thread to start or exit hands to kfree().
 *
 * Alignment: malloc's classes are multiples of 16 in 16-byte aligned
 * caches; kmalloc's power-of-two classes are aligned to their size
 * (objects sit at multiples of the size in page-aligned slabs, and page
 * blocks at multiples of their size: zs_host_reserve() aligns RAM to
 * 4 MiB), every class is a multiple of 16, and the result is checked, so
 * a layout that breaks this (a debug red zone, a RAM range at an odd
 * base) costs a shifted block (shifted.c) or a mapping, never a
 * misaligned pointer.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>

#include "init/malloc_iface.h"
#include "zmalloc.h"
#include "zslab_malloc.h"
#include <zslab/slab.h>

#define GFP_MALLOC (GFP_KERNEL | __GFP_NOWARN)
#define EXIT_SLOT 3

enum { MODE_IN = 1, MODE_NEW = 2, MODE_EXITING = 4 };

/* This thread's mode word lives in the slab layer's TLS block
 * (sheaf_fast.h), beside the sheaf table the inline paths read next:
 * one thread-pointer offset serves both. */
#define tl_mode (zs_tl_slab.mode)
_Static_assert(MODE_NEW == ZS_TLS_MODE_INIT, "a new thread starts in MODE_NEW");
static _Atomic(void *) orphans;
static pthread_once_t fork_once = PTHREAD_ONCE_INIT;

/* --- the orphan list ---------------------------------------------------- */

static void orphan_push(void *p)
{
	void *head = atomic_load_explicit(&orphans, memory_order_relaxed);

	do {
		*(void **)p = head;
	} while (!atomic_compare_exchange_weak(&orphans, &head, p));
}

/* kfree() every orphan; called in MODE_IN by a live thread. */
static void orphans_drain(void)
{
	void *p = atomic_exchange(&orphans, NULL);

	while (p) {
		void *next = *(void **)p;
		kfree(p);
		p = next;
	}
}

/* --- thread set-up and exit --------------------------------------------- */

static void fork_prepare(void)
{
	zm_big_fork_prepare();
}

static void fork_done(void)
{
	zm_big_fork_done();
}

static void register_fork(void)
{
	pthread_atfork(fork_prepare, fork_done, fork_done);
}

static void thread_exit(void *arg)
{
	(void)arg;
	tl_mode = MODE_IN;
	orphans_drain();
	tl_mode = MODE_EXITING;
}

/* First call on this thread: boot zslab if need be and arm the exit hook. */
static void thread_setup(void)
{
	tl_mode = MODE_IN;
	zs_lazy_boot();
	pthread_once(&fork_once, register_fork);
	orphans_drain();
	/* pthread_setspecific() may calloc: let that be an ordinary call */
	tl_mode = 0;
	zs_host_thread_exit_hook(EXIT_SLOT, thread_exit, NULL);
}

bool zm_enter(void)
{
	if (tl_mode & MODE_NEW)
		thread_setup();
	if (tl_mode)
		return false;
	tl_mode = MODE_IN;
	return true;
}

void zm_leave(void)
{
	tl_mode = 0;
}

/* --- allocation ---------------------------------------------------------- */

static void free_in_zslab(void *p)
{
	tl_mode = MODE_IN;
	kfree(p);
	tl_mode = 0;
}

static size_t pow2_at_least(size_t n)
{
	return n <= 1 ? 1 : (size_t)1 << (64 - __builtin_clzl(n - 1));
}

/*
 * A block for a request of @size bytes (16..ZS_MALLOC_BIG_SIZE), in
 * MODE_IN: from malloc's class cache (made here on the first need);
 * under slub_debug of the request's kmalloc class from that class
 * instead (debug.c: the red zone at the request size); and while the
 * malloc classes are not there (another thread is making them, or there
 * was no memory) from kmalloc's class, or its page blocks above 8 KiB.
 */
static void *small_in(size_t size, gfp_t gfp)
{
	struct kmem_cache *s;

	if (size <= KMALLOC_MAX_CACHE_SIZE && zm_debug_wants(size))
		return zm_debug_alloc(size, gfp);
	if (__builtin_expect(!zs_malloc_caches_tried(), 0))
		zs_malloc_caches_create();
	s = __atomic_load_n(zm_class_slot(size), __ATOMIC_ACQUIRE);
	if (s != &zs_malloc_unmade)
		return kmem_cache_alloc(s, gfp);
	return kmalloc(size <= KMALLOC_MAX_CACHE_SIZE ? zm_class_size(size) : size, gfp);
}

/* An @align-aligned block of @size bytes, in MODE_IN. */
static void *alloc_in(size_t size, size_t align, gfp_t gfp)
{
	size_t want = size < ZM_MIN_ALIGN ? ZM_MIN_ALIGN : size;
	void *p;

	if (align <= ZM_MIN_ALIGN && want <= ZS_MALLOC_BIG_SIZE) {
		p = small_in(want, gfp);
	} else {
		if (align > ZM_MIN_ALIGN && want <= KMALLOC_MAX_SIZE)
			want = pow2_at_least(want > align ? want : align);
		if (want > KMALLOC_MAX_SIZE)
			return zm_big_alloc(size, align, gfp & __GFP_ZERO);
		p = kmalloc(want, gfp);
	}
	if (p && !((uintptr_t)p & (align - 1)))
		return zm_debug_trim(p, size);
	kfree(p);
	if (p) {        /* kmalloc cannot align this: shift into a bigger one */
		p = zm_shift_alloc(size, align, gfp);
		if (p)
			return p;
	}
	return zm_big_alloc(size, align, gfp & __GFP_ZERO);
}

static __attribute__((noinline)) void *alloc_slow(size_t size, size_t align, gfp_t gfp)
{
	void *p;

	if (tl_mode & MODE_NEW)
		thread_setup();
	if (tl_mode) {
		p = zm_boot_alloc(size, align);
	} else {
		tl_mode = MODE_IN;
		p = alloc_in(size, align, gfp);
		tl_mode = 0;
		if (p)
			ZM_COUNT(size);
	}
	if (!p)
		errno = ENOMEM;
	return p;
}

/* kmalloc gave @p (NULL or not 16-byte aligned): fail, or align it. */
static __attribute__((noinline)) void *alloc_fixup(void *p, size_t size, gfp_t gfp)
{
	if (!p) {
		errno = ENOMEM;
		return NULL;
	}
	free_in_zslab(p);
	return alloc_slow(size, ZM_MIN_ALIGN, gfp);
}

/* kmalloc()'s index of the class for (n - 1) / 16: 16, 32, 64, 96, 128, 192, 256 ... 8k. */
const unsigned char zm_class_idx[8192 / 16] = {
	[0] = 4, [1] = 5, [2 ... 3] = 6, [4 ... 5] = 1, [6 ... 7] = 7,
	[8 ... 11] = 2, [12 ... 15] = 8, [16 ... 31] = 9, [32 ... 63] = 10,
	[64 ... 127] = 11, [128 ... 255] = 12, [256 ... 511] = 13,
};

/* A small allocation the inline path could not serve, in MODE_IN. */
static __attribute__((noinline)) void *alloc_small(size_t size, gfp_t gfp)
{
	void *p;

	tl_mode = MODE_IN;
	p = small_in(size < ZM_MIN_ALIGN ? ZM_MIN_ALIGN : size, gfp);
	tl_mode = 0;
	if (__builtin_expect(p && !((uintptr_t)p & (ZM_MIN_ALIGN - 1)), 1)) {
		ZM_COUNT(size);
		return p;
	}
	return alloc_fixup(p, size, gfp);
}

/*
 * A small request zm_pop_class() could not serve, or any other.  A thread
 * that may enter zslab also gives the big-mapping cache its decay look
 * (never in MODE_IN: big_lock comes first in the lock order).
 */
static __attribute__((noinline)) void *alloc_miss(size_t size, gfp_t gfp)
{
	if (!tl_mode) {
		zm_big_decay();
		if (size - 1 < ZS_MALLOC_BIG_SIZE)
			return alloc_small(size, gfp);
	}
	return alloc_slow(size, ZM_MIN_ALIGN, gfp);
}

/*
 * The slab fast path, inline (zm_pop_class()).  Hooks (failslab, ASan,
 * valgrind), an empty sheaf, a class whose cache is not there (not
 * booted, not made yet) and everything not small take alloc_miss().
 */
static inline void *alloc(size_t size, gfp_t gfp)
{
	struct kmem_cache *s;
	void *p = zm_pop_class(size, &s);

	if (__builtin_expect(p != NULL, 1)) {
		zs_assert(!((uintptr_t)p & (ZM_MIN_ALIGN - 1)));
		if (gfp & __GFP_ZERO)
			memset(p, 0, s->object_size);
		return p;
	}
	return alloc_miss(size, gfp);
}

/* malloc() and free() start on a cache line: placed where the linker
 * put them, malloc64 pairs varied by 0.6 ns from build to build */
ZM_EXPORT __attribute__((aligned(64))) void *ZM_API(malloc)(size_t size)
{
	return alloc(size, GFP_MALLOC);
}

ZM_EXPORT void *ZM_API(calloc)(size_t n, size_t size)
{
	size_t bytes;

	if (__builtin_mul_overflow(n, size, &bytes)) {
		errno = ENOMEM;
		return NULL;
	}
	return alloc(bytes, GFP_MALLOC | __GFP_ZERO);
}

/* --- free and usable size ------------------------------------------------ */

static bool in_zslab(const void *p)
{
	return zs_virt_to_page(p) != NULL;
}

static void report_foreign(const char *fn, const void *p)
{
	zs_warn("%s: %p was not returned by zslab's malloc; ignored", fn, p);
}

static __attribute__((noinline)) void free_slow(void *p)
{
	void *node;

	if (!p || zm_boot_owns(p))
		return;
	if (tl_mode & MODE_NEW)
		thread_setup();
	if (in_zslab(p)) {
		void *base = zm_kmalloc_block(p) ? NULL : zm_shift_base(p);
		if (base)
			p = base;   /* else kfree() reports p if it is no block */
		if (tl_mode & MODE_EXITING)
			orphan_push(p);
		else if (!tl_mode)
			free_in_zslab(p);
		return;     /* MODE_IN: a free by zslab's own callees, dropped */
	}
	if (tl_mode & MODE_IN)
		return;
	node = zm_big_take(p);
	if (!node) {
		tl_mode |= MODE_IN;
		report_foreign("free", p);
		tl_mode &= ~MODE_IN;
	} else if (tl_mode & MODE_EXITING) {
		orphan_push(node);
	} else {
		free_in_zslab(node);
	}
}

/*
 * Free @p, an object of @s that zs_sheaf_push() refused, through the
 * slab layer's path for refused pushes (hooked, foreign, full sheaf,
 * double free): trying the push again, as zs_sheaf_free_fast() would,
 * only repeats the tests that just failed (issue 12: in rptest one free
 * in 14 comes here, most of them small objects of another thread's slab).
 */
static __attribute__((noinline)) void free_obj_slow(struct kmem_cache *s, void *p)
{
	tl_mode = MODE_IN;
	zs_sheaf_free_missed(s, p);
	tl_mode = 0;
}

/* free_obj_slow() for @p at offset @off of the first RAM range, which the
 * class map found to be an object start of its class: the cache is read
 * here, so that free()'s fast path keeps nothing live across the push. */
static __attribute__((noinline)) void free_class_slow(void *p, uintptr_t off)
{
	free_obj_slow(zs_class_cache_at(off), p);
}

/*
 * The cache of which @p, at offset @off of the first RAM range, is an
 * object start by its struct page, or NULL, in *@sheaf_id its sheaf_id
 * and in *@foreign whether @p is a small object of another thread's
 * slab: for the pages the class map has no code for (class_map.h).
 */
static inline __attribute__((always_inline)) struct kmem_cache *
page_block_cache(const void *p, uintptr_t off, unsigned int *sheaf_id, bool *foreign)
{
	struct page *page = zs_mem_map + (off >> PAGE_SHIFT);
	struct kmem_cache *s = page->slab_cache;

	if (!s || !zs_valid_object_at(s, page, p))
		return NULL;
	*sheaf_id = s->sheaf_id;
	*foreign = zs_off_foreign(s, off);
	return s;
}

/*
 * free() of @p that the class map could not take: an object of a cache
 * the map has no code for (its struct page names it, page_block_cache()),
 * else free_slow() (page blocks, other ranges, big mappings, the arena,
 * bad pointers, a thread not set up or inside zslab).  Out of line, so
 * that free()'s fast path keeps no value for it live.
 */
static __attribute__((noinline)) void free_unmapped(void *p)
{
	uintptr_t off = (uintptr_t)p - (uintptr_t)zs_ranges[0].host;

	if (off < zs_range0_bytes && !tl_mode) {
		unsigned int id;
		bool foreign;
		struct kmem_cache *s = page_block_cache(p, off, &id, &foreign);
		if (s) {
			if (!zs_sheaf_push_at(id, p, foreign))
				free_obj_slow(s, p);
			return;
		}
	}
	free_slow(p);
}

/*
 * free()'s fast path, inline: the class map names the class of a block
 * in the first RAM range, its sheaf_id and the slab's owner, and tests
 * the pointer, in one load from a dense array; the block goes onto this
 * thread's sheaf.  The cache itself is read only when the push is
 * refused (free_class_slow()); everything else is free_unmapped()'s.
 */
static inline __attribute__((always_inline)) void free_block(void *p)
{
	uintptr_t off = (uintptr_t)p - (uintptr_t)zs_ranges[0].host;

	if (__builtin_expect(off < zs_range0_bytes && !tl_mode, 1)) {
		unsigned int id;
		uint32_t owner;
		if (__builtin_expect(zs_class_find(off, &id, &owner) != NULL, 1)) {
			if (!zs_sheaf_push_at(id, p, zs_owner_foreign(owner)))
				free_class_slow(p, off);
			return;
		}
	}
	free_unmapped(p);
}

ZM_EXPORT __attribute__((aligned(64))) void ZM_API(free)(void *p)
{
	free_block(p);
}

void *zm_malloc(size_t size)
{
	return alloc(size, GFP_MALLOC);
}

void *zm_malloc_slow(size_t size)
{
	return alloc_miss(size, GFP_MALLOC);
}

void zm_free(void *p)
{
	free_block(p);
}

/* Bytes usable at @p; 0 (reported) when malloc did not return @p. */
static __attribute__((noinline)) size_t usable_size_slow(void *p)
{
	size_t n;

	if (!p)
		return 0;
	if (zm_boot_owns(p))
		return zm_boot_size(p);
	if (tl_mode & MODE_NEW)
		thread_setup();
	if (in_zslab(p)) {
		void *base = zm_kmalloc_block(p) ? p : zm_shift_base(p);
		n = !base ? 0 : base == p ? ksize(p) : zm_shift_size(p, base);
	} else
		n = zm_big_size(p);
	if (!n && !(tl_mode & MODE_IN)) {
		unsigned int mode = tl_mode;
		tl_mode = MODE_IN;
		report_foreign("malloc_usable_size", p);
		tl_mode = mode;
	}
	return n;
}

/*
 * ksize()'s answer for an object of a slab in the first RAM range, inline
 * (a kmalloc or page block start is never a shifted block, so @p itself
 * is the block); debug caches, whose usable size depends on the layout,
 * and everything else take usable_size_slow().
 */
static inline size_t usable_size(void *p)
{
	uintptr_t off = (uintptr_t)p - (uintptr_t)zs_ranges[0].host;

	if (__builtin_expect(off < zs_range0_bytes, 1)) {
		unsigned int id;
		uint32_t owner;
		bool foreign;
		const struct zs_class *c = zs_class_find(off, &id, &owner);
		struct kmem_cache *s = c ? c->s : page_block_cache(p, off, &id, &foreign);
		if (__builtin_expect(s && !(s->flags & SLAB_DEBUG_FLAGS), 1))
			return s->size;
	}
	return usable_size_slow(p);
}

ZM_EXPORT size_t ZM_API(malloc_usable_size)(void *p)
{
	return usable_size(p);
}

/* --- realloc ------------------------------------------------------------- */

/*
 * Keep @p when @size fits and does not waste more than half of it; else
 * move.  Shrinking a big block by a lot moves it too, so that the memory
 * goes back.  A big block that stays big is remapped instead.
 */
ZM_EXPORT void *ZM_API(realloc)(void *p, size_t size)
{
	size_t old;
	void *q;

	if (!p)
		return ZM_API(malloc)(size);
	if (!size) {
		ZM_API(free)(p);
		return NULL;
	}
	/* big to big: the host moves the mapping (mremap), no copy */
	if (size > KMALLOC_MAX_SIZE && !in_zslab(p) && !zm_boot_owns(p)) {
		q = zm_big_resize(p, size);
		if (q)
			return q;
	}
	old = usable_size(p);
	if (!old) {
		errno = EINVAL;     /* reported by usable_size() */
		return NULL;
	}
	if (size <= old && (size >= old / 2 || old <= 64) && !zm_boot_owns(p))
		return zm_debug_trim(p, size);
	q = ZM_API(malloc)(size);
	if (!q)
		return NULL;
	memcpy(q, p, size < old ? size : old);
	ZM_API(free)(p);
	return q;
}

ZM_EXPORT void *ZM_API(reallocarray)(void *p, size_t n, size_t size)
{
	size_t bytes;

	if (__builtin_mul_overflow(n, size, &bytes)) {
		errno = ENOMEM;
		return NULL;
	}
	return ZM_API(realloc)(p, bytes);
}

/* --- aligned allocation -------------------------------------------------- */

static bool pow2(size_t x)
{
	return x && !(x & (x - 1));
}

void *zm_aligned(size_t align, size_t size)
{
	if (align <= ZM_MIN_ALIGN)
		return alloc(size, GFP_MALLOC);
	return alloc_slow(size, align, GFP_MALLOC);
}

ZM_EXPORT int ZM_API(posix_memalign)(void **out, size_t align, size_t size)
{
	int saved = errno;
	void *p;

	if (!pow2(align) || align % sizeof(void *))
		return EINVAL;
	p = zm_aligned(align, size);
	if (!p) {
		errno = saved;
		return ENOMEM;
	}
	*out = p;
	return 0;
}

ZM_EXPORT void *ZM_API(aligned_alloc)(size_t align, size_t size)
{
	if (!pow2(align)) {
		errno = EINVAL;
		return NULL;
	}
	return zm_aligned(align, size);
}

/* glibc's memalign(): a non-power-of-two alignment is rounded up. */
ZM_EXPORT void *ZM_API(memalign)(size_t align, size_t size)
{
	if (align > SIZE_MAX / 2 + 1) {
		errno = EINVAL;
		return NULL;
	}
	return zm_aligned(pow2_at_least(align), size);
}

ZM_EXPORT void *ZM_API(valloc)(size_t size)
{
	return zm_aligned(ZS_HOST_PAGE, size);
}

ZM_EXPORT void *ZM_API(pvalloc)(size_t size)
{
	size_t rounded = (size + ZS_HOST_PAGE - 1) & ~(ZS_HOST_PAGE - 1);

	if (rounded < size) {
		errno = ENOMEM;
		return NULL;
	}
	return zm_aligned(ZS_HOST_PAGE, rounded ? rounded : ZS_HOST_PAGE);
}
