/* SPDX-License-Identifier: MIT */
/*
 * test_slab_fork_sheaf_mt.c - fork() while other threads are inside their
 * sheaves' slow paths.  Two caches with 4-object sheaves keep every thread
 * flushing: a 32-byte one, whose frees of other threads' objects go
 * through the foreign tail, and a 256-byte one, whose full sheaves trade
 * with the barn or flush half.  The child gives the other threads'
 * sheaves back (zs_slub_fork_child()); an object that was both back in
 * its slab and still counted in a sheaf would be freed twice there
 * ("Object already free").  Each child must report nothing, and each
 * cache must validate.
 */
#include "zt.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <unistd.h>

#include "slab/slab.h"
#include "zt_fork.h"

#define NTHREADS 8
#define NFORKS 250
#define SLOTS 256

static struct kmem_cache *caches[2];
static _Atomic(void *) exchange[2][SLOTS];
static atomic_bool stop;
static atomic_ulong ops;

static void *churn(void *arg)
{
	uint64_t rng = (uintptr_t)arg * 0x9e3779b97f4a7c15ull;
	void *mine[2][8] = { { 0 } };

	while (!atomic_load(&stop)) {
		rng = rng * 6364136223846793005ull + 1442695040888963407ull;
		unsigned int c = (unsigned int)(rng >> 63);
		unsigned int i = (unsigned int)(rng >> 40) % 8;
		void *p = kmem_cache_alloc(caches[c], GFP_KERNEL);
		if (!p)
			continue;
		/* half of the frees are of another thread's object */
		if (rng & (1u << 20))
			p = atomic_exchange(&exchange[c][(rng >> 24) % SLOTS], p);
		if (p)
			kmem_cache_free(caches[c], p);
		if (mine[c][i])
			kmem_cache_free(caches[c], mine[c][i]);
		mine[c][i] = kmem_cache_alloc(caches[c], GFP_KERNEL);
		atomic_fetch_add(&ops, 1);
	}
	for (unsigned int c = 0; c < 2; c++)
		for (unsigned int i = 0; i < 8; i++)
			if (mine[c][i])
				kmem_cache_free(caches[c], mine[c][i]);
	return NULL;
}

/* The child: nothing reported while the dead threads' sheaves went back
 * (at fork) and while this thread uses and shrinks the caches. */
static int child_work(void *arg)
{
	int bad = 0;

	(void)arg;
	alarm(60);
	for (unsigned int c = 0; c < 2; c++) {
		for (unsigned int i = 0; i < SLOTS; i++) {
			void *p = atomic_exchange(&exchange[c][i], NULL);
			if (p)
				kmem_cache_free(caches[c], p);
		}
		for (int k = 0; k < 100; k++) {
			void *p = kmem_cache_alloc(caches[c], GFP_KERNEL);
			bad += !p;
			kmem_cache_free(caches[c], p);
		}
		kmem_cache_shrink(caches[c]);
		bad += zs_slab_validate_cache(caches[c]) != 0;
	}
	if (zt_reports)
		fprintf(stderr, "child: %lu reports, the last:\n%s", zt_reports, zt_last_report);
	return bad + (zt_reports != 0);
}

int main(void)
{
	struct kmem_cache_args args = { .sheaf_capacity = 4 };
	pthread_t th[NTHREADS];
	int failed = 0;

	zt_capture_reports();
	REQUIRE(zslab_init(NULL) == 0);
	caches[0] = __kmem_cache_create_args("fork-sheaf-32", 32, &args, SLAB_NO_MERGE);
	caches[1] = __kmem_cache_create_args("fork-sheaf-256", 256, &args, SLAB_NO_MERGE);
	REQUIRE(caches[0] && caches[1]);
	for (uintptr_t i = 0; i < NTHREADS; i++)
		REQUIRE(pthread_create(&th[i], NULL, churn, (void *)(i + 1)) == 0);
	for (int f = 0; f < NFORKS; f++) {
		unsigned long before = atomic_load(&ops);
		while (atomic_load(&ops) < before + 500)
			sched_yield();
		failed += !zt_fork_ok(child_work, NULL);
	}
	atomic_store(&stop, true);
	for (int i = 0; i < NTHREADS; i++)
		pthread_join(th[i], NULL);
	CHECK_EQ(failed, 0);
	for (unsigned int c = 0; c < 2; c++) {
		for (unsigned int i = 0; i < SLOTS; i++) {
			void *p = atomic_exchange(&exchange[c][i], NULL);
			if (p)
				kmem_cache_free(caches[c], p);
		}
		CHECK_EQ(zs_slab_validate_cache(caches[c]), 0);
		kmem_cache_destroy(caches[c]);
	}
	CHECK_EQ(zt_reports, 0);
	CHECK_EQ(zslab_validate(), 0);
	zslab_exit();
	return zt_summary("test_slab_fork_sheaf_mt");
}
