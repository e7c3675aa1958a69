/* SPDX-License-Identifier: MIT */
/*
 * test_kmalloc.c - kmalloc and its helpers as the kernel defines them:
 * every size 1..8192 lands in the right size class (name and ksize),
 * larger requests come from the page allocator and kfree gives the pages
 * back, kmalloc(0), kfree(NULL / ZERO_SIZE_PTR), kzalloc, kcalloc and
 * kmalloc_array overflow, krealloc, kmemdup, kstrdup, kstrndup, and kfree
 * of pointers zslab never handed out (one report, nothing freed), also
 * for memory in a second RAM range.
 */
#include "zt.h"
#include "zt_rlog.h"

#include <stdint.h>

#include "mm/mm_internal.h"
#include "slab/slab.h"

/* --- helpers ---------------------------------------------------------- */

/* Free pages over all zones (the page allocator's count). */
static long free_pages_now(void)
{
	long n = 0;

	for (unsigned int z = 0; z < MAX_NR_ZONES; z++)
		n += atomic_load(&zs_zones[z].nr_free);
	return n;
}

/* The kmalloc size class of @size (1..8192), computed from the rules. */
static unsigned int class_size(size_t size)
{
	static const unsigned int small[] = { 8, 16, 32, 64, 96, 128, 192 };
	unsigned int c;

	for (unsigned int i = 0; i < sizeof(small) / sizeof(small[0]); i++)
		if (size <= small[i])
			return small[i];
	for (c = 256; c < size; c <<= 1)
		;
	return c;
}

/* "kmalloc-96", "kmalloc-1k", "dma-kmalloc-8k" for class @c. */
static void class_name(char *buf, size_t len, const char *prefix, unsigned int c)
{
	if (c >= 1024)
		snprintf(buf, len, "%s%uk", prefix, c / 1024);
	else
		snprintf(buf, len, "%s%u", prefix, c);
}

static const char *cache_name_of(const void *p)
{
	struct kmem_cache *s = zs_obj_cache(p);

	return s ? s->name : "(not a slab object)";
}

/* --- size classes --------------------------------------------------- */

static void test_size_classes(void)
{
	unsigned long bad_name = 0, bad_ksize = 0;

	rlog_reset();
	for (size_t size = 1; size <= KMALLOC_MAX_CACHE_SIZE; size++) {
		unsigned int c = class_size(size);
		char want[32];
		void *p = kmalloc(size, GFP_KERNEL);

		REQUIRE(p != NULL && p != ZERO_SIZE_PTR);
		class_name(want, sizeof(want), "kmalloc-", c);
		if (strcmp(cache_name_of(p), want)) {
			if (bad_name++ < 5)
				fprintf(stderr, "kmalloc(%zu) from %s, want %s\n",
					size, cache_name_of(p), want);
		}
		if (ksize(p) != c) {
			if (bad_ksize++ < 5)
				fprintf(stderr, "ksize(kmalloc(%zu)) = %zu, want %u\n",
					size, ksize(p), c);
		}
		memset(p, 0x5c, ksize(p));   /* the whole slot is usable */
		kfree(p);
	}
	CHECK_EQ(bad_name, 0);
	CHECK_EQ(bad_ksize, 0);

	/* The examples the issue names. */
	void *p = kmalloc(100, GFP_KERNEL);
	CHECK_EQ(ksize(p), 128);
	kfree(p);
	for (size_t s = 65; s <= 96; s += 31) {
		p = kmalloc(s, GFP_KERNEL);
		CHECK_EQ(ksize(p), 96);
		CHECK(!strcmp(cache_name_of(p), "kmalloc-96"));
		kfree(p);
	}
	for (size_t s = 129; s <= 192; s += 63) {
		p = kmalloc(s, GFP_KERNEL);
		CHECK_EQ(ksize(p), 192);
		CHECK(!strcmp(cache_name_of(p), "kmalloc-192"));
		kfree(p);
	}
	p = kmalloc(1000, GFP_KERNEL);
	CHECK(!strcmp(cache_name_of(p), "kmalloc-1k"));
	kfree(p);
	p = kmalloc(8192, GFP_KERNEL);
	CHECK(!strcmp(cache_name_of(p), "kmalloc-8k"));
	CHECK_EQ(ksize(p), 8192);
	kfree(p);

	/* The other two types have the same classes under their names. */
	static const size_t some[] = { 1, 8, 9, 64, 65, 96, 100, 129, 192, 193,
				       512, 513, 1024, 3000, 4097, 8192 };
	for (size_t i = 0; i < sizeof(some) / sizeof(some[0]); i++) {
		char want[32];
		void *d = kmalloc(some[i], GFP_KERNEL | GFP_DMA);
		void *r = kmalloc(some[i], GFP_KERNEL | __GFP_RECLAIMABLE);

		REQUIRE(d && r);
		class_name(want, sizeof(want), "dma-kmalloc-", class_size(some[i]));
		CHECK(!strcmp(cache_name_of(d), want));
		CHECK_EQ(ksize(d), class_size(some[i]));
		CHECK(virt_to_phys(d) < (16ULL << 20));
		class_name(want, sizeof(want), "kmalloc-rcl-", class_size(some[i]));
		CHECK(!strcmp(cache_name_of(r), want));
		CHECK_EQ(ksize(r), class_size(some[i]));
		kfree(d);
		kfree(r);
	}
	/* GFP_DMA wins over __GFP_RECLAIMABLE (kmalloc_type). */
	p = kmalloc(300, GFP_KERNEL | GFP_DMA | __GFP_RECLAIMABLE);
	REQUIRE(p);
	CHECK(!strcmp(cache_name_of(p), "dma-kmalloc-512"));
	kfree(p);
	CHECK_EQ(rlog_reset(), 0);
}

