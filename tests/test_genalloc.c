/* SPDX-License-Identifier: MIT */
/*
 * test_genalloc.c - the kernel's genalloc, checked against hand-worked
 * bitmaps and against the properties io-pgtable's comparison rests on:
 *  - each algorithm (first fit, first_fit_align, first_fit_order_align,
 *    fixed, best fit) picks the bit worked out by hand, in one word and
 *    across words, and says "nothing fits" with a value >= size;
 *  - the pool: sizes rounded up to granules, the bitmap and avail exact
 *    after every call, chunks tried newest first, gen_pool_virt_to_phys,
 *    gen_pool_set_algo (NULL is first fit), gen_pool_alloc(pool, 0) == 0;
 *  - misuse (G1-G3 of the misuse matrix): a free outside every chunk,
 *    past a chunk's end, of bits not allocated, and a destroy with live
 *    allocations are each reported once and change nothing;
 *  - the comparison: a 4 MiB pool over DMA32 pages takes its 1024 pages
 *    from the zone when it is made, not when tables are allocated; a
 *    freed table is reused at once; freeing every table gives no page
 *    back; the tables are 1 KiB aligned and below 4 GiB.
 * Memory is measured with the zone's free page count.
 */
#include "zt.h"
#include "zt_mm.h"
#include "zt_panic.h"

#include <sys/resource.h>
#include <sys/wait.h>

#define KIB 1024UL
#define BITS 64UL

/* --- the algorithms on hand-made bitmaps ---------------------------------- */

static struct gen_pool *pool_of_order(int order)
{
	struct gen_pool *pool = gen_pool_create(order, -1);

	REQUIRE(pool);
	return pool;
}

static void test_first_fit(void)
{
	/* bits 0-3 and 8-11 set: free runs are 4-7 (4 bits) and 12-63. */
	unsigned long map[2] = { 0x0f0fUL, 0 };

	CHECK_EQ(gen_pool_first_fit(map, BITS, 0, 1, NULL, NULL, 0), 4);
	CHECK_EQ(gen_pool_first_fit(map, BITS, 0, 4, NULL, NULL, 0), 4);
	CHECK_EQ(gen_pool_first_fit(map, BITS, 0, 5, NULL, NULL, 0), 12);
	CHECK_EQ(gen_pool_first_fit(map, BITS, 5, 4, NULL, NULL, 0), 12);
	CHECK_EQ(gen_pool_first_fit(map, BITS, 5, 3, NULL, NULL, 0), 5);
	CHECK_EQ(gen_pool_first_fit(map, BITS, 0, 52, NULL, NULL, 0), 12);
	CHECK(gen_pool_first_fit(map, BITS, 0, 53, NULL, NULL, 0) >= BITS);
	/* Across a word: only bit 63 of word 0 is free, bit 64 is set. */
	map[0] = ~0UL >> 1;
	map[1] = 0x1;
	CHECK_EQ(gen_pool_first_fit(map, 2 * BITS, 0, 1, NULL, NULL, 0), 63);
	CHECK_EQ(gen_pool_first_fit(map, 2 * BITS, 0, 2, NULL, NULL, 0), 65);
	map[1] = 0;
	CHECK_EQ(gen_pool_first_fit(map, 2 * BITS, 0, 40, NULL, NULL, 0), 63);
	/* A size that is not a multiple of the word. */
	CHECK_EQ(gen_pool_first_fit(map, 70, 0, 7, NULL, NULL, 0), 63);
	CHECK(gen_pool_first_fit(map, 70, 0, 8, NULL, NULL, 0) >= 70);
}

