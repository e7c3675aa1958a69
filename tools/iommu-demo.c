/* SPDX-License-Identifier: MIT */
/*
 * zslab-iommu-demo - the story behind SLAB_CACHE_DMA32, run on zslab.
 *
 * The machine is the one of the bug report: an arm64 Chromebook (MT8173)
 * with 4 GiB of RAM at physical 1 GiB, so 3 GiB of DMA32 and 1 GiB of
 * Normal memory above 4 GiB.  Its IOMMU uses the ARMv7 short-descriptor
 * format, whose descriptors hold 32-bit physical addresses: both levels of
 * its page table must lie below 4 GiB.  An IOMMU domain maps camera and
 * video buffers through io-pgtable-arm-v7s, and the hardware-walk model
 * checks every live mapping.  The demo shows:
 *
 *  1. the bug: level-2 tables from a plain kmem cache land above 4 GiB, so
 *     mappings fail ("Page table does not fit in PTE"), or, without that
 *     check, the device gets wrong translations;
 *  2. the fix: a SLAB_CACHE_DMA32 cache; every mapping verified;
 *  3. the comparison the kernel discussion made in words: memory held by
 *     each way of allocating the 1 KiB tables, as a table and a chart.
 *
 * Usage: zslab-iommu-demo [--no-timing] [--hold SECONDS] [SVG-PATH]
 * (default SVG-PATH: iommu-demo.svg).  --no-timing prints "-" for the ns
 * columns, so that two runs print the same text (the demo is otherwise
 * deterministic).  --hold waits at the peak of part 2, so the caches can
 * be looked at live (ZSLAB_CMDLINE is added to the machine's command
 * line, e.g. slab_sysfs=/tmp/zs, then slabinfo --root /tmp/zs).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zslab/zslab.h>
#include <zslab/io-pgtable.h>

#include "common/linechart.h"
#include "demo_workload.h"

#define MACHINE "memmap=4G@0x40000000"
#define SEED 20181210UL   /* the date of the v6 series */

/*
 * The level-2 sources compared in part 3, in the table's and the chart's
 * order.  @bug: the source that fails on this machine; its failed maps
 * make its run far longer, so the chart draws it in a panel of its own
 * and scales the main panel to the others.
 */
static const struct {
	enum io_pgtable_l2_source src;
	const char *name;
	bool bug;
} sources[] = {
	{ IO_PGTABLE_L2_SLAB_DMA32, "DMA32 slab cache", false },
	{ IO_PGTABLE_L2_GENALLOC, "genalloc 4 MiB", false },
	{ IO_PGTABLE_L2_PAGE_FRAG, "page_frag", false },
	{ IO_PGTABLE_L2_PAGE, "page per table", false },
	{ IO_PGTABLE_L2_DMA_POOL, "dma_pool 32-bit", false },
	{ IO_PGTABLE_L2_SLAB_PLAIN, "plain slab (bug)", true },
};
#define NR_SOURCES (sizeof(sources) / sizeof(sources[0]))

/* --- reports: count the fit-check message, pass the rest through -------- */

static unsigned long nr_nofit, nr_other;
static char first_nofit[256];

static void report_hook(const char *text, void *arg)
{
	(void)arg;
	if (strstr(text, "does not fit in PTE")) {
		if (!nr_nofit++)
			snprintf(first_nofit, sizeof(first_nofit), "%s", text);
		return;
	}
	nr_other++;
	fputs(text, stderr);
}

/* --- TLB maintenance: counted, nothing to do in a model ----------------- */

static unsigned long nr_flush;

static void flush_all(void *cookie) { (void)cookie; nr_flush++; }
static void flush_walk(unsigned long iova, size_t size, size_t granule, void *cookie)
{
	(void)iova, (void)size, (void)granule, (void)cookie;
	nr_flush++;
}
static void add_page(struct iommu_iotlb_gather *g, unsigned long iova,
		     size_t granule, void *cookie)
{
	(void)g, (void)iova, (void)granule, (void)cookie;
}

static const struct iommu_flush_ops flush_ops = {
	.tlb_flush_all = flush_all,
	.tlb_flush_walk = flush_walk,
	.tlb_add_page = add_page,
};

static void make_cfg(struct io_pgtable_cfg *cfg, enum io_pgtable_l2_source src,
		     bool no_fit_check)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->pgsize_bitmap = SZ_4K | SZ_64K | SZ_1M | SZ_16M;
	cfg->ias = 32;
	cfg->oas = 32;
	cfg->coherent_walk = true;
	cfg->tlb = &flush_ops;
	cfg->zslab_l2_source = src;
	cfg->zslab_no_fit_check = no_fit_check;
}

