/* SPDX-License-Identifier: MIT */
/*
 * test_v7s_map_mt.c - one ARMv7s page table used by four threads at once,
 * on disjoint IOVA ranges (the kernel's contract):
 *
 *  - racing installs: the threads map 4 KiB pages of their own into the
 *    same empty 1 MiB slots, so several allocate an L2 table for one slot
 *    and all but one lose the compare-and-swap and free theirs; every
 *    page maps, exactly one table per slot stays live, none leaks;
 *  - churn: each thread maps sections, splits them, frees tables with
 *    1 MiB unmaps and maps pages again in its own slots, checking its own
 *    translations with iova_to_phys and the walker as it goes;
 *
 * for the DMA32 cache and for page_frag (whose cache the source locks).
 * Afterwards the invariant checker is clean and the page allocator is
 * back to its boot state.  Runs under ThreadSanitizer (make tsan).
 */
#include <pthread.h>

#include "zt.h"
#include "zt_mm.h"
#include "zt_v7s.h"

#define RW       (IOMMU_READ | IOMMU_WRITE)
#define NTHREADS 4
#define RACE_SLOTS 256
#define OWN_SLOTS  32
#define ROUNDS     40

static struct io_pgtable_cfg cfg;
static struct io_pgtable_ops *ops;
static atomic_ulong bad;
static pthread_barrier_t slot_barrier;

static void fail(const char *what, unsigned long iova, phys_addr_t got, phys_addr_t want)
{
	if (atomic_fetch_add(&bad, 1) < 10)
		fprintf(stderr, "%s: iova %#lx gives %#llx, want %#llx\n", what, iova,
			(unsigned long long)got, (unsigned long long)want);
}

static void expect(unsigned long iova, phys_addr_t want)
{
	struct arm_v7s_walk_result r;
	phys_addr_t sw = ops->iova_to_phys(ops, iova);

	if (sw != want)
		fail("iova_to_phys", iova, sw, want);
	if (want && (arm_v7s_walk(&cfg, iova, ARM_V7S_ACC_READ, &r) || r.pa != want))
		fail("walker", iova, r.pa, want);
}

static int map1(unsigned long iova, phys_addr_t pa, size_t size)
{
	size_t mapped = 0;

	return ops->map_pages(ops, iova, pa, size, 1, RW, GFP_KERNEL, &mapped);
}

static void *race_thread(void *arg)
{
	unsigned long t = (unsigned long)arg;

	for (unsigned long s = 0; s < RACE_SLOTS; s++) {
		unsigned long iova = s * SZ_1M + t * SZ_4K;

		pthread_barrier_wait(&slot_barrier);   /* all at the empty slot */
		if (map1(iova, 0x80000000UL + iova, SZ_4K))
			fail("race map", iova, 0, 0);
		expect(iova + 42, 0x80000000UL + iova + 42);
	}
	return NULL;
}

/* One round in slot @s: section, split, table freed, pages, unmapped. */
static void churn_slot(unsigned long s, unsigned long round)
{
	unsigned long base = s * SZ_1M;
	phys_addr_t pa = (0x10000000UL + (round % 64) * SZ_1M) & ~(SZ_1M - 1);

	if (map1(base, pa, SZ_1M))
		fail("churn section", base, 0, 0);
	if (ops->unmap_pages(ops, base + SZ_64K, SZ_64K, 1, NULL) != SZ_64K)
		fail("churn split", base, 0, 0);
	expect(base + 42, pa + 42);
	expect(base + 2 * SZ_64K + 42, pa + 2 * SZ_64K + 42);
	expect(base + SZ_64K + 42, 0);
	if (ops->unmap_pages(ops, base, SZ_1M, 1, NULL) != SZ_1M)
		fail("churn table unmap", base, 0, 0);
	expect(base + 42, 0);
	for (unsigned long i = 0; i < 4; i++)
		if (map1(base + i * SZ_64K, pa + i * SZ_4K, SZ_4K))
			fail("churn page", base + i * SZ_64K, 0, 0);
	expect(base + 3 * SZ_64K + 42, pa + 3 * SZ_4K + 42);
	if (ops->unmap_pages(ops, base, SZ_4K, 1, NULL) != SZ_4K)
		fail("churn page unmap", base, 0, 0);
}

static void *churn_thread(void *arg)
{
	unsigned long t = (unsigned long)arg;
	unsigned long first = RACE_SLOTS + t * OWN_SLOTS;

	for (unsigned long round = 0; round < ROUNDS; round++)
		for (unsigned long s = first; s < first + OWN_SLOTS; s++)
			churn_slot(s, round + t);
	return NULL;
}

static void run_threads(void *(*fn)(void *))
{
	pthread_t th[NTHREADS];

	for (unsigned long t = 0; t < NTHREADS; t++)
		REQUIRE(pthread_create(&th[t], NULL, fn, (void *)t) == 0);
	for (unsigned long t = 0; t < NTHREADS; t++)
		pthread_join(th[t], NULL);
}

static void run(enum io_pgtable_l2_source src)
{
	struct zslab_io_pgtable_stats st;

	zv_cfg_selftest(&cfg);
	cfg.zslab_l2_source = src;
	ops = alloc_io_pgtable_ops(ARM_V7S, &cfg, &cfg);
	REQUIRE(ops);
	run_threads(race_thread);
	zslab_io_pgtable_get_stats(ops, &st);
	CHECK_EQ(st.l2_tables, RACE_SLOTS);        /* losers freed theirs */
	fprintf(stderr, "source %d: %lu of %d racing installs lost and freed their table\n",
		(int)src, st.l2_allocs - RACE_SLOTS, RACE_SLOTS * NTHREADS);
	for (unsigned long s = 0; s < RACE_SLOTS; s++)
		for (unsigned long t = 0; t < NTHREADS; t++)
			expect(s * SZ_1M + t * SZ_4K + 7, 0x80000000UL + s * SZ_1M + t * SZ_4K + 7);
	run_threads(churn_thread);
	zslab_io_pgtable_get_stats(ops, &st);
	/* each churned slot keeps its (now empty) table after the last round */
	CHECK_EQ(st.l2_tables, RACE_SLOTS + NTHREADS * OWN_SLOTS);
	CHECK_EQ(st.l2_high_tables, 0);
	CHECK_EQ(arm_v7s_check_tables(&cfg, stderr), 0);
	CHECK_EQ(zv_cross_check(ops, &cfg, 0, (RACE_SLOTS + NTHREADS * OWN_SLOTS) * SZ_1M,
				SZ_4K), 0);
	CHECK_EQ(atomic_load(&bad), 0);
	fprintf(stderr, "source %d: %lu L2 tables allocated for %lu live\n", (int)src,
		st.l2_allocs, st.l2_tables);
	free_io_pgtable_ops(ops);
}

int main(void)
{
	struct zm_buddy boot;

	REQUIRE(zslab_init("memmap=4G@0x40000000") == 0);
	REQUIRE(pthread_barrier_init(&slot_barrier, NULL, NTHREADS) == 0);
	zt_capture_reports();
	zv_snap(&boot);
	run(IO_PGTABLE_L2_SLAB_DMA32);
	run(IO_PGTABLE_L2_PAGE_FRAG);
	CHECK_EQ(zt_reports_reset(), 0);
	CHECK_EQ(zslab_validate(), 0);
	CHECK(zv_same(&boot, "after the threads"));
	zslab_exit();
	pthread_barrier_destroy(&slot_barrier);
	return zt_summary("test_v7s_map_mt");
}
