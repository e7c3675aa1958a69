/* SPDX-License-Identifier: MIT */
/*
 * zslab-demo - boot the machine of the DMA32 bug report (an arm64
 * Chromebook: 4 GiB of RAM at physical 1 GiB, so 3 GiB of DMA32 and 1 GiB
 * of Normal above 4 GiB), run a short mixed workload, and show where the
 * memory came from: the memory map, the zones and buddyinfo.  Then make
 * 4096 IOMMU level-2 tables (1 KiB each) from a plain cache and from a
 * SLAB_CACHE_DMA32 cache, and count how many a 32-bit IOMMU could reach.
 */
#include <stdio.h>
#include <stdlib.h>
#include <zslab/zslab.h>

#define NR_BLOCKS 4096

struct block {
	struct page *page;
	unsigned int order;
	gfp_t gfp;
};

static const struct {
	gfp_t gfp;
	const char *name;
} kinds[] = {
	{ GFP_KERNEL, "GFP_KERNEL" },
	{ GFP_KERNEL | GFP_DMA32, "GFP_KERNEL|GFP_DMA32" },
};
#define NR_KINDS (int)(sizeof(kinds) / sizeof(kinds[0]))

static unsigned long rnd(unsigned long *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void where(const struct block *b, unsigned long count[NR_KINDS][3])
{
	for (int k = 0; k < NR_KINDS; k++)
		if (kinds[k].gfp == b->gfp)
			count[k][page_zonenum(b->page)]++;
}

#define NR_TABLES 4096

/* Allocate NR_TABLES 1 KiB tables from @s; count those at or above 4 GiB. */
static unsigned long tables_above_4g(struct kmem_cache *s, void **t)
{
	unsigned long high = 0;

	for (int i = 0; i < NR_TABLES; i++) {
		t[i] = kmem_cache_zalloc(s, GFP_KERNEL);
		if (t[i] && virt_to_phys(t[i]) >= (1ULL << 32))
			high++;
	}
	return high;
}

static void free_tables(struct kmem_cache *s, void **t)
{
	for (int i = 0; i < NR_TABLES; i++)
		kmem_cache_free(s, t[i]);
	kmem_cache_destroy(s);
}

/* The bug and the fix: where 1 KiB IOMMU level-2 tables land. */
static void show_l2_tables(void)
{
	static void *plain_t[NR_TABLES], *dma32_t[NR_TABLES];
	struct kmem_cache *plain = kmem_cache_create("l2_plain", 1024, 1024, 0, NULL);
	struct kmem_cache *dma32 = kmem_cache_create("io-pgtable_armv7s_l2", 1024, 1024,
						     SLAB_CACHE_DMA32, NULL);
	unsigned long hp = tables_above_4g(plain, plain_t);
	unsigned long hd = tables_above_4g(dma32, dma32_t);

	printf("\n%d IOMMU level-2 tables of 1 KiB (descriptors hold 32-bit addresses):\n",
	       NR_TABLES);
	printf("  %-36s %5lu above 4 GiB: the IOMMU would fault\n",
	       "plain kmem cache (the 4.19 bug):", hp);
	printf("  %-36s %5lu above 4 GiB\n", "SLAB_CACHE_DMA32 cache (the fix):", hd);
	free_tables(plain, plain_t);
	free_tables(dma32, dma32_t);
}

int main(int argc, char **argv)
{
	const char *cmdline = argc > 1 ? argv[1] : "memmap=4G@0x40000000";
	static struct block blocks[NR_BLOCKS];
	unsigned long count[NR_KINDS][3] = { { 0 } }, seed = 42;

	if (zslab_init(cmdline)) {
		fprintf(stderr, "zslab-demo: cannot boot with \"%s\"\n", cmdline);
		return 1;
	}
	printf("zslab: booted \"%s\"\n\n/proc/iomem\n", cmdline);
	zslab_proc_show("iomem", stdout);

	for (int i = 0; i < NR_BLOCKS; i++) {
		struct block *b = &blocks[i];
		b->gfp = kinds[rnd(&seed) % NR_KINDS].gfp;
		b->order = (unsigned int)(rnd(&seed) % 4);
		b->page = alloc_pages(b->gfp, b->order);
		if (b->page)
			where(b, count);
		if (b->page && rnd(&seed) % 3 == 0) {   /* churn: free a third */
			__free_pages(b->page, b->order);
			b->page = NULL;
		}
	}
	printf("\n%d allocations of orders 0-3; the zone each request was served from:\n", NR_BLOCKS);
	printf("  %-22s %8s %8s %8s\n", "request", "DMA", "DMA32", "Normal");
	for (int k = 0; k < NR_KINDS; k++)
		printf("  %-22s %8lu %8lu %8lu\n", kinds[k].name,
		       count[k][ZONE_DMA], count[k][ZONE_DMA32], count[k][ZONE_NORMAL]);
	printf("\nGFP_KERNEL prefers Normal (above 4 GiB): that preference is why\n"
	       "IOMMU page tables need SLAB_CACHE_DMA32.\n\n/proc/zoneinfo (summary)\n");
	zslab_proc_show("zoneinfo", stdout);
	show_l2_tables();
	printf("\n/proc/buddyinfo\n");
	zslab_proc_show("buddyinfo", stdout);
	for (int i = 0; i < NR_BLOCKS; i++)
		if (blocks[i].page)
			__free_pages(blocks[i].page, blocks[i].order);
	long bad = zslab_validate();
	printf("\nall blocks freed; validator: %ld problem(s)\n", bad);
	zslab_exit();
	return bad ? 1 : 0;
}