/* --- the machine ----------------------------------------------------------- */

static void show_machine(void)
{
	printf("== The machine: %s (an MT8173 Chromebook: RAM from 1 GiB to 5 GiB)\n\n",
	       MACHINE);
	zslab_proc_show("iomem", stdout);
	printf("\n  %-7s %12s %12s\n", "zone", "start", "size MiB");
	for (int z = ZONE_DMA; z <= ZONE_NORMAL; z++) {
		struct zslab_zone_info zi;
		if (zslab_zone_get_info((enum zone_type)z, &zi))
			continue;
		printf("  %-7s %#12llx %12lu\n", zi.name,
		       (unsigned long long)zi.start_pfn * PAGE_SIZE,
		       zi.present * PAGE_SIZE >> 20);
	}
	printf("\nGFP_KERNEL prefers Normal, above 4 GiB.  The IOMMU's descriptors hold\n"
	       "32-bit addresses, so its level-2 tables must come from below 4 GiB.\n");
}

static void print_outcomes(const struct wl_result *r)
{
	printf("  pages checked by the walker: %lu: %lu correct, %lu wrong address,\n"
	       "  %lu translation faults, %lu external aborts (walk outside RAM)\n",
	       r->pages_checked, r->outcome[WL_OK], r->outcome[WL_WRONG],
	       r->outcome[WL_FAULT], r->outcome[WL_ABORT]);
}

/* --- 1. the bug ---------------------------------------------------------- */

static const struct wl_params small = { SEED, 400, 100, 25, false, NULL, NULL };

static void show_bug(void)
{
	struct io_pgtable_cfg cfg;
	struct wl_result r;

	printf("\n== 1. The bug: level-2 tables from a plain kmem cache (kernel 4.19)\n\n");
	make_cfg(&cfg, IO_PGTABLE_L2_SLAB_PLAIN, false);
	nr_nofit = 0;
	if (wl_run(&cfg, &small, &r)) {
		printf("  could not make the page table\n");
		return;
	}
	printf("  with the kernel's fit check: %lu buffers mapped, %lu failed (first error %d),\n"
	       "  %lu tables refused; the first message:\n    %s",
	       r.buffers_mapped, r.map_failures, r.first_error, nr_nofit, first_nofit);
	if (!strchr(first_nofit, '\n'))
		printf("\n");
	free(r.series);

	make_cfg(&cfg, IO_PGTABLE_L2_SLAB_PLAIN, true);
	nr_nofit = 0;
	if (wl_run(&cfg, &small, &r))
		return;
	printf("\n  without the check (addresses truncated to 32 bits, as before it existed):\n"
	       "  %lu buffers mapped, %lu level-2 tables installed above 4 GiB\n",
	       r.buffers_mapped, r.stats.l2_high_tables);
	print_outcomes(&r);
	printf("  (the correct ones are in 1 MiB and 16 MiB blocks, which need no level-2 table)\n");
	printf("  iova_to_phys (the CPU's view) disagreed with the model on %lu pages:\n"
	       "  the kernel sees correct tables, the device does not.\n", r.iova_to_phys_bad);
	free(r.series);
}

/* --- 2. the fix ---------------------------------------------------------- */

static int print_l2_cache(const struct zslab_cache_info *info, void *arg)
{
	int match = !strcmp(info->name, "io-pgtable_armv7s_l2");

	(void)arg;
	for (unsigned int i = 0; i < info->nr_alias_names && !match; i++)
		match = !strcmp(info->alias_names[i], "io-pgtable_armv7s_l2");
	if (match)
		printf("  cache %s: sysfs directory %s, %lu objects of %u bytes in %lu slabs "
		       "of order %u, flags %#x (SLAB_CACHE_DMA32 = %#x)\n",
		       info->name, info->mergeable ? info->unique_id : info->name,
		       info->objects, info->object_size, info->slabs, info->order,
		       info->flags, SLAB_CACHE_DMA32);
	return 0;
}

static unsigned int hold_seconds;

