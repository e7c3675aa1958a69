/* SPDX-License-Identifier: MIT */
/*
 * movable.c - the start of ZONE_MOVABLE from kernelcore= and movablecore=,
 * as the kernel's find_zone_movable_pfns_for_nodes() finds it for one node:
 *
 *  - movablecore=M asks for M pages (rounded up to a MAX_ORDER block) at
 *    the top of memory: the kernel keeps total - M; kernelcore=K keeps K
 *    pages for the kernel; with both, the larger kernel share wins; a
 *    percentage is of all RAM;
 *  - ZONE_MOVABLE is carved from the highest populated zone (Normal, or
 *    DMA32 on a machine without Normal memory); memory below that zone
 *    counts towards the kernel's share but never becomes movable;
 *  - walking RAM upwards, the kernel's share is used up first, and the
 *    Movable zone starts where it ends, rounded up to a MAX_ORDER block.
 */
#include "mm/mm_internal.h"

#define MAX_ORDER_NR_PAGES (1UL << (MAX_ORDER - 1))

static unsigned long round_up_block(unsigned long pfn)
{
	return (pfn + MAX_ORDER_NR_PAGES - 1) & ~(MAX_ORDER_NR_PAGES - 1);
}

/* A kernelcore=/movablecore= value in pages (0 when not given). */
static unsigned long core_pages(const struct zs_core_size *c, unsigned long total)
{
	if (!c->set)
		return 0;
	if (c->percent)
		return (unsigned long)(total * c->value / 100);
	return (unsigned long)(c->value >> PAGE_SHIFT);
}

/* The lowest pfn of the zone ZONE_MOVABLE is taken from (usable_startpfn). */
static unsigned long usable_start(void)
{
	unsigned long end = zs_ranges[zs_nr_ranges - 1].pfn_end;

	if (end > zs_dma32_pfn)
		return zs_dma32_pfn;          /* Normal has memory */
	if (end > zs_dma_pfn)
		return zs_dma_pfn;            /* DMA32 is the highest zone */
	return 0;
}

unsigned long zs_find_movable_pfn(const struct zs_config *cfg)
{
	unsigned long total = 0, kernel, movable, start_usable, remaining, pfn = 0;

	for (unsigned int r = 0; r < zs_nr_ranges; r++)
		total += zs_ranges[r].pfn_end - zs_ranges[r].pfn_start;
	kernel = core_pages(&cfg->kernelcore, total);
	movable = core_pages(&cfg->movablecore, total);
	if (movable) {
		movable = round_up_block(movable);
		if (movable > total)
			movable = total;
		if (kernel < total - movable)
			kernel = total - movable;
	}
	if (!kernel || kernel >= total)
		return 0;
	start_usable = usable_start();
	remaining = kernel;
	for (unsigned int r = 0; r < zs_nr_ranges; r++) {
		unsigned long start = zs_ranges[r].pfn_start, end = zs_ranges[r].pfn_end;
		if (start < pfn)
			start = pfn;
		if (start >= end)
			continue;
		if (start < start_usable) {
			unsigned long low = (end < start_usable ? end : start_usable) - start;
			remaining -= low < remaining ? low : remaining;
			if (end <= start_usable) {
				pfn = end;
				continue;
			}
			start = start_usable;
		}
		unsigned long size = end - start;
		if (size > remaining)
			size = remaining;
		pfn = start + size;
		remaining -= size;
		if (!remaining)
			break;
	}
	return round_up_block(pfn);
}
