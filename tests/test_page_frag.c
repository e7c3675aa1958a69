/* SPDX-License-Identifier: MIT */
/*
 * test_page_frag.c - the page fragment allocator's semantics, and the
 * behaviour the io-pgtable comparison rests on:
 *  - a new cache takes an order-3 block; fragments come from its end
 *    downwards; one page with the caller's gfp when order 3 cannot be had;
 *  - the block's count is always pagecnt_bias + fragments outstanding;
 *  - a freed fragment is NOT reused while any other fragment of its block
 *    lives: one live 1 KiB fragment pins the whole 32 KiB block;
 *  - once every fragment is freed the cache carves the same block again
 *    from its end; drain lets the block go when its last fragment goes;
 *  - the zone bits of gfp place blocks: GFP_DMA32 fragments stay below
 *    4 GiB on memmap=4G@0x40000000, GFP_KERNEL ones land above;
 *  - misuse (freeing what is not a fragment, 0 bytes, a bad alignment) is
 *    reported through the hook, counted, and changes nothing;
 *  - after every scenario the page allocator is exactly as at boot.
 * Memory is measured with the zone's free page count, not with page_frag's
 * own state.
 */
#include "zt.h"
#include "zt_mm.h"
#include "zt_panic.h"

#include <sys/resource.h>
#include <sys/wait.h>

#define KIB 1024u
#define FRAGS_PER_BLOCK (PAGE_FRAG_CACHE_MAX_SIZE / KIB)   /* 32 */
#define BLOCK_PAGES (1L << PAGE_FRAG_CACHE_MAX_ORDER)      /* 8 */
#define DMA32_GFP (GFP_KERNEL | GFP_DMA32)

static struct zm_buddy boot;

static struct page *head_of(const void *frag)
{
	struct page *page = zs_virt_to_page(frag);

	return page ? compound_head(page) : NULL;
}

/* The block's count: what the cache holds plus what is outstanding. */
static long refcount(const void *frag)
{
	return page_count(zs_virt_to_page(frag));
}

/* Pages the zone has lent out since boot (per-thread lists drained). */
static long dma32_used(void)
{
	zm_drain();
	return boot.free[ZONE_DMA32] - zm_free(ZONE_DMA32);
}

/* Every free DMA32 page, reserves included, one by one; returns how many. */
static long take_all(struct page ***out)
{
	const gfp_t gfp = GFP_ATOMIC | __GFP_MEMALLOC | GFP_DMA32 | __GFP_NOWARN;
	long n = 0, cap = 1 << 16;
	struct page **pg = calloc((size_t)cap, sizeof(*pg));

	REQUIRE(pg);
	while (n < cap && (pg[n] = alloc_pages(gfp, 0)) != NULL)
		n++;
	REQUIRE(n < cap && zm_free(ZONE_DMA32) == 0);
	*out = pg;
	return n;
}

static void boot_machine(const char *cmdline)
{
	REQUIRE(zslab_init(cmdline) == 0);
	zm_buddy_snap(&boot);
	zm_log_reset();
}

static void end_machine(const char *what)
{
	CHECK(zm_buddy_equal(&boot, what));
	CHECK_EQ(zslab_validate(), 0);
	CHECK_EQ(zm_reports(), 0);
	if (zm_reports())
		zm_log_dump(what);
	zslab_exit();
}

