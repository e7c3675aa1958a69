/* SPDX-License-Identifier: MIT */
/*
 * test_slab_release.c - memory goes back: empty slabs beyond min_partial
 * return to the page allocator on free; kmem_cache_shrink() returns every
 * empty slab (counts drop, free pages rise) and says 0 when no slab is
 * left, 1 otherwise; the process RSS falls after 200,000 x 1 KiB are freed
 * and the cache shrunk; after a random 90% are freed and the cache shrunk
 * RSS stays below 4.5x the live bytes (free pages inside partial slabs go
 * back to the OS); live objects keep their contents through all of it,
 * also when the freed objects are allocated again.
 */
#include "zt.h"

#include <stdint.h>
#include <unistd.h>

#include "mm/mm_internal.h"
#include "slab/slab.h"

/* --- helpers ------------------------------------------------------------ */

static long free_pages_now(void)
{
	long n = 0;

	for (unsigned int z = 0; z < MAX_NR_ZONES; z++)
		n += atomic_load(&zs_zones[z].nr_free);
	return n;
}

static unsigned long slabs_of(const struct kmem_cache *s)
{
	return s->nr_partial + s->nr_full;
}

/* Slabs on the partial list with no object in use, and objects in use. */
static void slab_census(struct kmem_cache *s, unsigned long *empty,
			unsigned long *inuse)
{
	struct list_head *pos;

	*empty = *inuse = 0;
	list_for_each(pos, &s->partial) {
		struct page *pg = container_of(pos, struct page, lru);
		*empty += pg->inuse == 0;
		*inuse += pg->inuse;
	}
	list_for_each(pos, &s->full)
		*inuse += container_of(pos, struct page, lru)->inuse;
}

static long rss_bytes(void)
{
	FILE *f = fopen("/proc/self/statm", "r");
	long size = 0, rss = -1;

	REQUIRE(f);
	if (fscanf(f, "%ld %ld", &size, &rss) != 2)
		rss = -1;
	fclose(f);
	REQUIRE(rss >= 0);
	return rss * sysconf(_SC_PAGESIZE);
}

static uint64_t rng = 0x2545f4914f6cdd1dull;

static uint64_t next_rand(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545f4914f6cdd1dull;
}

/* Object @i's contents: every word tells its index and position. */
static void stamp(void *p, unsigned int size, unsigned long i)
{
	uint64_t *w = p;

	for (unsigned int k = 0; k < size / 8; k++)
		w[k] = ((uint64_t)i << 20) ^ k ^ 0x5a5a000000000000ull;
}

static bool stamped(const void *p, unsigned int size, unsigned long i)
{
	const uint64_t *w = p;

	for (unsigned int k = 0; k < size / 8; k++)
		if (w[k] != (((uint64_t)i << 20) ^ k ^ 0x5a5a000000000000ull))
			return false;
	return true;
}

/* --- empty slabs beyond min_partial; shrink -------------------------------- */

