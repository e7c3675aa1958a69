/* SPDX-License-Identifier: MIT */
/*
 * test_v7s_property.c - 100,000 random map_pages/unmap_pages calls of every
 * size (4K, 64K, 1M, 16M; 1-4 pages; random prot) on the Chromebook map
 * against a reference model of what the kernel's ARMv7s code does:
 *
 *  - per 1 MiB L1 slot: empty, a table (possibly empty), or a block;
 *  - per 4 KiB page: its output address and prot, or unmapped;
 *  - a 4K/64K map fails (-EEXIST) when its slot is a block or any page
 *    is mapped; a 1M/16M map fails when any slot is a block, and
 *    otherwise discards the tables (and their pages) under it;
 *  - a 1M/16M unmap succeeds when every slot is non-empty; a 4K/64K
 *    unmap splits a block, or needs every page mapped in a table;
 *  - every failure WARNs once (counted through the report hook).
 *
 * After every call the pages it touched (first, last, one at random, one
 * just outside) are checked with the hardware-walk model (address, size
 * class, permissions, memory type) and iova_to_phys; every 5,000 calls
 * every page of the 256 MiB window is, and the invariant checker runs.
 * Every L2 table stays below 4 GiB.  The full run uses the kernel's DMA32
 * cache; a tenth as many calls then run on each other L2 source (genalloc,
 * a page per table, page_frag).  ZT_SEED overrides the seed.
 */
#include "zt.h"
#include "zt_mm.h"
#include "zt_v7s.h"

#define WINDOW   (256 * ZV_MIB)
#define NPAGES   (WINDOW / SZ_4K)
#define NSLOTS   (WINDOW / SZ_1M)
#define NOPS     100000
#define FULL_EVERY 5000

enum slot { S_EMPTY, S_TABLE, S_BLOCK };

static struct {
	phys_addr_t pa[NPAGES];   /* output address + 1; 0: unmapped */
	unsigned char prot[NPAGES];
	unsigned char slot[NSLOTS];
	unsigned long warns;
} M;

static struct io_pgtable_cfg cfg;
static struct io_pgtable_ops *ops;
static uint64_t seed;
static unsigned long mismatches;

static unsigned long pg(unsigned long iova) { return iova / SZ_4K; }
static unsigned long sl(unsigned long iova) { return iova / SZ_1M; }

static void model_clear_pages(unsigned long iova, size_t size)
{
	for (unsigned long p = pg(iova); p < pg(iova + size); p++)
		M.pa[p] = 0;
}

static bool model_any_mapped(unsigned long iova, size_t size)
{
	for (unsigned long p = pg(iova); p < pg(iova + size); p++)
		if (M.pa[p])
			return true;
	return false;
}

static bool model_all_mapped(unsigned long iova, size_t size)
{
	for (unsigned long p = pg(iova); p < pg(iova + size); p++)
		if (!M.pa[p])
			return false;
	return true;
}

/* One page of map_pages in the model: 0 or -EEXIST. */
static int model_map(unsigned long iova, phys_addr_t pa, size_t size, int prot)
{
	if (size >= SZ_1M) {
		for (unsigned long s = sl(iova); s < sl(iova + size); s++)
			if (M.slot[s] == S_BLOCK)
				return -EEXIST;
		for (unsigned long s = sl(iova); s < sl(iova + size); s++)
			M.slot[s] = S_BLOCK;
		model_clear_pages(iova, size);   /* tables discarded */
	} else {
		if (M.slot[sl(iova)] == S_BLOCK || model_any_mapped(iova, size))
			return -EEXIST;
		M.slot[sl(iova)] = S_TABLE;
	}
	for (unsigned long i = 0; i < size / SZ_4K; i++) {
		M.pa[pg(iova) + i] = pa + i * SZ_4K + 1;
		M.prot[pg(iova) + i] = (unsigned char)prot;
	}
	return 0;
}