/* A fresh cache: one order-3 block, fragments counted down from its end. */
static void test_layout(void)
{
	struct page_frag_cache nc = { 0 };
	char *f[FRAGS_PER_BLOCK];

	boot_machine("memmap=4G@0x40000000");
	f[0] = page_frag_alloc_align(&nc, KIB, DMA32_GFP, KIB);
	REQUIRE(f[0]);
	CHECK_EQ(nc.size, PAGE_FRAG_CACHE_MAX_SIZE);
	CHECK(!nc.pfmemalloc);
	CHECK(f[0] == (char *)nc.va + PAGE_FRAG_CACHE_MAX_SIZE - KIB);
	CHECK_EQ(head_of(f[0])->order, PAGE_FRAG_CACHE_MAX_ORDER);
	CHECK(head_of(f[0]) == virt_to_page(nc.va));
	CHECK_EQ(dma32_used(), BLOCK_PAGES);
	CHECK_EQ(refcount(f[0]), nc.pagecnt_bias + 1);
	CHECK_EQ(nc.pagecnt_bias, PAGE_FRAG_CACHE_MAX_SIZE);
	for (unsigned int i = 1; i < FRAGS_PER_BLOCK; i++) {
		f[i] = page_frag_alloc_align(&nc, KIB, DMA32_GFP, KIB);
		REQUIRE(f[i]);
		CHECK(f[i] == f[i - 1] - KIB);
		CHECK_EQ(virt_to_phys(f[i]) & (KIB - 1), 0);
		/* Any address inside a fragment finds the block's head. */
		CHECK(head_of(f[i] + KIB - 1) == head_of(f[0]));
	}
	CHECK(f[FRAGS_PER_BLOCK - 1] == nc.va);
	CHECK_EQ(nc.offset, 0);
	CHECK_EQ(refcount(f[0]), nc.pagecnt_bias + FRAGS_PER_BLOCK);
	CHECK_EQ(dma32_used(), BLOCK_PAGES);
	/* Unaligned sizes: offsets still count down, by exactly the size. */
	for (unsigned int i = 0; i < FRAGS_PER_BLOCK; i++)
		page_frag_free(f[i] + (i % KIB));
	CHECK_EQ(refcount(nc.va), nc.pagecnt_bias);
	char *a = page_frag_alloc(&nc, 100, DMA32_GFP);
	char *b = page_frag_alloc(&nc, 60, DMA32_GFP);
	char *c = page_frag_alloc_align(&nc, 60, DMA32_GFP, 64);
	CHECK(a == (char *)nc.va + PAGE_FRAG_CACHE_MAX_SIZE - 100);
	CHECK(b == a - 60);
	CHECK_EQ((uintptr_t)c & 63, 0);
	CHECK(c <= b - 60 && c > b - 60 - 64);
	page_frag_free(a);
	page_frag_free(b);
	page_frag_free(c);
	page_frag_cache_drain(&nc);
	CHECK(nc.va == NULL);
	end_machine("layout");
}

/*
 * The comparison's point: a freed fragment is not reused while its block
 * has another live fragment, and one live fragment pins the whole block.
 */
static void test_no_reuse(void)
{
	struct page_frag_cache nc = { 0 };
	char *a[FRAGS_PER_BLOCK], *b;

	boot_machine("memmap=4G@0x40000000");
	for (unsigned int i = 0; i < FRAGS_PER_BLOCK; i++)
		REQUIRE((a[i] = page_frag_alloc(&nc, KIB, DMA32_GFP)) != NULL);
	void *block_a = nc.va;
	/* Free 31 of the 32: the block is 31/32 free, yet not reused. */
	for (unsigned int i = 1; i < FRAGS_PER_BLOCK; i++)
		page_frag_free(a[i]);
	CHECK_EQ(refcount(a[0]), nc.pagecnt_bias + 1);
	b = page_frag_alloc(&nc, KIB, DMA32_GFP);
	REQUIRE(b);
	CHECK(nc.va != block_a);
	CHECK(head_of(b) != head_of(a[0]));
	/* Block A is abandoned by the cache: its count is the one fragment. */
	CHECK_EQ(refcount(a[0]), 1);
	CHECK_EQ(dma32_used(), 2 * BLOCK_PAGES);
	/* That fragment's free gives the 32 KiB block back at once. */
	page_frag_free(a[0]);
	CHECK_EQ(dma32_used(), BLOCK_PAGES);
	page_frag_free(b);
	/* The cache still holds block B (bias), though nothing is live. */
	CHECK_EQ(dma32_used(), BLOCK_PAGES);
	page_frag_cache_drain(&nc);
	CHECK_EQ(dma32_used(), 0);
	end_machine("no reuse");
}

/* All fragments freed: the cache carves the same block from its end. */
static void test_reuse_when_all_freed(void)
{
	struct page_frag_cache nc = { 0 };
	char *a[FRAGS_PER_BLOCK];

	boot_machine("memmap=4G@0x40000000");
	for (int round = 0; round < 3; round++) {
		for (unsigned int i = 0; i < FRAGS_PER_BLOCK; i++)
			REQUIRE((a[i] = page_frag_alloc(&nc, KIB, DMA32_GFP)) != NULL);
		void *va = nc.va;
		for (unsigned int i = 0; i < FRAGS_PER_BLOCK; i++)
			page_frag_free(a[(i * 7) % FRAGS_PER_BLOCK]);
		CHECK_EQ(refcount(va), nc.pagecnt_bias);
		char *again = page_frag_alloc(&nc, KIB, DMA32_GFP);
		CHECK(nc.va == va);
		CHECK(again == a[0]);
		CHECK_EQ(nc.pagecnt_bias, PAGE_FRAG_CACHE_MAX_SIZE);
		CHECK_EQ(refcount(va), nc.pagecnt_bias + 1);
		CHECK_EQ(dma32_used(), BLOCK_PAGES);
		page_frag_free(again);
		/* Rewind to a full block for the next round. */
		while (nc.offset >= KIB)
			page_frag_free(page_frag_alloc(&nc, KIB, DMA32_GFP));
	}
	page_frag_cache_drain(&nc);
	end_machine("reuse");
}

