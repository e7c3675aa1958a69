/* SPDX-License-Identifier: MIT */
/*
 * test_mempool.c - the kernel's mempool, one thread:
 *  - kmalloc, slab and page pools preallocate min_nr elements, allocate
 *    through alloc_fn while it works, and give back to the reserve first;
 *  - with fault injection failing every allocation of this thread
 *    (failslab and fail_page_alloc under the task filter), an allocation
 *    that may not sleep gets exactly the reserve elements, then NULL, with
 *    no report; mempool_alloc_preallocated() never calls alloc_fn;
 *  - a pool with min_nr 0 keeps one freed element for its next caller;
 *  - mempool_resize() shrinks through free_fn at once, grows through
 *    alloc_fn, keeps a grown target it could not fill and refills it from
 *    frees, and leaves the pool unchanged when its array cannot be had;
 *  - preallocation failing at every step (fail-nth) frees what was made;
 *  - alloc_fn and free_fn never run under a zslab lock (they call the
 *    pool's own locking functions);
 *  - every refusal, with its message: NULL pool, negative min_nr, NULL
 *    callbacks, a slab cache with a constructor or none, a page order out
 *    of range, an uninitialised pool, new_min_nr <= 0, mempool_free()
 *    without a pool, __GFP_ZERO (warned once);
 *  - under slub_debug=P, reserve elements are poisoned (0x6b, last 0xa5)
 *    and checked when they leave the reserve: a write into a parked
 *    element is the kernel's "BUG: mempool element poison mismatch";
 *  - everything goes back: buddyinfo equals the boot state at the end.
 */
#include "zt.h"
#include "zt_mm.h"

#include "common/lock_rank.h"
#include "slab/slab.h"

#define BOOT "memmap=256M@0 memmap=256M@0x100000000 " \
	"failslab=1,100,0,-1 failslab_task_filter failslab_verbose=0 " \
	"fail_page_alloc=1,100,0,-1 fail_page_alloc_task_filter fail_page_alloc_verbose=0"

/* From here on every slab and page allocation of this thread fails. */
static void inject_on(void)
{
	zslab_make_it_fail(1);
}

static void inject_off(void)
{
	zslab_make_it_fail(0);
}

static bool in(void *const *set, int n, const void *p)
{
	for (int i = 0; i < n; i++)
		if (set[i] == p)
			return true;
	return false;
}

/* --- kmalloc pools ------------------------------------------------------ */

static void test_kmalloc_pool(void)
{
	mempool_t *pool = mempool_create_kmalloc_pool(4, 100);
	void *reserve[4], *got[6], *extra[10];

	REQUIRE(pool);
	CHECK_EQ(pool->min_nr, 4);
	CHECK_EQ(pool->curr_nr, 4);
	CHECK(mempool_is_saturated(pool));
	CHECK(mempool_initialized(pool));
	memcpy(reserve, pool->elements, sizeof(reserve));
	for (int i = 0; i < 4; i++)
		CHECK(ksize(reserve[i]) >= 100);

	/* alloc_fn works: the reserve is not touched */
	for (int i = 0; i < 10; i++) {
		extra[i] = mempool_alloc(pool, GFP_KERNEL);
		CHECK(extra[i] && !in(reserve, 4, extra[i]));
	}
	CHECK_EQ(pool->curr_nr, 4);
	for (int i = 0; i < 10; i++)
		mempool_free(extra[i], pool);       /* reserve full: kfree() */
	CHECK_EQ(pool->curr_nr, 4);

	/* injection: the reserve, newest first, then NULL (no sleep) */
	zt_reports_reset();
	inject_on();
	for (int i = 0; i < 4; i++) {
		got[i] = mempool_alloc(pool, GFP_NOWAIT);
		CHECK(got[i] == reserve[3 - i]);
	}
	got[4] = mempool_alloc(pool, GFP_NOWAIT);
	got[5] = mempool_alloc(pool, GFP_ATOMIC);
	CHECK(got[4] == NULL);
	CHECK(got[5] == NULL);
	CHECK_EQ(pool->curr_nr, 0);
	CHECK(!mempool_is_saturated(pool));
	CHECK(mempool_alloc_preallocated(pool) == NULL);

	/* a free refills; the next caller, even one that may sleep, gets it */
	mempool_free(got[0], pool);
	CHECK_EQ(pool->curr_nr, 1);
	CHECK(mempool_alloc(pool, GFP_KERNEL) == got[0]);
	mempool_free(got[0], pool);
	CHECK(mempool_alloc_preallocated(pool) == got[0]);
	for (int i = 0; i < 4; i++)
		mempool_free(got[i], pool);
	CHECK_EQ(pool->curr_nr, 4);
	CHECK(mempool_is_saturated(pool));
	inject_off();
	CHECK_EQ(zt_reports, 0);            /* __GFP_NOWARN: failures are OK */
	CHECK_EQ(zslab_mempool_validate(pool), 0);
	mempool_destroy(pool);
	mempool_destroy(NULL);
	CHECK_EQ(zt_reports, 0);
}