/* --- large kmalloc --------------------------------------------------- */

static void test_large(void)
{
	static const size_t sizes[] = { 8193, 12288, 16384, 16385, 65536, 100000,
					1 << 20, (1 << 20) + 1, KMALLOC_MAX_SIZE };

	rlog_reset();
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		size_t size = sizes[i];
		unsigned int order = (unsigned int)get_order(size);
		long before = free_pages_now();
		unsigned char *p = kmalloc(size, GFP_KERNEL);

		REQUIRE(p != NULL);
		CHECK(zs_obj_cache(p) == NULL);               /* not a slab object */
		CHECK_EQ(((uintptr_t)p & (PAGE_SIZE - 1)), 0);
		CHECK_EQ(ksize(p), PAGE_SIZE << order);
		CHECK_EQ(before - free_pages_now(), 1L << order);
		CHECK(virt_to_phys(p) >= (4ULL << 30));       /* Normal memory */
		p[0] = 1;
		p[size - 1] = 2;
		kfree(p);
		CHECK_EQ(free_pages_now(), before);
	}

	/* Beyond KMALLOC_MAX_SIZE: NULL (silent with __GFP_NOWARN). */
	CHECK(kmalloc(KMALLOC_MAX_SIZE + 1, GFP_KERNEL | __GFP_NOWARN) == NULL);
	CHECK_EQ(rlog_reset(), 0);

	/* kzalloc of a large block that was dirty. */
	unsigned char *p = kmalloc(65536, GFP_KERNEL);
	REQUIRE(p);
	memset(p, 0xee, 65536);
	kfree(p);
	p = kzalloc(65536, GFP_KERNEL);
	REQUIRE(p);
	size_t nonzero = 0;
	for (size_t i = 0; i < 65536; i++)
		nonzero += p[i] != 0;
	CHECK_EQ(nonzero, 0);
	kfree(p);
}

/* --- zero size, NULL ------------------------------------------------- */

static void test_zero_and_null(void)
{
	long before;

	rlog_reset();
	CHECK(kmalloc(0, GFP_KERNEL) == ZERO_SIZE_PTR);
	CHECK(kzalloc(0, GFP_KERNEL) == ZERO_SIZE_PTR);
	CHECK(kmalloc_array(0, 16, GFP_KERNEL) == ZERO_SIZE_PTR);
	CHECK_EQ(ksize(ZERO_SIZE_PTR), 0);
	CHECK_EQ(ksize(NULL), 0);
	before = free_pages_now();
	kfree(NULL);
	kfree(ZERO_SIZE_PTR);
	CHECK_EQ(free_pages_now(), before);
	CHECK_EQ(rlog_reset(), 0);
	CHECK_EQ(zslab_validate(), 0);
}

/* --- kzalloc, kcalloc, kmalloc_array --------------------------------- */

