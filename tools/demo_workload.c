/* SPDX-License-Identifier: MIT */
/*
 * demo_workload.c - buffers mapped and unmapped through an ARMv7s page
 * table the way the IOMMU core drives it (largest page size that the
 * alignment allows, unmaps by the same rule), checked by the walk model.
 *
 * Buffers are camera and video buffers: scattered 4 KiB pages (a frame's
 * pages come from anywhere in RAM), runs of 64 KiB pages, 1 MiB sections
 * and the odd 16 MiB supersection.  Each buffer gets a random free IOVA
 * range; its output addresses are random, aligned, inside the machine's
 * 32-bit RAM.  A model (one bit per 4 KiB of IOVA space, and each
 * buffer's segments) says what every address must translate to.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <zslab/arm-v7s-walk.h>

#include "demo_workload.h"

#define IOVA_SPACE (1ULL << 32)
#define NR_GRANULES (IOVA_SPACE / SZ_4K)
#define PA_LO  0x40000000ULL   /* output addresses: [1 GiB, 4 GiB) */
#define PA_HI  0x100000000ULL
#define PROT (IOMMU_READ | IOMMU_WRITE)

struct seg {
	uint64_t pa;
	uint32_t size;
};

struct buffer {
	uint32_t iova, len;
	unsigned int nr_segs;
	struct seg *segs;
};

struct wl {
	struct io_pgtable_ops *ops;
	struct io_pgtable_cfg *cfg;
	const struct wl_params *p;
	struct wl_result *r;
	unsigned long baseline, rng, ops_done;
	uint64_t *used;              /* one bit per 4 KiB of IOVA space */
	struct buffer *live;
	unsigned int nr_live;
	size_t series_cap;
};