static void test_min_partial_and_shrink(void)
{
	enum { N = 20000 };
	void **v = malloc(N * sizeof(void *));
	struct kmem_cache *s = kmem_cache_create("release-1k", 1024, 0, SLAB_NO_MERGE, NULL);
	unsigned long peak, left, empty, inuse;
	long f0, f1, f2, f3;
	void *p;

	REQUIRE(v && s);
	/* Warm up this thread's sheaf and table, then start clean. */
	p = kmem_cache_alloc(s, GFP_KERNEL);
	kmem_cache_free(s, p);
	CHECK_EQ(kmem_cache_shrink(s), 0);
	zs_slab_shrink_all();
	f0 = free_pages_now();

	for (int i = 0; i < N; i++) {
		v[i] = kmem_cache_alloc(s, GFP_KERNEL);
		REQUIRE(v[i]);
	}
	peak = slabs_of(s);
	CHECK(peak >= N / s->objects);
	f1 = free_pages_now();
	CHECK(f0 - f1 >= (long)(peak << s->order));

	/* Free everything: slabs emptied while min_partial are kept go back. */
	for (int i = 0; i < N; i++)
		kmem_cache_free(s, v[i]);
	left = slabs_of(s);
	slab_census(s, &empty, &inuse);
	f2 = free_pages_now();
	CHECK(empty <= s->min_partial);
	if (empty > s->min_partial)
		fprintf(stderr, "%lu empty slabs kept, min_partial %lu\n", empty, s->min_partial);
	/* What the slabs still hold is what this thread and the barn cache. */
	CHECK(inuse <= (unsigned long)(s->barn_max + 2) * s->sheaf_cap);
	CHECK(left < peak / 2);
	CHECK(f2 - f1 >= (long)((peak - left) << s->order) - 64);

	/* Shrink: every slab goes (nothing is in use), and says 0. */
	CHECK_EQ(kmem_cache_shrink(s), 0);
	f3 = free_pages_now();
	CHECK_EQ(slabs_of(s), 0);
	CHECK_EQ(s->nr_partial, 0);
	CHECK_EQ(s->total_objects, 0);
	CHECK(f3 - f2 >= (long)(left << s->order));
	/* Back where it started, but for this thread's sheaf of the cache,
	 * which a trade with the barn may have moved to another slab of the
	 * internal sheaf cache. */
	zs_slab_shrink_all();
	CHECK(f0 - free_pages_now() <= (2L << zs_sheaf_cache->order));
	CHECK(free_pages_now() <= f0);

	/* One live object: shrink keeps its slab alone and says 1. */
	for (int i = 0; i < 200; i++) {
		v[i] = kmem_cache_alloc(s, GFP_KERNEL);
		REQUIRE(v[i]);
	}
	p = v[77];
	stamp(p, 1024, 77);
	for (int i = 0; i < 200; i++)
		if (i != 77)
			kmem_cache_free(s, v[i]);
	CHECK_EQ(kmem_cache_shrink(s), 1);
	CHECK_EQ(slabs_of(s), 1);
	CHECK_EQ(s->nr_partial, 1);
	slab_census(s, &empty, &inuse);
	CHECK_EQ(inuse, 1);
	CHECK_EQ(empty, 0);
	CHECK(stamped(p, 1024, 77));
	CHECK(s->total_objects == s->objects || s->total_objects == s->min_objects);
	kmem_cache_free(s, p);
	CHECK_EQ(kmem_cache_shrink(s), 0);
	CHECK_EQ(slabs_of(s), 0);
	CHECK_EQ(zs_slab_validate_cache(s), 0);
	kmem_cache_destroy(s);
	free(v);
}

/* --- RSS --------------------------------------------------------------- */

static void shuffle(unsigned long *idx, unsigned long n)
{
	for (unsigned long i = n - 1; i > 0; i--) {
		unsigned long j = (unsigned long)(next_rand() % (i + 1));
		unsigned long t = idx[i];
		idx[i] = idx[j];
		idx[j] = t;
	}
}

