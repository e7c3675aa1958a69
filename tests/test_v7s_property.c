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
 * a page per table, page_frag), and a fifth with DMA32 all but exhausted,
 * where -ENOMEM maps and refused splits must change nothing (misuse
 * matrix S9 under S8).  ZT_SEED overrides the seed.
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

/* --- under DMA32 pressure ---------------------------------------------- */

struct pressure { unsigned long ops, enomem, split_fail, mapped; };

/*
 * One call of one page when L2 tables may not be had: besides what the
 * model says, a 4K/64K map into an empty slot may fail with -ENOMEM and a
 * 4K/64K unmap inside a block may return 0 (no split table); either must
 * leave everything as it was, which the model then checks.
 */
static void one_op_pressure(struct pressure *c)
{
	size_t size = pick_size(), np = size / SZ_4K, got_u, want_u;
	unsigned long iova = zm_below(&seed, WINDOW / size) * size;
	unsigned long s = sl(iova), p0 = pg(iova);
	unsigned char slot_before = M.slot[s], prot_save[16];
	phys_addr_t pa_save[16];
	bool small = size < SZ_1M;

	if (small) {
		memcpy(pa_save, &M.pa[p0], np * sizeof(*pa_save));
		memcpy(prot_save, &M.prot[p0], np);
	}
	if (zm_below(&seed, 100) < 55) {
		phys_addr_t pa = (phys_addr_t)zm_below(&seed, (unsigned long)((1ULL << 32) / size)) * size;
		int prot = pick_prot(), want = model_map(iova, pa, size, prot), got;
		size_t mapped = 0;

		got = ops->map_pages(ops, iova, pa, size, 1, prot, GFP_KERNEL, &mapped);
		if (got == -ENOMEM && !want && small && slot_before == S_EMPTY) {
			memcpy(&M.pa[p0], pa_save, np * sizeof(*pa_save));
			memcpy(&M.prot[p0], prot_save, np);
			M.slot[s] = S_EMPTY;
			c->enomem++;
		} else {
			CHECK_EQ(got, want);
			c->mapped += !got;
		}
	} else {
		want_u = model_unmap(iova, size);
		got_u = ops->unmap_pages(ops, iova, size, 1, NULL);
		if (!got_u && want_u == size && small && slot_before == S_BLOCK) {
			memcpy(&M.pa[p0], pa_save, np * sizeof(*pa_save));
			M.slot[s] = S_BLOCK;
			c->split_fail++;
		} else {
			CHECK_EQ(got_u, want_u);
		}
	}
	c->ops++;
	check_range(iova, size);
}

static struct page *held_pg[1 << 14];
static unsigned int held_order[1 << 14];
static int nheld;

/* Take every DMA32 page (reserves included), largest blocks first. */
static void exhaust_dma32(void)
{
	static const gfp_t gfps[] = { GFP_KERNEL, GFP_ATOMIC, GFP_ATOMIC | __GFP_MEMALLOC };

	for (size_t g = 0; g < sizeof(gfps) / sizeof(gfps[0]); g++)
		for (int order = MAX_ORDER - 1; order >= 0; order--) {
			struct page *p;

			while ((p = alloc_pages(gfps[g] | GFP_DMA32 | __GFP_NOWARN,
						(unsigned int)order)) != NULL) {
				REQUIRE(nheld < (1 << 14));
				held_pg[nheld] = p;
				held_order[nheld++] = (unsigned int)order;
			}
		}
}

/* Give back the last-taken blocks until @pages pages are free again. */
static void give_back(long pages)
{
	while (nheld > 0 && pages > 0) {
		nheld--;
		pages -= 1L << held_order[nheld];
		__free_pages(held_pg[nheld], held_order[nheld]);
	}
}

/*
 * The random calls again with DMA32 all but exhausted (taken down to what
 * GFP_KERNEL can get, then 4 pages given back): maps that need a table fail cleanly now and then, splits
 * too, and everything that did map still checks out.
 */
static void run_pressure(unsigned long nops)
{
	struct pressure c = { 0 };
	struct zslab_io_pgtable_stats st;

	memset(&M, 0, sizeof(M));
	zv_cfg_selftest(&cfg);
	ops = alloc_io_pgtable_ops(ARM_V7S, &cfg, &cfg);
	REQUIRE(ops);
	exhaust_dma32();
	/* back above the watermark, down to it again, then 4 pages */
	for (;;) {
		struct page *probe = alloc_pages(GFP_KERNEL | GFP_DMA32 | __GFP_NOWARN, 0);

		if (probe) {
			__free_pages(probe, 0);
			break;
		}
		give_back(32);
	}
	for (struct page *p; (p = alloc_pages(GFP_KERNEL | GFP_DMA32 | __GFP_NOWARN, 0)) != NULL;) {
		REQUIRE(nheld < (1 << 14));
		held_pg[nheld] = p;
		held_order[nheld++] = 0;
	}
	give_back(4);
	for (unsigned long i = 1; i <= nops; i++) {
		one_op_pressure(&c);
		if (i % FULL_EVERY == 0)
			check_all();
	}
	check_all();
	CHECK_EQ(mismatches, 0);
	zslab_io_pgtable_get_stats(ops, &st);
	fprintf(stderr, "pressure: %lu calls, %lu maps, %lu -ENOMEM, %lu splits refused; "
		"L2 tables %lu live (peak %lu), %lu allocation failures\n", c.ops, c.mapped,
		c.enomem, c.split_fail, st.l2_tables, st.l2_tables_peak, st.l2_alloc_failures);
	CHECK(c.enomem > 0);
	CHECK(c.mapped > nops / 10);
	CHECK(st.l2_alloc_failures >= c.enomem + c.split_fail);
	give_back(1L << 40);
	free_io_pgtable_ops(ops);
	zt_reports_reset();                       /* WARNs and allocation failures */
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
	run_pressure(NOPS / 5);
	CHECK_EQ(zslab_validate(), 0);
	CHECK(zv_same(&boot, "after free_io_pgtable_ops"));
	zslab_exit();
	return zt_summary("test_v7s_property");
}
