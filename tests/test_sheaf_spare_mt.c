/* SPDX-License-Identifier: MIT */
/*
 * test_sheaf_spare_mt.c - a thread's spare sheaf (struct sheaf, sheaf.c),
 * the kernel's pcs->spare:
 *
 *  - bursts of frees and allocations that cross a sheaf's edges swap the
 *    thread's two sheaves and never trade with the barn (its operation
 *    count does not move; without the spare it moves at every crossing),
 *    and the validation path finds the spare sound;
 *  - every way objects leave a thread's sheaves reaches the spare's too:
 *    the thread's own shrink, a shrink of a parked thread, a shrink
 *    answered by a running thread at its next slow path, and thread exit
 *    (to the reserve, and past a full reserve): after each, a shrink
 *    leaves the cache no slab;
 *  - a destroyed cache's detached spare is dropped when its table entry
 *    serves a new cache, which then works and validates.
 */
#include "zt.h"
#include "zt_slab.h"

#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>

#include "slab/sheaf_fast.h"
#include "slab/slab.h"
#include "slab/slub_internal.h"

#define MAXOBJ 1024

static struct kmem_cache *cache, *other;

static unsigned long barn_ops(struct kmem_cache *s)
{
	unsigned long n;

	zs_spin_lock(&s->node_lock);
	n = s->barn_ops;
	zs_spin_unlock(&s->node_lock);
	return n;
}

/* Allocate 3 sheaves' worth of @s and free them all: this thread's main
 * sheaf and its spare end up holding objects (the spare full). */
static void fill_both(struct kmem_cache *s)
{
	static __thread void *o[MAXOBJ];
	unsigned int n = 3 * s->sheaf_cap;

	REQUIRE(n <= MAXOBJ);
	for (unsigned int i = 0; i < n; i++)
		REQUIRE((o[i] = kmem_cache_alloc(s, GFP_KERNEL)));
	for (unsigned int i = 0; i < n; i++)
		kmem_cache_free(s, o[i]);
	const struct sheaf *sh = zs_my_sheaf(s);
	CHECK(sh->spare != NULL);
	if (sh->spare)
		CHECK_EQ(sh->spare->count, s->sheaf_cap);
}

/* Each round frees a sheaf and one more, then allocates them again: it
 * crosses the main sheaf's top edge and then its bottom one, wherever the
 * count stood.  Without a spare each crossing is a trade with the barn. */
static void burst_round(void **pool, unsigned int live, unsigned int k)
{
	for (unsigned int i = 0; i < k; i++)
		kmem_cache_free(cache, pool[live - 1 - i]);
	for (unsigned int i = k; i-- > 0;)
		REQUIRE((pool[live - 1 - i] = kmem_cache_alloc(cache, GFP_KERNEL)));
}

static void test_edge_crossings(void)
{
	static void *pool[4 * SHEAF_MAX];
	unsigned int cap = cache->sheaf_cap, live = 3 * cap;

	for (unsigned int i = 0; i < live; i++)
		REQUIRE((pool[i] = kmem_cache_alloc(cache, GFP_KERNEL)));
	burst_round(pool, live, cap + 1);   /* makes the spare */
	unsigned long before = barn_ops(cache);
	for (int r = 0; r < 200; r++)
		burst_round(pool, live, cap + 1);
	CHECK_EQ(barn_ops(cache), before);
	CHECK(zs_my_sheaf(cache)->spare != NULL);
	CHECK_EQ(zs_slab_validate_cache(cache), 0);
	while (live)
		kmem_cache_free(cache, pool[--live]);
	CHECK_EQ(zs_slab_validate_cache(cache), 0);
	kmem_cache_shrink(cache);
	CHECK_EQ(slabs_of(cache), 0);
}

static void test_own_shrink(void)
{
	fill_both(cache);
	CHECK(slabs_of(cache) > 0);
	kmem_cache_shrink(cache);
	CHECK_EQ(slabs_of(cache), 0);
	CHECK_EQ(zs_my_sheaf(cache)->spare->count, 0);
	CHECK_EQ(zs_slab_validate_cache(cache), 0);
}

