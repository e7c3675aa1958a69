/* SPDX-License-Identifier: MIT */
/*
 * test_zones.c - zone placement: GFP_KERNEL prefers Normal (above 4 GiB),
 * GFP_DMA32 never gets memory at or above 4 GiB (the property DMA32 kmem
 * caches exist for), GFP_DMA stays below 16 MiB and fails cleanly where
 * there is no DMA zone, and the dma_limit/dma32_limit options move the
 * boundaries.  Fallback only ever goes down: Normal -> DMA32 -> DMA.
 */
#include "zt.h"
#include "zt_mm.h"

#define M ZM_MIB
#define G ZM_GIB

/* Allocate @n blocks of @order with @gfp; each must end by @hi and start at
 * or above @lo.  Returns how many came (all are freed again). */
static int place(gfp_t gfp, unsigned int order, int n, phys_addr_t lo,
		 phys_addr_t hi, enum zone_type zone)
{
	struct page **pg = calloc((size_t)n, sizeof(*pg));
	int got = 0, bad = 0;

	REQUIRE(pg);
	for (int i = 0; i < n; i++) {
		pg[i] = alloc_pages(gfp | __GFP_NOWARN, order);
		if (!pg[i])
			continue;
		got++;
		phys_addr_t p = page_to_phys(pg[i]);
		phys_addr_t end = p + (PAGE_SIZE << order);
		if (p < lo || end > hi || page_zonenum(pg[i]) != zone) {
			if (bad++ < 3)
				fprintf(stderr, "  gfp %#x order %u: [%#llx, %#llx) zone %d, want [%#llx, %#llx) zone %d\n",
					gfp, order, (unsigned long long)p,
					(unsigned long long)end, page_zonenum(pg[i]),
					(unsigned long long)lo, (unsigned long long)hi, zone);
		}
	}
	CHECK_EQ(bad, 0);
	for (int i = 0; i < n; i++)
		__free_pages(pg[i], order);
	free(pg);
	return got;
}

/* The Chromebook map: 3 GiB of DMA32 from 1 GiB, 1 GiB of Normal above 4 GiB. */
static void test_chromebook(void)
{
	REQUIRE(zslab_init("memmap=4G@0x40000000") == 0);
	CHECK_EQ(zs_zones[ZONE_DMA].present_pages, 0);
	/* GFP_KERNEL prefers Normal: every block lands above 4 GiB. */
	for (unsigned int o = 0; o < MAX_ORDER; o++)
		CHECK_EQ(place(GFP_KERNEL, o, 40, 4 * G, 5 * G, ZONE_NORMAL), 40);
	/* GFP_DMA32: never at or above 4 GiB. */
	for (unsigned int o = 0; o < MAX_ORDER; o++)
		CHECK_EQ(place(GFP_KERNEL | GFP_DMA32, o, 40, 1 * G, 4 * G, ZONE_DMA32), 40);
	CHECK_EQ(place(GFP_ATOMIC | GFP_DMA32 | __GFP_ZERO, 2, 500, 1 * G, 4 * G, ZONE_DMA32), 500);
	/* GFP_DMA: there is no DMA zone, and no fallback upwards. */
	zm_log_reset();
	CHECK(alloc_pages(GFP_KERNEL | GFP_DMA, 0) == NULL);
	CHECK_EQ(zm_log_has("page allocation failure: order:0, mode:0xcc1(GFP_KERNEL|GFP_DMA)"), 1);
	CHECK_EQ(zm_reports(), 1);
	zm_log_reset();
	CHECK(alloc_pages(GFP_KERNEL | GFP_DMA | __GFP_NOWARN, 3) == NULL);
	CHECK_EQ(__get_dma_pages(GFP_KERNEL | __GFP_NOWARN, 0), 0);
	CHECK_EQ(zm_reports(), 0);
	CHECK_EQ(zslab_validate(), 0);
	zslab_exit();
}

/* The default map: DMA below 16 MiB, DMA32 below 4 GiB, Normal above. */
static void test_default(void)
{
	REQUIRE(zslab_init(NULL) == 0);
	for (unsigned int o = 0; o < MAX_ORDER; o++) {
		CHECK_EQ(place(GFP_KERNEL | GFP_DMA, o, 2, 0, 16 * M, ZONE_DMA), 2);
		CHECK_EQ(place(GFP_KERNEL | GFP_DMA32, o, 20, 16 * M, 4 * G, ZONE_DMA32), 20);
		CHECK_EQ(place(GFP_KERNEL, o, 20, 4 * G, 8 * G, ZONE_NORMAL), 20);
	}
	CHECK_EQ(place(GFP_KERNEL | GFP_DMA, 0, 2000, 0, 16 * M, ZONE_DMA), 2000);
	/* __GFP_MOVABLE and __GFP_HIGHMEM mean Normal on this machine. */
	CHECK_EQ(place(GFP_HIGHUSER_MOVABLE, 0, 10, 4 * G, 8 * G, ZONE_NORMAL), 10);
	CHECK_EQ(zslab_validate(), 0);
	zslab_exit();
}

