/* SPDX-License-Identifier: MIT */
/*
 * buddy.c - one zone's buddy free lists (see buddy.h): free areas, split
 * (expand), merge, the carving of never-used ("fresh") memory, and the
 * purge policy.  Everything here runs under the zone's lock.
 *
 * Host memory: a freed block is "dirty" (its host pages hold old data).
 * Dirty free memory goes back to the OS (madvise), largest blocks first:
 *  - at once, down to DIRTY_LOW, when a zone holds more than DIRTY_HIGH;
 *  - down to DIRTY_LOW when it has stayed above DIRTY_LOW for DIRTY_DECAY_NS
 *    (checked on frees, like jemalloc's decay without a background thread);
 *  - all of it on zs_mm_release_free() (kmem_cache_shrink calls it).
 * Keeping a little dirty memory matters: a slab freed and made again at
 * once would otherwise pay a page fault per page.  Blocks whose memory is
 * known to read as zero carry PG_clean, and __GFP_ZERO skips clearing them.
 */
#include "common/assert.h"
#include "host/host.h"
#include "mm/buddy.h"

#define DIRTY_LOW  512UL     /* pages: 2 MiB of freed memory kept resident */
#define DIRTY_HIGH 16384UL   /* pages: above 64 MiB, give back at once */
#define DIRTY_DECAY_NS 1000000000ull

/*
 * The block invariant of mm_internal.h, for a block about to go on a free
 * list: 2^order aligned in pfn, inside one range and one zone, not free
 * already.
 */
static bool block_ok(const struct zone *z, const struct page *page,
		     unsigned int order)
{
	const struct zs_ram_range *r = &zs_ranges[page->range];
	unsigned long pfn = r->pfn_start + (unsigned long)(page - zs_mem_map) - r->idx_start;
	unsigned long n = 1UL << order;

	return !(pfn & (n - 1)) && pfn + n <= r->pfn_end &&
	       page->zone == (uint8_t)(z - zs_zones) &&
	       zs_pfn_zone(pfn) == page->zone && zs_pfn_zone(pfn + n - 1) == page->zone &&
	       !(pg_flags(page) & (PG_buddy | PG_pcp));
}

static void area_add(struct zone *z, struct page *page, unsigned int order,
		     bool clean)
{
	struct free_area *area = &z->free_area[order];

	zs_assert(order < MAX_ORDER && block_ok(z, page, order));
	pg_set_flags(page, PG_buddy | (clean ? PG_clean : 0));
	page->order = (uint8_t)order;
	/* dirty (resident) blocks at the head, clean ones at the tail: a
	 * list's head is dirty iff it holds a dirty block (zs_buddy_take) */
	if (clean)
		list_add_tail(&page->lru, &area->list);
	else
		list_add(&page->lru, &area->list);
	__atomic_store_n(&area->nr_free, area->nr_free + 1, __ATOMIC_RELAXED);
	if (!clean && zs_ranges[page->range].owned)
		z->nr_dirty += 1UL << order;
}

static void area_del(struct zone *z, struct page *page, unsigned int order)
{
	struct free_area *area = &z->free_area[order];

	zs_assert((page->flags & PG_buddy) && page->order == order && area->nr_free > 0);
	zs_assert((page->flags & PG_clean) || !zs_ranges[page->range].owned ||
		  z->nr_dirty >= 1UL << order);
	list_del(&page->lru);
	__atomic_store_n(&area->nr_free, area->nr_free - 1, __ATOMIC_RELAXED);
	if (!(page->flags & PG_clean) && zs_ranges[page->range].owned)
		z->nr_dirty -= 1UL << order;
	pg_set_flags(page, 0);
}

unsigned int zs_block_order(unsigned long pfn, unsigned long end)
{
	unsigned int o = pfn ? (unsigned int)__builtin_ctzl(pfn) : MAX_ORDER - 1;

	if (o > MAX_ORDER - 1)
		o = MAX_ORDER - 1;
	while (pfn + (1UL << o) > end)
		o--;
	return o;
}

/* Hand the next never-used block of @z to the free lists. */
static bool carve_fresh(struct zone *z)
{
	while (z->fresh_idx < z->nr_fresh) {
		struct zs_span *sp = &z->fresh[z->fresh_idx];
		if (sp->start == sp->end) {
			z->fresh_idx++;
			continue;
		}
		unsigned int o = zs_block_order(sp->start, sp->end);
		const struct zs_ram_range *r = &zs_ranges[sp->range];
		struct page *page = zs_mem_map + r->idx_start + (sp->start - r->pfn_start);

		page->zone = (uint8_t)(z - zs_zones);
		page->range = sp->range;
		sp->start += 1UL << o;
		__atomic_store_n(&z->fresh_nr[o], z->fresh_nr[o] - 1, __ATOMIC_RELAXED);
		area_add(z, page, o, r->owned);
		return true;
	}
	return false;
}

/* Split @page of order @high down to @low, freeing the upper halves. */
static void expand(struct zone *z, struct page *page, unsigned int low,
		   unsigned int high, bool clean)
{
	while (high > low) {
		high--;
		struct page *half = page + (1UL << high);
		half->zone = page->zone;
		half->range = page->range;
		area_add(z, half, high, clean);
	}
}

