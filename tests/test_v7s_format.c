/* SPDX-License-Identifier: MIT */
/*
 * test_v7s_format.c - the ARMv7s descriptors bit by bit (spec §2-§4, §7.3)
 * and the quirks: the worked values for every prot (read-only, PRIV, MMIO,
 * CACHE, NOEXEC, NO_PERMS, ARM_NS), small->large and section->supersection
 * conversion, TTBR for coherent and non-coherent walks, what the
 * hardware-walk model makes of each entry (memory type through PRRR/NMRR,
 * permission and access-flag faults), splitting that keeps the output
 * address and the attributes at both levels, the MediaTek PA bits 9/4/5
 * at every size, ias 34 with its 64 KiB L1, ARM_MTK_TTBR_EXT tables above
 * 4 GiB, the TLB calls of each unmap, and the configurations alloc
 * refuses (V7) without holding anything.
 */
#include "zt.h"
#include "zt_mm.h"
#include "zt_v7s.h"

#define RW (IOMMU_READ | IOMMU_WRITE)

static struct io_pgtable_ops *make(struct io_pgtable_cfg *cfg, unsigned long quirks,
				   unsigned int ias, unsigned int oas)
{
	zv_cfg_selftest(cfg);
	cfg->quirks = quirks;
	cfg->ias = ias;
	cfg->oas = oas;
	cfg->coherent_walk = false;
	return alloc_io_pgtable_ops(ARM_V7S, cfg, cfg);
}

static int map1(struct io_pgtable_ops *ops, unsigned long iova, phys_addr_t pa,
		size_t size, int prot)
{
	size_t mapped = 0;

	return ops->map_pages(ops, iova, pa, size, 1, prot, GFP_KERNEL, &mapped);
}

static void walk_expect(const struct io_pgtable_cfg *cfg, unsigned long iova,
			unsigned int acc, enum arm_v7s_fault f)
{
	struct arm_v7s_walk_result r;

	arm_v7s_walk(cfg, iova, acc, &r);
	CHECK_EQ(r.fault, f);
	if (r.fault != f)
		fprintf(stderr, "  iova %#lx access %#x: %s\n", iova, acc, arm_v7s_fault_name(r.fault));
}

