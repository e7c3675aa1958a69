// SPDX-License-Identifier: MIT
/* kt_v7s_mainline.c - the v7s selftest on the mainline interface (kt_v7s.h). */
#include <linux/io-pgtable.h>

static unsigned long add_pages;

static void kt_flush_all(void *cookie);
static void kt_flush_walk(unsigned long iova, size_t size, size_t granule, void *cookie);
static void kt_add_page(struct iommu_iotlb_gather *gather, unsigned long iova,
			size_t granule, void *cookie);

static const struct iommu_flush_ops kt_tlb = {
	.tlb_flush_all = kt_flush_all,
	.tlb_flush_walk = kt_flush_walk,
	.tlb_add_page = kt_add_page,
};

static size_t kt_mapped;
#define KT_TLB_OPS kt_tlb
#define KT_CFG_QUIRKS 0
#define KT_CFG_COHERENT .coherent_walk = true,
#define KT_TTBR(cfg) ((cfg).arm_v7s_cfg.ttbr)
#define KT_MAP(ops, iova, pa, size, prot) \
	((ops)->map_pages(ops, iova, pa, size, 1, prot, GFP_KERNEL, &kt_mapped))
#define KT_NOACCESS_RESULT (-EINVAL)
#define KT_UNMAP(ops, iova, size) ((ops)->unmap_pages(ops, iova, size, 1, NULL))
#define KT_ERA_NAME "mainline"
/* zslab's instances have the framework's layout: io_pgtable_ops_to_pgtable() works */
#define KT_EXTRA_CHECKS() do { \
	if (!add_pages || LINUX_VERSION_CODE < KERNEL_VERSION(6, 0, 0)) \
		return KT_FAIL(); \
} while (0)
#define KT_OPS_CHECKS(ops, cfg) do { \
	struct io_pgtable *__iop = io_pgtable_ops_to_pgtable(ops); \
	if (__iop->fmt != ARM_V7S || __iop->cookie != &(cfg) || __iop->cfg.ias != 32 || \
	    __iop->cfg.pgsize_bitmap != (cfg).pgsize_bitmap) \
		return KT_FAIL(); \
} while (0)

#include "kt_v7s.h"

static void kt_flush_all(void *cookie)
{
	kt_check_cookie(cookie);
}

static void kt_flush_walk(unsigned long iova, size_t size, size_t granule, void *cookie)
{
	(void)iova;
	(void)granule;
	kt_check_cookie(cookie);
	if (!(size & cfg_cookie->pgsize_bitmap))
		bad_cookie++;
}

static void kt_add_page(struct iommu_iotlb_gather *gather, unsigned long iova,
			size_t granule, void *cookie)
{
	(void)gather;
	add_pages++;
	kt_flush_walk(iova, granule, granule, cookie);
}
