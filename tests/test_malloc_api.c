/* SPDX-License-Identifier: MIT */
/*
 * test_malloc_api.c - the contract of libzslab-malloc's functions: every
 * call's alignment and usable size over the kmalloc classes, the page
 * blocks and the big mappings; errno and return values as POSIX and glibc
 * define them (ENOMEM, EINVAL, zero sizes, overflow in calloc and
 * reallocarray); realloc keeping content while it grows and shrinks across
 * every kind of block; calloc zeroing reused memory; free/realloc/
 * malloc_usable_size of pointers malloc never returned reported once and
 * ignored; and a malloc made from inside zslab (here: from the report
 * hook) served by the bootstrap arena without deadlock.
 *
 * In a plain build the test binary contains the malloc objects, so the C
 * library and this file allocate through them.  In sanitizer builds the
 * same code is compiled as zsm_malloc()... (see malloc/zslab_malloc.h).
 */
#include "zt.h"

#include <stdbool.h>
#include <stdint.h>

#include "zslab_malloc.h"

/* The test keeps using a block after a realloc that failed (as POSIX
 * says it may) and frees blocks twice on purpose. */
#pragma GCC diagnostic ignored "-Wuse-after-free"

#define M(name) ZM_API(name)
#define MIB (1UL << 20)
#define ZM_MIN_ALIGN 16UL   /* alignof(max_align_t) */

/* Hide a value from the compiler's allocation-size and free warnings. */
static size_t opaque(size_t v)
{
	volatile size_t x = v;
	return x;
}

static void *opaque_ptr(void *p)
{
	void *volatile x = p;
	return x;
}

/*
 * glibc declares free() and friends leaf functions (they never call back
 * into this file), so the compiler may keep zt_reports in a register
 * across them; but ours run the report hook.  These make it reload.
 */
static void free_b(void *p)
{
	M(free)(p);
	__asm__ volatile("" ::: "memory");
}

static void *realloc_b(void *p, size_t n)
{
	void *q = M(realloc)(p, n);
	__asm__ volatile("" ::: "memory");
	return q;
}

static size_t usable_b(void *p)
{
	size_t n = M(malloc_usable_size)(p);
	__asm__ volatile("" ::: "memory");
	return n;
}

static bool aligned_to(const void *p, size_t a)
{
	return !((uintptr_t)p & (a - 1));
}

/* Fill @n bytes at @p with a pattern of @seed; check it back. */
static void fill(void *p, size_t n, unsigned int seed)
{
	unsigned char *c = p;

	for (size_t i = 0; i < n; i++)
		c[i] = (unsigned char)(i * 31 + seed);
}

static bool check_fill(const void *p, size_t n, unsigned int seed)
{
	const unsigned char *c = p;

	for (size_t i = 0; i < n; i++)
		if (c[i] != (unsigned char)(i * 31 + seed))
			return false;
	return true;
}

/* Sizes over every kmalloc class boundary, page blocks and big mappings. */
static const size_t sizes[] = {
	1, 7, 8, 9, 15, 16, 17, 24, 31, 32, 33, 63, 64, 65, 95, 96, 97, 127,
	128, 129, 191, 192, 193, 255, 256, 257, 511, 512, 513, 1023, 1024,
	1025, 2047, 2048, 2049, 4095, 4096, 4097, 8191, 8192, 8193, 12288,
	65536, 65537, 1 * MIB + 1, 4 * MIB - 1, 4 * MIB, 4 * MIB + 1, 9 * MIB,
};
#define NSIZES (sizeof(sizes) / sizeof(sizes[0]))

static void test_malloc_sizes(void)
{
	for (size_t i = 0; i < NSIZES; i++) {
		size_t n = sizes[i];
		unsigned char *p = M(malloc)(n);
		REQUIRE(p);
		CHECK(aligned_to(p, ZM_MIN_ALIGN));
		size_t us = M(malloc_usable_size)(p);
		CHECK(us >= n);
		fill(p, us, (unsigned int)i);
		CHECK(check_fill(p, us, (unsigned int)i));
		M(free)(p);
	}
	/* malloc(0): a unique, freeable pointer */
	void *a = M(malloc)(0), *b = M(malloc)(0);
	CHECK(a && b && a != b);
	CHECK(M(malloc_usable_size)(a) >= 1);
	M(free)(a);
	M(free)(b);
	M(free)(NULL);
	CHECK_EQ(M(malloc_usable_size)(NULL), 0);
}

/* Under the default layout a block's usable size is its malloc class:
 * 16-byte steps to 128, then four per doubling to 64 KiB, then pages. */
