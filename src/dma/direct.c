/* SPDX-License-Identifier: MIT */
/*
 * direct.c - dma-direct without an IOMMU (kernel/dma/direct.c,
 * kernel/dma/mapping.c): coherent allocations whose zone the coherent
 * mask picks, streaming mappings that are the buffer's bus address, and
 * scatterlists (scatterlist.c) mapped entry by entry.
 *
 * Zone choice (dma_direct_optimal_gfp_mask): limit = min_not_zero(coherent
 * mask, bus limit) seen as a physical address; at most the end of
 * ZONE_DMA: GFP_DMA, at most 32 bits: GFP_DMA32, else no zone flag.  A page
 * that lands above the limit is freed and the allocation retried with
 * GFP_DMA32, then GFP_DMA, then it fails.
 *
 * A streaming mapping the device cannot reach goes to swiotlb when
 * swiotlb has plugged in (zs_dma_bounce, dma_internal.h); without it, it
 * fails with DMA_MAPPING_ERROR and the kernel's "DMA addr ... overflow"
 * WARN.  zslab's memory is coherent, so the cache maintenance a
 * non-coherent device would need is nothing here; a sync matters only
 * for bounced mappings.
 */
#include <errno.h>
#include <string.h>

#include <zslab/slab.h>

#include "common/report.h"
#include "dma/dma_debug.h"
#include "dma/dma_internal.h"
#include "mm/mm_internal.h"

const struct zs_dma_bounce *_Atomic zs_dma_bounce;

static struct zs_ratelimit overflow_rs = ZS_RATELIMIT_INIT;

static const struct zs_dma_bounce *bounce(void)
{
	return atomic_load_explicit(&zs_dma_bounce, memory_order_acquire);
}

static bool valid_dir(const char *fn, enum dma_data_direction dir)
{
	if ((unsigned int)dir <= DMA_FROM_DEVICE)
		return true;
	zs_report(ZS_BUG, "kernel BUG: %s: invalid DMA direction %d", fn, (int)dir);
	return false;
}

/* dma_ops: zslab has dma-direct only. */
static bool direct_only(const char *fn, const struct device *dev)
{
	struct zs_dev_label l;

	if (!dev->dma_ops)
		return true;
	zs_report(ZS_ERR, "%s: %s: the device has dma_map_ops; zslab has only dma-direct "
		  "(set_dma_ops(dev, NULL))", fn, zs_dev_label(dev, &l));
	return false;
}

/* ---- coherent allocations ----------------------------------------------- */

static bool coherent_ok(struct device *dev, phys_addr_t phys, size_t size)
{
	return zs_dma_fits(phys_to_dma(dev, phys), size, zs_dma_coherent_limit(dev));
}

static gfp_t optimal_zone(struct device *dev, phys_addr_t *phys_limit)
{
	uint64_t limit = zs_dma_coherent_limit(dev);
	phys_addr_t zone_dma_end = ((phys_addr_t)zs_dma_pfn << PAGE_SHIFT) - 1;

	*phys_limit = dma_to_phys(dev, limit);
	if (zs_dma_pfn && *phys_limit <= zone_dma_end)
		return GFP_DMA;
	if (*phys_limit <= DMA_BIT_MASK(32))
		return GFP_DMA32;
	return 0;
}

static struct page *alloc_within(struct device *dev, size_t size, gfp_t gfp)
{
	unsigned int order = (unsigned int)get_order(size);
	phys_addr_t phys_limit;
	struct page *page;

	gfp |= optimal_zone(dev, &phys_limit);
	for (;;) {
		page = alloc_pages(gfp & ~__GFP_ZERO, order);
		if (!page || coherent_ok(dev, page_to_phys(page), size))
			return page;
		__free_pages(page, order);
		if (zs_zones[ZONE_DMA32].present_pages && phys_limit < DMA_BIT_MASK(64) &&
		    !(gfp & (GFP_DMA32 | GFP_DMA)))
			gfp |= GFP_DMA32;
		else if (zs_zones[ZONE_DMA].present_pages && !(gfp & GFP_DMA))
			gfp = (gfp & ~GFP_DMA32) | GFP_DMA;
		else
			break;
	}
	if (!(gfp & __GFP_NOWARN)) {
		struct zs_dev_label l;

		zs_report(ZS_ERR, "dma_alloc_attrs: %s: no memory within the coherent mask %#llx for %zu bytes",
			  zs_dev_label(dev, &l), (unsigned long long)zs_dma_coherent_limit(dev), size);
	}
	return NULL;
}