static void test_zeroing_and_arrays(void)
{
	enum { N = 64 };
	unsigned char *v[N];
	size_t nonzero = 0;

	rlog_reset();
	/* Dirty N objects of kmalloc-256, free them, then kzalloc N. */
	for (int i = 0; i < N; i++) {
		v[i] = kmalloc(200, GFP_KERNEL);
		REQUIRE(v[i]);
		memset(v[i], 0xa5, ksize(v[i]));
	}
	for (int i = 0; i < N; i++)
		kfree(v[i]);
	for (int i = 0; i < N; i++) {
		v[i] = kzalloc(200, GFP_KERNEL);
		REQUIRE(v[i]);
		for (size_t b = 0; b < ksize(v[i]); b++)
			nonzero += v[i][b] != 0;
	}
	CHECK_EQ(nonzero, 0);
	for (int i = 0; i < N; i++)
		memset(v[i], 0x3c, ksize(v[i]));
	for (int i = 0; i < N; i++)
		kfree(v[i]);

	/* kcalloc zeroes too (it reuses the dirty objects). */
	nonzero = 0;
	for (int i = 0; i < N; i++) {
		v[i] = kcalloc(25, 8, GFP_KERNEL);
		REQUIRE(v[i]);
		CHECK(ksize(v[i]) >= 200);
		for (size_t b = 0; b < 200; b++)
			nonzero += v[i][b] != 0;
	}
	CHECK_EQ(nonzero, 0);
	for (int i = 0; i < N; i++)
		kfree(v[i]);

	/* kmalloc_array: the product is the size. */
	void *p = kmalloc_array(3, 5, GFP_KERNEL);
	REQUIRE(p);
	CHECK_EQ(ksize(p), 16);
	kfree(p);

	/* Overflowing products give NULL, and nothing is reported. */
	CHECK(kmalloc_array(SIZE_MAX / 8 + 1, 16, GFP_KERNEL) == NULL);
	CHECK(kmalloc_array(SIZE_MAX, 2, GFP_KERNEL) == NULL);
	CHECK(kcalloc((size_t)1 << 33, (size_t)1 << 33, GFP_KERNEL) == NULL);
	CHECK(kcalloc(SIZE_MAX / 3 + 1, 3, GFP_KERNEL) == NULL);
	CHECK_EQ(rlog_reset(), 0);
}

/* --- krealloc --------------------------------------------------------- */

static void fill(unsigned char *p, size_t n, unsigned int seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(i * 31 + seed);
}

static size_t mismatches(const unsigned char *p, size_t n, unsigned int seed)
{
	size_t bad = 0;

	for (size_t i = 0; i < n; i++)
		bad += p[i] != (unsigned char)(i * 31 + seed);
	return bad;
}

static void test_krealloc(void)
{
	unsigned char *p, *q, *r;

	rlog_reset();
	/* NULL and ZERO_SIZE_PTR: allocate. */
	p = krealloc(NULL, 40, GFP_KERNEL);
	REQUIRE(p && p != ZERO_SIZE_PTR);
	CHECK(ksize(p) >= 40);
	CHECK(!strcmp(cache_name_of(p), "kmalloc-64"));
	kfree(p);
	p = krealloc(ZERO_SIZE_PTR, 40, GFP_KERNEL);
	REQUIRE(p && p != ZERO_SIZE_PTR);
	CHECK(ksize(p) >= 40);
	kfree(p);

	/* Grow: the contents move along. */
	p = kmalloc(50, GFP_KERNEL);
	REQUIRE(p);
	fill(p, 50, 7);
	q = krealloc(p, 500, GFP_KERNEL);
	REQUIRE(q);
	CHECK(q != p);
	CHECK_EQ(ksize(q), 512);
	CHECK_EQ(mismatches(q, 50, 7), 0);

	/* Shrink, or grow within ksize: the same block. */
	fill(q, 500, 9);
	r = krealloc(q, 300, GFP_KERNEL);
	CHECK(r == q);
	r = krealloc(q, 512, GFP_KERNEL);
	CHECK(r == q);
	CHECK_EQ(mismatches(r, 500, 9), 0);

	/* Grow into a large block, then grow that, then shrink within it. */
	p = krealloc(r, 20000, GFP_KERNEL);
	REQUIRE(p);
	CHECK(zs_obj_cache(p) == NULL);
	CHECK_EQ(ksize(p), PAGE_SIZE << get_order(20000));
	CHECK_EQ(mismatches(p, 500, 9), 0);
	fill(p, 20000, 11);
	q = krealloc(p, 300000, GFP_KERNEL);
	REQUIRE(q);
	CHECK_EQ(mismatches(q, 20000, 11), 0);
	r = krealloc(q, 100000, GFP_KERNEL);
	CHECK(r == q);

	/* A request that cannot be met: NULL, the old block untouched. */
	p = krealloc(r, KMALLOC_MAX_SIZE * 2, GFP_KERNEL | __GFP_NOWARN);
	CHECK(p == NULL);
	CHECK_EQ(mismatches(r, 20000, 11), 0);

	/* krealloc(p, 0) frees and returns ZERO_SIZE_PTR. */
	long before = free_pages_now();
	p = krealloc(r, 0, GFP_KERNEL);
	CHECK(p == ZERO_SIZE_PTR);
	CHECK_EQ(free_pages_now() - before, 1L << get_order(300000));

	/* ... for a slab object too: the object is free (handed out again). */
	p = kmalloc(512, GFP_KERNEL);
	REQUIRE(p);
	q = krealloc(p, 0, GFP_KERNEL);
	CHECK(q == ZERO_SIZE_PTR);
	r = kmalloc(512, GFP_KERNEL);
	CHECK(r == p);
	kfree(r);
	CHECK_EQ(rlog_reset(), 0);
	CHECK_EQ(zslab_validate(), 0);
}

