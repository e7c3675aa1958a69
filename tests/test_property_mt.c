/* SPDX-License-Identifier: MIT */
/*
 * test_property_mt.c - a million random page-allocator operations on four
 * threads: random orders 0..10 (mostly small), random zone classes (none,
 * GFP_DMA32, GFP_DMA), GFP_KERNEL and GFP_ATOMIC, some __GFP_ZERO, frees in
 * random order, and blocks passed through a shared pool so that threads
 * free each other's memory.  After every allocation:
 *  - the block lies wholly in the requested zone or a lower one, never
 *    above (page_zonenum of both ends, and the physical end against the
 *    zone limit);
 *  - it is aligned to its order;
 *  - no page of it is held by anybody else (an ownership bitmap over all
 *    page frames, set on allocation and cleared before the free);
 *  - with __GFP_ZERO it reads as zero;
 *  - for a sample, a pattern fills the whole block and is verified when
 *    the block is freed (catches overlapping blocks and stray writes).
 * Between batches every thread parks at a barrier and zslab_validate()
 * checks every free list and count.  At the end everything is freed and
 * buddyinfo equals its boot state.
 *
 * ZT_SEED=<n> replays a run; ZT_OPS=<n> changes the total operation count.
 */
#include "zt.h"
#include "zt_mm.h"

#include <pthread.h>

#define THREADS   4
#define BATCHES   40
#define LIVE_MAX  96
#define POOL_MAX  256

#define M ZM_MIB
#define G ZM_GIB

struct blk {
	struct page *pg;
	unsigned int order;
	bool pattern;
	uint64_t tag;
};

static struct {
	pthread_mutex_t lock;
	struct blk b[POOL_MAX];
	int n;
} pool = { .lock = PTHREAD_MUTEX_INITIALIZER };

static pthread_barrier_t bar_parked, bar_go;
static long ops_per_batch;
static _Atomic uint64_t *owner;      /* one bit per page frame */
static unsigned long owner_words;

/* Problems seen by the threads, by kind. */
static _Atomic long bad_zone, bad_align, bad_overlap, bad_unowned, bad_zero,
	bad_pattern, bad_conv;
static _Atomic long n_alloc, n_fail, n_free, n_cross, n_pattern;

static const gfp_t class_gfp[3] = { 0, GFP_DMA32, GFP_DMA };

/* Highest physical address + 1 a class may get. */
static phys_addr_t class_limit(gfp_t gfp)
{
	switch (gfp_zone(gfp)) {
	case ZONE_DMA:
		return 16 * M;
	case ZONE_DMA32:
		return 4 * G;
	default:
		return ~(phys_addr_t)0;
	}
}

/* Mark the frames of @b owned; each must have been unowned. */
static void claim(const struct blk *b)
{
	unsigned long pfn = page_to_pfn(b->pg), n = 1UL << b->order;

	REQUIRE((pfn + n - 1) / 64 < owner_words);
	if (n >= 64) {
		for (unsigned long w = pfn / 64; w < (pfn + n) / 64; w++)
			if (atomic_fetch_or(&owner[w], ~0ull))
				bad_overlap++;
	} else {
		uint64_t mask = ((1ull << n) - 1) << (pfn % 64);
		if (atomic_fetch_or(&owner[pfn / 64], mask) & mask)
			bad_overlap++;
	}
}

static void unclaim(const struct blk *b)
{
	unsigned long pfn = page_to_pfn(b->pg), n = 1UL << b->order;

	if (n >= 64) {
		for (unsigned long w = pfn / 64; w < (pfn + n) / 64; w++)
			if (atomic_fetch_and(&owner[w], 0) != ~0ull)
				bad_unowned++;
	} else {
		uint64_t mask = ((1ull << n) - 1) << (pfn % 64);
		if ((atomic_fetch_and(&owner[pfn / 64], ~mask) & mask) != mask)
			bad_unowned++;
	}
}

static void fill(const struct blk *b)
{
	uint64_t *w = page_address(b->pg);
	size_t n = (PAGE_SIZE << b->order) / sizeof(*w);

	for (size_t i = 0; i < n; i++)
		w[i] = b->tag ^ (i * 0x9e3779b97f4a7c15ull);
}

