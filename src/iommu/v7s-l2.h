/* SPDX-License-Identifier: MIT */
/*
 * v7s-l2.h - where the ARMv7s writer gets its 1 KiB level-2 tables
 * (enum io_pgtable_l2_source), behind one interface, with the accounting
 * zslab_io_pgtable_get_stats() reports.
 */
#ifndef ZSLAB_IOMMU_V7S_L2_H
#define ZSLAB_IOMMU_V7S_L2_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include <zslab/genalloc.h>
#include <zslab/io-pgtable.h>
#include <zslab/slab.h>

#pragma GCC visibility push(hidden)

#define V7S_L2_SIZE 1024u

/*
 * struct v7s_l2_src - one page table's level-2 source.
 * @kind:    the source.
 * @cache:   SLAB_*: the kmem cache "io-pgtable_armv7s_l2".
 * @pool:    GENALLOC: the pool over @pool_va (4 MiB, order @pool_order).
 * @frag:    PAGE_FRAG: the per-table fragment cache and its block list.
 * @dev:     DMA_POOL: the 32-bit device the pool belongs to (with its
 *           mask storage), made and released with the source.
 * @dpool:   DMA_POOL: the dma_pool of 1 KiB blocks.
 * @live:    tables handed out and not freed.
 * @peak:    the most @live has been.
 * @allocs, @failures: successful and failed allocations.
 * @held_peak: the most bytes the source has held at once.
 *
 * Invariant: @live == @allocs - frees; every table handed out is 1 KiB,
 * 1 KiB aligned and zeroed.
 */
struct v7s_l2_dev;
struct dma_pool;

struct v7s_l2_src {
	enum io_pgtable_l2_source kind;
	struct kmem_cache *cache;
	struct gen_pool *pool;
	unsigned long pool_va;
	unsigned int pool_order;
	struct v7s_l2_frag *frag;
	struct v7s_l2_dev *dev;
	struct dma_pool *dpool;
	atomic_ulong live, peak, allocs, failures;
	atomic_size_t held_peak;
};

/*
 * v7s_l2_src_init() - prepare @src of @kind for at most @max_tables live
 * tables.  @ttbr_ext: the kernel's ARM_MTK_TTBR_EXT cache has no DMA flag.
 * Return: 0 or -ENOMEM/-EINVAL, with nothing held on failure.
 */
int v7s_l2_src_init(struct v7s_l2_src *src, enum io_pgtable_l2_source kind,
		    bool ttbr_ext, unsigned int max_tables);

/* v7s_l2_src_destroy() - give everything back (every table already freed). */
void v7s_l2_src_destroy(struct v7s_l2_src *src);

/* v7s_l2_alloc() - a zeroed 1 KiB table (host address), or NULL. */
void *v7s_l2_alloc(struct v7s_l2_src *src, gfp_t gfp);

/* v7s_l2_free() - give a table from v7s_l2_alloc() back. */
void v7s_l2_free(struct v7s_l2_src *src, void *table);

/* v7s_l2_held() - bytes of page-allocator memory the source holds now. */
size_t v7s_l2_held(struct v7s_l2_src *src);

/* v7s_l2_held_peak() - the most it has held, counting now. */
size_t v7s_l2_held_peak(struct v7s_l2_src *src);

/* The PAGE_FRAG source (v7s-l2-frag.c), behind the calls above. */
int v7s_l2_frag_init(struct v7s_l2_src *src, unsigned int max_tables);
void v7s_l2_frag_destroy(struct v7s_l2_src *src);
void *v7s_l2_frag_alloc(struct v7s_l2_src *src, gfp_t gfp);
void v7s_l2_frag_free(struct v7s_l2_src *src, void *table);
size_t v7s_l2_frag_held(struct v7s_l2_src *src);

#pragma GCC visibility pop

#endif