static unsigned long rnd(struct wl *w)
{
	w->rng ^= w->rng << 13;
	w->rng ^= w->rng >> 7;
	w->rng ^= w->rng << 17;
	return w->rng;
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* Bytes of page frames allocated in @zone now. */
static unsigned long zone_held(enum zone_type zone)
{
	struct zslab_zone_info zi;

	return zslab_zone_get_info(zone, &zi) ? 0 : zi.allocated * PAGE_SIZE;
}

/* @now - @then, or 0 when less is held than at the start. */
static unsigned long since(unsigned long now, unsigned long then)
{
	return now > then ? now - then : 0;
}

/* Bytes of page frames allocated in every zone now. */
static unsigned long all_held(void)
{
	return zone_held(ZONE_DMA) + zone_held(ZONE_DMA32) + zone_held(ZONE_NORMAL);
}

/* --- the IOVA model ------------------------------------------------------ */

static int range_used(const struct wl *w, uint64_t iova, uint64_t len)
{
	for (uint64_t g = iova / SZ_4K; g < (iova + len) / SZ_4K; g++)
		if (w->used[g / 64] >> (g % 64) & 1)
			return 1;
	return 0;
}

static void range_mark(struct wl *w, uint64_t iova, uint64_t len, int on)
{
	for (uint64_t g = iova / SZ_4K; g < (iova + len) / SZ_4K; g++) {
		if (on)
			w->used[g / 64] |= 1ULL << (g % 64);
		else
			w->used[g / 64] &= ~(1ULL << (g % 64));
	}
}

/* --- buffers -------------------------------------------------------------- */

/*
 * Choose a random kind of buffer and allocate its segments.  Return: the
 * IOVA alignment it needs, or 0 when memory is short.
 */
static uint32_t make_segments(struct wl *w, struct buffer *b)
{
	unsigned long kind = rnd(w) % 100;
	uint32_t size, align;
	unsigned int n;

	if (kind < 55) {                 /* small buffers: commands, metadata */
		size = SZ_4K, n = 1 + (unsigned int)(rnd(w) % 32), align = SZ_4K;
	} else if (kind < 80) {          /* camera and video frames: 1-4 MiB */
		size = SZ_4K, n = 256 + (unsigned int)(rnd(w) % 769), align = SZ_4K;
	} else if (kind < 93) {          /* buffers of 64 KiB pages */
		size = SZ_64K, n = 1 + (unsigned int)(rnd(w) % 16), align = SZ_64K;
	} else if (kind < 99) {          /* display buffers of sections */
		size = SZ_1M, n = 1 + (unsigned int)(rnd(w) % 4), align = SZ_1M;
	} else {                         /* a big carve-out */
		size = SZ_16M, n = 1, align = SZ_16M;
	}
	b->segs = malloc(n * sizeof(*b->segs));
	if (!b->segs)
		return 0;
	b->nr_segs = n;
	b->len = size * n;
	for (unsigned int i = 0; i < n; i++) {
		uint64_t slots = (PA_HI - PA_LO) / size;
		b->segs[i].pa = PA_LO + (rnd(w) % slots) * size;
		b->segs[i].size = size;
	}
	return align;
}

/* A free IOVA range for @b aligned to @align, or -1 after some tries. */
static int place(struct wl *w, struct buffer *b, uint32_t align)
{
	for (int tries = 0; tries < 16; tries++) {
		uint64_t slots = (IOVA_SPACE - b->len) / align;
		uint64_t iova = (rnd(w) % slots) * align;
		if (!range_used(w, iova, b->len)) {
			b->iova = (uint32_t)iova;
			return 0;
		}
	}
	return -1;
}

/* The largest supported page size that fits @len and the alignment @addr. */
static size_t pick_pgsize(const struct wl *w, uint64_t addr, uint64_t len)
{
	unsigned long bitmap = w->cfg->pgsize_bitmap;

	for (int bit = 63; bit >= 12; bit--) {
		size_t sz = 1UL << bit;
		if ((bitmap & sz) && sz <= len && !(addr & (sz - 1)))
			return sz;
	}
	return 0;
}

/* Unmap [@iova, @iova + @len) as iommu_unmap() would. */
static void unmap_range(struct wl *w, uint64_t iova, uint64_t len)
{
	while (len) {
		size_t pgsize = pick_pgsize(w, iova, len), done;
		double t0 = now_ns();

		done = w->ops->unmap_pages(w->ops, iova, pgsize, 1, NULL);
		w->r->unmap_ns += now_ns() - t0;
		w->r->unmap_calls++;
		if (!done)
			break;
		iova += done;
		len -= done;
	}
}

/* Map one segment as iommu_map() would. Return: 0 or the error. */
static int map_segment(struct wl *w, uint64_t iova, const struct seg *s)
{
	uint64_t pa = s->pa, len = s->size;

	while (len) {
		size_t pgsize = pick_pgsize(w, iova | pa, len), mapped = 0;
		double t0 = now_ns();
		int err = w->ops->map_pages(w->ops, iova, pa, pgsize, len / pgsize,
					    PROT, GFP_KERNEL, &mapped);
		w->r->map_ns += now_ns() - t0;
		w->r->map_calls++;
		if (err)
			return err;
		iova += mapped;
		pa += mapped;
		len -= mapped;
	}
	return 0;
}

static void add_buffer(struct wl *w)
{
	struct buffer *b = &w->live[w->nr_live];
	uint64_t iova;
	uint32_t align = make_segments(w, b);
	int err = 0;

	if (!align)
		return;
	if (place(w, b, align)) {
		free(b->segs);
		return;
	}
	iova = b->iova;
	for (unsigned int i = 0; i < b->nr_segs && !err; i++) {
		err = map_segment(w, iova, &b->segs[i]);
		if (!err)
			iova += b->segs[i].size;
	}
	if (err) {
		/* iommu_map(): undo what was mapped, report the error. */
		w->r->map_failures++;
		if (!w->r->first_error)
			w->r->first_error = err;
		if (iova > b->iova)
			unmap_range(w, b->iova, iova - b->iova);
		free(b->segs);
		return;
	}
	range_mark(w, b->iova, b->len, 1);
	w->nr_live++;
	w->r->buffers_mapped++;
}

static void remove_buffer(struct wl *w, unsigned int i)
{
	struct buffer *b = &w->live[i];

	unmap_range(w, b->iova, b->len);
	range_mark(w, b->iova, b->len, 0);
	free(b->segs);
	*b = w->live[--w->nr_live];
}

/* --- checking -------------------------------------------------------------- */

static enum wl_outcome walk_one(struct wl *w, uint64_t iova, uint64_t want)
{
	struct arm_v7s_walk_result res;

	if (!arm_v7s_walk(w->cfg, iova, ARM_V7S_ACC_READ | ARM_V7S_ACC_WRITE, &res))
		return res.pa == want ? WL_OK : WL_WRONG;
	return res.fault == ARM_V7S_FAULT_EXTERNAL_ABORT ? WL_ABORT : WL_FAULT;
}

static void check_buffer(struct wl *w, const struct buffer *b)
{
	uint64_t iova = b->iova;

	for (unsigned int s = 0; s < b->nr_segs; iova += b->segs[s++].size)
		for (uint64_t off = 0; off < b->segs[s].size; off += SZ_4K) {
			uint64_t in = (rnd(w) % SZ_4K) & ~3UL;
			uint64_t want = b->segs[s].pa + off + in;
			w->r->outcome[walk_one(w, iova + off + in, want)]++;
			w->r->pages_checked++;
			if (w->ops->iova_to_phys(w->ops, iova + off + in) != want)
				w->r->iova_to_phys_bad++;
		}
}

static void check_holes(struct wl *w, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		uint64_t iova = (rnd(w) % NR_GRANULES) * SZ_4K;
		if (range_used(w, iova, SZ_4K))
			continue;
		w->r->holes_checked++;
		if (walk_one(w, iova, 0) == WL_OK || walk_one(w, iova, 0) == WL_WRONG ||
		    w->ops->iova_to_phys(w->ops, iova))
			w->r->holes_bad++;
	}
}