/* One page of unmap_pages in the model: bytes unmapped. */
static size_t model_unmap(unsigned long iova, size_t size)
{
	if (size >= SZ_1M) {
		for (unsigned long s = sl(iova); s < sl(iova + size); s++)
			if (M.slot[s] == S_EMPTY)
				return 0;
		for (unsigned long s = sl(iova); s < sl(iova + size); s++)
			M.slot[s] = S_EMPTY;
	} else if (M.slot[sl(iova)] == S_BLOCK) {
		M.slot[sl(iova)] = S_TABLE;      /* split */
	} else if (M.slot[sl(iova)] == S_EMPTY || !model_all_mapped(iova, size)) {
		return 0;
	}
	model_clear_pages(iova, size);
	return size;
}

/* Walker and iova_to_phys against the model for the page at @iova. */
static void check_page(unsigned long iova)
{
	unsigned long p = pg(iova);
	unsigned long off = zm_below(&seed, SZ_4K);
	struct arm_v7s_walk_result r;
	int w = arm_v7s_walk(&cfg, iova + off, ARM_V7S_ACC_READ, &r);
	phys_addr_t sw = ops->iova_to_phys(ops, iova + off);
	bool ok;

	if (!M.pa[p]) {
		ok = w != 0 && sw == 0 && (r.fault == ARM_V7S_FAULT_TRANSLATION_L1 ||
					   r.fault == ARM_V7S_FAULT_TRANSLATION_L2);
	} else {
		int prot = M.prot[p];
		unsigned int idx = prot & IOMMU_MMIO ? 1 : prot & IOMMU_CACHE ? 7 : 4;
		bool wr = prot & IOMMU_WRITE, user = !(prot & IOMMU_PRIV);
		bool x = !(prot & IOMMU_NOEXEC);
		phys_addr_t want = M.pa[p] - 1 + off;

		ok = w == 0 && r.pa == want && sw == want && r.attr_idx == idx &&
		     !!(r.perms & ARM_V7S_PERM_PRIV_W) == wr &&
		     !!(r.perms & ARM_V7S_PERM_USER_R) == user &&
		     !!(r.perms & ARM_V7S_PERM_X) == x &&
		     (r.level == 1) == (M.slot[sl(iova)] == S_BLOCK);
	}
	if (!ok && mismatches++ < 10)
		fprintf(stderr, "page %#lx: model %#llx prot %#x slot %d; walker %s %#llx (level %d, idx %u, perms %#x); iova_to_phys %#llx\n",
			iova + off, (unsigned long long)(M.pa[p] ? M.pa[p] - 1 + off : 0),
			M.prot[p], M.slot[sl(iova)], arm_v7s_fault_name(r.fault),
			(unsigned long long)r.pa, r.level, r.attr_idx, r.perms,
			(unsigned long long)sw);
}

static void check_range(unsigned long iova, size_t bytes)
{
	unsigned long last = iova + bytes - SZ_4K;

	check_page(iova);
	check_page(last);
	check_page(iova + zm_below(&seed, bytes / SZ_4K) * SZ_4K);
	if (iova >= SZ_4K)
		check_page(iova - SZ_4K);
	if (last + SZ_4K < WINDOW)
		check_page(last + SZ_4K);
}

static void check_all(void)
{
	struct zslab_io_pgtable_stats st;

	for (unsigned long iova = 0; iova < WINDOW; iova += SZ_4K)
		check_page(iova);
	CHECK_EQ(arm_v7s_check_tables(&cfg, stderr), 0);
	zslab_io_pgtable_get_stats(ops, &st);
	CHECK_EQ(st.l2_high_tables, 0);
	CHECK_EQ(st.l2_fit_failures, 0);
}

static const size_t sizes[] = { SZ_4K, SZ_64K, SZ_1M, SZ_16M };

static size_t pick_size(void)
{
	unsigned long r = zm_below(&seed, 100);

	return sizes[r < 50 ? 0 : r < 75 ? 1 : r < 93 ? 2 : 3];
}

static int pick_prot(void)
{
	static const int base[] = { IOMMU_READ | IOMMU_WRITE, IOMMU_READ, IOMMU_WRITE };
	int prot = base[zm_below(&seed, 3)];

	prot |= (int)zm_below(&seed, 2) * IOMMU_NOEXEC;
	prot |= (int)zm_below(&seed, 2) * IOMMU_PRIV;
	switch (zm_below(&seed, 3)) {
	case 0: prot |= IOMMU_CACHE; break;
	case 1: prot |= IOMMU_MMIO; break;
	}
	return prot;
}

