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

#pragma GCC visibility push(hidden)

/* malloc's guaranteed alignment: alignof(max_align_t) on x86-64/arm64. */
#define ZM_MIN_ALIGN 16UL

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
 * zslab's guard (not from the arena paths).
 */
void *zm_big_alloc(size_t size, size_t align);
/*
 * zm_big_take() - unregister @p and unmap it; returns the registry node
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

#pragma GCC visibility pop

#endif
