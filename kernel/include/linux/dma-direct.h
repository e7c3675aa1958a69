/* SPDX-License-Identifier: MIT */
/*
 * linux/dma-direct.h - bus addresses of dma-direct: phys_to_dma(),
 * dma_to_phys() through the device's dma_range_map, dma_capable(), and
 * dma_direct_set_offset() (5.10-5.11's way to give a device a window).
 */
#ifndef _ZSK_LINUX_DMA_DIRECT_H
#define _ZSK_LINUX_DMA_DIRECT_H

#include <linux/dma-mapping.h>

/** translate_phys_to_dma() - as phys_to_dma(). */
#define translate_phys_to_dma(dev, pa) phys_to_dma(dev, pa)
/** translate_dma_to_phys() - as dma_to_phys(). */
#define translate_dma_to_phys(dev, dma) dma_to_phys(dev, dma)

/**
 * dma_capable() - can @dev reach [@addr, @addr + @size)?  False for the
 * error value; otherwise against min_not_zero(*dma_mask, bus_dma_limit).
 */
static inline bool dma_capable(struct device *dev, dma_addr_t addr, size_t size, bool is_ram)
{
	u64 mask = dev->dma_mask ? *dev->dma_mask : 0, limit = dev->bus_dma_limit;
	u64 end = addr + (size ? size : 1) - 1;

	(void)is_ram;
	if (addr == DMA_MAPPING_ERROR)
		return false;
	if (!mask || (limit && limit < mask))
		mask = limit;
	return end >= addr && end <= mask;
}

#endif
