/* SPDX-License-Identifier: MIT */
/*
 * test_meminit.c - init_on_alloc= and init_on_free= with the kernel's
 * rules (what lib/test_meminit.c checks, written here independently):
 * pages, kmalloc (small and large), kmem caches and the bulk API come back
 * zeroed; caches with a constructor keep its state (even __GFP_ZERO does
 * not zero them under init_on_alloc, as slab_want_init_on_alloc() says);
 * SLAB_TYPESAFE_BY_RCU and SLAB_POISON caches are zeroed only for
 * __GFP_ZERO and never at free; a kmalloc cache recording request sizes
 * keeps its kmalloc red zone; and without the options nothing is zeroed.
 */
#include "zt.h"
#include "zt_mm.h"
#include "host/host_tools.h"
#include "slab/slab.h"

static bool all_zero(const void *p, size_t n)
{
	const unsigned char *c = p;

	for (size_t i = 0; i < n; i++)
		if (c[i])
			return false;
	return true;
}

static bool all_byte(const void *p, size_t n, unsigned char v)
{
	const unsigned char *c = p;

	for (size_t i = 0; i < n; i++)
		if (c[i] != v)
			return false;
	return true;
}

#define MAGIC 0xc7

static void ctor_fill(void *p)
{
	memset(p, MAGIC, 96);
}

/* Dirty @n objects of @s, free them, allocate @n again: are they zero? */
static int cycle_cache(struct kmem_cache *s, size_t size, gfp_t gfp, int n)
{
	void *p[64];
	int zero = 0;

	for (int i = 0; i < n; i++) {
		REQUIRE(p[i] = kmem_cache_alloc(s, GFP_KERNEL));
		memset(p[i], 0xa5, size);
	}
	for (int i = 0; i < n; i++)
		kmem_cache_free(s, p[i]);
	for (int i = 0; i < n; i++) {
		REQUIRE(p[i] = kmem_cache_alloc(s, gfp));
		zero += all_zero(p[i], size);
	}
	for (int i = 0; i < n; i++)
		kmem_cache_free(s, p[i]);
	return zero;
}

static int cycle_kmalloc(size_t size, int n)
{
	void *p[64];
	int zero = 0;

	for (int i = 0; i < n; i++) {
		REQUIRE(p[i] = kmalloc(size, GFP_KERNEL));
		memset(p[i], 0x5a, size);
	}
	for (int i = 0; i < n; i++)
		kfree(p[i]);
	for (int i = 0; i < n; i++) {
		REQUIRE(p[i] = kmalloc(size, GFP_KERNEL));
		zero += all_zero(p[i], size);
	}
	for (int i = 0; i < n; i++)
		kfree(p[i]);
	return zero;
}

static bool cycle_pages(unsigned int order)
{
	struct page *pg = alloc_pages(GFP_KERNEL, order);
	bool zero;

	REQUIRE(pg);
	memset(page_address(pg), 0x33, PAGE_SIZE << order);
	__free_pages(pg, order);
	pg = alloc_pages(GFP_KERNEL, order);
	REQUIRE(pg);
	zero = all_zero(page_address(pg), PAGE_SIZE << order);
	__free_pages(pg, order);
	return zero;
}

static void test_plain(void)
{
	struct kmem_cache *s;

	REQUIRE(zslab_init("memmap=1G@0") == 0);
	s = kmem_cache_create("mi_plain", 200, 0, SLAB_NO_MERGE, NULL);
	REQUIRE(s);
	/* nothing zeroes a reused object or page (LIFO reuse) */
	CHECK(cycle_cache(s, 200, GFP_KERNEL, 20) < 20);
	CHECK(cycle_kmalloc(100, 20) < 20);
	CHECK(!cycle_pages(0));
	CHECK_EQ(cycle_cache(s, 200, GFP_KERNEL | __GFP_ZERO, 20), 20);
	kmem_cache_destroy(s);
	zslab_exit();
}

