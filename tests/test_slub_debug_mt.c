/* SPDX-License-Identifier: MIT */
/*
 * test_slub_debug_mt.c - slub_debug across threads (misuse matrix M3 and
 * M19): a double free whose two frees run on two threads is caught on an
 * F cache (BUG + FIX), and kmem_cache_validate() running while other
 * threads allocate and free on a debug cache finds nothing and does not
 * deadlock.
 */
#include "zt.h"

#include <pthread.h>
#include <stdatomic.h>

#include "slab/slab.h"

static atomic_ulong hook_calls;
static char first_report[4096];
static atomic_int have_first;

static void hook(const char *text, void *arg)
{
	(void)arg;
	if (!atomic_exchange(&have_first, 1))
		snprintf(first_report, sizeof(first_report), "%s", text);
	atomic_fetch_add(&hook_calls, 1);
}

struct freer {
	struct kmem_cache *s;
	void *obj;
};

static void *free_it(void *arg)
{
	struct freer *f = arg;

	kmem_cache_free(f->s, f->obj);
	return NULL;
}

static void test_cross_thread_double_free(void)
{
	struct kmem_cache *s = kmem_cache_create("mt-double", 96, 0, SLAB_CONSISTENCY_CHECKS, NULL);
	struct freer f;
	pthread_t t;
	void *keep;

	REQUIRE(s);
	keep = kmem_cache_alloc(s, GFP_KERNEL);
	f.s = s;
	f.obj = kmem_cache_alloc(s, GFP_KERNEL);
	REQUIRE(keep && f.obj);
	REQUIRE(!pthread_create(&t, NULL, free_it, &f));
	pthread_join(t, NULL);
	atomic_store(&hook_calls, 0);
	atomic_store(&have_first, 0);
	REQUIRE(!pthread_create(&t, NULL, free_it, &f));
	pthread_join(t, NULL);
	CHECK_EQ(atomic_load(&hook_calls), 2);
	CHECK(!strncmp(first_report, "BUG mt-double (Not tainted): Object already free", 48));
	atomic_store(&hook_calls, 0);
	CHECK_EQ(kmem_cache_validate(s), 0);
	kmem_cache_free(s, keep);
	kmem_cache_destroy(s);
	CHECK_EQ(atomic_load(&hook_calls), 0);
}

static atomic_int stop;

static void *churn(void *arg)
{
	struct kmem_cache *s = arg;
	void *objs[64];
	unsigned int seed = (unsigned int)(uintptr_t)&objs;

	while (!atomic_load(&stop)) {
		unsigned int n = 1 + (seed = seed * 1103515245u + 12345u) % 64;
		for (unsigned int i = 0; i < n; i++) {
			objs[i] = kmem_cache_alloc(s, GFP_KERNEL);
			if (objs[i])
				memset(objs[i], (int)i, 200);
		}
		for (unsigned int i = 0; i < n; i++)
			if (objs[i])
				kmem_cache_free(s, objs[i]);
	}
	return NULL;
}

static void test_validate_while_busy(void)
{
	struct kmem_cache *s = kmem_cache_create("mt-validate", 200, 0,
		SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER, NULL);
	pthread_t t[3];
	long bad = 0;

	REQUIRE(s);
	atomic_store(&hook_calls, 0);
	atomic_store(&stop, 0);
	for (int i = 0; i < 3; i++)
		REQUIRE(!pthread_create(&t[i], NULL, churn, s));
	for (int i = 0; i < 200; i++)
		bad += kmem_cache_validate(s);
	atomic_store(&stop, 1);
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	CHECK_EQ(bad, 0);
	CHECK_EQ(kmem_cache_validate(s), 0);
	CHECK_EQ(atomic_load(&hook_calls), 0);
	kmem_cache_destroy(s);
}

int main(void)
{
	zslab_set_report_hook(hook, NULL);
	REQUIRE(zslab_init(NULL) == 0);
	test_cross_thread_double_free();
	test_validate_while_busy();
	CHECK_EQ(zslab_validate(), 0);
	zslab_exit();
	return zt_summary("test_slub_debug_mt");
}
