/* SPDX-License-Identifier: MIT */
/*
 * mm_stats.c - zslab_zone_get_info(): a zone's page counts as data.
 */
#include <errno.h>

#include <zslab/zslab.h>

#include "common/lazy_boot.h"
#include "mm/mm_internal.h"
#include "mm/page_alloc.h"

/* Pages on per-thread lists, from their counters (no list walk). */
static unsigned long zone_cached(const struct zone *z, long free, long allocated)
{
	long cached = (long)z->managed_pages - free - allocated;

	return cached > 0 ? (unsigned long)cached : 0;
}

int zslab_zone_get_info(enum zone_type zone, struct zslab_zone_info *out)
{
	const struct zone *z;
	unsigned long dirty;
	long free, allocated;

	if (!out || (unsigned int)zone >= MAX_NR_ZONES)
		return -EINVAL;
	zs_lazy_boot();
	z = &zs_zones[zone];
	zs_spin_lock(&zs_zones[zone].lock);   /* nr_dirty changes under it */
	dirty = zs_zones[zone].nr_dirty;
	zs_spin_unlock(&zs_zones[zone].lock);
	free = atomic_load(&z->nr_free);
	allocated = zs_alloc_count_sum(zone);
	*out = (struct zslab_zone_info){
		.name = z->name,
		.start_pfn = z->zone_start_pfn,
		.spanned = z->spanned_pages,
		.present = z->present_pages,
		.managed = z->managed_pages,
		.free = (unsigned long)free,
		.cached = zone_cached(z, free, allocated),
		.allocated = allocated > 0 ? (unsigned long)allocated : 0,
		.dirty = dirty,
		.zslab = (unsigned long)atomic_load(&z->nr_zslab),
	};
	return 0;
}
