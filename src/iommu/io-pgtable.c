/* SPDX-License-Identifier: MIT */
/*
 * io-pgtable.c - the generic page-table framework: choose the format,
 * refuse what no format supports, and keep the final configuration.
 * No locks of its own.
 */
#include <errno.h>
#include <stddef.h>

#include "common/report.h"
#include "iommu/io-pgtable.h"

static const struct io_pgtable_init_fns *const formats[IO_PGTABLE_NUM_FMTS] = {
	[ARM_V7S] = &io_pgtable_arm_v7s_init_fns,
};

/*
 * No format zslab builds advertises IO_PGTABLE_CAP_CUSTOM_ALLOCATOR, so
 * custom alloc/free hooks are refused (both or neither, then neither).
 */
static bool check_custom_allocator(const struct io_pgtable_cfg *cfg)
{
	return !cfg->alloc && !cfg->free;
}

struct io_pgtable_ops *alloc_io_pgtable_ops(enum io_pgtable_fmt fmt,
					    struct io_pgtable_cfg *cfg,
					    void *cookie)
{
	const struct io_pgtable_init_fns *fns;
	struct io_pgtable *iop;

	if (!cfg)
		return NULL;
	if ((unsigned int)fmt >= IO_PGTABLE_NUM_FMTS) {
		zs_report(ZS_ERR, "io-pgtable: unknown format %u", (unsigned int)fmt);
		return NULL;
	}
	if (!check_custom_allocator(cfg)) {
		zs_report(ZS_ERR, "io-pgtable: format %u does not support custom table allocators",
			  (unsigned int)fmt);
		return NULL;
	}
	fns = formats[fmt];
	if (!fns) {
		zs_report(ZS_ERR, "io-pgtable: format %u is not built into zslab", (unsigned int)fmt);
		return NULL;
	}
	iop = fns->alloc(cfg, cookie);
	if (!iop)
		return NULL;
	iop->fmt = fmt;
	iop->cookie = cookie;
	iop->cfg = *cfg;
	return &iop->ops;
}

void free_io_pgtable_ops(struct io_pgtable_ops *ops)
{
	struct io_pgtable *iop;

	if (!ops)
		return;
	iop = io_pgtable_ops_to_pgtable(ops);
	io_pgtable_tlb_flush_all(iop);
	formats[iop->fmt]->free(iop);
}

int zslab_io_pgtable_get_stats(struct io_pgtable_ops *ops,
			       struct zslab_io_pgtable_stats *st)
{
	struct io_pgtable *iop;

	if (!ops || !st)
		return -EINVAL;
	iop = io_pgtable_ops_to_pgtable(ops);
	formats[iop->fmt]->stats(iop, st);
	return 0;
}

int zslab_io_pgtable_map(struct io_pgtable_ops *ops, unsigned long iova, phys_addr_t paddr,
			 size_t size, int prot, gfp_t gfp)
{
	size_t mapped = 0;

	if (!ops)
		return -EINVAL;
	/* kernels before 5.14: no access means nothing to map, and success */
	if (!(prot & (IOMMU_READ | IOMMU_WRITE)))
		return 0;
	return ops->map_pages(ops, iova, paddr, size, 1, prot, gfp, &mapped);
}