/* The level-1 table, read as the IOMMU would (NULL when not in RAM). */
static const uint32_t *level1(const struct wl *w)
{
	return phys_to_virt(w->cfg->arm_v7s_cfg.ttbr & 0xffffc000u);
}

/* Level-2 tables the level-1 table references now. */
static unsigned long tables_referenced(const struct wl *w)
{
	const uint32_t *pte = level1(w);
	unsigned long n = 0;

	for (int i = 0; pte && i < 4096; i++)
		n += (pte[i] & 3u) == 1u;
	return n;
}

/*
 * How many new level-2 tables fit in memory already held: map one page at
 * the start of each empty 1 MiB slot until the zones have to lend a page,
 * then unmap the probes (a 1 MiB unmap frees each probe's table).
 * Return: the bytes of tables that fit; *@all_slots is set when every
 * empty slot was used before the zones had to lend a page.
 */
static unsigned long reusable_bytes(struct wl *w, bool *all_slots)
{
	const uint32_t *pte = level1(w);
	unsigned long held = all_held(), fit = 0;
	uint32_t probes[4096], i;
	unsigned int n = 0;

	for (i = 0; pte && i < 4096; i++) {
		size_t mapped = 0;
		if (pte[i] || range_used(w, (uint64_t)i * SZ_1M, SZ_1M))
			continue;
		if (w->ops->map_pages(w->ops, i * SZ_1M, PA_LO, SZ_4K, 1, PROT,
				      GFP_KERNEL, &mapped))
			break;
		probes[n++] = i;
		if (all_held() > held)
			break;
		fit += 1024;
	}
	*all_slots = i == 4096;
	while (n--)
		w->ops->unmap_pages(w->ops, probes[n] * SZ_1M, SZ_1M, 1, NULL);
	return fit;
}

static void check_all(struct wl *w)
{
	for (unsigned int i = 0; i < w->nr_live; i++)
		check_buffer(w, &w->live[i]);
	check_holes(w, 2000);
	w->r->table_violations += (unsigned long)arm_v7s_check_tables(w->cfg, NULL);
}

/* --- the trace ------------------------------------------------------------ */

static void sample(struct wl *w)
{
	unsigned long held = since(all_held(), w->baseline);

	if (held > w->r->held_peak)
		w->r->held_peak = held;
	if (w->r->nr_series == w->series_cap) {
		size_t cap = w->series_cap ? 2 * w->series_cap : 256;
		double *s = realloc(w->r->series, cap * sizeof(*s));
		if (!s)
			return;
		w->r->series = s;
		w->series_cap = cap;
	}
	w->r->series[w->r->nr_series++] = (double)held / 1024;
}

/*
 * Add or remove buffers until @target are live (or adding keeps failing);
 * the phase ends with a sample, whose index is recorded as its end.
 */
static void phase(struct wl *w, enum wl_phase which, unsigned int target)
{
	unsigned long budget = 4UL * (target + w->nr_live) + 64;

	while (w->nr_live != target && budget--) {
		if (w->nr_live < target)
			add_buffer(w);
		else
			remove_buffer(w, (unsigned int)(rnd(w) % w->nr_live));
		if (++w->ops_done % w->p->sample == 0)
			sample(w);
	}
	if (w->ops_done % w->p->sample)
		sample(w);
	w->r->phase_end[which] = w->r->nr_series ? w->r->nr_series - 1 : 0;
	check_all(w);
}

static int setup(struct wl *w)
{
	w->used = calloc(NR_GRANULES / 64, sizeof(uint64_t));
	w->live = calloc(w->p->peak + 1, sizeof(*w->live));
	return w->used && w->live ? 0 : -ENOMEM;
}

static void teardown(struct wl *w)
{
	free(w->live);
	free(w->used);
}

int wl_run(struct io_pgtable_cfg *cfg, const struct wl_params *p,
	   struct wl_result *r)
{
	struct wl w = { .cfg = cfg, .p = p, .r = r, .rng = p->seed | 1 };
	int err;

	memset(r, 0, sizeof(*r));
	err = setup(&w);
	w.baseline = all_held();
	if (!err && !(w.ops = alloc_io_pgtable_ops(ARM_V7S, cfg, NULL)))
		err = -ENOMEM;
	if (err) {
		teardown(&w);
		return err;
	}
	sample(&w);
	phase(&w, WL_PEAK, p->peak);
	if (p->at_peak)
		p->at_peak(p->arg);
	phase(&w, WL_TROUGH, p->trough);
	r->held_trough = since(all_held(), w.baseline);
	r->tables_trough = 16384 + tables_referenced(&w) * 1024;
	if (p->probe)
		r->reusable_trough = reusable_bytes(&w, &r->probe_exhausted);
	phase(&w, WL_PEAK_AGAIN, p->peak);
	phase(&w, WL_NONE, 0);
	r->held_end = since(all_held(), w.baseline);
	zslab_io_pgtable_get_stats(w.ops, &r->stats);
	free_io_pgtable_ops(w.ops);
	teardown(&w);
	return 0;
}
