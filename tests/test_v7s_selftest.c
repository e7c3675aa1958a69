/* SPDX-License-Identifier: MIT */
/*
 * test_v7s_selftest.c - the kernel's arm-v7s io-pgtable selftest
 * (CONFIG_IOMMU_IO_PGTABLE_ARMV7S_SELFTEST, spec §8) step by step on the
 * Chromebook map, with zslab's additions: the untouched neighbour of a
 * split block keeps its output address, the hardware-walk model agrees
 * with iova_to_phys over the whole 64 MiB after every step, the table
 * passes the invariant checker, the registers and the descriptors are the
 * spec's values, the TLB hooks see the right cookie and sizes, the
 * refused overlapping maps are quiet while arm_v7s_selftest_running is set
 * (the kernel's selftest_running) and WARN otherwise, and after
 * free_io_pgtable_ops the page allocator is back to its boot state.
 */
#include "zt.h"
#include "zt_mm.h"
#include "zt_v7s.h"

static struct io_pgtable_cfg cfg;
static struct io_pgtable_ops *ops;

#define RANGE (64 * ZV_MIB)

static void verify(const char *step)
{
	unsigned long bad = zv_cross_check(ops, &cfg, 0, RANGE, SZ_4K);
	long v = arm_v7s_check_tables(&cfg, stderr);

	CHECK_EQ(bad, 0);
	CHECK_EQ(v, 0);
	if (bad || v)
		fprintf(stderr, "  after %s\n", step);
}

static void step1_empty(void)
{
	CHECK_EQ(ops->iova_to_phys(ops, 42), 0);
	CHECK_EQ(ops->iova_to_phys(ops, SZ_1M * 1024 + 42), 0);
	CHECK_EQ(ops->iova_to_phys(ops, 2 * SZ_1M * 1024UL + 42), 0);
	verify("step 1");
}

static void step2_map(void)
{
	unsigned long iova = 0, warns;
	int sizes = 0;

	zt_reports_reset();
	for (int i = 0; i < 64; i++) {
		size_t size = 1UL << i, mapped = 0;

		if (!(cfg.pgsize_bitmap & size))
			continue;
		CHECK_EQ(ops->map_pages(ops, iova, iova, size, 1,
					IOMMU_READ | IOMMU_WRITE | IOMMU_NOEXEC | IOMMU_CACHE,
					GFP_KERNEL, &mapped), 0);
		CHECK_EQ(mapped, size);
		/* Overlapping mappings */
		CHECK_EQ(ops->map_pages(ops, iova, iova + size, size, 1,
					IOMMU_READ | IOMMU_NOEXEC, GFP_KERNEL, &mapped), -EEXIST);
		CHECK_EQ(mapped, size);
		CHECK_EQ(ops->iova_to_phys(ops, iova + 42), iova + 42);
		iova += SZ_16M;
		sizes++;
	}
	CHECK_EQ(sizes, 4);
	/* The overlaps are refused quietly while selftest_running is set. */
	warns = zt_reports_reset();
	CHECK_EQ(warns, 0);
	verify("step 2");
}

/* The descriptors step 2 wrote: PA | 0xC72/0x31C02 + NS, CACHE, XN. */
static void step2_descriptors(void)
{
	CHECK_EQ(zv_leaf(&cfg, 0), 0x00000c7f);               /* small: 0xC72|C|B|XN */
	CHECK_EQ(zv_leaf(&cfg, 16 * ZV_MIB), 0x01009c3d);     /* large: 0x1C31|C|B|XN15 */
	CHECK_EQ(zv_leaf(&cfg, 32 * ZV_MIB), 0x020b1c1e);     /* section + NS */
	CHECK_EQ(zv_leaf(&cfg, 48 * ZV_MIB), 0x030f1c1e);     /* supersection */
	/* every copy of the contiguous groups */
	CHECK_EQ(zv_leaf(&cfg, 16 * ZV_MIB + 15 * SZ_4K), 0x01009c3d);
	CHECK_EQ(zv_leaf(&cfg, 63 * ZV_MIB), 0x030f1c1e);
	/* a table descriptor: L2 PA | NS | type 01, below 4 GiB */
	CHECK_EQ(zv_l1(&cfg, 0) & 0x3ff, 0x009);
	CHECK_EQ(zv_l1(&cfg, 16 * ZV_MIB) & 0x3ff, 0x009);
}

