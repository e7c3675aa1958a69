/* SPDX-License-Identifier: MIT */
/*
 * slab_validate.c - check the slab invariants stated in slab.h.  Each
 * problem is reported through the report path and counted.
 */
#include <errno.h>

#include "common/report.h"
#include "slab/class_map.h"
#include "slab/sheaf_fast.h"
#include "slab/slab.h"
#include "slab/slab_map.h"
#include "slab/slub_debug.h"
#include "slab/slub_internal.h"

static long slab_problem(const struct kmem_cache *s, const struct page *page,
			 const char *what)
{
	zs_report(ZS_BUG, "BUG %s (Not tainted): %s\nINFO: Slab %p objects=%u used=%u fp=%p flags=%#x",
		  s->name, what, (const void *)page, page->objects, page->inuse,
		  page->freelist, page->flags);
	return 1;
}

/* Walk one slab's freelist: every entry a valid object, no loop. */
static long check_slab(struct kmem_cache *s, struct page *page, bool on_partial)
{
	struct zs_objmap map;
	unsigned long nfree;
	long bad = 0;

	if (page->slab_cache != s || !(page->flags & PG_slab) || (page->flags & PG_tail))
		return slab_problem(s, page, "Not a slab of this cache");
	if (page->objects > (PAGE_SIZE << page->order) / s->size)
		return slab_problem(s, page, "Wrong number of objects");
	if (zs_slab_colour(page) + (size_t)page->objects * s->size > (PAGE_SIZE << page->order) ||
	    (page->colour && !(s->flags & SLAB_COLOUR)))
		return slab_problem(s, page, "Wrong colour");
	if (!zs_class_map_check(s, page))
		return slab_problem(s, page, "Wrong class map entries");
	switch (zs_slab_get_map(s, page, &map)) {
	case ZS_MAP_BAD_POINTER:
		return slab_problem(s, page, "Freepointer corrupt");
	case ZS_MAP_LOOP:
		return slab_problem(s, page, "Freelist loops (object free twice)");
	case ZS_MAP_OK:
		break;
	}
	nfree = zs_objmap_count(&map, page->objects);
	if (page->inuse + nfree != page->objects)
		bad += slab_problem(s, page, "inuse + free != objects");
	if (on_partial != (nfree > 0))
		bad += slab_problem(s, page, on_partial ? "Full slab on the partial list" :
				    "Slab with free objects on the full list");
	return bad;
}

static long check_list(struct kmem_cache *s, struct list_head *list,
		       bool partial, unsigned long *count, unsigned long *objects)
{
	struct list_head *pos;
	long bad = 0;

	list_for_each(pos, list) {
		struct page *page = container_of(pos, struct page, lru);
		bad += check_slab(s, page, partial);
		(*count)++;
		*objects += page->objects;
	}
	return bad;
}

/* Every barn sheaf full (or empty), of this cache, counted right. */
static long check_barn(struct kmem_cache *s, struct list_head *list,
		       bool full, unsigned int nr)
{
	struct list_head *pos;
	unsigned int n = 0;
	long bad = 0;

	list_for_each(pos, list) {
		struct sheaf *sh = container_of(pos, struct sheaf, node);
		n++;
		if (sh->s != s || sh->count != (full ? sh->cap : 0) || sh->cap > SHEAF_MAX ||
		    sh->spare) {
			zs_report(ZS_BUG, "BUG %s (Not tainted): barn sheaf %p count %u cap %u on the %s list",
				  s->name, (void *)sh, sh->count, sh->cap, full ? "full" : "empty");
			bad++;
		}
	}
	if (n != nr) {
		zs_report(ZS_BUG, "BUG %s (Not tainted): barn %s list holds %u sheaves, counted %u",
			  s->name, full ? "full" : "empty", n, nr);
		bad++;
	}
	return bad;
}

/* This thread's main sheaf of @s and its spare (struct sheaf): the spare
 * of the same cache and thread, with no spare of its own, empty or full.
 * Only this thread's: another's may be swapping them meanwhile. */
static long check_my_spare(struct kmem_cache *s)
{
	const struct sheaf *sh = zs_my_sheaf(s), *sp = sh->spare;

	if (sh->s != s || !sp)
		return 0;
	if (sp->s == s && sp->owner == sh->owner && !sp->spare &&
	    sp->cap == s->sheaf_cap && (sp->count == 0 || sp->count == sp->cap))
		return 0;
	zs_report(ZS_BUG, "BUG %s (Not tainted): spare sheaf %p: cache %p count %u cap %u spare %p",
		  s->name, (const void *)sp, (const void *)sp->s, sp->count, sp->cap,
		  (const void *)sp->spare);
	return 1;
}

/* s->growing (slab.h): counted right, new slabs of this cache, unused. */
static long check_growing(struct kmem_cache *s)
{
	struct list_head *pos;
	unsigned long n = 0;
	long bad = 0;

	list_for_each(pos, &s->growing) {
		const struct page *page = container_of(pos, struct page, lru);
		n++;
		if (page->slab_cache != s || !(page->flags & PG_slab) || page->inuse) {
			zs_report(ZS_BUG, "BUG %s (Not tainted): growing slab %p: cache %p inuse %u flags %#x",
				  s->name, (const void *)page, (const void *)page->slab_cache,
				  page->inuse, page->flags);
			bad++;
		}
	}
	if (n != s->nr_growing) {
		zs_report(ZS_BUG, "BUG %s (Not tainted): growing list holds %lu slabs, counted %lu",
			  s->name, n, s->nr_growing);
		bad++;
	}
	return bad;
}

