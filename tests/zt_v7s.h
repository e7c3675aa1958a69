/* SPDX-License-Identifier: MIT */
/*
 * zt_v7s.h - helpers shared by the ARMv7s page-table tests: the kernel
 * selftest's configuration and TLB hooks (which check the cookie and the
 * flushed sizes, and count calls), a walker-vs-iova_to_phys cross-check,
 * and the "page allocator back to its boot state" snapshot.
 * Include after zt.h and zt_mm.h.
 */
#ifndef ZSLAB_ZT_V7S_H
#define ZSLAB_ZT_V7S_H

#include <stdatomic.h>

#include "slab/slab.h"

#define ZV_MIB (1UL << 20)
#define ZV_GIB (1ULL << 30)

/* --- TLB hooks (the selftest's dummy_tlb_*), counting ----------------- */

struct zv_tlb {
	atomic_ulong flush_all, flush_walk, add_page;
	atomic_ulong bad_cookie, bad_size;
	const struct io_pgtable_cfg *cfg;   /* the expected cookie */
};

static struct zv_tlb zv_tlb;

static inline void zv_tlb_check(size_t size, void *cookie)
{
	if (cookie != zv_tlb.cfg)
		zv_tlb.bad_cookie++;
	else if (!(size & zv_tlb.cfg->pgsize_bitmap))
		zv_tlb.bad_size++;
}

static inline void zv_flush_all(void *cookie)
{
	zv_tlb.flush_all++;
	if (cookie != zv_tlb.cfg)
		zv_tlb.bad_cookie++;
}

static inline void zv_flush_walk(unsigned long iova, size_t size, size_t granule,
				 void *cookie)
{
	(void)iova;
	(void)granule;
	zv_tlb.flush_walk++;
	zv_tlb_check(size, cookie);
}

static inline void zv_add_page(struct iommu_iotlb_gather *gather, unsigned long iova,
			       size_t granule, void *cookie)
{
	zv_tlb.add_page++;
	zv_tlb_check(granule, cookie);
	if (gather)
		iommu_iotlb_gather_add_range(gather, iova, granule);
}

static const struct iommu_flush_ops zv_flush_ops = {
	.tlb_flush_all = zv_flush_all,
	.tlb_flush_walk = zv_flush_walk,
	.tlb_add_page = zv_add_page,
};

/* The selftest's configuration; the cookie is @cfg itself. */
static inline void zv_cfg_selftest(struct io_pgtable_cfg *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->tlb = &zv_flush_ops;
	cfg->oas = 32;
	cfg->ias = 32;
	cfg->pgsize_bitmap = SZ_4K | SZ_64K | SZ_1M | SZ_16M;
	cfg->quirks = IO_PGTABLE_QUIRK_ARM_NS;
	cfg->coherent_walk = true;
	memset(&zv_tlb, 0, sizeof(zv_tlb));
	zv_tlb.cfg = cfg;
}

/* --- cross-check --------------------------------------------------------- */

/*
 * For every @step in [@start, @end): the walker (a privileged read) and
 * iova_to_phys() agree: both translate @iova + 42 to the same address, or
 * neither translates it.  Prints the first few differences.
 * Return: the number of disagreements.
 */
static inline unsigned long zv_cross_check(struct io_pgtable_ops *ops,
					   const struct io_pgtable_cfg *cfg,
					   unsigned long start, unsigned long end,
					   unsigned long step)
{
	unsigned long bad = 0;

	for (unsigned long iova = start; iova < end; iova += step) {
		struct arm_v7s_walk_result r;
		int w = arm_v7s_walk(cfg, iova + 42, ARM_V7S_ACC_READ, &r);
		phys_addr_t sw = ops->iova_to_phys(ops, iova + 42);
		bool same = w == 0 ? sw == r.pa : sw == 0 &&
			    (r.fault == ARM_V7S_FAULT_TRANSLATION_L1 ||
			     r.fault == ARM_V7S_FAULT_TRANSLATION_L2);

		if (!same && bad++ < 5)
			fprintf(stderr, "cross-check: iova %#lx: iova_to_phys %#llx, walker %s pa %#llx\n",
				iova + 42, (unsigned long long)sw, arm_v7s_fault_name(r.fault),
				(unsigned long long)r.pa);
	}
	return bad;
}

/* The L1 descriptor of @iova, read from the table the TTBR names. */
static inline uint32_t zv_l1(const struct io_pgtable_cfg *cfg, unsigned long iova)
{
	const uint32_t *l1 = phys_to_virt(cfg->arm_v7s_cfg.ttbr & 0xffffc000u);

	return l1[(iova >> 20) & 0xfff];
}

/* The leaf descriptor the walker finds for @iova (0 when it faults). */
static inline uint32_t zv_leaf(const struct io_pgtable_cfg *cfg, unsigned long iova)
{
	struct arm_v7s_walk_result r;

	arm_v7s_walk(cfg, iova, ARM_V7S_ACC_READ, &r);
	return r.fault == ARM_V7S_WALK_OK || r.fault == ARM_V7S_FAULT_PERMISSION ||
	       r.fault == ARM_V7S_FAULT_ACCESS_FLAG ? r.desc : 0;
}

/* --- boot state ------------------------------------------------------- */

/*
 * Snapshot after emptying the slab caches' spare slabs.  The slab layer
 * keeps a few pages of its own metadata from first use on: 3 from the
 * first kmem_cache_create(), 2 more from the first burst through the
 * per-thread sheaves; they stay through any later create/destroy.  So a
 * cache is created, used for 512 objects and destroyed first: whatever
 * differs afterwards is the page table's doing.
 */
static inline void zv_snap(struct zm_buddy *b)
{
	struct kmem_cache *warm = kmem_cache_create("zv-warm", 1024, 1024, 0, NULL);
	void *obj[512];

	for (int i = 0; i < 512; i++)
		obj[i] = kmem_cache_alloc(warm, GFP_KERNEL);
	for (int i = 0; i < 512; i++)
		kmem_cache_free(warm, obj[i]);
	kmem_cache_destroy(warm);
	kfree(kzalloc(256, GFP_KERNEL));
	zs_slab_shrink_all();
	zm_buddy_snap(b);
}

/* Is the page allocator exactly as in @b (after the same shrink)? */
static inline bool zv_same(const struct zm_buddy *b, const char *what)
{
	zs_slab_shrink_all();
	return zm_buddy_equal(b, what);
}

#endif
