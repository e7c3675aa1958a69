/* SPDX-License-Identifier: MIT */
/*
 * test_buddy.c - the buddy allocator itself: get_order, splitting and
 * coalescing seen through buddyinfo, alignment of every order, the order
 * limit, __GFP_ZERO, the exact and address-returning entry points, bad
 * frees (one "Bad page state" report each, lists intact, no page handed
 * out twice) and teardown (after all frees the free lists equal boot).
 */
#include "zt.h"
#include "zt_mm.h"

#define M ZM_MIB
#define G ZM_GIB

static void test_get_order(void)
{
	CHECK_EQ(get_order(1), 0);
	CHECK_EQ(get_order(PAGE_SIZE - 1), 0);
	CHECK_EQ(get_order(PAGE_SIZE), 0);
	CHECK_EQ(get_order(PAGE_SIZE + 1), 1);
	CHECK_EQ(get_order(2 * PAGE_SIZE), 1);
	CHECK_EQ(get_order(2 * PAGE_SIZE + 1), 2);
	CHECK_EQ(get_order(3 * PAGE_SIZE), 2);
	CHECK_EQ(get_order(16 * 1024), 2);     /* the v7s L1 table */
	CHECK_EQ(get_order(1024), 0);          /* a v7s L2 table */
	CHECK_EQ(get_order(4 * M), 10);
	CHECK_EQ(get_order(4 * M + 1), 11);
	CHECK_EQ(get_order(1UL << 40), 28);
	for (unsigned int o = 0; o < 20; o++) {
		CHECK_EQ(get_order(PAGE_SIZE << o), o);
		CHECK_EQ(get_order((PAGE_SIZE << o) + 1), o + 1);
	}
}

/* buddyinfo of @zone is @n[o] for every order. */
static bool buddy_is(unsigned int zone, const unsigned long n[MAX_ORDER])
{
	bool ok = true;

	for (unsigned int o = 0; o < MAX_ORDER; o++)
		ok &= zs_buddyinfo_count(zone, o) == n[o];
	return ok;
}

static void buddy_print(unsigned int zone, const unsigned long want[MAX_ORDER])
{
	fprintf(stderr, "  zone %s:", zs_zone_names[zone]);
	for (unsigned int o = 0; o < MAX_ORDER; o++)
		fprintf(stderr, " %lu(%lu)", zs_buddyinfo_count(zone, o), want[o]);
	fprintf(stderr, "   [have(want)]\n");
}

/*
 * Split and coalesce in the DMA zone (16 MiB: four order-10 blocks that
 * nothing else touches).  Taking k single pages out of one 1024-page
 * block leaves exactly one free block of order o for every bit o set in
 * 1024 - k (the buddy system's canonical decomposition); giving them back
 * merges everything into four order-10 blocks again.
 */
static void test_split_coalesce(void)
{
	struct page *pg[1024];
	unsigned long want[MAX_ORDER] = { 0 };
	unsigned long base = 0;
	int mismatches = 0;
	uint64_t seed = zm_seed(42);

	REQUIRE(zslab_init("memmap=16M@0 memmap=64M@0x100000000") == 0);
	want[10] = 4;
	CHECK(buddy_is(ZONE_DMA, want));
	for (int k = 1; k <= 1024; k++) {
		pg[k - 1] = alloc_pages(GFP_KERNEL | GFP_DMA, 0);
		REQUIRE(pg[k - 1] != NULL);
		zm_drain();   /* pages cached per thread go back: canonical state */
		if (k == 1)
			base = page_to_pfn(pg[0]);
		CHECK_EQ(page_to_pfn(pg[k - 1]), base + (unsigned long)(k - 1));
		for (unsigned int o = 0; o < 10; o++)
			want[o] = ((1024UL - (unsigned long)k) >> o) & 1;
		want[10] = 3;
		if (!buddy_is(ZONE_DMA, want) && mismatches++ < 3) {
			fprintf(stderr, "after %d single pages:\n", k);
			buddy_print(ZONE_DMA, want);
		}
	}
	CHECK_EQ(mismatches, 0);
	CHECK_EQ(base & 1023, 0);
	CHECK_EQ(zm_free(ZONE_DMA), 3072);
	CHECK_EQ(zslab_validate(), 0);

	/* Free the even pages: no two are buddies, nothing merges. */
	for (int i = 0; i < 1024; i += 2)
		__free_pages(pg[i], 0);
	zm_drain();
	memset(want, 0, sizeof(want));
	want[0] = 512;
	want[10] = 3;
	CHECK(buddy_is(ZONE_DMA, want));
	CHECK_EQ(zslab_validate(), 0);
	/* Free the odd pages in random order: everything merges back. */
	for (int i = 511; i > 0; i--) {
		int j = (int)zm_below(&seed, (unsigned long)i + 1);
		struct page *t = pg[2 * i + 1];
		pg[2 * i + 1] = pg[2 * j + 1];
		pg[2 * j + 1] = t;
	}
	for (int i = 1; i < 1024; i += 2)
		__free_pages(pg[i], 0);
	zm_drain();
	memset(want, 0, sizeof(want));
	want[10] = 4;
	CHECK(buddy_is(ZONE_DMA, want));
	if (!buddy_is(ZONE_DMA, want))
		buddy_print(ZONE_DMA, want);
	CHECK_EQ(zm_free(ZONE_DMA), 4096);

	/* Orders 1..9 from one block, freed largest first: same story. */
	{
		struct page *b[10];
		for (unsigned int o = 1; o < 10; o++) {
			b[o] = alloc_pages(GFP_DMA, o);
			REQUIRE(b[o] != NULL);
		}
		/* 2 + 4 + ... + 512 = 1022 pages used: one page-pair left. */
		memset(want, 0, sizeof(want));
		want[1] = 1;
		want[10] = 3;
		CHECK(buddy_is(ZONE_DMA, want));
		if (!buddy_is(ZONE_DMA, want))
			buddy_print(ZONE_DMA, want);
		for (unsigned int o = 9; o >= 1; o--)
			__free_pages(b[o], o);
		memset(want, 0, sizeof(want));
		want[10] = 4;
		CHECK(buddy_is(ZONE_DMA, want));
	}
	CHECK_EQ(zslab_validate(), 0);
	zslab_exit();
}

