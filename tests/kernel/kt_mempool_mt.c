// SPDX-License-Identifier: MIT
/*
 * kt_mempool_mt.c - a KUnit suite of mempools written as kernel code:
 * slab, kmalloc and page pools through <linux/mempool.h>; a pool whose
 * allocator has run dry hands out its reserve, then NULL to GFP_NOWAIT;
 * a kthread sleeping in mempool_alloc(GFP_KERNEL) is woken by the
 * mempool_free() of the test and gets that element; resize both ways.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/gfp.h>
#include <linux/kthread.h>
#include <linux/mempool.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>

/* An allocator that can be switched off, as memory pressure would. */
struct dry {
	bool dry;
	int live;       /* elements made and not yet destroyed */
};

static void *dry_alloc(gfp_t gfp, void *data)
{
	struct dry *d = data;
	void *p;

	if (READ_ONCE(d->dry))
		return NULL;
	p = kmalloc(64, gfp);
	if (p)
		d->live++;
	return p;
}

static void dry_free(void *element, void *data)
{
	struct dry *d = data;

	d->live--;
	kfree(element);
}

static void slab_pool(struct kunit *test)
{
	struct kmem_cache *s = kmem_cache_create("kt_mempool_obj", 96, 0, 0, NULL);
	mempool_t *pool;
	void *e[4];
	int i;

	KUNIT_ASSERT_NOT_NULL(test, s);
	pool = mempool_create_slab_pool(4, s);
	KUNIT_ASSERT_NOT_NULL(test, pool);
	KUNIT_EXPECT_EQ(test, pool->curr_nr, 4);
	KUNIT_EXPECT_TRUE(test, mempool_is_saturated(pool));
	for (i = 0; i < 4; i++) {
		e[i] = mempool_alloc(pool, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, e[i]);
		memset(e[i], 0x6b, 96);
	}
	for (i = 0; i < 4; i++)
		mempool_free(e[i], pool);
	mempool_destroy(pool);
	kmem_cache_destroy(s);
}

static void kmalloc_and_page_pools(struct kunit *test)
{
	mempool_t pool;
	mempool_t *pages;
	struct page *page;
	void *p;

	KUNIT_ASSERT_EQ(test, mempool_init_kmalloc_pool(&pool, 2, 200), 0);
	KUNIT_EXPECT_TRUE(test, mempool_initialized(&pool));
	p = mempool_alloc(&pool, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_EXPECT_GE(test, ksize(p), (size_t)200);
	mempool_free(p, &pool);
	mempool_exit(&pool);
	KUNIT_EXPECT_FALSE(test, mempool_initialized(&pool));

	pages = mempool_create_page_pool(1, 2);
	KUNIT_ASSERT_NOT_NULL(test, pages);
	page = mempool_alloc(pages, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, page);
	memset(page_address(page), 0, PAGE_SIZE << 2);
	mempool_free(page, pages);
	mempool_destroy(pages);
}

static void reserve_then_null(struct kunit *test)
{
	struct dry d = { 0 };
	mempool_t *pool = mempool_create(3, dry_alloc, dry_free, &d);
	void *e[3];
	int i;

	KUNIT_ASSERT_NOT_NULL(test, pool);
	KUNIT_EXPECT_EQ(test, d.live, 3);
	WRITE_ONCE(d.dry, true);
	for (i = 0; i < 3; i++) {
		e[i] = mempool_alloc(pool, GFP_NOWAIT);
		KUNIT_EXPECT_NOT_NULL(test, e[i]);
	}
	KUNIT_EXPECT_NULL(test, mempool_alloc(pool, GFP_NOWAIT));
	KUNIT_EXPECT_NULL(test, mempool_alloc(pool, GFP_ATOMIC));
	KUNIT_EXPECT_NULL(test, mempool_alloc_preallocated(pool));
	for (i = 0; i < 3; i++)
		mempool_free(e[i], pool);
	KUNIT_EXPECT_TRUE(test, mempool_is_saturated(pool));
	WRITE_ONCE(d.dry, false);
	mempool_destroy(pool);
	KUNIT_EXPECT_EQ(test, d.live, 0);
}

struct sleeper {
	mempool_t *pool;
	void *got;
	struct completion about_to_sleep;
};

static int sleeper_fn(void *arg)
{
	struct sleeper *s = arg;

	complete(&s->about_to_sleep);
	s->got = mempool_alloc(s->pool, GFP_KERNEL);   /* sleeps: dry and empty */
	return s->got ? 0 : -ENOMEM;
}

static void sleeper_woken_by_free(struct kunit *test)
{
	struct dry d = { 0 };
	struct sleeper s = { 0 };
	struct task_struct *k;
	void *mine;

	s.pool = mempool_create(1, dry_alloc, dry_free, &d);
	KUNIT_ASSERT_NOT_NULL(test, s.pool);
	WRITE_ONCE(d.dry, true);
	mine = mempool_alloc(s.pool, GFP_KERNEL);       /* the reserve */
	KUNIT_ASSERT_NOT_NULL(test, mine);
	init_completion(&s.about_to_sleep);
	k = kthread_run(sleeper_fn, &s, "kt_mempool_sleeper");
	KUNIT_ASSERT_FALSE(test, IS_ERR(k));
	wait_for_completion(&s.about_to_sleep);
	while (!__atomic_load_n(&s.pool->waiters, __ATOMIC_ACQUIRE))
		yield();
	mempool_free(mine, s.pool);
	KUNIT_EXPECT_EQ(test, kthread_stop(k), 0);
	KUNIT_EXPECT_PTR_EQ(test, s.got, mine);
	mempool_free(s.got, s.pool);
	WRITE_ONCE(d.dry, false);
	mempool_destroy(s.pool);
	KUNIT_EXPECT_EQ(test, d.live, 0);
}

static void resize_both_ways(struct kunit *test)
{
	struct dry d = { 0 };
	mempool_t *pool = mempool_create(2, dry_alloc, dry_free, &d);

	KUNIT_ASSERT_NOT_NULL(test, pool);
	KUNIT_EXPECT_EQ(test, mempool_resize(pool, 7), 0);
	KUNIT_EXPECT_EQ(test, pool->curr_nr, 7);
	KUNIT_EXPECT_EQ(test, d.live, 7);
	KUNIT_EXPECT_EQ(test, mempool_resize(pool, 1), 0);
	KUNIT_EXPECT_EQ(test, pool->curr_nr, 1);
	KUNIT_EXPECT_EQ(test, d.live, 1);
	mempool_destroy(pool);
	KUNIT_EXPECT_EQ(test, d.live, 0);
}

static struct kunit_case mempool_cases[] = {
	KUNIT_CASE(slab_pool),
	KUNIT_CASE(kmalloc_and_page_pools),
	KUNIT_CASE(reserve_then_null),
	KUNIT_CASE(sleeper_woken_by_free),
	KUNIT_CASE(resize_both_ways),
	{}
};

static struct kunit_suite mempool_suite = {
	.name = "kt_mempool",
	.test_cases = mempool_cases,
};
kunit_test_suite(mempool_suite);

MODULE_LICENSE("GPL");