/* Drain with and without fragments outstanding. */
static void test_drain(void)
{
	struct page_frag_cache nc = { 0 };
	char *f[5];

	boot_machine("memmap=4G@0x40000000");
	page_frag_cache_drain(&nc);      /* an empty cache: nothing happens */
	CHECK_EQ(dma32_used(), 0);
	for (int i = 0; i < 5; i++)
		REQUIRE((f[i] = page_frag_alloc(&nc, 3000, DMA32_GFP)) != NULL);
	page_frag_cache_drain(&nc);
	CHECK(nc.va == NULL && nc.offset == 0 && nc.pagecnt_bias == 0);
	CHECK_EQ(refcount(f[0]), 5);
	CHECK_EQ(dma32_used(), BLOCK_PAGES);
	for (int i = 0; i < 4; i++)
		page_frag_free(f[i]);
	CHECK_EQ(dma32_used(), BLOCK_PAGES);
	page_frag_free(f[4]);
	CHECK_EQ(dma32_used(), 0);
	/* Drained with nothing outstanding: the block goes at once. */
	REQUIRE((f[0] = page_frag_alloc(&nc, 3000, DMA32_GFP)) != NULL);
	page_frag_free(f[0]);
	CHECK_EQ(dma32_used(), BLOCK_PAGES);
	page_frag_cache_drain(&nc);
	CHECK_EQ(dma32_used(), 0);
	/* A drained cache is empty and usable again. */
	REQUIRE((f[0] = page_frag_alloc(&nc, 10, DMA32_GFP)) != NULL);
	page_frag_free(f[0]);
	page_frag_cache_drain(&nc);
	end_machine("drain");
}

/* GFP_DMA32 keeps every fragment below 4 GiB; GFP_KERNEL goes above. */
static void test_placement(void)
{
	enum { N = 4096 };
	struct page_frag_cache dma32 = { 0 }, normal = { 0 };
	static char *d[N], *k[N];
	int low = 0, high = 0;

	boot_machine("memmap=4G@0x40000000");
	for (int i = 0; i < N; i++) {
		REQUIRE((d[i] = page_frag_alloc_align(&dma32, KIB, DMA32_GFP, KIB)) != NULL);
		REQUIRE((k[i] = page_frag_alloc_align(&normal, KIB, GFP_KERNEL, KIB)) != NULL);
		phys_addr_t pd = virt_to_phys(d[i]), pk = virt_to_phys(k[i]);
		low += pd + KIB <= (1ULL << 32) && pd >= (1ULL << 30) &&
		       page_zonenum(virt_to_page(d[i])) == ZONE_DMA32;
		high += pk >= (1ULL << 32) &&
			page_zonenum(virt_to_page(k[i])) == ZONE_NORMAL;
	}
	CHECK_EQ(low, N);
	CHECK_EQ(high, N);
	/* 4096 KiB of fragments: 128 blocks of 32 KiB in each zone. */
	CHECK_EQ(dma32_used(), N / FRAGS_PER_BLOCK * BLOCK_PAGES);
	for (int i = 0; i < N; i++) {
		page_frag_free(d[i]);
		page_frag_free(k[i]);
	}
	page_frag_cache_drain(&dma32);
	page_frag_cache_drain(&normal);
	end_machine("placement");
}

/* __GFP_ZERO zeroes a new block, not a recycled one (as in the kernel). */
static void test_zero(void)
{
	struct page_frag_cache nc = { 0 };
	unsigned char *f;
	int nonzero = 0;

	boot_machine("memmap=4G@0x40000000");
	/* Leave dirty pages behind for the cache to get. */
	unsigned long dirty = __get_free_pages(DMA32_GFP, 3);
	REQUIRE(dirty);
	memset((void *)dirty, 0xa5, PAGE_SIZE << 3);
	free_pages(dirty, 3);
	f = page_frag_alloc(&nc, PAGE_FRAG_CACHE_MAX_SIZE, DMA32_GFP | __GFP_ZERO);
	REQUIRE(f);
	for (unsigned int i = 0; i < PAGE_FRAG_CACHE_MAX_SIZE; i++)
		nonzero += f[i] != 0;
	CHECK_EQ(nonzero, 0);
	memset(f, 0x5a, PAGE_FRAG_CACHE_MAX_SIZE);
	page_frag_free(f);
	f = page_frag_alloc(&nc, KIB, DMA32_GFP | __GFP_ZERO);
	REQUIRE(f);
	CHECK_EQ(f[0], 0x5a);   /* the same block, reused as it was */
	page_frag_free(f);
	page_frag_cache_drain(&nc);
	end_machine("zero");
}