/* Only a DMA zone and Normal: DMA32 requests fall back to DMA, not up. */
static void test_fallback_down_only(void)
{
	REQUIRE(zslab_init("memmap=8M@0 memmap=1G@0x100000000") == 0);
	CHECK_EQ(zs_zones[ZONE_DMA32].present_pages, 0);
	CHECK_EQ(place(GFP_KERNEL | GFP_DMA32, 0, 200, 0, 8 * M, ZONE_DMA), 200);
	CHECK_EQ(place(GFP_KERNEL | GFP_DMA32, 4, 20, 0, 8 * M, ZONE_DMA), 20);
	CHECK_EQ(place(GFP_KERNEL, 0, 200, 4 * G, 5 * G, ZONE_NORMAL), 200);
	zslab_exit();

	/* Only Normal: DMA32 and DMA requests fail; nothing above leaks down. */
	REQUIRE(zslab_init("memmap=1G@0x100000000") == 0);
	CHECK_EQ(place(GFP_KERNEL | GFP_DMA32, 0, 10, 0, 4 * G, ZONE_DMA32), 0);
	CHECK_EQ(place(GFP_ATOMIC | GFP_DMA32 | __GFP_HIGH, 0, 10, 0, 4 * G, ZONE_DMA32), 0);
	CHECK_EQ(place(GFP_KERNEL | GFP_DMA, 0, 10, 0, 16 * M, ZONE_DMA), 0);
	CHECK_EQ(place(GFP_KERNEL, 0, 10, 4 * G, 5 * G, ZONE_NORMAL), 10);
	CHECK_EQ(zslab_validate(), 0);
	zslab_exit();
}

/* dma_limit and dma32_limit move the zone boundaries. */
static void test_limits(void)
{
	REQUIRE(zslab_init("dma_limit=1G dma32_limit=2G memmap=4G@0") == 0);
	CHECK_EQ(zs_zones[ZONE_DMA].present_pages, G >> 12);
	CHECK_EQ(zs_zones[ZONE_DMA32].present_pages, G >> 12);
	CHECK_EQ(zs_zones[ZONE_NORMAL].present_pages, (2 * G) >> 12);
	CHECK_EQ(zs_zones[ZONE_DMA32].zone_start_pfn, G >> 12);
	CHECK_EQ(zs_zones[ZONE_NORMAL].zone_start_pfn, (2 * G) >> 12);
	for (unsigned int o = 0; o < MAX_ORDER; o += 3) {
		CHECK_EQ(place(GFP_KERNEL | GFP_DMA, o, 20, 0, 1 * G, ZONE_DMA), 20);
		CHECK_EQ(place(GFP_KERNEL | GFP_DMA32, o, 20, 1 * G, 2 * G, ZONE_DMA32), 20);
		CHECK_EQ(place(GFP_KERNEL, o, 20, 2 * G, 4 * G, ZONE_NORMAL), 20);
	}
	CHECK_EQ(zslab_validate(), 0);
	zslab_exit();

	/* Like arm64 with zone_dma_bits=30 and DMA32 to the end of a 4 GiB
	 * window at 1 GiB: limits that are not powers of two. */
	REQUIRE(zslab_init("dma_limit=0x48000000 dma32_limit=0xC0001000 memmap=4G@0x40000000") == 0);
	CHECK_EQ(zs_zones[ZONE_DMA].present_pages, (0x08000000ull) >> 12);
	CHECK_EQ(zs_zones[ZONE_DMA32].present_pages, (0xC0001000ull - 0x48000000ull) >> 12);
	CHECK_EQ(place(GFP_KERNEL | GFP_DMA, 0, 100, 1 * G, 0x48000000ull, ZONE_DMA), 100);
	CHECK_EQ(place(GFP_KERNEL | GFP_DMA32, 0, 100, 0x48000000ull, 0xC0001000ull, ZONE_DMA32), 100);
	CHECK_EQ(place(GFP_KERNEL, 0, 100, 0xC0001000ull, 5 * G, ZONE_NORMAL), 100);
	CHECK_EQ(zslab_validate(), 0);
	zslab_exit();

	/* dma_limit=0: no DMA zone at all, GFP_DMA fails. */
	REQUIRE(zslab_init("dma_limit=0 memmap=64M@0") == 0);
	CHECK_EQ(zs_zones[ZONE_DMA].present_pages, 0);
	CHECK_EQ(zs_zones[ZONE_DMA32].present_pages, 16384);
	CHECK_EQ(place(GFP_KERNEL | GFP_DMA, 0, 10, 0, 16 * M, ZONE_DMA), 0);
	zslab_exit();
}

int main(void)
{
	zm_watchdog(240);
	zm_log_start();
	test_chromebook();
	test_default();
	test_fallback_down_only();
	test_limits();
	return zt_summary("test_zones");
}
