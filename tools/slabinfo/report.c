/* SPDX-License-Identifier: MIT */
/*
 * report.c - the detailed report of one cache (-r, and automatically when
 * one cache is selected): flags, sizes, slabs, debug options and memory,
 * then operations, allocation tracking, per-node slabs and, when the tree
 * has SLUB_STATS counters, the fast/slow path statistics.
 */
#include "slabinfo.h"

#include <stdio.h>

static char text[65536];

static const char *onoff(long x)
{
	return x ? "On " : "Off";
}

static unsigned long pct(unsigned long part, unsigned long whole)
{
	return whole ? part * 100 / whole : 0;
}

/* -o: the "ops" file of old kernels. */
void si_ops(const struct si_tree *t, const struct si_cache *s)
{
	if (si_attr_read(t->root, s->dir, "ops", text, sizeof(text)) > 0) {
		printf("\n%s: kmem_cache operations\n", s->name);
		printf("--------------------------------------------\n");
		printf("%s", text);
	} else {
		printf("\n%s has no kmem_cache operations\n", s->name);
	}
}

/* debugfs first (kernels from 5.14 move the traces there), then sysfs. */
static bool read_trace(const struct si_tree *t, const struct si_cache *s,
		       const char *debugfs_file, const char *sysfs_file)
{
	if (si_opt.debugfs &&
	    (si_attr_read(si_opt.debugfs, s->name, debugfs_file, text, sizeof(text)) > 0 ||
	     si_attr_read(si_opt.debugfs, s->dir, debugfs_file, text, sizeof(text)) > 0))
		return true;
	return si_attr_read(t->root, s->dir, sysfs_file, text, sizeof(text)) > 0;
}

/* -t: where objects were allocated and freed, or "No Data". */
void si_tracking(const struct si_tree *t, const struct si_cache *s)
{
	printf("\n%s: Kernel object allocation\n", s->name);
	printf("-----------------------------------------------------------------------\n");
	printf("%s", read_trace(t, s, "alloc_traces", "alloc_calls") ? text : "No Data\n");
	printf("\n%s: Kernel object freeing\n", s->name);
	printf("------------------------------------------------------------------------\n");
	printf("%s", read_trace(t, s, "free_traces", "free_calls") ? text : "No Data\n");
}

static void perf_row(const char *label, unsigned long a, unsigned long f,
		     unsigned long allocs, unsigned long frees)
{
	printf("%-20s %8lu %8lu %3lu %3lu\n", label, a, f, pct(a, allocs),
	       pct(f, frees));
}

static void perf_counters(const unsigned long *st, unsigned long allocs,
			  unsigned long frees)
{
	printf("\nSlab Perf Counter       Alloc     Free %%Al %%Fr\n");
	printf("--------------------------------------------------\n");
	perf_row("Fastpath", st[ST_ALLOC_FASTPATH], st[ST_FREE_FASTPATH], allocs, frees);
	perf_row("Slowpath", allocs - st[ST_ALLOC_FASTPATH], st[ST_FREE_SLOWPATH],
		 allocs, frees);
	perf_row("Page Alloc", st[ST_ALLOC_SLAB], st[ST_FREE_SLAB], allocs, frees);
	perf_row("Add partial", st[ST_DEACTIVATE_TO_HEAD] + st[ST_DEACTIVATE_TO_TAIL],
		 st[ST_FREE_ADD_PARTIAL], allocs, frees);
	perf_row("Remove partial", st[ST_ALLOC_FROM_PARTIAL],
		 st[ST_FREE_REMOVE_PARTIAL], allocs, frees);
	perf_row("Cpu partial list", st[ST_CPU_PARTIAL_ALLOC],
		 st[ST_CPU_PARTIAL_FREE], allocs, frees);
	perf_row("RemoteObj/SlabFrozen", st[ST_DEACTIVATE_REMOTE_FREES],
		 st[ST_FREE_FROZEN], allocs, frees);
	printf("%-20s %8lu %8lu\n\n", "Total", allocs, frees);
	if (st[ST_CPUSLAB_FLUSH])
		printf("Flushes %8lu\n", st[ST_CPUSLAB_FLUSH]);
}

static void deact_row(const char *label, unsigned long n, unsigned long total)
{
	printf("%-29s %7lu  %3lu%%\n", label, n, n * 100 / total);
}

