/* SPDX-License-Identifier: MIT */
/*
 * test_v7s_errors.c - every error path of the ARMv7s page table (misuse
 * matrix V1-V9, spec §6.5): the error code, the report (WARN or error,
 * counted through the hook, none for a bare -EINVAL prot), and that
 * nothing was written (walker and iova_to_phys unchanged, the invariant
 * checker clean).  Then DMA32 exhaustion on a small machine: a map that
 * needs an L2 table fails with -ENOMEM and writes nothing, a split that
 * needs one returns 0 and leaves the block whole, alloc_io_pgtable_ops
 * returns NULL holding nothing, the same calls succeed once memory is
 * back, and at the end the page allocator is exactly as at boot.
 */
#include "zt.h"
#include "zt_mm.h"
#include "zt_v7s.h"

#define RW (IOMMU_READ | IOMMU_WRITE)

static struct io_pgtable_cfg cfg;
static struct io_pgtable_ops *ops;

static int map_n(unsigned long iova, phys_addr_t pa, size_t size, size_t n, int prot,
		 size_t *mapped)
{
	*mapped = 0;
	return ops->map_pages(ops, iova, pa, size, n, prot, GFP_KERNEL, mapped);
}

static int map1(unsigned long iova, phys_addr_t pa, size_t size, int prot)
{
	size_t mapped;

	return map_n(iova, pa, size, 1, prot, &mapped);
}

/* The whole first 64 MiB still translates as @expect says. */
static void unchanged(const char *what)
{
	CHECK_EQ(zv_cross_check(ops, &cfg, 0, 64 * ZV_MIB, SZ_4K), 0);
	CHECK_EQ(arm_v7s_check_tables(&cfg, stderr), 0);
	(void)what;
}

static void setup(void)
{
	zv_cfg_selftest(&cfg);
	ops = alloc_io_pgtable_ops(ARM_V7S, &cfg, &cfg);
	REQUIRE(ops);
	/* 4K at 0, 4K at 1M+64K, a section at 2M, a supersection at 16M */
	CHECK_EQ(map1(0, 0x10000000, SZ_4K, RW), 0);
	CHECK_EQ(map1(SZ_1M + SZ_64K, 0x10010000, SZ_4K, RW), 0);
	CHECK_EQ(map1(2 * SZ_1M, 0x10200000, SZ_1M, RW), 0);
	CHECK_EQ(map1(SZ_16M, 0x20000000, SZ_16M, RW), 0);
	CHECK_EQ(zt_reports_reset(), 0);
}

/* V1: map over a live mapping. */
static void test_eexist(void)
{
	uint32_t l1_0 = zv_l1(&cfg, 0);

	CHECK_EQ(map1(0, 0x30000000, SZ_4K, IOMMU_READ), -EEXIST);
	CHECK_EQ(map1(SZ_1M + SZ_64K, 0x30000000, SZ_64K, IOMMU_READ), -EEXIST); /* over a 4K */
	CHECK_EQ(map1(2 * SZ_1M, 0x30000000, SZ_1M, IOMMU_READ), -EEXIST);
	CHECK_EQ(map1(2 * SZ_1M + SZ_4K, 0x30000000, SZ_4K, IOMMU_READ), -EEXIST);
	CHECK_EQ(map1(SZ_16M + SZ_1M, 0x30000000, SZ_1M, IOMMU_READ), -EEXIST);
	/* 16 MiB over slot 0 (a table) and slot 2 (a section): refused
	 * before the table is touched (zslab: nothing written). */
	CHECK_EQ(map1(0, 0x30000000, SZ_16M, IOMMU_READ), -EEXIST);
	CHECK_EQ(zv_l1(&cfg, 0), l1_0);
	CHECK_EQ(zt_reports_reset(), 6);                   /* one WARN each */
	CHECK_EQ(ops->iova_to_phys(ops, 42), 0x10000000 + 42);
	CHECK_EQ(ops->iova_to_phys(ops, SZ_1M + SZ_64K + 42), 0x10010000 + 42);
	CHECK_EQ(ops->iova_to_phys(ops, SZ_1M + 42), 0);
	unchanged("V1");
}

/* V2: unmap of what is not mapped. */
static void test_unmap_unmapped(void)
{
	CHECK_EQ(ops->unmap_pages(ops, 8 * SZ_1M, SZ_4K, 1, NULL), 0);      /* L1 empty */
	CHECK_EQ(ops->unmap_pages(ops, SZ_4K, SZ_4K, 1, NULL), 0);          /* L2 empty */
	CHECK_EQ(ops->unmap_pages(ops, SZ_1M, SZ_64K, 1, NULL), 0);         /* 1 of 16 live */
	/* the section at 2M goes, then slot 3 is empty: stop there */
	CHECK_EQ(ops->unmap_pages(ops, 2 * SZ_1M, SZ_1M, 2, NULL), SZ_1M);
	CHECK_EQ(zt_reports_reset(), 4);
	CHECK_EQ(map1(2 * SZ_1M, 0x10200000, SZ_1M, RW), 0);
	CHECK_EQ(ops->iova_to_phys(ops, SZ_1M + SZ_64K + 42), 0x10010000 + 42);
	unchanged("V2");
}

