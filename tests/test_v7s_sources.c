/* SPDX-License-Identifier: MIT */
/*
 * test_v7s_sources.c - where level-2 tables come from, on the Chromebook
 * map (memmap=4G@0x40000000: 3 GiB of DMA32, 1 GiB of Normal above 4 GiB,
 * where ordinary allocations go first):
 *
 *  - the kernel's DMA32 cache, a 4 MiB genalloc pool, one DMA32 page per
 *    table, page_frag fragments and a 32-bit device's dma_pool (four
 *    blocks a coherent page) each give 512 working tables, all
 *    below 4 GiB, every mapping verified by the walker, the memory each
 *    holds as expected and equal to what the DMA32 zone lost (and nothing
 *    once freed); page_frag pins a whole block for one live table; two
 *    DMA32-cache page tables share one merged cache ":D-0001024";
 *  - the plain cache (the bug) puts tables above 4 GiB: each is refused
 *    with "Page table does not fit in PTE: 0x00000001........" (counted)
 *    and the map fails with -ENOMEM, writing nothing; blocks still map;
 *  - the plain cache with zslab_no_fit_check installs the tables with
 *    their address truncated: software (iova_to_phys) still finds them,
 *    the device (the walker) gets a wrong translation for every page, and
 *    the invariant checker says so.
 */
#include "zt.h"
#include "zt_mm.h"
#include "zt_v7s.h"

#define RW (IOMMU_READ | IOMMU_WRITE)
#define NT 512                                  /* tables per run */

static struct io_pgtable_ops *make(struct io_pgtable_cfg *cfg,
				   enum io_pgtable_l2_source src, bool no_fit)
{
	zv_cfg_selftest(cfg);
	cfg->zslab_l2_source = src;
	cfg->zslab_no_fit_check = no_fit;
	return alloc_io_pgtable_ops(ARM_V7S, cfg, cfg);
}

/* One 4K page in each of @n slots from 64 MiB on, PA = iova + 3 GiB. */
static unsigned long map_slots(struct io_pgtable_ops *ops, unsigned long n, int *err)
{
	unsigned long ok = 0;

	for (unsigned long i = 0; i < n; i++) {
		unsigned long iova = 64 * ZV_MIB + i * SZ_1M + (i % 256) * SZ_4K;
		size_t mapped = 0;
		int e = ops->map_pages(ops, iova, iova + 3 * ZV_GIB, SZ_4K, 1, RW,
				       i % 2 ? GFP_KERNEL : GFP_ATOMIC, &mapped);
		if (e)
			*err = e;
		else
			ok++;
	}
	return ok;
}

/* How many of the pages map_slots() mapped does the walker translate right? */
static unsigned long walker_right(const struct io_pgtable_cfg *cfg, unsigned long n)
{
	unsigned long right = 0;

	for (unsigned long i = 0; i < n; i++) {
		unsigned long iova = 64 * ZV_MIB + i * SZ_1M + (i % 256) * SZ_4K;
		struct arm_v7s_walk_result r;

		if (!arm_v7s_walk(cfg, iova + 42, ARM_V7S_ACC_WRITE, &r) &&
		    r.pa == iova + 3 * ZV_GIB + 42)
			right++;
	}
	return right;
}

static void unmap_slots(struct io_pgtable_ops *ops, unsigned long n)
{
	for (unsigned long i = 0; i < n; i++)
		CHECK_EQ(ops->unmap_pages(ops, 64 * ZV_MIB + i * SZ_1M, SZ_1M, 1, NULL), SZ_1M);
}

static long dma32_free(void)
{
	zm_drain();
	return zm_free(ZONE_DMA32);
}

/* The stats' memory equals what the DMA32 zone really lost. */
static void check_held(struct io_pgtable_ops *ops, long free_before, const char *what)
{
	struct zslab_io_pgtable_stats st;
	long used = free_before - dma32_free();

	zslab_io_pgtable_get_stats(ops, &st);
	CHECK_EQ(used * (long)PAGE_SIZE, (long)(st.l2_bytes_held + st.l1_bytes));
	if (used * (long)PAGE_SIZE != (long)(st.l2_bytes_held + st.l1_bytes))
		fprintf(stderr, "  %s\n", what);
}