static bool verify(const struct blk *b)
{
	const uint64_t *w = page_address(b->pg);
	size_t n = (PAGE_SIZE << b->order) / sizeof(*w);

	for (size_t i = 0; i < n; i++)
		if (w[i] != (b->tag ^ (i * 0x9e3779b97f4a7c15ull)))
			return false;
	return true;
}

static bool all_zero(const struct page *pg, unsigned int order)
{
	const uint64_t *w = page_address(pg);
	size_t n = (PAGE_SIZE << order) / sizeof(*w);

	for (size_t i = 0; i < n; i++)
		if (w[i])
			return false;
	return true;
}

/* Orders weighted toward small ones (per mille). */
static unsigned int random_order(uint64_t *s)
{
	static const int cum[MAX_ORDER] = { 450, 650, 770, 850, 900, 930, 950, 965, 980, 990, 1000 };
	int r = (int)zm_below(s, 1000);
	unsigned int o = 0;

	while (r >= cum[o])
		o++;
	return o;
}

/* One allocation with every check; false when the allocator said no. */
static bool do_alloc(uint64_t *s, struct blk *b, long tid)
{
	gfp_t gfp = (zm_below(s, 8) ? GFP_KERNEL : GFP_ATOMIC) | __GFP_NOWARN |
		    class_gfp[zm_below(s, 100) < 50 ? 0 : zm_below(s, 100) < 70 ? 1 : 2];
	unsigned int order = random_order(s);
	bool zero = zm_below(s, 16) == 0;
	struct page *pg;
	phys_addr_t phys, end;
	unsigned long pfn;

	if (zero)
		gfp |= __GFP_ZERO;
	pg = alloc_pages(gfp, order);
	if (!pg) {
		n_fail++;
		return false;
	}
	n_alloc++;
	pfn = page_to_pfn(pg);
	phys = page_to_phys(pg);
	end = phys + (PAGE_SIZE << order);
	if (page_zonenum(pg) > gfp_zone(gfp) ||
	    page_zonenum(pfn_to_page(pfn + (1UL << order) - 1)) != page_zonenum(pg) ||
	    end > class_limit(gfp))
		bad_zone++;
	if (pfn & ((1UL << order) - 1))
		bad_align++;
	if (virt_to_page(page_address(pg)) != pg ||
	    virt_to_phys((char *)page_address(pg) + (PAGE_SIZE << order) - 1) != end - 1)
		bad_conv++;
	*b = (struct blk){ .pg = pg, .order = order,
			   .tag = ((uint64_t)tid << 56) ^ zm_rand(s) };
	claim(b);
	if (zero && order <= 6 && !all_zero(pg, order))
		bad_zero++;
	b->pattern = order <= 3 ? zm_below(s, 4) == 0 : zm_below(s, 32) == 0;
	if (b->pattern) {
		fill(b);
		n_pattern++;
	}
	return true;
}

static void do_free(const struct blk *b)
{
	if (b->pattern && !verify(b))
		bad_pattern++;
	unclaim(b);
	__free_pages(b->pg, b->order);
	n_free++;
}

/* Move a block into the shared pool; false when it is full. */
static bool pool_put(const struct blk *b)
{
	bool ok;

	pthread_mutex_lock(&pool.lock);
	ok = pool.n < POOL_MAX;
	if (ok)
		pool.b[pool.n++] = *b;
	pthread_mutex_unlock(&pool.lock);
	return ok;
}

/* Take a random block out of the pool (very likely another thread's). */
static bool pool_take(uint64_t *s, struct blk *b)
{
	bool ok;

	pthread_mutex_lock(&pool.lock);
	ok = pool.n > 0;
	if (ok) {
		int k = (int)zm_below(s, (unsigned long)pool.n);
		*b = pool.b[k];
		pool.b[k] = pool.b[--pool.n];
	}
	pthread_mutex_unlock(&pool.lock);
	return ok;
}

