/* SPDX-License-Identifier: MIT */
/*
 * test_debug_assert.c - in a debug build (make debug) a broken invariant
 * is caught where it changes: a zone whose free count disagrees with its
 * free lists aborts on the next allocation from it, naming the invariant;
 * a slab whose object count disagrees aborts on the next free.  A release
 * build compiles the assertions out (the test says so and checks nothing
 * more), and the suite's other tests run under both.
 */
#include "zt.h"
#include "zt_abort.h"

#include "common/assert.h"
#include "mm/page_alloc.h"
#include "slab/slub_internal.h"

/* The zone's free count no longer matches its lists: the next refill. */
static void break_zone(void)
{
	struct zone *z = &zs_zones[ZONE_NORMAL];

	zs_spin_lock(&z->lock);
	atomic_fetch_add(&z->nr_free, 1);
	zs_spin_unlock(&z->lock);
	alloc_pages(GFP_KERNEL, 2);
}

/* A slab that counts more objects in use than it holds gets one back
 * (one with none in use is a double free, reported as such). */
static void break_slab(void)
{
	struct kmem_cache *s = kmem_cache_create("assert-slab", 64, 0, 0, NULL);
	void *obj = kmem_cache_alloc(s, GFP_KERNEL);
	struct page *page = zs_obj_slab(obj);

	kmem_cache_free(s, obj);         /* onto this thread's sheaf */
	page->inuse = page->objects + 1;
	kmem_cache_shrink(s);            /* the sheaf goes back to the slab */
}

int main(void)
{
	if (!zs_debug) {
		printf("test_debug_assert: the assertions are compiled out of this "
		       "release build; make debug runs this test\n");
		return 77;
	}
	REQUIRE(zslab_init(NULL) == 0);
	CHECK(zt_child_ends(break_zone, "invariant broken: zs_zone_counts_ok(z)"));
	CHECK(zt_child_ends(break_slab, "invariant broken: page->inuse > 0"));
	zslab_exit();
	return zt_summary("test_debug_assert");
}
