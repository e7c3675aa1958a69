/* SPDX-License-Identifier: MIT */
/*
 * totals.c - the -T summary over every cache that holds objects: counts of
 * caches and aliases, memory and loss, then per-cache and per-object
 * average/min/max/total.  The kernel tool overwrites the per-cache average
 * of partial objects with a percentage; here "PartObjs" shows objects.
 */
#include "slabinfo.h"

#include <stdio.h>

/* A min/max/total accumulator. */
struct range {
	unsigned long long min, max, total;
};

static void range_add(struct range *r, unsigned long long v, int first)
{
	if (first || v < r->min)
		r->min = v;
	if (first || v > r->max)
		r->max = v;
	r->total += v;
}

/* The per-cache quantities summed over the caches in use. */
struct sums {
	int used;
	struct range objsize, partial, slabs, size, used_bytes, waste;
	struct range objects, objwaste, memobj, ppart, partobj, ppartobj;
	unsigned long long total_objwaste, total_objmem;
};

static unsigned long long cap100(unsigned long long v)
{
	return v > 100 ? 100 : v;
}

static void sum_cache(struct sums *m, const struct si_cache *s)
{
	unsigned long long size = si_cache_bytes(s);
	unsigned long long used = s->objects * (unsigned long long)s->object_size;
	unsigned long long objwaste = s->slab_size > s->object_size ?
		(unsigned long long)(s->slab_size - s->object_size) : 0;
	int first = !m->used++;

	range_add(&m->objsize, (unsigned long long)s->object_size, first);
	range_add(&m->partial, s->partial, first);
	range_add(&m->slabs, s->slabs, first);
	range_add(&m->size, size, first);
	range_add(&m->used_bytes, used, first);
	range_add(&m->waste, size - used, first);
	range_add(&m->objects, s->objects, first);
	range_add(&m->objwaste, objwaste, first);
	range_add(&m->memobj, (unsigned long long)s->slab_size, first);
	range_add(&m->ppart, cap100(s->partial * 100ULL / s->slabs), first);
	range_add(&m->partobj, s->objects_partial, first);
	range_add(&m->ppartobj, cap100(s->objects_partial * 100ULL / s->objects), first);
	m->total_objwaste += s->objects * objwaste;
	m->total_objmem += s->objects * (unsigned long long)s->slab_size;
}

static unsigned long long div0(unsigned long long a, unsigned long long b)
{
	return b ? a / b : 0;
}

static void row(const char *label, const char *gap, unsigned long long avg,
		const struct range *r, bool with_total)
{
	char b[4][32];

	si_store_size(b[0], sizeof(b[0]), avg);
	si_store_size(b[1], sizeof(b[1]), r->min);
	si_store_size(b[2], sizeof(b[2]), r->max);
	if (!with_total) {
		printf("%-10s%15s  %15s  %15s\n", label, b[0], b[1], b[2]);
		return;
	}
	si_store_size(b[3], sizeof(b[3]), r->total);
	/* between columns: gap then a space; after the last only a '%' */
	printf("%s%15s%s %15s%s %15s%s %15s%s\n", label, b[0], gap, b[1], gap,
	       b[2], gap, b[3], *gap == '%' ? "%" : "");
}

/*
 * Labels carry their own padding: "#Objects  " (10 columns) before a
 * number, "%PartSlab" (9) before a percentage, as the kernel tool prints.
 */

/* A percentage row: the total column is a ratio of totals. */
static void pct_row(const char *label, unsigned long long avg,
		    const struct range *r, unsigned long long overall)
{
	struct range shown = *r;

	shown.total = overall;
	row(label, "%", avg, &shown, true);
}

static void summary(const struct si_tree *t, const struct sums *m)
{
	char b1[32], b2[32], b3[32];

	printf("Slabcache Totals\n----------------\n");
	printf("Slabcaches : %15d   Aliases  : %11d->%-3d  Active:    %3d\n",
	       t->nr_caches, t->nr_aliases, t->id_caches, m->used);
	si_store_size(b1, sizeof(b1), m->size.total);
	si_store_size(b2, sizeof(b2), m->waste.total);
	si_store_size(b3, sizeof(b3), div0(m->waste.total * 100, m->used_bytes.total));
	printf("Memory used: %15s   # Loss   : %15s   MRatio:%6s%%\n", b1, b2, b3);
	si_store_size(b1, sizeof(b1), m->objects.total);
	si_store_size(b2, sizeof(b2), m->partobj.total);
	si_store_size(b3, sizeof(b3), div0(m->partobj.total * 100, m->objects.total));
	printf("# Objects  : %15s   # PartObj: %15s   ORatio:%6s%%\n", b1, b2, b3);
}

static void per_cache(const struct sums *m)
{
	unsigned long long n = (unsigned long long)m->used;

	printf("\nPer Cache         Average              Min              Max            Total\n");
	printf("----------------------------------------------------------------------------\n");
	row("#Objects  ", " ", div0(m->objects.total, n), &m->objects, true);
	row("#Slabs    ", " ", div0(m->slabs.total, n), &m->slabs, true);
	row("#PartSlab ", " ", div0(m->partial.total, n), &m->partial, true);
	pct_row("%PartSlab", div0(m->ppart.total, n), &m->ppart,
		div0(m->partial.total * 100, m->slabs.total));
	row("PartObjs  ", " ", div0(m->partobj.total, n), &m->partobj, true);
	pct_row("% PartObj", div0(m->ppartobj.total, n), &m->ppartobj,
		div0(m->partobj.total * 100, m->objects.total));
	row("Memory    ", " ", div0(m->size.total, n), &m->size, true);
	row("Used      ", " ", div0(m->used_bytes.total, n), &m->used_bytes, true);
	row("Loss      ", " ", div0(m->waste.total, n), &m->waste, true);
}

static void per_object(const struct sums *m)
{
	unsigned long long n = m->objects.total;

	printf("\nPer Object        Average              Min              Max\n");
	printf("-----------------------------------------------------------\n");
	row("Memory", "", div0(m->total_objmem, n), &m->memobj, false);
	row("User", "", div0(m->used_bytes.total, n), &m->objsize, false);
	row("Loss", "", div0(m->total_objwaste, n), &m->objwaste, false);
}

/* -T */
void si_totals(const struct si_tree *t)
{
	struct sums m = { 0 };
	int i;

	for (i = 0; i < t->nr_caches; i++)
		if (t->caches[i].slabs && t->caches[i].objects)
			sum_cache(&m, &t->caches[i]);
	if (!m.used) {
		printf("No objects\n");
		return;
	}
	summary(t, &m);
	per_cache(&m);
	per_object(&m);
}