static void test_first_fit_align(void)
{
	struct gen_pool *pool = pool_of_order(4);   /* 16-byte granules */
	struct genpool_data_align a64 = { .align = 64 };
	unsigned long map[1] = { 0x7UL };           /* bits 0-2 set */

	/* An aligned chunk: allocations start at bits that are multiples of 4. */
	CHECK_EQ(gen_pool_first_fit_align(map, BITS, 0, 1, &a64, pool, 0x1000), 4);
	map[0] = 0x37UL;                            /* bits 0-2, 4-5 set */
	CHECK_EQ(gen_pool_first_fit_align(map, BITS, 0, 2, &a64, pool, 0x1000), 8);
	/* A chunk starting 16 bytes past a 64-byte boundary: bit 3 is aligned. */
	map[0] = 0x7UL;
	CHECK_EQ(gen_pool_first_fit_align(map, BITS, 0, 1, &a64, pool, 0x1010), 3);
	map[0] = 0xfUL;
	CHECK_EQ(gen_pool_first_fit_align(map, BITS, 0, 1, &a64, pool, 0x1010), 7);
	/* Alignment below the granule: any bit. */
	struct genpool_data_align a8 = { .align = 8 };
	CHECK_EQ(gen_pool_first_fit_align(map, BITS, 0, 1, &a8, pool, 0x1000), 4);
	/* Nothing aligned fits. */
	map[0] = ~0UL & ~(0x3UL << 61);             /* only bits 61, 62 free */
	CHECK(gen_pool_first_fit_align(map, BITS, 0, 1, &a64, pool, 0x1000) >= BITS);
	gen_pool_destroy(pool);
}

static void test_first_fit_order_align(void)
{
	unsigned long map[1] = { 0x2UL };           /* bit 1 set */

	/* 3 bits align to 4: 0-2 hits bit 1, so 4. */
	CHECK_EQ(gen_pool_first_fit_order_align(map, BITS, 0, 3, NULL, NULL, 0), 4);
	/* 1 bit: no alignment. */
	CHECK_EQ(gen_pool_first_fit_order_align(map, BITS, 0, 1, NULL, NULL, 0), 0);
	/* 2 bits align to 2: 0-1 busy, 2. */
	CHECK_EQ(gen_pool_first_fit_order_align(map, BITS, 0, 2, NULL, NULL, 0), 2);
	/* 5 bits align to 8. */
	map[0] = 0x3fUL;
	CHECK_EQ(gen_pool_first_fit_order_align(map, BITS, 0, 5, NULL, NULL, 0), 8);
	CHECK(gen_pool_first_fit_order_align(map, BITS, 0, 33, NULL, NULL, 0) >= BITS);
}

static void test_fixed(void)
{
	struct gen_pool *pool = pool_of_order(4);
	struct genpool_data_fixed at = { .offset = 0x40 };   /* bit 4 */
	unsigned long map[1] = { 0 };

	CHECK_EQ(gen_pool_fixed_alloc(map, BITS, 0, 2, &at, pool, 0), 4);
	map[0] = 0x20UL;                                     /* bit 5 set */
	CHECK_EQ(gen_pool_fixed_alloc(map, BITS, 0, 2, &at, pool, 0), BITS);
	CHECK_EQ(gen_pool_fixed_alloc(map, BITS, 0, 1, &at, pool, 0), 4);
	at.offset = 0x3f0;                                   /* bit 63 */
	CHECK_EQ(gen_pool_fixed_alloc(map, BITS, 0, 1, &at, pool, 0), 63);
	CHECK_EQ(gen_pool_fixed_alloc(map, BITS, 0, 2, &at, pool, 0), BITS);
	/* An offset that is not a granule multiple: warned, nothing. */
	zm_log_reset();
	at.offset = 0x41;
	CHECK_EQ(gen_pool_fixed_alloc(map, BITS, 0, 1, &at, pool, 0), BITS);
	CHECK_EQ(zm_reports(), 1);
	CHECK_EQ(zm_log_has("offset 0x41 is not a multiple of 16"), 1);
	zm_log_reset();
	gen_pool_destroy(pool);
}

