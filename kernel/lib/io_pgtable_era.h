/* SPDX-License-Identifier: MIT */
/*
 * io_pgtable_era.h - the io-pgtable interface of one kernel era before
 * 5.14, over zslab's page tables: included by io_pgtable_v*.c, each of
 * which defines ZSLAB_KERNEL_API first (one file per layout of the era
 * types; see linux/io-pgtable-legacy.h).
 *
 * The era instance wraps zslab's: the user's ops and cfg are the era's,
 * zslab's TLB hooks call the era's with the user's cookie, and the
 * register outputs are copied back in the era's layout.  What those
 * kernels did in the format (TLBI_ON_MAP's walk flush after a map,
 * NON_STRICT's dropped leaf invalidations) is done here around zslab's
 * calls; a map without access goes through zslab_io_pgtable_map().
 */
#define ZSK_IO_PGTABLE_ERA_IMPL
#include <linux/io-pgtable.h>
#include <linux/kernel.h>
#include <linux/sizes.h>
#include <linux/slab.h>

/*
 * struct era_table - @iop is the era's instance (users hold &iop.ops);
 * @core is zslab's table, whose TLB hooks are @flush.
 */
struct era_table {
	struct io_pgtable iop;
	zsk_core_io_pgtable_ops *core;
	zsk_core_iommu_flush_ops flush;
	bool non_strict;
	bool tlbi_on_map;
};

#define era_of_ops(o) container_of(o, struct era_table, iop.ops)

static void era_flush_all(void *cookie)
{
	struct era_table *t = cookie;

	if (t->iop.cfg.tlb && t->iop.cfg.tlb->tlb_flush_all)
		t->iop.cfg.tlb->tlb_flush_all(t->iop.cookie);
}

#if ZSLAB_KERNEL_BEFORE(5, 4, 0)
static void era_flush_walk(unsigned long iova, size_t size, size_t granule, void *cookie)
{
	struct era_table *t = cookie;
	const struct iommu_gather_ops *tlb = t->iop.cfg.tlb;

	if (tlb && tlb->tlb_add_flush)
		tlb->tlb_add_flush(iova, size, granule, false, t->iop.cookie);
	if (tlb && tlb->tlb_sync)
		tlb->tlb_sync(t->iop.cookie);
}

static void era_add_page(struct iommu_iotlb_gather *gather, unsigned long iova,
			 size_t granule, void *cookie)
{
	struct era_table *t = cookie;
	const struct iommu_gather_ops *tlb = t->iop.cfg.tlb;

	(void)gather;
	if (!t->non_strict && tlb && tlb->tlb_add_flush)
		tlb->tlb_add_flush(iova, granule, granule, true, t->iop.cookie);
}
#else
static void era_flush_walk(unsigned long iova, size_t size, size_t granule, void *cookie)
{
	struct era_table *t = cookie;

	if (t->iop.cfg.tlb && t->iop.cfg.tlb->tlb_flush_walk)
		t->iop.cfg.tlb->tlb_flush_walk(iova, size, granule, t->iop.cookie);
}

static void era_add_page(struct iommu_iotlb_gather *gather, unsigned long iova,
			 size_t granule, void *cookie)
{
	struct era_table *t = cookie;

	if (!t->non_strict && t->iop.cfg.tlb && t->iop.cfg.tlb->tlb_add_page)
		t->iop.cfg.tlb->tlb_add_page(gather, iova, granule, t->iop.cookie);
}
#endif

static int era_map_gfp(struct io_pgtable_ops *ops, unsigned long iova, phys_addr_t paddr,
		       size_t size, int prot, gfp_t gfp)
{
	struct era_table *t = era_of_ops(ops);
	int ret = zslab_io_pgtable_map(t->core, iova, paddr, size, prot, gfp);

	if (!ret && t->tlbi_on_map && (prot & (IOMMU_READ | IOMMU_WRITE)))
		era_flush_walk(iova, size, SZ_4K, t);
	return ret;
}

#if ZSLAB_KERNEL_BEFORE(5, 9, 0)
static int era_map(struct io_pgtable_ops *ops, unsigned long iova, phys_addr_t paddr,
		   size_t size, int prot)
{
	return era_map_gfp(ops, iova, paddr, size, prot, GFP_ATOMIC);
}
#else
#define era_map era_map_gfp
#endif

