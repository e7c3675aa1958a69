/* SPDX-License-Identifier: MIT */
/*
 * test_gfp.c - GFP flags: the bit values and composites of the post-5.13
 * layout, gfp_zone() for all sixteen zone-bit combinations (the eight
 * invalid ones warned about once each and resolved to ZONE_DMA, as the
 * kernel's GFP_ZONE_TABLE does), and the %pGg names, both directly and as
 * printed in the "page allocation failure" report.
 */
#include "zt.h"
#include "zt_mm.h"

static void test_values(void)
{
	CHECK_EQ(__GFP_DMA, 0x01);
	CHECK_EQ(__GFP_HIGHMEM, 0x02);
	CHECK_EQ(__GFP_DMA32, 0x04);
	CHECK_EQ(__GFP_MOVABLE, 0x08);
	CHECK_EQ(__GFP_RECLAIMABLE, 0x10);
	CHECK_EQ(__GFP_HIGH, 0x20);
	CHECK_EQ(__GFP_IO, 0x40);
	CHECK_EQ(__GFP_FS, 0x80);
	CHECK_EQ(__GFP_ZERO, 0x100);
	CHECK_EQ(__GFP_ATOMIC, 0x200);
	CHECK_EQ(__GFP_DIRECT_RECLAIM, 0x400);
	CHECK_EQ(__GFP_KSWAPD_RECLAIM, 0x800);
	CHECK_EQ(__GFP_WRITE, 0x1000);
	CHECK_EQ(__GFP_NOWARN, 0x2000);
	CHECK_EQ(__GFP_RETRY_MAYFAIL, 0x4000);
	CHECK_EQ(__GFP_NOFAIL, 0x8000);
	CHECK_EQ(__GFP_NORETRY, 0x10000);
	CHECK_EQ(__GFP_MEMALLOC, 0x20000);
	CHECK_EQ(__GFP_COMP, 0x40000);
	CHECK_EQ(__GFP_NOMEMALLOC, 0x80000);
	CHECK_EQ(__GFP_HARDWALL, 0x100000);
	CHECK_EQ(__GFP_THISNODE, 0x200000);
	CHECK_EQ(__GFP_ACCOUNT, 0x400000);
	CHECK_EQ(__GFP_BITS_MASK, 0x1ffffff);

	CHECK_EQ(GFP_KERNEL, 0xcc0);
	CHECK_EQ(GFP_ATOMIC, 0xa20);
	CHECK_EQ(GFP_NOWAIT, 0x800);
	CHECK_EQ(GFP_NOIO, 0xc00);
	CHECK_EQ(GFP_NOFS, 0xc40);
	CHECK_EQ(GFP_USER, 0x100cc0);
	CHECK_EQ(GFP_KERNEL_ACCOUNT, 0x400cc0);
	CHECK_EQ(GFP_HIGHUSER, 0x100cc2);
	CHECK_EQ(GFP_HIGHUSER_MOVABLE, 0x100cca);
	CHECK_EQ(GFP_DMA, 0x1);
	CHECK_EQ(GFP_DMA32, 0x4);
	CHECK_EQ(GFP_ZONEMASK, 0xf);
}

/*
 * gfp_zone() for every value of the four zone bits.  -1 marks the
 * GFP_ZONE_BAD combinations (more than one of DMA, DMA32, HIGHMEM): the
 * table holds 0 there, i.e. ZONE_DMA.  HIGHMEM alone has no zone on a
 * 64-bit machine and means NORMAL, MOVABLE alone means NORMAL, and only
 * HIGHMEM | MOVABLE (GFP_HIGHUSER_MOVABLE) reaches ZONE_MOVABLE.
 */
static const int zone_want[16] = {
	[0x0] = ZONE_NORMAL, [0x1] = ZONE_DMA,    [0x2] = ZONE_NORMAL, [0x3] = -1,
	[0x4] = ZONE_DMA32,  [0x5] = -1,          [0x6] = -1,          [0x7] = -1,
	[0x8] = ZONE_NORMAL, [0x9] = ZONE_DMA,    [0xa] = ZONE_MOVABLE, [0xb] = -1,
	[0xc] = ZONE_DMA32,  [0xd] = -1,          [0xe] = -1,          [0xf] = -1,
};

