/* SPDX-License-Identifier: MIT */
/*
 * test_slab_take_batch.c - the node level's refill batch (issue 12):
 * zs_node_take_batch(want, max) takes a partial slab whole when all its
 * free objects fit in max (its freelist detached under the node lock and
 * walked after it), so a refill gets more than it asked for and the slab
 * goes to the full list at once; a slab whose free objects do not fit,
 * and every slab of a debug cache, gives exactly what is asked under the
 * lock, as before.  The counts stay exact (kmem_cache_validate()).
 */
#include "zt.h"

#include "slab/slab.h"
#include "slab/slub_internal.h"

#define MAXOBJ 512

/* All objects of one new slab of @s, in @objs; returns its head page. */
static struct page *take_slab(struct kmem_cache *s, void **objs, unsigned int *n)
{
	struct page *pg;

	REQUIRE(zs_node_take_objects(s, GFP_KERNEL, objs, 1) == 1);
	pg = zs_obj_slab(objs[0]);
	REQUIRE(pg && pg->objects <= MAXOBJ && pg->objects > 8);
	*n = 1 + zs_node_take_objects(s, GFP_KERNEL, objs + 1, pg->objects - 1);
	REQUIRE(*n == pg->objects);
	for (unsigned int i = 0; i < *n; i++)
		REQUIRE(zs_obj_slab(objs[i]) == pg);
	return pg;
}

static bool all_of(void **objs, unsigned int n, const struct page *pg)
{
	for (unsigned int i = 0; i < n; i++)
		if (zs_obj_slab(objs[i]) != pg)
			return false;
	return true;
}

static void test_whole_slab(void)
{
	struct kmem_cache *s = kmem_cache_create("take-128", 128, 0, SLAB_NO_MERGE, NULL);
	static void *a[MAXOBJ], *b[MAXOBJ], *got[MAXOBJ];
	unsigned int na, nb, n;

	REQUIRE(s);
	struct page *pa = take_slab(s, a, &na);
	struct page *pb = take_slab(s, b, &nb);
	CHECK_EQ(s->nr_partial, 0);

	/* 5 free in slab A: asked for 1 with room for 8, all 5 come */
	zs_node_put_objects(s, a, 5);
	CHECK_EQ(pa->inuse, na - 5);
	n = zs_node_take_batch(s, GFP_KERNEL, got, 1, 8);
	CHECK_EQ(n, 5);
	CHECK(all_of(got, n, pa));
	CHECK_EQ(pa->inuse, pa->objects);
	CHECK(pa->freelist == NULL);
	CHECK_EQ(s->nr_partial, 0);
	CHECK_EQ(s->nr_full, 2);
	CHECK_EQ(kmem_cache_validate(s), 0);
	zs_node_put_objects(s, got, n);

	/* 5 free in A and 3 in B, asked for 6 with room for 8: both whole */
	zs_node_put_objects(s, b, 3);
	n = zs_node_take_batch(s, GFP_KERNEL, got, 6, 8);
	CHECK_EQ(n, 8);
	CHECK_EQ(pa->inuse + pb->inuse, pa->objects + pb->objects);
	CHECK_EQ(s->nr_partial, 0);
	CHECK_EQ(kmem_cache_validate(s), 0);
	zs_node_put_objects(s, got, n);

	/* 8 free in the first partial slab but room for 4: exactly 3 asked */
	n = zs_node_take_batch(s, GFP_KERNEL, got, 3, 4);
	CHECK_EQ(n, 3);
	CHECK_EQ(s->nr_partial, 2);
	CHECK_EQ(kmem_cache_validate(s), 0);
	zs_node_put_objects(s, got, n);

	zs_node_put_objects(s, a + 5, na - 5);
	zs_node_put_objects(s, b + 3, nb - 3);
	CHECK_EQ(kmem_cache_shrink(s), 0);
	CHECK_EQ(s->total_objects, 0);
	CHECK_EQ(kmem_cache_validate(s), 0);
	kmem_cache_destroy(s);
}

/* A debug cache checks each object as it is taken: never whole slabs. */
static void test_debug_exact(void)
{
	struct kmem_cache *s = kmem_cache_create("take-dbg", 128, 0,
						 SLAB_NO_MERGE | SLAB_CONSISTENCY_CHECKS, NULL);
	static void *a[MAXOBJ], *got[MAXOBJ];
	unsigned int na, n;

	REQUIRE(s);
	struct page *pa = take_slab(s, a, &na);
	zs_node_put_objects(s, a, 5);
	n = zs_node_take_batch(s, GFP_KERNEL, got, 1, 8);
	CHECK_EQ(n, 1);
	CHECK_EQ(pa->inuse, na - 4);
	CHECK_EQ(kmem_cache_validate(s), 0);
	zs_node_put_objects(s, got, n);
	zs_node_put_objects(s, a + 5, na - 5);
	CHECK_EQ(kmem_cache_shrink(s), 0);
	kmem_cache_destroy(s);
}

int main(void)
{
	REQUIRE(zslab_init(NULL) == 0);
	test_whole_slab();
	test_debug_exact();
	CHECK_EQ(zslab_validate(), 0);
	zslab_exit();
	return zt_summary("test_slab_take_batch");
}
