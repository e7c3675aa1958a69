/* SPDX-License-Identifier: MIT */
/*
 * test_malloc_fastpath.c - malloc's inline fast paths (malloc.c) agree
 * with the slab layer: the table zm_class_index() reads names, for every
 * size 1..8192, the kmalloc-normal cache of zm_class_size() (the class
 * debug and fallback requests use), whose objects are exactly that size;
 * malloc's own classes (slab.h) are the caches "malloc-16" ...
 * "malloc-64k", four per doubling, each the smallest that fits (by the
 * inline table up to 32 KiB, computed above); a block of every size up
 * to 64 KiB comes from its malloc class (ksize and the slab's cache),
 * and one byte more from the page allocator; calloc zeroes a block the sheaf hands back dirty; and a
 * small block freed twice in a row (the sheaf's double-free test) is
 * reported once and handed out only once after; and free() of a pointer
 * that is no block start, in every malloc class, is reported and frees
 * nothing (the class map's test, class_map.h).
 */
#include "zt.h"

#include <stdint.h>

#include "slab/slab.h"
#include "slab/slab_map.h"
#include "slab/slub_internal.h"
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

/* The malloc classes: names, sizes, and each the smallest that fits. */
static void test_malloc_classes(void)
{
	static const struct { unsigned int i, size; const char *name; } some[] = {
		{ 0, 16, "malloc-16" }, { 4, 80, "malloc-80" }, { 7, 128, "malloc-128" },
		{ 8, 160, "malloc-160" }, { 11, 256, "malloc-256" },
		{ 19, 1024, "malloc-1k" }, { 20, 1280, "malloc-1280" },
		{ 28, 5120, "malloc-5k" }, { 39, 32768, "malloc-32k" },
		{ 40, 40960, "malloc-40k" }, { 43, 65536, "malloc-64k" },
	};
	unsigned long bad = 0;

	for (unsigned int k = 0; k < sizeof(some) / sizeof(some[0]); k++) {
		struct kmem_cache *s = zs_malloc_caches[some[k].i];
		REQUIRE(s && s != &zs_malloc_unmade);
		CHECK_EQ(s->object_size, some[k].size);
		CHECK(!strcmp(s->name, some[k].name));
	}
	for (unsigned int i = 1; i < ZS_MALLOC_NR_CLASSES; i++) {
		unsigned int lo = zs_malloc_class_size(i - 1), hi = zs_malloc_class_size(i);
		/* 16-byte steps to 128, then four per doubling: a step is a
		 * quarter of the power of two at or below @lo */
		unsigned int step = lo < 128 ? 16 : (1u << (31 - __builtin_clz(lo))) / 4;
		if (hi - lo != step)
			bad++;
	}
	CHECK_EQ(zs_malloc_class_size(ZS_MALLOC_NR_CLASSES - 1), ZS_MALLOC_BIG_SIZE);
	for (size_t n = 1; n <= ZS_MALLOC_BIG_SIZE; n++) {
		unsigned int i = zs_malloc_class_of(n);
		if (i >= ZS_MALLOC_NR_CLASSES || zs_malloc_class_size(i) < n ||
		    (i && zs_malloc_class_size(i - 1) >= n))
			bad++;
	}
	CHECK_EQ(bad, 0);
	/* sheaves of at most 64 KiB of objects, 2 to 64 of them, and one
	 * object above 32 KiB (kmalloc.c) */
	for (unsigned int i = 0; i < ZS_MALLOC_NR_CLASSES; i++) {
		const struct kmem_cache *s = zs_malloc_caches[i];
		unsigned int want = (64u << 10) / s->size;
		want = want > 64 ? 64 : want < 2 ? 2 : want;
		if (s->size > ZS_MALLOC_MAX_SIZE)
			want = 1;
		if (s->sheaf_cap != want)
			fprintf(stderr, "%s: sheaf_cap %u, want %u\n", s->name, s->sheaf_cap, want);
		CHECK_EQ(s->sheaf_cap, want);
		/* free()'s class map knows every class (class_map.h) */
		CHECK_EQ(s->class_code, s->id);
		/* 1 MiB of partial slabs kept (slabs of 64 KiB at most: above
		 * the kernel's 5..10) */
		CHECK_EQ(s->min_partial, (1ul << 20) / (PAGE_SIZE << s->order));
		/* no colour where a slab holds one object (kmalloc.c) */
		if (s->size > ZS_MALLOC_MAX_SIZE)
			CHECK(!(s->flags & SLAB_COLOUR));
	}
	CHECK_EQ(zs_kmalloc_caches[KMALLOC_NORMAL][13]->sheaf_cap, 32);   /* 8 KiB: the default */
}