/* Every order comes aligned to its size, in every zone. */
static void test_alignment(void)
{
	static const gfp_t class[3] = { GFP_DMA, GFP_DMA32, 0 };
	struct page *hold[64];
	int nhold = 0;

	REQUIRE(zslab_init(NULL) == 0);
	for (int round = 0; round < 4; round++)
		for (int c = 0; c < 3; c++)
			for (unsigned int o = 0; o < MAX_ORDER; o++) {
				struct page *pg = alloc_pages(GFP_KERNEL | class[c], o);
				unsigned long pfn;
				CHECK(pg != NULL);
				if (!pg)
					continue;
				pfn = page_to_pfn(pg);
				CHECK_EQ(pfn & ((1UL << o) - 1), 0);
				CHECK_EQ(page_to_phys(pg) & ((PAGE_SIZE << o) - 1), 0);
				CHECK_EQ(page_zonenum(pg), (unsigned int)c);
				/* Keep some single pages to fragment the zones. */
				if (o == 0 && nhold < 64)
					hold[nhold++] = pg;
				else
					__free_pages(pg, o);
			}
	while (nhold)
		__free_pages(hold[--nhold], 0);
	CHECK_EQ(zslab_validate(), 0);
	zslab_exit();
}

/* Orders at or above MAX_ORDER fail with one warning, none with NOWARN. */
static void test_order_limit(void)
{
	struct page *pg;

	REQUIRE(zslab_init("memmap=64M@0 memmap=64M@0x100000000") == 0);
	pg = alloc_pages(GFP_KERNEL, MAX_ORDER - 1);
	CHECK(pg != NULL);
	__free_pages(pg, MAX_ORDER - 1);
	zm_log_reset();
	CHECK(alloc_pages(GFP_KERNEL, MAX_ORDER) == NULL);
	CHECK_EQ(zm_reports(), 1);
	CHECK_EQ(zm_log_has("WARNING"), 1);
	CHECK_EQ(zm_log_has("order 11"), 1);
	zm_log_reset();
	CHECK(alloc_pages(GFP_KERNEL | __GFP_NOWARN, MAX_ORDER) == NULL);
	CHECK(alloc_pages(GFP_ATOMIC | __GFP_NOWARN, 40) == NULL);
	CHECK(alloc_pages(GFP_KERNEL | __GFP_NOWARN | __GFP_NOFAIL, MAX_ORDER) == NULL);
	CHECK_EQ(zm_reports(), 0);
	zm_log_reset();
	CHECK_EQ(__get_free_pages(GFP_KERNEL, MAX_ORDER + 1), 0);
	CHECK_EQ(zm_reports(), 1);
	CHECK_EQ(zslab_validate(), 0);
	zslab_exit();
}