/* A source that works: NT tables, all low, all verified; memory as said. */
static void test_good_source(enum io_pgtable_l2_source src, const char *name)
{
	struct io_pgtable_cfg cfg;
	long free0 = dma32_free();
	struct io_pgtable_ops *ops = make(&cfg, src, false);
	struct zslab_io_pgtable_stats st;
	int err = 0;

	REQUIRE(ops);
	check_held(ops, free0, name);
	zslab_io_pgtable_get_stats(ops, &st);
	CHECK_EQ(st.l2_tables, 0);
	CHECK_EQ(st.l2_bytes_held, src == IO_PGTABLE_L2_GENALLOC ? 4 * ZV_MIB : 0);
	CHECK_EQ(map_slots(ops, NT, &err), NT);
	CHECK_EQ(err, 0);
	CHECK_EQ(walker_right(&cfg, NT), NT);
	CHECK_EQ(zv_cross_check(ops, &cfg, 64 * ZV_MIB, (64 + NT) * ZV_MIB, SZ_64K), 0);
	CHECK_EQ(arm_v7s_check_tables(&cfg, stderr), 0);
	zslab_io_pgtable_get_stats(ops, &st);
	CHECK_EQ(st.l2_tables, NT);
	CHECK_EQ(st.l2_tables_peak, NT);
	CHECK_EQ(st.l2_allocs, NT);
	CHECK_EQ(st.l2_high_tables, 0);
	CHECK_EQ(st.l2_fit_failures, 0);
	CHECK_EQ(st.l2_alloc_failures, 0);
	CHECK_EQ(st.l1_bytes, 16384);
	switch (src) {
	case IO_PGTABLE_L2_GENALLOC:
		CHECK_EQ(st.l2_bytes_held, 4 * ZV_MIB);
		break;
	case IO_PGTABLE_L2_PAGE:
		CHECK_EQ(st.l2_bytes_held, NT * PAGE_SIZE);
		break;
	case IO_PGTABLE_L2_DMA_POOL:              /* four blocks a coherent page */
		CHECK_EQ(st.l2_bytes_held, (NT + 3) / 4 * PAGE_SIZE);
		break;
	default:                                  /* slabs of 1 KiB objects */
		CHECK(st.l2_bytes_held >= NT * 1024 && st.l2_bytes_held < NT * 1024 * 5 / 4);
		break;
	}
	CHECK_EQ(st.l2_bytes_held_peak, st.l2_bytes_held);
	check_held(ops, free0, name);
	unmap_slots(ops, NT);
	check_held(ops, free0, name);
	zslab_io_pgtable_get_stats(ops, &st);
	CHECK_EQ(st.l2_tables, 0);
	CHECK_EQ(st.l2_tables_peak, NT);
	if (src == IO_PGTABLE_L2_PAGE)
		CHECK_EQ(st.l2_bytes_held, 0);
	fprintf(stderr, "%-12s %d tables: held at peak %zu KiB\n", name, NT,
		st.l2_bytes_held_peak >> 10);
	free_io_pgtable_ops(ops);
}

static int find_l2(const struct zslab_cache_info *ci, void *arg)
{
	if (strcmp(ci->name, "io-pgtable_armv7s_l2"))
		return 0;
	*(struct zslab_cache_info *)arg = *ci;
	return 1;
}