static void at_peak_fix(void *arg)
{
	char *buf = NULL, *line;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)arg;
	if (hold_seconds) {
		printf("  holding at the peak for %u s (pid %d)\n", hold_seconds, (int)getpid());
		fflush(stdout);
		sleep(hold_seconds);
	}
	printf("  at the peak:\n");
	zslab_cache_for_each(print_l2_cache, NULL);
	if (f) {
		zslab_proc_show("slabinfo", f);
		fclose(f);
		for (line = strtok(buf, "\n"); line; line = strtok(NULL, "\n"))
			if (!strncmp(line, "# name", 6) || strstr(line, "io-pgtable") ||
			    strstr(line, ":D-"))
				printf("    %s\n", line);
		free(buf);
	}
	printf("  /proc/buddyinfo:\n");
	zslab_proc_show("buddyinfo", stdout);
}

static void show_fix(const struct wl_params *p)
{
	struct io_pgtable_cfg cfg;
	struct wl_params peak = *p;
	struct wl_result r;

	printf("\n== 2. The fix: a SLAB_CACHE_DMA32 cache (kernel 5.1, backported to 4.19)\n\n");
	peak.at_peak = at_peak_fix;
	make_cfg(&cfg, IO_PGTABLE_L2_SLAB_DMA32, false);
	nr_nofit = 0;
	if (wl_run(&cfg, &peak, &r)) {
		printf("  could not make the page table\n");
		return;
	}
	printf("\n  %lu buffers mapped, %lu failed, %lu tables refused, %lu tables above 4 GiB\n",
	       r.buffers_mapped, r.map_failures, nr_nofit, r.stats.l2_high_tables);
	print_outcomes(&r);
	printf("  table invariants (every L2 base below 4 GiB, contiguous groups whole, ...):\n"
	       "  %lu violation(s)\n", r.table_violations);
	printf("  iova_to_phys disagreed on %lu pages; %lu unmapped addresses probed, %lu translated\n",
	       r.iova_to_phys_bad, r.holes_checked, r.holes_bad);
	free(r.series);
}

/* --- 3. the comparison -------------------------------------------------- */

static bool no_timing;

static double per_call(double ns, unsigned long calls)
{
	return calls ? ns / (double)calls : 0;
}

/*
 * The chart of part 3: memory held over time by each source, the phases
 * of the trace marked (taken from the first working source: the others
 * run the same trace), the failing source in its own panel.
 */
static void write_chart(const char *svg, const struct wl_params *p,
			const struct wl_result *r, const bool *ran)
{
	static const char *const what[WL_NR_PHASES] = { "peak", "trough", "peak", "none" };
	const unsigned int live[WL_NR_PHASES] = { p->peak, p->trough, p->peak, 0 };
	struct linechart_series lines[NR_SOURCES];
	struct linechart_mark marks[WL_NR_PHASES];
	char labels[WL_NR_PHASES][40], xlabel[64], aside[96] = "";
	struct linechart c = {
		.title = "Memory held by IOMMU page tables, by level-2 source",
		.xlabel = xlabel, .ylabel = "KiB held", .series = lines, .nr = 0,
		.marks = marks, .nr_marks = 0, .aside_title = aside,
	};

	snprintf(xlabel, sizeof(xlabel), "time (one sample every %u buffer operations)",
		 p->sample);
	for (size_t i = 0; i < NR_SOURCES; i++) {
		if (!ran[i])
			continue;
		lines[c.nr++] = (struct linechart_series){ sources[i].name, NULL, r[i].series,
							    r[i].nr_series, sources[i].bug };
		if (sources[i].bug)
			snprintf(aside, sizeof(aside), "KiB held by %s: %lu failed maps "
				 "make its run longer; its own scale", sources[i].name,
				 r[i].map_failures);
		if (c.nr_marks || sources[i].bug)
			continue;
		for (int ph = 0; ph < WL_NR_PHASES; ph++) {
			snprintf(labels[ph], sizeof(labels[ph]), ph == WL_NONE ? "%s" :
				 "%s: %u", what[ph], live[ph]);
			marks[ph] = (struct linechart_mark){ (double)r[i].phase_end[ph], labels[ph] };
		}
		c.nr_marks = WL_NR_PHASES;
	}
	if (!linechart_render(svg, &c))
		printf("  chart: %s\n", svg);
	else
		printf("  chart: %s could not be written\n", svg);
}

