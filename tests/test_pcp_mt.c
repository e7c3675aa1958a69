/* SPDX-License-Identifier: MIT */
/*
 * test_pcp_mt.c - per-thread lists of order-0 pages (the kernel's per-cpu
 * pagesets): several threads allocating and freeing at once keep the
 * allocator consistent; each thread's cached pages show in zoneinfo's
 * pagesets and go back to the zone when the thread exits; and memory
 * hoarded on other threads' lists is drained when an allocation would
 * otherwise fail.
 */
#include "zt.h"
#include "zt_mm.h"

#include <pthread.h>

#define THREADS 4

static pthread_barrier_t parked, resume;

/* ------------------------------------------------------------------ */
/* zoneinfo pagesets of one zone                                       */
/* ------------------------------------------------------------------ */

struct pagesets {
	int ncpu;
	long count_sum;
	int with_pages;
	unsigned int high, batch;
	bool format_ok;
};

static void parse_pagesets(const char *zone, struct pagesets *ps)
{
	char *text = zm_proc("zoneinfo"), *save = NULL, *line;
	bool in_zone = false, in_sets = false;

	memset(ps, 0, sizeof(*ps));
	ps->format_ok = true;
	REQUIRE(text);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char name[16];
		int node, cpu, count;
		unsigned int v;

		if (sscanf(line, "Node %d, zone %15s", &node, name) == 2) {
			in_zone = !strcmp(name, zone);
			in_sets = false;
			continue;
		}
		if (!in_zone)
			continue;
		if (!strcmp(line, "  pagesets")) {
			in_sets = true;
			continue;
		}
		if (!in_sets)
			continue;
		if (sscanf(line, "    cpu: %d", &cpu) == 1 && !strncmp(line, "    cpu: ", 9)) {
			ps->ncpu++;
		} else if (!strncmp(line, "              count: ", 21) &&
			   sscanf(line + 21, "%d", &count) == 1) {
			ps->count_sum += count;
			ps->with_pages += count > 0;
		} else if (!strncmp(line, "              high:  ", 21) &&
			   sscanf(line + 21, "%u", &v) == 1) {
			ps->format_ok &= !ps->high || ps->high == v;
			ps->high = v;
		} else if (!strncmp(line, "              batch: ", 21) &&
			   sscanf(line + 21, "%u", &v) == 1) {
			ps->format_ok &= !ps->batch || ps->batch == v;
			ps->batch = v;
		} else {
			in_sets = false;   /* the lines after the pagesets */
		}
	}
	free(text);
}

/* ------------------------------------------------------------------ */
/* Phase 1: concurrent traffic; caches visible; returned on exit        */
/* ------------------------------------------------------------------ */

static _Atomic long stress_fail;

static void *stress_thread(void *arg)
{
	uint64_t seed = zm_seed(1000) + (uintptr_t)arg;
	struct page *stack[256];
	int n = 0;

	for (int i = 0; i < 20000; i++) {
		if (n < 256 && (n == 0 || zm_below(&seed, 2))) {
			struct page *pg = alloc_page(GFP_KERNEL | __GFP_NOWARN);
			if (!pg) {
				stress_fail++;
				continue;
			}
			*(volatile unsigned long *)page_address(pg) = (uintptr_t)arg;
			stack[n++] = pg;
		} else {
			unsigned long k = zm_below(&seed, (unsigned long)n);
			struct page *pg = stack[k];
			if (*(volatile unsigned long *)page_address(pg) != (uintptr_t)arg)
				stress_fail++;
			stack[k] = stack[--n];
			__free_page(pg);
		}
	}
	while (n)
		__free_page(stack[--n]);
	/* Keep some pages cached: take a few and give them back. */
	for (int i = 0; i < 20; i++)
		stack[i] = alloc_page(GFP_KERNEL);
	for (int i = 0; i < 20; i++)
		__free_page(stack[i]);
	pthread_barrier_wait(&parked);
	pthread_barrier_wait(&resume);
	return NULL;   /* exiting gives the cached pages back */
}