/* They are ordinary caches: /proc/slabinfo lists them with their sizes. */
static void test_classes_in_slabinfo(void)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	void *p = M(malloc)(70);

	REQUIRE(f && p);
	CHECK_EQ(zslab_proc_show("slabinfo", f), 0);
	fclose(f);
	CHECK(strstr(text, "\nmalloc-80 ") != NULL);
	CHECK(strstr(text, "\nmalloc-1280 ") != NULL);
	CHECK(strstr(text, "\nmalloc-32k ") != NULL);
	CHECK(strstr(text, "\nmalloc-64k ") != NULL);
	CHECK(strstr(text, "\nkmalloc-96 ") != NULL);   /* kmalloc keeps its classes */
	free(text);
	M(free)(p);
}

/* Blocks of every size up to 64 KiB come from their malloc class's cache
 * (every size to 32 KiB, the inline table's, then a step of 16 bytes
 * above); the next byte takes a page block. */
static void test_blocks_from_class(void)
{
	unsigned long bad = 0;
	void *p;

	for (size_t n = 1; n <= ZS_MALLOC_BIG_SIZE; n += n < ZS_MALLOC_MAX_SIZE ? 1 : 16) {
		struct kmem_cache *s = zs_malloc_caches[zs_malloc_class_of(n)];
		p = M(malloc)(n);
		if (!p || zs_obj_cache(p) != s || ksize(p) != s->object_size ||
		    M(malloc_usable_size)(p) != s->object_size || ((uintptr_t)p & 15))
			bad++;
		M(free)(p);
	}
	CHECK_EQ(bad, 0);
	p = M(malloc)(ZS_MALLOC_BIG_SIZE + 1);
	REQUIRE(p);
	CHECK(zs_obj_cache(p) == NULL);   /* a page block, no slab's */
	CHECK_EQ(M(malloc_usable_size)(p), 2 * ZS_MALLOC_BIG_SIZE);
	M(free)(p);
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

/* free(@bad): one report (slub_debug's checks may add a FIX line). */
static void check_refused(void *bad, unsigned int size)
{
	unsigned long n;

	zt_reports_reset();
	M(free)(opaque_ptr(bad));
	__asm__ volatile("" ::: "memory");   /* free() is a builtin to gcc */
	n = zt_reports_reset();
	CHECK(n == 1 || (n == 2 && getenv("ZSLAB_CMDLINE")));
	if (n != 1 && !getenv("ZSLAB_CMDLINE"))
		fprintf(stderr, "free(%p) in malloc-%u: %lu reports\n", bad, size, n);
}

/*
 * Per malloc class: pointers inside a block, in the colour bytes before a
 * slab's first block and in the tail past its last are refused, and the
 * block is still live after; the map agrees with every slab.  Blocks are
 * taken until one lies in a coloured slab (or MAX_TAKE), so that the
 * colour bytes are tried in every class that has colours.
 */
#define MAX_TAKE 1024
static void test_free_not_a_block(void)
{
	static unsigned char *taken[MAX_TAKE];
	unsigned int coloured = 0, tails = 0;

	for (unsigned int i = 0; i < ZS_MALLOC_NR_CLASSES; i++) {
		unsigned int size = zs_malloc_class_size(i), n = 0;
		struct page *head;
		unsigned char *p;

		do {
			REQUIRE((p = taken[n++] = M(malloc)(size)));
			head = zs_obj_slab(p);
			REQUIRE(head);
		} while (!zs_slab_colour(head) && n < MAX_TAKE);
		struct kmem_cache *s = zs_obj_cache(p);
		char *slab = zs_page_address(head);
		size_t end = zs_slab_colour(head) + (size_t)head->objects * s->size;
		size_t offs[] = { 16, size / 32 * 16, size - 16, 4096 };

		for (unsigned int k = 0; k < sizeof(offs) / sizeof(offs[0]); k++)
			if (offs[k] && offs[k] < size)
				check_refused(p + offs[k], size);
		if (zs_slab_colour(head)) {
			check_refused(slab, size);
			coloured++;
		}
		if ((PAGE_SIZE << head->order) - end >= 16) {
			check_refused(slab + end, size);
			tails++;
		}
		unsigned char *q = M(malloc)(size);
		CHECK(q && q != p);
		M(free)(q);
		while (n)
			M(free)(taken[--n]);
		CHECK_EQ(zt_reports_reset(), 0);
	}
	CHECK(coloured >= 10 && tails >= 10);
	CHECK_EQ(zs_slab_validate_all(), 0);
}

int main(void)
{
	zt_capture_reports();
	M(free)(M(malloc)(1));   /* boots zslab, sets this thread up */
	test_class_table();
	test_malloc_classes();
	test_classes_in_slabinfo();
	test_blocks_from_class();
	test_calloc_reuse();
	test_double_free();
	test_free_not_a_block();
	return zt_summary("test_malloc_fastpath");
}
