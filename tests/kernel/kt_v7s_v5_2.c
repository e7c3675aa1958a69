// SPDX-License-Identifier: MIT
/*
 * kt_v7s_v5_2.c - the v7s selftest on the interface of the SLAB_CACHE_DMA32
 * series' era (kt_v7s.h): struct iommu_gather_ops, ops->map/unmap of one
 * block without gfp or gather, IO_PGTABLE_QUIRK_NO_DMA for a coherent
 * walker, u32 ttbr[2]; and TLBI_ON_MAP's walk flush after each map.
 */
#define ZSLAB_KERNEL_API KERNEL_VERSION(5, 2, 0)
#include <linux/io-pgtable.h>

static unsigned long leaf_flushes, syncs, table_flushes;

static void kt_flush_all(void *cookie);
static void kt_add_flush(unsigned long iova, size_t size, size_t granule, bool leaf,
			 void *cookie);
static void kt_sync(void *cookie);

static const struct iommu_gather_ops kt_tlb = {
	.tlb_flush_all = kt_flush_all,
	.tlb_add_flush = kt_add_flush,
	.tlb_sync = kt_sync,
};

#define KT_TLB_OPS kt_tlb
#define KT_CFG_QUIRKS (IO_PGTABLE_QUIRK_NO_DMA | IO_PGTABLE_QUIRK_TLBI_ON_MAP)
#define KT_CFG_COHERENT
#define KT_TTBR(cfg) ((cfg).arm_v7s_cfg.ttbr[0] && !(cfg).arm_v7s_cfg.ttbr[1])
#define KT_MAP(ops, iova, pa, size, prot) ((ops)->map(ops, iova, pa, size, prot))
#define KT_UNMAP(ops, iova, size) ((ops)->unmap(ops, iova, size))
#define KT_NOACCESS_RESULT 0
#define KT_ERA_NAME "v5.2"
/* leaf invalidations for unmaps, walk flushes + syncs for TLBI_ON_MAP */
#define KT_EXTRA_CHECKS() do { \
	if (!leaf_flushes || !table_flushes || !syncs || LINUX_VERSION_CODE != KERNEL_VERSION(5, 2, 0)) \
		return KT_FAIL(); \
} while (0)

/* the era's struct io_pgtable wraps the user's cfg */
#define KT_OPS_CHECKS(ops, cfg) do { \
	if (io_pgtable_ops_to_pgtable(ops)->cookie != &(cfg) || \
	    io_pgtable_ops_to_pgtable(ops)->cfg.oas != 32) \
		return KT_FAIL(); \
} while (0)

#include "kt_v7s.h"

static void kt_flush_all(void *cookie)
{
	kt_check_cookie(cookie);
}

static void kt_add_flush(unsigned long iova, size_t size, size_t granule, bool leaf,
			 void *cookie)
{
	(void)iova;
	(void)size;
	kt_check_cookie(cookie);
	if (leaf)
		leaf_flushes++;
	else
		table_flushes++;
	if (!(granule & cfg_cookie->pgsize_bitmap))
		bad_cookie++;
}

static void kt_sync(void *cookie)
{
	kt_check_cookie(cookie);
	syncs++;
}
