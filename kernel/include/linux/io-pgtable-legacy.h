/* SPDX-License-Identifier: MIT */
/*
 * linux/io-pgtable-legacy.h - the io-pgtable interface of kernels before
 * 5.14, included by linux/io-pgtable.h when ZSLAB_KERNEL_API is older:
 *
 *   era          TLB ops                  map                       unmap        coherence     v7s ttbr
 *   4.19-5.3     iommu_gather_ops         (ops,iova,pa,size,prot)   (..,size)    QUIRK_NO_DMA  u32 ttbr[2]
 *   5.4-5.5      iommu_flush_ops (+leaf)  (ops,iova,pa,size,prot)   (..,gather)  coherent_walk u32 ttbr[2]
 *   5.6-5.8      iommu_flush_ops (+leaf)  (ops,iova,pa,size,prot)   (..,gather)  coherent_walk u32 ttbr
 *   5.9-5.13     iommu_flush_ops (+leaf)  (...,prot,gfp)            (..,gather)  coherent_walk u32 ttbr
 *
 * (the release that gave map its gfp is not verified: 5.10's file has it,
 * 5.2's has not; new level-2 tables of the eras without it use
 * GFP_ATOMIC, as 5.2 did)
 *
 * with the quirk bits of those kernels (TLBI_ON_MAP 2, MTK_4GB 3, and
 * NO_DMA 4 and NON_STRICT 5 before 5.4, NON_STRICT 4 after).  The page
 * tables are zslab's: the names below are renamed onto era types that the
 * compat library translates to and from the mainline ones, calling the
 * era's TLB hooks where those kernels did (TLBI_ON_MAP flushes the walk
 * after a map; NON_STRICT queues no leaf invalidations; a map with
 * neither read nor write access maps nothing and returns 0,
 * zslab_io_pgtable_map()).
 */
#ifndef _ZSK_LINUX_IO_PGTABLE_LEGACY_H
#define _ZSK_LINUX_IO_PGTABLE_LEGACY_H

#include <linux/bits.h>
#include <linux/version.h>
#include <zslab/io-pgtable.h>

/* zslab's own types, for the compat library that adapts them. */
typedef struct io_pgtable_cfg zsk_core_io_pgtable_cfg;
typedef struct io_pgtable_ops zsk_core_io_pgtable_ops;
typedef struct iommu_flush_ops zsk_core_iommu_flush_ops;
#ifdef ZSK_IO_PGTABLE_ERA_IMPL
static inline zsk_core_io_pgtable_ops *zsk_core_alloc_io_pgtable_ops(enum io_pgtable_fmt fmt,
								      zsk_core_io_pgtable_cfg *cfg,
								      void *cookie)
{
	return alloc_io_pgtable_ops(fmt, cfg, cookie);
}
static inline void zsk_core_free_io_pgtable_ops(zsk_core_io_pgtable_ops *ops)
{
	free_io_pgtable_ops(ops);
}
#endif

#if ZSLAB_KERNEL_BEFORE(5, 4, 0)
#define ZSK_IOPGT_ERA(name) name##_zsk_v4_19
#elif ZSLAB_KERNEL_BEFORE(5, 6, 0)
#define ZSK_IOPGT_ERA(name) name##_zsk_v5_4
#elif ZSLAB_KERNEL_BEFORE(5, 9, 0)
#define ZSK_IOPGT_ERA(name) name##_zsk_v5_6
#else
#define ZSK_IOPGT_ERA(name) name##_zsk_v5_9
#endif

#define io_pgtable_cfg ZSK_IOPGT_ERA(io_pgtable_cfg)
#define io_pgtable_ops ZSK_IOPGT_ERA(io_pgtable_ops)
#define io_pgtable ZSK_IOPGT_ERA(io_pgtable)
#define io_pgtable_init_fns ZSK_IOPGT_ERA(io_pgtable_init_fns)
#define iommu_flush_ops ZSK_IOPGT_ERA(iommu_flush_ops)
#define alloc_io_pgtable_ops ZSK_IOPGT_ERA(alloc_io_pgtable_ops)
#define free_io_pgtable_ops ZSK_IOPGT_ERA(free_io_pgtable_ops)

#undef IO_PGTABLE_QUIRK_ARM_MTK_TTBR_EXT
#define IO_PGTABLE_QUIRK_TLBI_ON_MAP BIT(2)
#define IO_PGTABLE_QUIRK_ARM_MTK_4GB BIT(3)
#if ZSLAB_KERNEL_BEFORE(5, 4, 0)
#define IO_PGTABLE_QUIRK_NO_DMA BIT(4)
#define IO_PGTABLE_QUIRK_NON_STRICT BIT(5)
#else
#define IO_PGTABLE_QUIRK_NON_STRICT BIT(4)
#endif

struct device;

