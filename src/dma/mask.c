/* SPDX-License-Identifier: MIT */
/*
 * mask.c - DMA masks and bus addresses (kernel/dma/mapping.c,
 * kernel/dma/direct.c's dma_direct_supported, include/linux/dma-direct.h):
 * dma_set_mask() and friends, dma_supported(), phys_to_dma(),
 * dma_to_phys() through a device's dma_range_map.
 */
#include <errno.h>
#include <string.h>

#include <zslab/slab.h>

#include "common/lazy_boot.h"
#include "common/report.h"
#include "dma/dma_internal.h"
#include "mm/mm_internal.h"

dma_addr_t phys_to_dma(struct device *dev, phys_addr_t pa)
{
	const struct bus_dma_region *m = dev ? dev->dma_range_map : NULL;

	if (!m)
		return pa;
	for (; m->size; m++)
		if (pa >= m->cpu_start && pa - m->cpu_start < m->size)
			return pa - m->cpu_start + m->dma_start;
	return DMA_MAPPING_ERROR;
}

phys_addr_t dma_to_phys(struct device *dev, dma_addr_t dma)
{
	const struct bus_dma_region *m = dev ? dev->dma_range_map : NULL;

	if (!m)
		return dma;
	for (; m->size; m++)
		if (dma >= m->dma_start && dma - m->dma_start < m->size)
			return dma - m->dma_start + m->cpu_start;
	return (phys_addr_t)-1;
}

int dma_direct_set_offset(struct device *dev, phys_addr_t cpu_start,
			  dma_addr_t dma_start, uint64_t size)
{
	struct bus_dma_region *map;

	if (!dev || !size || dev->dma_range_map) {
		zs_report(ZS_ERR, "dma_direct_set_offset: %s (-EINVAL)",
			  !dev ? "NULL device" : !size ? "size 0" : "the device already has a dma_range_map");
		return -EINVAL;
	}
	if (cpu_start == dma_start)
		return 0;
	map = kcalloc(2, sizeof(*map), GFP_KERNEL);
	if (!map)
		return -ENOMEM;
	map[0] = (struct bus_dma_region){ cpu_start, dma_start, size };
	dev->dma_range_map = map;
	dev->_own_map = true;
	return 0;
}

static uint64_t min_not_zero(uint64_t a, uint64_t b)
{
	if (!a)
		return b;
	if (!b)
		return a;
	return a < b ? a : b;
}

uint64_t zs_dma_stream_limit(const struct device *dev)
{
	return min_not_zero(dev->dma_mask ? *dev->dma_mask : 0, dev->bus_dma_limit);
}

uint64_t zs_dma_coherent_limit(const struct device *dev)
{
	return min_not_zero(dev->coherent_dma_mask, dev->bus_dma_limit);
}

bool dma_supported(struct device *dev, uint64_t mask)
{
	phys_addr_t first, last;
	dma_addr_t lowest;

	zs_lazy_boot();
	if (!dev || !zs_nr_ranges)
		return false;
	first = (phys_addr_t)zs_ranges[0].pfn_start << PAGE_SHIFT;
	last = (phys_addr_t)(zs_ranges[zs_nr_ranges - 1].pfn_end - 1) << PAGE_SHIFT;
	lowest = phys_to_dma(dev, first);
	if (lowest == DMA_MAPPING_ERROR || mask < lowest)
		return false;          /* the mask reaches no RAM */
	if (mask >= DMA_BIT_MASK(32))
		return true;
	if (zs_zones[ZONE_DMA].present_pages) {
		phys_addr_t dma_end = ((phys_addr_t)zs_dma_pfn << PAGE_SHIFT) - 1;

		if (dma_end < last)
			last = dma_end;
	}
	return mask >= phys_to_dma(dev, last);
}

static int set_refused(const char *fn, struct device *dev, uint64_t mask, const char *why)
{
	struct zs_dev_label l;

	zs_report(ZS_ERR, "%s: %s: mask %#llx refused: %s (-EIO)", fn, zs_dev_label(dev, &l),
		  (unsigned long long)mask, why);
	return -EIO;
}

int dma_set_mask(struct device *dev, uint64_t mask)
{
	if (!dev)
		return set_refused(__func__, dev, mask, "NULL device");
	if (!dev->dma_mask)
		return set_refused(__func__, dev, mask, "the device has no dma_mask storage");
	if (!dma_supported(dev, mask))
		return set_refused(__func__, dev, mask, "it reaches no RAM dma-direct can use");
	*dev->dma_mask = mask;
	return 0;
}

int dma_set_coherent_mask(struct device *dev, uint64_t mask)
{
	if (!dev)
		return set_refused(__func__, dev, mask, "NULL device");
	if (!dma_supported(dev, mask))
		return set_refused(__func__, dev, mask, "it reaches no RAM dma-direct can use");
	dev->coherent_dma_mask = mask;
	return 0;
}

int dma_set_mask_and_coherent(struct device *dev, uint64_t mask)
{
	int err = dma_set_mask(dev, mask);

	if (!err)
		dma_set_coherent_mask(dev, mask);
	return err;
}

uint64_t dma_get_mask(struct device *dev)
{
	if (dev && dev->dma_mask && *dev->dma_mask)
		return *dev->dma_mask;
	return DMA_BIT_MASK(32);
}
