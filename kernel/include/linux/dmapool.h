/* SPDX-License-Identifier: MIT */
/*
 * linux/dmapool.h - dma_pool: zslab's (<zslab/dmapool.h>), the 6.4+
 * design, with the kernel's names, rules and messages.
 */
#ifndef _ZSK_LINUX_DMAPOOL_H
#define _ZSK_LINUX_DMAPOOL_H

#include <linux/device.h>
#include <linux/scatterlist.h>
#include <linux/types.h>
#include <zslab/dmapool.h>

/** dma_pool_create_node() - dma_pool_create(); zslab has one node. */
static inline struct dma_pool *dma_pool_create_node(const char *name, struct device *dev,
						    size_t size, size_t align, size_t boundary,
						    int node)
{
	(void)node;
	return dma_pool_create(name, dev, size, align, boundary);
}

#endif
