/* SPDX-License-Identifier: MIT */
/*
 * list.c - one line per cache: the default listing (-l), the activity
 * listing (-D) and the per-node listing (-n), each with its header before
 * the first line printed.
 */
#include "slabinfo.h"

#include <stdio.h>

static int lines_printed;

/* Start a new listing: the next line printed is preceded by its header. */
void si_list_reset(void)
{
	lines_printed = 0;
}

static void list_header(void)
{
	if (si_opt.show_activity)
		printf("Name                   Objects      Alloc       Free"
		       "   %%Fast Fallb O CmpX   UL\n");
	else
		printf("Name                   Objects Objsize           %s "
		       "Slabs/Part/Cpu  O/S O %%Fr %%Ef Flg\n",
		       si_opt.sort_loss_column ? " Loss" : "Space");
}

/* The Flg column: * d D A P a Z F U T, in that order. */
static void cache_flags(const struct si_cache *s, char *f)
{
	const struct { long on; char c; } flag[] = {
		{ s->aliases, '*' }, { s->cache_dma, 'd' }, { s->cache_dma32, 'D' },
		{ s->hwcache_align, 'A' }, { s->poison, 'P' },
		{ s->reclaim_account, 'a' }, { s->red_zone, 'Z' },
		{ s->sanity_checks, 'F' }, { s->store_user, 'U' }, { s->trace, 'T' },
	};
	size_t i;

	for (i = 0; i < sizeof(flag) / sizeof(flag[0]); i++)
		if (flag[i].on)
			*f++ = flag[i].c;
	*f = 0;
}

static unsigned long percent(unsigned long part, unsigned long whole)
{
	return whole ? part * 100 / whole : 0;
}

static void activity_line(const struct si_cache *s)
{
	const unsigned long *st = s->stat;
	unsigned long allocs = st[ST_ALLOC_FASTPATH] + st[ST_ALLOC_SLOWPATH];
	unsigned long frees = st[ST_FREE_FASTPATH] + st[ST_FREE_SLOWPATH];

	printf("%-21s %8lu %10lu %10lu %3lu %3lu %5lu %1ld %4lu %4lu\n",
	       s->name, s->objects, allocs, frees,
	       percent(st[ST_ALLOC_FASTPATH], allocs),
	       percent(st[ST_FREE_FASTPATH], frees),
	       st[ST_ORDER_FALLBACK], s->order,
	       st[ST_CMPXCHG_DOUBLE_FAIL], st[ST_CMPXCHG_DOUBLE_CPU_FAIL]);
}

static void space_line(const struct si_cache *s)
{
	char size[32], dist[80], flags[16];
	unsigned long bytes = si_cache_bytes(s);

	si_store_size(size, sizeof(size),
		      si_opt.sort_loss_column ? si_cache_loss(s) : bytes);
	snprintf(dist, sizeof(dist), "%ld/%lu/%lu",
		 (long)(s->slabs - s->cpu_slabs), s->partial, s->cpu_slabs);
	cache_flags(s, flags);
	printf("%-21s %8lu %7ld %15s %14s %4ld %1ld %3lu %3lu %s\n",
	       s->name, s->objects, s->object_size, size, dist,
	       s->objs_per_slab, s->order,
	       s->slabs ? percent(s->partial, s->slabs) : 100,
	       bytes ? percent(s->objects * (unsigned long)s->object_size, bytes) : 100,
	       flags);
}

/*
 * One listing line for @s, unless it is filtered out: empty caches are
 * skipped unless -z (and with -e only empty ones are shown); -U skips
 * reclaimable caches.
 */
void si_list_line(const struct si_tree *t, const struct si_cache *s)
{
	(void)t;
	if (si_opt.unreclaim_only && s->reclaim_account)
		return;
	if (si_opt.skip_zero && !si_opt.show_empty && !s->slabs)
		return;
	if (si_opt.show_empty && s->slabs)
		return;
	if (!lines_printed++)
		list_header();
	if (si_opt.show_activity)
		activity_line(s);
	else
		space_line(s);
}

static void numa_row(const char *label, const unsigned long *v, int nr,
		     int highest)
{
	char b[32];
	int node;

	printf("%-21s ", label);
	for (node = 0; node <= highest; node++) {
		si_store_size(b, sizeof(b), si_node(v, nr, node));
		printf(" %4s", b);
	}
	printf("\n");
}

/*
 * Slabs per node of @s: a "Slab" table over all caches (-n, header once),
 * or within a report an "All slabs"/"Partial slabs" table of its own.
 * A tree without node lists beyond node 0 has "No NUMA information".
 */
void si_numa_line(const struct si_tree *t, const struct si_cache *s,
		  bool report)
{
	int node;

	if (!t->highest_node) {
		printf("\n%s: No NUMA information available.\n", s->name);
		return;
	}
	if (si_opt.skip_zero && !s->slabs)
		return;
	if (report || !lines_printed++) {
		printf("\n%-21s:", report ? "NUMA nodes" : "Slab");
		for (node = 0; node <= t->highest_node; node++)
			printf(" %4d", node);
		printf("\n----------------------");
		for (node = 0; node <= t->highest_node; node++)
			printf("-----");
		printf("\n");
	}
	numa_row(report ? "All slabs" : s->name, s->numa, s->nr_numa,
		 t->highest_node);
	if (report)
		numa_row("Partial slabs", s->numa_partial, s->nr_numa_partial,
			 t->highest_node);
}
