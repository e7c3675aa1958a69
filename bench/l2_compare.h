/* SPDX-License-Identifier: MIT */
/*
 * l2_compare.h - where should 1 KiB IOMMU level-2 tables come from?  The
 * memory-efficiency comparison behind "mm: Add support for kmem caches in
 * DMA32 zone" (kernel-mm.md §9.3), run for real on zslab's public API.
 *
 * One run drives one source of 1 KiB, 1 KiB-aligned, zeroed tables below
 * 4 GiB through one allocation pattern and measures what it costs the
 * zones below 4 GiB: pages held (free pages of ZONE_DMA + ZONE_DMA32, per-
 * thread page lists counted as free, read from /proc/zoneinfo as printed
 * by zslab_proc_show()), never what the source says about itself.
 *
 * The module is library-independent: it calls only the public API, keeps
 * no global state and may be compiled into any program that links zslab
 * (zslab-l2cmp, the demo, tests).  It expects a booted machine on which
 * nothing else allocates below 4 GiB while a run goes on.
 */
#ifndef ZSLAB_L2_COMPARE_H
#define ZSLAB_L2_COMPARE_H

#include <stdint.h>
#include <stdio.h>

/* The four sources the series weighed. */
enum l2cmp_source {
	L2CMP_SLAB,       /* kmem cache, 1 KiB size and align, SLAB_CACHE_DMA32 */
	L2CMP_GENALLOC,   /* a 4 MiB genalloc pool over DMA32 pages, made up front */
	L2CMP_PAGE_FRAG,  /* page_frag_alloc_align() with GFP_DMA32 */
	L2CMP_PAGE,       /* one whole DMA32 page per table */
	L2CMP_NR_SOURCES
};

/*
 * The allocation patterns.
 * CHURN:  grow to @tables live; then @rounds times free a random
 *         @percent % of the live tables and grow back to @tables; then
 *         free at random down to @tables / 8 live: the end point.
 * SPARSE: @rounds times allocate @batch tables and free all of them but
 *         one (chosen at random): the end point has @rounds live tables,
 *         each allocated amid @batch - 1 that did not last.  For page_frag
 *         with @batch = 32 this leaves one live table per 32 KiB block.
 */
enum l2cmp_pattern { L2CMP_CHURN, L2CMP_SPARSE };

/* One point of a run, for charts: taken after every few hundred calls. */
struct l2cmp_sample {
	enum l2cmp_source source;
	unsigned long ops;       /* allocations + frees so far */
	unsigned long live;      /* tables live */
	long held_pages;         /* pages below 4 GiB held since the run began */
};

/**
 * struct l2cmp_params - what to run.
 * @pattern: L2CMP_CHURN or L2CMP_SPARSE.
 * @tables:  CHURN: live tables at the top (at most 4096, the genalloc
 *           pool's size).
 * @rounds:  free-and-regrow rounds (CHURN) or survivors (SPARSE).
 * @percent: CHURN: share of the live tables freed per round (1..100).
 * @batch:   SPARSE: tables allocated per round (>= 1).
 * @seed:    random seed; the same seed gives every source the same choices.
 * @sample:  called with each sample, or NULL.
 * @arg:     passed to @sample.
 */
struct l2cmp_params {
	enum l2cmp_pattern pattern;
	unsigned int tables, rounds, percent, batch;
	uint64_t seed;
	void (*sample)(void *arg, const struct l2cmp_sample *s);
	void *arg;
};

/**
 * struct l2cmp_result - what one source cost.
 * @source, @name:   the source.
 * @setup_pages:     pages held before the first table (genalloc's pool).
 * @peak_pages:      the most pages held at any sample.
 * @end_pages:       pages held at the end point, after the source gave
 *                   back what it can (kmem_cache_shrink for the cache).
 * @end_live:        tables live at the end point.
 * @idle_bytes:      @end_pages * 4096 - @end_live * 1024: memory taken from
 *                   the zones that holds no live table at the end point.
 * @stuck_bytes:     the part of @idle_bytes that is not reusable: not even
 *                   the source can hand it out again.  Measured: after the
 *                   end point, tables are allocated one by one until the
 *                   zones must lend a page (or the source fails); each
 *                   one that came without a new page was reusable.
 * @after_pages:     pages held after everything was freed and the source
 *                   torn down (0 unless something leaked).
 * @failures:        allocations that returned nothing.
 * @high:            tables whose physical end lies above 4 GiB, or that are
 *                   not 1 KiB aligned (0 unless something is wrong).
 * @allocs, @frees:  calls made.
 * @ns_alloc, @ns_free: mean nanoseconds per call (zeroing included).
 */
struct l2cmp_result {
	enum l2cmp_source source;
	const char *name;
	long setup_pages, peak_pages, end_pages;
	unsigned long end_live;
	long idle_bytes, stuck_bytes;
	long after_pages;
	unsigned long failures, high;
	unsigned long allocs, frees;
	double ns_alloc, ns_free;
};

/* A short name for @src ("slab-dma32", "genalloc-4M", ...). */
const char *l2cmp_source_name(enum l2cmp_source src);

/* The usual parameters of @pattern (4096-table scale, fixed seed). */
struct l2cmp_params l2cmp_default_params(enum l2cmp_pattern pattern);

/**
 * l2cmp_below4g_used() - pages of ZONE_DMA and ZONE_DMA32 not free (free
 * lists and per-thread page lists count as free), from zoneinfo.
 *
 * Return: the pages, or -1 when zoneinfo could not be read.
 */
long l2cmp_below4g_used(void);

/**
 * l2cmp_run() - run @p through @src on the booted machine.
 * @src: the source.
 * @p:   the pattern and its parameters.
 * @out: filled in.
 *
 * Return: 0, -EINVAL for bad parameters, -ENOMEM when the source could not
 * be set up (the pool's 4 MiB, the cache) or the host is out of memory.
 */
int l2cmp_run(enum l2cmp_source src, const struct l2cmp_params *p,
	      struct l2cmp_result *out);

/* Print @n results as a table headed by @title. */
void l2cmp_print(FILE *out, const char *title, const struct l2cmp_result *r,
		 unsigned int n);

#endif /* ZSLAB_L2_COMPARE_H */