/* --- slab pools ------------------------------------------------------------ */

static void ctor(void *p)
{
	memset(p, 0x5a, 8);
}

static void test_slab_pool(void)
{
	struct kmem_cache *s = kmem_cache_create("mp-obj", 192, 0, 0, NULL);
	struct kmem_cache *c = kmem_cache_create("mp-ctor", 64, 0, 0, ctor);
	mempool_t pool, *p;
	void *e[3];

	REQUIRE(s && c);
	CHECK_EQ(mempool_init_slab_pool(&pool, 3, s), 0);
	CHECK_EQ(pool.curr_nr, 3);
	inject_on();
	for (int i = 0; i < 3; i++) {
		e[i] = mempool_alloc(&pool, GFP_NOIO & ~__GFP_DIRECT_RECLAIM);
		CHECK(e[i] != NULL);
		if (e[i])
			memset(e[i], i, 192);
	}
	CHECK(mempool_alloc(&pool, GFP_NOWAIT) == NULL);
	for (int i = 0; i < 3; i++)
		mempool_free(e[i], &pool);
	inject_off();
	CHECK_EQ(kmem_cache_validate(s), 0);
	mempool_exit(&pool);
	CHECK(!mempool_initialized(&pool));
	mempool_exit(&pool);                /* a second exit is harmless */

	/* the kernel's VM_BUG_ON(mem->ctor), refused */
	zt_reports_reset();
	p = mempool_create_slab_pool(2, c);
	CHECK(p == NULL);
	CHECK_EQ(zt_reports, 1);
	CHECK(strstr(zt_last_report, "mempool_create_node: cache mp-ctor has a constructor; a mempool's slab cache may not"));
	CHECK_EQ(mempool_init_slab_pool(&pool, 2, NULL), -EINVAL);
	CHECK(strstr(zt_last_report, "mempool_init: a slab pool needs its cache in pool_data, which is NULL"));
	zt_reports_reset();
	kmem_cache_destroy(c);
	kmem_cache_destroy(s);
	CHECK_EQ(zt_reports, 0);            /* nothing was left in the caches */
}

/* --- page pools ----------------------------------------------------------- */

static void test_page_pool(void)
{
	mempool_t *pool = mempool_create_page_pool(2, 1);
	struct page *pg[3];

	REQUIRE(pool);
	inject_on();
	for (int i = 0; i < 2; i++) {
		pg[i] = mempool_alloc(pool, GFP_NOWAIT);
		REQUIRE(pg[i]);
		memset(page_address(pg[i]), 0xa5, 2 * PAGE_SIZE);
		CHECK_EQ(page_to_pfn(pg[i]) % 2, 0);
	}
	pg[2] = mempool_alloc(pool, GFP_NOWAIT);
	CHECK(pg[2] == NULL);
	mempool_free(pg[0], pool);
	mempool_free(pg[1], pool);
	inject_off();
	mempool_destroy(pool);

	zt_reports_reset();
	CHECK(mempool_create_page_pool(1, MAX_ORDER) == NULL);
	CHECK_EQ(zt_reports, 1);
	CHECK(strstr(zt_last_report, "mempool_create_node: page order 11 is outside 0..10"));
	CHECK(mempool_create_page_pool(1, -1) == NULL);
	CHECK(strstr(zt_last_report, "page order -1 is outside 0..10"));
}

/* --- a pool with no reserve ------------------------------------------------ */

static void test_min_zero(void)
{
	mempool_t *pool = mempool_create_kmalloc_pool(0, 32);
	void *a, *b;

	REQUIRE(pool);
	CHECK_EQ(pool->curr_nr, 0);
	CHECK(mempool_is_saturated(pool));
	a = mempool_alloc(pool, GFP_KERNEL);
	b = mempool_alloc(pool, GFP_KERNEL);
	REQUIRE(a && b);
	inject_on();
	CHECK(mempool_alloc(pool, GFP_NOWAIT) == NULL);
	mempool_free(a, pool);              /* kept: the pool holds none */
	CHECK_EQ(pool->curr_nr, 1);
	mempool_free(b, pool);              /* one is enough: kfree() */
	CHECK_EQ(pool->curr_nr, 1);
	CHECK(mempool_alloc(pool, GFP_NOWAIT) == a);
	CHECK(mempool_alloc(pool, GFP_NOWAIT) == NULL);
	mempool_free(a, pool);
	inject_off();
	CHECK_EQ(zslab_mempool_validate(pool), 0);
	mempool_destroy(pool);
}

