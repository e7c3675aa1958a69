/* SPDX-License-Identifier: MIT */
/*
 * test_slab_bulk.c - the bulk API: kmem_cache_alloc_bulk() fills n
 * distinct, usable objects and returns n; it is all or nothing when a new
 * slab cannot be had (fail_page_alloc= makes every page allocation fail):
 * it returns 0 and loses nothing - the cache's slabs, counts and free
 * objects are as before; kmem_cache_free_bulk() returns everything (0
 * objects warns); kfree_bulk() frees a mix of caches, kmalloc classes and
 * a large kmalloc.
 */
#include "zt.h"

#include <stdint.h>

#include "mm/mm_internal.h"
#include "slab/slab.h"

static void boot(const char *cmdline)
{
	zslab_exit();
	REQUIRE(zslab_init(cmdline) == 0);
}

static long free_pages_now(void)
{
	long n = 0;

	for (unsigned int z = 0; z < MAX_NR_ZONES; z++)
		n += atomic_load(&zs_zones[z].nr_free);
	return n;
}

static int cmp_ptr(const void *x, const void *y)
{
	uintptr_t a = (uintptr_t)*(void *const *)x, b = (uintptr_t)*(void *const *)y;

	return a < b ? -1 : a > b;
}

/* Are the @n pointers at @p distinct objects of @s? */
static bool distinct_objects_of(struct kmem_cache *s, void **p, size_t n)
{
	void **w = malloc(n * sizeof(void *));
	size_t bad = 0;

	REQUIRE(w);
	memcpy(w, p, n * sizeof(void *));
	qsort(w, n, sizeof(void *), cmp_ptr);
	for (size_t i = 0; i < n; i++) {
		bad += !w[i] || zs_obj_cache(w[i]) != s;
		bad += i && w[i] == w[i - 1];
	}
	free(w);
	return bad == 0;
}

/* Write every object's index into all of it, then read all back. */
static bool usable(void **p, size_t n, unsigned int size)
{
	size_t bad = 0;

	for (size_t i = 0; i < n; i++)
		for (unsigned int k = 0; k < size / 8; k++)
			((uint64_t *)p[i])[k] = i * 1000003u + k;
	for (size_t i = 0; i < n; i++)
		for (unsigned int k = 0; k < size / 8; k++)
			bad += ((uint64_t *)p[i])[k] != i * 1000003u + k;
	return bad == 0;
}

/* Slab-level census: slabs, objects in them, objects in use. */
struct census {
	unsigned long slabs, total, inuse;
};

static struct census census_of(struct kmem_cache *s)
{
	struct census c = { s->nr_partial + s->nr_full, s->total_objects, 0 };
	struct list_head *pos;

	list_for_each(pos, &s->partial)
		c.inuse += container_of(pos, struct page, lru)->inuse;
	list_for_each(pos, &s->full)
		c.inuse += container_of(pos, struct page, lru)->inuse;
	return c;
}

/* --- alloc_bulk / free_bulk ------------------------------------------------- */

