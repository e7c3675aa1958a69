/* SPDX-License-Identifier: MIT */
/*
 * test_slab_fork_grow_mt.c - fork() while other threads make and empty
 * slabs without a pause (issue 12, the fork transit window).  A slab's
 * pages were briefly in neither their cache nor their zone: a new slab
 * between the page allocator and the partial list, an empty one between
 * the node unlock and the buddy free.  A fork landing there left the
 * child pages nobody owns: its validate found "nr_zslab N, but zslab
 * holds M pages" (the internal caches: struct kmem_cache and the sheaves,
 * which the threads here make and free all the time), and every cache's
 * slab pages disagreed with the slab page count.
 *
 * The threads create and destroy caches (a struct kmem_cache, a sheaf
 * and a slab each) and fill and empty a shared cache; the main thread
 * forks again and again, and every child must validate clean and own
 * every slab page it counts.
 */
#include "zt.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <unistd.h>

#include "mm/mm_internal.h"
#include "slab/slab.h"
#include "zt_fork.h"

#define NTHREADS 3
#define NFORKS 60
#define NCACHES 12
#define NOBJ 600

static atomic_bool stop;
static atomic_ulong rounds;
static struct kmem_cache *shared;

/* Slab pages of every registered cache's lists (registry, node locks). */
static long listed_pages(void)
{
	struct list_head *pos, *sp;
	long pages = 0;

	zs_spin_lock(&zs_slab_caches_lock);
	list_for_each(pos, &zs_slab_caches) {
		struct kmem_cache *s = container_of(pos, struct kmem_cache, list);
		struct list_head *lists[3] = { &s->partial, &s->full, &s->growing };
		zs_spin_lock(&s->node_lock);
		for (int i = 0; i < 3; i++)
			list_for_each(sp, lists[i])
				pages += 1L << container_of(sp, struct page, lru)->order;
		zs_spin_unlock(&s->node_lock);
	}
	zs_spin_unlock(&zs_slab_caches_lock);
	return pages;
}

/* Pages counted as slab pages that no cache lists (large kmalloc blocks). */
static long unlisted_pages(void)
{
	return atomic_load(&zs_node_stat[NR_SLAB_RECLAIMABLE]) +
	       atomic_load(&zs_node_stat[NR_SLAB_UNRECLAIMABLE]) - listed_pages();
}

static void *churn(void *arg)
{
	unsigned int id = (unsigned int)(uintptr_t)arg;
	struct kmem_cache *c[NCACHES];
	static __thread void *objs[NOBJ];
	char name[32];

	while (!atomic_load(&stop)) {
		/* new caches: a struct kmem_cache, a sheaf, a slab; then all freed */
		for (unsigned int i = 0; i < NCACHES; i++) {
			snprintf(name, sizeof(name), "fork-grow-%u-%u", id, i);
			c[i] = kmem_cache_create(name, 32 + 40 * i, 0, SLAB_NO_MERGE, NULL);
			void *o = c[i] ? kmem_cache_alloc(c[i], GFP_KERNEL) : NULL;
			if (o)
				kmem_cache_free(c[i], o);
		}
		for (unsigned int i = 0; i < NCACHES; i++)
			kmem_cache_destroy(c[i]);
		/* slabs filled and emptied through the sheaves */
		unsigned int n = 0;
		while (n < NOBJ && (objs[n] = kmem_cache_alloc(shared, GFP_KERNEL)))
			n++;
		while (n--)
			kmem_cache_free(shared, objs[n]);
		atomic_fetch_add(&rounds, 1);
	}
	return NULL;
}

/* The child: validate clean, and every slab page is on a cache's list. */
static int child_work(void *arg)
{
	long unlisted = *(const long *)arg;
	int bad = 0;

	signal(SIGALRM, zt_child_hung);
	alarm(60);
	zslab_set_report_hook(zt_child_hook, NULL);
	zslab_validate();
	if (zt_child_problems) {
		fprintf(stderr, "child: %d problems, the last:\n%s\n", zt_child_problems,
			zt_last_report);
		bad++;
	}
	long now = unlisted_pages();
	if (now != unlisted) {
		fprintf(stderr, "child: %ld slab pages on no cache's list (parent at start: %ld)\n",
			now, unlisted);
		bad++;
	}
	/* and the child's own slabs come and go */
	void *o = kmem_cache_alloc(shared, GFP_KERNEL);
	bad += !o;
	kmem_cache_free(shared, o);
	return bad;
}

int main(void)
{
	pthread_t th[NTHREADS];
	int failed = 0;

	zt_capture_reports();
	REQUIRE(zslab_init(NULL) == 0);
	REQUIRE((shared = kmem_cache_create("fork-grow-shared", 192, 0, SLAB_NO_MERGE, NULL)));
	long unlisted = unlisted_pages();
	for (uintptr_t i = 0; i < NTHREADS; i++)
		REQUIRE(pthread_create(&th[i], NULL, churn, (void *)(i + 1)) == 0);
	for (int f = 0; f < NFORKS; f++) {
		unsigned long before = atomic_load(&rounds);
		while (atomic_load(&rounds) < before + 1)
			sched_yield();
		usleep((unsigned int)(f % 7) * 150);   /* land anywhere in a round */
		failed += !zt_fork_ok(child_work, &unlisted);
	}
	atomic_store(&stop, true);
	for (int i = 0; i < NTHREADS; i++)
		pthread_join(th[i], NULL);
	CHECK_EQ(failed, 0);
	CHECK_EQ(zt_reports, 0);
	CHECK_EQ(zslab_validate(), 0);
	CHECK_EQ(unlisted_pages(), unlisted);
	kmem_cache_destroy(shared);
	zslab_exit();
	return zt_summary("test_slab_fork_grow_mt");
}
