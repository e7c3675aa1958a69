/* SPDX-License-Identifier: MIT */
/*
 * test_mempool_mt.c - the mempool's promise with threads, under fault
 * injection that fails every slab and page allocation of the threads that
 * ask for it (failslab and fail_page_alloc with the task filter):
 *  - a sleeping mempool_alloc() on an empty reserve waits until another
 *    thread's mempool_free(), and is handed exactly that element;
 *  - eight threads, four elements: allocations that may sleep never fail,
 *    no element is ever held by two threads at once (each thread stamps
 *    its element and finds its stamp intact), and the reserve is full at
 *    the end; threads that may not sleep get NULL or an element, never a
 *    shared one;
 *  - the same while another thread resizes the pool up and down, and
 *    while half the threads allocate for real (their frees refill);
 *  - everything goes back: validate, and buddyinfo equals the boot state.
 */
#include "zt.h"
#include "zt_mm.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>

#include "slab/slab.h"

#define BOOT "memmap=256M@0 memmap=256M@0x100000000 " \
	"failslab=1,100,0,-1 failslab_task_filter failslab_verbose=0 " \
	"fail_page_alloc=1,100,0,-1 fail_page_alloc_task_filter fail_page_alloc_verbose=0"

#define ELEM 256
#define NTHREADS 8
#define ROUNDS 3000

/* --- one sleeper, one waker --------------------------------------------- */

struct sleeper {
	mempool_t *pool;
	void *taken[2];          /* the reserve, emptied by the sleeper */
	void *woke_with;         /* what the sleeping alloc returned */
	atomic_int phase;        /* 1: reserve taken, about to sleep */
};

static void *sleeper_thread(void *arg)
{
	struct sleeper *s = arg;

	zslab_make_it_fail(1);
	s->taken[0] = mempool_alloc(s->pool, GFP_NOWAIT);
	s->taken[1] = mempool_alloc(s->pool, GFP_NOWAIT);
	CHECK(mempool_alloc(s->pool, GFP_NOWAIT) == NULL);
	atomic_store(&s->phase, 1);
	s->woke_with = mempool_alloc(s->pool, GFP_KERNEL);   /* sleeps */
	zslab_make_it_fail(0);
	return NULL;
}

static void test_sleeper_woken(void)
{
	struct sleeper s = { .pool = mempool_create_kmalloc_pool(2, ELEM) };
	pthread_t t;

	REQUIRE(s.pool);
	REQUIRE(!pthread_create(&t, NULL, sleeper_thread, &s));
	/* wait until it sleeps: it counted itself among the waiters */
	while (!atomic_load(&s.phase) ||
	       !__atomic_load_n(&s.pool->waiters, __ATOMIC_ACQUIRE))
		sched_yield();
	CHECK(s.woke_with == NULL);
	mempool_free(s.taken[1], s.pool);   /* the element it will wake with */
	pthread_join(t, NULL);
	CHECK(s.taken[0] && s.taken[1]);
	CHECK(s.woke_with == s.taken[1]);
	CHECK_EQ(s.pool->waiters, 0);
	mempool_free(s.taken[0], s.pool);
	mempool_free(s.woke_with, s.pool);
	CHECK_EQ(s.pool->curr_nr, 2);
	mempool_destroy(s.pool);
}

/* --- many threads over a small reserve ------------------------------------ */

struct worker {
	mempool_t *pool;
	int id;
	bool inject;             /* every allocation of this thread fails */
	bool nowait;             /* allocate without __GFP_DIRECT_RECLAIM */
	long got, nulls, sleep_fails, stomped;
};

static atomic_bool resizing;

static void *worker_thread(void *arg)
{
	struct worker *w = arg;
	unsigned char stamp = (unsigned char)(0x10 + w->id);

	if (w->inject)
		zslab_make_it_fail(1);
	for (int r = 0; r < ROUNDS; r++) {
		unsigned char *e = mempool_alloc(w->pool, w->nowait ? GFP_ATOMIC : GFP_KERNEL);

		if (!e) {
			if (w->nowait)
				w->nulls++;
			else
				w->sleep_fails++;
			sched_yield();
			continue;
		}
		w->got++;
		memset(e, stamp, ELEM);
		if (r % 4 == 0)
			sched_yield();          /* hold it a while */
		for (int i = 0; i < ELEM; i++)
			if (e[i] != stamp) {
				w->stomped++;
				break;
			}
		mempool_free(e, w->pool);
	}
	zslab_make_it_fail(0);
	return NULL;
}

