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
/* __free_pages() after the boot check: checks, then frees. */
void zs_free_pages(struct page *page, unsigned int order);
/* Make every page of an allocated block its own order-0 block. */
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
struct page *zs_pcp_alloc(struct zone *z, bool *clean);
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
