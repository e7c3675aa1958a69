/* SPDX-License-Identifier: MIT */
/*
 * watermark.c - min/low/high watermarks, lowmem_reserve and per-thread
 * list sizes, computed at boot as the kernel computes them, and the
 * watermark check (__zone_watermark_ok).
 */
#include "mm/page_alloc.h"

/* sysctl_lowmem_reserve_ratio defaults, per zone. */
static const unsigned long lowmem_reserve_ratio[MAX_NR_ZONES] = {
	[ZONE_DMA] = 256, [ZONE_DMA32] = 256, [ZONE_NORMAL] = 32, [ZONE_MOVABLE] = 0
};

static unsigned long int_sqrt(unsigned long x)
{
	unsigned long r = 0, bit = 1UL << 62;

	while (bit > x)
		bit >>= 2;
	while (bit) {
		if (x >= r + bit) {
			x -= r + bit;
			r = (r >> 1) + bit;
		} else {
			r >>= 1;
		}
		bit >>= 2;
	}
	return r;
}

/* Pages of the zones that are not ZONE_MOVABLE (x86-64 has no HIGHMEM). */
static unsigned long lowmem_pages(void)
{
	unsigned long n = 0;

	for (unsigned int z = 0; z < MAX_NR_ZONES; z++)
		if (z != ZONE_MOVABLE)
			n += __atomic_load_n(&zs_zones[z].managed_pages, __ATOMIC_RELAXED);
	return n;
}

/* min_free_kbytes = int_sqrt(lowmem_kbytes * 16), clamped to [128, 65536]. */
static unsigned long min_free_kbytes(void)
{
	unsigned long kb;

	if (zs_config.min_free_kbytes >= 0)
		return (unsigned long)zs_config.min_free_kbytes;
	kb = int_sqrt(lowmem_pages() * (PAGE_SIZE >> 10) * 16);
	if (kb < 128)
		kb = 128;
	if (kb > 65536)
		kb = 65536;
	return kb;
}

/*
 * min is the zone's share of pages_min; ZONE_MOVABLE (like HIGHMEM) gets
 * clamp(managed / 1024, 32, 128) instead, since the reserves __GFP_HIGH
 * and PF_MEMALLOC dip into are never movable.
 */
static void setup_zone_marks(struct zone *z, unsigned long pages_min,
			     unsigned long lowmem)
{
	unsigned long managed = __atomic_load_n(&z->managed_pages, __ATOMIC_RELAXED);
	unsigned long share = lowmem ? pages_min * managed / lowmem : 0;
	unsigned long tmp = managed * zs_config.watermark_scale_factor / 10000;
	unsigned long min = share;

	if (z == &zs_zones[ZONE_MOVABLE]) {
		min = managed / 1024;
		min = min < 32 ? 32 : min > 128 ? 128 : min;   /* SWAP_CLUSTER_MAX */
	}
	if (tmp < share / 4)
		tmp = share / 4;
	/* relaxed stores: memory hot-add moves the marks beside readers */
	__atomic_store_n(&z->watermark[WMARK_MIN], min, __ATOMIC_RELAXED);
	__atomic_store_n(&z->watermark[WMARK_LOW], min + tmp, __ATOMIC_RELAXED);
	__atomic_store_n(&z->watermark[WMARK_HIGH], min + 2 * tmp, __ATOMIC_RELAXED);
}

static void setup_lowmem_reserve(void)
{
	for (unsigned int lo = 0; lo < MAX_NR_ZONES; lo++) {
		unsigned long managed = 0;
		struct zone *z = &zs_zones[lo];
		for (unsigned int hi = lo + 1; hi < MAX_NR_ZONES; hi++) {
			managed += __atomic_load_n(&zs_zones[hi].managed_pages, __ATOMIC_RELAXED);
			__atomic_store_n(&z->lowmem_reserve[hi], lowmem_reserve_ratio[lo] ?
					 (long)(managed / lowmem_reserve_ratio[lo]) : 0,
					 __ATOMIC_RELAXED);
		}
	}
}

/* zone_batchsize(): about 1/1024 of the zone, at most 256 KiB, 2^n - 1. */
static void setup_pcp_sizes(struct zone *z)
{
	unsigned long batch = z->managed_pages / 1024;

	if (batch * PAGE_SIZE > 1024 * 1024)
		batch = (1024 * 1024) / PAGE_SIZE;
	batch /= 4;
	if (batch < 1)
		batch = 1;
	batch = (1UL << (63 - __builtin_clzl(batch + batch / 2))) - 1;
	z->pcp_batch = (unsigned int)batch;
	z->pcp_high = batch > 1 ? (unsigned int)(6 * batch) : 0;
}

void zs_setup_watermarks(void)
{
	unsigned long lowmem = lowmem_pages();
	unsigned long pages_min = min_free_kbytes() >> (PAGE_SHIFT - 10);

	for (unsigned int z = 0; z < MAX_NR_ZONES; z++) {
		setup_zone_marks(&zs_zones[z], pages_min, lowmem);
		setup_pcp_sizes(&zs_zones[z]);
	}
	setup_lowmem_reserve();
}

void zs_update_watermarks(void)
{
	unsigned long lowmem = lowmem_pages();
	unsigned long pages_min = min_free_kbytes() >> (PAGE_SHIFT - 10);

	for (unsigned int z = 0; z < MAX_NR_ZONES; z++)
		setup_zone_marks(&zs_zones[z], pages_min, lowmem);
	setup_lowmem_reserve();
}

bool zs_zone_watermark_ok(struct zone *z, unsigned int order,
			  unsigned long mark, enum zone_type classzone,
			  unsigned int alloc_flags)
{
	long free = atomic_load_explicit(&z->nr_free, memory_order_relaxed);
	long min = (long)mark;

	free -= (1L << order) - 1;
	if (alloc_flags & ALLOC_HIGH)
		min -= min / 2;
	if (alloc_flags & ALLOC_HARDER)
		min -= min / 4;
	if (free <= min + __atomic_load_n(&z->lowmem_reserve[classzone], __ATOMIC_RELAXED))
		return false;
	if (!order)
		return true;
	for (unsigned int o = order; o < MAX_ORDER; o++)
		if (__atomic_load_n(&z->free_area[o].nr_free, __ATOMIC_RELAXED) ||
		    __atomic_load_n(&z->fresh_nr[o], __ATOMIC_RELAXED))
			return true;
	return false;
}