static void test_rss(void)
{
	enum { N = 200000 };
	void **v = malloc(N * sizeof(void *));
	unsigned long *idx = malloc(N * sizeof(unsigned long));
	struct kmem_cache *s = kmem_cache_create("rss-1k", 1024, 0, SLAB_NO_MERGE, NULL);
	long rss0, rss1, rss2, rss3, grew, live_bytes;
	unsigned long live = N / 10, broken;
	void *p;

	REQUIRE(v && idx && s);
	memset(v, 0, N * sizeof(void *));
	for (unsigned long i = 0; i < N; i++)
		idx[i] = i;
	p = kmem_cache_alloc(s, GFP_KERNEL);
	kmem_cache_free(s, p);
	zs_slab_shrink_all();
	rss0 = rss_bytes();

	/* 200,000 x 1 KiB, written, then all freed and the cache shrunk. */
	for (unsigned long i = 0; i < N; i++) {
		v[i] = kmem_cache_alloc(s, GFP_KERNEL);
		REQUIRE(v[i]);
		stamp(v[i], 1024, i);
	}
	rss1 = rss_bytes();
	grew = rss1 - rss0;
	CHECK(grew >= (long)N * 1024 * 9 / 10);
	for (unsigned long i = 0; i < N; i++)
		kmem_cache_free(s, v[i]);
	/* Already without a shrink: slabs beyond min_partial went back to the
	 * page allocator, which gives freed memory back once a zone holds more
	 * than 64 MiB of it (DIRTY_HIGH), keeping 2 MiB; what the 1 s decay
	 * returns on top depends on timing, so only the bound the design
	 * guarantees is checked (64 MiB, plus the barn's 1 MiB and slack). */
	long rss_freed = rss_bytes(), kept = 68L << 20;
	CHECK(rss1 - rss_freed >= grew - kept);
	if (rss1 - rss_freed < grew - kept)
		fprintf(stderr, "RSS grew %ld KiB, fell only %ld KiB after the frees\n",
			grew >> 10, (rss1 - rss_freed) >> 10);
	CHECK_EQ(kmem_cache_shrink(s), 0);
	rss2 = rss_bytes();
	CHECK(rss1 - rss2 >= grew * 85 / 100);
	if (rss1 - rss2 < grew * 85 / 100)
		fprintf(stderr, "RSS grew %ld KiB, fell only %ld KiB\n", grew >> 10,
			(rss1 - rss2) >> 10);

	/* Again; free a random 90% and shrink: RSS < 4.5 x live bytes. */
	for (unsigned long i = 0; i < N; i++) {
		v[i] = kmem_cache_alloc(s, GFP_KERNEL);
		REQUIRE(v[i]);
		stamp(v[i], 1024, i);
	}
	shuffle(idx, N);
	for (unsigned long k = live; k < N; k++) {
		kmem_cache_free(s, v[idx[k]]);
		v[idx[k]] = NULL;
	}
	CHECK_EQ(kmem_cache_shrink(s), 1);
	rss3 = rss_bytes();
	live_bytes = (long)live * 1024;
#ifndef __SANITIZE_ADDRESS__
	/* (under ASan, RSS also holds the shadow of every byte zslab ever
	 * poisoned: 1/8 of all memory used, which this bound does not allow) */
	CHECK((rss3 - rss0) * 10 < live_bytes * 45);
#endif
	if ((rss3 - rss0) * 10 >= live_bytes * 45)
		fprintf(stderr, "RSS above start %ld KiB for %ld KiB live (%.2fx)\n",
			(rss3 - rss0) >> 10, live_bytes >> 10,
			(double)(rss3 - rss0) / (double)live_bytes);
	if (getenv("ZT_VERBOSE"))
		fprintf(stderr, "RSS: +%ld KiB, after free+shrink %ld KiB, 90%% freed: %.2fx live\n",
			grew >> 10, (rss2 - rss0) >> 10,
			(double)(rss3 - rss0) / (double)live_bytes);

	/* The live objects kept their contents. */
	broken = 0;
	for (unsigned long i = 0; i < N; i++)
		if (v[i] && !stamped(v[i], 1024, i))
			broken++;
	CHECK_EQ(broken, 0);
	CHECK_EQ(zslab_validate(), 0);

	/* Allocate the freed ones again (from partial slabs whose free pages
	 * were given back); the live ones still hold their contents. */
	for (unsigned long k = live; k < N; k++) {
		unsigned long i = idx[k];
		v[i] = kmem_cache_alloc(s, GFP_KERNEL);
		REQUIRE(v[i]);
		stamp(v[i], 1024, i);
	}
	broken = 0;
	for (unsigned long i = 0; i < N; i++)
		if (!stamped(v[i], 1024, i))
			broken++;
	CHECK_EQ(broken, 0);
	/* (Two indices sharing an object would have broken one stamp.) */
	CHECK_EQ(zslab_validate(), 0);
	for (unsigned long i = 0; i < N; i++)
		kmem_cache_free(s, v[i]);
	CHECK_EQ(kmem_cache_shrink(s), 0);
	CHECK_EQ(zslab_validate(), 0);
	kmem_cache_destroy(s);
	free(idx);
	free(v);
}

/*
 * Other sizes, objects straddling pages: free a random 90%, shrink, check
 * the live ones, allocate the rest again, check everything.
 */
