/* SPDX-License-Identifier: MIT */
/*
 * test_exhaustion.c - running zones dry.  On a small machine (DMA 16 MiB,
 * DMA32 48 MiB, Normal 64 MiB):
 *  - GFP_DMA32 until it fails: every page below 4 GiB, Normal untouched,
 *    the failure clean and its report rate-limited (10 per 5 s), while
 *    GFP_KERNEL still succeeds from Normal;
 *  - GFP_KERNEL until it fails: it falls back to DMA32 and DMA but stops
 *    at min + lowmem_reserve (the "protection" zoneinfo shows), and
 *    GFP_DMA32 can still use that reserve;
 *  - __GFP_HIGH dips to min/2, GFP_ATOMIC to 3/8 of min, where GFP_KERNEL
 *    cannot; __GFP_NOFAIL still gets a page when everything else fails;
 *  - everything freed, the free lists are exactly as at boot.
 */
#include "zt.h"
#include "zt_mm.h"

#include <time.h>

#define G ZM_GIB

struct held {
	struct page **pg;
	unsigned int *order;
	size_t n, cap;
};

static void hold(struct held *h, struct page *pg, unsigned int order)
{
	if (h->n == h->cap) {
		h->cap = h->cap ? 2 * h->cap : 1024;
		h->pg = realloc(h->pg, h->cap * sizeof(*h->pg));
		h->order = realloc(h->order, h->cap * sizeof(*h->order));
		REQUIRE(h->pg && h->order);
	}
	h->pg[h->n] = pg;
	h->order[h->n++] = order;
}

static void release(struct held *h)
{
	while (h->n) {
		h->n--;
		__free_pages(h->pg[h->n], h->order[h->n]);
	}
	free(h->pg);
	free(h->order);
	memset(h, 0, sizeof(*h));
}

/* Allocate single pages with @gfp until one fails; count them per zone. */
static long exhaust(struct held *h, gfp_t gfp, long per_zone[MAX_NR_ZONES])
{
	struct page *pg;
	long n = 0;

	memset(per_zone, 0, sizeof(long) * MAX_NR_ZONES);
	while ((pg = alloc_pages(gfp | __GFP_NOWARN, 0)) != NULL) {
		hold(h, pg, 0);
		per_zone[page_zonenum(pg)]++;
		n++;
		REQUIRE(n < (1L << 20));
	}
	return n;
}

static struct zm_zoneinfo zi[MAX_NR_ZONES];

/*
 * After a class-@cls request with these alloc flags failed, zone @z is
 * left at its mark: free <= mark + protection, and not below it by more
 * than one per-thread batch (pages taken in a batch, then drained back).
 */
static void check_left_at_mark(unsigned int z, unsigned int cls, bool high,
			       bool harder)
{
	long mark = (long)zi[z].min, left, slack;

	if (!zi[z].managed)
		return;
	if (high)
		mark -= mark / 2;
	if (harder)
		mark -= mark / 4;
	mark += zi[z].prot[cls];
	zm_drain();
	left = zm_free(z);
	slack = zs_zones[z].pcp_batch > 1 ? (long)zs_zones[z].pcp_batch : 1;
	CHECK(left <= mark);
	CHECK(left > mark - slack);
	if (left > mark || left <= mark - slack)
		fprintf(stderr, "  zone %s after class %s (high %d harder %d): free %ld, mark %ld\n",
			zs_zone_names[z], zs_zone_names[cls], high, harder, left, mark);
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts))
		;
}

