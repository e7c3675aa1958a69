/* SPDX-License-Identifier: MIT */
/*
 * test_fault_attr_mt.c - the kernel's fault attributes beyond the four of
 * failslab=/fail_page_alloc= (issue 13, defect 8), so that a program's
 * set-up succeeds even when every candidate fails (N = 1):
 *  - task filter (failslab_task_filter, fail_page_alloc_task_filter, and
 *    zslab_make_it_fail() as /proc/<pid>/make-it-fail): only threads
 *    that asked are failed, so set-up and the checking thread are not;
 *  - space: the first SPACE bytes (failslab) or pages (fail_page_alloc)
 *    go through, then every candidate fails;
 *  - fail-nth (zslab_fail_nth_set/get as /proc/self/task/<tid>/fail-nth):
 *    the N-th candidate of this thread fails, once; with N = 1, 2, 3 ...
 *    that is the SQLite loop (transient), which stops when the operation
 *    completes before its N-th candidate; every failure is clean (NULL or
 *    0, no BUG or WARNING report) and nothing is lost (buddy lists at
 *    their boot state);
 *  - verbose: 0 silent, 1 the FAULT_INJECTION line, 2 the line and a
 *    stack.
 */
#include "zt.h"
#include "zt_mm.h"

#include <pthread.h>

#include "slab/slab.h"

struct worker {
	struct kmem_cache *s;
	bool make_it_fail;
	int fails, tries;
};

static void *work(void *arg)
{
	struct worker *w = arg;

	if (w->make_it_fail)
		CHECK_EQ(zslab_make_it_fail(1), 0);
	for (int i = 0; i < 100; i++) {
		void *a = kmem_cache_alloc(w->s, GFP_KERNEL);
		void *b = kmalloc(100 + (size_t)i, GFP_KERNEL);
		struct page *pg = alloc_pages(GFP_KERNEL | __GFP_NOWARN, (unsigned int)(i % 3));
		w->tries += 3;
		w->fails += !a + !b + !pg;
		if (a)
			kmem_cache_free(w->s, a);
		kfree(b);
		if (pg)
			__free_pages(pg, (unsigned int)(i % 3));
	}
	return NULL;
}

/* N = 1 and the task filter: set-up succeeds, marked threads fail. */
static void task_filter(void)
{
	struct worker marked = { 0 }, plain = { 0 };
	struct zm_buddy boot;
	pthread_t t[2];
	struct kmem_cache *s;

	REQUIRE(zslab_init("failslab=1,100,0,-1 failslab_task_filter "
			   "fail_page_alloc=1,100,0,-1 fail_page_alloc_task_filter "
			   "failslab_verbose=0 fail_page_alloc_verbose=0") == 0);
	zm_log_reset();
	zm_buddy_snap(&boot);
	s = kmem_cache_create("fa-task", 96, 0, SLAB_CACHE_DMA32, NULL);
	REQUIRE(s);                    /* set-up is not failed */
	marked.s = plain.s = s;
	marked.make_it_fail = true;
	REQUIRE(!pthread_create(&t[0], NULL, work, &marked));
	REQUIRE(!pthread_create(&t[1], NULL, work, &plain));
	pthread_join(t[0], NULL);
	pthread_join(t[1], NULL);
	CHECK_EQ(marked.fails, marked.tries);
	CHECK_EQ(plain.fails, 0);
	/* this thread too, once it asks; and not after it stops asking */
	CHECK_EQ(zslab_make_it_fail(1), 0);
	CHECK(kmem_cache_alloc(s, GFP_KERNEL) == NULL);
	CHECK(kmalloc(8, GFP_KERNEL) == NULL);
	CHECK(alloc_pages(GFP_KERNEL | __GFP_NOWARN, 0) == NULL);
	void *nofail = kmem_cache_alloc(s, GFP_KERNEL | __GFP_NOFAIL);
	CHECK(nofail != NULL);         /* __GFP_NOFAIL is never failed */
	CHECK_EQ(zslab_make_it_fail(0), 1);
	void *p = kmem_cache_alloc(s, GFP_KERNEL);
	CHECK(p != NULL);
	kmem_cache_free(s, p);
	kmem_cache_free(s, nofail);
	CHECK_EQ(zm_log_has("BUG "), 0);
	CHECK_EQ(zm_log_has("FAULT_INJECTION"), 0);   /* verbose=0 */
	kmem_cache_shrink(s);
	CHECK_EQ(kmem_cache_validate(s), 0);
	kmem_cache_destroy(s);
	zslab_shrink_all();
	CHECK(zm_buddy_equal(&boot, "task filter"));
	zslab_exit();
}

