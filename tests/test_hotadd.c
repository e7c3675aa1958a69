/* SPDX-License-Identifier: MIT */
/*
 * test_hotadd - issue 12, direction 10: no fixed RAM ceiling.  When Normal
 * (and what lies below it) runs out, the page allocator hot-adds a RAM
 * range above the top of RAM and onlines it into ZONE_NORMAL, as the
 * kernel's add_memory() and online_pages() do, up to ram_max=.  A small
 * configured machine (64 MiB, no Normal at all) then serves 900 MiB of
 * GFP_KERNEL pages and kmalloc objects; DMA32 requests never grow it; at
 * ram_max= allocation fails cleanly; without ram_max= a machine described
 * by memmap= does not grow.  Every page stays translatable both ways and
 * zslab_validate() holds after every step.
 */
#include "zt.h"
#include "zt_rlog.h"
#include "mm/mm_internal.h"

#define MIB (1UL << 20)
#define ORDER 9                                 /* 2 MiB blocks */
#define MAX_BLOCKS 1024

static struct page *blocks[MAX_BLOCKS];

/* Take 2 MiB blocks into blocks[@n ...] with @gfp until @want bytes in
 * all or a failure; returns how many blocks[] holds then. */
static unsigned int take_more(unsigned int n, gfp_t gfp, size_t want)
{
	while (n < MAX_BLOCKS && (size_t)n << (ORDER + PAGE_SHIFT) < want) {
		struct page *p = alloc_pages(gfp | __GFP_NOWARN, ORDER);
		if (!p)
			break;
		*(volatile char *)page_address(p) = 1;
		blocks[n++] = p;
	}
	return n;
}

static unsigned int take(gfp_t gfp, size_t want)
{
	return take_more(0, gfp, want);
}

static void give_back(unsigned int n)
{
	while (n)
		__free_pages(blocks[--n], ORDER);
}

static unsigned long ram_pages(void)
{
	unsigned long n = 0;

	for (unsigned int r = 0; r < zs_nr_ranges; r++)
		n += zs_ranges[r].pfn_end - zs_ranges[r].pfn_start;
	return n;
}

static void test_grows(void)
{
	unsigned int n, above = 0;
	void *objs[2048];

	rlog_reset();
	REQUIRE(zslab_init("memmap=64M@0 ram_max=1G") == 0);
	CHECK_EQ(zs_zones[ZONE_NORMAL].present_pages, 0);
	n = take(GFP_KERNEL, 900 * MIB);
	CHECK_EQ(n, 450);                         /* 900 MiB from a 64 MiB machine */
	CHECK(zs_nr_ranges >= 2);
	CHECK(zs_zones[ZONE_NORMAL].present_pages > 0);
	CHECK(zs_ranges[1].pfn_start << PAGE_SHIFT >= 4ull << 30);   /* above DMA32 */
	CHECK(rlog_count("onlined into Normal") >= 1);
	for (unsigned int i = 0; i < n; i++) {
		phys_addr_t phys = page_to_phys(blocks[i]);
		above += phys >= (4ull << 30);
		CHECK(phys_to_virt(phys) == page_address(blocks[i]));
		CHECK(virt_to_page(page_address(blocks[i])) == blocks[i]);
		CHECK_EQ(page_zonenum(blocks[i]), phys >= (4ull << 30) ? ZONE_NORMAL : page_zonenum(blocks[i]));
	}
	CHECK(above > 400);
	CHECK_EQ(zslab_validate(), 0);
	/* kmalloc rides on it too */
	for (unsigned int i = 0; i < 2048; i++) {
		objs[i] = kmalloc(4096, GFP_KERNEL);
		CHECK(objs[i] != NULL);
	}
	/* ram_max=1G: the machine stops there, and allocation fails cleanly */
	n = take_more(n, GFP_KERNEL, 2048 * MIB);
	CHECK(ram_pages() <= (1UL << 30) >> PAGE_SHIFT);
	CHECK(n < 512);
	printf("test_hotadd: %u ranges, %lu MiB of RAM, %u blocks of 2 MiB at the ceiling\n",
	       zs_nr_ranges, ram_pages() >> (20 - PAGE_SHIFT), n);
	CHECK_EQ(zslab_validate(), 0);
	for (unsigned int i = 0; i < 2048; i++)
		kfree(objs[i]);
	give_back(n);
	zslab_shrink_all();
	CHECK_EQ(zslab_validate(), 0);
	CHECK_EQ(atomic_load(&zs_zones[ZONE_NORMAL].nr_free),
		 (long)zs_zones[ZONE_NORMAL].managed_pages);
	zslab_exit();
}

static void test_dma32_does_not_grow(void)
{
	unsigned int n;

	REQUIRE(zslab_init("memmap=64M@0 ram_max=1G") == 0);
	n = take(GFP_DMA32, 900 * MIB);
	CHECK(n < 32);
	CHECK_EQ(zs_nr_ranges, 1);
	give_back(n);
	zslab_exit();
}

static void test_described_machine_stays(void)
{
	unsigned int n;

	rlog_reset();
	REQUIRE(zslab_init("memmap=64M@0") == 0);
	n = take(GFP_KERNEL, 900 * MIB);
	CHECK(n < 32);
	CHECK_EQ(zs_nr_ranges, 1);
	CHECK_EQ(rlog_count("hot-add"), 0);
	give_back(n);
	zslab_exit();
}

int main(void)
{
	zslab_set_report_hook(rlog_hook, NULL);
	test_grows();
	test_dma32_does_not_grow();
	test_described_machine_stays();
	return zt_summary("test_hotadd");
}
