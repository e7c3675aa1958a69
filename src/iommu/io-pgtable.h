/* SPDX-License-Identifier: MIT */
/*
 * io-pgtable.h - what the io-pgtable framework (io-pgtable.c) shares with
 * its formats: the instance header every format embeds, the format table
 * entry, and the optional-hook TLB wrappers.
 */
#ifndef ZSLAB_IOMMU_IO_PGTABLE_H
#define ZSLAB_IOMMU_IO_PGTABLE_H

#include <zslab/io-pgtable.h>

#pragma GCC visibility push(hidden)

/*
 * struct io_pgtable - one page table, as the framework sees it.
 * @fmt:    its format.
 * @cookie: passed to the TLB hooks.
 * @cfg:    the configuration after the format's alloc updated it.
 * @ops:    what alloc_io_pgtable_ops() hands out.
 *
 * Invariant: @cfg is written by the format's alloc and by the framework
 * once, before @ops is returned; nothing changes it afterwards.
 */
struct io_pgtable {
	enum io_pgtable_fmt fmt;
	void *cookie;
	struct io_pgtable_cfg cfg;
	struct io_pgtable_ops ops;
};

#define io_pgtable_ops_to_pgtable(x) \
	((struct io_pgtable *)((char *)(x) - __builtin_offsetof(struct io_pgtable, ops)))

/*
 * struct io_pgtable_init_fns - a format's constructor and destructor.
 * @alloc: build a page table for @cfg (updating @cfg's outputs), or NULL.
 * @free:  destroy it (no TLB calls; the framework flushed all).
 * @stats: fill zslab's statistics.
 */
struct io_pgtable_init_fns {
	struct io_pgtable *(*alloc)(struct io_pgtable_cfg *cfg, void *cookie);
	void (*free)(struct io_pgtable *iop);
	void (*stats)(struct io_pgtable *iop, struct zslab_io_pgtable_stats *st);
};

extern const struct io_pgtable_init_fns io_pgtable_arm_v7s_init_fns;

static inline void io_pgtable_tlb_flush_all(struct io_pgtable *iop)
{
	const struct iommu_flush_ops *tlb = iop->cfg.tlb;

	if (tlb && tlb->tlb_flush_all)
		tlb->tlb_flush_all(iop->cookie);
}

static inline void io_pgtable_tlb_flush_walk(struct io_pgtable *iop,
					     unsigned long iova, size_t size,
					     size_t granule)
{
	const struct iommu_flush_ops *tlb = iop->cfg.tlb;

	if (tlb && tlb->tlb_flush_walk)
		tlb->tlb_flush_walk(iova, size, granule, iop->cookie);
}

static inline void io_pgtable_tlb_add_page(struct io_pgtable *iop,
					   struct iommu_iotlb_gather *gather,
					   unsigned long iova, size_t granule)
{
	const struct iommu_flush_ops *tlb = iop->cfg.tlb;

	if (tlb && tlb->tlb_add_page)
		tlb->tlb_add_page(gather, iova, granule, iop->cookie);
}

#pragma GCC visibility pop

#endif
