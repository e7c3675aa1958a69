/* SPDX-License-Identifier: MIT */
/*
 * test_zone_movable.c - ZONE_MOVABLE as on x86-64: gfp_zone(__GFP_HIGHMEM |
 * __GFP_MOVABLE) names it, and with the zone empty (the default) such a
 * request falls back down the zonelist to Normal, then DMA32; with
 * movablecore= / kernelcore= the top of memory is the Movable zone, which
 * only movable requests use, while every other request stays below it;
 * the option's refusals name it.
 */
#include "zt.h"
#include "zt_mm.h"

static enum zone_type zone_of(struct page *p)
{
	return page_zonenum(p);
}

/* Movable requests with an empty Movable zone: Normal, then DMA32. */
static void test_empty_movable(void)
{
	struct zslab_zone_info zi;
	struct page *p;

	REQUIRE(zslab_init("memmap=4G@0x40000000") == 0);
	CHECK_EQ(zslab_zone_get_info(ZONE_MOVABLE, &zi), 0);
	CHECK_EQ(zi.present, 0);
	p = alloc_pages(GFP_HIGHUSER_MOVABLE, 0);
	REQUIRE(p);
	CHECK_EQ(zone_of(p), ZONE_NORMAL);
	__free_pages(p, 0);
	zslab_exit();
	/* no Normal memory either: DMA32 */
	REQUIRE(zslab_init("memmap=1G@0") == 0);
	p = alloc_pages(GFP_HIGHUSER_MOVABLE, 2);
	REQUIRE(p);
	CHECK_EQ(zone_of(p), ZONE_DMA32);
	__free_pages(p, 2);
	zslab_exit();
}

/* movablecore=: the top of RAM; only movable requests get it. */
static void test_movablecore(void)
{
	struct zslab_zone_info mz, nz;
	struct page *p, *batch[64];

	REQUIRE(zslab_init("memmap=2G@0x100000000 movablecore=512M") == 0);
	REQUIRE(zslab_zone_get_info(ZONE_MOVABLE, &mz) == 0);
	REQUIRE(zslab_zone_get_info(ZONE_NORMAL, &nz) == 0);
	CHECK_EQ(mz.present, 131072);
	CHECK_EQ(mz.start_pfn, 0x100000 + 393216);        /* 4 GiB + 1.5 GiB */
	CHECK_EQ(nz.present, 393216);
	CHECK_EQ(nz.spanned, 393216);
	CHECK(!strcmp(mz.name, "Movable"));
	/* movable requests come from the Movable zone first */
	for (int i = 0; i < 64; i++) {
		batch[i] = alloc_pages(GFP_HIGHUSER_MOVABLE, (unsigned int)(i % 4));
		REQUIRE(batch[i]);
		CHECK_EQ(zone_of(batch[i]), ZONE_MOVABLE);
		CHECK(page_to_phys(batch[i]) >= (0x100000000ULL + (1536ULL << 20)));
	}
	/* nothing else ever lands there */
	p = alloc_pages(GFP_KERNEL, 3);
	CHECK(p && zone_of(p) == ZONE_NORMAL);
	__free_pages(p, 3);
	p = alloc_pages(GFP_HIGHUSER, 0);          /* HIGHMEM alone: Normal */
	CHECK(p && zone_of(p) == ZONE_NORMAL);
	__free_pages(p, 0);
	{
		void *k = kmalloc(16384, GFP_KERNEL | __GFP_MOVABLE);
		CHECK(k && zone_of(virt_to_page(k)) == ZONE_NORMAL);
		kfree(k);
	}
	for (int i = 0; i < 64; i++)
		__free_pages(batch[i], (unsigned int)(i % 4));
	CHECK_EQ(zslab_validate(), 0);
	zslab_exit();
}

/* Once the Movable zone is used up, movable requests fall back to Normal. */
static void test_fallback_when_full(void)
{
	enum { N = 40 };
	struct page *big[N];
	struct page *p;
	int got = 0, movable = 0;

	REQUIRE(zslab_init("memmap=1G@0x100000000 movablecore=64M") == 0);
	for (int i = 0; i < N; i++) {
		big[i] = alloc_pages(GFP_HIGHUSER_MOVABLE | __GFP_NOWARN, MAX_ORDER - 1);
		got += big[i] != NULL;
		movable += big[i] && zone_of(big[i]) == ZONE_MOVABLE;
	}
	CHECK(movable >= 15 && movable <= 16);     /* 64 MiB of 4 MiB blocks, minus watermarks */
	CHECK(got > movable);                       /* the rest from Normal */
	p = alloc_pages(GFP_HIGHUSER_MOVABLE, 0);   /* small ones still fit */
	CHECK(p && zone_of(p) == ZONE_MOVABLE);
	__free_pages(p, 0);
	for (int i = 0; i < N; i++)
		if (big[i])
			__free_pages(big[i], MAX_ORDER - 1);
	CHECK_EQ(zslab_validate(), 0);
	zslab_exit();
}

/* kernelcore=: the kernel keeps that much; a percentage is of all RAM. */
static void test_kernelcore(void)
{
	struct zslab_zone_info mz, nz, dz;

	/* 8 GiB: 4 GiB below 4 GiB count, plus 2 GiB of Normal */
	REQUIRE(zslab_init("kernelcore=75%") == 0);
	zslab_zone_get_info(ZONE_MOVABLE, &mz);
	zslab_zone_get_info(ZONE_NORMAL, &nz);
	zslab_zone_get_info(ZONE_DMA32, &dz);
	CHECK_EQ(nz.present, 524288);
	CHECK_EQ(mz.present, 524288);
	CHECK_EQ(mz.start_pfn, 0x180000);
	CHECK(dz.present > 0);
	zslab_exit();
	/* kernelcore and movablecore: the larger kernel share wins (8G - 1G) */
	REQUIRE(zslab_init("kernelcore=6G movablecore=1G") == 0);
	zslab_zone_get_info(ZONE_MOVABLE, &mz);
	CHECK_EQ(mz.present, 262144);
	zslab_exit();
	/* a kernel share of all RAM, or nothing asked: no Movable zone */
	REQUIRE(zslab_init("kernelcore=100%") == 0);
	zslab_zone_get_info(ZONE_MOVABLE, &mz);
	CHECK_EQ(mz.present, 0);
	zslab_exit();
	REQUIRE(zslab_init("movablecore=0") == 0);
	zslab_zone_get_info(ZONE_MOVABLE, &mz);
	CHECK_EQ(mz.present, 0);
	zslab_exit();
}

static void test_bad_values(void)
{
	static const char *const bad[] = {
		"kernelcore=mirror", "kernelcore=101%", "movablecore=x", "movablecore=%",
		"kernelcore=", "movablecore=-1%",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		zm_log_reset();
		CHECK_EQ(zslab_init(bad[i]), -EINVAL);
		CHECK_EQ(zm_reports(), 1);
		CHECK_EQ(zm_log_has(strchr(bad[i], 'k') == bad[i] ? "kernelcore" : "movablecore"), 1);
	}
	zm_log_reset();
}

int main(void)
{
	zm_watchdog(120);
	zm_log_start();
	test_empty_movable();
	test_movablecore();
	test_fallback_when_full();
	test_kernelcore();
	test_bad_values();
	return zt_summary("test_zone_movable");
}
