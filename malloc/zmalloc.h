/* SPDX-License-Identifier: MIT */
/*
 * zmalloc.h - the parts of libzslab-malloc.so below the C API (malloc.c):
 * the bootstrap arena used while zslab itself cannot be entered, and the
 * registry of blocks too big for the page allocator, which get mappings
 * of their own.
 *
 * Locks: big_lock (bigmap.c), the registry of big mappings, first in
 * the library's order (MALLOC_BIG in common/lock_rank.h).
 */
#ifndef ZSLAB_ZMALLOC_H
#define ZSLAB_ZMALLOC_H

#include <stdbool.h>
#include <stddef.h>

#include <zslab/gfp.h>

#include "init/malloc_iface.h"

#pragma GCC visibility push(hidden)

/* malloc's guaranteed alignment: alignof(max_align_t) on x86-64/arm64. */
#define ZM_MIN_ALIGN 16UL

/* The malloc class entry of a request of @n bytes (1..ZS_MALLOC_BIG_SIZE):
 * its cache, or zs_malloc_unmade.  The inline paths' callers bound @n by
 * ZS_MALLOC_MAX_SIZE first, and the compiler then keeps only the table. */
static inline struct kmem_cache **zm_class_slot(size_t n)
{
	return &zs_malloc_caches[zs_malloc_class_of(n)];
}

/*
 * zm_pop_class() - the inline allocation that malloc() and operator new
 * share: a block for a request of @size bytes popped from this thread's
 * sheaf of the request's malloc class, its cache stored at @sp; NULL
 * when the call must take the slow path (this thread not set up or
 * inside zslab already, @size 0 or beyond the classes, the class's cache
 * not made yet, hooks on, an empty sheaf).  A malloc class's objects are
 * 16-byte aligned in every layout (their caches' align; debug caches
 * have no sheaves).
 */
static inline void *zm_pop_class(size_t size, struct kmem_cache **sp)
{
	if (__builtin_expect(!zs_tl_slab.mode && size - 1 < ZS_MALLOC_MAX_SIZE, 1)) {
		struct kmem_cache *s = *zm_class_slot(size);
		*sp = s;        /* zs_malloc_unmade (no sheaves) if not made */
		return zs_sheaf_pop(s);
	}
	return NULL;
}

/*
 * The bootstrap arena: a static bump allocator for calls that arrive
 * while this thread is inside zslab (zslab's own boot, or a libc call made
 * by zslab that allocates) or after its exit hooks ran.  Blocks are never
 * reused; free() of one is ignored.  Memory reads as zero.
 */
void *zm_boot_alloc(size_t size, size_t align);
bool zm_boot_owns(const void *p);
/* Bytes usable at @p, an arena block. */
size_t zm_boot_size(const void *p);

/*
 * Big blocks: their own host mapping, page aligned or better, registered
 * so that free() can tell them from pointers malloc never returned.  The
 * registry node comes from kmalloc, so these are called only from inside
 * zslab's guard (not from the arena paths).  @zero: the caller wants
 * zeroed memory (a reused mapping may hold old contents).
 */
void *zm_big_alloc(size_t size, size_t align, bool zero);
/*
 * zm_big_take() - unregister @p and unmap it (or keep the mapping in the
 * cache of freed mappings, bigmap.c); returns the registry node
 * for the caller to free, or NULL when @p is not a big block.
 */
void *zm_big_take(void *p);
/*
 * zm_big_resize() - make big block @p hold @size bytes (the mapping moves
 * if need be, contents kept).  Returns the block's new address, or NULL
 * when @p is not a big block or the host refused (@p then unchanged).
 */
void *zm_big_resize(void *p, size_t size);
/* Bytes usable at @p, or 0 when @p is not a big block. */
size_t zm_big_size(const void *p);
/* zm_big_trim() - unmap every cached freed mapping; returns their bytes. */
size_t zm_big_trim(void);
/*
 * zm_big_decay() - unmap the cached freed mappings older than the cache's
 * decay time; looks (a clock read, big_lock) on one call in 256 of a
 * thread, and only while the cache holds any.  For the small allocations'
 * slow path: a program that stops making big calls still sheds them.
 */
void zm_big_decay(void);
/* zm_big_cached() - bytes of freed mappings kept for reuse. */
size_t zm_big_cached(void);
/* Bytes of all big blocks' mappings, and (*@nr, if non-NULL) how many. */
size_t zm_big_held(size_t *nr);
void zm_big_fork_prepare(void);
void zm_big_fork_done(void);

