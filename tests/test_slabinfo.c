/* SPDX-License-Identifier: MIT */
/*
 * test_slabinfo - the statistics API and /proc/slabinfo (version 2.1):
 * the exact header, one row per cache in the kernel's column format,
 * aliases not listed, and numbers equal to what zslab_cache_get_info()
 * and the cache's own allocations say.
 */
#include <string.h>

#include "zt.h"

#define HDR2 "# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>\n"

struct row {
	char name[64];
	unsigned long active, num, objsize, perslab, pages, t1, t2, t3, as, ns, sa;
};

/* Print slabinfo to a buffer and find @name's row; returns rows seen. */
static int slabinfo_rows(const char *name, struct row *out, char *buf, size_t len)
{
	FILE *f = fmemopen(buf, len, "w");
	int rows = 0, found = 0;

	REQUIRE(f);
	CHECK_EQ(zslab_proc_show("slabinfo", f), 0);
	fclose(f);
	CHECK(!strncmp(buf, "slabinfo - version: 2.1\n" HDR2, strlen("slabinfo - version: 2.1\n" HDR2)));
	for (char *line = strchr(strchr(buf, '\n') + 1, '\n') + 1; *line; line = strchr(line, '\n') + 1) {
		struct row r;
		int n = sscanf(line, "%63s %lu %lu %lu %lu %lu : tunables %lu %lu %lu : slabdata %lu %lu %lu",
			       r.name, &r.active, &r.num, &r.objsize, &r.perslab, &r.pages,
			       &r.t1, &r.t2, &r.t3, &r.as, &r.ns, &r.sa);
		CHECK_EQ(n, 12);
		CHECK(r.t1 == 0 && r.t2 == 0 && r.t3 == 0 && r.sa == 0 && r.as == r.ns);
		CHECK(r.active <= r.num);
		if (!strcmp(r.name, name)) {
			*out = r;
			found++;
		}
		rows++;
		if (!strchr(line, '\n'))
			break;
	}
	CHECK(found <= 1);
	return found ? rows : -rows;
}

/* The column widths of one row: %-17s %6lu %6lu %6u %4u %4d. */
static void check_row_format(const char *buf, const char *name)
{
	char want[256];
	struct zslab_cache_info ci;
	struct kmem_cache *s = kmem_cache_create(name, 1, 0, 0, NULL); /* alias or not, unused */

	(void)ci;
	kmem_cache_destroy(s);
	snprintf(want, sizeof(want), "\n%-17s ", name);
	CHECK(strstr(buf, want) != NULL);
}

static int count_cache(const struct zslab_cache_info *ci, void *arg)
{
	(*(int *)arg)++;
	CHECK(ci->name && ci->unique_id[0] == ':');
	CHECK(ci->total_objects == ci->slabs * ci->objs_per_slab || ci->order_fallback);
	/* the per-state counts add up (documented invariants) */
	CHECK_EQ(ci->slabs, ci->partial + ci->full);
	CHECK(ci->empty <= ci->partial);
	CHECK(ci->objects_partial <= ci->objects && ci->objects <= ci->total_objects);
	return 0;
}

struct slab_pages {
	long reclaimable, unreclaimable;
};

static int sum_slab_pages(const struct zslab_cache_info *ci, void *arg)
{
	struct slab_pages *sp = arg;
	long pages = (long)ci->slabs << ci->order;

	if (ci->order_fallback)
		pages = -1000000;   /* fallback slabs are smaller: not exact */
	if (ci->flags & SLAB_RECLAIM_ACCOUNT)
		sp->reclaimable += pages;
	else
		sp->unreclaimable += pages;
	return 0;
}

/* zoneinfo's per-node stats equal the slab pages the caches report. */
static void check_node_stats(long large_pages)
{
	static char buf[1 << 16];
	struct slab_pages sp = { 0, 0 };
	long rec = -1, unrec = -1;
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	REQUIRE(f);
	zslab_proc_show("zoneinfo", f);
	fclose(f);
	char *ps = strstr(buf, "\n  per-node stats\n");
	CHECK(ps != NULL);
	if (ps) {
		CHECK_EQ(sscanf(ps, "\n  per-node stats\n      nr_slab_reclaimable %ld\n      nr_slab_unreclaimable %ld",
				&rec, &unrec), 2);
	}
	zslab_cache_for_each(sum_slab_pages, &sp);
	CHECK_EQ(rec, sp.reclaimable);
	CHECK_EQ(unrec, sp.unreclaimable + large_pages);
}