/* Worked values (non-MTK, permissions on), spec §3. */
static void test_attributes(void)
{
	struct io_pgtable_cfg cfg;
	struct io_pgtable_ops *ops = make(&cfg, 0, 32, 32);
	struct arm_v7s_walk_result r;

	REQUIRE(ops);
	CHECK_EQ(cfg.arm_v7s_cfg.ttbr & 0x3fff, 0x02);       /* non-coherent: S only */
	CHECK_EQ(map1(ops, 0x00100000, 0x12345000, SZ_4K, RW), 0);
	CHECK_EQ(zv_leaf(&cfg, 0x00100000), 0x12345c72);
	CHECK_EQ(map1(ops, 0x00101000, 0x12346000, SZ_4K, IOMMU_READ), 0);
	CHECK_EQ(zv_leaf(&cfg, 0x00101000), 0x12346e72);     /* AP2, bit 9 */
	CHECK_EQ(map1(ops, 0x00102000, 0x12347000, SZ_4K, RW | IOMMU_PRIV), 0);
	CHECK_EQ(zv_leaf(&cfg, 0x00102000), 0x12347c52);     /* no AP1 */
	CHECK_EQ(map1(ops, 0x00103000, 0x12348000, SZ_4K, RW | IOMMU_MMIO), 0);
	CHECK_EQ(zv_leaf(&cfg, 0x00103000), 0x12348c36);     /* TEX 000, B */
	CHECK_EQ(map1(ops, 0x00104000, 0x12349000, SZ_4K, RW | IOMMU_CACHE | IOMMU_NOEXEC), 0);
	CHECK_EQ(zv_leaf(&cfg, 0x00104000), 0x12349c7f);
	CHECK_EQ(map1(ops, 0x00110000, 0x12350000, SZ_64K, RW), 0);
	CHECK_EQ(zv_leaf(&cfg, 0x0011f000), 0x12351c31);     /* large from 0xC72 */
	CHECK_EQ(map1(ops, 0x00200000, 0x12300000, SZ_1M, RW), 0);
	CHECK_EQ(zv_leaf(&cfg, 0x00200000), 0x12331c02);
	CHECK_EQ(map1(ops, 0x00300000, 0x12400000, SZ_1M, IOMMU_READ), 0);
	CHECK_EQ(zv_leaf(&cfg, 0x00300000), 0x12439c02);     /* AP2, bit 15 */
	CHECK_EQ(map1(ops, 0x01000000, 0x13000000, SZ_16M, RW | IOMMU_NOEXEC), 0);
	CHECK_EQ(zv_leaf(&cfg, 0x01f00000), 0x13071c12);     /* bit 18, XN bit 4 */

	/* The walker's view: memory types, permissions. */
	arm_v7s_walk(&cfg, 0x00100000, ARM_V7S_ACC_READ, &r);
	CHECK_EQ(r.attr_idx, 4);
	CHECK_EQ(r.memtype, ARM_V7S_MEM_NORMAL);
	CHECK_EQ(r.inner, 0);
	CHECK(r.shareable && r.outer_shareable);
	CHECK_EQ(r.size, SZ_4K);
	arm_v7s_walk(&cfg, 0x00104000, ARM_V7S_ACC_READ, &r);
	CHECK_EQ(r.attr_idx, 7);
	CHECK_EQ(r.inner, 1);
	CHECK_EQ(r.outer, 1);
	CHECK(r.shareable && !r.outer_shareable);
	arm_v7s_walk(&cfg, 0x00103000, ARM_V7S_ACC_READ, &r);
	CHECK_EQ(r.attr_idx, 1);
	CHECK_EQ(r.memtype, ARM_V7S_MEM_DEVICE);
	CHECK(r.shareable);
	walk_expect(&cfg, 0x00100000, ARM_V7S_ACC_WRITE | ARM_V7S_ACC_UNPRIV, ARM_V7S_WALK_OK);
	walk_expect(&cfg, 0x00100000, ARM_V7S_ACC_EXEC, ARM_V7S_WALK_OK);
	walk_expect(&cfg, 0x00101000, ARM_V7S_ACC_WRITE, ARM_V7S_FAULT_PERMISSION);
	walk_expect(&cfg, 0x00101000, ARM_V7S_ACC_READ | ARM_V7S_ACC_UNPRIV, ARM_V7S_WALK_OK);
	walk_expect(&cfg, 0x00102000, ARM_V7S_ACC_READ | ARM_V7S_ACC_UNPRIV, ARM_V7S_FAULT_PERMISSION);
	walk_expect(&cfg, 0x00102000, ARM_V7S_ACC_WRITE, ARM_V7S_WALK_OK);
	walk_expect(&cfg, 0x00104000, ARM_V7S_ACC_EXEC, ARM_V7S_FAULT_PERMISSION);
	walk_expect(&cfg, 0x00300000, ARM_V7S_ACC_WRITE, ARM_V7S_FAULT_PERMISSION);
	walk_expect(&cfg, 0x01800000, ARM_V7S_ACC_EXEC, ARM_V7S_FAULT_PERMISSION);
	walk_expect(&cfg, 0x00105000, ARM_V7S_ACC_READ, ARM_V7S_FAULT_TRANSLATION_L2);
	walk_expect(&cfg, 0x00400000, ARM_V7S_ACC_READ, ARM_V7S_FAULT_TRANSLATION_L1);
	arm_v7s_walk(&cfg, 0x01abcdef, ARM_V7S_ACC_READ, &r);
	CHECK_EQ(r.pa, 0x13abcdef);
	CHECK_EQ(r.size, SZ_16M);
	CHECK_EQ(arm_v7s_check_tables(&cfg, stderr), 0);
	free_io_pgtable_ops(ops);
}

