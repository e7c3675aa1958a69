/* SPDX-License-Identifier: MIT */
/*
 * page_alloc.c - the zoned buddy allocator.
 *
 * Lock order (a thread never takes them in another order):
 *  1. the pcp registry lock (pcp.c)
 *  2. one thread's pcp lock (pcp.c)
 *  3. one zone->lock; never two zone locks at once
 *
 * A block's per-thread allocation count changes under the same lock that
 * takes it from (or gives it to) a free list, so fork(), which holds every
 * one of these locks, never sees a block in neither place.  The thread's
 * counters are registered (which takes lock 1) before a zone lock is
 * taken: zs_count_ready().
 *
 * A request goes down its zonelist (Normal -> DMA32 -> DMA, DMA32 -> DMA,
 * DMA alone), taking the first zone whose watermark (plus lowmem_reserve
 * for lower zones) allows it: first against the low mark, then the min
 * mark, then with per-thread lists drained, then fails cleanly.  Order-0
 * pages go through per-thread lists (pcp.c).
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
#include <errno.h>
#include <string.h>

#include "common/fault.h"
#include "common/report.h"
#include "host/host.h"
#include "mm/mm_internal.h"
#include "mm/page_alloc.h"

#define DIRTY_LOW  512UL     /* pages: 2 MiB of freed memory kept resident */
#define DIRTY_HIGH 16384UL   /* pages: above 64 MiB, give back at once */
#define DIRTY_DECAY_NS 1000000000ull

static struct zs_fault fail_page_alloc;

static void area_add(struct zone *z, struct page *page, unsigned int order,
		     bool clean)
{
	struct free_area *area = &z->free_area[order];

	pg_set_flags(page, PG_buddy | (clean ? PG_clean : 0));
	page->order = (uint8_t)order;
	list_add(&page->lru, &area->list);
	__atomic_store_n(&area->nr_free, area->nr_free + 1, __ATOMIC_RELAXED);
	if (!clean && zs_ranges[page->range].owned)
		z->nr_dirty += 1UL << order;
}

static void area_del(struct zone *z, struct page *page, unsigned int order)
{
	struct free_area *area = &z->free_area[order];

	list_del(&page->lru);
	__atomic_store_n(&area->nr_free, area->nr_free - 1, __ATOMIC_RELAXED);
	if (!(page->flags & PG_clean) && zs_ranges[page->range].owned)
		z->nr_dirty -= 1UL << order;
	pg_set_flags(page, 0);
}

/* The order of the largest aligned block at @pfn that ends by @end. */
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

struct page *zs_buddy_take(struct zone *z, unsigned int order, bool *clean)
{
	for (;;) {
		for (unsigned int o = order; o < MAX_ORDER; o++) {
			struct free_area *area = &z->free_area[o];
			if (list_empty(&area->list))
				continue;
			struct page *page = container_of(area->list.next, struct page, lru);
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
			zs_host_discard(zs_page_address(page), PAGE_SIZE << o);
			pg_set_flags(page, pg_flags(page) | PG_clean);
			z->nr_dirty -= 1UL << o;
			if (z->nr_dirty <= keep)
				break;
		}
	}
	z->last_purge_ns = zs_host_now_ns();
}

/* The purge policy above, after a free (zone lock held). */
static void maybe_purge(struct zone *z)
{
	if (z->nr_dirty <= DIRTY_LOW)
		return;
	if (z->nr_dirty > DIRTY_HIGH ||
	    ((++z->frees_since_check & 63) == 0 &&
	     zs_host_now_ns() - z->last_purge_ns > DIRTY_DECAY_NS))
		purge_dirty(z, DIRTY_LOW);
}

/* Free one allocated block to its zone, taking the lock. */
void zs_free_to_zone(struct zone *z, struct page *page, unsigned int order)
{
	zs_count_ready();
	zs_spin_lock(&z->lock);
	zs_count_alloc(page->zone, -((long)1 << order));
	zs_buddy_free(z, page, order, false);
	atomic_fetch_add_explicit(&z->nr_free, 1L << order, memory_order_relaxed);
	maybe_purge(z);
	zs_spin_unlock(&z->lock);
}

void zs_purge_zone(struct zone *z)
{
	zs_spin_lock(&z->lock);
	maybe_purge(z);
	zs_spin_unlock(&z->lock);
}

void zs_mm_release_free(void)
{
	zs_pcp_drain_all();
	for (unsigned int zi = 0; zi < MAX_NR_ZONES; zi++) {
		struct zone *z = &zs_zones[zi];
		zs_spin_lock(&z->lock);
		purge_dirty(z, 0);
		zs_spin_unlock(&z->lock);
	}
}

/* rmqueue for order > 0 (order 0 goes through pcp.c). */
static struct page *rmqueue_buddy(struct zone *z, unsigned int order, bool *clean)
{
	struct page *page;

	zs_count_ready();
	zs_spin_lock(&z->lock);
	page = zs_buddy_take(z, order, clean);
	if (page) {
		atomic_fetch_sub_explicit(&z->nr_free, 1L << order, memory_order_relaxed);
		zs_count_alloc(page->zone, (long)1 << order);
	}
	zs_spin_unlock(&z->lock);
	return page;
}