/* V3: sizes, alignment and counts the kernel leaves to the core. */
static void test_einval_shape(void)
{
	size_t mapped = 1;
	int e;

	CHECK_EQ(map1(0x4000000, 0x4000000, 8192, RW), -EINVAL);
	CHECK_EQ(map1(0x4000000, 0x4000000, 2 * SZ_1M, RW), -EINVAL);
	CHECK_EQ(map1(0x4000000, 0x4000000, 0, RW), -EINVAL);
	CHECK_EQ(map1(0x4000000, 0x4000000, 1UL << 25, RW), -EINVAL);
	CHECK_EQ(map1(0x4000000, 0x4000000, 3 * SZ_4K, RW), -EINVAL);
	CHECK_EQ(map1(0x4001000, 0x4000000, SZ_64K, RW), -EINVAL);         /* iova */
	CHECK_EQ(map1(0x4000000, 0x4001000, SZ_64K, RW), -EINVAL);         /* paddr */
	e = ops->map_pages(ops, 0x4000000, 0x4000000, SZ_4K, 0, RW, GFP_KERNEL, &mapped);
	CHECK_EQ(e, -EINVAL);
	CHECK_EQ(mapped, 1);                              /* untouched */
	CHECK_EQ(ops->unmap_pages(ops, 0, 8192, 1, NULL), 0);
	CHECK_EQ(ops->unmap_pages(ops, 0x800, SZ_4K, 1, NULL), 0);
	CHECK_EQ(ops->unmap_pages(ops, 0, SZ_4K, 0, NULL), 0);
	CHECK_EQ(zt_reports_reset(), 11);                 /* each named */
	unchanged("V3");
}

/* A size the trimmed bitmap lacks is refused too. */
static void test_trimmed_bitmap(void)
{
	struct io_pgtable_cfg c2;
	struct io_pgtable_ops *o2;
	size_t mapped = 0;

	zv_cfg_selftest(&c2);
	c2.pgsize_bitmap = SZ_4K | SZ_1M;
	o2 = alloc_io_pgtable_ops(ARM_V7S, &c2, &c2);
	REQUIRE(o2);
	CHECK_EQ(o2->map_pages(o2, 0, 0, SZ_64K, 1, RW, GFP_KERNEL, &mapped), -EINVAL);
	CHECK_EQ(o2->map_pages(o2, 0, 0, SZ_16M, 1, RW, GFP_KERNEL, &mapped), -EINVAL);
	CHECK_EQ(o2->map_pages(o2, 0, 0, SZ_1M, 1, RW, GFP_KERNEL, &mapped), 0);
	CHECK_EQ(zt_reports_reset(), 2);
	zv_tlb.cfg = &c2;
	free_io_pgtable_ops(o2);
	zv_tlb.cfg = &cfg;
}

/* V4 and V5: range, then prot. */
static void test_range_prot(void)
{
	size_t mapped;

	CHECK_EQ(map1(1UL << 32, 0, SZ_4K, RW), -ERANGE);
	CHECK_EQ(map1(0x5000000, 1ULL << 32, SZ_4K, RW), -ERANGE);
	CHECK_EQ(map_n(0xfffff000UL, 0x5000000, SZ_4K, 2, RW, &mapped), -ERANGE);
	CHECK_EQ(mapped, 0);
	CHECK_EQ(map_n(0x5000000, 0xfffff000ULL, SZ_4K, 2, RW, &mapped), -ERANGE);
	CHECK_EQ(ops->iova_to_phys(ops, 0xfffff000UL), 0);
	CHECK_EQ(ops->unmap_pages(ops, 1UL << 32, SZ_4K, 1, NULL), 0);
	CHECK_EQ(zt_reports_reset(), 5);                  /* WARNs */
	CHECK_EQ(map1(0x5000000, 0x5000000, SZ_4K, 0), -EINVAL);
	CHECK_EQ(map1(0x5000000, 0x5000000, SZ_4K, IOMMU_NOEXEC | IOMMU_CACHE), -EINVAL);
	CHECK_EQ(zt_reports_reset(), 0);                  /* silent, as the kernel */
	/* the range is checked before the prot */
	CHECK_EQ(map1(1UL << 32, 0, SZ_4K, 0), -ERANGE);
	CHECK_EQ(zt_reports_reset(), 1);
	unchanged("V4/V5");
}