#if ZSLAB_KERNEL_BEFORE(5, 4, 0)
/* struct iommu_gather_ops - the TLB hooks before 5.4. */
struct iommu_gather_ops {
	void (*tlb_flush_all)(void *cookie);
	void (*tlb_add_flush)(unsigned long iova, size_t size, size_t granule,
			      bool leaf, void *cookie);
	void (*tlb_sync)(void *cookie);
};
#else
/* struct iommu_flush_ops - the TLB hooks of 5.4-5.13 (leaf until 5.10). */
struct iommu_flush_ops {
	void (*tlb_flush_all)(void *cookie);
	void (*tlb_flush_walk)(unsigned long iova, size_t size, size_t granule, void *cookie);
	void (*tlb_flush_leaf)(unsigned long iova, size_t size, size_t granule, void *cookie);
	void (*tlb_add_page)(struct iommu_iotlb_gather *gather, unsigned long iova,
			     size_t granule, void *cookie);
};
#endif

/* struct io_pgtable_cfg - the configuration of the era (see the table). */
struct io_pgtable_cfg {
	unsigned long quirks;
	unsigned long pgsize_bitmap;
	unsigned int ias;
	unsigned int oas;
#if ZSLAB_KERNEL_BEFORE(5, 4, 0)
	const struct iommu_gather_ops *tlb;
#else
	bool coherent_walk;
	const struct iommu_flush_ops *tlb;
#endif
	struct device *iommu_dev;
	union {
		struct {
#if ZSLAB_KERNEL_BEFORE(5, 6, 0)
			u32 ttbr[2];
#else
			u32 ttbr;
#endif
			u32 tcr;
			u32 nmrr;
			u32 prrr;
		} arm_v7s_cfg;
	};
};

/* struct io_pgtable_ops - one block per call. */
struct io_pgtable_ops {
#if ZSLAB_KERNEL_BEFORE(5, 9, 0)
	int (*map)(struct io_pgtable_ops *ops, unsigned long iova, phys_addr_t paddr,
		   size_t size, int prot);
#else
	int (*map)(struct io_pgtable_ops *ops, unsigned long iova, phys_addr_t paddr,
		   size_t size, int prot, gfp_t gfp);
#endif
#if ZSLAB_KERNEL_BEFORE(5, 4, 0)
	size_t (*unmap)(struct io_pgtable_ops *ops, unsigned long iova, size_t size);
#else
	size_t (*unmap)(struct io_pgtable_ops *ops, unsigned long iova, size_t size,
			struct iommu_iotlb_gather *gather);
#endif
	phys_addr_t (*iova_to_phys)(struct io_pgtable_ops *ops, unsigned long iova);
};

/** struct io_pgtable - the framework's instance of the era. */
struct io_pgtable {
	enum io_pgtable_fmt fmt;
	void *cookie;
	struct io_pgtable_cfg cfg;
	struct io_pgtable_ops ops;
};
#define io_pgtable_ops_to_pgtable(x) container_of((x), struct io_pgtable, ops)

struct io_pgtable_init_fns {
	struct io_pgtable *(*alloc)(struct io_pgtable_cfg *cfg, void *cookie);
	void (*free)(struct io_pgtable *iop);
};

/**
 * alloc_io_pgtable_ops() - a page table of format @fmt for @cfg, whose
 * outputs (trimmed pgsize_bitmap, registers) are written back; the TLB
 * hooks get @cookie.  NULL when zslab refuses @cfg.
 */
struct io_pgtable_ops *alloc_io_pgtable_ops(enum io_pgtable_fmt fmt,
					    struct io_pgtable_cfg *cfg, void *cookie);
/** free_io_pgtable_ops() - flush all TLBs, then free the tables (NULL ok). */
void free_io_pgtable_ops(struct io_pgtable_ops *ops);

static inline void io_pgtable_tlb_flush_all(struct io_pgtable *iop)
{
	if (iop->cfg.tlb && iop->cfg.tlb->tlb_flush_all)
		iop->cfg.tlb->tlb_flush_all(iop->cookie);
}
#if ZSLAB_KERNEL_BEFORE(5, 4, 0)
static inline void io_pgtable_tlb_add_flush(struct io_pgtable *iop, unsigned long iova,
					    size_t size, size_t granule, bool leaf)
{
	iop->cfg.tlb->tlb_add_flush(iova, size, granule, leaf, iop->cookie);
}
static inline void io_pgtable_tlb_sync(struct io_pgtable *iop)
{
	iop->cfg.tlb->tlb_sync(iop->cookie);
}
#else
static inline void io_pgtable_tlb_flush_walk(struct io_pgtable *iop, unsigned long iova,
					     size_t size, size_t granule)
{
	if (iop->cfg.tlb->tlb_flush_walk)
		iop->cfg.tlb->tlb_flush_walk(iova, size, granule, iop->cookie);
}
static inline void io_pgtable_tlb_flush_leaf(struct io_pgtable *iop, unsigned long iova,
					     size_t size, size_t granule)
{
	if (iop->cfg.tlb->tlb_flush_leaf)
		iop->cfg.tlb->tlb_flush_leaf(iova, size, granule, iop->cookie);
}
static inline void io_pgtable_tlb_add_page(struct io_pgtable *iop,
					   struct iommu_iotlb_gather *gather,
					   unsigned long iova, size_t granule)
{
	if (iop->cfg.tlb->tlb_add_page)
		iop->cfg.tlb->tlb_add_page(gather, iova, granule, iop->cookie);
}
#endif

#endif
