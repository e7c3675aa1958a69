// SPDX-License-Identifier: MIT
/*
 * kt_shrink_parked_mt.c - kmem_cache_shrink() must reach every thread's
 * cached objects, as the kernel's flush_all() reaches every CPU: a thread
 * fills its sheaves with freed objects and parks; a shrink from another
 * thread must give the now-empty slabs back, so the process's RSS falls.
 *
 * Blocked: that mechanism is issue 10 item 6 (the perf work), not yet in
 * this zslab; the case is registered and skipped with that reason until
 * it lands.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/slab.h>

#define NOBJ 20000

static struct kmem_cache *cache;
static void *objs[NOBJ];
static DECLARE_COMPLETION(filled);
static DECLARE_COMPLETION(unpark);

static long rss_kib(void)
{
	long pages = 0, resident = 0;
	FILE *f = fopen("/proc/self/statm", "r");

	if (!f)
		return -1;
	if (fscanf(f, "%ld %ld", &pages, &resident) != 2)
		resident = -1;
	fclose(f);
	return resident * 4;
}

static int filler(void *arg)
{
	(void)arg;
	for (int i = 0; i < NOBJ; i++)
		objs[i] = kmem_cache_alloc(cache, GFP_KERNEL);
	for (int i = 0; i < NOBJ; i++)
		kmem_cache_free(cache, objs[i]);   /* into this thread's sheaves */
	complete(&filled);
	wait_for_completion(&unpark);           /* parked: no slow path runs */
	return 0;
}

static void shrink_reaches_parked_thread(struct kunit *test)
{
	struct task_struct *k;
	long before, after;

	kunit_skip(test, "blocked: kmem_cache_shrink() does not yet reach other threads' "
			 "sheaves (issue 10 item 6, not in this zslab)");
	cache = kmem_cache_create("kt_parked", 512, 0, 0, NULL);
	KUNIT_ASSERT_NOT_NULL(test, cache);
	k = kthread_run(filler, NULL, "kt_filler");
	KUNIT_ASSERT_FALSE(test, IS_ERR(k));
	wait_for_completion(&filled);
	before = rss_kib();
	KUNIT_EXPECT_EQ(test, kmem_cache_shrink(cache), 0);   /* no slab left */
	after = rss_kib();
	KUNIT_EXPECT_LT_MSG(test, after, before - NOBJ * 512 / 1024 / 2,
			    "RSS %ld KiB -> %ld KiB", before, after);
	complete(&unpark);
	KUNIT_EXPECT_EQ(test, kthread_stop(k), 0);
	kmem_cache_destroy(cache);
}

static struct kunit_case shrink_cases[] = {
	KUNIT_CASE(shrink_reaches_parked_thread),
	{}
};

static struct kunit_suite shrink_suite = {
	.name = "zslab_shrink_parked",
	.test_cases = shrink_cases,
};
kunit_test_suite(shrink_suite);

MODULE_LICENSE("GPL");