void *dma_alloc_attrs(struct device *dev, size_t size, dma_addr_t *dma_handle,
		      gfp_t gfp, unsigned long attrs)
{
	struct zs_dev_label l;
	struct page *page;
	void *cpu;

	if (!dev || !dma_handle) {
		zs_report(ZS_ERR, "dma_alloc_attrs: NULL %s", dev ? "dma_handle" : "device");
		return NULL;
	}
	if (!direct_only(__func__, dev))
		return NULL;
	if (!dev->coherent_dma_mask) {
		zs_warn("dma_alloc_attrs: %s: the device has no coherent_dma_mask", zs_dev_label(dev, &l));
		return NULL;
	}
	if (gfp & __GFP_COMP) {
		zs_warn("dma_alloc_attrs: %s: __GFP_COMP is not allowed", zs_dev_label(dev, &l));
		return NULL;
	}
	if (!size || size > (PAGE_SIZE << (MAX_ORDER - 1))) {
		if (!(gfp & __GFP_NOWARN))
			zs_report(ZS_ERR, "dma_alloc_attrs: %s: bad size %zu (1..%lu bytes)",
				  zs_dev_label(dev, &l), size, PAGE_SIZE << (MAX_ORDER - 1));
		return NULL;
	}
	gfp &= ~(__GFP_DMA | __GFP_DMA32 | __GFP_HIGHMEM);
	if (attrs & DMA_ATTR_NO_WARN)
		gfp |= __GFP_NOWARN;
	page = alloc_within(dev, (size + PAGE_SIZE - 1) & PAGE_MASK, gfp);
	if (!page)
		return NULL;
	cpu = page_address(page);
	memset(cpu, 0, (size + PAGE_SIZE - 1) & PAGE_MASK);   /* always, as dma-direct */
	*dma_handle = phys_to_dma(dev, page_to_phys(page));
	if (zs_dma_tracking())          /* the device may use what it asked for */
		zs_dma_track_add(dev, *dma_handle, size, page_to_phys(page),
				 DMA_BIDIRECTIONAL, ZS_DMA_COHERENT);
	return cpu;
}

void *dma_alloc_coherent(struct device *dev, size_t size, dma_addr_t *dma_handle, gfp_t gfp)
{
	return dma_alloc_attrs(dev, size, dma_handle, gfp, 0);
}

void dma_free_attrs(struct device *dev, size_t size, void *cpu_addr,
		    dma_addr_t dma_handle, unsigned long attrs)
{
	struct page *page;

	(void)attrs;
	if (!cpu_addr)
		return;
	page = virt_addr_valid(cpu_addr) ? virt_to_page(cpu_addr) : NULL;
	if (!dev || !page || !size) {
		zs_report(ZS_ERR, "dma_free_attrs: %s %p (dma %#llx, %zu bytes)",
			  !dev ? "NULL device for" : !size ? "size 0 for" : "not zslab memory:",
			  cpu_addr, (unsigned long long)dma_handle, size);
		return;
	}
	if (zs_dma_debug())      /* dma_debug: debug.c, against the record */
		zs_dma_debug_unmap(dev, dma_handle, size, DMA_BIDIRECTIONAL, ZS_DMA_COHERENT);
	size = (size + PAGE_SIZE - 1) & PAGE_MASK;
	if (zs_dma_tracking())
		zs_dma_track_del(dev, dma_handle, ZS_DMA_COHERENT);
	__free_pages(page, (unsigned int)get_order(size));
}

void dma_free_coherent(struct device *dev, size_t size, void *cpu_addr, dma_addr_t dma_handle)
{
	dma_free_attrs(dev, size, cpu_addr, dma_handle, 0);
}

/* ---- streaming mappings --------------------------------------------------- */

static dma_addr_t map_phys(const char *fn, struct device *dev, phys_addr_t phys, size_t size,
			   enum dma_data_direction dir, unsigned long attrs, enum zs_dma_kind kind)
{
	const struct zs_dma_bounce *b = bounce();
	dma_addr_t dma = phys_to_dma(dev, phys);
	struct zs_dev_label l;

	if (b && b->force(dev)) {
		dma = b->map(dev, phys, size, dir, attrs);
	} else if (!zs_dma_fits(dma, size ? size : 1, zs_dma_stream_limit(dev))) {
		if (b) {
			dma = b->map(dev, phys, size, dir, attrs);
		} else {
			if (zs_ratelimit(&overflow_rs))
				zs_warn("%s: %s: DMA addr 0x%016llx+%zu overflow (mask %llx, bus limit %llx).",
					fn, zs_dev_label(dev, &l), (unsigned long long)dma, size,
					(unsigned long long)*dev->dma_mask,
					(unsigned long long)dev->bus_dma_limit);
			return DMA_MAPPING_ERROR;
		}
	}
	if (dma != DMA_MAPPING_ERROR && zs_dma_tracking())
		zs_dma_track_add(dev, dma, size, phys, dir, kind);
	return dma;
}