static void test_init_on_alloc(void)
{
	struct kmem_cache *s, *c, *r;
	void *b[32];

	REQUIRE(zslab_init("memmap=1G@0 init_on_alloc=1") == 0);
	s = kmem_cache_create("mi_alloc", 200, 0, SLAB_NO_MERGE, NULL);
	c = kmem_cache_create("mi_ctor", 96, 0, 0, ctor_fill);
	r = kmem_cache_create("mi_rcu", 200, 0, SLAB_TYPESAFE_BY_RCU, NULL);
	REQUIRE(s && c && r);
	CHECK_EQ(cycle_cache(s, 200, GFP_KERNEL, 40), 40);
	for (size_t size = 8; size <= 8192; size = size * 2 + 8)
		CHECK_EQ(cycle_kmalloc(size, 16), 16);
	CHECK_EQ(cycle_kmalloc(20000, 4), 4);             /* large kmalloc: pages */
	CHECK(cycle_pages(0) && cycle_pages(3));
	/* the bulk API too */
	REQUIRE(kmem_cache_alloc_bulk(s, GFP_KERNEL, 32, b) == 32);
	for (int i = 0; i < 32; i++)
		memset(b[i], 0xee, 200);
	kmem_cache_free_bulk(s, 32, b);
	REQUIRE(kmem_cache_alloc_bulk(s, GFP_KERNEL, 32, b) == 32);
	for (int i = 0; i < 32; i++)
		CHECK(all_zero(b[i], 200));
	kmem_cache_free_bulk(s, 32, b);
	/* a constructor's state is kept, even with __GFP_ZERO */
	{
		void *o = kmem_cache_alloc(c, GFP_KERNEL);
		REQUIRE(o);
		CHECK(all_byte(o, 96, MAGIC));
		kmem_cache_free(c, o);
		zm_log_reset();
		o = kmem_cache_alloc(c, GFP_KERNEL | __GFP_ZERO);
		REQUIRE(o);
		CHECK(all_byte(o, 96, MAGIC));
		kmem_cache_free(c, o);
	}
	/* TYPESAFE_BY_RCU: only __GFP_ZERO */
	CHECK(cycle_cache(r, 200, GFP_KERNEL, 20) < 20);
	CHECK_EQ(cycle_cache(r, 200, GFP_KERNEL | __GFP_ZERO, 20), 20);
	kmem_cache_destroy(s);
	kmem_cache_destroy(c);
	kmem_cache_destroy(r);
	CHECK_EQ(zslab_validate(), 0);
	zslab_exit();
}