/* The kernel's cache: 1 KiB, 1 KiB aligned, DMA32, merged between tables. */
static void test_dma32_cache_shared(void)
{
	struct io_pgtable_cfg c1, c2;
	struct io_pgtable_ops *o1 = make(&c1, IO_PGTABLE_L2_SLAB_DMA32, false);
	struct io_pgtable_ops *o2;
	struct zslab_cache_info ci;
	int err = 0;

	REQUIRE(o1);
	zv_cfg_selftest(&c2);
	o2 = alloc_io_pgtable_ops(ARM_V7S, &c2, &c1);
	REQUIRE(o2);
	memset(&ci, 0, sizeof(ci));
	CHECK_EQ(zslab_cache_for_each(find_l2, &ci), 1);
	CHECK_EQ(ci.object_size, 1024);
	CHECK_EQ(ci.align, 1024);
	CHECK(ci.flags & SLAB_CACHE_DMA32);
	CHECK_EQ(ci.aliases, 1);                  /* the second table's cache */
	CHECK(strcmp(ci.unique_id, ":D-0001024") == 0);
	zv_tlb.cfg = &c1;
	CHECK_EQ(map_slots(o1, 8, &err), 8);
	CHECK_EQ(map_slots(o2, 8, &err), 8);
	CHECK_EQ(walker_right(&c1, 8), 8);
	CHECK_EQ(walker_right(&c2, 8), 8);
	free_io_pgtable_ops(o2);
	free_io_pgtable_ops(o1);
}

/* The bug, refused: every L2 table lands high and is refused. */
static void test_plain_refused(void)
{
	struct io_pgtable_cfg cfg;
	struct io_pgtable_ops *ops = make(&cfg, IO_PGTABLE_L2_SLAB_PLAIN, false);
	struct zslab_io_pgtable_stats st;
	size_t mapped = 0;
	int err = 0;

	REQUIRE(ops);
	zt_reports_reset();
	CHECK_EQ(map_slots(ops, 64, &err), 0);
	CHECK_EQ(err, -ENOMEM);
	CHECK(strncmp(zt_last_report, "Page table does not fit in PTE: 0x00000001", 42) == 0);
	CHECK_EQ(zt_reports_reset(), 64);
	zslab_io_pgtable_get_stats(ops, &st);
	CHECK_EQ(st.l2_fit_failures, 64);
	CHECK_EQ(st.l2_allocs, 64);
	CHECK_EQ(st.l2_tables, 0);
	CHECK_EQ(walker_right(&cfg, 64), 0);
	CHECK_EQ(zv_cross_check(ops, &cfg, 64 * ZV_MIB, 128 * ZV_MIB, SZ_64K), 0);
	/* sections need no L2 table; splitting one does, and fails (V8) */
	CHECK_EQ(ops->map_pages(ops, 0, 0x100000, SZ_1M, 1, RW, GFP_KERNEL, &mapped), 0);
	CHECK_EQ(ops->unmap_pages(ops, SZ_4K, SZ_4K, 1, NULL), 0);
	CHECK_EQ(ops->iova_to_phys(ops, SZ_4K + 42), 0x101000 + 42);
	CHECK_EQ(zt_reports_reset(), 1);
	CHECK_EQ(arm_v7s_check_tables(&cfg, stderr), 0);
	free_io_pgtable_ops(ops);
}

/* The bug, unchecked: tables installed truncated; the device walks garbage. */
static void test_plain_truncated(void)
{
	struct io_pgtable_cfg cfg;
	struct io_pgtable_ops *ops = make(&cfg, IO_PGTABLE_L2_SLAB_PLAIN, true);
	struct zslab_io_pgtable_stats st;
	unsigned long sw_right = 0;
	int err = 0;

	REQUIRE(ops);
	zt_reports_reset();
	CHECK_EQ(map_slots(ops, 64, &err), 64);
	CHECK_EQ(zt_reports_reset(), 0);
	zslab_io_pgtable_get_stats(ops, &st);
	CHECK_EQ(st.l2_high_tables, 64);
	CHECK_EQ(st.l2_fit_failures, 0);
	for (unsigned long i = 0; i < 64; i++) {
		unsigned long iova = 64 * ZV_MIB + i * SZ_1M + (i % 256) * SZ_4K;
		sw_right += ops->iova_to_phys(ops, iova + 42) == iova + 3 * ZV_GIB + 42;
	}
	CHECK_EQ(sw_right, 64);
	CHECK_EQ(walker_right(&cfg, 64), 0);
	CHECK(arm_v7s_check_tables(&cfg, NULL) >= 64);
	unmap_slots(ops, 64);
	free_io_pgtable_ops(ops);
}