/* The checks every map call makes; false (reported) when it must fail. */
static bool map_ok(const char *fn, struct device *dev, enum dma_data_direction dir)
{
	struct zs_dev_label l;

	if (!dev) {
		zs_report(ZS_ERR, "%s: NULL device", fn);
		return false;
	}
	if (!valid_dir(fn, dir) || !direct_only(fn, dev))
		return false;
	if (!dev->dma_mask) {
		zs_warn("%s: %s: DMA map on device without dma_mask", fn, zs_dev_label(dev, &l));
		return false;
	}
	return true;
}

dma_addr_t dma_map_page_attrs(struct device *dev, struct page *page, size_t offset,
			      size_t size, enum dma_data_direction dir, unsigned long attrs)
{
	if (!map_ok(__func__, dev, dir))
		return DMA_MAPPING_ERROR;
	if (!page) {
		zs_report(ZS_ERR, "dma_map_page_attrs: NULL page");
		return DMA_MAPPING_ERROR;
	}
	return map_phys(__func__, dev, page_to_phys(page) + offset, size, dir, attrs, ZS_DMA_PAGE);
}

dma_addr_t dma_map_single_attrs(struct device *dev, void *ptr, size_t size,
				enum dma_data_direction dir, unsigned long attrs)
{
	struct zs_dev_label l;

	if (!map_ok(__func__, dev, dir))
		return DMA_MAPPING_ERROR;
	if (!ptr || !virt_addr_valid(ptr)) {
		zs_report(ZS_ERR, "dma_map_single: %s: %p is not in zslab's memory (linear map)",
			  zs_dev_label(dev, &l), ptr);
		return DMA_MAPPING_ERROR;
	}
	return map_phys("dma_map_single", dev, virt_to_phys(ptr), size, dir, attrs, ZS_DMA_SINGLE);
}

static void unmap(const char *fn, struct device *dev, dma_addr_t addr, size_t size,
		  enum dma_data_direction dir, unsigned long attrs, enum zs_dma_kind kind)
{
	const struct zs_dma_bounce *b = bounce();

	if (!dev) {
		zs_report(ZS_ERR, "%s: NULL device", fn);
		return;
	}
	if (!valid_dir(fn, dir))
		return;
	if (zs_dma_debug())      /* dma_debug: debug.c, against the record */
		zs_dma_debug_unmap(dev, addr, size, dir, kind);
	if (zs_dma_tracking())
		zs_dma_track_del(dev, addr, kind);
	if (b && b->owns(dev, addr))
		b->unmap(dev, addr, size, dir, attrs);
}

void dma_unmap_page_attrs(struct device *dev, dma_addr_t addr, size_t size,
			  enum dma_data_direction dir, unsigned long attrs)
{
	unmap(__func__, dev, addr, size, dir, attrs, ZS_DMA_PAGE);
}

void dma_unmap_single_attrs(struct device *dev, dma_addr_t addr, size_t size,
			    enum dma_data_direction dir, unsigned long attrs)
{
	unmap("dma_unmap_single", dev, addr, size, dir, attrs, ZS_DMA_SINGLE);
}

void dma_sync_single_for_cpu(struct device *dev, dma_addr_t addr, size_t size,
			     enum dma_data_direction dir)
{
	const struct zs_dma_bounce *b = bounce();

	if (!dev || !valid_dir(__func__, dir))
		return;
	if (zs_dma_debug())
		zs_dma_debug_sync(dev, addr, size, dir, true);
	if (b && b->owns(dev, addr))
		b->sync_for_cpu(dev, addr, size, dir);
}

void dma_sync_single_for_device(struct device *dev, dma_addr_t addr, size_t size,
				enum dma_data_direction dir)
{
	const struct zs_dma_bounce *b = bounce();

	if (!dev || !valid_dir(__func__, dir))
		return;
	if (zs_dma_debug())
		zs_dma_debug_sync(dev, addr, size, dir, false);
	if (b && b->owns(dev, addr))
		b->sync_for_device(dev, addr, size, dir);
}

int dma_mapping_error(struct device *dev, dma_addr_t dma_addr)
{
	if (zs_dma_debug())      /* dma_debug: the mapping counts as checked */
		zs_dma_debug_mapping_error(dev, dma_addr);
	return dma_addr == DMA_MAPPING_ERROR ? -ENOMEM : 0;
}

/* ---- scatterlists ------------------------------------------------------------ */

