/* SPDX-License-Identifier: MIT */
/*
 * sort.c - the order of the listing.  Caches sort by name
 * (case-insensitive), or largest first by space, activity, loss or partial
 * slabs with ties by name; -i reverses the whole order.  (The kernel tool
 * negates a 0/1 comparison for -i, so its numeric sorts never reverse; here
 * they do.)  Aliases sort by target with -a, by their own name otherwise.
 */
#include "slabinfo.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Bytes of memory the cache's slabs take. */
unsigned long si_cache_bytes(const struct si_cache *s)
{
	return s->slabs * si_slab_bytes(s, si_page_size);
}

/* Bytes of those not holding object payload. */
unsigned long si_cache_loss(const struct si_cache *s)
{
	return si_cache_bytes(s) - s->objects * (unsigned long)s->object_size;
}

unsigned long si_cache_activity(const struct si_cache *s)
{
	return s->stat[ST_ALLOC_FASTPATH] + s->stat[ST_FREE_FASTPATH] +
	       s->stat[ST_ALLOC_SLOWPATH] + s->stat[ST_FREE_SLOWPATH];
}

static enum si_sort sort_how;

static unsigned long sort_key(const struct si_cache *s)
{
	switch (sort_how) {
	case SORT_SIZE:
		return si_cache_bytes(s);
	case SORT_ACTIVE:
		return si_cache_activity(s);
	case SORT_LOSS:
		return si_cache_loss(s);
	case SORT_PARTIAL:
		return s->partial;
	default:
		return 0;
	}
}

static int cache_cmp(const void *a, const void *b)
{
	const struct si_cache *x = a, *y = b;
	unsigned long kx = sort_key(x), ky = sort_key(y);
	int r = kx != ky ? (kx < ky ? 1 : -1) : strcasecmp(x->name, y->name);

	if (!r)
		r = strcmp(x->dir, y->dir);
	return si_opt.show_inverted ? -r : r;
}

/*
 * Sorting moves caches, so aliases are linked again afterwards by the
 * caller (si_link_aliases()) when it needs them.
 */
void si_sort_caches(struct si_tree *t, enum si_sort how)
{
	sort_how = how;
	if (t->nr_caches > 1)
		qsort(t->caches, (size_t)t->nr_caches, sizeof(*t->caches), cache_cmp);
}

static int alias_cmp(const void *a, const void *b)
{
	const struct si_alias *x = a, *y = b;
	int r = 0;

	if (si_opt.show_alias && !si_opt.show_inverted)
		r = strcasecmp(x->ref, y->ref);
	return r ? r : strcasecmp(x->name, y->name);
}

void si_sort_aliases(struct si_tree *t)
{
	if (t->nr_aliases > 1)
		qsort(t->aliases, (size_t)t->nr_aliases, sizeof(*t->aliases), alias_cmp);
}