#if ZSLAB_KERNEL_BEFORE(5, 4, 0)
static size_t era_unmap(struct io_pgtable_ops *ops, unsigned long iova, size_t size)
{
	struct era_table *t = era_of_ops(ops);

	return t->core->unmap_pages(t->core, iova, size, 1, NULL);
}
#else
static size_t era_unmap(struct io_pgtable_ops *ops, unsigned long iova, size_t size,
			struct iommu_iotlb_gather *gather)
{
	struct era_table *t = era_of_ops(ops);

	return t->core->unmap_pages(t->core, iova, size, 1, gather);
}
#endif

static phys_addr_t era_iova_to_phys(struct io_pgtable_ops *ops, unsigned long iova)
{
	struct era_table *t = era_of_ops(ops);

	return t->core->iova_to_phys(t->core, iova);
}

/* The era's quirks that zslab does not take: handled here. */
#if ZSLAB_KERNEL_BEFORE(5, 4, 0)
#define ERA_QUIRKS (IO_PGTABLE_QUIRK_TLBI_ON_MAP | IO_PGTABLE_QUIRK_NO_DMA | \
		    IO_PGTABLE_QUIRK_NON_STRICT)
#else
#define ERA_QUIRKS (IO_PGTABLE_QUIRK_TLBI_ON_MAP | IO_PGTABLE_QUIRK_NON_STRICT)
#endif

static void era_core_cfg(const struct io_pgtable_cfg *cfg, zsk_core_io_pgtable_cfg *core)
{
	memset(core, 0, sizeof(*core));
	core->quirks = cfg->quirks & ~ERA_QUIRKS;
	core->pgsize_bitmap = cfg->pgsize_bitmap;
	core->ias = cfg->ias;
	core->oas = cfg->oas;
#if ZSLAB_KERNEL_BEFORE(5, 4, 0)
	core->coherent_walk = cfg->quirks & IO_PGTABLE_QUIRK_NO_DMA;
#else
	core->coherent_walk = cfg->coherent_walk;
#endif
	core->iommu_dev = cfg->iommu_dev;
}

/* The outputs zslab computed, in the era's layout. */
static void era_copy_out(const zsk_core_io_pgtable_cfg *core, struct io_pgtable_cfg *cfg)
{
	cfg->pgsize_bitmap = core->pgsize_bitmap;
#if ZSLAB_KERNEL_BEFORE(5, 6, 0)
	cfg->arm_v7s_cfg.ttbr[0] = core->arm_v7s_cfg.ttbr;
	cfg->arm_v7s_cfg.ttbr[1] = 0;
#else
	cfg->arm_v7s_cfg.ttbr = core->arm_v7s_cfg.ttbr;
#endif
	cfg->arm_v7s_cfg.tcr = core->arm_v7s_cfg.tcr;
	cfg->arm_v7s_cfg.nmrr = core->arm_v7s_cfg.nmrr;
	cfg->arm_v7s_cfg.prrr = core->arm_v7s_cfg.prrr;
}

struct io_pgtable_ops *alloc_io_pgtable_ops(enum io_pgtable_fmt fmt,
					    struct io_pgtable_cfg *cfg, void *cookie)
{
	zsk_core_io_pgtable_cfg core;
	struct era_table *t;

	if (!cfg)
		return NULL;
	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return NULL;
	t->iop.fmt = fmt;
	t->iop.cookie = cookie;
	t->iop.cfg = *cfg;
	t->tlbi_on_map = cfg->quirks & IO_PGTABLE_QUIRK_TLBI_ON_MAP;
	t->non_strict = cfg->quirks & IO_PGTABLE_QUIRK_NON_STRICT;
	t->flush.tlb_flush_all = era_flush_all;
	t->flush.tlb_flush_walk = era_flush_walk;
	t->flush.tlb_add_page = era_add_page;
	era_core_cfg(cfg, &core);
	core.tlb = &t->flush;
	t->core = zsk_core_alloc_io_pgtable_ops(fmt, &core, t);
	if (!t->core) {
		kfree(t);
		return NULL;
	}
	era_copy_out(&core, cfg);
	t->iop.cfg = *cfg;
	t->iop.ops = (struct io_pgtable_ops){
		.map = era_map,
		.unmap = era_unmap,
		.iova_to_phys = era_iova_to_phys,
	};
	return &t->iop.ops;
}

void free_io_pgtable_ops(struct io_pgtable_ops *ops)
{
	struct era_table *t;

	if (!ops)
		return;
	t = era_of_ops(ops);
	zsk_core_free_io_pgtable_ops(t->core);
	kfree(t);
}
