/* SPDX-License-Identifier: MIT */
/*
 * test_slab_rcu.c - SLAB_TYPESAFE_BY_RCU and the RCU deferral hook
 * (zslab_set_rcu_ops): with a fake RCU engine whose grace period the test
 * ends by hand, a freed slab's memory stays memory of its cache (a slab of
 * it, ctor state intact, pages not back in the page allocator) until the
 * grace period ends, and only then goes back; kmem_cache_destroy waits
 * with the engine's barrier; replacing the engine drains it; caches
 * without the flag, and no engine at all, free at once.
 */
#include "zt.h"
#include "zt_mm.h"
#include "slab/slab.h"
#include "slab/slab_rcu.h"

/* --- the fake engine: call() queues, end_grace_period() runs them ------ */

static struct zslab_rcu_head *queue;
static unsigned long calls, barriers;

static void fake_call(struct zslab_rcu_head *head,
		      void (*func)(struct zslab_rcu_head *head))
{
	head->func = func;
	head->next = queue;
	queue = head;
	calls++;
}

static unsigned long end_grace_period(void)
{
	unsigned long n = 0;

	while (queue) {
		struct zslab_rcu_head *h = queue;
		queue = h->next;
		h->func(h);
		n++;
	}
	return n;
}

static void fake_barrier(void)
{
	barriers++;
	end_grace_period();
}

static const struct zslab_rcu_ops fake_ops = { fake_call, fake_barrier };

/* --- a cache whose objects a reader may still look at ------------------ */

#define MAGIC 0x5eed5eedu

struct obj {
	unsigned int magic;    /* set by the ctor, once per slab */
	unsigned int key;
	char pad[120];
};

static void obj_ctor(void *p)
{
	((struct obj *)p)->magic = MAGIC;
}

static unsigned long zone_allocated(void)
{
	unsigned long n = 0;

	for (int z = ZONE_DMA; z <= ZONE_NORMAL; z++) {
		struct zslab_zone_info zi;
		zslab_zone_get_info((enum zone_type)z, &zi);
		n += zi.allocated;
	}
	return n;
}

static unsigned long cache_slabs(struct kmem_cache *s)
{
	struct zslab_cache_info ci;

	zslab_cache_get_info(s, &ci);
	return ci.slabs;
}

/* Fill @n objects, remember them, free them all and shrink. */
static void fill_free_shrink(struct kmem_cache *s, void **p, int n)
{
	for (int i = 0; i < n; i++) {
		p[i] = kmem_cache_alloc(s, GFP_KERNEL);
		REQUIRE(p[i]);
		((struct obj *)p[i])->key = (unsigned int)i;
	}
	for (int i = 0; i < n; i++)
		kmem_cache_free(s, p[i]);
	kmem_cache_shrink(s);
}

#define NOBJ 200

/* The guarantee: between the slab's free and the grace period's end. */
static void test_deferred_free(void)
{
	struct kmem_cache *s = kmem_cache_create("rcu_objs", sizeof(struct obj), 0,
						 SLAB_TYPESAFE_BY_RCU, obj_ctor);
	void *p[NOBJ];
	unsigned long during;

	REQUIRE(s);
	zslab_set_rcu_ops(&fake_ops);
	fill_free_shrink(s, p, NOBJ);
	/* the slabs left the cache, but their memory did not go anywhere */
	CHECK_EQ(cache_slabs(s), 0);
	CHECK(calls > 0);
	CHECK_EQ(zs_slab_rcu_pending(), (long)calls);
	during = zone_allocated();
	CHECK(during > 0);
	for (int i = 0; i < NOBJ; i++) {
		const struct obj *o = p[i];
		CHECK(zs_obj_cache(o) == s);                 /* still s's memory */
		CHECK(virt_to_page(o) && (pg_flags(virt_to_page(o)) & PG_slab));
		CHECK_EQ(o->magic, MAGIC);                   /* ctor state kept */
	}
	CHECK_EQ(zslab_validate(), 0);
	/* the grace period ends: now, and only now, the pages go back */
	CHECK_EQ(end_grace_period(), calls);
	CHECK_EQ(zs_slab_rcu_pending(), 0);
	CHECK(zone_allocated() < during);
	CHECK(zs_obj_cache(p[0]) == NULL);
	CHECK_EQ(zslab_validate(), 0);
	kmem_cache_destroy(s);
	zslab_set_rcu_ops(NULL);
	calls = barriers = 0;
}

/*
 * A reader keeps a pointer across the free, a reallocation and a shrink
 * (as under rcu_read_lock): whatever it reads is an object of the cache,
 * possibly another one (it revalidates by key), never foreign memory.
 */
