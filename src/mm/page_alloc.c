/* SPDX-License-Identifier: MIT */
/*
 * page_alloc.c - the zoned page allocator's top floor: the zonelist walk,
 * watermarks, the slow path, the failure report, the checks made on a
 * free, and the page allocator's boot, teardown and fork hooks.
 *
 * The floors of src/mm, each calling only the ones below it:
 *   page_alloc.c   zonelists, watermarks (watermark.c), slow path, reports
 *   pcp.c          per-thread lists of order-0 pages
 *   alloc_count.c  per-thread counts of allocated pages, per zone
 *   buddy.c        one zone's free lists: split, merge, carve, purge
 *   memmap.c       RAM ranges, struct pages, the conversions
 *
 * Locks: the pcp registry, one pcp lock, one zone lock, the count
 * registry, in that order (common/lock_rank.h has the library's one list).
 *
 * A block's per-thread allocation count changes under the same lock that
 * takes it from (or gives it to) a free list, so fork(), which holds every
 * one of these locks, never sees a block in neither place.  The thread's
 * counters are registered (which takes the count registry lock) before a zone lock is
 * taken: zs_count_ready().
 *
 * A request goes down its zonelist (Normal -> DMA32 -> DMA, DMA32 -> DMA,
 * DMA alone), taking the first zone whose watermark (plus lowmem_reserve
 * for lower zones) allows it: first against the low mark, then the min
 * mark, then with per-thread lists drained, then fails cleanly.  Order-0
 * pages go through per-thread lists (pcp.c).
 */
#include <errno.h>
#include <string.h>

#include "common/assert.h"
#include "common/fault.h"
#include "common/lazy_boot.h"
#include "common/report.h"
#include "host/host.h"
#include "mm/mm_internal.h"
#include "mm/page_alloc.h"

static struct zs_fault fail_page_alloc;

/* Free one allocated block to its zone, taking the lock. */
void zs_free_to_zone(struct zone *z, struct page *page, unsigned int order)
{
	zs_count_ready();
	zs_spin_lock(&z->lock);
	zs_count_alloc(page->zone, -((long)1 << order));
	zs_buddy_free(z, page, order, false);
	atomic_fetch_add_explicit(&z->nr_free, 1L << order, memory_order_relaxed);
	zs_assert(zs_zone_counts_ok(z));
	zs_buddy_maybe_purge(z);
	zs_spin_unlock(&z->lock);
}

void zs_mm_release_free(void)
{
	zs_pcp_drain_all();
	for (unsigned int zi = 0; zi < MAX_NR_ZONES; zi++)
		zs_purge_zone_all(&zs_zones[zi]);
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
		zs_assert(zs_zone_counts_ok(z));
		zs_count_alloc(page->zone, (long)1 << order);
	}
	zs_spin_unlock(&z->lock);
	return page;
}

static inline struct page *rmqueue(unsigned int zi, unsigned int order, bool *clean)
{
	struct zone *z = &zs_zones[zi];

	if (order == 0 && z->pcp_high)
		return zs_pcp_alloc(zi, clean);
	return rmqueue_buddy(z, order, clean);
}

/* The mark ALLOC_WMARK_* names: the kernel's wmark_pipe(), one load. */
static inline unsigned long zone_mark(const struct zone *z, unsigned int alloc_flags)
{
	_Static_assert(ALLOC_WMARK_MIN == WMARK_MIN && ALLOC_WMARK_LOW == WMARK_LOW &&
		       ALLOC_WMARK_HIGH == WMARK_HIGH, "ALLOC_WMARK_* index the marks");
	return __atomic_load_n(&z->watermark[alloc_flags & ALLOC_WMARK_MASK],
			       __ATOMIC_RELAXED);
}

/*
 * The kernel's zone_watermark_fast(): an order-0 request without
 * ALLOC_HIGH or ALLOC_HARDER passes on the free count alone, inline;
 * anything else takes the whole test.
 */
static inline bool zone_watermark_fast(struct zone *z, unsigned int order,
				       unsigned long mark,
				       enum zone_type classzone,
				       unsigned int alloc_flags)
{
	if (!order && !(alloc_flags & (ALLOC_HIGH | ALLOC_HARDER))) {
		long free = atomic_load_explicit(&z->nr_free, memory_order_relaxed);
		long reserve = __atomic_load_n(&z->lowmem_reserve[classzone],
					       __ATOMIC_RELAXED);
		if (free > (long)mark + reserve)
			return true;
	}
	return zs_zone_watermark_ok(z, order, mark, classzone, alloc_flags);
}

/* The zonelist walk; inlined into zs_alloc_pages()'s first try, where
 * the flags are a constant, and called from the slow path. */