/* NO_PERMS: no AF/AP/XN; the walker ignores permissions with the quirk. */
static void test_no_perms(void)
{
	struct io_pgtable_cfg cfg, strict;
	struct io_pgtable_ops *ops = make(&cfg, IO_PGTABLE_QUIRK_NO_PERMS, 32, 32);

	REQUIRE(ops);
	CHECK_EQ(map1(ops, 0x00100000, 0x22222000, SZ_4K, IOMMU_READ | IOMMU_NOEXEC), 0);
	CHECK_EQ(zv_leaf(&cfg, 0x00100000), 0x22222c42);
	CHECK_EQ(map1(ops, 0x00200000, 0x22200000, SZ_1M, IOMMU_READ | IOMMU_NOEXEC), 0);
	CHECK_EQ(zv_leaf(&cfg, 0x00200000), 0x22231002);
	walk_expect(&cfg, 0x00100000, ARM_V7S_ACC_WRITE | ARM_V7S_ACC_EXEC, ARM_V7S_WALK_OK);
	/* Hardware honouring AP would fault on AF = 0. */
	strict = cfg;
	strict.quirks = 0;
	walk_expect(&strict, 0x00100000, ARM_V7S_ACC_READ, ARM_V7S_FAULT_ACCESS_FLAG);
	walk_expect(&strict, 0x00200000, ARM_V7S_ACC_READ, ARM_V7S_FAULT_ACCESS_FLAG);
	free_io_pgtable_ops(ops);
}

/* A partial unmap keeps every other page's output address and attributes. */
static void test_split(void)
{
	struct io_pgtable_cfg cfg;
	struct io_pgtable_ops *ops = make(&cfg, IO_PGTABLE_QUIRK_ARM_NS, 32, 32);
	const int prot = IOMMU_READ | IOMMU_PRIV | IOMMU_MMIO | IOMMU_NOEXEC;
	unsigned long bad = 0;

	REQUIRE(ops);
	/* 1 MiB section, 4 KiB out: 255 small pages R/PRIV/MMIO/XN, PA kept. */
	CHECK_EQ(map1(ops, 0x00300000, 0x07700000, SZ_1M, prot), 0);
	CHECK_EQ(ops->unmap_pages(ops, 0x00305000, SZ_4K, 1, NULL), SZ_4K);
	for (unsigned long off = 0; off < SZ_1M; off += SZ_4K) {
		uint32_t d = zv_leaf(&cfg, 0x00300000 + off);
		if (off == 0x5000 ? d != 0 : d != ((0x07700000 + off) | 0xe17))
			bad++;
	}
	CHECK_EQ(bad, 0);
	CHECK_EQ(zv_l1(&cfg, 0x00300000) & 0x3ff, 0x009);   /* a table, NS */
	/* 1 MiB section, 64 KiB out: 15 large pages. */
	CHECK_EQ(map1(ops, 0x00400000, 0x08800000, SZ_1M, RW | IOMMU_CACHE), 0);
	CHECK_EQ(ops->unmap_pages(ops, 0x00420000, SZ_64K, 1, NULL), SZ_64K);
	CHECK_EQ(zv_leaf(&cfg, 0x00400000), 0x08801c3d);
	CHECK_EQ(zv_leaf(&cfg, 0x004f0000), 0x088f1c3d);
	CHECK_EQ(zv_leaf(&cfg, 0x00425000), 0);
	/* 64 KiB large page, 4 KiB out: 15 small pages. */
	CHECK_EQ(map1(ops, 0x00500000, 0x09990000, SZ_64K, RW), 0);
	CHECK_EQ(ops->unmap_pages(ops, 0x00503000, SZ_4K, 1, NULL), SZ_4K);
	CHECK_EQ(zv_leaf(&cfg, 0x00500000), 0x09990c72);
	CHECK_EQ(zv_leaf(&cfg, 0x0050f000), 0x0999fc72);
	CHECK_EQ(zv_leaf(&cfg, 0x00503000), 0);
	/* 16 MiB supersection, 1 MiB out: 15 sections; then 4 KiB of one. */
	CHECK_EQ(map1(ops, 0x02000000, 0x5a000000, SZ_16M, RW), 0);
	CHECK_EQ(ops->unmap_pages(ops, 0x02700000, SZ_1M, 1, NULL), SZ_1M);
	CHECK_EQ(zv_leaf(&cfg, 0x02600000), 0x5a6b1c02);
	CHECK_EQ(zv_leaf(&cfg, 0x02800000), 0x5a8b1c02);
	CHECK_EQ(zv_leaf(&cfg, 0x02700000), 0);
	CHECK_EQ(ops->unmap_pages(ops, 0x02901000, SZ_4K, 1, NULL), SZ_4K);
	CHECK_EQ(zv_leaf(&cfg, 0x02900000), 0x5a900c72);
	CHECK_EQ(zv_leaf(&cfg, 0x029ff000), 0x5a9ffc72);
	/* 16 MiB supersection, 4 KiB out directly. */
	CHECK_EQ(map1(ops, 0x04000000, 0x6b000000, SZ_16M, IOMMU_READ), 0);
	CHECK_EQ(ops->unmap_pages(ops, 0x04a0f000, SZ_4K, 1, NULL), SZ_4K);
	CHECK_EQ(ops->iova_to_phys(ops, 0x04a0e123), 0x6ba0e123);
	CHECK_EQ(ops->iova_to_phys(ops, 0x04a10123), 0x6ba10123);
	CHECK_EQ(ops->iova_to_phys(ops, 0x04ffffff), 0x6bffffff);
	CHECK_EQ(ops->iova_to_phys(ops, 0x04a0f123), 0);
	CHECK_EQ(zv_cross_check(ops, &cfg, 0, 0x06000000, SZ_4K), 0);
	CHECK_EQ(arm_v7s_check_tables(&cfg, stderr), 0);
	free_io_pgtable_ops(ops);
}