static void test_best_fit(void)
{
	/* Free gaps: 0-3 (4 bits), 5-6 (2), 8-10 (3); the rest set. */
	unsigned long map[1] = { ~0UL & ~0xfUL & ~(0x3UL << 5) & ~(0x7UL << 8) };

	CHECK_EQ(gen_pool_best_fit(map, BITS, 0, 2, NULL, NULL, 0), 5);
	CHECK_EQ(gen_pool_best_fit(map, BITS, 0, 3, NULL, NULL, 0), 8);
	CHECK_EQ(gen_pool_best_fit(map, BITS, 0, 1, NULL, NULL, 0), 5);
	CHECK_EQ(gen_pool_best_fit(map, BITS, 0, 4, NULL, NULL, 0), 0);
	CHECK_EQ(gen_pool_best_fit(map, BITS, 0, 5, NULL, NULL, 0), BITS);
	/* No exact fit: the smallest gap that holds it, lowest among equals. */
	map[0] = ~0UL & ~0x3fUL & ~(0xfUL << 10) & ~(0xfUL << 20);  /* 6, 4, 4 */
	CHECK_EQ(gen_pool_best_fit(map, BITS, 0, 3, NULL, NULL, 0), 10);
	CHECK_EQ(gen_pool_best_fit(map, BITS, 0, 5, NULL, NULL, 0), 0);
	/* The gap running to the end of the map counts. */
	map[0] = 0xffUL;
	CHECK_EQ(gen_pool_best_fit(map, BITS, 0, 56, NULL, NULL, 0), 8);
	CHECK_EQ(gen_pool_best_fit(map, BITS, 0, 57, NULL, NULL, 0), BITS);
}

/* --- the pool -------------------------------------------------------------- */

#define BASE 0x100000UL

