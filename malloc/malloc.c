/* SPDX-License-Identifier: MIT */
/*
 * malloc.c - the C library's allocation API on zslab: kmalloc's size
 * classes up to 8 KiB, the page allocator up to 4 MiB (the largest order),
 * and mappings of their own above (bigmap.c).
 *
 * Each thread has a mode word (tl_mode).  Zero is the only state in which
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
 * Alignment: kmalloc's power-of-two classes are aligned to their size
 * (objects sit at multiples of the size in page-aligned slabs, and page
 * blocks at multiples of their size: zs_host_reserve() aligns RAM to
 * 4 MiB), every class is a multiple of 16, and the result is checked, so
 * a layout that breaks this (a RAM range at an odd base) costs a mapping,
 * never a misaligned pointer.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>

#include "boot/boot.h"
#include "common/report.h"
#include "host/host.h"
#include "mm/page_alloc.h"
#include "slab/slub_internal.h"
#include "zmalloc.h"
#include "zslab_malloc.h"
#include <zslab/slab.h>

#define GFP_MALLOC (GFP_KERNEL | __GFP_NOWARN)
#define EXIT_SLOT 3

enum { MODE_IN = 1, MODE_NEW = 2, MODE_EXITING = 4 };

static __thread unsigned int tl_mode __attribute__((tls_model("initial-exec"))) = MODE_NEW;
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
	zs_ensure_booted();
	pthread_once(&fork_once, register_fork);
	orphans_drain();
	/* pthread_setspecific() may calloc: let that be an ordinary call */
	tl_mode = 0;
	zs_host_thread_exit_hook(EXIT_SLOT, thread_exit, NULL);
}

/* --- allocation ---------------------------------------------------------- */

static size_t pow2_at_least(size_t n)
{
	return n <= 1 ? 1 : (size_t)1 << (64 - __builtin_clzl(n - 1));
}

/* An @align-aligned block of @size bytes, in MODE_IN. */
static void *alloc_in(size_t size, size_t align, gfp_t gfp)
{
	size_t want = size < ZM_MIN_ALIGN ? ZM_MIN_ALIGN : size;
	void *p;

	if (align > ZM_MIN_ALIGN && want <= KMALLOC_MAX_SIZE)
		want = pow2_at_least(want > align ? want : align);
	if (want <= KMALLOC_MAX_SIZE) {
		p = kmalloc(want, gfp);
		if (p && !((uintptr_t)p & (align - 1)))
			return p;
		kfree(p);
	}
	p = zm_big_alloc(size, align);
	return p;
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
	}
	if (!p)
		errno = ENOMEM;
	return p;
}

static inline void *alloc(size_t size, gfp_t gfp)
{
	if (__builtin_expect(!tl_mode && size - 1 < KMALLOC_MAX_CACHE_SIZE, 1)) {
		void *p;
		tl_mode = MODE_IN;
		p = kmalloc(size < ZM_MIN_ALIGN ? ZM_MIN_ALIGN : size, gfp);
		tl_mode = 0;
		if (__builtin_expect(p != NULL, 1))
			return p;
		errno = ENOMEM;
		return NULL;
	}
	return alloc_slow(size, ZM_MIN_ALIGN, gfp);
}

ZM_EXPORT void *ZM_API(malloc)(size_t size)
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

static void free_in_zslab(void *p)
{
	tl_mode = MODE_IN;
	kfree(p);
	tl_mode = 0;
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

ZM_EXPORT void ZM_API(free)(void *p)
{
	if (__builtin_expect(!tl_mode && in_zslab(p), 1)) {
		free_in_zslab(p);
		return;
	}
	free_slow(p);
}

/* Is @p, in zslab's RAM, the start of a kmalloc object or page block? */
static bool kmalloc_block(const void *p)
{
	struct page *page = zs_virt_to_page(p);
	struct kmem_cache *s = page->slab_cache;

	if (s)
		return zs_valid_object_at(s, page, p);
	return (page->flags & (PG_head | PG_large)) == (PG_head | PG_large) &&
	       zs_page_address(page) == p;
}

/* Bytes usable at @p; 0 (reported) when malloc did not return @p. */
static size_t usable_size(void *p)
{
	size_t n;

	if (!p)
		return 0;
	if (zm_boot_owns(p))
		return zm_boot_size(p);
	if (tl_mode & MODE_NEW)
		thread_setup();
	if (in_zslab(p))
		n = kmalloc_block(p) ? ksize(p) : 0;
	else
		n = zm_big_size(p);
	if (!n && !(tl_mode & MODE_IN)) {
		unsigned int mode = tl_mode;
		tl_mode = MODE_IN;
		report_foreign("malloc_usable_size", p);
		tl_mode = mode;
	}
	return n;
}

ZM_EXPORT size_t ZM_API(malloc_usable_size)(void *p)
{
	return usable_size(p);
}

/* --- realloc ------------------------------------------------------------- */

/*
 * Keep @p when @size fits and does not waste more than half of it; else
 * move.  Shrinking a big block by a lot moves it too, so that the memory
 * goes back.
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
	old = usable_size(p);
	if (!old) {
		errno = EINVAL;     /* reported by usable_size() */
		return NULL;
	}
	if (size <= old && (size >= old / 2 || old <= 64) && !zm_boot_owns(p))
		return p;
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

static void *aligned(size_t align, size_t size)
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
	p = aligned(align, size);
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
	return aligned(align, size);
}

/* glibc's memalign(): a non-power-of-two alignment is rounded up. */
ZM_EXPORT void *ZM_API(memalign)(size_t align, size_t size)
{
	if (align > SIZE_MAX / 2 + 1) {
		errno = EINVAL;
		return NULL;
	}
	return aligned(pow2_at_least(align), size);
}

ZM_EXPORT void *ZM_API(valloc)(size_t size)
{
	return aligned(ZS_HOST_PAGE, size);
}

ZM_EXPORT void *ZM_API(pvalloc)(size_t size)
{
	size_t rounded = (size + ZS_HOST_PAGE - 1) & ~(ZS_HOST_PAGE - 1);

	if (rounded < size) {
		errno = ENOMEM;
		return NULL;
	}
	return aligned(ZS_HOST_PAGE, rounded ? rounded : ZS_HOST_PAGE);
}
