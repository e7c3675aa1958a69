/* SPDX-License-Identifier: MIT */
/*
 * slab_stats.c - the statistics API (struct zslab_cache_info) and the
 * /proc/slabinfo view built on it.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "common/lazy_boot.h"
#include "slab/slab.h"
#include "slab/slab_stats.h"
#include <zslab/zslab.h>

/* Count slabs and objects on one slab list (node lock held). */
static void count_list(const struct list_head *list, unsigned long *slabs,
		       unsigned long *inuse, unsigned long *total,
		       unsigned long *empty)
{
	const struct list_head *pos;

	list_for_each(pos, list) {
		const struct page *page = container_of(pos, struct page, lru);
		(*slabs)++;
		*empty += page->inuse == 0;
		*inuse += page->inuse;
		*total += page->objects;
	}
}

bool zs_slab_mergeable(const struct kmem_cache *s)
{
	return !zs_config.slab_nomerge && !(s->flags & (SLAB_NEVER_MERGE | SLAB_NO_SHEAF)) &&
	       !s->ctor && !s->usersize && s->refcount >= 0;
}

static void fill_layout(const struct kmem_cache *s, struct zslab_cache_info *out)
{
	memset(out, 0, sizeof(*out));
	out->cache = (struct kmem_cache *)s;
	out->name = s->name;
	zs_slab_unique_id(s, out->unique_id, sizeof(out->unique_id));
	out->mergeable = zs_slab_mergeable(s);
	out->aliases = s->refcount > 1 ? (unsigned int)s->refcount - 1 : 0;
	out->alias_names = s->aliases;
	out->nr_alias_names = s->nr_aliases;
	out->flags = s->flags & ~(SLAB_NO_SHEAF | __OBJECT_POISON | SLAB_KMALLOC);
	out->object_size = s->object_size;
	out->slab_size = s->size;
	out->align = s->align;
	out->order = s->order;
	out->objs_per_slab = s->objects;
	out->usersize = s->usersize;
	out->min_partial = __atomic_load_n(&s->min_partial, __ATOMIC_RELAXED);
	out->cpu_partial = __atomic_load_n(&s->cpu_partial, __ATOMIC_RELAXED);
	out->ctor = s->ctor;
	out->kept_by_test = __atomic_load_n(&s->kept_by_test, __ATOMIC_RELAXED);
	out->order_fallback = __atomic_load_n(&s->order_fallback, __ATOMIC_RELAXED);
}

static void fill_info(struct kmem_cache *s, struct zslab_cache_info *out)
{
	unsigned long partial = 0, full = 0, pinuse = 0, finuse = 0, ptotal = 0, ftotal = 0;
	unsigned long empty = 0, none = 0;

	fill_layout(s, out);
	zs_spin_lock(&s->node_lock);
	count_list(&s->partial, &partial, &pinuse, &ptotal, &empty);
	count_list(&s->full, &full, &finuse, &ftotal, &none);
	zs_spin_unlock(&s->node_lock);
	out->slabs = partial + full;
	out->partial = partial;
	out->full = full;
	out->empty = empty;
	out->total_objects = ptotal + ftotal;
	out->objects_partial = pinuse;
	out->objects = out->total_objects - (ptotal - pinuse);
}

int zslab_cache_get_info(struct kmem_cache *s, struct zslab_cache_info *out)
{
	if (!s || !out)
		return -EINVAL;
	if (zs_cache_destroyed(s)) {
		zs_cache_destroyed_call(s, "zslab_cache_get_info", "returning -EINVAL");
		return -EINVAL;
	}
	fill_info(s, out);
	return 0;
}

int zslab_cache_for_each(int (*fn)(const struct zslab_cache_info *info, void *arg),
			 void *arg)
{
	struct list_head *pos;
	int ret = 0;

	if (!fn)
		return -EINVAL;
	zs_lazy_boot();
	zs_spin_lock(&zs_slab_caches_lock);
	list_for_each(pos, &zs_slab_caches) {
		struct zslab_cache_info info;
		fill_info(container_of(pos, struct kmem_cache, list), &info);
		ret = fn(&info, arg);
		if (ret)
			break;
	}
	zs_spin_unlock(&zs_slab_caches_lock);
	return ret;
}

static int slabinfo_row(const struct zslab_cache_info *ci, void *arg)
{
	fprintf(arg, "%-17s %6lu %6lu %6u %4u %4d : tunables %4u %4u %4u : slabdata %6lu %6lu %6lu\n",
		ci->name, ci->objects, ci->total_objects, ci->slab_size,
		ci->objs_per_slab, 1 << ci->order, 0u, 0u, 0u,
		ci->slabs, ci->slabs, 0ul);
	return 0;
}

/* /proc/slabinfo, version 2.1: one row per cache, aliases not listed. */
void zs_show_slabinfo(FILE *out)
{
	fputs("slabinfo - version: 2.1\n"
	      "# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab>"
	      " : tunables <limit> <batchcount> <sharedfactor>"
	      " : slabdata <active_slabs> <num_slabs> <sharedavail>\n", out);
	zslab_cache_for_each(slabinfo_row, out);
}