long zs_slab_validate_cache(struct kmem_cache *s)
{
	unsigned long np = 0, nf = 0, objects = 0;
	long bad;

	zs_spin_lock(&s->node_lock);
	bad = check_list(s, &s->partial, true, &np, &objects);
	bad += check_list(s, &s->full, false, &nf, &objects);
	bad += check_barn(s, &s->barn_full, true, s->nr_barn_full);
	bad += check_barn(s, &s->barn_empty, false, s->nr_barn_empty);
	bad += check_growing(s);
	bad += check_my_spare(s);
	if (np != s->nr_partial || nf != s->nr_full || objects != s->total_objects) {
		zs_report(ZS_BUG, "BUG %s (Not tainted): slab counts: partial %lu/%lu full %lu/%lu objects %lu/%lu",
			  s->name, np, s->nr_partial, nf, s->nr_full, objects, s->total_objects);
		bad++;
	}
	if (!zs_class_check(s)) {
		zs_report(ZS_BUG, "BUG %s (Not tainted): class map class %u disagrees with the cache",
			  s->name, s->class_code);
		bad++;
	}
	zs_spin_unlock(&s->node_lock);
	return bad;
}

/* Add the pages of @s's slabs to @pages[zone] (node lock taken here). */
static void count_slab_pages(struct kmem_cache *s, long pages[MAX_NR_ZONES])
{
	struct list_head *lists[3] = { &s->partial, &s->full, &s->growing }, *pos;

	zs_spin_lock(&s->node_lock);
	for (int i = 0; i < 3; i++)
		list_for_each(pos, lists[i]) {
			const struct page *page = container_of(pos, struct page, lru);
			pages[page->zone] += 1L << page->order;
		}
	zs_spin_unlock(&s->node_lock);
}

/*
 * zs_mod_zone_zslab()'s invariant: each zone's nr_zslab is the pages of
 * the internal caches' slabs plus the registered threads' sheaf tables
 * (zs_slab_caches_lock held; no other thread allocating).
 */
static long check_zslab_pages(void)
{
	long pages[MAX_NR_ZONES] = { 0 }, bad = 0;
	struct list_head *pos;

	list_for_each(pos, &zs_slab_caches) {
		struct kmem_cache *s = container_of(pos, struct kmem_cache, list);
		if (zs_cache_internal(s))
			count_slab_pages(s, pages);
	}
	zs_sheaf_count_tables(pages);
	for (unsigned int z = 0; z < MAX_NR_ZONES; z++)
		if (pages[z] != atomic_load(&zs_zones[z].nr_zslab)) {
			zs_report(ZS_BUG, "zslab: validate: zone %s: nr_zslab %ld, but zslab holds %ld pages",
				  zs_zones[z].name, atomic_load(&zs_zones[z].nr_zslab), pages[z]);
			bad++;
		}
	return bad;
}

long zs_slab_validate_all(void)
{
	struct list_head *pos;
	long bad = 0;

	zs_spin_lock(&zs_slab_caches_lock);
	list_for_each(pos, &zs_slab_caches)
		bad += zs_slab_validate_cache(container_of(pos, struct kmem_cache, list));
	bad += zs_slab_validate_dead();
	bad += check_zslab_pages();
	zs_spin_unlock(&zs_slab_caches_lock);
	return bad;
}

/* --- kmem_cache_validate(): the kernel's validate_slab_cache() ------------ */

static unsigned long validate_list(struct kmem_cache *s, struct list_head *list,
				   bool check)
{
	struct list_head *pos;
	unsigned long n = 0;

	list_for_each(pos, list) {
		if (check)
			zs_debug_validate_slab(s, container_of(pos, struct page, lru));
		n++;
	}
	return n;
}

/* "SLUB <cache>: N partial slabs counted but counter=M" and the total. */
static void check_counters(struct kmem_cache *s, unsigned long np, unsigned long nf)
{
	if (np != s->nr_partial) {
		zs_report(ZS_BUG, "SLUB %s: %lu partial slabs counted but counter=%lu",
			  s->name, np, s->nr_partial);
		zs_debug_nreports++;
		zs_debug_kunit_error(true);   /* counted and printed, as SLUB does */
	}
	if (np + nf != s->nr_partial + s->nr_full) {
		zs_report(ZS_BUG, "SLUB: %s %lu slabs counted but counter=%lu",
			  s->name, np + nf, s->nr_partial + s->nr_full);
		zs_debug_nreports++;
		zs_debug_kunit_error(true);
	}
}

long kmem_cache_validate(struct kmem_cache *s)
{
	unsigned long before = zs_debug_nreports, np, nf;

	if (!s) {
		zs_report(ZS_ERR, "kmem_cache_validate: cache is NULL");
		return -EINVAL;
	}
	if (zs_cache_destroyed(s)) {
		zs_cache_destroyed_call(s, "kmem_cache_validate", "returning -EINVAL");
		return -EINVAL;
	}
	zs_sheaf_flush_mine(s);
	zs_spin_lock(&s->node_lock);
	np = validate_list(s, &s->partial, true);
	nf = validate_list(s, &s->full, (s->flags & SLAB_STORE_USER) != 0);
	check_counters(s, np, nf);
	zs_spin_unlock(&s->node_lock);
	return (long)(zs_debug_nreports - before);
}