static size_t nonzero_bytes(const void *p, size_t len)
{
	const unsigned char *c = p;
	size_t n = 0;

	for (size_t i = 0; i < len; i++)
		n += c[i] != 0;
	return n;
}

/* __GFP_ZERO clears memory that a previous owner dirtied. */
static void test_zero(void)
{
	enum { N = 16 };
	struct page *pg[N], *again;
	bool reused = false;

	REQUIRE(zslab_init("memmap=64M@0 memmap=64M@0x100000000") == 0);
	for (unsigned int o = 0; o <= 4; o += 2) {
		size_t len = PAGE_SIZE << o;
		for (int i = 0; i < N; i++) {
			pg[i] = alloc_pages(GFP_KERNEL, o);
			REQUIRE(pg[i] != NULL);
			memset(page_address(pg[i]), 0xee, len);
		}
		for (int i = N - 1; i >= 0; i--)
			__free_pages(pg[i], o);
		for (int i = 0; i < N; i++) {
			again = alloc_pages(GFP_KERNEL | __GFP_ZERO, o);
			REQUIRE(again != NULL);
			CHECK_EQ(nonzero_bytes(page_address(again), len), 0);
			for (int j = 0; j < N; j++)
				reused |= again == pg[j];
			pg[i] = again;
		}
		for (int i = 0; i < N; i++)
			__free_pages(pg[i], o);
	}
	/* The test is only meaningful if dirty blocks came back. */
	CHECK(reused);

	/* A single page: LIFO reuse, dirty, then get_zeroed_page. */
	{
		unsigned long a = __get_free_pages(GFP_KERNEL, 0), b;
		REQUIRE(a != 0);
		memset((void *)a, 0x11, PAGE_SIZE);
		free_pages(a, 0);
		b = get_zeroed_page(GFP_KERNEL);
		CHECK_EQ(b, a);
		CHECK_EQ(nonzero_bytes((void *)b, PAGE_SIZE), 0);
		free_page(b);
		/* Without __GFP_ZERO the old contents may stay (not zeroed for
		 * nothing); with it they never do. */
		b = __get_free_pages(GFP_KERNEL | __GFP_ZERO, 0);
		CHECK_EQ(nonzero_bytes((void *)b, PAGE_SIZE), 0);
		free_pages(b, 0);
	}
	CHECK_EQ(zslab_validate(), 0);
	zslab_exit();
}

/* alloc_pages_exact gives the tail of the power-of-two block back. */
static void test_exact(void)
{
	static const size_t sizes[] = {
		1, PAGE_SIZE, PAGE_SIZE + 1, 3 * PAGE_SIZE, 3 * PAGE_SIZE + 1,
		5 * PAGE_SIZE, 17 * PAGE_SIZE - 5, 1023 * PAGE_SIZE, 1024 * PAGE_SIZE,
	};
	struct zm_buddy before;

	REQUIRE(zslab_init(NULL) == 0);
	zm_buddy_snap(&before);
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		size_t sz = sizes[i];
		long pages = (long)((sz + PAGE_SIZE - 1) / PAGE_SIZE);
		unsigned int order = (unsigned int)get_order(sz);
		char *p = alloc_pages_exact(sz, GFP_KERNEL | GFP_DMA32);
		CHECK(p != NULL);
		if (!p)
			continue;
		CHECK_EQ((uintptr_t)p & (PAGE_SIZE - 1), 0);
		CHECK_EQ(page_to_pfn(virt_to_page(p)) & ((1UL << order) - 1), 0);
		CHECK_EQ(page_zonenum(virt_to_page(p)), ZONE_DMA32);
		memset(p, 0x3c, sz);
		zm_drain();
		CHECK_EQ(before.free[ZONE_DMA32] - zm_free(ZONE_DMA32), pages);
		CHECK_EQ(zslab_validate(), 0);
		free_pages_exact(p, sz);
		CHECK(zm_buddy_equal(&before, "free_pages_exact"));
	}
	/* Out of range: NULL, with a warning unless NOWARN. */
	zm_log_reset();
	CHECK(alloc_pages_exact(0, GFP_KERNEL) == NULL);
	CHECK(alloc_pages_exact(4 * M + 1, GFP_KERNEL) == NULL);
	CHECK_EQ(zm_reports(), 2);
	zm_log_reset();
	CHECK(alloc_pages_exact(4 * M + 1, GFP_KERNEL | __GFP_NOWARN) == NULL);
	CHECK_EQ(zm_reports(), 0);
	free_pages_exact(NULL, 123);
	CHECK(zm_buddy_equal(&before, "exact refusals"));
	zslab_exit();
}