/* MediaTek: PA bits 32/33/34 in descriptor bits 9/4/5 at every size. */
static void test_mtk_ext(void)
{
	const unsigned long q = IO_PGTABLE_QUIRK_ARM_NS | IO_PGTABLE_QUIRK_NO_PERMS |
				IO_PGTABLE_QUIRK_ARM_MTK_EXT;
	struct io_pgtable_cfg cfg;
	struct io_pgtable_ops *ops = make(&cfg, q, 32, 35);
	struct arm_v7s_walk_result r;

	REQUIRE(ops);
	CHECK_EQ(cfg.arm_v7s_cfg.ttbr & 0x3fff, 0);           /* no attribute bits */
	CHECK_EQ(map1(ops, 0x00100000, 0x745678000ULL, SZ_4K, RW), 0);
	CHECK_EQ(zv_leaf(&cfg, 0x00100000), 0x45678e72);
	CHECK_EQ(map1(ops, 0x00110000, 0x1abcd0000ULL, SZ_64K, RW), 0);
	CHECK_EQ(zv_leaf(&cfg, 0x00110000), 0xabcd0000 | 0x1c01 | 0x200);
	CHECK_EQ(map1(ops, 0x00200000, 0x212300000ULL, SZ_1M, RW), 0);
	CHECK_EQ(zv_leaf(&cfg, 0x00200000), 0x12300000 | 0xb1002 | 0x10);
	CHECK_EQ(map1(ops, 0x01000000, 0x613000000ULL, SZ_16M, RW), 0);
	CHECK_EQ(zv_leaf(&cfg, 0x01000000), 0x13000000 | 0xf1002 | 0x30);
	CHECK_EQ(ops->iova_to_phys(ops, 0x00100abc), 0x745678abcULL);
	CHECK_EQ(ops->iova_to_phys(ops, 0x0011fabc), 0x1abcdfabcULL);
	CHECK_EQ(ops->iova_to_phys(ops, 0x00234567), 0x212334567ULL);
	CHECK_EQ(ops->iova_to_phys(ops, 0x01fedcba), 0x613fedcbaULL);
	arm_v7s_walk(&cfg, 0x01fedcba, ARM_V7S_ACC_WRITE, &r);
	CHECK_EQ(r.fault, ARM_V7S_WALK_OK);
	CHECK_EQ(r.pa, 0x613fedcbaULL);
	/* splitting a high section keeps the high bits */
	CHECK_EQ(ops->unmap_pages(ops, 0x00201000, SZ_4K, 1, NULL), SZ_4K);
	CHECK_EQ(ops->iova_to_phys(ops, 0x00202042), 0x212302042ULL);
	CHECK_EQ(map1(ops, 0x00300000, 1ULL << 35, SZ_1M, RW), -ERANGE);
	CHECK_EQ(zv_cross_check(ops, &cfg, 0, 0x02000000, SZ_4K), 0);
	CHECK_EQ(arm_v7s_check_tables(&cfg, stderr), 0);
	free_io_pgtable_ops(ops);
}

