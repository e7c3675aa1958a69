/* SPDX-License-Identifier: MIT */
/*
 * test_sheaf_flush_mt.c - kmem_cache_shrink() and zslab_shrink_all()
 * reach every thread's sheaves, as the kernel's flush_all() reaches every
 * CPU (issue 10 item 6):
 *
 *  - a parked thread's sheaf is flushed by the shrinking thread itself:
 *    the shrink leaves no slab, and the parked thread, once unparked,
 *    finds its sheaf empty and goes on allocating;
 *  - a running thread is asked: a shrink while it spins on its fast path
 *    leaves its slabs, and its next slow path (of another cache) gives
 *    them back;
 *  - zslab_shrink_all() frees a parked thread's sheaves and table;
 *  - a thread that exits while parked leaves nothing behind;
 *  - threads that allocate, free and park in a loop while others shrink
 *    and shrink_all keep every count right (and, under TSan, race-free).
 */
#include "zt.h"
#include "zt_slab.h"

#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>

#include "slab/sheaf_fast.h"
#include "slab/slab.h"

#define NOBJ 16            /* fewer than any sheaf holds: all stay in it */

static struct kmem_cache *cache, *other;

/* Allocate NOBJ objects of @s, each in a slab of its own if it can, and
 * free them into this thread's sheaf. */
static void fill_sheaf(struct kmem_cache *s)
{
	void *o[NOBJ];

	for (int i = 0; i < NOBJ; i++)
		REQUIRE((o[i] = kmem_cache_alloc(s, GFP_KERNEL)));
	for (int i = NOBJ; i-- > 0;)
		kmem_cache_free(s, o[i]);
}

/* --- a parked thread ---------------------------------------------------- */

static void *parked_thread(void *arg)
{
	(void)arg;
	fill_sheaf(cache);
	CHECK_EQ(zs_my_sheaf(cache)->count, NOBJ);
	zslab_thread_park();
	atomic_store(&stage, 1);
	wait_stage(2);                  /* asleep while the main thread shrinks */
	zslab_thread_unpark();
	CHECK_EQ(zs_my_sheaf(cache)->count, 0);   /* taken while parked */
	fill_sheaf(cache);              /* and usable again */
	return NULL;
}

static void test_parked(void)
{
	pthread_t t;

	atomic_store(&stage, 0);
	REQUIRE(pthread_create(&t, NULL, parked_thread, NULL) == 0);
	wait_stage(1);
	CHECK(slabs_of(cache) > 0);
	CHECK_EQ(kmem_cache_shrink(cache), 0);   /* no slab left */
	CHECK_EQ(slabs_of(cache), 0);
	atomic_store(&stage, 2);
	pthread_join(t, NULL);
	CHECK_EQ(kmem_cache_shrink(cache), 0);   /* the exit flushed the refill */
}

/* --- a running thread ----------------------------------------------------- */

static void *running_thread(void *arg)
{
	(void)arg;
	fill_sheaf(cache);
	atomic_store(&stage, 1);
	while (atomic_load(&stage) < 2)
		;                       /* running: no slow path, not parked */
	CHECK(__atomic_load_n(&zs_tl_slab.flush_req, __ATOMIC_RELAXED));   /* asked */
	CHECK_EQ(zs_my_sheaf(cache)->count, NOBJ);
	kmem_cache_free(other, kmem_cache_alloc(other, GFP_KERNEL));   /* a slow path */
	CHECK(!__atomic_load_n(&zs_tl_slab.flush_req, __ATOMIC_RELAXED));
	CHECK_EQ(zs_my_sheaf(cache)->count, 0);
	atomic_store(&stage, 3);
	wait_stage(4);
	return NULL;
}

static void test_running(void)
{
	pthread_t t;

	atomic_store(&stage, 0);
	REQUIRE(pthread_create(&t, NULL, running_thread, NULL) == 0);
	wait_stage(1);
	CHECK_EQ(kmem_cache_shrink(cache), 1);   /* its objects hold slabs */
	CHECK(slabs_of(cache) > 0);
	atomic_store(&stage, 2);
	wait_stage(3);
	CHECK_EQ(kmem_cache_shrink(cache), 0);   /* flushed at its slow path */
	atomic_store(&stage, 4);
	pthread_join(t, NULL);
}

