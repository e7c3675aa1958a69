/* SPDX-License-Identifier: MIT */
/*
 * test_slab_foreign_mt.c - slab ownership against false sharing (issue 7,
 * cache-scratch).  A thread that frees a small object (under a cache line)
 * of a slab another thread refilled from does not keep it on its sheaf:
 * the object waits in the foreign tail of the thread's sheaf and goes back
 * to its slab with a batch of others, under one node lock (the slab's
 * in-use count drops by the batch at once, and not before), at the
 * thread's next refill, or at a shrink; the freeing thread's next
 * allocation is a different object, and a second free of it is reported
 * rather than corrupting the freelist.
 * Objects of a cache line or more keep the sheaf path: the freeing thread
 * gets the very object back.  A thread's frees of objects of a slab it
 * refilled from itself stay on its sheaf.
 */
#include "zt.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <string.h>

#include "mm/mm_internal.h"
#include "slab/slab.h"
#include "slab/sheaf_fast.h"

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned long nreports;

static void count_hook(const char *text, void *arg)
{
	(void)arg;
	pthread_mutex_lock(&log_lock);
	nreports++;
	if (getenv("ZT_VERBOSE"))
		fputs(text, stderr);
	pthread_mutex_unlock(&log_lock);
}

static unsigned long reports_now(void)
{
	unsigned long n;

	pthread_mutex_lock(&log_lock);
	n = nreports;
	pthread_mutex_unlock(&log_lock);
	return n;
}

/* Objects in use at the slab level (sheaves count as in use). */
static unsigned long slab_inuse(struct kmem_cache *s)
{
	struct list_head *pos;
	unsigned long n = 0;

	zs_spin_lock(&s->node_lock);
	list_for_each(pos, &s->partial)
		n += container_of(pos, struct page, lru)->inuse;
	list_for_each(pos, &s->full)
		n += container_of(pos, struct page, lru)->inuse;
	zs_spin_unlock(&s->node_lock);
	return n;
}

/* What the freeing thread saw. */
struct job {
	struct kmem_cache *s;
	void *obj;                 /* the main thread's object, freed here */
	unsigned long inuse_before, inuse_after;
	void *next;                /* the thread's next allocation */
	void *own, *own_again;     /* its own object, freed and reallocated */
	bool double_free;          /* free obj a second time */
	unsigned long reports;     /* reports of the second free */
};

static void *freer(void *arg)
{
	struct job *j = arg;

	j->inuse_before = slab_inuse(j->s);
	kmem_cache_free(j->s, j->obj);
	j->inuse_after = slab_inuse(j->s);
	if (j->double_free) {
		unsigned long r0 = reports_now();
		kmem_cache_free(j->s, j->obj);
		j->reports = reports_now() - r0;
	}
	j->next = kmem_cache_alloc(j->s, GFP_KERNEL);
	/* the refill made this thread the owner: its own frees stay local */
	j->own = kmem_cache_alloc(j->s, GFP_KERNEL);
	kmem_cache_free(j->s, j->own);
	j->own_again = kmem_cache_alloc(j->s, GFP_KERNEL);
	memset(j->next, 0x5a, j->s->object_size);
	memset(j->own_again, 0xa5, j->s->object_size);
	kmem_cache_free(j->s, j->own_again);
	kmem_cache_free(j->s, j->next);
	return NULL;
}

static void run_freer(struct job *j)
{
	pthread_t t;

	REQUIRE(pthread_create(&t, NULL, freer, j) == 0);
	REQUIRE(pthread_join(t, NULL) == 0);
}

static void test_small_goes_home(void)
{
	struct kmem_cache *s = kmem_cache_create("foreign-8", 8, 0, SLAB_NO_MERGE, NULL);
	struct job j = { 0 };

	REQUIRE(s);
	j.s = s;
	j.obj = kmem_cache_alloc(s, GFP_KERNEL);   /* main refills: main owns */
	REQUIRE(j.obj);
	run_freer(&j);
	CHECK_EQ(j.inuse_before, j.inuse_after);   /* in the tail, not on the sheaf */
	CHECK(j.next && j.next != j.obj);
	CHECK(j.own && j.own_again == j.own);
	CHECK_EQ(kmem_cache_validate(s), 0);
	kmem_cache_destroy(s);
}

/* --- batches: one node lock per foreign_max objects --------------------- */

#define NBATCH 64
struct batch_job {
	struct kmem_cache *s;
	void *obj[NBATCH];              /* the main thread's objects */
	unsigned int nfree;             /* how many of them to free */
	unsigned long inuse[NBATCH + 1];/* slab in-use before each free, after the last */
	unsigned int on_sheaf;          /* objects on the freer's sheaf after the frees */
	bool park;                      /* park after the frees, until released */
	atomic_bool parked, release;
};

