/* SPDX-License-Identifier: MIT */
/*
 * buddy.h - one zone's buddy free lists: free areas, split, merge, the
 * carving of never-used memory, and the purge policy that gives dirty
 * free memory back to the host (buddy.c).  The bottom of the page
 * allocator: it knows zones and struct pages, nothing of threads, per-
 * thread lists or zonelists.  Callers hold z->lock where it says so.
 */
#ifndef ZSLAB_BUDDY_H
#define ZSLAB_BUDDY_H

#include <stdbool.h>

#include "mm/mm_internal.h"

#pragma GCC visibility push(hidden)

/* The order of the largest aligned block at @pfn that ends by @end. */
unsigned int zs_block_order(unsigned long pfn, unsigned long end);
/*
 * Take a block of @order from @z's free lists, splitting a larger one or
 * carving never-used memory when need be; *@clean says whether its host
 * memory reads as zero.  NULL when the zone has none.  z->lock held.
 */
struct page *zs_buddy_take(struct zone *z, unsigned int order, bool *clean);
/* Put a block on @z's free lists, merging buddies (z->lock held). */
void zs_buddy_free(struct zone *z, struct page *page, unsigned int order,
		   bool clean);
/* After frees: apply the purge policy to @z's dirty memory (z->lock held). */
void zs_buddy_maybe_purge(struct zone *z);
/* Give dirty free memory of @z back to the host as the policy says. */
void zs_purge_zone(struct zone *z);
/* Give every dirty free page of @z back to the host (takes z->lock). */
void zs_purge_zone_all(struct zone *z);
/* Does @z's nr_free agree with its free lists and fresh spans?  (z->lock) */
bool zs_zone_counts_ok(const struct zone *z);

#pragma GCC visibility pop

#endif