static void test_gfp_zone(void)
{
	unsigned long bad = 0;

	for (gfp_t bits = 0; bits < 16; bits++) {
		int want = zone_want[bits];
		unsigned long before;

		zm_log_reset();
		CHECK_EQ(gfp_zone(bits), want < 0 ? ZONE_DMA : want);
		CHECK_EQ(zm_reports(), want < 0 ? 1 : 0);
		/* The modifier bits never change the zone; a bad mask warns
		 * only the first time. */
		before = zm_reports();
		CHECK_EQ(gfp_zone(bits | GFP_KERNEL), want < 0 ? ZONE_DMA : want);
		CHECK_EQ(gfp_zone(bits | GFP_ATOMIC | __GFP_ZERO | __GFP_NOWARN),
			 want < 0 ? ZONE_DMA : want);
		CHECK_EQ(zm_reports(), before);
		if (want < 0) {
			char hex[16];
			snprintf(hex, sizeof(hex), "%#x", bits);
			CHECK_EQ(zm_log_has("gfp_zone"), 1);
			CHECK(zm_log_has(hex) >= 1);
			CHECK_EQ(zm_log_has("WARNING"), 1);
			bad++;
		}
	}
	CHECK_EQ(bad, 8);
	/* Once warned, a bad combination stays quiet. */
	zm_log_reset();
	for (gfp_t bits = 0; bits < 16; bits++)
		gfp_zone(bits);
	CHECK_EQ(zm_reports(), 0);
	CHECK_EQ(gfp_zone(GFP_KERNEL | __GFP_DMA32), ZONE_DMA32);
	CHECK_EQ(gfp_zone(GFP_ATOMIC | __GFP_DMA), ZONE_DMA);
	CHECK_EQ(gfp_zone(GFP_HIGHUSER_MOVABLE), ZONE_MOVABLE);
	CHECK_EQ(gfp_zone(GFP_HIGHUSER), ZONE_NORMAL);
	CHECK_EQ(ZONE_DMA, 0);
	CHECK_EQ(ZONE_DMA32, 1);
	CHECK_EQ(ZONE_NORMAL, 2);
	CHECK_EQ(ZONE_MOVABLE, 3);
	CHECK_EQ(MAX_NR_ZONES, 4);
}

static void check_name(gfp_t gfp, const char *want)
{
	char buf[512];

	zs_gfp_names(gfp, buf, sizeof(buf));
	CHECK(!strcmp(buf, want));
	if (strcmp(buf, want))
		fprintf(stderr, "  names(%#x) = \"%s\", want \"%s\"\n", gfp, buf, want);
}

