/* SPDX-License-Identifier: MIT */
/*
 * linux/io-pgtable.h - IOMMU page tables: zslab's io-pgtable framework and
 * ARMv7s format (<zslab/io-pgtable.h>), in the interface of the chosen
 * kernel era.
 *
 * Mainline (5.14+): map_pages/unmap_pages, struct iommu_flush_ops,
 * cfg->coherent_walk - zslab's own types, plus the framework's struct
 * io_pgtable (whose layout zslab's instances have) and its TLB wrappers,
 * so that format code such as io-pgtable-arm-v7s.c compiles.
 *
 * Before 5.14 the ops are map/unmap of one block and the configuration
 * differs: linux/io-pgtable-legacy.h spells those eras, over the same
 * page tables (kernel/lib/io-pgtable-era.c adapts).
 */
#ifndef _ZSK_LINUX_IO_PGTABLE_H
#define _ZSK_LINUX_IO_PGTABLE_H

#include <linux/bitops.h>
#include <linux/container_of.h>
#include <linux/iommu.h>
#include <linux/version.h>
#include <zslab/io-pgtable.h>

#if ZSLAB_KERNEL_BEFORE(5, 14, 0)
#include <linux/io-pgtable-legacy.h>
#else

#define IO_PGTABLE_CAP_CUSTOM_ALLOCATOR BIT(0)

/**
 * struct io_pgtable - a page table instance: zslab's have this layout, so
 * io_pgtable_ops_to_pgtable() works on ops from alloc_io_pgtable_ops().
 */
struct io_pgtable {
	enum io_pgtable_fmt fmt;
	void *cookie;
	struct io_pgtable_cfg cfg;
	struct io_pgtable_ops ops;
};

#define io_pgtable_ops_to_pgtable(x) container_of((x), struct io_pgtable, ops)

/* The TLB hooks are optional (5.12+): each wrapper checks. */
static inline void io_pgtable_tlb_flush_all(struct io_pgtable *iop)
{
	if (iop->cfg.tlb && iop->cfg.tlb->tlb_flush_all)
		iop->cfg.tlb->tlb_flush_all(iop->cookie);
}
static inline void io_pgtable_tlb_flush_walk(struct io_pgtable *iop, unsigned long iova,
					     size_t size, size_t granule)
{
	if (iop->cfg.tlb && iop->cfg.tlb->tlb_flush_walk)
		iop->cfg.tlb->tlb_flush_walk(iova, size, granule, iop->cookie);
}
static inline void io_pgtable_tlb_add_page(struct io_pgtable *iop,
					   struct iommu_iotlb_gather *gather,
					   unsigned long iova, size_t granule)
{
	if (iop->cfg.tlb && iop->cfg.tlb->tlb_add_page)
		iop->cfg.tlb->tlb_add_page(gather, iova, granule, iop->cookie);
}

/**
 * struct io_pgtable_init_fns - a format's constructor and destructor, as
 * format code defines them (zslab's formats are its own; a table of
 * these defined by kernel code is not registered).
 */
struct io_pgtable_init_fns {
	struct io_pgtable *(*alloc)(struct io_pgtable_cfg *cfg, void *cookie);
	void (*free)(struct io_pgtable *iop);
	int (*caps)(void);
};

#endif
#endif
