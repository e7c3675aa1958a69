/* SPDX-License-Identifier: MIT */
/*
 * page_alloc.h - the page allocator's internal interface, for src/mm and
 * the layers above (slab uses zs_alloc_pages/zs_free_pages directly).
 * The floors below it have headers of their own: buddy.h (one zone's free
 * lists) and alloc_count.h (per-thread counts); pcp.c's are here.
 */
#ifndef ZSLAB_PAGE_ALLOC_H
#define ZSLAB_PAGE_ALLOC_H

#include <stdbool.h>
#include <stdio.h>

#include "mm/alloc_count.h"
#include "mm/buddy.h"
#include "mm/mm_internal.h"

#pragma GCC visibility push(hidden)

/* alloc_flags, as in the kernel's mm/internal.h */
#define ALLOC_WMARK_MIN      0x00u
#define ALLOC_WMARK_LOW      0x01u
#define ALLOC_WMARK_HIGH     0x02u
#define ALLOC_NO_WATERMARKS  0x04u
#define ALLOC_WMARK_MASK     (ALLOC_NO_WATERMARKS - 1)
#define ALLOC_HARDER         0x10u
#define ALLOC_HIGH           0x20u

/* page_alloc.c */
void zs_page_alloc_init(void);
/*
 * Arm fail_page_alloc= once boot is complete, so that the boot's own
 * allocations (the slab layer's caches) neither fail nor count towards
 * the interval, space and times of the user's allocations.
 */
void zs_page_alloc_arm_faults(void);
/* alloc_pages() without the boot check; NULL on failure (reported). */
struct page *zs_alloc_pages(gfp_t gfp, unsigned int order);
/*
 * zs_free_pages() - free the allocated block @page of @order that the
 * caller owns outright (no reference counting): zs_free_pages_ok(), then
 * zs_free_block().  The public __free_pages() drops a reference instead.
 */
void zs_free_pages(struct page *page, unsigned int order);
/* zs_free_pages_ok()'s reports, for a block that fails the quick test. */
bool zs_free_pages_check_bad(struct page *page, unsigned int order);

/*
 * zs_free_pages_ok() - the kernel's free checks: false (reported, block
 * taken out of use when allocated) when @page cannot be freed as a block
 * of @order.  A good block (the first page of an allocated block, not
 * free, not a slab, not taken out of use, of this order) passes on one
 * test of its flags and one of its order, inline.
 */
static inline bool zs_free_pages_ok(struct page *page, unsigned int order)
{
	const unsigned int mask = PG_bad | PG_buddy | PG_pcp | PG_head | PG_slab;

	if (__builtin_expect((pg_flags(page) & mask) == PG_head &&
			     page->order == order, 1))
		return true;
	return zs_free_pages_check_bad(page, order);
}
/* Free a checked block: flags and count to 0, then per-thread list or zone. */
void zs_free_block(struct page *page, unsigned int order);
/* page_ref.c: put_page() and __free_pages() with reference counts. */
void zs_put_page(struct page *page);
void zs_free_pages_ref(struct page *page, unsigned int order);
/* The kernel's dump_page(): the page line, its flags and @reason. */
struct zs_rbuf;
void zs_dump_page(struct zs_rbuf *rb, const struct page *page, const char *reason);
/* The rate-limited "page allocation failure" report (unless __GFP_NOWARN). */
void zs_warn_alloc(gfp_t gfp, unsigned int order);
/* Make every page of an allocated block its own order-0 block, with one
 * reference each. */
void zs_split_page(struct page *page, unsigned int order);
/* Free one allocated block to its zone (counted), taking the lock and purging dirty memory. */
void zs_free_to_zone(struct zone *z, struct page *page, unsigned int order);
/* Drain per-thread lists and give all free memory back to the host. */
void zs_mm_release_free(void);
/* Clear a new block's state, zero it for __GFP_ZERO unless @clean. */
void zs_prep_new_page(struct page *page, unsigned int order, gfp_t gfp,
		      bool clean);
unsigned long zs_fail_page_alloc_injected(void);
/* Give the host memory of @nr allocated pages at @page back to the OS
 * (their contents read as zero afterwards); caller-backed RAM is kept. */
void zs_page_discard(struct page *page, unsigned long nr);

/* watermark.c */
bool zs_zone_watermark_ok(struct zone *z, unsigned int order,
			  unsigned long mark, enum zone_type classzone,
			  unsigned int alloc_flags);

/* pcp.c: per-thread lists of order-0 pages */
void zs_pcp_init(void);
struct page *zs_pcp_alloc(unsigned int zone, bool *clean);
bool zs_pcp_free(struct page *page);
void zs_pcp_drain_all(void);
void zs_pcp_exit(void);
/* Sum of pages on per-thread lists of @zone, counted by walking them. */
long zs_pcp_walk_count(unsigned int zone);
/* Print the "pagesets" block of /proc/zoneinfo for @zone. */
void zs_pcp_show(unsigned int zone, FILE *out);

/* pcp.c's part of fork: the registry and every thread's pcp lock. */
void zs_pcp_fork_prepare(void);
void zs_pcp_fork_parent(void);
void zs_pcp_fork_child(void);

/* page_alloc.c: teardown of what zs_page_alloc_init() set up. */
void zs_page_alloc_exit(void);
/* fork safety: take/release every allocator lock around fork(). */
void zs_mm_fork_prepare(void);
void zs_mm_fork_parent(void);
void zs_mm_fork_child(void);

#pragma GCC visibility pop

#endif
