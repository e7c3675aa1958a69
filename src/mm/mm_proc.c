/* SPDX-License-Identifier: MIT */
/*
 * mm_proc.c - /proc/buddyinfo, /proc/zoneinfo and /proc/iomem views of
 * the page allocator, in the kernel's formats.
 */
#include <stdio.h>

#include "mm/mm_proc.h"
#include "mm/page_alloc.h"

/* Free blocks of @order in @z: listed ones plus never-used ones. */
static unsigned long free_blocks(const struct zone *z, unsigned int order)
{
	return __atomic_load_n(&z->free_area[order].nr_free, __ATOMIC_RELAXED) +
	       __atomic_load_n(&z->fresh_nr[order], __ATOMIC_RELAXED);
}

void zs_show_buddyinfo(FILE *out)
{
	for (unsigned int zi = 0; zi < MAX_NR_ZONES; zi++) {
		const struct zone *z = &zs_zones[zi];
		if (!z->present_pages)
			continue;
		fprintf(out, "Node %d, zone %8s ", 0, z->name);
		for (unsigned int o = 0; o < MAX_ORDER; o++)
			fprintf(out, "%6lu ", free_blocks(z, o));
		fputc('\n', out);
	}
}

unsigned long zs_buddyinfo_count(unsigned int zone, unsigned int order)
{
	return free_blocks(&zs_zones[zone], order);
}

static void show_protection(FILE *out, const struct zone *z)
{
	fprintf(out, "        protection: (");
	for (unsigned int i = 0; i < MAX_NR_ZONES; i++)
		fprintf(out, "%s%ld", i ? ", " : "", z->lowmem_reserve[i]);
	fprintf(out, ")\n");
}

atomic_long zs_node_stat[NR_NODE_STATS];

static const char *const node_stat_names[NR_NODE_STATS] = {
	"nr_slab_reclaimable", "nr_slab_unreclaimable",
};

/* The node's counters, printed after its first populated zone's header. */
static void show_node_stats(FILE *out)
{
	fprintf(out, "\n  per-node stats");
	for (unsigned int i = 0; i < NR_NODE_STATS; i++)
		fprintf(out, "\n      %-12s %ld", node_stat_names[i],
			atomic_load(&zs_node_stat[i]));
}

static unsigned int first_populated_zone(void)
{
	unsigned int zi = 0;

	while (zi < MAX_NR_ZONES - 1 && !zs_zones[zi].present_pages)
		zi++;
	return zi;
}

static void show_zone(FILE *out, unsigned int zi)
{
	const struct zone *z = &zs_zones[zi];
	long nr_free = atomic_load(&z->nr_free);

	fprintf(out, "Node %d, zone %8s", 0, z->name);
	if (zi == first_populated_zone())
		show_node_stats(out);
	fprintf(out, "\n  pages free     %ld\n        min      %lu\n        low      %lu\n        high     %lu\n        spanned  %lu\n        present  %lu\n        managed  %lu\n",
		nr_free, z->watermark[WMARK_MIN], z->watermark[WMARK_LOW],
		z->watermark[WMARK_HIGH], z->spanned_pages, z->present_pages,
		z->managed_pages);
	show_protection(out, z);
	if (!z->present_pages)
		return;
	fprintf(out, "      %-12s %ld\n", "nr_free_pages", nr_free);
	fprintf(out, "      %-12s %lu\n", "numa_hit", zs_alloc_hit_sum(zi));
	fprintf(out, "      %-12s %ld\n", "nr_zslab", atomic_load(&z->nr_zslab));
	fprintf(out, "  pagesets\n");
	zs_pcp_show(zi, out);
	fprintf(out, "  node_unreclaimable:  %u\n", 0u);
	fprintf(out, "  start_pfn:           %lu\n", z->zone_start_pfn);
}

void zs_show_zoneinfo(FILE *out)
{
	for (unsigned int zi = 0; zi < MAX_NR_ZONES; zi++)
		show_zone(out, zi);
}

void zs_show_iomem(FILE *out)
{
	for (unsigned int r = 0; r < zs_nr_ranges; r++)
		fprintf(out, "%08lx-%08lx : System RAM%s\n",
			zs_ranges[r].pfn_start << PAGE_SHIFT,
			(zs_ranges[r].pfn_end << PAGE_SHIFT) - 1,
			zs_ranges[r].owned ? "" : " (caller's buffer)");
}