/* --- zslab_shrink_all() and a parked thread ----------------------------- */

static void *parked_all_thread(void *arg)
{
	(void)arg;
	fill_sheaf(cache);
	fill_sheaf(other);
	CHECK(zs_tl_slab.n > 0);
	zslab_thread_park();
	atomic_store(&stage, 1);
	wait_stage(2);
	zslab_thread_unpark();
	CHECK_EQ(zs_tl_slab.n, 0);      /* sheaves and table given back */
	CHECK(zs_tl_slab.tab == NULL);
	fill_sheaf(cache);              /* a new table */
	CHECK(zs_tl_slab.n > 0);
	return NULL;
}

static void test_shrink_all(void)
{
	pthread_t t;

	atomic_store(&stage, 0);
	REQUIRE(pthread_create(&t, NULL, parked_all_thread, NULL) == 0);
	wait_stage(1);
	zslab_shrink_all();
	CHECK_EQ(slabs_of(cache), 0);
	CHECK_EQ(slabs_of(other), 0);
	atomic_store(&stage, 2);
	pthread_join(t, NULL);
}

/* --- exit while parked ------------------------------------------------------ */

static void *exit_parked_thread(void *arg)
{
	(void)arg;
	fill_sheaf(cache);
	zslab_thread_park();
	return NULL;                    /* the exit hook unparks, then flushes */
}

static void test_exit_parked(void)
{
	pthread_t t;

	REQUIRE(pthread_create(&t, NULL, exit_parked_thread, NULL) == 0);
	pthread_join(t, NULL);
	CHECK_EQ(kmem_cache_shrink(cache), 0);
}

/* --- stress: allocate, free and park while others shrink ------------------- */

#define WORKERS 3
#define ROUNDS 300
static atomic_int workers_done;

static void *worker(void *arg)
{
	unsigned int seed = (unsigned int)(uintptr_t)arg;
	void *o[48];

	for (int r = 0; r < ROUNDS; r++) {
		struct kmem_cache *s = (r & 1) ? cache : other;
		int n = 1 + (int)(rand_r(&seed) % 48);
		for (int i = 0; i < n; i++)
			REQUIRE((o[i] = kmem_cache_alloc(s, GFP_KERNEL)));
		for (int i = 0; i < n; i++)
			kmem_cache_free(s, o[i]);
		if (rand_r(&seed) % 3 == 0) {
			zslab_thread_park();
			usleep(50);
			zslab_thread_unpark();
		}
	}
	atomic_fetch_add(&workers_done, 1);
	return NULL;
}

static void test_stress(void)
{
	pthread_t t[WORKERS];

	atomic_store(&workers_done, 0);
	for (int i = 0; i < WORKERS; i++)
		REQUIRE(pthread_create(&t[i], NULL, worker, (void *)(uintptr_t)(i + 1)) == 0);
	for (int i = 0; atomic_load(&workers_done) < WORKERS; i++) {
		if (i % 8 == 7)
			zslab_shrink_all();
		else
			kmem_cache_shrink(i & 1 ? cache : other);
		usleep(200);
	}
	for (int i = 0; i < WORKERS; i++)
		pthread_join(t[i], NULL);
	CHECK_EQ(kmem_cache_shrink(cache), 0);
	CHECK_EQ(kmem_cache_shrink(other), 0);
	CHECK_EQ(zslab_validate(), 0);
}

int main(void)
{
	zt_capture_reports();
	REQUIRE(zslab_init(NULL) == 0);
	/* 2 KiB objects: the NOBJ of a sheaf lie in a few slabs */
	cache = kmem_cache_create("flush-mt", 2048, 0, SLAB_NO_MERGE, NULL);
	other = kmem_cache_create("flush-mt-other", 200, 0, SLAB_NO_MERGE, NULL);
	REQUIRE(cache && other);
	test_parked();
	test_running();
	test_shrink_all();
	test_exit_parked();
	test_stress();
	CHECK_EQ(zt_reports, 0);
	kmem_cache_destroy(cache);
	kmem_cache_destroy(other);
	zslab_exit();
	return zt_summary("test_sheaf_flush_mt");
}