static void test_bulk_basic(void)
{
	static const size_t counts[] = { 1, 2, 16, 31, 32, 33, 63, 64, 65, 100, 1000, 5000 };
	struct kmem_cache *s = kmem_cache_create("bulk-256", 256, 0, SLAB_NO_MERGE, NULL);
	void **p = malloc(5000 * sizeof(void *));

	REQUIRE(s && p);
	zt_reports = 0;
	for (size_t c = 0; c < sizeof(counts) / sizeof(counts[0]); c++) {
		size_t n = counts[c];
		memset(p, 0, n * sizeof(void *));
		CHECK_EQ(kmem_cache_alloc_bulk(s, GFP_KERNEL, n, p), (long)n);
		CHECK(distinct_objects_of(s, p, n));
		CHECK(usable(p, n, 256));
		kmem_cache_free_bulk(s, n, p);
	}
	/* Everything came back: no slab is left after a shrink. */
	CHECK_EQ(kmem_cache_shrink(s), 0);
	CHECK_EQ(s->total_objects, 0);

	/* __GFP_ZERO zeroes objects that were dirty. */
	CHECK_EQ(kmem_cache_alloc_bulk(s, GFP_KERNEL, 500, p), 500);
	for (int i = 0; i < 500; i++)
		memset(p[i], 0xcd, 256);
	kmem_cache_free_bulk(s, 500, p);
	CHECK_EQ(kmem_cache_alloc_bulk(s, GFP_KERNEL | __GFP_ZERO, 500, p), 500);
	size_t nonzero = 0;
	for (int i = 0; i < 500; i++)
		for (int b = 0; b < 256; b++)
			nonzero += ((unsigned char *)p[i])[b] != 0;
	CHECK_EQ(nonzero, 0);

	/* Bulk and single calls mix: free half singly, the rest in bulk. */
	for (int i = 0; i < 250; i++)
		kmem_cache_free(s, p[i]);
	kmem_cache_free_bulk(s, 250, p + 250);
	for (int i = 0; i < 300; i++) {
		p[i] = kmem_cache_alloc(s, GFP_KERNEL);
		REQUIRE(p[i]);
	}
	kmem_cache_free_bulk(s, 300, p);
	CHECK_EQ(kmem_cache_shrink(s), 0);
	CHECK_EQ(zt_reports, 0);

	/* Zero objects: a warning, and nothing else happens. */
	kmem_cache_free_bulk(s, 0, p);
	CHECK_EQ(zt_reports, 1);
	zt_reports = 0;
	CHECK_EQ(zs_slab_validate_cache(s), 0);
	kmem_cache_destroy(s);
	CHECK_EQ(zt_reports, 0);
	free(p);
}

/* A cache without sheaves (debug flags) and a wrong-cache object. */
static void test_bulk_odd_cases(void)
{
	struct kmem_cache *d = kmem_cache_create("bulk-debug", 300, 0, SLAB_RED_ZONE, NULL);
	struct kmem_cache *a = kmem_cache_create("bulk-a", 128, 0, SLAB_NO_MERGE, NULL);
	struct kmem_cache *b = kmem_cache_create("bulk-b", 128, 0, SLAB_NO_MERGE, NULL);
	void *p[100];

	REQUIRE(d && a && b);
	zt_reports = 0;
	CHECK_EQ(kmem_cache_alloc_bulk(d, GFP_KERNEL, 100, p), 100);
	CHECK(distinct_objects_of(d, p, 100));
	for (int i = 0; i < 100; i++)
		memset(p[i], 0x19, 300);
	kmem_cache_free_bulk(d, 100, p);
	CHECK_EQ(kmem_cache_shrink(d), 0);
	CHECK_EQ(zt_reports, 0);

	/* One object of b among 20 of a: reported, and freed to b. */
	CHECK_EQ(kmem_cache_alloc_bulk(a, GFP_KERNEL, 20, p), 20);
	p[20] = kmem_cache_alloc(b, GFP_KERNEL);
	REQUIRE(p[20]);
	kmem_cache_free_bulk(a, 21, p);
	CHECK_EQ(zt_reports, 1);
	CHECK_EQ(kmem_cache_shrink(a), 0);
	CHECK_EQ(kmem_cache_shrink(b), 0);
	zt_reports = 0;
	CHECK_EQ(zslab_validate(), 0);
	kmem_cache_destroy(b);
	kmem_cache_destroy(a);
	kmem_cache_destroy(d);
	CHECK_EQ(zt_reports, 0);
}

/*
 * A bulk free pushes runs of objects onto the sheaf; each object that
 * stops a run (an adjacent double free, an interior pointer, another
 * cache's object, a full sheaf) is freed, or reported, as
 * kmem_cache_free() would, and the next run goes on after it.  Nothing
 * is pushed twice and nothing is lost.
 */