/* --- callbacks: counted, and never under a lock ------------------------- */

struct counted {
	mempool_t *pool;      /* the pool the callbacks belong to */
	int live;             /* elements out of alloc_fn, not yet freed */
	int allocs, frees, fail_allocs;
	int under_lock;       /* callbacks that found a zslab lock held */
};

static void *counted_alloc(gfp_t gfp, void *data)
{
	struct counted *c = data;
	void *p;

	if (zs_locks_held())
		c->under_lock++;
	/* the pool's own lock is free: a locking call does not deadlock */
	if (c->pool && c->pool->elements)
		(void)zslab_mempool_validate(c->pool);
	p = kmalloc(48, gfp);
	if (!p) {
		c->fail_allocs++;
		return NULL;
	}
	c->allocs++;
	c->live++;
	return p;
}

static void counted_free(void *element, void *data)
{
	struct counted *c = data;

	if (zs_locks_held())
		c->under_lock++;
	if (c->pool && c->pool->elements) {
		/* take a reserve element and give it back: two locked calls */
		void *r = mempool_alloc_preallocated(c->pool);

		if (r)
			mempool_free(r, c->pool);
	}
	c->frees++;
	c->live--;
	kfree(element);
}

static void test_callbacks_unlocked(void)
{
	struct counted c = { 0 };
	mempool_t *pool = mempool_create(3, counted_alloc, counted_free, &c);
	void *e[8];

	REQUIRE(pool);
	CHECK_EQ(c.allocs, 3);
	c.pool = pool;
	for (int i = 0; i < 8; i++)
		e[i] = mempool_alloc(pool, GFP_KERNEL);
	CHECK_EQ(c.allocs, 11);
	for (int i = 0; i < 8; i++)
		mempool_free(e[i], pool);
	/* the reserve was full: all eight went to free_fn */
	CHECK_EQ(c.frees, 8);
	CHECK_EQ(pool->curr_nr, 3);
	CHECK_EQ(zslab_mempool_validate(pool), 0);
	mempool_destroy(pool);              /* free_fn calls the pool while it goes */
	CHECK_EQ(c.frees, 11);
	CHECK_EQ(c.live, 0);
	CHECK_EQ(c.under_lock, 0);
}

/* --- resize ------------------------------------------------------------------ */

static void test_resize(void)
{
	struct counted c = { 0 };
	mempool_t *pool = mempool_create(2, counted_alloc, counted_free, &c);
	void *e[8];

	REQUIRE(pool);
	CHECK_EQ(mempool_resize(pool, 6), 0);
	CHECK_EQ(pool->min_nr, 6);
	CHECK_EQ(pool->curr_nr, 6);
	CHECK_EQ(c.allocs, 6);
	CHECK_EQ(mempool_resize(pool, 3), 0);   /* three go to free_fn now */
	CHECK_EQ(pool->curr_nr, 3);
	CHECK_EQ(c.frees, 3);
	CHECK_EQ(mempool_resize(pool, 5), 0);   /* room left by the shrink */
	CHECK_EQ(pool->curr_nr, 5);
	CHECK_EQ(c.allocs, 8);

	/* grow while the allocator is dry: the target stays, frees fill it */
	inject_on();
	for (int i = 0; i < 5; i++)
		e[i] = mempool_alloc(pool, GFP_NOWAIT);
	CHECK_EQ(pool->curr_nr, 0);
	CHECK_EQ(mempool_resize(pool, 8), -ENOMEM);  /* the array fails */
	CHECK_EQ(pool->min_nr, 5);
	inject_off();
	/* the array comes, the elements do not (fail-nth 2 onwards) */
	zslab_fail_nth_set(2);
	inject_on();
	CHECK_EQ(mempool_resize(pool, 8), 0);
	zslab_fail_nth_set(0);
	CHECK_EQ(pool->min_nr, 8);
	CHECK_EQ(pool->curr_nr, 0);
	CHECK(!mempool_is_saturated(pool));
	for (int i = 0; i < 5; i++)
		mempool_free(e[i], pool);
	CHECK_EQ(pool->curr_nr, 5);
	inject_off();
	CHECK_EQ(c.frees, 3);                    /* all five refilled the pool */
	CHECK_EQ(zslab_mempool_validate(pool), 0);
	mempool_destroy(pool);
	CHECK_EQ(c.live, 0);
	CHECK_EQ(c.under_lock, 0);
}