/* __get_free_pages, free_pages, get_zeroed_page and __get_dma_pages. */
static void test_address_api(void)
{
	struct zm_buddy before;
	unsigned long a;
	int local = 0;

	REQUIRE(zslab_init(NULL) == 0);
	zm_buddy_snap(&before);
	for (unsigned int o = 0; o < MAX_ORDER; o++) {
		a = __get_free_pages(GFP_KERNEL, o);
		CHECK(a != 0);
		CHECK_EQ(a & (PAGE_SIZE - 1), 0);
		CHECK(page_address(virt_to_page((void *)a)) == (void *)a);
		CHECK(virt_to_phys((void *)a) >= 4 * G);
		memset((void *)a, 0x42, PAGE_SIZE << o);
		free_pages(a, o);
	}
	a = __get_dma_pages(GFP_KERNEL, 1);
	CHECK(a && virt_to_phys((void *)a) + 2 * PAGE_SIZE <= 16 * M);
	free_pages(a, 1);
	a = get_zeroed_page(GFP_KERNEL | GFP_DMA32);
	CHECK(a && virt_to_phys((void *)a) < 4 * G && virt_to_phys((void *)a) >= 16 * M);
	CHECK_EQ(nonzero_bytes((void *)a, PAGE_SIZE), 0);
	free_page(a);
	{
		struct page *pg = alloc_page(GFP_KERNEL);
		CHECK(pg != NULL);
		__free_page(pg);
	}
	CHECK(zm_buddy_equal(&before, "address api"));

	zm_log_reset();
	free_pages(0, 3);                      /* ignored silently */
	__free_pages(NULL, 2);
	CHECK_EQ(zm_reports(), 0);
	free_pages((unsigned long)&local, 0);  /* not RAM: warned, ignored */
	CHECK_EQ(zm_reports(), 1);
	zm_log_reset();
	CHECK_EQ(__get_free_pages(GFP_KERNEL | __GFP_HIGHMEM, 0), 0);
	CHECK_EQ(zm_reports(), 1);
	CHECK_EQ(zm_log_has("__GFP_HIGHMEM"), 1);
	CHECK(zm_buddy_equal(&before, "address api refusals"));
	CHECK_EQ(zslab_validate(), 0);
	zslab_exit();
}

/* Take every single page of @gfp's zones; no pfn may come twice. */
static long count_duplicates(gfp_t gfp, long *taken)
{
	size_t cap = 1u << 16, n = 0;
	struct page **all = malloc(cap * sizeof(*all));
	unsigned char *seen = calloc(1u << 21, 1);   /* pfns below 8 GiB */
	long dup = 0;
	struct page *pg;

	REQUIRE(all && seen);
	while (n < cap && (pg = alloc_pages(gfp | __GFP_NOWARN, 0)) != NULL) {
		unsigned long pfn = page_to_pfn(pg);
		REQUIRE(pfn < (1u << 21));
		dup += seen[pfn]++ != 0;
		all[n++] = pg;
	}
	*taken = (long)n;
	while (n)
		__free_pages(all[--n], 0);
	free(all);
	free(seen);
	return dup;
}

static void expect_bad_page(const struct page *pg)
{
	char want[96];

	snprintf(want, sizeof(want), "BUG: Bad page state in process test_buddy  pfn:%05lx\n",
		 page_to_pfn(pg));
	CHECK_EQ(zm_reports(), 1);
	CHECK_EQ(zm_log_has(want), 1);
	CHECK_EQ(zm_log_has("page dumped because: "), 1);
	if (zm_log_has(want) != 1)
		zm_log_dump(want);
}

/*
 * Bad frees: each gives one "Bad page state" report, leaves the lists
 * consistent, and never lets a page be handed out twice.
 */