/* N = 1 with space: the first bytes go through, then everything fails. */
static void space(void)
{
	int ok = 0, failed = 0;

	REQUIRE(zslab_init("failslab=1,100,4096,-1 failslab_verbose=1") == 0);
	zm_log_reset();
	for (int i = 0; i < 40; i++) {
		void *p = kmalloc(128, GFP_KERNEL);
		if (p)
			ok++;
		else
			failed++;
		kfree(p);
	}
	CHECK_EQ(ok, 31);              /* while more than 128 bytes remain */
	CHECK_EQ(failed, 9);
	/* verbose=1: the kernel's line, no stack */
	CHECK(zm_log_has("FAULT_INJECTION: forcing a failure.\nname failslab, interval 1, probability 100, space 128, times -1") > 0);
	CHECK_EQ(zm_log_has("Call Trace"), 0);
	zslab_exit();
}

/* One SQLite step: create a cache, fill it, bulk, kmalloc, pages, destroy. */
static bool operation(void)
{
	struct kmem_cache *s = kmem_cache_create("fa-nth", 200, 0, SLAB_CACHE_DMA32, NULL);
	void *objs[40] = { 0 }, *big, *bulk[8];
	struct page *pg;
	bool whole = s != NULL;

	if (!s)
		return false;
	for (int i = 0; i < 40; i++)
		whole &= (objs[i] = kmem_cache_alloc(s, GFP_KERNEL)) != NULL;
	int n = kmem_cache_alloc_bulk(s, GFP_KERNEL, 8, bulk);
	CHECK(n == 0 || n == 8);       /* all or nothing */
	whole &= n == 8;
	big = kmalloc(20000, GFP_KERNEL);
	pg = alloc_pages(GFP_DMA32, 2);
	whole &= big && pg;
	if (n)
		kmem_cache_free_bulk(s, 8, bulk);
	for (int i = 0; i < 40; i++)
		if (objs[i])
			kmem_cache_free(s, objs[i]);
	kfree(big);
	if (pg)
		__free_pages(pg, 2);
	kmem_cache_destroy(s);
	return whole;
}

static void fail_nth(void)
{
	struct zm_buddy boot;
	unsigned int n, visible = 0;

	/* probability 0: nothing fails but what fail-nth asks */
	REQUIRE(zslab_init("failslab=1,0,0,-1 fail_page_alloc=1,0,0,-1") == 0);
	zm_log_reset();
	CHECK(operation());            /* nothing fails by itself */
	zslab_shrink_all();
	zm_buddy_snap(&boot);
	for (n = 1; n < 10000; n++) {
		bool whole;
		CHECK_EQ(zslab_fail_nth_set(n), 0);
		whole = operation();
		if (zslab_fail_nth_get() != 0) {   /* N was never reached */
			CHECK(whole);
			zslab_fail_nth_set(0);
			break;
		}
		visible += !whole;   /* some are absorbed: a slab's order fallback */
		zslab_shrink_all();
		if (!zm_buddy_equal(&boot, "fail-nth")) {
			CHECK(!"nothing lost after a failed step");
			break;
		}
	}
	CHECK(n > 20 && n < 10000);    /* the loop ran and then completed */
	CHECK(visible > n / 2);
	CHECK(operation());            /* R5: the retry succeeds */
	CHECK_EQ(zm_log_has("BUG "), 0);
	CHECK_EQ(zm_log_has("WARNING"), 0);
	CHECK_EQ(zslab_validate(), 0);
	zslab_exit();
}

/* verbose=2 (the kernel's default): the line and a stack. */
static void verbose_stack(void)
{
	REQUIRE(zslab_init("fail_page_alloc=1,100,0,1") == 0);
	zm_log_reset();
	CHECK(alloc_pages(GFP_KERNEL | __GFP_NOWARN, 0) == NULL);
	CHECK(zm_log_has("FAULT_INJECTION: forcing a failure.\nname fail_page_alloc") > 0);
	CHECK(zm_log_has("Call Trace") > 0);
	zslab_exit();
	/* bad values name the option */
	CHECK_EQ(zslab_init("failslab_verbose=3"), -EINVAL);
	CHECK(zm_log_has("failslab_verbose") > 0);
}

int main(void)
{
	zm_log_start();
	task_filter();
	space();
	fail_nth();
	verbose_stack();
	return zt_summary("test_fault_attr_mt");
}
