/* SPDX-License-Identifier: MIT */
/*
 * test_report_hook_alloc.c - a report hook may call zslab.  Each report
 * below is made inside a critical section (a slub_debug check under the
 * cache's node lock, kmem_cache_destroy() finding live objects), and the
 * hook answers it by allocating from that very cache, with kmalloc and
 * kfree, and by creating and destroying a cache: before reports waited
 * for the unlock, each of these deadlocked.  The hook also checks that it
 * never runs with a zslab lock held and that reports arrive in order and
 * before the call that made them returns.  An alarm turns a deadlock into
 * a failure.
 */
#include "zt.h"

#include <unistd.h>

#include "common/lock_rank.h"

#define DEBUG_FLAGS (SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER)

static struct kmem_cache *dbg;
static unsigned long hook_calls, hook_locked, hook_failed;
static int depth;
static char first_line[8][160];

/* What a hook of a program that logs through its own allocations does. */
static void allocating_hook(const char *text, void *arg)
{
	(void)arg;
	if (zs_locks_held())
		hook_locked++;
	if (hook_calls < 8)
		snprintf(first_line[hook_calls], sizeof(first_line[0]), "%.*s",
			 (int)strcspn(text, "\n"), text);
	hook_calls++;
	if (depth++ == 0) {       /* calls below may report: nested, tolerated */
		void *p = kmalloc(64, GFP_KERNEL), *q = kmem_cache_alloc(dbg, GFP_KERNEL);
		void *big = kmalloc(20000, GFP_KERNEL);
		struct kmem_cache *tmp = kmem_cache_create("hook-tmp", 48, 0, 0, NULL);

		hook_failed += !p + !q + !big + !tmp;
		kfree(p);
		kfree(big);
		if (q)
			kmem_cache_free(dbg, q);
		kmem_cache_destroy(tmp);
	}
	depth--;
}

/* kmem_cache_free of a pointer inside an object: BUG under the node lock. */
static void test_bad_free(void)
{
	char *p = kmem_cache_alloc(dbg, GFP_KERNEL);
	unsigned long before = hook_calls;

	REQUIRE(p);
	kmem_cache_free(dbg, p + 8);
	CHECK(hook_calls > before);                  /* delivered before return */
	CHECK(strstr(first_line[before < 8 ? before : 7], "BUG dbg-hook") != NULL);
	kmem_cache_free(dbg, p);
}

/* A write after free, found by the poison check of the next allocation. */
static void test_poison(void)
{
	unsigned long before;
	char *p = kmem_cache_alloc(dbg, GFP_KERNEL);

	REQUIRE(p);
	kmem_cache_free(dbg, p);
	p[3] = 0x42;                                  /* the bug */
	before = hook_calls;
	for (int i = 0; i < 64; i++) {               /* reach the poisoned one */
		void *q = kmem_cache_alloc(dbg, GFP_KERNEL);
		if (q == p)
			break;
	}
	CHECK(hook_calls > before);
}

/* kmem_cache_destroy() with an object left: reported, the cache kept. */
static void test_destroy_live(void)
{
	struct kmem_cache *s = kmem_cache_create("hook-live", 128, 0, 0, NULL);
	void *obj = s ? kmem_cache_alloc(s, GFP_KERNEL) : NULL;
	unsigned long before = hook_calls;

	REQUIRE(obj);
	kmem_cache_destroy(s);
	CHECK(hook_calls >= before + 2);   /* the BUG per slab, then the WARN */
	kmem_cache_free(s, obj);
	kmem_cache_destroy(s);
}

int main(void)
{
	alarm(120);
	REQUIRE(zslab_init(NULL) == 0);
	dbg = kmem_cache_create("dbg-hook", 96, 0, DEBUG_FLAGS, NULL);
	REQUIRE(dbg);
	zslab_set_report_hook(allocating_hook, NULL);
	test_bad_free();
	test_poison();
	test_destroy_live();
	zslab_set_report_hook(NULL, NULL);
	CHECK(hook_calls >= 4);
	CHECK_EQ(hook_locked, 0);
	CHECK_EQ(hook_failed, 0);
	CHECK_EQ(zs_locks_held(), 0);
	kmem_cache_shrink(dbg);
	zslab_exit();
	return zt_summary("test_report_hook_alloc");
}
