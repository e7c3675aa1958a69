/* SPDX-License-Identifier: MIT */
/*
 * zt_dma.h - the device the DMA tests set up: a struct device of the
 * test's own, initialised and named, with a release that does nothing
 * (the struct lives on the test's stack) and both masks at @bits.
 */
#ifndef ZSLAB_ZT_DMA_H
#define ZSLAB_ZT_DMA_H

#include <string.h>
#include <zslab/zslab.h>

#include "zt.h"

static inline void zt_nop_release(struct device *dev)
{
	(void)dev;
}

static inline void zt_dev_setup(struct device *dev, unsigned long long *mask, const char *name,
				unsigned int bits)
{
	memset(dev, 0, sizeof(*dev));
	device_initialize(dev);
	dev_set_name(dev, "%s", name);
	dev->release = zt_nop_release;
	dev->dma_mask = mask;
	REQUIRE(dma_set_mask_and_coherent(dev, DMA_BIT_MASK(bits)) == 0);
}

#endif
