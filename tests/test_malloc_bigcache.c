/* SPDX-License-Identifier: MIT */
/*
 * test_malloc_bigcache - issue 12, direction 8: freed big blocks (their
 * own host mappings) are kept a while (their pages: a filled one keeps
 * them, others all but the first go back at once), and reused
 * by later big allocations, so a program that
 * allocates, fills and frees large blocks in a loop stops paying a page
 * fault per page per round.  Minor faults are counted with getrusage().
 * A block used sparsely (a page or two written) keeps its pages as they
 * are for a run of frees, no system call, and then gives back all but
 * the first, so what stays resident is bounded by the run.
 * Also: calloc of a reused mapping is zero, alignment is kept, entries
 * decay after a second, malloc_trim() gives the cache back.
 */
#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <time.h>

#include "zt.h"
#include "zslab_malloc.h"
#include "zmalloc.h"

#define M(name) ZM_API(name)
#define MIB (1UL << 20)
#define ROUNDS 64

static long minflt(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_minflt;
}

/* Minor faults of ROUNDS rounds of malloc(@size), fill, free. */
static long churn(size_t size)
{
	long before = minflt();

	for (int r = 0; r < ROUNDS; r++) {
		unsigned char *p = M(malloc)(size);
		REQUIRE(p);
		memset(p, r, size);
		M(free)(p);
	}
	return minflt() - before;
}

/* Resident pages of [@p, +@len), by mincore(). */
static long resident_pages(void *p, size_t len)
{
	static unsigned char vec[(64 * MIB) / 4096];
	long n = 0;

	REQUIRE(len <= 64 * MIB && mincore(p, len, vec) == 0);
	for (size_t i = 0; i < len / 4096; i++)
		n += vec[i] & 1;
	return n;
}

/*
 * Rounds of malloc(@size), writing one page (a different one each
 * round), free: the mapping comes back every round; its old pages stay
 * while a run of kept frees lasts, so the rounds fault one page each, and
 * never more than a run's worth stays resident.  calloc then reads zero
 * everywhere it was written.
 */
static void sparse_churn(size_t size)
{
	const int rounds = 100;
	unsigned char *first = NULL, *p;
	long before = minflt(), faults, res;

	for (int r = 0; r < rounds; r++) {
		p = M(malloc)(size);
		REQUIRE(p);
		if (!first)
			first = p;
		CHECK(p == first);
		p[(size_t)(r + 1) * 8 * 4096 % size] = (unsigned char)(r | 1);
		M(free)(p);
		if (r == 9)             /* within the first run: all kept */
			CHECK(resident_pages(first, size) >= 10);
		if (r == 29)            /* a run is 32 frees now, not 16 */
			CHECK(resident_pages(first, size) >= 30);
	}
	faults = minflt() - before;
	res = resident_pages(first, size);
	printf("test_malloc_bigcache: %d sparse rounds: %ld minor faults, %ld pages resident\n",
	       rounds, faults, res);
	CHECK(faults <= 2 * rounds);
	CHECK(res >= 1 && res <= 40);           /* at most a run (32) and the first page */
	p = M(calloc)(1, size);
	REQUIRE(p == first);
	CHECK(resident_pages(p, size) <= 2);    /* given back, not cleared */
	for (int r = 0; r < rounds; r++)
		CHECK_EQ(p[(size_t)(r + 1) * 8 * 4096 % size], 0);
	M(free)(p);
}

/*
 * Twelve sparsely used 16 MiB blocks freed together (192 MiB, three
 * quarters of the cache) all keep their pages as they were: the kept
 * entries' budget is 192 MiB, so no free pays a mincore() and a
 * MADV_DONTNEED for the page it holds (it was 128 MiB: the last four
 * lost their written page).
 */
static void kept_budget(void)
{
	enum { NR = 12 };
	const size_t len = 16 * MIB;
	unsigned char *b[NR];

	M(malloc_trim)(0);
	for (int i = 0; i < NR; i++) {
		b[i] = M(malloc)(len);
		REQUIRE(b[i]);
		b[i][len / 2] = 1;
	}
	for (int i = 0; i < NR; i++)
		M(free)(b[i]);
	CHECK_EQ(zm_big_cached(), NR * len);
	for (int i = 0; i < NR; i++)
		CHECK(resident_pages(b[i], len) >= 1);  /* the page written */
	M(malloc_trim)(0);
}

/* 20,000 small blocks live at once, then freed: their sheaves' refills
 * are malloc's small slow path, about a thousand times. */