static void test_pool_basics(void)
{
	struct gen_pool *pool;
	unsigned long a, b, c;

	zm_log_reset();
	CHECK(gen_pool_create(-1, -1) == NULL);
	CHECK(gen_pool_create(64, -1) == NULL);
	CHECK_EQ(zm_reports(), 2);
	CHECK_EQ(zm_log_has("min_alloc_order"), 2);
	zm_log_reset();

	pool = pool_of_order(10);                 /* 1 KiB granules */
	CHECK(pool->algo == gen_pool_first_fit);
	CHECK_EQ(gen_pool_size(pool), 0);
	CHECK_EQ(gen_pool_alloc(pool, KIB), 0);    /* no chunk yet */
	REQUIRE(gen_pool_add_virt(pool, BASE, 0x80000000ULL, 256 * KIB, -1) == 0);
	CHECK_EQ(gen_pool_size(pool), 256 * KIB);
	CHECK_EQ(gen_pool_avail(pool), 256 * KIB);
	struct gen_pool_chunk *chunk = pool->chunks;
	CHECK_EQ(chunk->start_addr, BASE);
	CHECK_EQ(chunk->end_addr, BASE + 256 * KIB - 1);

	CHECK_EQ(gen_pool_alloc(pool, 0), 0);     /* G3: 0, no report */
	a = gen_pool_alloc(pool, KIB);
	b = gen_pool_alloc(pool, 1500);           /* rounds up to 2 granules */
	c = gen_pool_alloc(pool, 1);
	CHECK_EQ(a, BASE);
	CHECK_EQ(b, BASE + KIB);
	CHECK_EQ(c, BASE + 3 * KIB);
	CHECK_EQ(chunk->bits[0], 0xfUL);
	CHECK_EQ(gen_pool_avail(pool), 252 * KIB);
	/* Freed space is reused at once, first fit from the bottom. */
	gen_pool_free(pool, b, 1500);
	CHECK_EQ(chunk->bits[0], 0x9UL);
	CHECK_EQ(gen_pool_avail(pool), 254 * KIB);
	CHECK_EQ(gen_pool_alloc(pool, KIB), BASE + KIB);
	CHECK_EQ(gen_pool_alloc(pool, 2 * KIB), BASE + 4 * KIB);
	CHECK_EQ(chunk->bits[0], 0x3bUL);
	/* A run that crosses a bitmap word: bits 6-66 (bit 2 stays free). */
	CHECK_EQ(gen_pool_alloc(pool, 61 * KIB), BASE + 6 * KIB);
	CHECK_EQ(chunk->bits[0], ~0x4UL);
	CHECK_EQ(chunk->bits[1], 0x7UL);
	CHECK_EQ(gen_pool_avail(pool), 190 * KIB);
	/* 190 KiB are free but not in one run: the algorithm finds nothing. */
	CHECK_EQ(gen_pool_alloc(pool, 190 * KIB), 0);
	CHECK_EQ(gen_pool_alloc(pool, 189 * KIB), BASE + 67 * KIB);
	CHECK_EQ(gen_pool_avail(pool), KIB);
	CHECK_EQ(gen_pool_alloc(pool, 2 * KIB), 0);
	CHECK_EQ(gen_pool_alloc(pool, 1), BASE + 2 * KIB);
	CHECK_EQ(gen_pool_avail(pool), 0);
	CHECK_EQ(gen_pool_alloc(pool, 1), 0);
	CHECK_EQ(zm_reports(), 0);

	/* Free everything, in pieces of the sizes allocated. */
	gen_pool_free(pool, BASE, KIB);
	gen_pool_free(pool, BASE + KIB, KIB);
	gen_pool_free(pool, BASE + 2 * KIB, 1);
	gen_pool_free(pool, BASE + 3 * KIB, 1);
	gen_pool_free(pool, BASE + 4 * KIB, 2 * KIB);
	gen_pool_free(pool, BASE + 6 * KIB, 61 * KIB);
	gen_pool_free(pool, BASE + 67 * KIB, 189 * KIB);
	CHECK_EQ(gen_pool_avail(pool), 256 * KIB);
	for (int i = 0; i < 4; i++)
		CHECK_EQ(chunk->bits[i], 0);
	CHECK_EQ(zm_reports(), 0);
	gen_pool_destroy(pool);
	CHECK_EQ(zm_reports(), 0);
	gen_pool_destroy(NULL);
}

/* Chunks are tried newest first; size and avail add up over chunks. */
static void test_chunks(void)
{
	struct gen_pool *pool = pool_of_order(10);
	const unsigned long A = 0x200000, B = 0x400000, C = 0x600000;

	REQUIRE(gen_pool_add(pool, A, 4 * KIB, -1) == 0);
	REQUIRE(gen_pool_add_virt(pool, B, 0x10000000ULL, 4 * KIB, -1) == 0);
	CHECK_EQ(gen_pool_size(pool), 8 * KIB);
	CHECK_EQ(gen_pool_avail(pool), 8 * KIB);
	CHECK_EQ(pool->chunks->start_addr, B);
	CHECK_EQ(pool->chunks->next_chunk->start_addr, A);
	/* B (newest) first, until it is full; then A. */
	for (unsigned long i = 0; i < 4; i++)
		CHECK_EQ(gen_pool_alloc(pool, KIB), B + i * KIB);
	CHECK_EQ(gen_pool_alloc(pool, KIB), A);
	/* A chunk without room for the request is skipped by its avail. */
	CHECK_EQ(gen_pool_alloc(pool, 3 * KIB), A + KIB);
	CHECK_EQ(gen_pool_avail(pool), 0);
	/* A newer chunk takes over. */
	REQUIRE(gen_pool_add(pool, C, 2 * KIB, -1) == 0);
	CHECK_EQ(gen_pool_alloc(pool, KIB), C);
	CHECK_EQ(gen_pool_size(pool), 10 * KIB);
	CHECK_EQ(gen_pool_avail(pool), KIB);

	/* virt_to_phys: offset in the chunk; -1 based for gen_pool_add. */
	CHECK_EQ(gen_pool_virt_to_phys(pool, B + 1234), 0x10000000ULL + 1234);
	CHECK_EQ(gen_pool_virt_to_phys(pool, B + 4 * KIB - 1), 0x10000000ULL + 4 * KIB - 1);
	CHECK(gen_pool_virt_to_phys(pool, A + 5) == (phys_addr_t)-1 + 5);
	CHECK(gen_pool_virt_to_phys(pool, B + 4 * KIB) == (phys_addr_t)-1);
	CHECK(gen_pool_virt_to_phys(pool, 0x1000) == (phys_addr_t)-1);

	for (unsigned long i = 0; i < 4; i++)
		gen_pool_free(pool, B + i * KIB, KIB);
	gen_pool_free(pool, A, KIB);
	gen_pool_free(pool, A + KIB, 3 * KIB);
	gen_pool_free(pool, C, KIB);
	CHECK_EQ(gen_pool_avail(pool), 10 * KIB);
	gen_pool_destroy(pool);
	CHECK_EQ(zm_reports(), 0);
}