static void test_class_sizes(void)
{
	static const size_t want[][2] = {
		{ 1, 16 }, { 16, 16 }, { 17, 32 }, { 33, 48 }, { 65, 80 },
		{ 96, 96 }, { 97, 112 }, { 128, 128 }, { 129, 160 }, { 193, 224 },
		{ 257, 320 }, { 1000, 1024 }, { 1025, 1280 }, { 4097, 5120 },
		{ 8192, 8192 }, { 8193, 10240 }, { 30000, 32768 }, { 32768, 32768 },
		{ 32769, 40960 }, { 50000, 57344 }, { 65536, 65536 },
		{ 65537, 131072 },   /* a page block of order 5 */
	};

	for (unsigned int i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		void *p = M(malloc)(want[i][0]);
		CHECK_EQ(M(malloc_usable_size)(p), want[i][1]);
		M(free)(p);
	}
}

static void test_enomem(void)
{
	size_t huge[] = { SIZE_MAX, SIZE_MAX - 4095, SIZE_MAX / 2, (size_t)1 << 60 };

	for (unsigned int i = 0; i < 4; i++) {
		errno = 0;
		CHECK(M(malloc)(opaque(huge[i])) == NULL);
		CHECK_EQ(errno, ENOMEM);
		errno = 0;
		CHECK(M(calloc)(1, opaque(huge[i])) == NULL);
		CHECK_EQ(errno, ENOMEM);
		errno = 0;
		CHECK(M(memalign)(64, opaque(huge[i])) == NULL);
		CHECK_EQ(errno, ENOMEM);
	}
	errno = 0;
	CHECK(M(calloc)(opaque(SIZE_MAX / 2), 3) == NULL);   /* overflow */
	CHECK_EQ(errno, ENOMEM);
	errno = 0;
	CHECK(M(pvalloc)(opaque(SIZE_MAX - 10)) == NULL);   /* rounding overflows */
	CHECK_EQ(errno, ENOMEM);
	/* a success leaves errno alone */
	errno = 1234;
	void *p = M(malloc)(100);
	CHECK(p && errno == 1234);
	M(free)(p);
}

static void test_calloc_zeroes(void)
{
	for (size_t i = 0; i < NSIZES; i++) {
		size_t n = sizes[i];
		/* dirty a block of this size, free it, calloc again: zero */
		unsigned char *d = M(malloc)(n);
		REQUIRE(d);
		memset(d, 0xa5, M(malloc_usable_size)(d));
		M(free)(d);
		unsigned char *z = M(calloc)(n, 1);
		REQUIRE(z);
		size_t nz = 0;
		for (size_t k = 0; k < n; k++)
			nz += z[k] != 0;
		CHECK_EQ(nz, 0);
		M(free)(z);
	}
	CHECK(M(calloc)(0, 16) != NULL);   /* leaked on purpose: tiny */
	unsigned int *v = M(calloc)(1000, sizeof(unsigned int));
	REQUIRE(v);
	CHECK(M(malloc_usable_size)(v) >= 4000);
	M(free)(v);
}

