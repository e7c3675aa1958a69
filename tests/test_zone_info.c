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

/* zslab_shrink_all() gives every empty slab of every cache back. */
static void test_shrink_all(void)
{
	struct kmem_cache *a, *b;
	void *obj[2][NR];
	unsigned long before, before_dma32;

	REQUIRE(zslab_init("memmap=4G@0x40000000") == 0);
	/* The slab layer's own metadata (cache structures, this thread's
	 * sheaves) stays once made: make it before the snapshot. */
	REQUIRE((a = kmem_cache_create("zi-warmup", 512, 0, 0, NULL)));
	for (int i = 0; i < NR; i++)
		REQUIRE((obj[0][i] = kmem_cache_alloc(a, GFP_KERNEL)));
	for (int i = 0; i < NR; i++)
		kmem_cache_free(a, obj[0][i]);
	kmem_cache_destroy(a);
	zslab_shrink_all();
	before_dma32 = info(ZONE_DMA32).allocated;
	before = before_dma32 + info(ZONE_NORMAL).allocated;
	REQUIRE((a = kmem_cache_create("zi-a", 512, 0, SLAB_CACHE_DMA32, NULL)));
	REQUIRE((b = kmem_cache_create("zi-b", 700, 0, SLAB_NO_MERGE, NULL)));
	for (int i = 0; i < NR; i++) {
		REQUIRE((obj[0][i] = kmem_cache_alloc(a, GFP_KERNEL)));
		REQUIRE((obj[1][i] = kmem_cache_alloc(b, GFP_KERNEL)));
	}
	CHECK(info(ZONE_DMA32).allocated + info(ZONE_NORMAL).allocated > before + 60);
	for (int i = 0; i < NR; i++) {
		kmem_cache_free(a, obj[0][i]);
		kmem_cache_free(b, obj[1][i]);
	}
	zslab_shrink_all();
	/* the empty slabs are gone: DMA32 held only zi-a's slabs; Normal
	 * keeps the two caches' structures and sheaves, a few pages */
	CHECK_EQ(info(ZONE_DMA32).allocated, before_dma32);
	CHECK(info(ZONE_NORMAL).allocated <= before - before_dma32 + 4);
	kmem_cache_destroy(a);
	kmem_cache_destroy(b);
	zslab_shrink_all();
	/* this thread keeps its two detached sheaves for the caches that
	 * take those ids next: a page or two, never more */
	CHECK(info(ZONE_DMA32).allocated + info(ZONE_NORMAL).allocated <= before + 2);
	zslab_exit();
}

static void test_bad_arguments(void)
{
	struct zslab_zone_info zi;

	CHECK_EQ(zslab_zone_get_info(ZONE_DMA32, NULL), -EINVAL);
	CHECK_EQ(zslab_zone_get_info(MAX_NR_ZONES, &zi), -EINVAL);
	CHECK_EQ(zslab_zone_get_info(ZONE_MOVABLE, &zi), 0);
	CHECK(!strcmp(zi.name, "Movable") && zi.present == 0);
	CHECK_EQ(zslab_zone_get_info((enum zone_type)-1, &zi), -EINVAL);
	CHECK_EQ(zslab_zone_get_info(ZONE_NORMAL, &zi), 0);
	zslab_exit();
}

int main(void)
{
	test_chromebook_counts();
	test_shrink_all();
	test_bad_arguments();
	return zt_summary("test_zone_info");
}