/* Does @sgl hold @nents entries?  A shorter list would end the walk at NULL. */
static bool sg_span_ok(const char *fn, struct device *dev, struct scatterlist *sgl, int nents)
{
	struct scatterlist *sg = sgl;
	struct zs_dev_label l;
	int i = 1;

	if (sgl && nents > 0) {
		while (i < nents && (sg = sg_next(sg)))
			i++;
		if (i == nents)
			return true;
	}
	if (nents <= 0)
		zs_report(ZS_ERR, "%s: %s: %d entries: at least 1", fn, zs_dev_label(dev, &l), nents);
	else
		zs_report(ZS_ERR, "%s: %s: %d entries asked of a list %s", fn,
			  zs_dev_label(dev, &l), nents, sgl ? "that holds fewer" : "that is NULL");
	return false;
}

/* Map @nents entries: @nents, or -errno with none left mapped. */
static int map_sg(const char *fn, struct device *dev, struct scatterlist *sgl, int nents,
		  enum dma_data_direction dir, unsigned long attrs)
{
	struct scatterlist *sg;
	int i;

	if (!map_ok(fn, dev, dir) || !sg_span_ok(fn, dev, sgl, nents))
		return -EINVAL;
	for_each_sg(sgl, sg, nents, i) {
		sg->dma_address = sg_page(sg) ?
			map_phys(fn, dev, sg_phys(sg), sg->length, dir, attrs, ZS_DMA_SG) :
			DMA_MAPPING_ERROR;
		if (sg->dma_address == DMA_MAPPING_ERROR) {
			dma_unmap_sg_attrs(dev, sgl, i, dir, attrs | DMA_ATTR_SKIP_CPU_SYNC);
			return -EIO;
		}
		sg->dma_length = sg->length;
	}
	return nents;
}

int dma_map_sg_attrs(struct device *dev, struct scatterlist *sgl, int nents,
		     enum dma_data_direction dir, unsigned long attrs)
{
	int ret = map_sg(__func__, dev, sgl, nents, dir, attrs);

	return ret < 0 ? 0 : ret;
}

void dma_unmap_sg_attrs(struct device *dev, struct scatterlist *sgl, int nents,
			enum dma_data_direction dir, unsigned long attrs)
{
	struct scatterlist *sg;
	int i;

	if (nents && !sg_span_ok(__func__, dev, sgl, nents))
		return;
	for_each_sg(sgl, sg, nents, i)
		unmap(__func__, dev, sg->dma_address, sg->dma_length, dir, attrs, ZS_DMA_SG);
}

void dma_sync_sg_for_cpu(struct device *dev, struct scatterlist *sgl, int nelems,
			 enum dma_data_direction dir)
{
	struct scatterlist *sg;
	int i;

	if (!sg_span_ok(__func__, dev, sgl, nelems))
		return;
	for_each_sg(sgl, sg, nelems, i)
		dma_sync_single_for_cpu(dev, sg->dma_address, sg->dma_length, dir);
}

void dma_sync_sg_for_device(struct device *dev, struct scatterlist *sgl, int nelems,
			    enum dma_data_direction dir)
{
	struct scatterlist *sg;
	int i;

	if (!sg_span_ok(__func__, dev, sgl, nelems))
		return;
	for_each_sg(sgl, sg, nelems, i)
		dma_sync_single_for_device(dev, sg->dma_address, sg->dma_length, dir);
}

int dma_map_sgtable(struct device *dev, struct sg_table *sgt,
		    enum dma_data_direction dir, unsigned long attrs)
{
	int ret;

	if (!sgt || sgt->orig_nents > (unsigned int)INT32_MAX) {
		zs_report(ZS_ERR, "dma_map_sgtable: %s table", sgt ? "an oversized" : "a NULL");
		return -EINVAL;
	}
	ret = map_sg(__func__, dev, sgt->sgl, (int)sgt->orig_nents, dir, attrs);
	if (ret < 0)
		return ret;
	sgt->nents = (unsigned int)ret;
	return 0;
}

void dma_unmap_sgtable(struct device *dev, struct sg_table *sgt,
		       enum dma_data_direction dir, unsigned long attrs)
{
	dma_unmap_sg_attrs(dev, sgt->sgl, (int)sgt->orig_nents, dir, attrs);
}

void dma_sync_sgtable_for_cpu(struct device *dev, struct sg_table *sgt,
			      enum dma_data_direction dir)
{
	dma_sync_sg_for_cpu(dev, sgt->sgl, (int)sgt->orig_nents, dir);
}

void dma_sync_sgtable_for_device(struct device *dev, struct sg_table *sgt,
				 enum dma_data_direction dir)
{
	dma_sync_sg_for_device(dev, sgt->sgl, (int)sgt->orig_nents, dir);
}