static atomic_long resize_fails, resizes;

/* Resize between 1 and 8 until told to stop, then back to 4. */
static void *resizer_thread(void *arg)
{
	mempool_t *pool = arg;
	int n = 0;

	while (atomic_load(&resizing)) {
		int target = 1 + (n++ % 8);

		if (mempool_resize(pool, target))
			atomic_fetch_add(&resize_fails, 1);
		atomic_fetch_add(&resizes, 1);
		sched_yield();
	}
	if (mempool_resize(pool, 4))
		atomic_fetch_add(&resize_fails, 1);
	return NULL;
}

static void run_workers(const char *what, bool half_real, bool some_nowait,
			bool resize)
{
	mempool_t *pool = mempool_create_kmalloc_pool(4, ELEM);
	struct worker w[NTHREADS];
	pthread_t t[NTHREADS], rt;
	long got = 0, sleep_fails = 0, stomped = 0;

	REQUIRE(pool);
	atomic_store(&resizing, resize);
	if (resize)
		REQUIRE(!pthread_create(&rt, NULL, resizer_thread, pool));
	for (int i = 0; i < NTHREADS; i++) {
		w[i] = (struct worker){
			.pool = pool, .id = i,
			.inject = !half_real || i % 2 == 0,
			.nowait = some_nowait && i % 4 == 3,
		};
		REQUIRE(!pthread_create(&t[i], NULL, worker_thread, &w[i]));
	}
	for (int i = 0; i < NTHREADS; i++) {
		pthread_join(t[i], NULL);
		got += w[i].got;
		sleep_fails += w[i].sleep_fails;
		stomped += w[i].stomped;
		if (!w[i].nowait)
			CHECK_EQ(w[i].got, ROUNDS);
		else
			CHECK_EQ(w[i].got + w[i].nulls, ROUNDS);
	}
	atomic_store(&resizing, false);
	if (resize) {
		pthread_join(rt, NULL);
		CHECK_EQ(atomic_load(&resize_fails), 0);
		CHECK(atomic_load(&resizes) > 0);
	}
	if (sleep_fails || stomped)
		fprintf(stderr, "%s: %ld sleeping allocations failed, %ld elements shared\n",
			what, sleep_fails, stomped);
	CHECK_EQ(sleep_fails, 0);
	CHECK_EQ(stomped, 0);
	CHECK(got > 0);
	CHECK_EQ(pool->waiters, 0);
	CHECK_EQ(pool->min_nr, 4);
	/* every element came back: the reserve is full */
	CHECK_EQ(pool->curr_nr, 4);
	CHECK_EQ(zslab_mempool_validate(pool), 0);
	printf("%s: %ld allocations\n", what, got);
	mempool_destroy(pool);
}

int main(void)
{
	struct zm_buddy boot;

	zm_watchdog(300);
	zm_log_start();
	REQUIRE(zslab_init(BOOT) == 0);
	zm_buddy_snap(&boot);
	test_sleeper_woken();
	run_workers("all injected", false, false, false);
	run_workers("all injected, some atomic", false, true, false);
	run_workers("half real", true, true, false);
	run_workers("all injected, resized", false, false, true);
	run_workers("half real, resized", true, true, true);
	CHECK_EQ(zm_log_has("BUG"), 0);
	CHECK_EQ(zm_log_has("WARNING"), 0);
	if (zm_reports())
		zm_log_dump("unexpected reports");
	CHECK_EQ(zm_reports(), 0);
	zs_slab_shrink_all();
	CHECK_EQ(zslab_validate(), 0);
	CHECK(zm_buddy_equal(&boot, "after the threaded mempool tests"));
	zslab_exit();
	return zt_summary("test_mempool_mt");
}
