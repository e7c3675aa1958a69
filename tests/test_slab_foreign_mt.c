/* SPDX-License-Identifier: MIT */
/*
 * test_slab_foreign_mt.c - slab ownership against false sharing (issue 7,
 * cache-scratch).  A thread that frees a small object (under a cache line)
 * of a slab another thread refilled from does not keep it on its sheaf:
 * the object goes back to its slab at once (the slab's in-use count drops),
 * the freeing thread's next allocation is a different object, and a second
 * free of it is reported by the slab rather than corrupting the freelist.
 * Objects of a cache line or more keep the sheaf path: the freeing thread
 * gets the very object back.  A thread's frees of objects of a slab it
 * refilled from itself stay on its sheaf.
 */
#include "zt.h"

#include <pthread.h>
#include <string.h>

#include "mm/mm_internal.h"
#include "slab/slab.h"

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
	CHECK_EQ(j.inuse_before - j.inuse_after, 1);
	CHECK(j.next && j.next != j.obj);
	CHECK(j.own && j.own_again == j.own);
	CHECK_EQ(kmem_cache_validate(s), 0);
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
	test_double_free_reported();
	test_line_sized_stays();

	CHECK_EQ(zslab_validate(), 0);
	zslab_exit();
	return zt_summary("test_slab_foreign_mt");
}