static inline __attribute__((always_inline)) struct page *
freelist_walk(unsigned int order, enum zone_type classzone,
	      unsigned int alloc_flags, bool *clean)
{
	for (int zi = (int)classzone; zi >= 0; zi--) {
		struct zone *z = &zs_zones[zi];
		/* hot-add grows managed_pages and the marks beside readers */
		if (!__atomic_load_n(&z->managed_pages, __ATOMIC_RELAXED))
			continue;
		if (!(alloc_flags & ALLOC_NO_WATERMARKS) &&
		    !zone_watermark_fast(z, order, zone_mark(z, alloc_flags),
					 classzone, alloc_flags))
			continue;
		struct page *page = rmqueue((unsigned int)zi, order, clean);
		if (page) {
			zs_count_hit((unsigned int)zi);
			return page;
		}
	}
	return NULL;
}

static __attribute__((noinline)) struct page *
get_page_from_freelist(unsigned int order, enum zone_type classzone,
		       unsigned int alloc_flags, bool *clean)
{
	return freelist_walk(order, classzone, alloc_flags, clean);
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

static __attribute__((noinline, cold)) struct page *alloc_slowpath(gfp_t gfp, unsigned int order,
				   enum zone_type classzone, bool *clean)
{
	unsigned int flags = gfp_to_alloc_flags(gfp);
	struct page *page;

	/* Before boot no zone has a page: a program's first request lands
	 * here, boots from ZSLAB_CMDLINE and tries again (lazy_boot.h). */
	if (__builtin_expect(!zs_booted(), 0) && zs_lazy_boot()) {
		page = get_page_from_freelist(order, classzone, ALLOC_WMARK_LOW, clean);
		if (page)
			return page;
	}
	page = get_page_from_freelist(order, classzone, flags, clean);
	if (page)
		return page;
	zs_pcp_drain_all();
	page = get_page_from_freelist(order, classzone, flags, clean);
	/* Normal and what is below it ran low: hot-add RAM (ram_max=) */
	if (!page && classzone >= ZONE_NORMAL) {
		int added = zs_memory_hotadd(1UL << order);
		if (added > 0)
			zs_update_watermarks();
		if (added >= 0)
			page = get_page_from_freelist(order, classzone, flags, clean);
	}
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
	if (__builtin_expect(fail_page_alloc.attr.enabled, 0) && !(gfp & __GFP_NOFAIL) &&
	    zs_should_fail(&fail_page_alloc, 1UL << order, "fail_page_alloc")) {
		zs_warn_alloc(gfp, order);
		return NULL;
	}
	classzone = zs_gfp_zone(gfp);
	page = freelist_walk(order, classzone, ALLOC_WMARK_LOW, &clean);
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

void zs_dump_page(struct zs_rbuf *rb, const struct page *page, const char *reason)
{
	zs_rbuf_add(rb, "page:%p refcount:%d mapcount:0 mapping:0000000000000000 index:0x0 pfn:%#lx\n",
		    (const void *)page, (pg_flags(page) & PG_slab) ? 0 : page->_refcount,
		    zs_page_to_pfn(page));
	zs_rbuf_add(rb, "flags: %#x order:%u\n", pg_flags(page), page->order);
	zs_rbuf_add(rb, "page dumped because: %s\n", reason);
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
	zs_dump_page(&rb, page, reason);
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

bool zs_free_pages_check_bad(struct page *page, unsigned int order)
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
	zs_count_init();
	zs_pcp_init();
}

void zs_page_alloc_exit(void)
{
	zs_pcp_exit();
}

/* fork(): hold every allocator lock so the child sees consistent lists. */
void zs_mm_fork_prepare(void)
{
	zs_pcp_fork_prepare();
	zs_memory_hotplug_fork_prepare();
	for (unsigned int zi = 0; zi < MAX_NR_ZONES; zi++)
		zs_spin_lock(&zs_zones[zi].lock);
	zs_count_fork_prepare();
}

void zs_mm_fork_parent(void)
{
	zs_count_fork_parent();
	for (unsigned int zi = 0; zi < MAX_NR_ZONES; zi++)
		zs_spin_unlock(&zs_zones[zi].lock);
	zs_memory_hotplug_fork_done();
	zs_pcp_fork_parent();
}

/*
 * In the child only this thread exists: the other threads' per-thread
 * pages go back to the zones and their counts are kept as exited ones.
 */
void zs_mm_fork_child(void)
{
	zs_count_fork_child();
	for (unsigned int zi = 0; zi < MAX_NR_ZONES; zi++)
		zs_spin_unlock(&zs_zones[zi].lock);
	zs_memory_hotplug_fork_done();
	zs_pcp_fork_parent();
	zs_pcp_fork_child();
	if (zs_ranges[0].owned && zs_ranges[0].fd >= 0)
		zs_report(ZS_INFO, "zslab: ram_backing=memfd: this forked child shares RAM with its parent; it may only exec or exit");
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
	unsigned int r = zs_range_of_page(page);

	if (zs_ranges[r].owned)
		zs_ram_discard((int)r, zs_page_address(page), nr << PAGE_SHIFT);
}