/* Pool-level algorithm selection, and gen_pool_alloc_algo(). */
static void test_pool_algos(void)
{
	struct gen_pool *pool = pool_of_order(10);
	struct genpool_data_align a4k = { .align = 4096 };
	struct genpool_data_fixed fx = { .offset = 10 * KIB };

	REQUIRE(gen_pool_add(pool, BASE + KIB, 64 * KIB, -1) == 0);   /* unaligned */
	/* The first 4 KiB-aligned address is BASE + 4 KiB: bit 3. */
	CHECK_EQ(gen_pool_alloc_algo(pool, KIB, gen_pool_first_fit_align, &a4k),
		 BASE + 4 * KIB);
	CHECK_EQ(gen_pool_alloc_algo(pool, KIB, gen_pool_fixed_alloc, &fx),
		 BASE + KIB + 10 * KIB);
	CHECK_EQ(gen_pool_alloc_algo(pool, KIB, gen_pool_fixed_alloc, &fx), 0);
	/* Free bits: 0-2, 4-9, 11-63.  order_align(4 bits) needs bit 4. */
	CHECK_EQ(gen_pool_alloc_algo(pool, 4 * KIB, gen_pool_first_fit_order_align, NULL),
		 BASE + KIB + 4 * KIB);
	/* Free: 0-2, 8-9, 11-63.  Best fit for 2 bits: the exact gap 8-9. */
	gen_pool_set_algo(pool, gen_pool_best_fit, NULL);
	CHECK(pool->algo == gen_pool_best_fit);
	CHECK_EQ(gen_pool_alloc(pool, 2 * KIB), BASE + KIB + 8 * KIB);
	/* NULL selects first fit again: bit 0. */
	gen_pool_set_algo(pool, NULL, NULL);
	CHECK(pool->algo == gen_pool_first_fit);
	CHECK_EQ(gen_pool_alloc(pool, KIB), BASE + KIB);
	/* The pool's data goes to its algorithm: bits 3 and 7 are taken, 11. */
	gen_pool_set_algo(pool, gen_pool_first_fit_align, &a4k);
	CHECK_EQ(gen_pool_alloc(pool, KIB), BASE + 12 * KIB);
	CHECK_EQ(pool->chunks->bits[0], 0xff9UL);
	CHECK_EQ(gen_pool_avail(pool), (64 - 10) * KIB);
	CHECK_EQ(zm_reports(), 0);
	gen_pool_free(pool, BASE + 4 * KIB, KIB);
	gen_pool_free(pool, BASE + 11 * KIB, KIB);
	gen_pool_free(pool, BASE + 5 * KIB, 4 * KIB);
	gen_pool_free(pool, BASE + 9 * KIB, 2 * KIB);
	gen_pool_free(pool, BASE + KIB, KIB);
	gen_pool_free(pool, BASE + 12 * KIB, KIB);
	CHECK_EQ(pool->chunks->bits[0], 0);
	CHECK_EQ(gen_pool_avail(pool), 64 * KIB);
	gen_pool_destroy(pool);
	CHECK_EQ(zm_reports(), 0);
}

