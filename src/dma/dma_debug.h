/* SPDX-License-Identifier: MIT */
/*
 * dma_debug.h - the DMA-API debug checks (debug.c, dma_debug=1), called
 * by dma-direct and the device's final put.  No zslab lock may be held.
 */
#ifndef ZSLAB_DMA_DEBUG_H
#define ZSLAB_DMA_DEBUG_H

#include <stddef.h>

#include "dma/dma_internal.h"

#pragma GCC visibility push(hidden)

/* Is the debug check on (dma_debug=1)? */
static inline bool zs_dma_debug(void)
{
	return zs_config.dma_debug;
}

/*
 * Before the record of the mapping (or coherent allocation, @kind
 * ZS_DMA_COHERENT) at @addr is dropped: report an unmap of what was never
 * mapped, or with another size, direction or kind of call.
 */
void zs_dma_debug_unmap(struct device *dev, dma_addr_t addr, size_t size,
			enum dma_data_direction dir, enum zs_dma_kind kind);
/* At @dev's final put, before its records go: report what is still live. */
void zs_dma_debug_release(struct device *dev);
/* dma_mapping_error() was asked about @addr: the first unchecked single
 * or page mapping there counts as checked. */
void zs_dma_debug_mapping_error(struct device *dev, dma_addr_t addr);
/* Before a sync of [@addr, @addr + @size): report a sync of what is not
 * mapped, beyond the mapping, or in another direction. */
void zs_dma_debug_sync(struct device *dev, dma_addr_t addr, size_t size,
		       enum dma_data_direction dir, bool to_cpu);

#pragma GCC visibility pop

#endif