struct counts { unsigned long maps, map_fail, unmaps, unmap_fail, bytes_unmapped; };

static void one_op(struct counts *c)
{
	size_t size = pick_size(), n = 1 + (zm_below(&seed, 8) == 0 ? zm_below(&seed, 4) : 0);
	unsigned long iova = zm_below(&seed, WINDOW / size) * size;

	if (iova + n * size > WINDOW)
		n = (WINDOW - iova) / size;
	if (zm_below(&seed, 100) < 55) {
		phys_addr_t pa = (phys_addr_t)zm_below(&seed, (unsigned long)((1ULL << 32) / size - n)) * size;
		int prot = pick_prot(), want = 0, got;
		size_t mapped = 0, want_mapped = 0;

		for (size_t i = 0; i < n && !want; i++) {
			want = model_map(iova + i * size, pa + i * size, size, prot);
			if (!want)
				want_mapped += size;
		}
		M.warns += want ? 1 : 0;
		got = ops->map_pages(ops, iova, pa, size, n, prot, GFP_KERNEL, &mapped);
		CHECK_EQ(got, want);
		CHECK_EQ(mapped, want_mapped);
		c->maps++;
		c->map_fail += want != 0;
	} else {
		size_t want = 0, got, part = size;

		for (size_t i = 0; i < n && part; i++) {
			part = model_unmap(iova + i * size, size);
			want += part;
		}
		M.warns += want < n * size ? 1 : 0;
		got = ops->unmap_pages(ops, iova, size, n, NULL);
		CHECK_EQ(got, want);
		c->unmaps++;
		c->unmap_fail += want < n * size;
		c->bytes_unmapped += got;
	}
	check_range(iova, n * size);
}

/* @nops random calls on a fresh page table whose L2 tables come from @src. */
static void run(enum io_pgtable_l2_source src, unsigned long nops, bool report)
{
	struct counts c = { 0 };
	struct zslab_io_pgtable_stats st;

	memset(&M, 0, sizeof(M));
	zv_cfg_selftest(&cfg);
	cfg.zslab_l2_source = src;
	ops = alloc_io_pgtable_ops(ARM_V7S, &cfg, &cfg);
	REQUIRE(ops);
	for (unsigned long i = 1; i <= nops; i++) {
		one_op(&c);
		if (i % FULL_EVERY == 0)
			check_all();
	}
	check_all();
	CHECK_EQ(mismatches, 0);
	CHECK_EQ(zt_reports_reset(), M.warns);
	zslab_io_pgtable_get_stats(ops, &st);
	fprintf(stderr, "source %d: %lu maps (%lu refused), %lu unmaps (%lu short), %lu MiB unmapped; "
		"L2 tables: %lu live, peak %lu, %lu allocated; held %zu KiB (peak %zu KiB)\n",
		(int)src, c.maps, c.map_fail, c.unmaps, c.unmap_fail, c.bytes_unmapped >> 20,
		st.l2_tables, st.l2_tables_peak, st.l2_allocs, st.l2_bytes_held >> 10,
		st.l2_bytes_held_peak >> 10);
	if (report) {
		/* The mix exercised every kind of outcome. */
		CHECK(c.map_fail > nops / 100 && c.maps - c.map_fail > nops / 10);
		CHECK(c.unmap_fail > nops / 100 && c.unmaps - c.unmap_fail > nops / 10);
		CHECK(st.l2_allocs > nops / 1000);
	}
	free_io_pgtable_ops(ops);                 /* with live mappings */
}

int main(void)
{
	struct zm_buddy boot;

	REQUIRE(zslab_init("memmap=4G@0x40000000") == 0);
	zt_capture_reports();
	zv_snap(&boot);
	seed = zm_seed(0x76377365);
	run(IO_PGTABLE_L2_SLAB_DMA32, NOPS, true);
	run(IO_PGTABLE_L2_GENALLOC, NOPS / 10, true);
	run(IO_PGTABLE_L2_PAGE, NOPS / 10, true);
	run(IO_PGTABLE_L2_PAGE_FRAG, NOPS / 10, true);
	CHECK_EQ(zslab_validate(), 0);
	CHECK(zv_same(&boot, "after free_io_pgtable_ops"));
	zslab_exit();
	return zt_summary("test_v7s_property");
}