/* --- kmemdup, kstrdup, kstrndup --------------------------------------- */

static void test_dup(void)
{
	unsigned char src[10000];
	unsigned char *d;
	char *s;

	rlog_reset();
	fill(src, sizeof(src), 3);
	d = kmemdup(src, 100, GFP_KERNEL);
	REQUIRE(d);
	CHECK(d != src);
	CHECK(!memcmp(d, src, 100));
	CHECK_EQ(ksize(d), 128);
	kfree(d);
	d = kmemdup(src, sizeof(src), GFP_KERNEL);
	REQUIRE(d);
	CHECK(!memcmp(d, src, sizeof(src)));
	CHECK(zs_obj_cache(d) == NULL);   /* > 8 KiB: pages */
	kfree(d);

	s = kstrdup("hello, zslab", GFP_KERNEL);
	REQUIRE(s);
	CHECK(!strcmp(s, "hello, zslab"));
	CHECK(!strcmp(cache_name_of(s), "kmalloc-16"));
	kfree(s);
	CHECK(kstrdup(NULL, GFP_KERNEL) == NULL);
	s = kstrdup("", GFP_KERNEL);
	REQUIRE(s);
	CHECK_EQ(s[0], 0);
	kfree(s);

	s = kstrndup("hello world", 5, GFP_KERNEL);
	REQUIRE(s);
	CHECK(!strcmp(s, "hello"));
	CHECK(!strcmp(cache_name_of(s), "kmalloc-8"));
	kfree(s);
	s = kstrndup("hi", 100, GFP_KERNEL);
	REQUIRE(s);
	CHECK(!strcmp(s, "hi"));
	kfree(s);
	CHECK(kstrndup(NULL, 5, GFP_KERNEL) == NULL);
	CHECK_EQ(rlog_reset(), 0);
}

/* --- kfree of pointers zslab never handed out ------------------------- */

