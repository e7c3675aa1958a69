/* SPDX-License-Identifier: MIT */
/*
 * linux/page_frag_cache.h - page fragments: zslab's page_frag
 * (<zslab/page_frag.h>), the mainline interface where the alignment is a
 * power of two.  Kernels before 6.7 took an alignment *mask*
 * (~(align - 1)) in page_frag_alloc_align(); with ZSLAB_KERNEL_API before
 * 6.7 that is the argument's meaning here too.  __page_frag_alloc_align()
 * (6.7+) always takes the mask.
 */
#ifndef _ZSK_LINUX_PAGE_FRAG_CACHE_H
#define _ZSK_LINUX_PAGE_FRAG_CACHE_H

#include <linux/version.h>
#include <zslab/page_frag.h>

/* The alignment an alignment mask ~(align - 1) stands for. */
#define __zsk_frag_align_of_mask(mask) ((unsigned int)-(unsigned int)(mask))

/* zslab's page_frag_alloc_align(), whatever the era's macro below. */
static inline void *__zsk_page_frag_alloc_pow2(struct page_frag_cache *nc, unsigned int fragsz,
					       gfp_t gfp, unsigned int align)
{
	return page_frag_alloc_align(nc, fragsz, gfp, align);
}

#define __page_frag_alloc_align(nc, fragsz, gfp, align_mask) \
	__zsk_page_frag_alloc_pow2(nc, fragsz, gfp, __zsk_frag_align_of_mask(align_mask))
#if ZSLAB_KERNEL_BEFORE(6, 7, 0)
#define page_frag_alloc_align(nc, fragsz, gfp, align_mask) \
	__zsk_page_frag_alloc_pow2(nc, fragsz, gfp, __zsk_frag_align_of_mask(align_mask))
#endif
#define page_frag_cache_init(nc) ((void)((nc)->va = NULL))
#define page_frag_cache_is_pfmemalloc(nc) ((nc)->pfmemalloc)

#endif