static void test_init_on_free(void)
{
	struct kmem_cache *s, *c, *r;
	unsigned char *o, *keep;
	struct page *pg;

	REQUIRE(zslab_init("memmap=1G@0 init_on_free=1") == 0);
	s = kmem_cache_create("mi_free", 200, 0, SLAB_NO_MERGE, NULL);
	c = kmem_cache_create("mi_free_ctor", 96, 0, 0, ctor_fill);
	r = kmem_cache_create("mi_free_rcu", 200, 0, SLAB_TYPESAFE_BY_RCU, NULL);
	REQUIRE(s && c && r);
	/* zeroed at free, so zero again when reused (free pointer wiped) */
	CHECK_EQ(cycle_cache(s, 200, GFP_KERNEL, 40), 40);
	CHECK_EQ(cycle_kmalloc(64, 40), 40);
	CHECK(cycle_pages(0) && cycle_pages(2));
	/* through the slab's freelist (shrink flushes the sheaf) */
	{
		void *p[40];
		for (int i = 0; i < 40; i++) {
			REQUIRE(p[i] = kmem_cache_alloc(s, GFP_KERNEL));
			memset(p[i], 0x77, 200);
		}
		keep = kmem_cache_alloc(s, GFP_KERNEL);
		for (int i = 0; i < 40; i++)
			kmem_cache_free(s, p[i]);
		kmem_cache_shrink(s);
		for (int i = 0; i < 40; i++) {
			REQUIRE(p[i] = kmem_cache_alloc(s, GFP_KERNEL));
			CHECK(all_zero(p[i], 200));
		}
		for (int i = 0; i < 40; i++)
			kmem_cache_free(s, p[i]);
		kmem_cache_free(s, keep);
	}
	/* a freed page reads as zero at once */
	pg = alloc_pages(GFP_KERNEL, 1);
	REQUIRE(pg);
	o = page_address(pg);
	memset(o, 0x44, 2 * PAGE_SIZE);
	__free_pages(pg, 1);
	CHECK(all_zero(o, 2 * PAGE_SIZE));
	/* RCU readers and constructors keep their bytes (never poisoned by
	 * the memory checkers either, so they may be read after free) */
	o = kmem_cache_alloc(r, GFP_KERNEL);
	keep = kmem_cache_alloc(r, GFP_KERNEL);
	REQUIRE(o && keep);
	memset(o, 0x99, 200);
	kmem_cache_free(r, o);
	CHECK(all_byte(o, 200, 0x99));
	kmem_cache_free(r, keep);
	o = kmem_cache_alloc(c, GFP_KERNEL);
	REQUIRE(o);
	kmem_cache_free(c, o);
	o = kmem_cache_alloc(c, GFP_KERNEL);
	CHECK(o && all_byte(o, 96, MAGIC));
	kmem_cache_free(c, o);
	/* a plain object is zero right after its free (not under a checker) */
	if (!zs_tools_on()) {
		o = kmem_cache_alloc(s, GFP_KERNEL);
		REQUIRE(o);
		memset(o, 0x12, 200);
		kmem_cache_free(s, o);
		CHECK(all_zero(o, 200));
	}
	kmem_cache_destroy(s);
	kmem_cache_destroy(c);
	kmem_cache_destroy(r);
	CHECK_EQ(zslab_validate(), 0);
	zslab_exit();
}

/* kmalloc with slub_debug U: only the requested bytes; red zones checked. */
static void test_debug_kmalloc(void)
{
	unsigned char *p;
	struct kmem_cache *k32;

	REQUIRE(zslab_init("memmap=1G@0 init_on_alloc=1 init_on_free=1 slub_debug=FZU,kmalloc-32") == 0);
	zm_log_reset();
	for (int i = 0; i < 50; i++) {
		p = kmalloc(18, GFP_KERNEL);
		REQUIRE(p);
		CHECK(all_zero(p, 18));
		memset(p, 0x3c, 18);
		kfree(p);
	}
	p = kmalloc(18, GFP_KERNEL);
	REQUIRE(p);
	k32 = zs_kmalloc_caches[KMALLOC_NORMAL][5];
	CHECK_EQ(kmem_cache_validate(k32), 0);
	kfree(p);
	CHECK_EQ(zm_reports(), 0);
	/* a POISON cache: neither option touches it (poison wins) */
	zslab_exit();
	REQUIRE(zslab_init("memmap=1G@0 init_on_alloc=1 init_on_free=1 slub_debug=P,mi_poison") == 0);
	{
		struct kmem_cache *s = kmem_cache_create("mi_poison", 64, 0, 0, NULL);
		REQUIRE(s);
		p = kmem_cache_alloc(s, GFP_KERNEL);
		REQUIRE(p);
		CHECK(all_byte(p, 63, 0x6b));             /* POISON_FREE, as made */
		kmem_cache_free(s, p);
		p = kmem_cache_alloc(s, GFP_KERNEL | __GFP_ZERO);
		CHECK(p && all_zero(p, 64));
		kmem_cache_free(s, p);
		CHECK_EQ(kmem_cache_validate(s), 0);
		kmem_cache_destroy(s);
	}
	CHECK_EQ(zm_reports(), 0);
	zslab_exit();
}

int main(void)
{
	zm_watchdog(120);
	zm_log_start();
	test_plain();
	test_init_on_alloc();
	test_init_on_free();
	test_debug_kmalloc();
	if (zt_failed)
		zm_log_dump("failure");
	return zt_summary("test_meminit");
}