/* ias 34: a 64 KiB L1 indexed by IOVA[33:20]. */
static void test_mtk_ias34(void)
{
	const unsigned long q = IO_PGTABLE_QUIRK_NO_PERMS | IO_PGTABLE_QUIRK_ARM_MTK_EXT;
	struct io_pgtable_cfg cfg;
	struct io_pgtable_ops *ops = make(&cfg, q, 34, 35);
	struct zslab_io_pgtable_stats st;

	REQUIRE(ops);
	CHECK_EQ(zslab_io_pgtable_get_stats(ops, &st), 0);
	CHECK_EQ(st.l1_bytes, 64 * 1024);
	CHECK_EQ(cfg.arm_v7s_cfg.ttbr & 0xffff, 0);
	CHECK_EQ(map1(ops, 0x300005000UL, 0x4000000ULL, SZ_4K, RW), 0);
	CHECK_EQ(map1(ops, 0x5000UL, 0x5000000ULL, SZ_4K, RW), 0);
	CHECK_EQ(map1(ops, 0x2ff000000UL, 0x7000000ULL, SZ_16M, RW), 0);
	CHECK_EQ(ops->iova_to_phys(ops, 0x300005042UL), 0x4000042ULL);
	CHECK_EQ(ops->iova_to_phys(ops, 0x5042UL), 0x5000042ULL);
	CHECK_EQ(ops->iova_to_phys(ops, 0x2ff123456UL), 0x7123456ULL);
	CHECK_EQ(zv_cross_check(ops, &cfg, 0x300000000UL, 0x300100000UL, SZ_4K), 0);
	CHECK_EQ(zv_cross_check(ops, &cfg, 0x2ff000000UL, 0x300000000UL, SZ_1M), 0);
	CHECK_EQ(zv_cross_check(ops, &cfg, 0, 0x100000UL, SZ_4K), 0);
	CHECK_EQ(map1(ops, 1UL << 34, 0, SZ_4K, RW), -ERANGE);
	CHECK_EQ(arm_v7s_check_tables(&cfg, stderr), 0);
	free_io_pgtable_ops(ops);
}

/* TTBR_EXT: tables anywhere below 2^oas, the walker follows the bits. */
static void test_mtk_ttbr_ext(void)
{
	const unsigned long q = IO_PGTABLE_QUIRK_NO_PERMS | IO_PGTABLE_QUIRK_ARM_MTK_EXT |
				IO_PGTABLE_QUIRK_ARM_MTK_TTBR_EXT;
	struct io_pgtable_cfg cfg;
	struct io_pgtable_ops *ops = make(&cfg, q, 32, 35);
	struct zslab_io_pgtable_stats st;

	REQUIRE(ops);
	/* On this map ordinary memory is above 4 GiB: so are L1 and the L2s. */
	CHECK_EQ(cfg.arm_v7s_cfg.ttbr & 7, 1);
	for (unsigned long i = 0; i < 64; i++)
		CHECK_EQ(map1(ops, i << 20, 0x100000000ULL + (i << 12), SZ_4K, RW), 0);
	zslab_io_pgtable_get_stats(ops, &st);
	CHECK_EQ(st.l2_tables, 64);
	CHECK_EQ(st.l2_high_tables, 64);
	CHECK_EQ(st.l2_fit_failures, 0);
	CHECK_EQ(zv_cross_check(ops, &cfg, 0, 64 * ZV_MIB, SZ_4K), 0);
	CHECK_EQ(arm_v7s_check_tables(&cfg, stderr), 0);
	free_io_pgtable_ops(ops);
}

