/* SPDX-License-Identifier: MIT */
/*
 * kt_v7s.h - an ARMv7s io-pgtable selftest written against the interface
 * of the era the including file chose (ZSLAB_KERNEL_API): the steps of
 * the kernel's built-in selftest (spec io-pgtable-arm-v7s.md 8) plus
 * checks of the era's TLB hooks and quirks.  Each kt_v7s_*.c defines
 * KT_MAP/KT_UNMAP for its era's ops, KT_TLB_OPS, KT_CFG_QUIRKS,
 * KT_CFG_COHERENT, KT_TTBR, KT_NOACCESS_RESULT, KT_ERA_NAME,
 * KT_OPS_CHECKS and KT_EXTRA_CHECKS, then
 * includes this file.  It runs as a subsys_initcall, as the kernel's does,
 * and returns -EFAULT after WARN("selftest: test failed") on a failure.
 */
#include <linux/init.h>
#include <linux/io-pgtable.h>
#include <linux/iommu.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/sizes.h>
#include <linux/version.h>

static struct io_pgtable_cfg *cfg_cookie;
static unsigned long tlb_calls, bad_cookie;

static void kt_check_cookie(void *cookie)
{
	tlb_calls++;
	if (cookie != cfg_cookie)
		bad_cookie++;
}

#define KT_FAIL() ({ WARN(1, "selftest: test failed at line %d\n", __LINE__); -EFAULT; })

static int __init kt_v7s_selftest(void)
{
	struct io_pgtable_cfg cfg = {
		.tlb = &KT_TLB_OPS,
		.oas = 32,
		.ias = 32,
		.quirks = IO_PGTABLE_QUIRK_ARM_NS | KT_CFG_QUIRKS,
		.pgsize_bitmap = SZ_4K | SZ_64K | SZ_1M | SZ_16M,
		KT_CFG_COHERENT
	};
	struct io_pgtable_ops *ops;
	unsigned int iova, size, i, loopnr = 0;

	cfg_cookie = &cfg;
	ops = alloc_io_pgtable_ops(ARM_V7S, &cfg, &cfg);
	if (!ops)
		return KT_FAIL();
	if (cfg.pgsize_bitmap != (SZ_4K | SZ_64K | SZ_1M | SZ_16M) || !KT_TTBR(cfg) ||
	    cfg.arm_v7s_cfg.prrr != 0x800B8204 || cfg.arm_v7s_cfg.nmrr != 0x40004000)
		return KT_FAIL();
	KT_OPS_CHECKS(ops, cfg);
	if (ops->iova_to_phys(ops, 42) || ops->iova_to_phys(ops, SZ_1G + 42) ||
	    ops->iova_to_phys(ops, SZ_2G + 42))
		return KT_FAIL();

	/* distinct mappings of each size; an overlapping map is refused */
	iova = 0;
	for_each_set_bit(i, &cfg.pgsize_bitmap, BITS_PER_LONG) {
		size = 1UL << i;
		if (KT_MAP(ops, iova, iova, size, IOMMU_READ | IOMMU_WRITE | IOMMU_NOEXEC |
			   IOMMU_CACHE))
			return KT_FAIL();
		if (KT_MAP(ops, iova, iova + size, size, IOMMU_READ | IOMMU_NOEXEC) != -EEXIST)
			return KT_FAIL();
		if (ops->iova_to_phys(ops, iova + 42) != (iova + 42))
			return KT_FAIL();
		iova += SZ_16M;
		loopnr++;
	}
	/* a map without read or write access maps nothing (the era says what it returns) */
	if (KT_MAP(ops, SZ_1G, SZ_1G, SZ_4K, IOMMU_NOEXEC) != KT_NOACCESS_RESULT ||
	    ops->iova_to_phys(ops, SZ_1G + 42))
		return KT_FAIL();

	/* partial unmap of the large blocks, then a remap of the hole */
	size = 1UL << __ffs(cfg.pgsize_bitmap);
	for (i = 1; i < loopnr; i++) {
		unsigned int start = i * SZ_16M;

		if (KT_UNMAP(ops, start + size, size) != size)
			return KT_FAIL();
		if (KT_MAP(ops, start + size, size, size, IOMMU_READ))
			return KT_FAIL();
		if (ops->iova_to_phys(ops, start + size + 42) != size + 42)
			return KT_FAIL();
		if (ops->iova_to_phys(ops, start + 2 * size + 42) != start + 2 * size + 42)
			return KT_FAIL();   /* the neighbour keeps its output address */
	}

	/* full unmap, then a write-only remap */
	iova = 0;
	for_each_set_bit(i, &cfg.pgsize_bitmap, BITS_PER_LONG) {
		size = 1UL << i;
		if (KT_UNMAP(ops, iova, size) != size || ops->iova_to_phys(ops, iova + 42))
			return KT_FAIL();
		if (KT_MAP(ops, iova, iova, size, IOMMU_WRITE) ||
		    ops->iova_to_phys(ops, iova + 42) != iova + 42)
			return KT_FAIL();
		iova += SZ_16M;
	}
	if (!tlb_calls || bad_cookie)
		return KT_FAIL();
	free_io_pgtable_ops(ops);
	KT_EXTRA_CHECKS();
	pr_info("arm-v7s io-pgtable: self test ok (%s, %lu TLB calls)\n", KT_ERA_NAME, tlb_calls);
	return 0;
}
subsys_initcall(kt_v7s_selftest);

MODULE_LICENSE("GPL");