static void test_reader_revalidates(void)
{
	struct kmem_cache *s = kmem_cache_create("rcu_lookup", sizeof(struct obj), 0,
						 SLAB_TYPESAFE_BY_RCU, obj_ctor);
	struct obj *seen, *again;

	REQUIRE(s);
	zslab_set_rcu_ops(&fake_ops);
	seen = kmem_cache_alloc(s, GFP_KERNEL);
	REQUIRE(seen);
	seen->key = 42;
	/* rcu_read_lock(); lookup finds `seen` ... the writer frees it */
	kmem_cache_free(s, seen);
	again = kmem_cache_alloc(s, GFP_KERNEL);     /* may reuse it at once */
	REQUIRE(again);
	again->key = 43;
	kmem_cache_free(s, again);
	kmem_cache_shrink(s);
	/* ... the reader looks at `seen` again before rcu_read_unlock() */
	CHECK(zs_obj_cache(seen) == s);
	CHECK_EQ(seen->magic, MAGIC);
	CHECK(seen->key == 42 || seen->key == 43);   /* revalidation decides */
	/* rcu_read_unlock(); grace period */
	end_grace_period();
	CHECK_EQ(zs_slab_rcu_pending(), 0);
	kmem_cache_destroy(s);
	zslab_set_rcu_ops(NULL);
	calls = barriers = 0;
}

/* kmem_cache_destroy() waits for the deferred frees (rcu_barrier()). */
static void test_destroy_waits(void)
{
	struct kmem_cache *s = kmem_cache_create("rcu_destroy", sizeof(struct obj), 0,
						 SLAB_TYPESAFE_BY_RCU, NULL);
	void *p[NOBJ];

	REQUIRE(s);
	zslab_set_rcu_ops(&fake_ops);
	for (int i = 0; i < NOBJ; i++)
		REQUIRE(p[i] = kmem_cache_alloc(s, GFP_KERNEL));
	for (int i = 0; i < NOBJ; i++)
		kmem_cache_free(s, p[i]);
	kmem_cache_destroy(s);      /* shutdown defers the slabs, then barrier */
	CHECK(calls > 0);
	CHECK_EQ(barriers, 1);
	CHECK(queue == NULL);
	CHECK_EQ(zs_slab_rcu_pending(), 0);
	CHECK_EQ(zslab_validate(), 0);
	zslab_set_rcu_ops(NULL);
	calls = barriers = 0;
}

/* Replacing the engine drains the old one; other caches free at once. */
static void test_engine_change_and_plain_caches(void)
{
	struct kmem_cache *r = kmem_cache_create("rcu_change", 64, 0,
						 SLAB_TYPESAFE_BY_RCU, NULL);
	struct kmem_cache *plain = kmem_cache_create("rcu_plain", 64, 0,
						     SLAB_NO_MERGE, NULL);
	void *p[NOBJ];

	REQUIRE(r && plain);
	zslab_set_rcu_ops(&fake_ops);
	fill_free_shrink(plain, p, NOBJ);
	CHECK_EQ(calls, 0);                          /* never deferred */
	CHECK(zs_obj_cache(p[0]) == NULL);
	fill_free_shrink(r, p, NOBJ);
	CHECK(calls > 0);
	CHECK(zs_slab_rcu_pending() > 0);
	zslab_set_rcu_ops(NULL);                     /* drains the fake engine */
	CHECK_EQ(barriers, 1);
	CHECK_EQ(zs_slab_rcu_pending(), 0);
	calls = barriers = 0;
	/* no engine: no readers, the slab goes back at once */
	fill_free_shrink(r, p, NOBJ);
	CHECK_EQ(calls, 0);
	CHECK(zs_obj_cache(p[0]) == NULL);
	kmem_cache_destroy(r);
	kmem_cache_destroy(plain);
	CHECK_EQ(barriers, 0);
	CHECK_EQ(zslab_validate(), 0);
}

/* Ops without a callback are refused by name and change nothing. */
static void test_bad_ops(void)
{
	static const struct zslab_rcu_ops no_barrier = { fake_call, NULL };

	zt_reports_reset();
	zslab_set_rcu_ops(&no_barrier);
	CHECK(strstr(zt_last_report, "lacks barrier") != NULL);
	CHECK_EQ(zt_reports_reset(), 1);
	CHECK_EQ(zs_slab_rcu_pending(), 0);
}

int main(void)
{
	REQUIRE(zslab_init("memmap=1G@0") == 0);
	zt_capture_reports();
	test_deferred_free();
	test_reader_revalidates();
	test_destroy_waits();
	test_engine_change_and_plain_caches();
	zt_reports_reset();
	test_bad_ops();
	/* zslab_exit() drains a registered engine before teardown */
	{
		struct kmem_cache *s = kmem_cache_create("rcu_exit", 64, 0,
							 SLAB_TYPESAFE_BY_RCU, NULL);
		void *p[NOBJ];
		REQUIRE(s);
		zslab_set_rcu_ops(&fake_ops);
		fill_free_shrink(s, p, NOBJ);
		CHECK(queue != NULL);
		zslab_exit();
		CHECK(queue == NULL);
		CHECK_EQ(barriers, 1);
		zslab_set_rcu_ops(NULL);
	}
	return zt_summary("test_slab_rcu");
}
