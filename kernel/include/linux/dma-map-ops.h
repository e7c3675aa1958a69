/* SPDX-License-Identifier: MIT */
/*
 * linux/dma-map-ops.h - what a device's DMA implementation is.  zslab has
 * dma-direct only: a device's dma_ops must be NULL (set_dma_ops(dev,
 * NULL), as dmapool_test does), and a device with ops has its DMA calls
 * refused with a report.  struct dma_map_ops exists so that code naming
 * it compiles.
 */
#ifndef _ZSK_LINUX_DMA_MAP_OPS_H
#define _ZSK_LINUX_DMA_MAP_OPS_H

#include <linux/dma-mapping.h>

/**
 * struct dma_map_ops - a DMA implementation's operations (the kernel's
 * common members; zslab never calls them).
 */
struct dma_map_ops {
	void *(*alloc)(struct device *dev, size_t size, dma_addr_t *dma_handle,
		       gfp_t gfp, unsigned long attrs);
	void (*free)(struct device *dev, size_t size, void *vaddr,
		     dma_addr_t dma_handle, unsigned long attrs);
	dma_addr_t (*map_page)(struct device *dev, struct page *page, unsigned long offset,
			       size_t size, enum dma_data_direction dir, unsigned long attrs);
	void (*unmap_page)(struct device *dev, dma_addr_t dma_handle, size_t size,
			   enum dma_data_direction dir, unsigned long attrs);
	int (*map_sg)(struct device *dev, struct scatterlist *sg, int nents,
		      enum dma_data_direction dir, unsigned long attrs);
	void (*unmap_sg)(struct device *dev, struct scatterlist *sg, int nents,
			 enum dma_data_direction dir, unsigned long attrs);
	void (*sync_single_for_cpu)(struct device *dev, dma_addr_t dma_handle, size_t size,
				    enum dma_data_direction dir);
	void (*sync_single_for_device)(struct device *dev, dma_addr_t dma_handle, size_t size,
				       enum dma_data_direction dir);
	int (*dma_supported)(struct device *dev, u64 mask);
};

/** get_dma_ops() - @dev's operations: NULL for dma-direct. */
static inline const struct dma_map_ops *get_dma_ops(struct device *dev)
{
	return dev->dma_ops;
}

/** set_dma_ops() - set @dev's operations (zslab: only NULL works). */
static inline void set_dma_ops(struct device *dev, const struct dma_map_ops *dma_ops)
{
	dev->dma_ops = dma_ops;
}

#endif
