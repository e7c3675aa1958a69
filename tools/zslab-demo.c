/* SPDX-License-Identifier: MIT */
/*
 * zslab-demo - boot the machine of the DMA32 bug report (an arm64
 * Chromebook: 4 GiB of RAM at physical 1 GiB, so 3 GiB of DMA32 and 1 GiB
 * of Normal above 4 GiB), run a short mixed workload, and show where the
 * memory came from: the memory map, the zones and buddyinfo.
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