/* --- preallocation failing at each step ---------------------------------- */

static void test_prealloc_failure(void)
{
	int failed = 0, made = 0;

	for (unsigned int nth = 1; nth <= 12; nth++) {
		struct counted c = { 0 };
		mempool_t pool;
		int ret;

		inject_on();
		zslab_fail_nth_set(nth);
		ret = mempool_init_node(&pool, 4, counted_alloc, counted_free,
					&c, GFP_KERNEL, NUMA_NO_NODE);
		zslab_fail_nth_set(0);
		inject_off();
		if (ret) {
			CHECK_EQ(ret, -ENOMEM);
			CHECK(!mempool_initialized(&pool));
			failed++;
		} else {
			CHECK_EQ(pool.curr_nr, 4);
			mempool_exit(&pool);
			made++;
		}
		CHECK_EQ(c.live, 0);                /* nothing made is kept */
	}
	/* the array, then each of the four elements: five places to fail */
	CHECK(failed >= 5);
	CHECK(made > 0);
	/* under the task filter alone, creation fails cleanly */
	inject_on();
	CHECK(mempool_create_kmalloc_pool(4, 64) == NULL);
	inject_off();
}

/* --- refusals, with their messages ---------------------------------------- */

static void test_errors(void)
{
	mempool_t pool = { 0 };
	void *p;

	zt_reports_reset();
	CHECK_EQ(mempool_init(NULL, 1, mempool_kmalloc, mempool_kfree, (void *)8), -EINVAL);
	CHECK(strstr(zt_last_report, "mempool_init: pool is NULL"));
	CHECK_EQ(mempool_init(&pool, -1, mempool_kmalloc, mempool_kfree, (void *)8), -EINVAL);
	CHECK(strstr(zt_last_report, "mempool_init: min_nr -1 is negative"));
	CHECK(mempool_create(-3, mempool_kmalloc, mempool_kfree, (void *)8) == NULL);
	CHECK(strstr(zt_last_report, "mempool_create_node: min_nr -3 is negative"));
	CHECK_EQ(mempool_init_node(&pool, 1, NULL, mempool_kfree, NULL, GFP_KERNEL, 0), -EINVAL);
	CHECK(strstr(zt_last_report, "mempool_init_node: alloc_fn is NULL"));
	CHECK(mempool_create(1, mempool_kmalloc, NULL, (void *)8) == NULL);
	CHECK(strstr(zt_last_report, "mempool_create_node: free_fn is NULL"));
	CHECK_EQ(zt_reports, 5);

	/* an uninitialised (zero-filled) pool */
	zt_reports_reset();
	CHECK(mempool_alloc(&pool, GFP_KERNEL) == NULL);
	CHECK(strstr(zt_last_report, "mempool_alloc: pool 0x"));
	CHECK(strstr(zt_last_report, "is not initialised (mempool_init() not called, or mempool_exit() was)"));
	CHECK(mempool_alloc_preallocated(&pool) == NULL);
	CHECK(strstr(zt_last_report, "mempool_alloc_preallocated: pool 0x"));
	CHECK_EQ(mempool_resize(&pool, 2), -EINVAL);
	CHECK(strstr(zt_last_report, "mempool_resize: pool 0x"));
	CHECK_EQ(zslab_mempool_validate(NULL), 1);
	CHECK(strstr(zt_last_report, "zslab_mempool_validate: pool is NULL"));
	mempool_exit(&pool);                /* zero-filled: nothing to do */
	CHECK_EQ(zt_reports, 4);
	mempool_exit(NULL);
	CHECK(strstr(zt_last_report, "mempool_exit: pool is NULL"));

	/* resize below 1 */
	REQUIRE(mempool_init_kmalloc_pool(&pool, 2, 16) == 0);
	zt_reports_reset();
	CHECK_EQ(mempool_resize(&pool, 0), -EINVAL);
	CHECK(strstr(zt_last_report, "mempool_resize: new_min_nr 0 must be positive"));
	CHECK_EQ(mempool_resize(&pool, -5), -EINVAL);
	CHECK(strstr(zt_last_report, "mempool_resize: new_min_nr -5 must be positive"));
	CHECK_EQ(pool.min_nr, 2);

	/* a free without its pool: reported, the element stays the caller's */
	p = mempool_alloc(&pool, GFP_KERNEL);
	REQUIRE(p);
	zt_reports_reset();
	mempool_free(p, NULL);
	CHECK_EQ(zt_reports, 2);
	CHECK(strstr(zt_last_report, "mempool_free: element 0x"));
	CHECK(strstr(zt_last_report, "is not freed"));
	mempool_free(NULL, NULL);           /* NULL element: nothing at all */
	CHECK_EQ(zt_reports, 2);
	mempool_free(p, &pool);

	/* __GFP_ZERO: warned once, the allocation still served */
	zt_reports_reset();
	p = mempool_alloc(&pool, GFP_KERNEL | __GFP_ZERO);
	CHECK(p != NULL);
	CHECK_EQ(zt_reports, 1);
	CHECK(strstr(zt_last_report, "mempool_alloc: __GFP_ZERO is not supported: reserve elements are not zeroed"));
	mempool_free(p, &pool);
	p = mempool_alloc(&pool, GFP_KERNEL | __GFP_ZERO);
	CHECK_EQ(zt_reports, 1);
	mempool_free(p, &pool);
	mempool_exit(&pool);
}