static void *parked_thread(void *arg)
{
	(void)arg;
	fill_both(cache);
	zslab_thread_park();
	atomic_store(&stage, 1);
	wait_stage(2);
	zslab_thread_unpark();
	fill_both(cache);    /* its sheaves still work */
	return NULL;
}

static void test_parked_shrink(void)
{
	pthread_t t;

	atomic_store(&stage, 0);
	REQUIRE(pthread_create(&t, NULL, parked_thread, NULL) == 0);
	wait_stage(1);
	kmem_cache_shrink(cache);
	CHECK_EQ(slabs_of(cache), 0);
	atomic_store(&stage, 2);
	pthread_join(t, NULL);
}

static void *running_thread(void *arg)
{
	(void)arg;
	fill_both(cache);
	atomic_store(&stage, 1);
	wait_stage(2);
	/* a slow path of another cache answers the shrink's request */
	void *o = kmem_cache_alloc(other, GFP_KERNEL);
	REQUIRE(o);
	kmem_cache_free(other, o);
	atomic_store(&stage, 3);
	wait_stage(4);
	return NULL;
}

static void test_running_shrink(void)
{
	pthread_t t;

	atomic_store(&stage, 0);
	REQUIRE(pthread_create(&t, NULL, running_thread, NULL) == 0);
	wait_stage(1);
	kmem_cache_shrink(cache);      /* asks; the thread is not parked */
	atomic_store(&stage, 2);
	wait_stage(3);
	kmem_cache_shrink(cache);      /* the slabs it gave back go now */
	CHECK_EQ(slabs_of(cache), 0);
	atomic_store(&stage, 4);
	pthread_join(t, NULL);
}

static void *exiting_thread(void *arg)
{
	(void)arg;
	fill_both(cache);
	return NULL;
}

/* Two threads exit one after the other: the first's table goes to the
 * reserve, the second's sheaves (the reserve being full) are released. */
static void test_exit(void)
{
	for (int i = 0; i < 2; i++) {
		pthread_t t;
		REQUIRE(pthread_create(&t, NULL, exiting_thread, NULL) == 0);
		pthread_join(t, NULL);
	}
	CHECK(zs_sheaf_reserve_objects(cache) > cache->sheaf_cap);   /* main + spare */
	kmem_cache_shrink(cache);
	CHECK_EQ(zs_sheaf_reserve_objects(cache), 0);
	CHECK_EQ(slabs_of(cache), 0);
}

static void test_destroy_then_reuse(void)
{
	struct kmem_cache *a = kmem_cache_create("spare-a", 64, 0, SLAB_NO_MERGE, NULL);
	REQUIRE(a);
	unsigned int id = a->id;
	fill_both(a);
	zt_reports_reset();
	kmem_cache_destroy(a);
	CHECK_EQ(zt_reports_reset(), 0);   /* no "objects remaining" */
	struct kmem_cache *b = kmem_cache_create("spare-b", 64, 0, SLAB_NO_MERGE, NULL);
	REQUIRE(b);
	CHECK_EQ(b->id, id);    /* the table entry of a's sheaves serves b */
	fill_both(b);
	CHECK_EQ(zs_slab_validate_cache(b), 0);
	kmem_cache_destroy(b);
	CHECK_EQ(zt_reports_reset(), 0);
}

int main(void)
{
	zt_capture_reports();
	REQUIRE(zslab_init(NULL) == 0);
	cache = kmem_cache_create("spare-test", 64, 0, SLAB_NO_MERGE, NULL);
	other = kmem_cache_create("spare-other", 128, 0, SLAB_NO_MERGE, NULL);
	REQUIRE(cache && other && cache->sheaf_cap >= 4);
	test_edge_crossings();
	test_own_shrink();
	test_parked_shrink();
	test_running_shrink();
	test_exit();
	test_destroy_then_reuse();
	kmem_cache_destroy(other);
	kmem_cache_destroy(cache);
	CHECK_EQ(zt_reports_reset(), 0);
	zslab_exit();
	return zt_summary("test_sheaf_spare_mt");
}
