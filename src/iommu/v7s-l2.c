/* SPDX-License-Identifier: MIT */
/*
 * v7s-l2.c - the level-2 table sources of the ARMv7s writer (see
 * enum io_pgtable_l2_source): the kernel's DMA32 kmem cache, the plain
 * cache that reproduces the bug, one DMA32 page per table, a 4 MiB
 * genalloc pool reserved up front, page_frag fragments, and a dma_pool of
 * a 32-bit device.
 *
 * No locks here: the caches, genalloc and the page allocator are
 * thread-safe, the counters are atomics.  page_frag's cache is not: its
 * lock is in v7s-l2-frag.c.
 */
#include <errno.h>
#include <string.h>

#include "common/report.h"
#include "dma/dma_internal.h"
#include "iommu/v7s-l2.h"
#include <zslab/zslab.h>

#define L2_NAME "io-pgtable_armv7s_l2"
/* Every L2 table of a 32-bit IOVA space: 4096 x 1 KiB = 4 MiB, order 10. */
#define POOL_ORDER 10u
#define POOL_MIN_ORDER 10

static int cache_init(struct v7s_l2_src *src, slab_flags_t flags)
{
	src->cache = kmem_cache_create(L2_NAME, V7S_L2_SIZE, V7S_L2_SIZE, flags, NULL);
	return src->cache ? 0 : -ENOMEM;
}

static int pool_init(struct v7s_l2_src *src)
{
	src->pool_order = POOL_ORDER;
	src->pool_va = __get_free_pages(GFP_DMA32 | __GFP_ZERO | __GFP_NOWARN, POOL_ORDER);
	if (!src->pool_va)
		return -ENOMEM;
	src->pool = gen_pool_create(POOL_MIN_ORDER, -1);
	if (src->pool && !gen_pool_add_virt(src->pool, src->pool_va,
					    virt_to_phys((void *)src->pool_va),
					    PAGE_SIZE << POOL_ORDER, -1))
		return 0;
	gen_pool_destroy(src->pool);
	src->pool = NULL;
	free_pages(src->pool_va, POOL_ORDER);
	src->pool_va = 0;
	return -ENOMEM;
}

/* The DMA_POOL source's device: a 32-bit device of zslab's own. */
struct v7s_l2_dev {
	struct device dev;
	unsigned long long mask;
};

static void l2_dev_release(struct device *dev)
{
	kfree(zs_dl_entry(dev, struct v7s_l2_dev, dev));
}

static int dmapool_init(struct v7s_l2_src *src)
{
	struct v7s_l2_dev *d = kzalloc(sizeof(*d), GFP_KERNEL);

	if (!d)
		return -ENOMEM;
	device_initialize(&d->dev);
	d->dev.release = l2_dev_release;
	d->dev.dma_mask = &d->mask;
	if (dev_set_name(&d->dev, "io-pgtable-arm-v7s") ||
	    dma_set_mask_and_coherent(&d->dev, DMA_BIT_MASK(32))) {
		put_device(&d->dev);
		return -ENOMEM;
	}
	src->dpool = dma_pool_create(L2_NAME, &d->dev, V7S_L2_SIZE, V7S_L2_SIZE, 0);
	if (!src->dpool) {
		put_device(&d->dev);
		return -ENOMEM;
	}
	src->dev = d;
	return 0;
}

int v7s_l2_src_init(struct v7s_l2_src *src, enum io_pgtable_l2_source kind,
		    bool ttbr_ext, unsigned int max_tables)
{
	memset(src, 0, sizeof(*src));
	src->kind = kind;
	switch (kind) {
	case IO_PGTABLE_L2_SLAB_DMA32:
		return cache_init(src, ttbr_ext ? 0 : SLAB_CACHE_DMA32);
	case IO_PGTABLE_L2_SLAB_PLAIN:
		return cache_init(src, SLAB_NO_MERGE);
	case IO_PGTABLE_L2_GENALLOC:
		return pool_init(src);
	case IO_PGTABLE_L2_PAGE:
		return 0;
	case IO_PGTABLE_L2_PAGE_FRAG:
		return v7s_l2_frag_init(src, max_tables);
	case IO_PGTABLE_L2_DMA_POOL:
		return dmapool_init(src);
	default:
		zs_report(ZS_ERR, "io-pgtable-arm-v7s: unknown L2 source %u", (unsigned int)kind);
		return -EINVAL;
	}
}

void v7s_l2_src_destroy(struct v7s_l2_src *src)
{
	if (src->cache)
		kmem_cache_destroy(src->cache);
	if (src->pool) {
		gen_pool_destroy(src->pool);
		free_pages(src->pool_va, src->pool_order);
	}
	v7s_l2_frag_destroy(src);
	if (src->dpool) {
		dma_pool_destroy(src->dpool);
		put_device(&src->dev->dev);
	}
	memset(src, 0, sizeof(*src));
}