/* TTBR_EXT with oas 32: the L1 (above 4 GiB on this map) does not fit. */
static void test_mtk_ttbr_ext_no_fit(void)
{
	const unsigned long q = IO_PGTABLE_QUIRK_NO_PERMS | IO_PGTABLE_QUIRK_ARM_MTK_EXT |
				IO_PGTABLE_QUIRK_ARM_MTK_TTBR_EXT;
	struct io_pgtable_cfg cfg;

	CHECK(make(&cfg, q, 32, 32) == NULL);
	CHECK(strncmp(zt_last_report, "Page table does not fit in PTE: 0x00000001", 42) == 0);
	CHECK_EQ(zt_reports_reset(), 1);
}

static unsigned long walk_calls, walk_size, walk_granule, page_calls, page_granule;

static void rec_walk(unsigned long iova, size_t size, size_t granule, void *cookie)
{
	(void)iova;
	(void)cookie;
	walk_calls++;
	walk_size = size;
	walk_granule = granule;
}

static void rec_page(struct iommu_iotlb_gather *g, unsigned long iova, size_t granule,
		     void *cookie)
{
	(void)cookie;
	page_calls++;
	page_granule = granule;
	if (g)
		iommu_iotlb_gather_add_range(g, iova, granule);
}

static const struct iommu_flush_ops rec_ops = {
	.tlb_flush_walk = rec_walk, .tlb_add_page = rec_page,
};

static void reset_rec(void)
{
	walk_calls = walk_size = walk_granule = page_calls = page_granule = 0;
}

/* Which TLB calls each kind of unmap makes (spec §7.4). */
static void test_tlb_calls(void)
{
	struct io_pgtable_cfg cfg;
	struct io_pgtable_ops *ops;
	struct iommu_iotlb_gather g;

	zv_cfg_selftest(&cfg);
	cfg.tlb = &rec_ops;
	ops = alloc_io_pgtable_ops(ARM_V7S, &cfg, NULL);
	REQUIRE(ops);
	CHECK_EQ(map1(ops, 0x01000000, 0x01000000, SZ_16M, RW), 0);
	iommu_iotlb_gather_init(&g);
	reset_rec();
	CHECK_EQ(ops->unmap_pages(ops, 0x01000000, SZ_16M, 1, &g), SZ_16M);
	CHECK_EQ(page_calls, 16);
	CHECK_EQ(page_granule, SZ_1M);
	CHECK_EQ(walk_calls, 0);
	CHECK_EQ(g.start, 0x01000000);
	CHECK_EQ(g.end, 0x01ffffff);
	CHECK_EQ(map1(ops, 0x00100000, 0x00100000, SZ_64K, RW), 0);
	reset_rec();
	CHECK_EQ(ops->unmap_pages(ops, 0x00100000, SZ_64K, 1, NULL), SZ_64K);
	CHECK_EQ(page_calls, 16);
	CHECK_EQ(page_granule, SZ_4K);
	/* The now-empty L2 table stays until an unmap covers its slot. */
	CHECK_EQ(zv_l1(&cfg, 0x00100000) & 3, 1);
	reset_rec();
	CHECK_EQ(map1(ops, 0x00100000, 0x00100000, SZ_1M, RW), 0);   /* over the table */
	CHECK_EQ(walk_calls, 1);
	CHECK_EQ(walk_size, SZ_1M);
	CHECK_EQ(walk_granule, SZ_4K);
	/* Split of a supersection: one walk flush of the 16 MiB group. */
	CHECK_EQ(map1(ops, 0x02000000, 0x02000000, SZ_16M, RW), 0);
	reset_rec();
	CHECK_EQ(ops->unmap_pages(ops, 0x02100000, SZ_1M, 1, NULL), SZ_1M);
	CHECK_EQ(walk_calls, 1);
	CHECK_EQ(walk_size, SZ_16M);
	CHECK_EQ(page_calls, 1);
	/* Flush-queue mode: no leaf calls. */
	iommu_iotlb_gather_init(&g);
	g.queued = true;
	reset_rec();
	CHECK_EQ(ops->unmap_pages(ops, 0x02200000, SZ_1M, 2, &g), 2 * SZ_1M);
	CHECK_EQ(page_calls, 0);
	free_io_pgtable_ops(ops);                   /* no flush_all hook: fine */
}

