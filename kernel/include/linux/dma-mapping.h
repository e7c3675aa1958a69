/* SPDX-License-Identifier: MIT */
/*
 * linux/dma-mapping.h - the DMA API on dma-direct (<zslab/dma.h>): masks,
 * coherent allocations (the zone from the coherent mask), streaming
 * mappings of single buffers, pages and scatterlists, syncs and
 * dma_mapping_error(); plus the spellings of older kernels
 * (dma_zalloc_coherent() before 5.0, which dma_alloc_coherent's zeroing
 * made redundant).
 */
#ifndef _ZSK_LINUX_DMA_MAPPING_H
#define _ZSK_LINUX_DMA_MAPPING_H

#include <linux/device.h>
#include <linux/dma-direction.h>
#include <linux/err.h>
#include <linux/scatterlist.h>
#include <linux/sizes.h>
#include <linux/types.h>
#include <zslab/dma.h>

/** dma_zalloc_coherent() - the pre-5.0 name: zeroed coherent memory. */
static inline void *dma_zalloc_coherent(struct device *dev, size_t size,
					dma_addr_t *dma_handle, gfp_t gfp)
{
	return dma_alloc_coherent(dev, size, dma_handle, gfp);
}

#define dma_map_single_attrs dma_map_single_attrs
#define dma_map_page_attrs dma_map_page_attrs

/** dma_map_sgtable() - not modelled (no struct sg_table); see dma_map_sg(). */

/** dma_get_cache_alignment() - zslab memory is coherent: 1. */
static inline int dma_get_cache_alignment(void)
{
	return 1;
}

/** dma_is_mapping_error() - alias kept by a few drivers. */
#define dma_is_mapping_error(dev, addr) (dma_mapping_error(dev, addr) != 0)

#endif