/* --- poisoned reserve elements (slub_debug=P) ------------------------- */

static bool poisoned(const unsigned char *p, size_t size)
{
	for (size_t i = 0; i + 1 < size; i++)
		if (p[i] != 0x6b)
			return false;
	return p[size - 1] == 0xa5;
}

static void test_poison(void)
{
	mempool_t *pool, *pages;
	unsigned char *e0, *e1, *got;
	char want[64];
	struct page *pg;

	REQUIRE(zslab_init(BOOT " slub_debug=P") == 0);
	pool = mempool_create_kmalloc_pool(2, 100);
	REQUIRE(pool);
	e0 = pool->elements[0];
	e1 = pool->elements[1];
	CHECK_EQ(ksize(e0), 128);
	CHECK(poisoned(e0, 128) && poisoned(e1, 128));

	/* a parked element written to: reported when it leaves the reserve */
	zt_reports_reset();
	e1[20] = 0x42;
	inject_on();
	got = mempool_alloc(pool, GFP_NOWAIT);
	CHECK(got == e1);
	CHECK_EQ(zt_reports, 1);
	CHECK(strstr(zt_last_report, "BUG: mempool element poison mismatch\n"));
	snprintf(want, sizeof(want), "Mempool %p size 128\n", (void *)pool);
	CHECK(strstr(zt_last_report, want));
	snprintf(want, sizeof(want), " nr=1 @ %p: ... 0x6b ", (void *)e1);
	CHECK(strstr(zt_last_report, want));
	CHECK(strstr(zt_last_report, "6b 6b 6b 6b 6b 6b 6b 6b 42 6b 6b 6b 6b 6b 6b 6b ...\n"));
	for (int i = 0; i < 128; i++)
		if (got[i] != 0x5a) {            /* POISON_INUSE when handed out */
			CHECK_EQ(got[i], 0x5a);
			break;
		}
	/* an intact one is handed out silently */
	got = mempool_alloc(pool, GFP_NOWAIT);
	CHECK(got == e0);
	CHECK_EQ(zt_reports, 1);
	mempool_free(e0, pool);              /* poisoned again on the way in */
	CHECK(poisoned(e0, 128));
	mempool_free(e1, pool);
	inject_off();
	mempool_destroy(pool);
	CHECK_EQ(zt_reports, 1);

	/* page pools, with every cache poisoning: the pages are filled too */
	pages = mempool_create_page_pool(1, 1);
	REQUIRE(pages);
	pg = pages->elements[0];
	CHECK(poisoned(page_address(pg), 2 * PAGE_SIZE));
	((unsigned char *)page_address(pg))[2 * PAGE_SIZE - 1] = 0;
	mempool_destroy(pages);              /* checked on the way out too */
	CHECK_EQ(zt_reports, 2);
	CHECK(strstr(zt_last_report, "Mempool "));
	CHECK(strstr(zt_last_report, "size 8192\n"));
	CHECK(strstr(zt_last_report, "6b 6b 6b 6b 6b 6b 6b 0 \n"));
	zslab_exit();
}

int main(void)
{
	struct zm_buddy boot;

	zt_capture_reports();
	REQUIRE(zslab_init(BOOT) == 0);
	zm_buddy_snap(&boot);
	test_kmalloc_pool();
	test_slab_pool();
	test_page_pool();
	test_min_zero();
	test_callbacks_unlocked();
	test_resize();
	test_prealloc_failure();
	test_errors();
	zs_slab_shrink_all();
	CHECK_EQ(zslab_validate(), 0);
	CHECK(zm_buddy_equal(&boot, "after the mempool tests"));
	zslab_exit();
	test_poison();
	return zt_summary("test_mempool");
}
