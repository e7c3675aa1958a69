/* SPDX-License-Identifier: MIT */
/*
 * test_sheaf_reserve_mt.c - an exiting thread hands its sheaves and its
 * page lists to a reserve that the next thread takes whole (issue 12,
 * direction 9), instead of draining them into the slabs and the buddy
 * allocator for the next thread to refill:
 *
 *  - the next thread's table and sheaf are the exited thread's, with its
 *    objects: its first allocation pops what the other thread freed, and
 *    takes nothing from the slabs;
 *  - its first order-0 page comes from the exited thread's page list,
 *    not from the zone's free lists;
 *  - the reserve holds one thread's worth: a second thread that exits
 *    while it is full gives its objects back to the slabs;
 *  - kmem_cache_shrink() flushes the reserve's sheaf, and
 *    zslab_shrink_all() frees its sheaves, its table and its pages.
 */
#include "zt.h"

#include <pthread.h>

#include "mm/page_alloc.h"
#include "slab/sheaf_fast.h"
#include "slab/slab.h"
#include "slab/slub_internal.h"

#define NOBJ 10             /* fewer than a sheaf holds */

static struct kmem_cache *cache;

struct seen {
	struct sheaf **tab;
	struct sheaf *sh;
	void *last;                 /* the last object freed */
	void *first;                /* the next thread's first allocation */
	unsigned int count;
	long zone_free_before, zone_free_after;
	struct page *page;
};

/* Objects of @s allocated at the slab level (in slabs' inuse). */
static unsigned long objects_of(struct kmem_cache *s)
{
	struct zslab_cache_info ci;

	REQUIRE(zslab_cache_get_info(s, &ci) == 0);
	return ci.objects;
}

static long tables_pages(void)
{
	long pages[MAX_NR_ZONES] = { 0 };
	long n = 0;

	zs_sheaf_count_tables(pages);
	for (int z = 0; z < MAX_NR_ZONES; z++)
		n += pages[z];
	return n;
}

static long pcp_pages(void)
{
	long n = 0;

	for (unsigned int z = 0; z < MAX_NR_ZONES; z++)
		n += zs_pcp_walk_count(z);
	return n;
}

/* Allocate NOBJ objects and a few pages, free them all, and exit. */
static void *leaver(void *arg)
{
	struct seen *w = arg;
	void *o[NOBJ];
	struct page *pg[4];

	for (int i = 0; i < NOBJ; i++)
		REQUIRE((o[i] = kmem_cache_alloc(cache, GFP_KERNEL)));
	for (int i = 0; i < NOBJ; i++)
		kmem_cache_free(cache, o[i]);
	for (int i = 0; i < 4; i++)
		REQUIRE((pg[i] = alloc_pages(GFP_KERNEL, 0)));
	for (int i = 0; i < 4; i++)
		__free_pages(pg[i], 0);
	if (w) {
		w->tab = zs_tl_slab.tab;
		w->sh = zs_my_sheaf(cache);
		w->count = w->sh->count;
		w->last = o[NOBJ - 1];
	}
	return NULL;
}

/* The next thread: what its first allocations find. */
static void *comer(void *arg)
{
	struct seen *w = arg;

	w->zone_free_before = atomic_load(&zs_zones[ZONE_NORMAL].nr_free);
	w->page = alloc_pages(GFP_KERNEL, 0);
	w->zone_free_after = atomic_load(&zs_zones[ZONE_NORMAL].nr_free);
	w->first = kmem_cache_alloc(cache, GFP_KERNEL);
	w->tab = zs_tl_slab.tab;
	w->sh = zs_my_sheaf(cache);
	w->count = w->sh->count;
	CHECK(w->sh->owner == (void *)&zs_tl_slab);   /* its own now */
	kmem_cache_free(cache, w->first);
	__free_pages(w->page, 0);
	return NULL;
}

static void run(void *(*fn)(void *), void *arg)
{
	pthread_t t;

	REQUIRE(pthread_create(&t, NULL, fn, arg) == 0);
	pthread_join(t, NULL);
}

/* What one thread's sheaf of the cache holds at its exit (leaver()). */
static unsigned int per_thread;

static void test_taken_whole(void)
{
	struct seen left = { 0 }, came = { 0 };

	run(leaver, &left);
	per_thread = left.count;
	CHECK(left.count >= NOBJ);          /* its frees, over what it refilled */
	CHECK_EQ(objects_of(cache), left.count);   /* kept in the reserve's sheaf */
	CHECK(pcp_pages() > 0);             /* and its page list */
	run(comer, &came);
	CHECK(came.tab == left.tab);        /* the very table */
	CHECK(came.sh == left.sh);          /* and sheaf */
	CHECK(came.first == left.last);     /* popped, not refilled */
	CHECK_EQ(came.count, left.count - 1);
	CHECK_EQ(came.zone_free_after, came.zone_free_before);   /* no refill */
	CHECK(came.page != NULL);
}

/*
 * The outer thread takes the reserve, then a second thread starts (no
 * reserve left: a table of its own) and exits (into the reserve); the
 * outer thread's exit finds the reserve full and flushes.  So one
 * thread's objects stay, not two.
 */
static void *leaver_pair(void *arg)
{
	pthread_t inner;

	(void)arg;
	leaver(NULL);
	REQUIRE(pthread_create(&inner, NULL, leaver, NULL) == 0);
	pthread_join(inner, NULL);
	return NULL;
}

static void test_bounded(void)
{
	zslab_shrink_all();
	CHECK_EQ(objects_of(cache), 0);
	run(leaver_pair, NULL);
	CHECK_EQ(objects_of(cache), per_thread);
}

static void test_shrinkable(void)
{
	run(leaver, NULL);
	CHECK(objects_of(cache) > 0);
	CHECK_EQ(kmem_cache_shrink(cache), 0);   /* the reserve's sheaf too */
	CHECK_EQ(objects_of(cache), 0);
	run(leaver, NULL);
	CHECK(tables_pages() > 0);
	zslab_shrink_all();
	CHECK_EQ(objects_of(cache), 0);
	CHECK_EQ(tables_pages(), 0);   /* this thread's and the reserve's */
	CHECK_EQ(pcp_pages(), 0);
}

int main(void)
{
	zt_capture_reports();
	REQUIRE(zslab_init(NULL) == 0);
	cache = kmem_cache_create("reserve-mt", 256, 0, SLAB_NO_MERGE, NULL);
	REQUIRE(cache);
	test_taken_whole();
	test_bounded();
	test_shrinkable();
	CHECK_EQ(zslab_validate(), 0);
	CHECK_EQ(zt_reports, 0);
	kmem_cache_destroy(cache);
	zslab_exit();
	return zt_summary("test_sheaf_reserve_mt");
}