static void contents_through_shrink(unsigned int size, unsigned long n)
{
	void **v = malloc(n * sizeof(void *));
	unsigned long *idx = malloc(n * sizeof(unsigned long));
	struct kmem_cache *s = kmem_cache_create("shrink-contents", size, 0, SLAB_NO_MERGE, NULL);
	unsigned long live = n / 10, broken = 0;

	REQUIRE(v && idx && s);
	for (unsigned long i = 0; i < n; i++) {
		idx[i] = i;
		v[i] = kmem_cache_alloc(s, GFP_KERNEL);
		REQUIRE(v[i]);
		stamp(v[i], size, i);
	}
	shuffle(idx, n);
	for (unsigned long k = live; k < n; k++) {
		kmem_cache_free(s, v[idx[k]]);
		v[idx[k]] = NULL;
	}
	CHECK_EQ(kmem_cache_shrink(s), 1);
	for (unsigned long i = 0; i < n; i++)
		if (v[i] && !stamped(v[i], size, i))
			broken++;
	CHECK_EQ(zs_slab_validate_cache(s), 0);
	for (unsigned long k = live; k < n; k++) {
		unsigned long i = idx[k];
		v[i] = kmem_cache_alloc(s, GFP_KERNEL);
		REQUIRE(v[i]);
		stamp(v[i], size, i);
	}
	/* Shrink again with everything live, then check all. */
	CHECK_EQ(kmem_cache_shrink(s), 1);
	for (unsigned long i = 0; i < n; i++)
		if (!stamped(v[i], size, i))
			broken++;
	CHECK_EQ(broken, 0);
	if (broken)
		fprintf(stderr, "size %u: %lu objects lost their contents\n", size, broken);
	CHECK_EQ(zs_slab_validate_cache(s), 0);
	for (unsigned long i = 0; i < n; i++)
		kmem_cache_free(s, v[i]);
	CHECK_EQ(kmem_cache_shrink(s), 0);
	kmem_cache_destroy(s);
	free(idx);
	free(v);
}

/*
 * kmem_cache_shrink() sorts the partial slabs fullest first: by free
 * count 1..32, slabs with more than 32 free objects last.
 */
static void test_shrink_sorts(void)
{
	enum { N = 6400 };
	void **v = malloc(N * sizeof(void *));
	struct kmem_cache *s = kmem_cache_create("sort-64", 64, 0, SLAB_NO_MERGE, NULL);
	struct list_head *pos;
	unsigned long prev = 0, unsorted = 0, seen = 0;

	REQUIRE(v && s);
	REQUIRE(s->objects > 32);
	for (int i = 0; i < N; i++) {
		v[i] = kmem_cache_alloc(s, GFP_KERNEL);
		REQUIRE(v[i]);
	}
	/* Free a different share of each slab's objects. */
	for (int i = 0; i < N; i++) {
		unsigned long slab = (unsigned long)i / s->objects;
		if ((unsigned long)(next_rand() % 64) < (slab * 7) % 64) {
			kmem_cache_free(s, v[i]);
			v[i] = NULL;
		}
	}
	CHECK_EQ(kmem_cache_shrink(s), 1);
	list_for_each(pos, &s->partial) {
		struct page *pg = container_of(pos, struct page, lru);
		unsigned long free = pg->objects - pg->inuse, key = free > 32 ? 33 : free;
		unsorted += key < prev;
		prev = key;
		seen++;
	}
	CHECK(seen > 10);
	CHECK_EQ(unsorted, 0);
	CHECK_EQ(zs_slab_validate_cache(s), 0);
	for (int i = 0; i < N; i++)
		if (v[i])
			kmem_cache_free(s, v[i]);
	CHECK_EQ(kmem_cache_shrink(s), 0);
	kmem_cache_destroy(s);
	free(v);
}

int main(void)
{
	zt_capture_reports();
	REQUIRE(zslab_init(NULL) == 0);

	test_min_partial_and_shrink();
	test_rss();
	test_shrink_sorts();
	contents_through_shrink(704, 50000);
	contents_through_shrink(3000, 20000);
	contents_through_shrink(96, 100000);
	contents_through_shrink(2048, 20000);

	CHECK_EQ(zt_reports, 0);
	CHECK_EQ(zslab_validate(), 0);
	zslab_exit();
	return zt_summary("test_slab_release");
}
