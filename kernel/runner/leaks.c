// SPDX-License-Identifier: MIT
/*
 * leaks.c - after module_exit: validate every cache, then report what the
 * tests left allocated.
 *
 * zslab's own caches (the cache and sheaf structures) and the kmalloc
 * caches exist before the tests; their objects then are zslab's, and
 * zslab's own caches are not checked further (a cache the tests leaked
 * is reported by name instead).  A cache made by the tests and not
 * destroyed is reported with its objects; a kmalloc cache that holds more
 * objects than before is listed object by object.  Each object line names its allocation site when the cache
 * records tracks (slub_debug=U, or SLAB_STORE_USER).  Pages allocated
 * outside slabs beyond the baseline are reported too (alloc_pages,
 * large kmalloc, vmalloc).
 *
 * A cache whose kmem_cache_destroy() found objects left inside a KUnit
 * test that counted it in "slab_errors" (slub_kunit's test_leak_destroy
 * leaks on purpose and checks the count) is the test's doing, not a leak:
 * the check frees its objects and destroys it first, saying so.
 */
#include <linux/kernel.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <zslab/zslab.h>
#include <errno.h>
#include <stdlib.h>

#include "leaks.h"

static long pages_outside_slabs(void)
{
	struct zslab_zone_info zi;
	long pages = 0;

	for (int z = 0; z < ZONE_MOVABLE; z++)
		if (!zslab_zone_get_info((enum zone_type)z, &zi))
			pages += (long)zi.allocated;
	return pages;
}

static int sum_slab_pages(const struct zslab_cache_info *ci, void *arg)
{
	*(long *)arg += (long)(ci->slabs << ci->order);
	return 0;
}

static long nonslab_pages(void)
{
	long slab = 0;

	zslab_cache_for_each(sum_slab_pages, &slab);
	return pages_outside_slabs() - slab;
}

static int record(const struct zslab_cache_info *ci, void *arg)
{
	struct zsk_leak_baseline *base = arg;

	if (base->nr < ZSK_MAX_BASE_CACHES) {
		base->cache[base->nr] = ci->cache;
		base->objects[base->nr++] = ci->objects;
	}
	return 0;
}

void zsk_leak_baseline(struct zsk_leak_baseline *base)
{
	/* this thread's per-thread cache table (a page) exists from now on */
	kfree(kmalloc(8, GFP_KERNEL));
	memset(base, 0, sizeof(*base));
	zslab_shrink_all();
	zslab_cache_for_each(record, base);
	base->pages = nonslab_pages();
}

/* The baseline index of @s, or -1 for a cache the tests made. */
static int base_index(const struct zsk_leak_baseline *base, struct kmem_cache *s)
{
	for (unsigned int i = 0; i < base->nr; i++)
		if (base->cache[i] == s)
			return (int)i;
	return -1;
}

static int print_object(const struct zslab_object_info *oi, void *arg)
{
	const char *name = arg;

	if (oi->alloc_site) {
		pr_err("zslab-kunit: %s: object 0x%px (%u bytes) allocated at %pS age=%lu pid=%d\n",
		       name, oi->addr, oi->size, oi->alloc_site, oi->age_ms, oi->alloc_pid);
		for (unsigned int i = 0; i < oi->alloc_depth; i++)
			pr_err("\t%pS\n", oi->alloc_stack[i]);
	} else
		pr_err("zslab-kunit: %s: object 0x%px (%u bytes) still allocated\n",
		       name, oi->addr, oi->size);
	return 0;
}

static bool is_kmalloc_cache_name(const char *name)
{
	return !strncmp(name, "kmalloc-", 8) || !strncmp(name, "dma-kmalloc-", 12);
}

/* A snapshot of the caches: validated and checked outside the walk. */
struct cache_list {
	struct kmem_cache *cache[256];
	const char *name[256];
	unsigned long objects[256];
	unsigned int flags[256];
	unsigned int nr;
};

static int collect(const struct zslab_cache_info *ci, void *arg)
{
	struct cache_list *l = arg;

	if (l->nr < 256) {
		l->cache[l->nr] = ci->cache;
		l->name[l->nr] = ci->name;
		l->flags[l->nr] = ci->flags;
		l->objects[l->nr++] = ci->objects;
	}
	return 0;
}

struct object_list {
	void **p;
	size_t nr, cap;
};

static int collect_object(const struct zslab_object_info *oi, void *arg)
{
	struct object_list *o = arg;

	if (o->nr == o->cap) {
		size_t cap = o->cap ? o->cap * 2 : 64;
		void **grown = realloc(o->p, cap * sizeof(*grown));

		if (!grown)
			return -ENOMEM;
		o->p = grown;
		o->cap = cap;
	}
	o->p[o->nr++] = oi->addr;
	return 0;
}

static int find_kept(const struct zslab_cache_info *ci, void *arg)
{
	struct kmem_cache **kept = arg;

	if (ci->kept_by_test) {
		*kept = ci->cache;
		return 1;
	}
	return 0;
}

/* Empties and destroys the caches KUnit tests kept on purpose. */
static void release_kept_caches(void)
{
	struct kmem_cache *s = NULL, *last = NULL;

	/* a cache found again could not be destroyed: it is reported below */
	while (zslab_cache_for_each(find_kept, &s) == 1 && s && s != last) {
		struct object_list o = { 0 };
		struct zslab_cache_info ci;

		zslab_cache_get_info(s, &ci);
		if (zslab_cache_for_each_object(s, collect_object, &o)) {
			pr_err("zslab-kunit: no memory to release cache %s\n", ci.name);
			free(o.p);
			return;
		}
		pr_info("zslab-kunit: cache %s was kept by a kmem_cache_destroy() its test counted; %zu objects freed and the cache destroyed\n",
			ci.name, o.nr);
		for (size_t i = 0; i < o.nr; i++)
			kmem_cache_free(s, o.p[i]);
		free(o.p);
		kmem_cache_destroy(s);
		last = s;
		s = NULL;
	}
}

int zsk_leak_check(const struct zsk_leak_baseline *base)
{
	static struct cache_list l;
	int failed = 0;
	long pages;

	release_kept_caches();
	zslab_shrink_all();
	l.nr = 0;
	zslab_cache_for_each(collect, &l);
	for (unsigned int i = 0; i < l.nr; i++) {
		int b = base_index(base, l.cache[i]);
		long errors = kmem_cache_validate(l.cache[i]);

		if (errors) {
			pr_err("zslab-kunit: validate %s: %ld errors\n", l.name[i], errors);
			failed++;
		}
		if (b < 0) {
			pr_err("zslab-kunit: cache %s was not destroyed (%lu objects allocated)\n",
			       l.name[i], l.objects[i]);
			zslab_cache_for_each_object(l.cache[i], print_object, (void *)l.name[i]);
			failed++;
		} else if (is_kmalloc_cache_name(l.name[i]) && l.objects[i] > base->objects[b]) {
			pr_err("zslab-kunit: %s: %lu objects still allocated (%lu before the tests)\n",
			       l.name[i], l.objects[i], base->objects[b]);
			zslab_cache_for_each_object(l.cache[i], print_object, (void *)l.name[i]);
			failed++;
		}
	}
	pages = nonslab_pages() - base->pages;
	if (pages > 0) {
		pr_err("zslab-kunit: %ld pages still allocated outside slabs\n", pages);
		failed++;
	}
	return failed;
}
