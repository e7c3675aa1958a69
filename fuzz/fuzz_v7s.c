/* SPDX-License-Identifier: MIT */
/*
 * fuzz_v7s.c - io-pgtable-arm-v7s map/unmap sequences, checked by the
 * hardware-walk model.  Booted once, on a machine with memory above
 * 4 GiB; each input makes one page table (with any of the DMA32 level-2
 * sources), then maps 4K/64K/1M/16M pages at free IOVAs, maps over live
 * ones (-EEXIST, the one report allowed), and unmaps any aligned part of
 * a live mapping (splitting blocks), against a model of what is mapped.
 * After every operation, for every mapping of the model, the walker and
 * iova_to_phys() give the model's address (first, middle and last page),
 * and what was unmapped translates nowhere; arm_v7s_check_tables() finds
 * no violation (every level-2 table below 4 GiB, contiguous groups
 * whole ...).  free_io_pgtable_ops() then leaves zslab holding exactly
 * what it held before the input (no table leaked).
 */
#include <errno.h>
#include <string.h>
#include <zslab/zslab.h>

#include "fuzz.h"

#define MAX_MAPS 48

struct map {
	uint32_t iova, size, pa, granule;
};

static struct map maps[MAX_MAPS];
static unsigned int nr_maps;
static unsigned long reports, base_alloc;
static bool expect_reports;

static void hook(const char *text, void *arg)
{
	(void)arg;
	if (!expect_reports)
		FZ_FAIL("unexpected report:\n%s", text);
	reports++;
}

/* Pages held by the program (not zslab's own) after a full shrink. */
static unsigned long held_pages(void)
{
	unsigned long n = 0;

	zslab_shrink_all();
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		struct zslab_zone_info zi;
		if (!zslab_zone_get_info((enum zone_type)z, &zi))
			n += zi.allocated - zi.zslab;
	}
	return n;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	zslab_set_report_hook(hook, NULL);
	if (zslab_init("memmap=512M@0 memmap=1G@0x100000000"))
		FZ_FAIL("boot");
	base_alloc = held_pages();
	return 0;
}

static const uint32_t granules[] = { SZ_4K, SZ_64K, SZ_1M, SZ_16M };

/* The model's translation of @iova (0: unmapped). */
static uint32_t model_pa(uint32_t iova, bool *mapped)
{
	for (unsigned int i = 0; i < nr_maps; i++)
		if (iova - maps[i].iova < maps[i].size) {
			*mapped = true;
			return maps[i].pa + (iova - maps[i].iova);
		}
	*mapped = false;
	return 0;
}

static void check_iova(struct io_pgtable_ops *ops, const struct io_pgtable_cfg *cfg,
		       uint32_t iova)
{
	struct arm_v7s_walk_result r;
	bool mapped;
	uint32_t want = model_pa(iova, &mapped);
	int w = arm_v7s_walk(cfg, iova, ARM_V7S_ACC_READ, &r);
	phys_addr_t sw = ops->iova_to_phys(ops, iova);

	if (mapped) {
		FZ_CHECK(w == 0 && r.pa == want, "walker: iova %#x pa %#llx (%s), model %#x",
			 iova, (unsigned long long)r.pa, arm_v7s_fault_name(r.fault), want);
		FZ_CHECK(sw == want, "iova_to_phys %#x: %#llx, model %#x", iova,
			 (unsigned long long)sw, want);
	} else {
		FZ_CHECK(w != 0 && sw == 0, "iova %#x translates (%#llx) but is unmapped",
			 iova, (unsigned long long)sw);
	}
}

static void check_all(struct io_pgtable_ops *ops, const struct io_pgtable_cfg *cfg)
{
	for (unsigned int i = 0; i < nr_maps; i++) {
		const struct map *m = &maps[i];
		check_iova(ops, cfg, m->iova);
		check_iova(ops, cfg, m->iova + m->size / 2 + 123);
		check_iova(ops, cfg, m->iova + m->size - 1);
	}
}

static bool range_free(uint32_t iova, uint64_t size)
{
	for (unsigned int i = 0; i < nr_maps; i++)
		if (iova < (uint64_t)maps[i].iova + maps[i].size &&
		    maps[i].iova < iova + size)
			return false;
	return true;
}