/*
 * page_frag pins a whole block for one live fragment: 64 tables fill two
 * 32 KiB blocks; keeping one table of each and mapping 32 more needs a
 * third block (34 live tables, 96 KiB held) because a freed fragment is
 * not reused while its block has a survivor.  The held bytes always equal
 * what the DMA32 zone lost.
 */
static void test_frag_pinning(void)
{
	struct io_pgtable_cfg cfg;
	long free0 = dma32_free();
	struct io_pgtable_ops *ops = make(&cfg, IO_PGTABLE_L2_PAGE_FRAG, false);
	struct zslab_io_pgtable_stats st;
	int err = 0;

	REQUIRE(ops);
	CHECK_EQ(map_slots(ops, 64, &err), 64);
	for (unsigned long i = 0; i < 64; i++)
		if (i != 0 && i != 63)
			CHECK_EQ(ops->unmap_pages(ops, 64 * ZV_MIB + i * SZ_1M, SZ_1M, 1, NULL), SZ_1M);
	zslab_io_pgtable_get_stats(ops, &st);
	CHECK_EQ(st.l2_tables, 2);
	CHECK_EQ(st.l2_bytes_held, 64 * 1024);           /* both blocks pinned */
	check_held(ops, free0, "frag pinned");
	for (unsigned long i = 200; i < 232; i++) {
		size_t mapped = 0;
		CHECK_EQ(ops->map_pages(ops, i * SZ_1M, i * SZ_1M, SZ_4K, 1, RW, GFP_KERNEL,
					&mapped), 0);
	}
	zslab_io_pgtable_get_stats(ops, &st);
	CHECK_EQ(st.l2_tables, 34);
	CHECK_EQ(st.l2_bytes_held, 96 * 1024);
	CHECK_EQ(st.l2_bytes_held_peak, 96 * 1024);
	check_held(ops, free0, "frag third block");
	CHECK_EQ(ops->unmap_pages(ops, 64 * ZV_MIB, SZ_1M, 1, NULL), SZ_1M);
	CHECK_EQ(ops->unmap_pages(ops, 64 * ZV_MIB + 63 * SZ_1M, SZ_1M, 1, NULL), SZ_1M);
	zslab_io_pgtable_get_stats(ops, &st);
	CHECK_EQ(st.l2_bytes_held, 32 * 1024);           /* the survivors freed theirs */
	check_held(ops, free0, "frag survivors gone");
	CHECK_EQ(zv_cross_check(ops, &cfg, 0, 256 * ZV_MIB, SZ_64K), 0);
	free_io_pgtable_ops(ops);
	CHECK_EQ(dma32_free(), free0);
}

int main(void)
{
	struct zm_buddy boot;

	REQUIRE(zslab_init("memmap=4G@0x40000000") == 0);
	zt_capture_reports();
	zv_snap(&boot);
	test_good_source(IO_PGTABLE_L2_SLAB_DMA32, "slab-dma32");
	CHECK(zv_same(&boot, "after slab-dma32"));
	test_good_source(IO_PGTABLE_L2_GENALLOC, "genalloc");
	CHECK(zv_same(&boot, "after genalloc"));
	test_good_source(IO_PGTABLE_L2_PAGE, "page");
	CHECK(zv_same(&boot, "after page"));
	test_good_source(IO_PGTABLE_L2_PAGE_FRAG, "page_frag");
	CHECK(zv_same(&boot, "after page_frag"));
	test_good_source(IO_PGTABLE_L2_DMA_POOL, "dma_pool");
	CHECK_EQ(zt_reports_reset(), 0);
	CHECK(zv_same(&boot, "after the good sources"));
	CHECK(zv_same(&boot, "after page_frag"));
	test_frag_pinning();
	test_dma32_cache_shared();
	test_plain_refused();
	test_plain_truncated();
	CHECK_EQ(zslab_validate(), 0);
	CHECK(zv_same(&boot, "teardown"));
	zslab_exit();
	return zt_summary("test_v7s_sources");
}
