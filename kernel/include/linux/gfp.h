/* SPDX-License-Identifier: MIT */
/*
 * linux/gfp.h - page allocation: zslab's buddy allocator (<zslab/mm.h>,
 * <zslab/gfp.h>) under the kernel's names, and (up to 6.11, where it
 * lived here) page_frag.
 */
#ifndef _ZSK_LINUX_GFP_H
#define _ZSK_LINUX_GFP_H

#include <linux/gfp_types.h>
#include <linux/mmzone.h>
#include <linux/page_frag_cache.h>
#include <linux/topology.h>
#include <linux/types.h>
#include <zslab/mm.h>

/** gfpflags_allow_blocking() - may an allocation with @gfp sleep? */
static inline bool gfpflags_allow_blocking(const gfp_t gfp)
{
	return !!(gfp & __GFP_DIRECT_RECLAIM);
}
static inline bool gfp_has_io_fs(gfp_t gfp)
{
	return (gfp & (__GFP_IO | __GFP_FS)) == (__GFP_IO | __GFP_FS);
}
#define gfp_migratetype(gfp) 0

#define __get_free_page(gfp) __get_free_pages((gfp), 0)
#define __get_dma_pages(gfp, order) __get_free_pages((gfp) | GFP_DMA, (order))

/* The bulk allocator's spellings: alloc_pages_bulk_array() until 6.13,
 * alloc_pages_bulk() since; one node, so the _node forms ignore it. */
#define alloc_pages_bulk_array(gfp, nr_pages, page_array) \
	alloc_pages_bulk((gfp), (nr_pages), (page_array))
#define alloc_pages_bulk_node(gfp, nid, nr_pages, page_array) \
	((void)(nid), alloc_pages_bulk((gfp), (nr_pages), (page_array)))
#define alloc_pages_bulk_array_node(gfp, nid, nr_pages, page_array) \
	alloc_pages_bulk_node((gfp), (nid), (nr_pages), (page_array))

#endif
