/* SPDX-License-Identifier: MIT */
/*
 * zmalloc.h - the parts of libzslab-malloc.so below the C API (malloc.c):
 * the bootstrap arena used while zslab itself cannot be entered, and the
 * registry of blocks too big for the page allocator, which get mappings
 * of their own.
 *
 * Lock order (the locks owned by this directory, taken before any lock
 * of zslab):
 *   1. big_lock (bigmap.c): the registry of big mappings.
 */
#ifndef ZSLAB_ZMALLOC_H
#define ZSLAB_ZMALLOC_H

#include <stdbool.h>
#include <stddef.h>

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
/* Bytes usable at @p, or 0 when @p is not a big block. */
size_t zm_big_size(const void *p);
void zm_big_fork_prepare(void);
void zm_big_fork_done(void);

#pragma GCC visibility pop

#endif
