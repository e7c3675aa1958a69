/* SPDX-License-Identifier: MIT */
/*
 * test_malloc_fastpath.c - malloc's inline fast paths (malloc.c) agree
 * with kmalloc: the table zm_class_index() reads names, for every size
 * 1..8192, the kmalloc-normal cache of zm_class_size(), whose objects are
 * exactly that size; a block of every size comes from that cache
 * (ksize and the slab's cache); calloc zeroes a block the sheaf hands
 * back dirty; and a small block freed twice in a row (the sheaf's
 * double-free test) is reported once and handed out only once after.
 */
#include "zt.h"

#include <stdint.h>

#include "slab/slab.h"
#include "zmalloc.h"
#include "zslab_malloc.h"

#define M(name) ZM_API(name)

static void *opaque_ptr(void *p)
{
	void *volatile x = p;
	return x;
}

/* The table against kmalloc's own lookup, size by size. */
static void test_class_table(void)
{
	unsigned long bad = 0;

	for (size_t n = 1; n <= KMALLOC_MAX_CACHE_SIZE; n++) {
		struct kmem_cache *s = zs_kmalloc_caches[KMALLOC_NORMAL][zm_class_index(n)];
		if (!s || s != zs_kmalloc_slab(zm_class_size(n), GFP_KERNEL) ||
		    s->object_size != zm_class_size(n) || s->object_size < n)
			bad++;
	}
	CHECK_EQ(bad, 0);
}

/* Blocks of every small size come from their class's cache. */
static void test_blocks_from_class(void)
{
	unsigned long bad = 0;

	for (size_t n = 1; n <= KMALLOC_MAX_CACHE_SIZE; n++) {
		void *p = M(malloc)(n);
		if (!p || zs_obj_cache(p) != zs_kmalloc_caches[KMALLOC_NORMAL][zm_class_index(n)] ||
		    ksize(p) != zm_class_size(n) || ((uintptr_t)p & 15))
			bad++;
		M(free)(p);
	}
	CHECK_EQ(bad, 0);
}

/* A freed, dirtied block comes back from the sheaf zeroed by calloc. */
static void test_calloc_reuse(void)
{
	for (size_t n = 16; n <= KMALLOC_MAX_CACHE_SIZE; n *= 2) {
		unsigned char *p = M(malloc)(n);
		REQUIRE(p);
		memset(p, 0xa5, n);
		M(free)(p);
		unsigned char *q = M(calloc)(1, n);
		REQUIRE(q);
		CHECK(q == p);   /* the sheaf is LIFO */
		size_t nonzero = 0;
		for (size_t i = 0; i < n; i++)
			nonzero += q[i] != 0;
		CHECK_EQ(nonzero, 0);
		M(free)(q);
	}
}

/* free(p); free(p): the second is reported and p is not handed out twice. */
static void test_double_free(void)
{
	void *p = M(malloc)(48);

	REQUIRE(p);
	zt_reports_reset();
	M(free)(p);
	CHECK_EQ(zt_reports_reset(), 0);
	M(free)(opaque_ptr(p));
	__asm__ volatile("" ::: "memory");
	CHECK(zt_reports_reset() >= 1);
	void *a = M(malloc)(48), *b = M(malloc)(48);
	CHECK(a && b && a != b);
	M(free)(a);
	M(free)(b);
	CHECK_EQ(zt_reports_reset(), 0);
}

int main(void)
{
	zt_capture_reports();
	M(free)(M(malloc)(1));   /* boots zslab, sets this thread up */
	test_class_table();
	test_blocks_from_class();
	test_calloc_reuse();
	test_double_free();
	return zt_summary("test_malloc_fastpath");
}