static void test_realloc(void)
{
	/* grow from 1 byte through every size, keeping the content */
	unsigned char *p = M(realloc)(NULL, 1);
	size_t have = 1;
	REQUIRE(p);
	fill(p, 1, 7);
	for (size_t i = 0; i < NSIZES; i++) {
		unsigned char *q = M(realloc)(p, sizes[i]);
		REQUIRE(q);
		CHECK(aligned_to(q, ZM_MIN_ALIGN));
		CHECK(check_fill(q, have, 7));
		fill(q, sizes[i], 7);
		p = q;
		have = sizes[i];
	}
	/* and shrink back down */
	for (size_t i = NSIZES; i-- > 0;) {
		unsigned char *q = M(realloc)(p, sizes[i]);
		REQUIRE(q);
		CHECK(check_fill(q, sizes[i], 7));
		CHECK(M(malloc_usable_size)(q) >= sizes[i]);
		p = q;
	}
	/* a failed realloc leaves the block as it was */
	errno = 0;
	CHECK(M(realloc)(p, opaque(SIZE_MAX - 100)) == NULL);
	CHECK_EQ(errno, ENOMEM);
	CHECK(check_fill(p, 1, 7));
	errno = 0;
	CHECK(M(reallocarray)(p, opaque(SIZE_MAX / 4), 8) == NULL);
	CHECK_EQ(errno, ENOMEM);
	CHECK(check_fill(p, 1, 7));
	p = M(reallocarray)(p, 100, 8);
	REQUIRE(p);
	CHECK(check_fill(p, 1, 7));
	CHECK(M(malloc_usable_size)(p) >= 800);
	/* realloc(p, 0) frees (glibc) */
	CHECK(M(realloc)(p, 0) == NULL);
	/* a big mapping grown and shrunk while it stays big keeps its content */
	unsigned char *m = M(malloc)(5 * MIB);
	REQUIRE(m);
	fill(m, 5 * MIB, 4);
	m = M(realloc)(m, 40 * MIB);
	REQUIRE(m);
	CHECK(check_fill(m, 5 * MIB, 4));
	CHECK(M(malloc_usable_size)(m) >= 40 * MIB);
	m[40 * MIB - 1] = 1;
	m = M(realloc)(m, 4 * MIB + 100);
	REQUIRE(m);
	CHECK(check_fill(m, 4 * MIB + 100, 4));
	CHECK(M(malloc_usable_size)(m) >= 4 * MIB + 100 && M(malloc_usable_size)(m) < 5 * MIB);
	M(free)(m);
	CHECK_EQ(zt_reports_reset(), 0);
	/* shrinking a big mapping a lot moves it, keeping the prefix */
	unsigned char *big = M(malloc)(16 * MIB);
	REQUIRE(big);
	fill(big, 4096, 3);
	unsigned char *small = M(realloc)(big, 100);
	REQUIRE(small);
	CHECK(small != big);
	CHECK(check_fill(small, 100, 3));
	CHECK(M(malloc_usable_size)(small) < 4096);
	M(free)(small);
}

static void check_aligned_block(void *p, size_t align, size_t size)
{
	CHECK(p != NULL);
	if (!p)
		return;
	CHECK(aligned_to(p, align));
	CHECK(M(malloc_usable_size)(p) >= (size ? size : 1));
	fill(p, size, 5);
	CHECK(check_fill(p, size, 5));
}

static void test_posix_memalign(void)
{
	static const size_t bad[] = { 0, 1, 2, 3, 4, 12, 24, 48, 4097 };
	void *out = (void *)0x1234;

	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		errno = 77;
		CHECK_EQ(M(posix_memalign)(&out, bad[i], 16), EINVAL);
		CHECK(out == (void *)0x1234);   /* untouched */
		CHECK_EQ(errno, 77);            /* errno not set */
	}
	for (unsigned int k = 3; k <= 23; k++) {
		size_t a = (size_t)1 << k;
		size_t try[] = { 0, 1, 100, 5000, a, 3 * a + 1 };
		for (unsigned int j = 0; j < 6; j++) {
			void *p = NULL;
			CHECK_EQ(M(posix_memalign)(&p, a, try[j]), 0);
			check_aligned_block(p, a, try[j]);
			M(free)(p);
		}
	}
	errno = 77;
	CHECK_EQ(M(posix_memalign)(&out, 64, opaque(SIZE_MAX - 64)), ENOMEM);
	CHECK(out == (void *)0x1234);
	CHECK_EQ(errno, 77);
}

static void test_other_aligned(void)
{
	errno = 0;
	CHECK(M(aligned_alloc)(opaque(24), 48) == NULL);
	CHECK_EQ(errno, EINVAL);
	errno = 0;
	CHECK(M(aligned_alloc)(opaque(0), 48) == NULL);
	CHECK_EQ(errno, EINVAL);
	for (unsigned int k = 0; k <= 22; k += 1) {
		size_t a = (size_t)1 << k;
		void *p = M(aligned_alloc)(a, 2 * a);
		check_aligned_block(p, a, 2 * a);
		M(free)(p);
		p = M(memalign)(a, 10);
		check_aligned_block(p, a, 10);
		M(free)(p);
	}
	/* memalign rounds an alignment that is no power of two up (glibc) */
	void *p = M(memalign)(opaque(48), 10);
	check_aligned_block(p, 64, 10);
	M(free)(p);
	p = M(memalign)(opaque(3000), 5000);
	check_aligned_block(p, 4096, 5000);
	M(free)(p);
	errno = 0;
	CHECK(M(memalign)(opaque(SIZE_MAX), 10) == NULL);
	CHECK_EQ(errno, EINVAL);

	p = M(valloc)(1);
	check_aligned_block(p, 4096, 1);
	M(free)(p);
	p = M(valloc)(3 * 4096 + 1);
	check_aligned_block(p, 4096, 3 * 4096 + 1);
	M(free)(p);
	p = M(pvalloc)(0);
	check_aligned_block(p, 4096, 4096);
	M(free)(p);
	p = M(pvalloc)(4097);
	check_aligned_block(p, 4096, 8192);
	M(free)(p);
	/* a big mapping with an alignment beyond the largest page block */
	p = M(memalign)(16 * MIB, 5 * MIB);
	check_aligned_block(p, 16 * MIB, 5 * MIB);
	M(free)(p);
}