static void test_cached_pages(void)
{
	pthread_t t[THREADS];
	struct zm_buddy boot;
	struct pagesets ps;
	unsigned int batch, high;

	REQUIRE(zslab_init("memmap=256M@0x100000000") == 0);
	zm_buddy_snap(&boot);
	batch = zs_zones[ZONE_NORMAL].pcp_batch;
	high = zs_zones[ZONE_NORMAL].pcp_high;
	/* zone_batchsize(): 65536/1024 = 64 -> /4 = 16 -> 2^4 - 1; high 6x. */
	CHECK_EQ(batch, 15);
	CHECK_EQ(high, 90);

	for (long i = 0; i < THREADS; i++)
		REQUIRE(pthread_create(&t[i], NULL, stress_thread, (void *)(i + 1)) == 0);
	pthread_barrier_wait(&parked);
	/* All threads parked with pages on their lists. */
	CHECK_EQ(stress_fail, 0);
	CHECK_EQ(zslab_validate(), 0);
	parse_pagesets("Normal", &ps);
	CHECK(ps.format_ok);
	CHECK(ps.ncpu >= THREADS);
	CHECK(ps.with_pages >= THREADS);
	CHECK_EQ(ps.high, high);
	CHECK_EQ(ps.batch, batch);
	CHECK_EQ(ps.count_sum, zs_pcp_walk_count(ZONE_NORMAL));
	CHECK(ps.count_sum >= THREADS * 20);
	CHECK(ps.count_sum <= THREADS * (long)(high + batch));
	CHECK_EQ(zm_free(ZONE_NORMAL) + ps.count_sum, boot.free[ZONE_NORMAL]);
	pthread_barrier_wait(&resume);
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	/* Exited threads gave their pages back, but for one thread's lists,
	 * kept whole in the reserve for the next thread (bounded, not a cpu
	 * in zoneinfo); a drain (any shrink) empties it. */
	long kept = zs_pcp_walk_count(ZONE_NORMAL);
	CHECK(kept <= (long)(high + batch));
	CHECK_EQ(zm_free(ZONE_NORMAL) + kept, boot.free[ZONE_NORMAL]);
	parse_pagesets("Normal", &ps);
	CHECK_EQ(ps.count_sum, 0);
	zs_pcp_drain_all();
	CHECK_EQ(zm_free(ZONE_NORMAL), boot.free[ZONE_NORMAL]);
	CHECK_EQ(zs_pcp_walk_count(ZONE_NORMAL), 0);
	CHECK_EQ(zslab_validate(), 0);
	CHECK(zm_buddy_equal(&boot, "after threads exited"));
	zslab_exit();
}

/* ------------------------------------------------------------------ */
/* Phase 2: hoarded pages are drained for a failing allocation          */
/* ------------------------------------------------------------------ */

#define HOARDERS 3
#define HOARD 80        /* below pcp high (90): all of it stays cached */

static struct page *gift[HOARDERS][HOARD];

static void *hoarder(void *arg)
{
	long id = (long)arg;

	pthread_barrier_wait(&resume);           /* gifts ready */
	for (int i = 0; i < HOARD; i++)
		__free_page(gift[id][i]);            /* onto this thread's list */
	pthread_barrier_wait(&parked);
	pthread_barrier_wait(&resume);           /* main is done */
	return NULL;
}

static void test_drain_hoards(void)
{
	pthread_t t[HOARDERS];
	struct zm_buddy boot;
	struct page **mine;
	size_t n = 0, cap = 1u << 17;
	long before, hoarded, after_first;
	struct page *pg;

	REQUIRE(zslab_init("memmap=256M@0x100000000") == 0);
	zm_buddy_snap(&boot);
	mine = malloc(cap * sizeof(*mine));
	REQUIRE(mine);
	pthread_barrier_destroy(&parked);
	pthread_barrier_destroy(&resume);
	pthread_barrier_init(&parked, NULL, HOARDERS + 1);
	pthread_barrier_init(&resume, NULL, HOARDERS + 1);
	for (long i = 0; i < HOARDERS; i++)
		REQUIRE(pthread_create(&t[i], NULL, hoarder, (void *)i) == 0);

	/* Take everything GFP_KERNEL may take. */
	while (n < cap && (pg = alloc_page(GFP_KERNEL | __GFP_NOWARN)) != NULL)
		mine[n++] = pg;
	REQUIRE(n > HOARDERS * HOARD);
	/* Hand the last pages to the hoarders, who free them and park. */
	for (int h = 0; h < HOARDERS; h++)
		for (int i = 0; i < HOARD; i++)
			gift[h][i] = mine[--n];
	pthread_barrier_wait(&resume);
	pthread_barrier_wait(&parked);

	/* The zone alone is at its min mark: without a drain this fails. */
	hoarded = zs_pcp_walk_count(ZONE_NORMAL);
	CHECK(hoarded >= HOARDERS * HOARD);
	before = zm_free(ZONE_NORMAL);
	CHECK(before <= (long)zs_zones[ZONE_NORMAL].watermark[WMARK_MIN]);
	pg = alloc_page(GFP_KERNEL | __GFP_NOWARN);
	CHECK(pg != NULL);
	if (pg)
		mine[n++] = pg;
	after_first = zs_pcp_walk_count(ZONE_NORMAL);
	CHECK(after_first <= (long)zs_zones[ZONE_NORMAL].pcp_batch);  /* drained */
	/* The hoards are usable again: take them all. */
	{
		size_t more = 0;
		while (n < cap && (pg = alloc_page(GFP_KERNEL | __GFP_NOWARN)) != NULL) {
			mine[n++] = pg;
			more++;
		}
		CHECK((long)more + 1 >= hoarded - (long)zs_zones[ZONE_NORMAL].pcp_batch);
	}
	CHECK_EQ(zslab_validate(), 0);

	pthread_barrier_wait(&resume);
	for (int i = 0; i < HOARDERS; i++)
		pthread_join(t[i], NULL);
	while (n)
		__free_page(mine[--n]);
	free(mine);
	CHECK_EQ(zslab_validate(), 0);
	CHECK(zm_buddy_equal(&boot, "after hoarding"));
	zslab_exit();
}

int main(void)
{
	zm_watchdog(240);
	zm_log_start();
	pthread_barrier_init(&parked, NULL, THREADS + 1);
	pthread_barrier_init(&resume, NULL, THREADS + 1);
	test_cached_pages();
	test_drain_hoards();
	pthread_barrier_destroy(&parked);
	pthread_barrier_destroy(&resume);
	return zt_summary("test_pcp_mt");
}