/* G1 and G2: reported once each, nothing changed, the pool usable. */
static void test_misuse(void)
{
	struct gen_pool *pool = pool_of_order(10);
	unsigned long a, b;

	pool->name = "l2-pool";
	REQUIRE(gen_pool_add(pool, BASE, 128 * KIB, -1) == 0);
	a = gen_pool_alloc(pool, 2 * KIB);
	b = gen_pool_alloc(pool, 70 * KIB);    /* bits 2-71: two words */
	REQUIRE(a && b);
	unsigned long w0 = pool->chunks->bits[0], w1 = pool->chunks->bits[1];
	size_t avail = gen_pool_avail(pool);

	struct { unsigned long addr; size_t size; const char *what; } bad[] = {
		{ BASE - KIB, KIB, "is in no chunk of pool l2-pool" },
		{ BASE + 128 * KIB, KIB, "is in no chunk" },
		{ BASE + 127 * KIB, 2 * KIB, "runs past the end" },
		{ BASE + 100 * KIB, KIB, "was not allocated in pool l2-pool" },
		/* Allocated at the start, free at the end: rolled back. */
		{ b, 80 * KIB, "was not allocated" },
		{ BASE + 71 * KIB, 2 * KIB, "was not allocated" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		zm_log_reset();
		gen_pool_free(pool, bad[i].addr, bad[i].size);
		CHECK_EQ(zm_reports(), 1);
		CHECK_EQ(zm_log_has(bad[i].what), 1);
		CHECK_EQ(pool->chunks->bits[0], w0);
		CHECK_EQ(pool->chunks->bits[1], w1);
		CHECK_EQ(gen_pool_avail(pool), avail);
	}
	/* A double free: the first is fine, the second reported. */
	zm_log_reset();
	gen_pool_free(pool, a, 2 * KIB);
	CHECK_EQ(zm_reports(), 0);
	gen_pool_free(pool, a, 2 * KIB);
	CHECK_EQ(zm_reports(), 1);
	CHECK_EQ(gen_pool_avail(pool), avail + 2 * KIB);

	/* G2: destroy with b live names b's range; the pool stays usable. */
	zm_log_reset();
	gen_pool_destroy(pool);
	CHECK_EQ(zm_reports(), 1);
	char want[96];
	snprintf(want, sizeof(want), "pool l2-pool (%p) still has %#lx+%lu allocated",
		 (void *)pool, b, 70 * KIB);
	CHECK_EQ(zm_log_has(want), 1);
	CHECK_EQ(gen_pool_avail(pool), avail + 2 * KIB);
	CHECK_EQ(gen_pool_alloc(pool, KIB), BASE);
	gen_pool_free(pool, BASE, KIB);
	gen_pool_free(pool, b, 70 * KIB);
	zm_log_reset();
	gen_pool_destroy(pool);
	CHECK_EQ(zm_reports(), 0);
}

/*
 * The comparison: a 4 MiB pool of 1 KiB tables over DMA32 pages, on the
 * Chromebook map.  The zone pays for all of it when the pool is made;
 * tables come and go without the zone noticing; reuse is immediate.
 */
static void test_comparison(void)
{
	enum { TABLES = 4096 };
	static unsigned long t[TABLES];
	struct genpool_data_align a1k = { .align = 1024 };
	struct zm_buddy boot;
	struct gen_pool *pool;
	unsigned long mem;
	int low = 0;

	REQUIRE(zslab_init("memmap=4G@0x40000000") == 0);
	/* The pool's own structures come from kmalloc slabs, which stay with
	 * their caches when emptied: make them before the snapshot. */
	pool = pool_of_order(10);
	REQUIRE(gen_pool_add(pool, BASE, 4 * KIB * KIB, -1) == 0);
	gen_pool_destroy(pool);
	zm_buddy_snap(&boot);
	zm_log_reset();
	mem = __get_free_pages(GFP_KERNEL | GFP_DMA32, 10);   /* 4 MiB */
	REQUIRE(mem);
	pool = pool_of_order(10);
	gen_pool_set_algo(pool, gen_pool_first_fit_align, &a1k);
	REQUIRE(gen_pool_add_virt(pool, mem, virt_to_phys((void *)mem),
				  4 * KIB * KIB, -1) == 0);
	zm_drain();
	CHECK_EQ(boot.free[ZONE_DMA32] - zm_free(ZONE_DMA32), 1024);
	for (int i = 0; i < TABLES; i++) {
		t[i] = gen_pool_alloc(pool, KIB);
		REQUIRE(t[i]);
		phys_addr_t p = gen_pool_virt_to_phys(pool, t[i]);
		low += p == virt_to_phys((void *)t[i]) && p + KIB <= (1ULL << 32) &&
		       (p & (KIB - 1)) == 0;
	}
	CHECK_EQ(low, TABLES);
	CHECK_EQ(gen_pool_alloc(pool, KIB), 0);   /* 4097th: the pool is fixed */
	CHECK_EQ(gen_pool_avail(pool), 0);
	zm_drain();
	CHECK_EQ(boot.free[ZONE_DMA32] - zm_free(ZONE_DMA32), 1024);
	/* Immediate reuse: a freed table is the next one handed out. */
	gen_pool_free(pool, t[1234], KIB);
	CHECK_EQ(gen_pool_alloc(pool, KIB), t[1234]);
	/* Every table freed: the pool still holds all 4 MiB. */
	for (int i = 0; i < TABLES; i++)
		gen_pool_free(pool, t[i], KIB);
	CHECK_EQ(gen_pool_avail(pool), 4 * KIB * KIB);
	zm_drain();
	CHECK_EQ(boot.free[ZONE_DMA32] - zm_free(ZONE_DMA32), 1024);
	gen_pool_destroy(pool);
	free_pages(mem, 10);
	CHECK(zm_buddy_equal(&boot, "genalloc comparison"));
	CHECK_EQ(zslab_validate(), 0);
	CHECK_EQ(zm_reports(), 0);
	zslab_exit();
}

static void bad_free(void)
{
	struct gen_pool *pool = pool_of_order(10);

	pool->name = "panic-pool";
	REQUIRE(gen_pool_add(pool, BASE, 64 * KIB, -1) == 0);
	gen_pool_free(pool, BASE, KIB);
}

static void destroy_live(void)
{
	struct gen_pool *pool = pool_of_order(10);

	REQUIRE(gen_pool_add(pool, BASE, 64 * KIB, -1) == 0);
	REQUIRE(gen_pool_alloc(pool, KIB) == BASE);
	gen_pool_destroy(pool);
}

static void test_panic(void)
{
	CHECK(zt_panics_with(bad_free, "BUG: gen_pool_free: 0x100000+1024 was not allocated",
			  "in pool panic-pool"));
	CHECK(zt_panics_with(destroy_live, "BUG: gen_pool_destroy: pool ",
			  "still has 0x100000+1024 allocated; not destroyed"));
}

int main(void)
{
	zm_watchdog(300);
	zm_log_start();
	REQUIRE(zslab_init(NULL) == 0);
	zm_log_reset();
	test_first_fit();
	test_first_fit_align();
	test_first_fit_order_align();
	test_fixed();
	test_best_fit();
	test_pool_basics();
	test_chunks();
	test_pool_algos();
	test_misuse();
	test_panic();
	CHECK_EQ(zm_reports(), 0);
	zslab_exit();
	test_comparison();
	return zt_summary("test_genalloc");
}