static void *batch_freer(void *arg)
{
	struct batch_job *b = arg;

	for (unsigned int i = 0; i < b->nfree; i++) {
		b->inuse[i] = slab_inuse(b->s);
		kmem_cache_free(b->s, b->obj[i]);
	}
	b->inuse[b->nfree] = slab_inuse(b->s);
	if (b->park) {
		zslab_thread_park();
		atomic_store(&b->parked, true);
		while (!atomic_load(&b->release))
			sched_yield();
		zslab_thread_unpark();
		return NULL;
	}
	b->on_sheaf = zs_my_sheaf(b->s)->count;
	return NULL;
}

static void batch_alloc(struct batch_job *b, struct kmem_cache *s, unsigned int n)
{
	memset(b, 0, sizeof(*b));
	b->s = s;
	b->nfree = n;
	for (unsigned int i = 0; i < n; i++) {
		b->obj[i] = kmem_cache_alloc(s, GFP_KERNEL);   /* main owns */
		REQUIRE(b->obj[i]);
	}
}

/* The in-use count stays while the tail fills and drops by the whole
 * batch at once: a node lock per batch, not per object. */
static void test_batched(void)
{
	struct kmem_cache *s = kmem_cache_create("foreign-16", 16, 0, SLAB_NO_MERGE, NULL);
	struct batch_job b;
	pthread_t t;

	REQUIRE(s);
	unsigned int k = s->sheaf_cap / 4;   /* the tail's size */
	REQUIRE(k > 1 && 2 * k <= NBATCH);
	batch_alloc(&b, s, 2 * k);
	REQUIRE(pthread_create(&t, NULL, batch_freer, &b) == 0);
	REQUIRE(pthread_join(t, NULL) == 0);
	unsigned int drops = 0;
	for (unsigned int i = 0; i < 2 * k; i++) {
		unsigned long d = b.inuse[i] - b.inuse[i + 1];
		if (d) {
			drops++;
			CHECK_EQ(d, k);
			CHECK_EQ((i + 1) % k, 0);
		}
	}
	CHECK_EQ(drops, 2);
	CHECK_EQ(b.on_sheaf, 0);                  /* none for the freer to reuse */
	CHECK_EQ(kmem_cache_shrink(s), 0);
	CHECK_EQ(s->total_objects, 0);
	CHECK_EQ(kmem_cache_validate(s), 0);
	kmem_cache_destroy(s);
}

/* A shrink reaches a parked thread's tail: kmem_cache_shrink() empties. */
static void test_shrink_takes_tail(void)
{
	struct kmem_cache *s = kmem_cache_create("foreign-24", 24, 0, SLAB_NO_MERGE, NULL);
	static struct batch_job b;
	pthread_t t;

	REQUIRE(s);
	batch_alloc(&b, s, 3);
	b.park = true;
	REQUIRE(pthread_create(&t, NULL, batch_freer, &b) == 0);
	while (!atomic_load(&b.parked))
		sched_yield();
	CHECK_EQ(b.inuse[0], b.inuse[3]);           /* all three in the tail */
	CHECK_EQ(kmem_cache_shrink(s), 0);
	CHECK_EQ(slab_inuse(s), 0);
	CHECK_EQ(s->total_objects, 0);
	CHECK_EQ(kmem_cache_validate(s), 0);
	atomic_store(&b.release, true);
	REQUIRE(pthread_join(t, NULL) == 0);
	CHECK_EQ(zslab_validate(), 0);
	kmem_cache_destroy(s);
}

static void test_double_free_reported(void)
{
	struct kmem_cache *s = kmem_cache_create("foreign-32", 32, 0, SLAB_NO_MERGE, NULL);
	struct job j = { 0 };
	unsigned long r0 = reports_now();

	REQUIRE(s);
	j.s = s;
	j.double_free = true;
	j.obj = kmem_cache_alloc(s, GFP_KERNEL);
	REQUIRE(j.obj);
	run_freer(&j);
	CHECK_EQ(j.reports, 1);
	CHECK_EQ(reports_now() - r0, 1);
	CHECK(j.next != j.obj);
	CHECK_EQ(kmem_cache_validate(s), 0);
	kmem_cache_destroy(s);
}

static void test_line_sized_stays(void)
{
	struct kmem_cache *s = kmem_cache_create("foreign-64", 64, 0, SLAB_NO_MERGE, NULL);
	struct job j = { 0 };

	REQUIRE(s);
	j.s = s;
	j.obj = kmem_cache_alloc(s, GFP_KERNEL);
	REQUIRE(j.obj);
	run_freer(&j);
	CHECK_EQ(j.inuse_before, j.inuse_after);   /* onto the sheaf */
	CHECK(j.next == j.obj);
	CHECK_EQ(kmem_cache_validate(s), 0);
	kmem_cache_destroy(s);
}

int main(void)
{
	zslab_set_report_hook(count_hook, NULL);
	REQUIRE(zslab_init(NULL) == 0);

	test_small_goes_home();
	test_batched();
	test_shrink_takes_tail();
	test_double_free_reported();
	test_line_sized_stays();

	CHECK_EQ(zslab_validate(), 0);
	zslab_exit();
	return zt_summary("test_slab_foreign_mt");
}