/* V7: configurations alloc refuses, with nothing held afterwards. */
static void test_refused(void)
{
	struct {
		unsigned long quirks;
		unsigned int ias, oas;
		int fmt;
	} bad[] = {
		{ 1UL << 2, 32, 32, ARM_V7S },                                   /* unknown */
		{ IO_PGTABLE_QUIRK_ARM_TTBR1, 32, 32, ARM_V7S },                 /* LPAE only */
		{ IO_PGTABLE_QUIRK_NO_WARN, 32, 32, ARM_V7S },
		{ IO_PGTABLE_QUIRK_ARM_MTK_EXT, 32, 35, ARM_V7S },               /* no NO_PERMS */
		{ IO_PGTABLE_QUIRK_ARM_MTK_TTBR_EXT | IO_PGTABLE_QUIRK_NO_PERMS, 32, 32, ARM_V7S },
		{ 0, 31, 32, ARM_V7S },
		{ 0, 30, 32, ARM_V7S },
		{ 0, 33, 32, ARM_V7S },
		{ 0, 32, 33, ARM_V7S },
		{ IO_PGTABLE_QUIRK_NO_PERMS | IO_PGTABLE_QUIRK_ARM_MTK_EXT, 35, 35, ARM_V7S },
		{ IO_PGTABLE_QUIRK_NO_PERMS | IO_PGTABLE_QUIRK_ARM_MTK_EXT, 34, 36, ARM_V7S },
		{ 0, 32, 32, ARM_64_LPAE_S1 },
		{ 0, 32, 32, IO_PGTABLE_NUM_FMTS },
		{ 0, 32, 32, 99 },
	};
	struct io_pgtable_cfg cfg;
	struct zm_buddy before;

	zv_snap(&before);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		zv_cfg_selftest(&cfg);
		cfg.quirks = bad[i].quirks;
		cfg.ias = bad[i].ias;
		cfg.oas = bad[i].oas;
		CHECK(alloc_io_pgtable_ops((enum io_pgtable_fmt)bad[i].fmt, &cfg, &cfg) == NULL);
	}
	zv_cfg_selftest(&cfg);
	cfg.zslab_l2_source = (enum io_pgtable_l2_source)77;
	CHECK(alloc_io_pgtable_ops(ARM_V7S, &cfg, &cfg) == NULL);
	zv_cfg_selftest(&cfg);
	cfg.alloc = (void *(*)(void *, size_t, gfp_t))1;
	CHECK(alloc_io_pgtable_ops(ARM_V7S, &cfg, &cfg) == NULL);
	CHECK(alloc_io_pgtable_ops(ARM_V7S, NULL, NULL) == NULL);
	CHECK(zv_same(&before, "after refused configurations"));
	/* every refusal of a bad quirk, ias, oas, format or source said why */
	CHECK_EQ(zt_reports_reset(), 16);
}

int main(void)
{
	struct zm_buddy boot;

	REQUIRE(zslab_init("memmap=4G@0x40000000") == 0);
	zt_capture_reports();
	zv_snap(&boot);
	test_attributes();
	test_no_perms();
	test_split();
	test_mtk_ext();
	test_mtk_ias34();
	test_mtk_ttbr_ext();
	test_tlb_calls();
	/* the two -ERANGE maps WARNed (V4); nothing else was reported */
	CHECK_EQ(zt_reports_reset(), 2);
	test_mtk_ttbr_ext_no_fit();
	test_refused();
	CHECK_EQ(zslab_validate(), 0);
	CHECK(zv_same(&boot, "teardown"));
	zslab_exit();
	return zt_summary("test_v7s_format");
}