static void op_map(struct io_pgtable_ops *ops, struct fz_in *in, bool over)
{
	uint32_t g = granules[fz_u8(in) % 4], iova, pa;
	unsigned int count = fz_u8(in) % 4 + 1;
	int prot = IOMMU_READ | ((fz_u8(in) & 1) ? IOMMU_WRITE : 0), ret;
	size_t mapped = 0;

	if (over) {
		/* 4K onto a mapped page: a valid leaf there, -EEXIST.  (A 1M or
		 * 16M block over a level-2 table replaces the table, as in the
		 * kernel's arm_v7s_init_pte(): not a misuse, not tested here.) */
		if (!nr_maps)
			return;
		const struct map *m = &maps[fz_u8(in) % nr_maps];
		g = SZ_4K;
		iova = m->iova + (fz_u32(in) % (m->size / SZ_4K)) * SZ_4K;
		count = 1;
	} else {
		iova = fz_u32(in) & ~(g - 1);
	}
	pa = fz_u32(in) & ~(g - 1);
	if ((uint64_t)iova + (uint64_t)g * count > 1ull << 32 ||
	    (uint64_t)pa + (uint64_t)g * count > 1ull << 32 ||
	    over == range_free(iova, (uint64_t)g * count) || nr_maps + count > MAX_MAPS)
		return;
	expect_reports = over;
	reports = 0;
	ret = ops->map_pages(ops, iova, pa, g, count, prot, GFP_KERNEL, &mapped);
	expect_reports = false;
	if (over) {
		FZ_CHECK(ret == -EEXIST && reports >= 1 && mapped == 0,
			 "map over a live mapping: %d, %lu reports, %zu mapped", ret, reports, mapped);
		return;
	}
	FZ_CHECK(ret == 0 && mapped == (size_t)g * count, "map %#x+%u*%#x: %d (%zu)", iova,
		 count, g, ret, mapped);
	for (unsigned int k = 0; k < count; k++)
		maps[nr_maps++] = (struct map){ iova + k * g, g, pa + k * g, g };
}

/* Remove [iova, iova+size) from the model, splitting what it cuts. */
static void model_unmap(uint32_t iova, uint32_t size)
{
	for (unsigned int i = 0; i < nr_maps; i++) {
		struct map m = maps[i];
		if (!(iova < (uint64_t)m.iova + m.size && m.iova < (uint64_t)iova + size))
			continue;
		maps[i] = maps[--nr_maps];
		i--;
		if (m.iova < iova)
			maps[nr_maps++] = (struct map){ m.iova, iova - m.iova, m.pa, m.granule };
		if ((uint64_t)m.iova + m.size > (uint64_t)iova + size) {
			uint32_t cut = iova + size - m.iova;
			maps[nr_maps++] = (struct map){ iova + size, m.size - cut, m.pa + cut,
							 m.granule };
		}
	}
}

static void op_unmap(struct io_pgtable_ops *ops, const struct io_pgtable_cfg *cfg,
		     struct fz_in *in)
{
	const struct map *m;
	uint32_t g, iova;
	size_t done;

	if (!nr_maps || nr_maps + 2 > MAX_MAPS)
		return;
	m = &maps[fz_u8(in) % nr_maps];
	g = granules[fz_u8(in) % 4];
	uint64_t end = (uint64_t)m->iova + m->size, start = ((uint64_t)m->iova + g - 1) & ~(uint64_t)(g - 1);
	if (g > m->granule || start + g > end) {   /* a g-aligned g-block inside m */
		g = SZ_4K;
		start = m->iova;
	}
	iova = (uint32_t)(start + (fz_u32(in) % ((end - start) / g)) * g);
	done = ops->unmap_pages(ops, iova, g, 1, NULL);
	FZ_CHECK(done == g, "unmap %#x of %#x: %zu", iova, g, done);
	model_unmap(iova, g);
	check_iova(ops, cfg, iova);
	check_iova(ops, cfg, iova + g - 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum io_pgtable_l2_source sources[] = {
		IO_PGTABLE_L2_SLAB_DMA32, IO_PGTABLE_L2_GENALLOC,
		IO_PGTABLE_L2_PAGE_FRAG, IO_PGTABLE_L2_PAGE,
	};
	struct fz_in in = { data, size };
	struct io_pgtable_cfg cfg;
	struct io_pgtable_ops *ops;
	unsigned int steps = 0;

	memset(&cfg, 0, sizeof(cfg));
	cfg.ias = 32;
	cfg.oas = 32;
	cfg.pgsize_bitmap = SZ_4K | SZ_64K | SZ_1M | SZ_16M;
	cfg.quirks = (fz_u8(&in) & 1) ? IO_PGTABLE_QUIRK_ARM_NS : 0;
	cfg.zslab_l2_source = sources[fz_u8(&in) % 4];
	ops = alloc_io_pgtable_ops(ARM_V7S, &cfg, &cfg);
	FZ_CHECK(ops != NULL, "alloc_io_pgtable_ops");
	nr_maps = 0;
	while (in.n && steps++ < 64) {
		unsigned int op = fz_u8(&in) % 8;
		if (op < 4)
			op_map(ops, &in, false);
		else if (op < 7)
			op_unmap(ops, &cfg, &in);
		else
			op_map(ops, &in, true);
		check_all(ops, &cfg);
		FZ_CHECK(arm_v7s_check_tables(&cfg, stderr) == 0, "table invariants");
	}
	free_io_pgtable_ops(ops);
	FZ_CHECK(held_pages() == base_alloc, "pages held after free_io_pgtable_ops: %lu, before %lu",
		 held_pages(), base_alloc);
	return 0;
}