static void test_bulk_free_runs(void)
{
	struct kmem_cache *s = kmem_cache_create("bulk-runs", 64, 0, SLAB_NO_MERGE, NULL);
	struct kmem_cache *b = kmem_cache_create("bulk-runs-b", 64, 0, SLAB_NO_MERGE, NULL);
	void *p[300], *q[310];
	size_t n = 0;

	REQUIRE(s && b);
	zt_reports = 0;
	CHECK_EQ(kmem_cache_alloc_bulk(s, GFP_KERNEL, 300, p), 300);
	for (int i = 0; i < 300; i++) {
		q[n++] = p[i];
		if (i == 49)
			q[n++] = p[i];                  /* double free, adjacent */
		if (i == 99)
			q[n++] = (char *)p[i + 1] + 8;  /* interior pointer */
		if (i == 149)
			q[n++] = kmem_cache_alloc(b, GFP_KERNEL);  /* b's object */
	}
	REQUIRE(q[152]);
	kmem_cache_free_bulk(s, n, q);
	CHECK_EQ(zt_reports, 3);
	zt_reports = 0;
	CHECK_EQ(zslab_validate(), 0);
	/* every object came back once: 300 distinct ones, then none left */
	CHECK_EQ(kmem_cache_alloc_bulk(s, GFP_KERNEL, 300, p), 300);
	CHECK(distinct_objects_of(s, p, 300));
	kmem_cache_free_bulk(s, 300, p);
	CHECK_EQ(kmem_cache_shrink(s), 0);
	CHECK_EQ(s->total_objects, 0);
	CHECK_EQ(kmem_cache_shrink(b), 0);
	CHECK_EQ(b->total_objects, 0);
	CHECK_EQ(zt_reports, 0);
	kmem_cache_destroy(b);
	kmem_cache_destroy(s);
}

/* --- kfree_bulk -------------------------------------------------------------- */

static void test_kfree_bulk(void)
{
	struct kmem_cache *a = kmem_cache_create("kfb-a", 200, 0, SLAB_NO_MERGE, NULL);
	struct kmem_cache *b = kmem_cache_create("kfb-b", 3000, 0, SLAB_CACHE_DMA32 | SLAB_NO_MERGE, NULL);
	void *p[8];
	long f1, f2;

	REQUIRE(a && b);
	zt_reports = 0;
	p[0] = kmalloc(32, GFP_KERNEL);
	p[1] = kmem_cache_alloc(a, GFP_KERNEL);
	p[2] = kmalloc(20000, GFP_KERNEL);          /* large: 8 pages */
	p[3] = kmalloc(3000, GFP_KERNEL);
	p[4] = kmem_cache_alloc(b, GFP_KERNEL);
	p[5] = kmalloc(100, GFP_KERNEL | GFP_DMA);
	p[6] = kmem_cache_alloc(a, GFP_KERNEL);
	p[7] = kmalloc(8192, GFP_KERNEL);
	for (int i = 0; i < 8; i++)
		REQUIRE(p[i]);
	f1 = free_pages_now();
	kfree_bulk(8, p);
	f2 = free_pages_now();
	CHECK_EQ(f2 - f1, 1L << get_order(20000));
	CHECK_EQ(zt_reports, 0);
	/* Each slab object went back to its own cache. */
	CHECK_EQ(kmem_cache_shrink(a), 0);
	CHECK_EQ(kmem_cache_shrink(b), 0);

	/* kmem_cache_free_bulk(NULL, ...) is the same thing. */
	p[0] = kmem_cache_alloc(a, GFP_KERNEL);
	p[1] = kmalloc(50000, GFP_KERNEL);
	p[2] = kmem_cache_alloc(b, GFP_KERNEL);
	REQUIRE(p[0] && p[1] && p[2]);
	f1 = free_pages_now();
	kmem_cache_free_bulk(NULL, 3, p);
	CHECK_EQ(free_pages_now() - f1, 1L << get_order(50000));
	CHECK_EQ(kmem_cache_shrink(a), 0);
	CHECK_EQ(kmem_cache_shrink(b), 0);
	CHECK_EQ(zt_reports, 0);
	kmem_cache_destroy(b);
	kmem_cache_destroy(a);
	CHECK_EQ(zslab_validate(), 0);
}

/* --- all or nothing ------------------------------------------------------------ */

/*
 * Booted with "fail_page_alloc=1,100,SPACE,-1": page allocations succeed
 * while the SPACE budget lasts, then every one fails.  The test uses up
 * what is left of the budget itself, at the moment it chooses.
 */
static void exhaust_page_budget(void)
{
	enum { MAX = 1 << 16 };
	struct page **pg = malloc(MAX * sizeof(*pg));
	int n = 0;

	REQUIRE(pg);
	while (n < MAX && (pg[n] = alloc_pages(GFP_KERNEL | __GFP_NOWARN, 0)) != NULL)
		n++;
	REQUIRE(n < MAX);
	for (int i = 0; i < n; i++)
		__free_pages(pg[i], 0);
	REQUIRE(alloc_pages(GFP_KERNEL | __GFP_NOWARN, 0) == NULL);
	REQUIRE(alloc_pages(GFP_KERNEL | __GFP_NOWARN, 3) == NULL);
	free(pg);
}