int main(void)
{
	struct held a = { 0 }, b = { 0 }, c = { 0 };
	struct zm_buddy boot;
	long per[MAX_NR_ZONES], n, normal_before;
	struct page *pg;
	const char *fail_dma32 = "page allocation failure: order:0, mode:0xcc4(GFP_KERNEL|GFP_DMA32)";

	zm_watchdog(240);
	zm_log_start();
	REQUIRE(zslab_init("memmap=64M@0 memmap=64M@0x100000000") == 0);
	zm_buddy_snap(&boot);
	REQUIRE(zm_zoneinfo(zi) == MAX_NR_ZONES);
	CHECK_EQ(zi[ZONE_DMA].managed, 4096);
	CHECK_EQ(zi[ZONE_DMA32].managed, 12288);
	CHECK_EQ(zi[ZONE_NORMAL].managed, 16384);
	CHECK(zi[ZONE_DMA32].prot[ZONE_NORMAL] > 0);
	CHECK(zi[ZONE_DMA].prot[ZONE_DMA32] > 0);

	/* 1. DMA32 dry: all below 4 GiB, Normal untouched. */
	normal_before = boot.free[ZONE_NORMAL];
	n = exhaust(&a, GFP_KERNEL | GFP_DMA32, per);
	CHECK_EQ(per[ZONE_NORMAL], 0);
	CHECK(per[ZONE_DMA32] > 12288 - 400);
	CHECK(per[ZONE_DMA] > 4096 - 400);          /* fell back to DMA */
	for (size_t i = 0; i < a.n; i++)
		if (page_to_phys(a.pg[i]) >= 4 * G) {
			CHECK(page_to_phys(a.pg[i]) < 4 * G);
			break;
		}
	zm_drain();
	CHECK_EQ(zm_free(ZONE_NORMAL), normal_before);
	check_left_at_mark(ZONE_DMA32, ZONE_DMA32, false, false);
	check_left_at_mark(ZONE_DMA, ZONE_DMA32, false, false);
	CHECK_EQ(zslab_validate(), 0);
	fprintf(stderr, "GFP_DMA32 got %ld pages (DMA32 %ld, DMA %ld)\n", n,
		per[ZONE_DMA32], per[ZONE_DMA]);

	/* The failure is clean and reported, at most 10 times per 5 s. */
	zm_log_reset();
	for (int i = 0; i < 25; i++)
		CHECK(alloc_pages(GFP_KERNEL | GFP_DMA32, 0) == NULL);
	CHECK_EQ(zm_log_has(fail_dma32), 10);
	CHECK_EQ(zm_log_has("page allocation failure"), 10);
	CHECK_EQ(zm_reports(), 10);
	sleep_ms(5200);
	zm_log_reset();
	CHECK(alloc_pages(GFP_KERNEL | GFP_DMA32, 0) == NULL);
	CHECK(alloc_pages(GFP_KERNEL | GFP_DMA32, 0) == NULL);
	CHECK_EQ(zm_log_has(fail_dma32), 2);   /* a new interval */

	/* GFP_KERNEL still succeeds, from Normal. */
	pg = alloc_pages(GFP_KERNEL, 0);
	CHECK(pg != NULL);
	CHECK(pg && page_to_phys(pg) >= 4 * G);
	CHECK(pg && page_zonenum(pg) == ZONE_NORMAL);
	__free_pages(pg, 0);
	pg = alloc_pages(GFP_KERNEL, 3);
	CHECK(pg && page_zonenum(pg) == ZONE_NORMAL);
	__free_pages(pg, 3);
	release(&a);
	CHECK(zm_buddy_equal(&boot, "after DMA32 exhaustion"));

	/* 2. Normal dry with GFP_KERNEL: falls back, stops at the reserves. */
	n = exhaust(&a, GFP_KERNEL, per);
	fprintf(stderr, "GFP_KERNEL got %ld pages (Normal %ld, DMA32 %ld, DMA %ld)\n", n,
		per[ZONE_NORMAL], per[ZONE_DMA32], per[ZONE_DMA]);
	CHECK(per[ZONE_NORMAL] > 16384 - 400);
	CHECK(per[ZONE_DMA32] > 12288 - 400 - zi[ZONE_DMA32].prot[ZONE_NORMAL]);
	CHECK(per[ZONE_DMA] > 0);
	check_left_at_mark(ZONE_NORMAL, ZONE_NORMAL, false, false);
	check_left_at_mark(ZONE_DMA32, ZONE_NORMAL, false, false);
	check_left_at_mark(ZONE_DMA, ZONE_NORMAL, false, false);
	/* What DMA32 kept back is more than its protection against Normal. */
	CHECK(zm_free(ZONE_DMA32) > zi[ZONE_DMA32].prot[ZONE_NORMAL]);
	CHECK(zm_free(ZONE_DMA) > zi[ZONE_DMA].prot[ZONE_NORMAL]);
	CHECK(alloc_pages(GFP_KERNEL | __GFP_NOWARN, 0) == NULL);
	/* ... and GFP_DMA32 may use that reserve. */
	for (int i = 0; i < 20; i++) {
		pg = alloc_pages(GFP_KERNEL | GFP_DMA32 | __GFP_NOWARN, 0);
		CHECK(pg != NULL);
		if (!pg)
			break;
		CHECK(page_to_phys(pg) < 4 * G);
		CHECK_EQ(page_zonenum(pg), ZONE_DMA32);
		hold(&a, pg, 0);
	}
	pg = alloc_pages(GFP_KERNEL | GFP_DMA | __GFP_NOWARN, 0);
	CHECK(pg && page_zonenum(pg) == ZONE_DMA);
	if (pg)
		hold(&a, pg, 0);
	CHECK(alloc_pages(GFP_KERNEL | __GFP_NOWARN, 0) == NULL);
	CHECK_EQ(zslab_validate(), 0);

	/* 3. __GFP_HIGH dips to half of min; GFP_KERNEL still cannot. */
	n = exhaust(&b, GFP_KERNEL | __GFP_HIGH, per);
	CHECK(per[ZONE_NORMAL] > 0);
	check_left_at_mark(ZONE_NORMAL, ZONE_NORMAL, true, false);
	CHECK(alloc_pages(GFP_KERNEL | __GFP_NOWARN, 0) == NULL);

	/* 4. GFP_ATOMIC (HIGH and HARDER) dips further, to 3/8 of min. */
	n = exhaust(&b, GFP_ATOMIC, per);
	CHECK(n > 0);
	CHECK(per[ZONE_NORMAL] > 0);
	check_left_at_mark(ZONE_NORMAL, ZONE_NORMAL, true, true);
	check_left_at_mark(ZONE_DMA32, ZONE_NORMAL, true, true);
	check_left_at_mark(ZONE_DMA, ZONE_NORMAL, true, true);
	CHECK(alloc_pages(GFP_KERNEL | __GFP_NOWARN, 0) == NULL);
	CHECK(alloc_pages(GFP_KERNEL | __GFP_HIGH | __GFP_NOWARN, 0) == NULL);
	CHECK(alloc_pages(GFP_ATOMIC | __GFP_NOWARN, 0) == NULL);
	CHECK_EQ(zslab_validate(), 0);

	/* 5. __GFP_NOFAIL gets memory while everything else fails. */
	zm_log_reset();
	pg = alloc_pages(GFP_KERNEL | __GFP_NOFAIL, 0);
	CHECK(pg != NULL);
	hold(&c, pg, 0);
	pg = alloc_pages(GFP_KERNEL | __GFP_NOFAIL, 2);
	CHECK(pg != NULL);
	CHECK(pg && (page_to_pfn(pg) & 3) == 0);
	hold(&c, pg, 2);
	pg = alloc_pages(GFP_KERNEL | GFP_DMA32 | __GFP_NOFAIL, 0);
	CHECK(pg && page_to_phys(pg) < 4 * G);
	hold(&c, pg, 0);
	CHECK_EQ(zm_log_has("page allocation failure"), 0);
	CHECK(alloc_pages(GFP_ATOMIC | __GFP_NOWARN, 0) == NULL);
	CHECK_EQ(zslab_validate(), 0);

	/* 6. Teardown: all free, exactly the boot state. */
	release(&c);
	release(&b);
	release(&a);
	CHECK_EQ(zslab_validate(), 0);
	CHECK(zm_buddy_equal(&boot, "teardown"));
	zslab_exit();
	return zt_summary("test_exhaustion");
}
