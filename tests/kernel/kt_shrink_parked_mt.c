// SPDX-License-Identifier: MIT
/*
 * kt_shrink_parked_mt.c - kmem_cache_shrink() must reach every thread's
 * cached objects, as the kernel's flush_all() reaches every CPU: a thread
 * fills its per-thread caches with freed objects and sleeps in
 * wait_for_completion(); a shrink from another thread must give every
 * slab back (kmem_cache_shrink() returns 0: no slab left), so that the
 * process's RSS falls by the memory those objects held.
 *
 * The objects are 64 KiB and more, one per slab, written through so that
 * every page is resident; each cache gets only as many as a per-thread
 * cache holds, so all of them stay with the sleeping thread until the
 * shrink.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>

#define NCACHE 8
#define NOBJ 8                       /* per cache */
#define OBJ_SIZE (64 * 1024)

static struct kmem_cache *caches[NCACHE];
static DECLARE_COMPLETION(filled);
static DECLARE_COMPLETION(unpark);
static int fill_errors;

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
	void *objs[NOBJ];

	(void)arg;
	for (int c = 0; c < NCACHE; c++) {
		for (int i = 0; i < NOBJ; i++) {
			objs[i] = kmem_cache_alloc(caches[c], GFP_KERNEL);
			if (!objs[i]) {
				fill_errors++;
				continue;
			}
			memset(objs[i], 0x5a, OBJ_SIZE + c * 4096);   /* resident */
		}
		for (int i = NOBJ; i-- > 0;)
			kmem_cache_free(caches[c], objs[i]);   /* into this thread's cache */
	}
	complete(&filled);
	wait_for_completion(&unpark);           /* parked: sleeps, no slow path */
	return 0;
}

static void shrink_reaches_parked_thread(struct kunit *test)
{
	struct task_struct *k;
	long before, after;
	char name[32];
	int left = 0;

	for (int c = 0; c < NCACHE; c++) {
		snprintf(name, sizeof(name), "kt_parked%d", c);
		/* sizes apart, so that no two caches merge */
		caches[c] = kmem_cache_create(name, OBJ_SIZE + c * 4096, 0, 0, NULL);
		KUNIT_ASSERT_NOT_NULL(test, caches[c]);
	}
	k = kthread_run(filler, NULL, "kt_filler");
	KUNIT_ASSERT_FALSE(test, IS_ERR(k));
	wait_for_completion(&filled);
	KUNIT_EXPECT_EQ(test, fill_errors, 0);
	before = rss_kib();
	/* the filler may not have reached its sleep yet: try for a while */
	for (int tries = 0; tries < 2000; tries++) {
		left = 0;
		for (int c = 0; c < NCACHE; c++)
			left += kmem_cache_shrink(caches[c]);
		if (!left)
			break;
		msleep(1);
	}
	KUNIT_EXPECT_EQ_MSG(test, left, 0, "%d caches keep slabs", left);
	after = rss_kib();
	KUNIT_EXPECT_LT_MSG(test, after, before - NCACHE * NOBJ * (OBJ_SIZE / 1024) / 2,
			    "RSS %ld KiB -> %ld KiB", before, after);
	kunit_info(test, "RSS %ld KiB -> %ld KiB after the shrink", before, after);
	complete(&unpark);
	KUNIT_EXPECT_EQ(test, kthread_stop(k), 0);
	for (int c = 0; c < NCACHE; c++)
		kmem_cache_destroy(caches[c]);
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