static struct page *rmqueue(struct zone *z, unsigned int order, bool *clean)
{
	if (order == 0 && z->pcp_high)
		return zs_pcp_alloc(z, clean);
	return rmqueue_buddy(z, order, clean);
}

static unsigned long zone_mark(const struct zone *z, unsigned int alloc_flags)
{
	switch (alloc_flags & ALLOC_WMARK_MASK) {
	case ALLOC_WMARK_MIN:
		return z->watermark[WMARK_MIN];
	case ALLOC_WMARK_HIGH:
		return z->watermark[WMARK_HIGH];
	default:
		return z->watermark[WMARK_LOW];
	}
}

static struct page *get_page_from_freelist(unsigned int order,
					   enum zone_type classzone,
					   unsigned int alloc_flags, bool *clean)
{
	for (int zi = (int)classzone; zi >= 0; zi--) {
		struct zone *z = &zs_zones[zi];
		if (!z->managed_pages)
			continue;
		if (!(alloc_flags & ALLOC_NO_WATERMARKS) &&
		    !zs_zone_watermark_ok(z, order, zone_mark(z, alloc_flags),
					  classzone, alloc_flags))
			continue;
		struct page *page = rmqueue(z, order, clean);
		if (page) {
			atomic_fetch_add_explicit(&z->alloc_success, 1, memory_order_relaxed);
			return page;
		}
	}
	return NULL;
}

static unsigned int gfp_to_alloc_flags(gfp_t gfp)
{
	unsigned int f = ALLOC_WMARK_MIN;

	if (gfp & __GFP_HIGH)
		f |= ALLOC_HIGH;
	if ((gfp & __GFP_ATOMIC) && !(gfp & __GFP_NOMEMALLOC))
		f |= ALLOC_HARDER;
	if ((gfp & __GFP_MEMALLOC) && !(gfp & __GFP_NOMEMALLOC))
		f |= ALLOC_NO_WATERMARKS;
	return f;
}

void zs_warn_alloc(gfp_t gfp, unsigned int order)
{
	static struct zs_ratelimit rs = ZS_RATELIMIT_INIT;
	struct zs_rbuf rb;
	char names[256];

	if ((gfp & __GFP_NOWARN) || !zs_ratelimit(&rs))
		return;
	zs_gfp_names(gfp, names, sizeof(names));
	zs_rbuf_init(&rb);
	zs_rbuf_add(&rb, "%s: page allocation failure: order:%u, mode:%#x(%s), nodemask=(null)\n",
		    zs_host_comm(), order, gfp, names);
	zs_rbuf_stack(&rb, 1);
	for (int zi = 0; zi < MAX_NR_ZONES; zi++) {
		struct zone *z = &zs_zones[zi];
		zs_rbuf_add(&rb, "Node 0 %s free:%ldkB min:%lukB low:%lukB high:%lukB managed:%lukB\n",
			    z->name, atomic_load(&z->nr_free) * 4,
			    z->watermark[WMARK_MIN] * 4, z->watermark[WMARK_LOW] * 4,
			    z->watermark[WMARK_HIGH] * 4, z->managed_pages * 4);
	}
	zs_report_emit(ZS_WARN, &rb);
}

static struct page *alloc_slowpath(gfp_t gfp, unsigned int order,
				   enum zone_type classzone, bool *clean)
{
	unsigned int flags = gfp_to_alloc_flags(gfp);
	struct page *page = get_page_from_freelist(order, classzone, flags, clean);

	if (page)
		return page;
	zs_pcp_drain_all();
	page = get_page_from_freelist(order, classzone, flags, clean);
	while (!page && (gfp & __GFP_NOFAIL)) {
		/* No reclaim here: dip into reserves, then wait for frees. */
		page = get_page_from_freelist(order, classzone,
					      flags | ALLOC_NO_WATERMARKS, clean);
		if (!page) {
			zs_host_relax();
			zs_pcp_drain_all();
		}
	}
	return page;
}

void zs_prep_new_page(struct page *page, unsigned int order, gfp_t gfp,
		      bool clean)
{
	pg_set_flags(page, PG_head | ((gfp & __GFP_COMP) && order ? PG_compound : 0));
	page->order = (uint8_t)order;
	__atomic_store_n(&page->_refcount, 1, __ATOMIC_RELAXED);   /* set_page_refcounted */
	if (((gfp & __GFP_ZERO) || zs_config.init_on_alloc) && !clean)
		memset(zs_page_address(page), 0, PAGE_SIZE << order);
}

struct page *zs_alloc_pages(gfp_t gfp, unsigned int order)
{
	static struct zs_ratelimit order_rs = ZS_RATELIMIT_INIT;
	enum zone_type classzone;
	struct page *page;
	bool clean = false;