/*
 * No order-3 block to be had (free memory is single pages): the cache
 * falls back to one page with the caller's gfp, silently, and a fragment
 * larger than that page fails while the page is kept.
 */
static void test_one_page_fallback(void)
{
	struct page_frag_cache nc = { 0 };
	struct zm_buddy before;
	struct page **pg;
	long n, kept;
	char *f[5];

	boot_machine("memmap=32M@0x1000000");
	n = take_all(&pg);
	/* Give back the even frames only: no two free pages are buddies. */
	kept = 0;
	for (long i = 0; i < n; i++) {
		if (page_to_pfn(pg[i]) % 2 == 0)
			__free_pages(pg[i], 0);
		else
			pg[kept++] = pg[i];
	}
	zm_drain();
	for (unsigned int o = 1; o < MAX_ORDER; o++)
		REQUIRE(zs_buddyinfo_count(ZONE_DMA32, o) == 0);
	REQUIRE(zm_free(ZONE_DMA32) > 1000);
	zm_buddy_snap(&before);
	for (int i = 0; i < 4; i++) {
		REQUIRE((f[i] = page_frag_alloc(&nc, KIB, DMA32_GFP)) != NULL);
		CHECK(f[i] == (char *)nc.va + PAGE_SIZE - (i + 1) * KIB);
	}
	CHECK_EQ(nc.size, PAGE_SIZE);
	CHECK_EQ(head_of(f[0])->order, 0);
	CHECK_EQ(zm_reports(), 0);         /* the order-3 failure is silent */
	f[4] = page_frag_alloc(&nc, KIB, DMA32_GFP);
	REQUIRE(f[4]);
	CHECK(head_of(f[4]) != head_of(f[0]));
	zm_drain();
	CHECK_EQ(before.free[ZONE_DMA32] - zm_free(ZONE_DMA32), 2);
	for (int i = 0; i < 5; i++)
		page_frag_free(f[i]);
	zm_drain();
	CHECK_EQ(before.free[ZONE_DMA32] - zm_free(ZONE_DMA32), 1);
	/* Bigger than the cache's one-page block: NULL, the block is kept. */
	void *va = nc.va;
	CHECK(page_frag_alloc(&nc, 2 * PAGE_SIZE, DMA32_GFP) == NULL);
	CHECK(nc.va == va);
	CHECK_EQ(refcount(va), nc.pagecnt_bias);
	page_frag_cache_drain(&nc);
	CHECK(zm_buddy_equal(&before, "fallback"));
	while (kept)
		__free_pages(pg[--kept], 0);
	free(pg);
	end_machine("fallback");
}

/* A fragment bigger than an order-3 block: NULL, nothing kept wrongly. */
static void test_too_big(void)
{
	struct page_frag_cache nc = { 0 };

	boot_machine("memmap=4G@0x40000000");
	CHECK(page_frag_alloc(&nc, PAGE_FRAG_CACHE_MAX_SIZE + 1, DMA32_GFP) == NULL);
	CHECK_EQ(dma32_used(), BLOCK_PAGES);   /* the kernel keeps the block */
	void *f = page_frag_alloc(&nc, PAGE_FRAG_CACHE_MAX_SIZE, DMA32_GFP);
	CHECK(f == nc.va);
	page_frag_free(f);
	page_frag_cache_drain(&nc);
	end_machine("too big");
}

