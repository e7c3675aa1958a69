/* SPDX-License-Identifier: MIT */
/*
 * test_zone_info.c - zslab_zone_get_info(): the counts follow allocations
 * and frees, agree with the zone sizes of the memory map, keep
 * free + cached + allocated == managed, and refuse bad arguments.
 */
#include "zt.h"

#define NR 300

static struct zslab_zone_info info(enum zone_type z)
{
	struct zslab_zone_info zi;

	REQUIRE(zslab_zone_get_info(z, &zi) == 0);
	return zi;
}

static void check_sum(enum zone_type z)
{
	struct zslab_zone_info zi = info(z);

	CHECK_EQ(zi.free + zi.cached + zi.allocated, zi.managed);
}

static void test_chromebook_counts(void)
{
	struct page *pg[NR];
	struct zslab_zone_info before, during, after;
	unsigned long normal;

	REQUIRE(zslab_init("memmap=4G@0x40000000") == 0);
	before = info(ZONE_DMA32);
	CHECK(!strcmp(before.name, "DMA32"));
	CHECK_EQ(before.present, (3UL << 30) / PAGE_SIZE);
	CHECK_EQ(before.start_pfn, (1UL << 30) / PAGE_SIZE);
	CHECK_EQ(info(ZONE_NORMAL).present, (1UL << 30) / PAGE_SIZE);
	CHECK_EQ(info(ZONE_DMA).present, 0);
	CHECK_EQ(before.allocated, 0);
	check_sum(ZONE_DMA32);
	normal = info(ZONE_NORMAL).allocated;   /* the boot caches' slabs */

	for (int i = 0; i < NR; i++)
		REQUIRE((pg[i] = alloc_pages(GFP_KERNEL | GFP_DMA32, 1)));
	during = info(ZONE_DMA32);
	CHECK_EQ(during.allocated, before.allocated + 2 * NR);
	CHECK_EQ(info(ZONE_NORMAL).allocated, normal);
	check_sum(ZONE_DMA32);

	for (int i = 0; i < NR; i++)
		__free_pages(pg[i], 1);
	after = info(ZONE_DMA32);
	CHECK_EQ(after.allocated, before.allocated);
	check_sum(ZONE_DMA32);
	zslab_exit();
}

static void test_bad_arguments(void)
{
	struct zslab_zone_info zi;

	CHECK_EQ(zslab_zone_get_info(ZONE_DMA32, NULL), -EINVAL);
	CHECK_EQ(zslab_zone_get_info(ZONE_HIGHMEM, &zi), -EINVAL);
	CHECK_EQ(zslab_zone_get_info((enum zone_type)-1, &zi), -EINVAL);
	CHECK_EQ(zslab_zone_get_info(ZONE_NORMAL, &zi), 0);
	zslab_exit();
}

int main(void)
{
	test_chromebook_counts();
	test_bad_arguments();
	return zt_summary("test_zone_info");
}
