/* SPDX-License-Identifier: MIT */
/*
 * zslab/page_frag.h - the kernel's page fragment allocator (mm/page_alloc.c
 * up to 6.x), with its names, structure and signatures.
 *
 * A cache carves fragments from one block of pages, from the end of the
 * block downwards.  The block's reference count is raised once by a large
 * bias when the cache takes it; each fragment handed out uses one unit of
 * the cache's share (pagecnt_bias), and page_frag_free() drops one
 * reference.  A freed fragment is never reused on its own: the block
 * returns to the page allocator (or is recycled by its cache) only when
 * every fragment of it has been freed.
 */
#ifndef ZSLAB_PAGE_FRAG_H
#define ZSLAB_PAGE_FRAG_H

#include <stdbool.h>
#include <zslab/gfp.h>
#include <zslab/mm.h>

/* The API is what libzslab exports; everything else is hidden. */
#pragma GCC visibility push(default)

#ifdef __cplusplus
extern "C" {
#endif

/* The block a cache refills with first: 32 KiB, order 3. */
#define PAGE_FRAG_CACHE_MAX_SIZE  32768u
#define PAGE_FRAG_CACHE_MAX_ORDER 3

/**
 * struct page_frag_cache - where fragments come from.
 * @va:           the current block's address, or NULL (no block yet).
 * @offset:       the start of the last fragment; the next one ends here.
 * @size:         the current block's size (PAGE_FRAG_CACHE_MAX_SIZE, or
 *                PAGE_SIZE after a fallback to one page).
 * @pagecnt_bias: the references to the block the cache still holds.
 * @pfmemalloc:   the block came from emergency reserves (always false in
 *                zslab, which has none).
 *
 * A zeroed structure is an empty cache.  The caller serialises all calls
 * on one cache, as in the kernel.
 *
 * Invariant: while @va is set, the block's reference count ==
 * @pagecnt_bias + fragments handed out and not yet freed.
 */
struct page_frag_cache {
	void *va;
	unsigned int offset;
	unsigned int size;
	unsigned int pagecnt_bias;
	bool pfmemalloc;
};

/**
 * page_frag_alloc_align() - carve an aligned fragment.
 * @nc:     the cache.
 * @fragsz: bytes (at most the block size).
 * @gfp:    GFP flags for a refill; the zone bits decide where blocks live.
 * @align:  alignment, a power of two (a non-power of two is warned about
 *          and rounded up to the next one).
 *
 * When the current block has no room, the cache drops its share of the
 * block's references: if that was the last one (every fragment freed) the
 * block is reused from its end, else the block is left to its fragments
 * and the cache refills: an order-3 block with __GFP_COMP | __GFP_NOWARN |
 * __GFP_NORETRY | __GFP_NOMEMALLOC added, else one page with @gfp.
 *
 * The fragment's address is a multiple of @align; up to PAGE_SIZE that
 * holds for its physical address too.  __GFP_ZERO in @gfp zeroes a new
 * block only, not a block reused after all its fragments were freed (as
 * in the kernel): clear the fragment yourself when it must be zero.
 *
 * Return: the fragment, or NULL when no memory could be had or @fragsz
 * does not fit in a block.  A @fragsz of 0 is warned about and gives NULL
 * (the kernel would hand out a pointer that may lie past the block).
 */
void *page_frag_alloc_align(struct page_frag_cache *nc, unsigned int fragsz,
			    gfp_t gfp, unsigned int align);

/**
 * page_frag_alloc() - carve a fragment (no alignment beyond a byte).
 * @nc:     the cache.
 * @fragsz: bytes.
 * @gfp:    GFP flags for a refill.
 *
 * Return: the fragment, or NULL.
 */
void *page_frag_alloc(struct page_frag_cache *nc, unsigned int fragsz, gfp_t gfp);

/**
 * page_frag_free() - free a fragment: drop one reference to its block,
 * giving the block back to the page allocator when it was the last.
 * @addr: an address inside a fragment from page_frag_alloc*().
 *
 * Atomic: safe from any thread, concurrently with the cache's owner.  An
 * address that is not in a fragment block (NULL included) is reported
 * and ignored.  Freeing a fragment twice cannot be detected while its
 * block lives, as in the kernel.
 */
void page_frag_free(void *addr);

/**
 * page_frag_cache_drain() - let go of the cache's block: drop the cache's
 * remaining references, freeing the block if no fragment is outstanding.
 * @nc: the cache; empty afterwards.
 */
void page_frag_cache_drain(struct page_frag_cache *nc);

#ifdef __cplusplus
}
#endif

#pragma GCC visibility pop

#endif /* ZSLAB_PAGE_FRAG_H */
