/* SPDX-License-Identifier: MIT */
/*
 * mm_validate.c - check the invariants stated in mm_internal.h and
 * pcp.c.  Each problem is reported; the count is returned.  Callers make
 * sure no other thread allocates meanwhile.
 */
#include "common/report.h"
#include "mm/mm_proc.h"
#include "mm/page_alloc.h"

static long problem(const struct zone *z, const char *what, unsigned long pfn,
		    unsigned int order)
{
	zs_report(ZS_BUG, "zslab: validate: zone %s: %s (pfn %#lx order %u)",
		  z->name, what, pfn, order);
	return 1;
}

/* Check one free block; add its dirty pages to *dirty. */
static long check_block(const struct zone *z, unsigned int zi,
			const struct page *page, unsigned int o,
			unsigned long *dirty)
{
	unsigned long pfn = zs_page_to_pfn(page), n = 1UL << o;
	int r = zs_range_of_pfn(pfn);
	long bad = 0;

	if (!(page->flags & PG_buddy) || page->order != o || page->zone != zi)
		bad += problem(z, "listed block has wrong flags, order or zone", pfn, o);
	if (pfn & (n - 1))
		bad += problem(z, "block not aligned to its order", pfn, o);
	if (r < 0 || page->range != r || pfn + n > zs_ranges[r].pfn_end)
		bad += problem(z, "block not inside one RAM range", pfn, o);
	if (zs_pfn_zone(pfn) != zi || zs_pfn_zone(pfn + n - 1) != zi)
		bad += problem(z, "block outside its zone", pfn, o);
	for (unsigned long i = 1; i < n && !bad; i++)
		if (page[i].flags & (PG_buddy | PG_head | PG_pcp | PG_slab))
			bad += problem(z, "free block overlaps another block", pfn + i, o);
	if (!bad && o < MAX_ORDER - 1) {
		unsigned long b = pfn ^ n;
		if (b >= zs_ranges[r].pfn_start && b < zs_ranges[r].pfn_end) {
			const struct page *buddy = page + ((long)b - (long)pfn);
			if ((buddy->flags & PG_buddy) && buddy->order == o && buddy->zone == zi)
				bad += problem(z, "free block and its free buddy did not merge", pfn, o);
		}
	}
	if (!(page->flags & PG_clean) && r >= 0 && zs_ranges[r].owned)
		*dirty += n;
	return bad;
}

static long check_fresh(const struct zone *z)
{
	unsigned long nr[MAX_ORDER] = { 0 };
	long bad = 0;

	for (unsigned int i = z->fresh_idx; i < z->nr_fresh; i++)
		for (unsigned long pfn = z->fresh[i].start; pfn < z->fresh[i].end;) {
			unsigned int o = zs_block_order(pfn, z->fresh[i].end);
			nr[o]++;
			pfn += 1UL << o;
		}
	for (unsigned int o = 0; o < MAX_ORDER; o++)
		if (nr[o] != z->fresh_nr[o])
			bad += problem(z, "fresh block count differs from its spans", 0, o);
	return bad;
}

static long check_zone(unsigned int zi)
{
	struct zone *z = &zs_zones[zi];
	unsigned long pages = 0, dirty = 0;
	long bad;

	zs_spin_lock(&z->lock);
	bad = check_fresh(z);
	for (unsigned int o = 0; o < MAX_ORDER; o++) {
		unsigned long listed = 0;
		struct list_head *pos;
		list_for_each(pos, &z->free_area[o].list) {
			bad += check_block(z, zi, container_of(pos, struct page, lru), o, &dirty);
			listed++;
		}
		if (listed != z->free_area[o].nr_free)
			bad += problem(z, "free_area count differs from its list", 0, o);
		pages += (listed + z->fresh_nr[o]) << o;
	}
	if (pages != (unsigned long)atomic_load(&z->nr_free))
		bad += problem(z, "nr_free differs from the free lists", 0, 0);
	if (dirty != z->nr_dirty)
		bad += problem(z, "nr_dirty differs from the dirty free blocks", 0, 0);
	zs_spin_unlock(&z->lock);
	return bad;
}

long zs_mm_validate(void)
{
	long bad = 0;

	for (unsigned int zi = 0; zi < MAX_NR_ZONES; zi++) {
		struct zone *z = &zs_zones[zi];
		bad += check_zone(zi);
		long pcp = zs_pcp_walk_count(zi);
		long alloc = zs_alloc_count_sum(zi);
		long total = atomic_load(&z->nr_free) + pcp + alloc;
		if (total != (long)z->managed_pages) {
			zs_report(ZS_BUG, "zslab: validate: zone %s: free %ld + per-thread %ld + allocated %ld != managed %lu",
				  z->name, atomic_load(&z->nr_free), pcp, alloc, z->managed_pages);
			bad++;
		}
	}
	return bad;
}
