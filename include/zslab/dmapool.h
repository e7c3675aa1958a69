/* SPDX-License-Identifier: MIT */
/*
 * zslab/dmapool.h - the kernel's small-block coherent DMA allocator
 * (mm/dmapool.c, the 6.4+ design), with its names and signatures.
 *
 * A pool hands out blocks of one size and alignment, carved from
 * dma_alloc_coherent() memory of its device, so every block is within the
 * device's coherent mask.  No block crosses a multiple of the pool's
 * boundary.  Pages are never given back before dma_pool_destroy().
 *
 * Debugging follows slub_debug: a pool is debugged when slub_debug would
 * debug a cache of the pool's name (bare slub_debug: every pool).  Then
 * free blocks are poisoned (0xa7) and checked when handed out again,
 * handed-out blocks are filled with 0xa9, and dma_pool_free() refuses a
 * block of no page of the pool and a double free, with the kernel's
 * messages.  dma_pool_destroy() of a pool with blocks in use reports
 * "dma_pool_destroy <name>, <page> busy" for each busy page and leaks it.
 */
#ifndef ZSLAB_DMAPOOL_H
#define ZSLAB_DMAPOOL_H

#include <stddef.h>
#include <zslab/dma.h>

/* The API is what libzslab exports; everything else is hidden. */
#pragma GCC visibility push(default)

#ifdef __cplusplus
extern "C" {
#endif

struct dma_pool;

/**
 * dma_pool_create() - a pool of @size-byte blocks for @dev.
 * @name:     the pool's name (up to 31 characters are kept).
 * @dev:      the device whose coherent memory the blocks come from.
 * @size:     block size, at least 16 (smaller sizes are raised), at most
 *            INT_MAX; rounded up to @align.
 * @align:    block alignment, a power of two (0: 1).
 * @boundary: no block crosses a multiple of it: a power of two >= @size,
 *            or 0 for the pool's allocation size (max(@size, PAGE_SIZE)).
 *
 * Return: the pool; NULL, with a report naming the pool and the bad
 * argument, for a NULL @dev, @size 0 or too big, a bad @align or
 * @boundary; NULL when memory runs out.
 */
struct dma_pool *dma_pool_create(const char *name, struct device *dev, size_t size,
				 size_t align, size_t boundary);

/**
 * dma_pool_destroy() - free @pool and its pages.  Busy pages (with blocks
 * still in use) are reported and leaked.
 * @pool: the pool, or NULL (nothing).
 */
void dma_pool_destroy(struct dma_pool *pool);

/**
 * dma_pool_alloc() - one block.
 * @pool:   the pool.
 * @gfp:    allocation flags for a new page; __GFP_ZERO zeroes the block.
 * @handle: set to the block's bus address.
 *
 * Return: the block's CPU address, or NULL.
 */
void *dma_pool_alloc(struct dma_pool *pool, gfp_t gfp, dma_addr_t *handle);

/**
 * dma_pool_zalloc() - dma_pool_alloc() of a zeroed block.
 * @pool: the pool. @gfp: flags. @handle: the bus address.
 *
 * Return: the block, or NULL.
 */
void *dma_pool_zalloc(struct dma_pool *pool, gfp_t gfp, dma_addr_t *handle);

/**
 * dma_pool_free() - give a block back.
 * @pool:  the pool.
 * @vaddr: the block's CPU address.
 * @dma:   its bus address.
 */
void dma_pool_free(struct dma_pool *pool, void *vaddr, dma_addr_t dma);

/**
 * dmam_pool_create() - dma_pool_create() destroyed with @dev's devres.
 * @name: the name. @dev: the device. @size: block size. @align: alignment.
 * @allocation: the boundary, as dma_pool_create()'s @boundary.
 *
 * Return: the pool, or NULL.
 */
struct dma_pool *dmam_pool_create(const char *name, struct device *dev, size_t size,
				  size_t align, size_t allocation);

/**
 * dmam_pool_destroy() - destroy a dmam_pool_create() pool now.
 * @pool: the pool (a WARN when it is not a managed pool).
 */
void dmam_pool_destroy(struct dma_pool *pool);

/**
 * struct zslab_dma_pool_info - a pool's counts, as its `pools` line.
 * @name:      the name.
 * @size:      block size (after rounding).
 * @boundary:  the boundary.
 * @allocation: bytes per pool page.
 * @nr_blocks: blocks carved.
 * @nr_active: blocks in use.
 * @nr_pages:  pool pages.
 */
struct zslab_dma_pool_info {
	const char *name;
	size_t size, boundary, allocation;
	size_t nr_blocks, nr_active, nr_pages;
};

/**
 * zslab_dma_pool_get_info() - read @pool's counts.
 * @pool: the pool. @info: filled in.
 */
void zslab_dma_pool_get_info(struct dma_pool *pool, struct zslab_dma_pool_info *info);

/**
 * zslab_dma_pool_validate() - check @pool's invariants: every free block
 * lies in a page of the pool at the offset its bus address says and
 * crosses no boundary; the pages counted are the pages listed, each with
 * the blocks one page gives; free + in use == blocks.  Each problem is
 * reported.  Call it while no other thread uses the pool.
 * @pool: the pool.
 *
 * Return: the number of problems (0 when consistent).
 */
long zslab_dma_pool_validate(struct dma_pool *pool);

#ifdef __cplusplus
}
#endif

#pragma GCC visibility pop

#endif /* ZSLAB_DMAPOOL_H */
