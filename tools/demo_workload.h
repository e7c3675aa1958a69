/* SPDX-License-Identifier: MIT */
/*
 * demo_workload.h - the IOMMU demo's mapping workload: camera and video
 * buffers mapped, unmapped and remapped at random IOVAs through an
 * io-pgtable, the way the IOMMU core drives it, with every live mapping
 * checked by the hardware-walk model.
 */
#ifndef ZSLAB_DEMO_WORKLOAD_H
#define ZSLAB_DEMO_WORKLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <zslab/zslab.h>
#include <zslab/io-pgtable.h>
#include <zslab/arm-v7s-walk.h>

/* What the walker said about one live 4 KiB page. */
enum wl_outcome {
	WL_OK,            /* the page's own output address and permissions */
	WL_WRONG,         /* translated, but to another address */
	WL_FAULT,         /* a translation, access-flag or permission fault */
	WL_ABORT,         /* the walk read outside RAM: external abort */
	WL_NR_OUTCOMES
};

/* The phases of a run, in order: up to the peak, down to the trough,
 * up to the peak again, down to no buffer. */
enum wl_phase { WL_PEAK, WL_TROUGH, WL_PEAK_AGAIN, WL_NONE, WL_NR_PHASES };

/**
 * struct wl_params - one run of the workload.
 * @seed:     the random seed; the same seed gives the same trace.
 * @peak:     live buffers at the two peaks.
 * @trough:   live buffers between them.
 * @sample:   take a memory sample every @sample buffer operations.
 * @probe:    at the trough, measure how many new tables fit in memory
 *            already held (wl_result.reusable_trough).
 * @at_peak:  called with @arg at the first peak (NULL: nothing), while
 *            the page table and its level-2 cache exist.
 */
struct wl_params {
	unsigned long seed;
	unsigned int peak, trough, sample;
	bool probe;
	void (*at_peak)(void *arg);
	void *arg;
};

/**
 * struct wl_result - what a run measured.
 * @buffers_mapped:   buffers mapped in full.
 * @map_failures:     buffers whose mapping failed (and were unmapped again).
 * @first_error:      the first map_pages error, 0 when none.
 * @map_calls:        map_pages calls; @map_ns their total time.
 * @unmap_calls:      unmap_pages calls; @unmap_ns their total time.
 * @pages_checked:    live 4 KiB pages checked with the walker.
 * @outcome:          those checks by outcome.
 * @iova_to_phys_bad: pages where iova_to_phys disagreed with the model.
 * @holes_checked:    unmapped addresses probed; @holes_bad: not faulting.
 * Memory is counted as page frames allocated in the zones, less what was
 * allocated before the page table was made.
 * @held_peak:        bytes held at the highest sample.
 * @reusable_trough:  bytes of held but idle memory at the trough that new
 *                    level-2 tables can use (measured by making tables
 *                    until the zones must lend a page), when asked.
 * @probe_exhausted:  that probe used every empty 1 MiB slot first, so
 *                    more might have fit: @reusable_trough is a floor.
 * @held_trough:      bytes held at the trough; @tables_trough: bytes of
 *                    tables (L1 + live L2) the page table then referenced.
 * @held_end:         bytes held after every buffer was unmapped, before
 *                    the page table was freed.
 * @table_violations: invariant violations arm_v7s_check_tables() found,
 *                    summed over the checks.
 * @stats:            the page table's own statistics, at the end.
 * @series:           memory held in KiB, one value per sample.
 * @nr_series:        how many samples.
 * @phase_end:        the index in @series of the last sample of each
 *                    phase (enum wl_phase).
 */
struct wl_result {
	unsigned long buffers_mapped, map_failures;
	int first_error;
	unsigned long map_calls, unmap_calls;
	double map_ns, unmap_ns;
	unsigned long pages_checked, outcome[WL_NR_OUTCOMES];
	unsigned long iova_to_phys_bad, holes_checked, holes_bad;
	unsigned long held_peak, held_trough, tables_trough, held_end;
	unsigned long reusable_trough;
	bool probe_exhausted;
	unsigned long table_violations;
	struct zslab_io_pgtable_stats stats;
	double *series;
	size_t nr_series;
	size_t phase_end[WL_NR_PHASES];
};

/**
 * wl_run() - run the workload on a fresh page table.
 * @cfg:     the configuration given to alloc_io_pgtable_ops(); on return
 *           its registers are those of the table that ran.
 * @p:       the trace.
 * @r:       filled in; free r->series with free().
 *
 * Allocates the page table, grows to p->peak buffers, shrinks to
 * p->trough, grows again, unmaps everything, checks every live mapping
 * with the walker after each phase, then frees the page table.
 *
 * Return: 0, or -ENOMEM when the page table itself could not be made.
 */
int wl_run(struct io_pgtable_cfg *cfg, const struct wl_params *p,
	   struct wl_result *r);

#endif