/*
 * The block zs_buddy_take() splits for @order: the smallest dirty one,
 * else the smallest clean one.  Memory already resident is used before
 * memory the host must fault in and zero, so that a program that frees
 * one size and allocates another reuses the same host pages.
 */
static struct page *pick_block(struct zone *z, unsigned int order, unsigned int *at)
{
	struct page *first_clean = NULL;

	for (unsigned int o = order; o < MAX_ORDER; o++) {
		struct free_area *area = &z->free_area[o];
		if (list_empty(&area->list))
			continue;
		struct page *page = container_of(area->list.next, struct page, lru);
		if (!(page->flags & PG_clean)) {
			*at = o;
			return page;
		}
		if (!first_clean) {
			first_clean = page;
			*at = o;
		}
	}
	return first_clean;
}

struct page *zs_buddy_take(struct zone *z, unsigned int order, bool *clean)
{
	for (;;) {
		unsigned int o;
		struct page *page = pick_block(z, order, &o);
		if (page) {
			*clean = page->flags & PG_clean;
			area_del(z, page, o);
			expand(z, page, order, o, *clean);
			return page;
		}
		if (!carve_fresh(z))
			return NULL;
	}
}

/* Is @buddy the free head of a block of @order that may merge with ours? */
static bool page_is_buddy(const struct page *buddy, unsigned int order,
			  uint8_t zone)
{
	return (pg_flags(buddy) & PG_buddy) && buddy->order == order &&
	       buddy->zone == zone;
}

void zs_buddy_free(struct zone *z, struct page *page, unsigned int order,
		   bool clean)
{
	const struct zs_ram_range *r = &zs_ranges[page->range];
	unsigned long pfn = r->pfn_start + (unsigned long)(page - zs_mem_map) - r->idx_start;

	while (order < MAX_ORDER - 1) {
		unsigned long buddy_pfn = pfn ^ (1UL << order);
		if (buddy_pfn < r->pfn_start || buddy_pfn >= r->pfn_end)
			break;
		struct page *buddy = page + ((long)buddy_pfn - (long)pfn);
		if (!page_is_buddy(buddy, order, page->zone))
			break;
		clean = clean && (buddy->flags & PG_clean);
		area_del(z, buddy, order);
		if (buddy_pfn < pfn) {
			buddy->zone = page->zone;
			buddy->range = page->range;
			page = buddy;
			pfn = buddy_pfn;
		}
		order++;
	}
	area_add(z, page, order, clean);
	/* no free buddy of the same order is left unmerged */
	zs_assert(order == MAX_ORDER - 1 || (pfn ^ (1UL << order)) < r->pfn_start ||
		  (pfn ^ (1UL << order)) >= r->pfn_end ||
		  !page_is_buddy(page + ((long)(pfn ^ (1UL << order)) - (long)pfn),
				 order, page->zone));
}

/* Give the host memory of the largest dirty free blocks back until @keep. */
static void purge_dirty(struct zone *z, unsigned long keep)
{
	for (int o = MAX_ORDER - 1; o >= 0 && z->nr_dirty > keep; o--) {
		struct list_head *pos;
		list_for_each(pos, &z->free_area[o].list) {
			struct page *page = container_of(pos, struct page, lru);
			if ((page->flags & PG_clean) || !zs_ranges[page->range].owned)
				continue;
			zs_ram_discard(page->range, zs_page_address(page), PAGE_SIZE << o);
			pg_set_flags(page, pg_flags(page) | PG_clean);
			z->nr_dirty -= 1UL << o;
			if (z->nr_dirty <= keep)
				break;
		}
	}
	z->last_purge_ns = zs_host_now_ns();
}

/* The purge policy above, after a free (zone lock held). */
void zs_buddy_maybe_purge(struct zone *z)
{
	if (z->nr_dirty <= DIRTY_LOW)
		return;
	if (z->nr_dirty > DIRTY_HIGH ||
	    ((++z->frees_since_check & 63) == 0 &&
	     zs_host_now_ns() - z->last_purge_ns > DIRTY_DECAY_NS))
		purge_dirty(z, DIRTY_LOW);
}

void zs_purge_zone(struct zone *z)
{
	zs_spin_lock(&z->lock);
	zs_buddy_maybe_purge(z);
	zs_spin_unlock(&z->lock);
}

/*
 * zs_zone_counts_ok() - the zone invariant of mm_internal.h, nr_free ==
 * sum over orders of (free_area nr_free + fresh_nr) << order, for
 * zs_assert() at the end of every critical section that moves pages
 * (z->lock held).  O(MAX_ORDER).
 */
bool zs_zone_counts_ok(const struct zone *z)
{
	unsigned long pages = 0;

	for (unsigned int o = 0; o < MAX_ORDER; o++)
		pages += (z->free_area[o].nr_free + z->fresh_nr[o]) << o;
	return pages == (unsigned long)atomic_load_explicit(&z->nr_free, memory_order_relaxed);
}

void zs_purge_zone_all(struct zone *z)
{
	zs_spin_lock(&z->lock);
	purge_dirty(z, 0);
	zs_spin_unlock(&z->lock);
}