static void *src_get(struct v7s_l2_src *src, gfp_t gfp)
{
	void *t;

	switch (src->kind) {
	case IO_PGTABLE_L2_SLAB_DMA32:
	case IO_PGTABLE_L2_SLAB_PLAIN:
		/* The cache flag places the memory: no zone bit here. */
		return kmem_cache_zalloc(src->cache, gfp);
	case IO_PGTABLE_L2_GENALLOC:
		t = (void *)gen_pool_alloc(src->pool, V7S_L2_SIZE);
		if (t)
			memset(t, 0, V7S_L2_SIZE);
		return t;
	case IO_PGTABLE_L2_PAGE:
		return (void *)__get_free_pages((gfp & ~GFP_ZONEMASK) | GFP_DMA32 |
						__GFP_ZERO, 0);
	case IO_PGTABLE_L2_PAGE_FRAG:
		return v7s_l2_frag_alloc(src, gfp);
	case IO_PGTABLE_L2_DMA_POOL: {
		dma_addr_t dma;

		return dma_pool_zalloc(src->dpool, gfp & ~GFP_ZONEMASK, &dma);
	}
	default:
		return NULL;
	}
}

static bool is_slab(const struct v7s_l2_src *src)
{
	return src->kind == IO_PGTABLE_L2_SLAB_DMA32 || src->kind == IO_PGTABLE_L2_SLAB_PLAIN;
}

/*
 * Raise the peaks.  A slab source's held bytes cost a walk of the cache's
 * slab lists, so they are sampled only when the live count reaches its
 * peak (when a new slab is most likely); the others are O(1) and exact.
 */
static void note_peak(struct v7s_l2_src *src)
{
	unsigned long live = atomic_load(&src->live);
	unsigned long peak = atomic_load(&src->peak);
	size_t held, hpeak = atomic_load(&src->held_peak);

	while (live > peak && !atomic_compare_exchange_weak(&src->peak, &peak, live))
		;
	if (is_slab(src) && live < peak)
		return;
	held = v7s_l2_held(src);
	while (held > hpeak && !atomic_compare_exchange_weak(&src->held_peak, &hpeak, held))
		;
}

size_t v7s_l2_held_peak(struct v7s_l2_src *src)
{
	size_t held = v7s_l2_held(src), hpeak = atomic_load(&src->held_peak);

	while (held > hpeak && !atomic_compare_exchange_weak(&src->held_peak, &hpeak, held))
		;
	return held > hpeak ? held : hpeak;
}

void *v7s_l2_alloc(struct v7s_l2_src *src, gfp_t gfp)
{
	void *t = src_get(src, gfp);

	if (!t) {
		atomic_fetch_add(&src->failures, 1);
		return NULL;
	}
	atomic_fetch_add(&src->allocs, 1);
	atomic_fetch_add(&src->live, 1);
	note_peak(src);
	return t;
}

void v7s_l2_free(struct v7s_l2_src *src, void *table)
{
	switch (src->kind) {
	case IO_PGTABLE_L2_SLAB_DMA32:
	case IO_PGTABLE_L2_SLAB_PLAIN:
		kmem_cache_free(src->cache, table);
		break;
	case IO_PGTABLE_L2_GENALLOC:
		gen_pool_free(src->pool, (unsigned long)table, V7S_L2_SIZE);
		break;
	case IO_PGTABLE_L2_PAGE:
		free_pages((unsigned long)table, 0);
		break;
	case IO_PGTABLE_L2_PAGE_FRAG:
		v7s_l2_frag_free(src, table);
		break;
	case IO_PGTABLE_L2_DMA_POOL:
		dma_pool_free(src->dpool, table, phys_to_dma(&src->dev->dev, virt_to_phys(table)));
		break;
	default:
		return;
	}
	atomic_fetch_sub(&src->live, 1);
}

size_t v7s_l2_held(struct v7s_l2_src *src)
{
	struct zslab_cache_info ci;

	switch (src->kind) {
	case IO_PGTABLE_L2_SLAB_DMA32:
	case IO_PGTABLE_L2_SLAB_PLAIN:
		if (zslab_cache_get_info(src->cache, &ci))
			return 0;
		return ci.slabs * (PAGE_SIZE << ci.order);
	case IO_PGTABLE_L2_GENALLOC:
		return src->pool ? PAGE_SIZE << src->pool_order : 0;
	case IO_PGTABLE_L2_PAGE:
		return atomic_load(&src->live) * PAGE_SIZE;
	case IO_PGTABLE_L2_PAGE_FRAG:
		return v7s_l2_frag_held(src);
	case IO_PGTABLE_L2_DMA_POOL: {
		struct zslab_dma_pool_info info;

		zslab_dma_pool_get_info(src->dpool, &info);
		return info.nr_pages * ((info.allocation + PAGE_SIZE - 1) & PAGE_MASK);
	}
	default:
		return 0;
	}
}