static void *worker(void *arg)
{
	long tid = (long)arg;
	uint64_t seed = zm_seed(20240601) * 31 + (uint64_t)tid;
	struct blk live[LIVE_MAX], b;
	int n = 0;

	for (int batch = 0; batch < BATCHES; batch++) {
		/* An operation is an allocation attempt or a free. */
		for (long op = 0; op < ops_per_batch;) {
			unsigned long r = zm_below(&seed, 100);
			if (r < 8) {                       /* free another thread's */
				if (pool_take(&seed, &b)) {
					n_cross++;
					do_free(&b);
					op++;
				}
			} else if (n == 0 || (n < LIVE_MAX && r < 55)) {
				if (do_alloc(&seed, &live[n], tid))
					n++;
				op++;
			} else {
				int k = (int)zm_below(&seed, (unsigned long)n);
				b = live[k];
				live[k] = live[--n];
				if (r < 65 && pool_put(&b))
					continue;               /* handed over */
				do_free(&b);
				op++;
			}
		}
		pthread_barrier_wait(&bar_parked);   /* main validates */
		pthread_barrier_wait(&bar_go);
	}
	while (n)
		do_free(&live[--n]);
	return NULL;
}

int main(void)
{
	const char *ops_env = getenv("ZT_OPS");
	long total = ops_env ? atol(ops_env) : 1000000;
	pthread_t t[THREADS];
	struct zm_buddy boot;
	long invalid = 0;
	struct blk b;

	zm_watchdog(240);
	zm_log_start();
	/* DMA 16 MiB, DMA32 48 MiB + 448 MiB at 1 GiB, Normal 512 MiB. */
	REQUIRE(zslab_init("memmap=64M@0 memmap=448M@0x40000000 memmap=512M@0x100000000") == 0);
	zm_buddy_snap(&boot);
	owner_words = ((0x100000000ull + 512 * M) >> PAGE_SHIFT) / 64 + 1;
	owner = calloc(owner_words, sizeof(*owner));
	REQUIRE(owner);
	ops_per_batch = (total + THREADS * BATCHES - 1) / (THREADS * BATCHES);
	pthread_barrier_init(&bar_parked, NULL, THREADS + 1);
	pthread_barrier_init(&bar_go, NULL, THREADS + 1);
	fprintf(stderr, "seed %llu, %ld operations per thread per batch\n",
		(unsigned long long)zm_seed(20240601), ops_per_batch);

	for (long i = 0; i < THREADS; i++)
		REQUIRE(pthread_create(&t[i], NULL, worker, (void *)i) == 0);
	for (int batch = 0; batch < BATCHES; batch++) {
		pthread_barrier_wait(&bar_parked);
		long v = zslab_validate();
		if (v && !invalid)
			zm_log_dump("validate");
		invalid += v;
		pthread_barrier_wait(&bar_go);
	}
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	while (pool_take(&(uint64_t){ 1 }, &b))
		do_free(&b);

	fprintf(stderr, "%ld allocations (%ld failed), %ld frees (%ld of a pooled block), %ld patterned\n",
		(long)n_alloc, (long)n_fail, (long)n_free, (long)n_cross, (long)n_pattern);
	CHECK(n_alloc + n_fail + n_free >= total);
	CHECK(n_alloc + n_fail >= total / 3);
	CHECK_EQ(n_alloc, n_free);
	CHECK(n_cross > 1000);
	CHECK(n_pattern > 1000);
	CHECK_EQ(invalid, 0);
	CHECK_EQ(bad_zone, 0);
	CHECK_EQ(bad_align, 0);
	CHECK_EQ(bad_overlap, 0);
	CHECK_EQ(bad_unowned, 0);
	CHECK_EQ(bad_zero, 0);
	CHECK_EQ(bad_pattern, 0);
	CHECK_EQ(bad_conv, 0);
	for (unsigned long w = 0; w < owner_words; w++)
		if (owner[w]) {
			CHECK_EQ(owner[w], 0);
			break;
		}
	CHECK_EQ(zslab_validate(), 0);
	CHECK(zm_buddy_equal(&boot, "after a million operations"));
	free(owner);
	zslab_exit();
	return zt_summary("test_property_mt");
}