static void test_bad_kfree(void)
{
	char on_stack[64];
	char *from_malloc = malloc(64);
	unsigned char *p, *big;
	long before;

	REQUIRE(from_malloc);
	memset(on_stack, 1, sizeof(on_stack));

	rlog_reset();
	kfree(on_stack);
	/* One report, naming the pointer once as 0x<hex> (not "0x0x..."). */
	{
		char addr[32];
		snprintf(addr, sizeof(addr), "%lx", (unsigned long)(uintptr_t)on_stack);
		CHECK(strstr(rlog, addr) != NULL);
		CHECK(strstr(rlog, "0x0x") == NULL);
	}
	CHECK_EQ(rlog_reset(), 1);
	kfree(from_malloc);
	CHECK_EQ(rlog_reset(), 1);
	free(from_malloc);   /* still ours: zslab did not touch it */

	/* An interior pointer of a kmalloc object. */
	p = kmalloc(64, GFP_KERNEL);
	REQUIRE(p);
	fill(p, 64, 21);
	kfree(p + 8);
	CHECK_EQ(rlog_reset(), 1);
	CHECK_EQ(mismatches(p, 64, 21), 0);
	CHECK_EQ(zslab_validate(), 0);
	/* Neither p nor p + 8 is free: none of the next objects is either. */
	{
		enum { M = 200 };
		unsigned char *v[M];
		int clash = 0;
		for (int i = 0; i < M; i++) {
			v[i] = kmalloc(64, GFP_KERNEL);
			REQUIRE(v[i]);
			clash += v[i] == p || v[i] == p + 8;
			memset(v[i], 0, 64);
		}
		CHECK_EQ(clash, 0);
		CHECK_EQ(mismatches(p, 64, 21), 0);
		for (int i = 0; i < M; i++)
			kfree(v[i]);
	}
	kfree(p);
	CHECK_EQ(rlog_reset(), 0);

	/* An interior pointer of a large kmalloc block. */
	big = kmalloc(20000, GFP_KERNEL);
	REQUIRE(big);
	before = free_pages_now();
	kfree(big + PAGE_SIZE);
	CHECK_EQ(rlog_reset(), 1);
	CHECK_EQ(free_pages_now(), before);
	kfree(big);
	CHECK_EQ(free_pages_now() - before, 1L << get_order(20000));
	CHECK_EQ(rlog_reset(), 0);

	/* A page from the page allocator is not a kmalloc block. */
	struct page *pg = alloc_pages(GFP_KERNEL, 1);
	REQUIRE(pg);
	before = free_pages_now();
	kfree(page_address(pg));
	CHECK_EQ(rlog_reset(), 1);
	CHECK_EQ(free_pages_now(), before);
	__free_pages(pg, 1);   /* not freed twice: no "Bad page state" */
	CHECK_EQ(rlog_reset(), 0);
	CHECK_EQ(zslab_validate(), 0);
}

/*
 * Memory in a second RAM range (Normal at 4 GiB, after a gap) takes the
 * slow lookups of kfree, ksize and kmem_cache_free: the same answers.
 */
static void test_second_range(void)
{
	enum { N = 256 };
	void *v[N];
	unsigned char *p;
	unsigned long low = 0;

	zslab_exit();
	REQUIRE(zslab_init("memmap=1G@0 memmap=1G@0x100000000") == 0);
	rlog_reset();
	for (int i = 0; i < N; i++) {
		size_t size = 1 + (size_t)i * 37;
		v[i] = kmalloc(size, GFP_KERNEL);
		REQUIRE(v[i]);
		low += virt_to_phys(v[i]) < (4ULL << 30);
		CHECK_EQ(ksize(v[i]), class_size(size));
		memset(v[i], 0x44, size);
	}
	CHECK_EQ(low, 0);
	for (int i = 0; i < N; i++)
		kfree(v[i]);
	p = kmalloc(64, GFP_KERNEL);
	REQUIRE(p);
	fill(p, 64, 5);
	kfree(p + 8);                           /* interior: refused */
	CHECK_EQ(rlog_reset(), 1);
	CHECK_EQ(mismatches(p, 64, 5), 0);
	kfree(p);
	p = kmalloc(30000, GFP_KERNEL);         /* large, in range 1 */
	REQUIRE(p);
	CHECK(virt_to_phys(p) >= (4ULL << 30));
	CHECK_EQ(ksize(p), 32768);
	long before = free_pages_now();
	kfree(p);
	CHECK_EQ(free_pages_now() - before, 8);
	/* kfree_bulk of range-1 objects. */
	for (int i = 0; i < 16; i++) {
		v[i] = kmalloc(i % 2 ? 100 : 20000, GFP_KERNEL);
		REQUIRE(v[i]);
	}
	kfree_bulk(16, v);
	CHECK_EQ(rlog_reset(), 0);
	zs_slab_shrink_all();
	CHECK_EQ(zslab_validate(), 0);
	zslab_exit();
}

int main(void)
{
	zslab_set_report_hook(rlog_hook, NULL);
	REQUIRE(zslab_init(NULL) == 0);

	test_size_classes();
	test_large();
	test_zero_and_null();
	test_zeroing_and_arrays();
	test_krealloc();
	test_dup();
	test_bad_kfree();
	CHECK_EQ(zslab_validate(), 0);
	test_second_range();

	return zt_summary("test_kmalloc");
}
