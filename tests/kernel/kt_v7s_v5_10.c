// SPDX-License-Identifier: MIT
/*
 * kt_v7s_v5_10.c - the v7s selftest on an intermediate era (kt_v7s.h):
 * struct iommu_flush_ops with tlb_flush_leaf, ops->map with gfp,
 * ops->unmap with a gather, cfg->coherent_walk; NON_STRICT, which queues
 * no leaf invalidations.
 */
#define ZSLAB_KERNEL_API KERNEL_VERSION(5, 10, 0)
#include <linux/io-pgtable.h>

static unsigned long add_pages, walks;

static void kt_flush_all(void *cookie);
static void kt_flush(unsigned long iova, size_t size, size_t granule, void *cookie);
static void kt_add_page(struct iommu_iotlb_gather *gather, unsigned long iova,
			size_t granule, void *cookie);

static const struct iommu_flush_ops kt_tlb = {
	.tlb_flush_all = kt_flush_all,
	.tlb_flush_walk = kt_flush,
	.tlb_flush_leaf = kt_flush,
	.tlb_add_page = kt_add_page,
};

#define KT_TLB_OPS kt_tlb
#define KT_CFG_QUIRKS IO_PGTABLE_QUIRK_NON_STRICT
#define KT_CFG_COHERENT .coherent_walk = true,
#define KT_TTBR(cfg) ((cfg).arm_v7s_cfg.ttbr)
#define KT_MAP(ops, iova, pa, size, prot) ((ops)->map(ops, iova, pa, size, prot, GFP_KERNEL))
#define KT_UNMAP(ops, iova, size) ((ops)->unmap(ops, iova, size, NULL))
#define KT_NOACCESS_RESULT 0
#define KT_ERA_NAME "v5.10"
/* NON_STRICT: table walks are flushed, leaves are not queued */
#define KT_EXTRA_CHECKS() do { \
	if (add_pages || !walks || LINUX_VERSION_CODE != KERNEL_VERSION(5, 10, 0)) \
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

static void kt_flush(unsigned long iova, size_t size, size_t granule, void *cookie)
{
	(void)iova;
	(void)granule;
	kt_check_cookie(cookie);
	walks++;
	if (!(size & cfg_cookie->pgsize_bitmap))
		bad_cookie++;
}

static void kt_add_page(struct iommu_iotlb_gather *gather, unsigned long iova,
			size_t granule, void *cookie)
{
	(void)gather;
	add_pages++;
	kt_flush(iova, granule, granule, cookie);
}