static void test_names(void)
{
	char small[8];

	check_name(0x4, "GFP_DMA32");
	check_name(0x1, "GFP_DMA");
	check_name(0xa20, "GFP_ATOMIC");
	check_name(0xcc0, "GFP_KERNEL");
	check_name(0x800, "GFP_NOWAIT");
	check_name(0xc00, "GFP_NOIO");
	check_name(0xc40, "GFP_NOFS");
	check_name(GFP_USER, "GFP_USER");
	check_name(GFP_KERNEL_ACCOUNT, "GFP_KERNEL_ACCOUNT");
	check_name(GFP_HIGHUSER_MOVABLE, "GFP_HIGHUSER_MOVABLE");
	check_name(GFP_KERNEL | __GFP_ZERO, "GFP_KERNEL|__GFP_ZERO");
	check_name(GFP_KERNEL | GFP_DMA32, "GFP_KERNEL|GFP_DMA32");
	check_name(GFP_KERNEL | GFP_DMA32 | __GFP_ZERO, "GFP_KERNEL|GFP_DMA32|__GFP_ZERO");
	check_name(GFP_ATOMIC | __GFP_NOWARN, "GFP_ATOMIC|__GFP_NOWARN");
	check_name(GFP_NOWAIT | __GFP_NOWARN | __GFP_ZERO, "GFP_NOWAIT|__GFP_NOWARN|__GFP_ZERO");
	check_name(__GFP_HIGH, "__GFP_HIGH");
	check_name(__GFP_DIRECT_RECLAIM, "__GFP_DIRECT_RECLAIM");
	check_name(GFP_KERNEL | __GFP_NOFAIL | __GFP_COMP,
		   "GFP_KERNEL|__GFP_NOFAIL|__GFP_COMP");
	check_name(__GFP_RECLAIMABLE | __GFP_ACCOUNT, "__GFP_RECLAIMABLE|__GFP_ACCOUNT");
	/* Bits without a name are printed as hex after the names. */
	check_name(0x4000000, "0x4000000");
	check_name(GFP_KERNEL | 0x4000000, "GFP_KERNEL|0x4000000");
	check_name(GFP_DMA32 | 0x80000000u, "GFP_DMA32|0x80000000");
	/* A short buffer is truncated, never overrun. */
	memset(small, 'x', sizeof(small));
	zs_gfp_names(GFP_KERNEL | __GFP_ZERO, small, 6);
	CHECK_EQ(strlen(small), 5);
	CHECK_EQ(small[6], 'x');
}

/*
 * The names in the failure report: "<comm>: page allocation failure:
 * order:N, mode:0x...(<names>), nodemask=(null)", forced by fault
 * injection, and by a DMA request on a machine without a DMA zone.
 */
static void expect_failure(gfp_t gfp, unsigned int order, const char *mode)
{
	char want[256];

	snprintf(want, sizeof(want), "page allocation failure: order:%u, mode:%s, nodemask=",
		 order, mode);
	zm_log_reset();
	CHECK(alloc_pages(gfp, order) == NULL);
	CHECK_EQ(zm_log_has(want), 1);
	CHECK_EQ(zm_log_has("page allocation failure"), 1);
	if (zm_log_has(want) != 1)
		zm_log_dump(want);
}

static void test_report_names(void)
{
	REQUIRE(zslab_init("memmap=64M@0 memmap=64M@0x100000000 fail_page_alloc=1,100,0,-1") == 0);
	expect_failure(GFP_KERNEL, 0, "0xcc0(GFP_KERNEL)");
	expect_failure(GFP_ATOMIC, 2, "0xa20(GFP_ATOMIC)");
	expect_failure(GFP_NOWAIT, 1, "0x800(GFP_NOWAIT)");
	expect_failure(GFP_KERNEL | GFP_DMA32 | __GFP_ZERO, 3,
		       "0xdc4(GFP_KERNEL|GFP_DMA32|__GFP_ZERO)");
	expect_failure(GFP_KERNEL | __GFP_COMP | __GFP_RETRY_MAYFAIL, 4,
		       "0x44cc0(GFP_KERNEL|__GFP_RETRY_MAYFAIL|__GFP_COMP)");
	/* __GFP_NOWARN silences the report (fault injection still says so). */
	zm_log_reset();
	CHECK(alloc_pages(GFP_KERNEL | __GFP_NOWARN, 0) == NULL);
	CHECK_EQ(zm_log_has("page allocation failure"), 0);
	zslab_exit();

	/* A real failure: no DMA zone on the Chromebook map. */
	REQUIRE(zslab_init("memmap=4G@0x40000000") == 0);
	expect_failure(GFP_KERNEL | GFP_DMA, 0, "0xcc1(GFP_KERNEL|GFP_DMA)");
	/* The report shows the zones, with DMA empty. */
	CHECK_EQ(zm_log_has("Node 0 DMA free:0kB"), 1);
	zslab_exit();
}

int main(void)
{
	zm_watchdog(240);
	zm_log_start();
	test_values();
	test_gfp_zone();
	test_names();
	test_report_names();
	return zt_summary("test_gfp");
}