/* A refill that fails: NULL, and the abandoned block is not lost. */
static void test_exhausted(void)
{
	struct page_frag_cache nc = { 0 };
	struct page **pg;
	long n;
	char *f[FRAGS_PER_BLOCK];

	boot_machine("memmap=32M@0x1000000");
	for (unsigned int i = 0; i < FRAGS_PER_BLOCK; i++)
		REQUIRE((f[i] = page_frag_alloc(&nc, KIB, DMA32_GFP)) != NULL);
	n = take_all(&pg);
	zm_log_reset();
	CHECK(page_frag_alloc(&nc, KIB, GFP_KERNEL | GFP_DMA32 | __GFP_NOWARN) == NULL);
	CHECK(nc.va == NULL);
	CHECK_EQ(zm_reports(), 0);
	CHECK(page_frag_alloc(&nc, KIB, DMA32_GFP) == NULL);
	CHECK_EQ(zm_log_has("page allocation failure: order:0"), 1);
	CHECK_EQ(zm_log_has("order:3"), 0);
	zm_log_reset();
	/* The abandoned block goes back with its last fragment. */
	CHECK_EQ(refcount(f[0]), FRAGS_PER_BLOCK);
	for (unsigned int i = 0; i < FRAGS_PER_BLOCK; i++)
		page_frag_free(f[i]);
	while (n)
		__free_pages(pg[--n], 0);
	free(pg);
	page_frag_cache_drain(&nc);
	end_machine("exhausted");
}

/* Misuse: reported once each, counted, nothing changed. */
static void test_misuse(void)
{
	struct page_frag_cache nc = { 0 };
	int on_stack = 0;
	char *heap = malloc(64);
	char *f, *g;

	REQUIRE(heap);
	boot_machine("memmap=4G@0x40000000");
	/* A kmalloc slab stays with its cache when emptied: count it in. */
	void *obj = kmalloc(64, GFP_KERNEL);
	REQUIRE(obj);
	zm_buddy_snap(&boot);
	REQUIRE((f = page_frag_alloc(&nc, KIB, DMA32_GFP)) != NULL);
	long used = dma32_used(), ref = refcount(f);
	struct page *pg = alloc_pages(DMA32_GFP, 1);
	REQUIRE(pg);

	void *bad[] = { NULL, heap, &on_stack, page_address(pg),
			(char *)page_address(pg) + PAGE_SIZE + 5, obj };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		zm_log_reset();
		page_frag_free(bad[i]);
		CHECK_EQ(zm_reports(), 1);
		CHECK_EQ(zm_log_has("is not in a page fragment block; ignored"), 1);
	}
	zm_log_reset();
	CHECK_EQ(refcount(f), ref);
	__free_pages(pg, 1);
	kfree(obj);
	CHECK_EQ(dma32_used(), used);

	/* 0 bytes: warned, NULL, the cache untouched. */
	unsigned int bias = nc.pagecnt_bias, off = nc.offset;
	CHECK(page_frag_alloc(&nc, 0, DMA32_GFP) == NULL);
	CHECK_EQ(zm_reports(), 1);
	CHECK_EQ(zm_log_has("a fragment of 0 bytes"), 1);
	CHECK_EQ(nc.pagecnt_bias, bias);
	CHECK_EQ(nc.offset, off);
	zm_log_reset();

	/* A bad alignment is warned about once and rounded up. */
	g = page_frag_alloc_align(&nc, 10, DMA32_GFP, 1000);
	CHECK(g && ((uintptr_t)g & 1023) == 0);
	CHECK_EQ(zm_reports(), 1);
	CHECK_EQ(zm_log_has("align 1000 is not a power of two; using 1024"), 1);
	page_frag_free(g);
	g = page_frag_alloc_align(&nc, 10, DMA32_GFP, 24);
	CHECK(g && ((uintptr_t)g & 31) == 0);
	CHECK_EQ(zm_reports(), 1);
	page_frag_free(g);
	zm_log_reset();

	/* A stale fragment, its block already gone: reported, ignored. */
	page_frag_free(f);
	page_frag_cache_drain(&nc);
	CHECK_EQ(dma32_used(), 0);
	page_frag_free(f);
	CHECK_EQ(zm_reports(), 1);
	CHECK_EQ(zm_log_has("is not in a page fragment block"), 1);
	zm_log_reset();
	free(heap);
	end_machine("misuse");
}

static void free_foreign(void)
{
	static char not_ram[64];

	page_frag_free(not_ram);
}

static void test_panic(void)
{
	boot_machine("memmap=4G@0x40000000");
	CHECK(zt_panics_with(free_foreign, "WARNING: CPU: ",
			  "is not in a page fragment block; ignored"));
	end_machine("panic");
}

int main(void)
{
	zm_watchdog(300);
	zm_log_start();
	test_layout();
	test_no_reuse();
	test_reuse_when_all_freed();
	test_drain();
	test_placement();
	test_zero();
	test_one_page_fallback();
	test_too_big();
	test_exhausted();
	test_misuse();
	test_panic();
	return zt_summary("test_page_frag");
}