static void deactivations(const unsigned long *st)
{
	unsigned long total = st[ST_DEACTIVATE_FULL] + st[ST_DEACTIVATE_EMPTY] +
		st[ST_DEACTIVATE_TO_HEAD] + st[ST_DEACTIVATE_TO_TAIL] +
		st[ST_DEACTIVATE_BYPASS];

	if (!total)
		return;
	printf("\nSlab Deactivation             Occurrences %%\n");
	printf("-------------------------------------------------\n");
	deact_row("Slab full", st[ST_DEACTIVATE_FULL], total);
	deact_row("Slab empty", st[ST_DEACTIVATE_EMPTY], total);
	deact_row("Moved to head of partial list", st[ST_DEACTIVATE_TO_HEAD], total);
	deact_row("Moved to tail of partial list", st[ST_DEACTIVATE_TO_TAIL], total);
	deact_row("Deactivation bypass", st[ST_DEACTIVATE_BYPASS], total);
	deact_row("Refilled from foreign frees", st[ST_ALLOC_REFILL], total);
	deact_row("Node mismatch", st[ST_ALLOC_NODE_MISMATCH], total);
}

/* SLUB_STATS counters; nothing when the tree has none. */
static void slab_stats(const struct si_cache *s)
{
	const unsigned long *st = s->stat;
	unsigned long allocs = st[ST_ALLOC_FASTPATH] + st[ST_ALLOC_SLOWPATH];
	unsigned long frees = st[ST_FREE_FASTPATH] + st[ST_FREE_SLOWPATH];

	if (!st[ST_ALLOC_SLAB] || !allocs)
		return;
	perf_counters(st, allocs, frees);
	deactivations(st);
	if (st[ST_CMPXCHG_DOUBLE_FAIL] || st[ST_CMPXCHG_DOUBLE_CPU_FAIL]) {
		printf("\nCmpxchg_double Looping\n------------------------\n");
		printf("Locked Cmpxchg Double redos   %lu\n"
		       "Unlocked Cmpxchg Double redos %lu\n",
		       st[ST_CMPXCHG_DOUBLE_FAIL], st[ST_CMPXCHG_DOUBLE_CPU_FAIL]);
	}
}

static void report_notes(const struct si_cache *s)
{
	if (s->hwcache_align)
		printf("** Hardware cacheline aligned\n");
	if (s->cache_dma)
		printf("** Memory is allocated in a special DMA zone\n");
	if (s->cache_dma32)
		printf("** Memory is allocated in a special DMA32 zone\n");
	if (s->destroy_by_rcu)
		printf("** Slabs are destroyed via RCU\n");
	if (s->reclaim_account)
		printf("** Reclaim accounting active\n");
}

/*
 * The numbers come from files that may hold anything: the products are
 * taken in unsigned arithmetic (which wraps) and printed as the kernel's
 * tool prints them, signed.
 */
static void report_table(const struct si_cache *s)
{
	typedef unsigned long ul;
	long slab_bytes = (long)si_slab_bytes(s, si_page_size);
	long total = (long)(s->slabs * (ul)slab_bytes);
	long used = (long)(s->objects * (ul)s->object_size);
	long lalig = (long)(((ul)s->slab_size - (ul)s->object_size) * s->objects);
	long lpadd = (long)(((ul)slab_bytes - (ul)s->objs_per_slab * (ul)s->slab_size) * s->slabs);

	printf("\nSizes (bytes)     Slabs              Debug                Memory\n");
	printf("------------------------------------------------------------------------\n");
	printf("Object : %7ld  Total  : %7lu   Sanity Checks : %s  Total: %7ld\n",
	       s->object_size, s->slabs, onoff(s->sanity_checks), total);
	printf("SlabObj: %7ld  Full   : %7ld   Redzoning     : %s  Used : %7ld\n",
	       s->slab_size, (long)(s->slabs - s->partial - s->cpu_slabs),
	       onoff(s->red_zone), used);
	printf("SlabSiz: %7ld  Partial: %7lu   Poisoning     : %s  Loss : %7ld\n",
	       slab_bytes, s->partial, onoff(s->poison), (long)((ul)total - (ul)used));
	printf("Loss   : %7ld  CpuSlab: %7lu   Tracking      : %s  Lalig: %7ld\n",
	       (long)((ul)s->slab_size - (ul)s->object_size), s->cpu_slabs,
	       onoff(s->store_user), lalig);
	printf("Align  : %7ld  Objects: %7ld   Tracing       : %s  Lpadd: %7ld\n",
	       s->align, s->objs_per_slab, onoff(s->trace), lpadd);
}

/* -r: everything about one cache. */
void si_report(const struct si_tree *t, const struct si_cache *s)
{
	printf("\nSlabcache: %-15s  Aliases: %2ld Order : %2ld Objects: %lu\n",
	       s->name, s->aliases, s->order, s->objects);
	report_notes(s);
	report_table(s);
	si_ops(t, s);
	si_tracking(t, s);
	si_numa_line(t, s, true);
	slab_stats(s);
}