static bool small_burst(void)
{
	enum { N = 20000 };
	static void *blk[N];
	bool ok = true;

	for (unsigned int i = 0; i < N; i++) {
		blk[i] = M(malloc)(16 + i % 512);
		ok &= blk[i] != NULL;
	}
	for (unsigned int i = 0; i < N; i++)
		M(free)(blk[i]);
	return ok;
}

int main(void)
{
	const size_t size = 8 * MIB;
	const long pages = (long)(size / 4096);
	unsigned char *p, *q;
	void *a;
	long faults;
	struct timespec ts = { 1, 200000000 };

	zt_capture_reports();
	M(free)(M(malloc)(64));                 /* boot outside the count */
	faults = churn(size);
	printf("test_malloc_bigcache: %d rounds of %zu MiB: %ld minor faults (%ld pages a round)\n",
	       ROUNDS, size / MIB, faults, pages);
	/* without the cache every round faults every page in: 131072 */
	CHECK(faults < ROUNDS * pages / 8);
	CHECK(zm_big_cached() >= size);
	M(malloc_trim)(0);
	sparse_churn(size);
	M(malloc_trim)(0);

	/* a reused mapping holds old bytes: calloc must clear them */
	p = M(malloc)(size);
	REQUIRE(p);
	memset(p, 0xff, size);
	M(free)(p);
	q = M(calloc)(1, size);
	REQUIRE(q);
	CHECK(q == p);                          /* the same mapping came back */
	CHECK_EQ(q[0] | q[size / 2] | q[size - 1], 0);
	M(free)(q);

	/* an aligned request takes only a mapping with that alignment */
	CHECK_EQ(M(posix_memalign)(&a, 32 * MIB, size), 0);
	CHECK(((uintptr_t)a & (32 * MIB - 1)) == 0);
	M(free)(a);

	/* a shorter request shrinks a long mapping; a longer one grows one */
	p = M(malloc)(2 * size);
	REQUIRE(p);
	p[2 * size - 1] = 3;
	M(free)(p);
	q = M(malloc)(3 * size);
	REQUIRE(q);
	q[3 * size - 1] = 4;
	CHECK(M(malloc_usable_size)(q) >= 3 * size);
	M(free)(q);

	/* a fit up to four times the request is kept whole, no mremap;
	 * beyond, it is shrunk to the request */
	M(malloc_trim)(0);
	p = M(malloc)(4 * size);
	REQUIRE(p);
	M(free)(p);
	q = M(malloc)(size + 4096);
	CHECK(q == p);
	CHECK_EQ(M(malloc_usable_size)(q), 4 * size);
	M(free)(q);
	/* calloc of such a fit, every old byte set: zero all through */
	M(malloc_trim)(0);
	p = M(malloc)(4 * size);
	REQUIRE(p);
	memset(p, 0xff, 4 * size);
	M(free)(p);
	q = M(calloc)(1, size + 4096);
	CHECK(q == p);
	if (q) {
		size_t nonzero = 0;
		for (size_t i = 0; i < size + 4096; i++)
			nonzero += q[i] != 0;
		CHECK_EQ(nonzero, 0ul);
	}
	M(free)(q);
	M(malloc_trim)(0);
	p = M(malloc)(4 * size);
	REQUIRE(p);
	M(free)(p);
	q = M(malloc)(size - 4096);
	CHECK(q == p);
	CHECK_EQ(M(malloc_usable_size)(q), size - 4096);
	M(free)(q);

	/* malloc_trim() unmaps the cache */
	CHECK(zm_big_cached() > 0);
	M(malloc_trim)(0);
	CHECK_EQ(zm_big_cached(), 0);
	kept_budget();

	/* entries decay: after more than a second the next big call unmaps */
	M(free)(M(malloc)(size));
	CHECK(zm_big_cached() >= size);
	nanosleep(&ts, NULL);
	p = M(malloc)(20 * MIB);                /* no fit, and too long to grow 8 MiB */
	REQUIRE(p);
	CHECK_EQ(zm_big_cached(), 0);
	M(free)(p);
	M(malloc_trim)(0);

	/* and a program that only makes small calls after its last big one
	 * still sheds them: not before the decay time, after it */
	M(free)(M(malloc)(size));
	CHECK(small_burst());
	CHECK(zm_big_cached() >= size);
	nanosleep(&ts, NULL);
	CHECK(small_burst());
	CHECK_EQ(zm_big_cached(), 0);
	CHECK_EQ(zt_reports, 0ul);
	return zt_summary("test_malloc_bigcache");
}