static void test_all_or_nothing(void)
{
	enum { LIVE = 40, MAX = 4096 };
	void **live = malloc(LIVE * sizeof(void *));
	void **p = malloc(MAX * sizeof(void *));
	struct kmem_cache *s, *empty_cache;
	struct census before, after;
	unsigned long k, singles;

	REQUIRE(live && p);
	boot("fail_page_alloc=1,100,16384,-1");
	s = kmem_cache_create("bulk-fault", 256, 0, SLAB_NO_MERGE, NULL);
	empty_cache = kmem_cache_create("bulk-fault-empty", 512, 0, SLAB_NO_MERGE, NULL);
	REQUIRE(s && empty_cache);
	for (int i = 0; i < LIVE; i++) {
		live[i] = kmem_cache_alloc(s, GFP_KERNEL);
		REQUIRE(live[i]);
		memset(live[i], 0x4b, 256);
	}
	/* Warm this thread's other per-cache state before the budget ends. */
	void *w = kmem_cache_alloc(empty_cache, GFP_KERNEL);
	REQUIRE(w);
	kmem_cache_free(empty_cache, w);
	CHECK_EQ(kmem_cache_shrink(empty_cache), 0);

	exhaust_page_budget();

	/* Free objects now: those in the slabs, after flushing the sheaf. */
	kmem_cache_shrink(s);
	before = census_of(s);
	k = before.total - before.inuse;
	CHECK_EQ(before.inuse, LIVE);
	CHECK(k > 0);
	REQUIRE(k + 100 < MAX);

	/* More than there is: 0, and nothing moved or lost. */
	p[0] = NULL;
	CHECK_EQ(kmem_cache_alloc_bulk(s, GFP_KERNEL | __GFP_NOWARN, k + 50, p), 0);
	kmem_cache_shrink(s);
	after = census_of(s);
	CHECK_EQ(after.slabs, before.slabs);
	CHECK_EQ(after.total, before.total);
	CHECK_EQ(after.inuse, before.inuse);
	CHECK_EQ(zs_slab_validate_cache(s), 0);
	CHECK_EQ(zslab_validate(), 0);

	/* A cache with no slab at all: 0 too. */
	CHECK_EQ(kmem_cache_alloc_bulk(empty_cache, GFP_KERNEL | __GFP_NOWARN, 10, p), 0);
	CHECK_EQ(empty_cache->nr_partial + empty_cache->nr_full, 0);

	/* Exactly what there is: all of it, distinct. */
	if (k) {
		CHECK_EQ(kmem_cache_alloc_bulk(s, GFP_KERNEL | __GFP_NOWARN, k, p), (long)k);
		CHECK(distinct_objects_of(s, p, k));
		CHECK(usable(p, k, 256));
		kmem_cache_free_bulk(s, k, p);
	}

	/* Every free object can still be allocated, one by one, then NULL. */
	singles = 0;
	while (singles < MAX && (p[singles] = kmem_cache_alloc(s, GFP_KERNEL | __GFP_NOWARN)) != NULL)
		singles++;
	CHECK_EQ(singles, k);
	CHECK(distinct_objects_of(s, p, singles));
	for (unsigned long i = 0; i < singles; i++)
		kmem_cache_free(s, p[i]);
	/* The live objects were never touched. */
	unsigned long dirty = 0;
	for (int i = 0; i < LIVE; i++)
		for (int b = 0; b < 256; b++)
			dirty += ((unsigned char *)live[i])[b] != 0x4b;
	CHECK_EQ(dirty, 0);
	for (int i = 0; i < LIVE; i++)
		kmem_cache_free(s, live[i]);
	CHECK_EQ(kmem_cache_shrink(s), 0);
	CHECK_EQ(zslab_validate(), 0);
	kmem_cache_destroy(s);
	kmem_cache_destroy(empty_cache);
	free(p);
	free(live);
	boot(NULL);
}

int main(void)
{
	zt_capture_reports();
	boot(NULL);

	test_bulk_basic();
	test_bulk_odd_cases();
	test_bulk_free_runs();
	test_kfree_bulk();
	test_all_or_nothing();

	CHECK_EQ(zslab_validate(), 0);
	zslab_exit();
	return zt_summary("test_slab_bulk");
}