static int stop_at_third(const struct zslab_cache_info *ci, void *arg)
{
	(void)ci;
	return ++*(int *)arg == 3 ? 42 : 0;
}

int main(void)
{
	static char buf[1 << 16];
	struct zslab_cache_info ci;
	struct row r;
	void *p[100];
	int n = 0;

	zt_capture_reports();
	REQUIRE(zslab_init("memmap=4G@0x40000000") == 0);
	struct kmem_cache *a = kmem_cache_create("io-pgtable_armv7s_l2", 1024, 1024, SLAB_CACHE_DMA32, NULL);
	struct kmem_cache *b = kmem_cache_create("other_l2", 1024, 1024, SLAB_CACHE_DMA32, NULL);
	REQUIRE(a && a == b);
	for (int i = 0; i < 100; i++)
		REQUIRE((p[i] = kmem_cache_alloc(a, GFP_KERNEL)));

	/* the stats API */
	CHECK_EQ(zslab_cache_get_info(b, &ci), 0);
	CHECK(!strcmp(ci.name, "io-pgtable_armv7s_l2"));
	CHECK(!strcmp(ci.unique_id, ":D-0001024"));
	CHECK_EQ(ci.aliases, 1);
	CHECK_EQ(ci.nr_alias_names, 1);
	CHECK(!strcmp(ci.alias_names[0], "other_l2"));
	CHECK(ci.mergeable && (ci.flags & SLAB_CACHE_DMA32));
	CHECK_EQ(ci.object_size, 1024);
	CHECK_EQ(ci.slab_size, 1024);
	CHECK_EQ(ci.align, 1024);
	CHECK(ci.objects >= 100 && ci.objects <= ci.total_objects);
	CHECK_EQ(ci.total_objects, ci.slabs * ci.objs_per_slab);
	CHECK(ci.ctor == NULL);
	/* 100 objects: the slabs before the last are full, none is empty */
	CHECK_EQ(ci.full + ci.partial, ci.slabs);
	CHECK(ci.full >= 100 / ci.objs_per_slab - 1);
	CHECK_EQ(ci.empty, 0);
	CHECK_EQ(zslab_cache_get_info(NULL, &ci), -EINVAL);

	/* slabinfo: one row for the merged pair, under the oldest name */
	CHECK(slabinfo_rows("io-pgtable_armv7s_l2", &r, buf, sizeof(buf)) > 0);
	CHECK(slabinfo_rows("other_l2", &r, buf, sizeof(buf)) < 0);
	slabinfo_rows("io-pgtable_armv7s_l2", &r, buf, sizeof(buf));
	zslab_cache_get_info(a, &ci);
	CHECK_EQ(r.active, ci.objects);
	CHECK_EQ(r.num, ci.total_objects);
	CHECK_EQ(r.objsize, 1024);
	CHECK_EQ(r.perslab, ci.objs_per_slab);
	CHECK_EQ(r.pages, 1UL << ci.order);
	CHECK_EQ(r.ns, ci.slabs);
	check_row_format(buf, "kmalloc-1k");

	/* numbers follow the cache: free everything, shrink, no slabs left */
	for (int i = 0; i < 100; i++)
		kmem_cache_free(a, p[i]);
	kmem_cache_shrink(a);
	slabinfo_rows("io-pgtable_armv7s_l2", &r, buf, sizeof(buf));
	CHECK_EQ(r.num, 0);
	CHECK_EQ(r.ns, 0);

	/* the node counters follow slab pages and large kmalloc blocks */
	check_node_stats(0);
	void *big = kmalloc(20000, GFP_KERNEL | __GFP_RECLAIMABLE);
	void *small = kmalloc(100, GFP_KERNEL | __GFP_RECLAIMABLE);
	REQUIRE(big && small);
	check_node_stats(8);
	kfree(big);
	kfree(small);
	check_node_stats(0);

	/* the walk visits every cache and stops when asked */
	CHECK_EQ(zslab_cache_for_each(count_cache, &n), 0);
	CHECK(n >= 3 * 13 + 3);
	n = 0;
	CHECK_EQ(zslab_cache_for_each(stop_at_third, &n), 42);
	CHECK_EQ(zslab_cache_for_each(NULL, NULL), -EINVAL);

	kmem_cache_destroy(b);
	kmem_cache_destroy(a);
	CHECK(slabinfo_rows("io-pgtable_armv7s_l2", &r, buf, sizeof(buf)) < 0);
	CHECK_EQ(zt_reports_reset(), 0);
	zslab_exit();
	return zt_summary("test_slabinfo");
}
