/* SPDX-License-Identifier: MIT */
/* linux/dma-direction.h - enum dma_data_direction (<zslab/dma.h>). */
#ifndef _ZSK_LINUX_DMA_DIRECTION_H
#define _ZSK_LINUX_DMA_DIRECTION_H

#include <linux/types.h>
#include <zslab/dma.h>

/** valid_dma_direction() - is @dir one a mapping may have? */
static inline int valid_dma_direction(enum dma_data_direction dir)
{
	return dir == DMA_BIDIRECTIONAL || dir == DMA_TO_DEVICE || dir == DMA_FROM_DEVICE;
}

#endif