/* map_pages stops at the first error; what was mapped stays, *mapped says. */
static void test_partial_map(void)
{
	size_t mapped;

	CHECK_EQ(map1(0x6002000, 0x1000, SZ_4K, RW), 0);
	CHECK_EQ(map_n(0x6000000, 0x7000000, SZ_4K, 4, RW, &mapped), -EEXIST);
	CHECK_EQ(mapped, 2 * SZ_4K);
	CHECK_EQ(ops->iova_to_phys(ops, 0x6001000), 0x7001000);
	CHECK_EQ(ops->iova_to_phys(ops, 0x6002000), 0x1000);
	CHECK_EQ(ops->iova_to_phys(ops, 0x6003000), 0);
	CHECK_EQ(zt_reports_reset(), 1);
	CHECK_EQ(ops->unmap_pages(ops, 0x6000000, SZ_4K, 3, NULL), 3 * SZ_4K);
	CHECK_EQ(zv_cross_check(ops, &cfg, 0x6000000, 0x6100000, SZ_4K), 0);
}

/* --- DMA32 exhaustion ------------------------------------------------- */

struct held {
	struct page *pg[1 << 14];
	unsigned int order[1 << 14];
	int n;
};

static struct held H;

/* Take every DMA32 page (reserves included), largest blocks first. */
static void exhaust_dma32(void)
{
	static const gfp_t gfps[] = { GFP_KERNEL, GFP_ATOMIC, GFP_ATOMIC | __GFP_MEMALLOC };

	for (size_t g = 0; g < sizeof(gfps) / sizeof(gfps[0]); g++)
		for (int order = MAX_ORDER - 1; order >= 0; order--) {
			struct page *pg;

			while ((pg = alloc_pages(gfps[g] | GFP_DMA32 | __GFP_NOWARN,
						 (unsigned int)order)) != NULL) {
				REQUIRE(H.n < (1 << 14));
				H.pg[H.n] = pg;
				H.order[H.n++] = (unsigned int)order;
			}
		}
}

static void release(void)
{
	while (H.n > 0) {
		H.n--;
		__free_pages(H.pg[H.n], H.order[H.n]);
	}
}

static void test_dma32_exhaustion(void)
{
	struct zslab_io_pgtable_stats st;
	struct io_pgtable_cfg c2;
	unsigned long iova = 0x8000000, tries = 0;
	size_t mapped;
	int e = 0;

	CHECK_EQ(map1(0x7000000, 0x7000000, SZ_1M, RW), 0);   /* a section to split */
	exhaust_dma32();
	CHECK(H.n > 0);
	zt_reports_reset();
	/* Each new 1 MiB slot needs an L2 table: the cache's spare objects
	 * go first, then -ENOMEM, with nothing written. */
	while (tries++ < 4096 && (e = map1(iova, iova, SZ_4K, RW)) == 0)
		iova += SZ_1M;
	CHECK_EQ(e, -ENOMEM);
	CHECK(tries < 4096);
	CHECK_EQ(zv_l1(&cfg, iova), 0);
	CHECK_EQ(ops->iova_to_phys(ops, iova), 0);
	zslab_io_pgtable_get_stats(ops, &st);
	CHECK(st.l2_alloc_failures >= 1);
	CHECK_EQ(st.l2_fit_failures, 0);
	/* V8: the split table cannot be had: 0, the section intact */
	CHECK_EQ(ops->unmap_pages(ops, 0x7001000, SZ_4K, 1, NULL), 0);
	CHECK_EQ(zv_leaf(&cfg, 0x7001000), 0x070b1c02);
	CHECK_EQ(ops->iova_to_phys(ops, 0x70fffff), 0x70fffff);
	/* a new page table cannot be had either: NULL, nothing held */
	zv_cfg_selftest(&c2);
	CHECK(alloc_io_pgtable_ops(ARM_V7S, &c2, &c2) == NULL);
	c2.zslab_l2_source = IO_PGTABLE_L2_GENALLOC;
	CHECK(alloc_io_pgtable_ops(ARM_V7S, &c2, &c2) == NULL);
	zv_tlb.cfg = &cfg;
	CHECK_EQ(arm_v7s_check_tables(&cfg, stderr), 0);
	release();
	/* R5: with memory back, the same calls succeed */
	CHECK_EQ(map_n(iova, iova, SZ_4K, 1, RW, &mapped), 0);
	CHECK_EQ(ops->unmap_pages(ops, 0x7001000, SZ_4K, 1, NULL), SZ_4K);
	CHECK_EQ(ops->iova_to_phys(ops, 0x7002042), 0x7002042);
	CHECK_EQ(zv_cross_check(ops, &cfg, 0, iova + SZ_1M, SZ_64K), 0);
	zt_reports_reset();
}

int main(void)
{
	struct zm_buddy boot;

	/* 32 MiB of DMA32 and 32 MiB of Normal: easy to exhaust. */
	REQUIRE(zslab_init("memmap=32M@0x40000000 memmap=32M@0x100000000") == 0);
	zt_capture_reports();
	zv_snap(&boot);
	setup();
	test_eexist();
	test_unmap_unmapped();
	test_einval_shape();
	test_trimmed_bitmap();
	test_range_prot();
	test_partial_map();
	test_dma32_exhaustion();
	free_io_pgtable_ops(ops);
	CHECK_EQ(zslab_validate(), 0);
	CHECK(zv_same(&boot, "after free_io_pgtable_ops"));
	zslab_exit();
	return zt_summary("test_v7s_errors");
}