static void show_comparison(const struct wl_params *trace, const char *svg)
{
	struct wl_params probed = *trace, *p = &probed;
	struct wl_result r[NR_SOURCES];
	bool ran[NR_SOURCES] = { false };

	probed.probe = true;
	printf("\n== 3. Where should 1 KiB level-2 tables come from?\n\n"
	       "  The same trace (%u buffers, down to %u, up to %u again, then none) for\n"
	       "  each source.  Memory is page frames held, above what was held before.\n\n",
	       p->peak, p->trough, p->peak);
	printf("  %-18s %8s %8s %8s %8s %8s %8s %7s %8s\n", "level-2 source", "peak",
	       "trough", "idle", "stuck", "end", "failures", "ns/map", "ns/unmap");
	for (size_t i = 0; i < NR_SOURCES; i++) {
		struct io_pgtable_cfg cfg;
		unsigned long idle, stuck;

		make_cfg(&cfg, sources[i].src, false);
		if (wl_run(&cfg, p, &r[i])) {
			printf("  %-18s could not make the page table\n", sources[i].name);
			continue;
		}
		ran[i] = true;
		idle = r[i].held_trough > r[i].tables_trough ?
			r[i].held_trough - r[i].tables_trough : 0;
		stuck = idle > r[i].reusable_trough ? idle - r[i].reusable_trough : 0;
		printf("  %-18s %8lu %8lu %8lu %7lu%c %8lu %8lu", sources[i].name,
		       r[i].held_peak >> 10, r[i].held_trough >> 10, idle >> 10, stuck >> 10,
		       r[i].probe_exhausted ? '*' : ' ',
		       r[i].held_end >> 10, r[i].map_failures);
		if (no_timing)
			printf(" %7s %8s\n", "-", "-");
		else
			printf(" %7.0f %8.0f\n", per_call(r[i].map_ns, r[i].map_calls),
			       per_call(r[i].unmap_ns, r[i].unmap_calls));
	}
	printf("\n  KiB held: at the peak, at the trough (%u buffers live) and at the end\n"
	       "  (no buffer live; level-2 tables emptied page by page stay, as in the\n"
	       "  kernel).  idle: held at the trough beyond the tables then referenced\n"
	       "  (16 KiB level 1 + 1 KiB per level-2 table); stuck: the part of idle\n"
	       "  that new tables could not use (probed by making tables until the zones\n"
	       "  had to lend a page; *: every empty 1 MiB slot of the IOVA space was\n"
	       "  used first, so this is at most).  ns per map_pages/unmap_pages call.\n",
	       p->trough);
	if (svg)
		write_chart(svg, p, r, ran);
	for (size_t i = 0; i < NR_SOURCES; i++)
		if (ran[i])
			free(r[i].series);
}

/*
 * Pages allocated per zone once every cache is shrunk.  The slab layer
 * keeps a few pages of its own metadata from the first kmem_cache_create()
 * on, so one cache is made and destroyed before the first snapshot: what
 * differs at the end is the page tables' doing.
 */
static void boot_state(struct zslab_zone_info zi[3])
{
	kmem_cache_destroy(kmem_cache_create("iommu-demo-warmup", 1024, 1024, 0, NULL));
	zslab_shrink_all();
	for (int z = 0; z < 3; z++)
		zslab_zone_get_info((enum zone_type)z, &zi[z]);
}

int main(int argc, char **argv)
{
	const char *svg = "iommu-demo.svg";
	struct wl_params full = { SEED, 1500, 300, 25, false, NULL, NULL };
	struct zslab_zone_info before[3], after[3];
	long bad;
	int same = 1;

	const char *extra = getenv("ZSLAB_CMDLINE");
	char cmdline[1024];

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--no-timing"))
			no_timing = true;
		else if (!strcmp(argv[i], "--hold") && i + 1 < argc)
			hold_seconds = (unsigned int)strtoul(argv[++i], NULL, 10);
		else if (argv[i][0] == '-') {
			fprintf(stderr, "usage: zslab-iommu-demo [--no-timing] [--hold SECONDS] [SVG-PATH]\n");
			return 2;
		} else
			svg = argv[i];
	}
	snprintf(cmdline, sizeof(cmdline), "%s %s", MACHINE, extra ? extra : "");
	zslab_set_report_hook(report_hook, NULL);
	if (zslab_init(cmdline)) {
		fprintf(stderr, "zslab-iommu-demo: cannot boot \"%s\"\n", cmdline);
		return 1;
	}
	boot_state(before);
	show_machine();
	show_bug();
	show_fix(&full);
	show_comparison(&full, svg);

	boot_state(after);
	for (int z = 0; z < 3; z++)
		same &= after[z].allocated == before[z].allocated;
	bad = zslab_validate();
	printf("\nEvery page table freed: page allocator %s its boot state; validator: %ld problem(s);\n"
	       "%lu TLB flushes asked for; %lu other report(s).\n",
	       same ? "back to" : "NOT back to", bad, nr_flush, nr_other);
	zslab_exit();
	return bad || !same ? 1 : 0;
}