static void step3_split(void)
{
	size_t size = SZ_4K;

	for (unsigned long i = 1; i < 4; i++) {
		unsigned long start = i * SZ_16M;
		size_t mapped = 0;

		CHECK_EQ(ops->unmap_pages(ops, start + size, size, 1, NULL), size);
		/* Remap of partial unmap */
		CHECK_EQ(ops->map_pages(ops, start + size, size, size, 1, IOMMU_READ,
					GFP_KERNEL, &mapped), 0);
		CHECK_EQ(ops->iova_to_phys(ops, start + size + 42), size + 42);
		/* zslab: the neighbour kept its output address */
		CHECK_EQ(ops->iova_to_phys(ops, start + 2 * size + 42), start + 2 * size + 42);
		CHECK_EQ(ops->iova_to_phys(ops, start + 42), start + 42);
	}
	verify("step 3");
}

static void step4_unmap_remap(void)
{
	unsigned long iova = 0;

	for (int i = 0; i < 64; i++) {
		size_t size = 1UL << i, mapped = 0;

		if (!(cfg.pgsize_bitmap & size))
			continue;
		CHECK_EQ(ops->unmap_pages(ops, iova, size, 1, NULL), size);
		CHECK_EQ(ops->iova_to_phys(ops, iova + 42), 0);
		/* Remap full block, write alone is accepted */
		CHECK_EQ(ops->map_pages(ops, iova, iova, size, 1, IOMMU_WRITE,
					GFP_KERNEL, &mapped), 0);
		CHECK_EQ(ops->iova_to_phys(ops, iova + 42), iova + 42);
		iova += SZ_16M;
	}
	verify("step 4");
}

static void registers(void)
{
	phys_addr_t l1 = cfg.arm_v7s_cfg.ttbr & ~0x3fffu;

	CHECK_EQ(cfg.arm_v7s_cfg.ttbr & 0x3fff, 0x6a);      /* coherent walk */
	CHECK_EQ(cfg.arm_v7s_cfg.tcr, 0);
	CHECK_EQ(cfg.arm_v7s_cfg.prrr, 0x800b8204u);
	CHECK_EQ(cfg.arm_v7s_cfg.nmrr, 0x40004000u);
	CHECK(l1 >= 0x40000000u);                          /* DMA32 RAM */
	CHECK_EQ(cfg.pgsize_bitmap, SZ_4K | SZ_64K | SZ_1M | SZ_16M);
}

int main(void)
{
	struct zm_buddy boot;

	REQUIRE(zslab_init("memmap=4G@0x40000000") == 0);
	zt_capture_reports();
	zv_snap(&boot);
	zv_cfg_selftest(&cfg);
	cfg.pgsize_bitmap |= SZ_4K * 2 | (1UL << 40);      /* trimmed by alloc */
	ops = alloc_io_pgtable_ops(ARM_V7S, &cfg, &cfg);
	REQUIRE(ops);
	registers();
	arm_v7s_selftest_running = true;   /* as arm_v7s_do_selftests() */
	step1_empty();
	step2_map();
	step2_descriptors();
	step3_split();
	step4_unmap_remap();
	arm_v7s_selftest_running = false;
	/* outside the selftest the same overlap WARNs: "unmap first" */
	{
		size_t mapped = 0;
		zt_reports_reset();
		CHECK_EQ(ops->map_pages(ops, 0, SZ_4K, SZ_4K, 1, IOMMU_READ,
					GFP_KERNEL, &mapped), -EEXIST);
		CHECK_EQ(ops->map_pages(ops, 32 * ZV_MIB + SZ_4K, 0, SZ_4K, 1, IOMMU_READ,
					GFP_KERNEL, &mapped), -EEXIST);
		CHECK_EQ(zt_reports_reset(), 2);
	}
	CHECK_EQ(zv_tlb.bad_cookie, 0);
	CHECK_EQ(zv_tlb.bad_size, 0);
	CHECK(zv_tlb.flush_walk > 0);
	CHECK(zv_tlb.add_page > 0);
	free_io_pgtable_ops(ops);
	CHECK_EQ(zv_tlb.flush_all, 1);
	CHECK_EQ(zt_reports_reset(), 0);
	CHECK_EQ(zslab_validate(), 0);
	CHECK(zv_same(&boot, "after free_io_pgtable_ops"));
	free_io_pgtable_ops(NULL);                         /* V9: nothing */
	zslab_exit();
	return zt_summary("test_v7s_selftest");
}