/* Every kind of pointer malloc did not return: one report, nothing done. */
static void test_foreign_pointers(void)
{
	static long not_heap[64];
	long on_stack[8];
	unsigned char *obj = M(malloc)(256);
	unsigned char *big = M(malloc)(6 * MIB);
	void *bad[] = {
		opaque_ptr(not_heap), opaque_ptr(on_stack), opaque_ptr(obj + 16),
		opaque_ptr(big + 4096), opaque_ptr((void *)&test_foreign_pointers),
	};

	REQUIRE(obj && big);
	fill(obj, 256, 9);
	fill(big, 8192, 9);
	memset(not_heap, 0x5a, sizeof(not_heap));
	zt_reports_reset();
	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		free_b(bad[i]);
		/* one WARN; slub_debug's checks in kfree() add a FIX line */
		unsigned long n = zt_reports_reset();
		CHECK(n == 1 || (n == 2 && getenv("ZSLAB_CMDLINE")));
		errno = 0;
		CHECK(realloc_b(bad[i], 64) == NULL);
		CHECK_EQ(errno, EINVAL);
		CHECK_EQ(zt_reports_reset(), 1);
		CHECK_EQ(usable_b(bad[i]), 0);
		CHECK_EQ(zt_reports_reset(), 1);
	}
	CHECK(not_heap[0] == 0x5a5a5a5a5a5a5a5aL && not_heap[63] == not_heap[0]);
	/* the real blocks are intact and still free normally */
	CHECK(check_fill(obj, 256, 9));
	CHECK(check_fill(big, 8192, 9));
	free_b(obj);
	free_b(big);
	CHECK_EQ(zt_reports_reset(), 0);
	/* a big mapping freed twice: the second free is reported, ignored */
	big = M(malloc)(5 * MIB);
	REQUIRE(big);
	free_b(big);
	CHECK_EQ(zt_reports_reset(), 0);
	free_b(opaque_ptr(big));
	CHECK_EQ(zt_reports_reset(), 1);
}

/*
 * A report hook that allocates: zslab calls it from inside itself, so the
 * allocation must come from the bootstrap arena (no recursion into zslab,
 * no deadlock), and free() of it must be a no-op.
 */
static void *arena_block;
static unsigned long hook_calls;

static void allocating_hook(const char *text, void *arg)
{
	(void)text;
	(void)arg;
	hook_calls++;
	arena_block = M(malloc)(200);
	if (arena_block)
		fill(arena_block, 200, 11);
	void *tmp = M(calloc)(10, 10);
	M(free)(tmp);
}

static void test_reentry(void)
{
	static long not_heap[4];

	zslab_set_report_hook(allocating_hook, NULL);
	free_b(opaque_ptr(not_heap));   /* reports, so the hook runs */
	zt_capture_reports();
	CHECK_EQ(hook_calls, 1);
	REQUIRE(arena_block);
	CHECK(aligned_to(arena_block, ZM_MIN_ALIGN));
	CHECK(M(malloc_usable_size)(arena_block) >= 200);
	/* realloc moves an arena block to ordinary memory, content kept */
	unsigned char *p = M(realloc)(arena_block, 300);
	REQUIRE(p);
	CHECK(p != arena_block);
	CHECK(check_fill(p, 200, 11));
	M(free)(p);
	free_b(arena_block);   /* ignored: arena blocks are never reused */
	CHECK_EQ(zt_reports_reset(), 0);
}

/* Linked in, these functions are the C library's malloc too. */
static void test_interposed(void)
{
#ifndef ZSLAB_MALLOC_PREFIX
	char *d = strdup("zslab");
	REQUIRE(d);
	/* zslab knows the block: a glibc block would be reported, size 0 */
	CHECK(usable_b(d) >= 6);
	CHECK_EQ(zt_reports_reset(), 0);
	free(d);
#endif
}

int main(void)
{
	zt_capture_reports();
	test_interposed();
	test_malloc_sizes();
	if (!getenv("ZSLAB_CMDLINE"))
		test_class_sizes();
	test_enomem();
	test_calloc_zeroes();
	test_realloc();
	test_posix_memalign();
	test_other_aligned();
	test_foreign_pointers();
	test_reentry();
	return zt_summary("test_malloc_api");
}