static void test_bad_free(void)
{
	struct page *pg, *tail;
	long dma_free, taken, taken2;

	REQUIRE(zslab_init("memmap=16M@0 memmap=64M@0x100000000") == 0);
	/* Baseline: how many single pages DMA gives. */
	CHECK_EQ(count_duplicates(GFP_DMA, &taken), 0);

	/* Double free of an order-1 block (no per-thread list in DMA). */
	pg = alloc_pages(GFP_DMA, 1);
	REQUIRE(pg != NULL);
	__free_pages(pg, 1);
	dma_free = zm_free(ZONE_DMA);
	zm_log_reset();
	__free_pages(pg, 1);
	expect_bad_page(pg);
	CHECK_EQ(zm_free(ZONE_DMA), dma_free);
	CHECK_EQ(zslab_validate(), 0);
	CHECK_EQ(count_duplicates(GFP_DMA, &taken2), 0);
	CHECK_EQ(taken2, taken);

	/* Wrong order: the block is taken out of use, nothing freed. */
	pg = alloc_pages(GFP_DMA, 2);
	REQUIRE(pg != NULL);
	dma_free = zm_free(ZONE_DMA);
	zm_log_reset();
	__free_pages(pg, 1);
	expect_bad_page(pg);
	CHECK_EQ(zm_free(ZONE_DMA), dma_free);
	CHECK_EQ(zslab_validate(), 0);
	CHECK_EQ(count_duplicates(GFP_DMA, &taken2), 0);
	zm_log_reset();
	__free_pages(pg, 2);   /* the right order now: freed or kept out, never twice */
	CHECK(zm_reports() <= 1);
	CHECK_EQ(zslab_validate(), 0);
	CHECK_EQ(count_duplicates(GFP_DMA, &taken2), 0);

	/* Not the head of a block: reported, the block stays allocated. */
	pg = alloc_pages(GFP_DMA, 2);
	REQUIRE(pg != NULL);
	tail = pfn_to_page(page_to_pfn(pg) + 1);
	dma_free = zm_free(ZONE_DMA);
	zm_log_reset();
	__free_pages(tail, 0);
	expect_bad_page(tail);
	CHECK_EQ(zm_free(ZONE_DMA), dma_free);
	CHECK_EQ(zslab_validate(), 0);
	zm_log_reset();
	__free_pages(pg, 2);   /* the owner's free still works */
	CHECK_EQ(zm_reports(), 0);
	CHECK_EQ(zm_free(ZONE_DMA), dma_free + 4);
	CHECK_EQ(zslab_validate(), 0);
	CHECK_EQ(count_duplicates(GFP_DMA, &taken2), 0);

	/* Double free of a single page that sits on a per-thread list. */
	pg = alloc_page(GFP_KERNEL);
	REQUIRE(pg != NULL);
	__free_page(pg);
	zm_log_reset();
	__free_page(pg);
	expect_bad_page(pg);
	CHECK_EQ(zslab_validate(), 0);
	CHECK_EQ(count_duplicates(GFP_KERNEL, &taken2), 0);
	CHECK(taken2 > 10000);
	CHECK_EQ(zslab_validate(), 0);
	zslab_exit();
}

/* Random traffic over every zone and order, then everything freed. */
static void test_teardown(void)
{
	enum { LIVE = 256, OPS = 20000 };
	static const gfp_t class[3] = { GFP_DMA, GFP_DMA32, 0 };
	struct page *pg[LIVE] = { 0 };
	unsigned int ord[LIVE];
	struct zm_buddy boot;
	struct zm_zoneinfo zi0[MAX_NR_ZONES], zi1[MAX_NR_ZONES];
	uint64_t seed = zm_seed(7);
	long allocated = 0;

	REQUIRE(zslab_init("memmap=64M@0 memmap=64M@0x100000000") == 0);
	zm_buddy_snap(&boot);
	CHECK_EQ(zm_zoneinfo(zi0), MAX_NR_ZONES);
	for (int i = 0; i < OPS; i++) {
		int s = (int)zm_below(&seed, LIVE);
		if (pg[s]) {
			__free_pages(pg[s], ord[s]);
			pg[s] = NULL;
			continue;
		}
		ord[s] = (unsigned int)(zm_below(&seed, 4) ? zm_below(&seed, 3)
							     : zm_below(&seed, MAX_ORDER));
		pg[s] = alloc_pages(GFP_KERNEL | __GFP_NOWARN | class[zm_below(&seed, 3)], ord[s]);
		allocated += pg[s] != NULL;
	}
	CHECK(allocated > OPS / 4);
	CHECK_EQ(zslab_validate(), 0);
	for (int s = 0; s < LIVE; s++)
		if (pg[s])
			__free_pages(pg[s], ord[s]);
	CHECK(zm_buddy_equal(&boot, "teardown"));
	CHECK_EQ(zm_zoneinfo(zi1), MAX_NR_ZONES);
	for (int z = 0; z < MAX_NR_ZONES; z++)
		CHECK_EQ(zi1[z].free, zi0[z].free);
	CHECK_EQ(zslab_validate(), 0);
	zslab_exit();
}

int main(void)
{
	zm_watchdog(240);
	zm_log_start();
	test_get_order();
	test_split_coalesce();
	test_alignment();
	test_order_limit();
	test_zero();
	test_exact();
	test_address_api();
	test_bad_free();
	test_teardown();
	return zt_summary("test_buddy");
}