/*
 * zm_class_size() - the kmalloc class @n (1..8192) falls in, at least 16.
 * malloc asks kmalloc for the whole class, so that the usable size it
 * reports (ksize) is also what a debug layout (kmalloc's red zone beyond
 * the requested size) lets the program write.
 */
static inline size_t zm_class_size(size_t n)
{
	static const unsigned char small[24] = {   /* (n - 1) / 8 -> class / 8 */
		2, 2, 4, 4, 8, 8, 8, 8, 12, 12, 12, 12,
		16, 16, 16, 16, 24, 24, 24, 24, 24, 24, 24, 24,
	};

	if (n <= 192)
		return n ? (size_t)small[(n - 1) / 8] * 8 : 16;
	return (size_t)1 << (64 - __builtin_clzl(n - 1));
}

/*
 * zm_class_index() - the kmalloc_index() of zm_class_size(@n), for @n in
 * 1..8192: one load from a table of (n - 1) / 16 (malloc's classes are
 * at least 16 bytes and multiples of 16, so 16-byte steps suffice).
 */
extern const unsigned char zm_class_idx[8192 / 16];

static inline unsigned int zm_class_index(size_t n)
{
	return zm_class_idx[(n - 1) >> 4];
}

/*
 * Shifted blocks (shifted.c): aligned blocks inside a larger kmalloc
 * object, for layouts where kmalloc's objects are not naturally aligned.
 * zm_shift_alloc() returns NULL when the request does not fit kmalloc.
 * zm_shift_base() gives the object a shifted block lies in, or NULL.
 * zm_kmalloc_block() says whether @p is a kmalloc object or page block
 * start (@p must be in zslab's RAM or the answer is false).
 */
void *zm_shift_alloc(size_t size, size_t align, gfp_t gfp);
void *zm_shift_base(const void *q);
size_t zm_shift_size(const void *q, const void *base);
bool zm_kmalloc_block(const void *p);

/*
 * malloc under slub_debug (debug.c), on the slow path only.
 * zm_debug_wants(): is the kmalloc class of @size (1..8192) a debug cache?
 * zm_debug_alloc(): a block of @size from it (or the next power-of-two
 * class), its red zone at @size; called inside zslab (MODE_IN).
 * zm_debug_trim(): @p (any block, or NULL) keeps its object but now holds
 * @size bytes: its red zone moves there when it has one; returns @p.
 */
static inline bool zm_debug_wants(size_t size)
{
	const struct kmem_cache *s = zs_kmalloc_caches[0][zm_class_index(size)];

	return s && zs_kmalloc_debug(s);
}
void *zm_debug_alloc(size_t size, gfp_t gfp);
void *zm_debug_trim(void *p, size_t size);

/*
 * Introspection (introspect.c): malloc_stats, mallinfo2, malloc_trim and
 * the heap's part of the statistics.  With stats=exit, malloc counts the
 * bytes it hands out; stats=exit also sets the slab layer's one "not
 * plain" switch (zs_slab_hooks), so the inline fast path is left for
 * alloc_kmalloc() and the count costs that path nothing.
 * zm_count_request(): @size bytes were handed out by one call.
 */
void zm_count_request(size_t size);
#define ZM_COUNT(size) do {                                             \
	if (__builtin_expect(zs_config.stats_exit, 0))                 \
		zm_count_request(size);                                 \
} while (0)

/*
 * zm_enter() / zm_leave() (malloc.c) - enter zslab from a malloc API
 * function as malloc itself does (this thread set up, then MODE_IN, so a
 * libc call inside is served from the arena).  zm_enter() returns false,
 * and nothing is to be done, when this thread is inside zslab already or
 * past its exit hooks.
 */
bool zm_enter(void);
void zm_leave(void);

/*
 * The entry points for the C++ operators (cxx_new.c), called directly
 * rather than through the interposable exported names: zm_malloc() is
 * malloc(), zm_free() free(), zm_aligned() an @align-aligned malloc
 * (NULL and errno ENOMEM on failure; @align a power of two).
 */
void *zm_malloc(size_t size);
/* malloc()'s path past a failed zm_pop_class(), for the C++ operators. */
void *zm_malloc_slow(size_t size);
void zm_free(void *p);
void *zm_aligned(size_t align, size_t size);

#pragma GCC visibility pop

#endif
