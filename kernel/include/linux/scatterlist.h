/* SPDX-License-Identifier: MIT */
/*
 * linux/scatterlist.h - scatterlists as zslab has them (<zslab/dma.h>):
 * a flat table whose last entry is marked, sg_init_table, sg_set_page,
 * sg_set_buf, sg_next, sg_virt, sg_phys, for_each_sg, sg_dma_address and
 * sg_dma_len.  Chained tables (sg_chain) are not modelled.
 */
#ifndef _ZSK_LINUX_SCATTERLIST_H
#define _ZSK_LINUX_SCATTERLIST_H

#include <linux/mm.h>
#include <linux/types.h>
#include <zslab/dma.h>

/** sg_page() - the entry's page. */
static inline struct page *sg_page(struct scatterlist *sg)
{
	return sg->page;
}

/** sg_mark_end() - make @sg the last entry. */
static inline void sg_mark_end(struct scatterlist *sg)
{
	sg->end = true;
}

/** sg_is_last() - is @sg the last entry? */
#define sg_is_last(sg) ((sg)->end)

#endif