	if (order >= MAX_ORDER) {
		if (!(gfp & __GFP_NOWARN) && zs_ratelimit(&order_rs))
			zs_warn("alloc_pages: order %u >= MAX_ORDER (%d)", order, MAX_ORDER);
		return NULL;
	}
	if (!(gfp & __GFP_NOFAIL) &&
	    zs_should_fail(&fail_page_alloc, 1UL << order, "fail_page_alloc")) {
		zs_warn_alloc(gfp, order);
		return NULL;
	}
	classzone = gfp_zone(gfp);
	page = get_page_from_freelist(order, classzone, ALLOC_WMARK_LOW, &clean);
	if (!page)
		page = alloc_slowpath(gfp, order, classzone, &clean);
	if (!page) {
		atomic_fetch_add(&zs_zones[classzone].alloc_fail, 1);
		zs_warn_alloc(gfp, order);
		return NULL;
	}
	zs_prep_new_page(page, order, gfp, clean);
	return page;
}

/* Report a page that cannot be freed and take it out of use. */
static void bad_page(struct page *page, const char *reason)
{
	static struct zs_ratelimit rs = ZS_RATELIMIT_INIT;
	struct zs_rbuf rb;

	if (!zs_ratelimit(&rs))
		return;
	zs_rbuf_init(&rb);
	zs_rbuf_add(&rb, "BUG: Bad page state in process %s  pfn:%05lx\n",
		    zs_host_comm(), zs_page_to_pfn(page));
	zs_rbuf_add(&rb, "page:%p refcount:%d mapcount:0 mapping:0000000000000000 index:0x0 pfn:%#lx\n",
		    (void *)page, (page->flags & PG_slab) ? 0 : page->_refcount, zs_page_to_pfn(page));
	zs_rbuf_add(&rb, "flags: %#x order:%u\n", page->flags, page->order);
	zs_rbuf_add(&rb, "page dumped because: %s\n", reason);
	zs_rbuf_stack(&rb, 2);
	zs_report_emit(ZS_BUG, &rb);
}

/*
 * free_pages_check() - may @page be freed as a block of @order?  The
 * kernel checks the refcount and flags; zslab knows each block's order.
 */
static bool free_pages_check(struct page *page, unsigned int order)
{
	if (page->flags & PG_bad)
		return false;
	if (page->flags & (PG_buddy | PG_pcp)) {
		bad_page(page, "page is already free (double free)");
		return false;
	}
	if (!(page->flags & PG_head)) {
		bad_page(page, "not the first page of an allocated block");
		return false;
	}
	if (page->flags & PG_slab) {
		bad_page(page, "PAGE_FLAGS_CHECK_AT_FREE flag(s) set");
		return false;
	}
	if (page->order != order) {
		bad_page(page, "freed with another order than it was allocated with");
		return false;
	}
	return true;
}

bool zs_free_pages_ok(struct page *page, unsigned int order)
{
	if (!free_pages_check(page, order)) {
		/* An allocated block freed wrongly is taken out of use, as the
		 * kernel does; a free page or a tail page is left as it is. */
		if ((pg_flags(page) & (PG_head | PG_slab)) == PG_head)
			pg_set_flags(page, pg_flags(page) | PG_bad);
		return false;
	}
	return true;
}

void zs_free_block(struct page *page, unsigned int order)
{
	if (zs_config.init_on_free)   /* free_pages_prepare(): kernel_init_pages() */
		memset(zs_page_address(page), 0, PAGE_SIZE << order);
	pg_set_flags(page, 0);
	__atomic_store_n(&page->_refcount, 0, __ATOMIC_RELAXED);
	if (order == 0 && zs_pcp_free(page))
		return;
	zs_free_to_zone(page_zone(page), page, order);
}

void zs_free_pages(struct page *page, unsigned int order)
{
	if (zs_free_pages_ok(page, order))
		zs_free_block(page, order);
}

/* Make each page of the allocated block at @page an order-0 block with
 * one reference (the kernel's split_page()). */
void zs_split_page(struct page *page, unsigned int order)
{
	for (unsigned long i = 1; i < (1UL << order); i++) {
		pg_set_flags(&page[i], PG_head);
		page[i].order = 0;
		page[i].zone = page->zone;
		page[i].range = page->range;
		__atomic_store_n(&page[i]._refcount, 1, __ATOMIC_RELAXED);
	}
	page->order = 0;
}

void zs_page_alloc_init(void)
{
	static const struct zs_fault_attr off = { .enabled = false };

	zs_gfp_zone_reset_warnings();
	/* Disarmed while the layers above boot: see zs_page_alloc_arm_faults. */
	zs_fault_init(&fail_page_alloc, &off);
	zs_setup_watermarks();
	zs_pcp_init();
}

void zs_page_alloc_arm_faults(void)
{
	zs_fault_init(&fail_page_alloc, &zs_config.fail_page_alloc);
}

unsigned long zs_fail_page_alloc_injected(void)
{
	return atomic_load(&fail_page_alloc.injected);
}

void zs_page_discard(struct page *page, unsigned long nr)
{
	if (zs_ranges[zs_range_of_page(page)].owned)
		zs_host_discard(zs_page_address(page), nr << PAGE_SHIFT);
}
