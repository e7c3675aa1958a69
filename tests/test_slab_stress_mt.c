/* SPDX-License-Identifier: MIT */
/*
 * test_slab_stress_mt.c - the stress test: 4 threads share a table of
 * slots; each operation takes a random slot and either fills it (an object
 * of one of 20 caches - plain, aligned, accounted, with a ctor, with a red
 * zone, DMA and DMA32 ones - or a kmalloc of a random size, large ones and
 * GFP_DMA ones included) or empties it, checking the object's contents (a
 * pattern made from its address) and freeing it, usually on another
 * thread than the one that allocated it; now and then a bulk round trip.
 * Every object is checked for its zone and alignment.  Meanwhile threads
 * shrink shared caches and make, use and destroy private ones (which may
 * merge with the shared ones).  Then the validator,
 * then "nothing lost": all caches destroyed silently, zs_slab_shrink_all(),
 * and the page allocator's buddyinfo equals its state before the caches
 * were made.  Run on the default map, on "memmap=4G@0x40000000" (no DMA
 * zone there: DMA requests must fail, DMA32 objects stay below 4 GiB) and,
 * shorter, on two RAM ranges with a gap (Normal memory in the second).
 *
 * ZT_STRESS_OPS sets the operations per thread and map; ZT_SEED the seed.
 */
#include "zt.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#include "mm/mm_internal.h"
#include "mm/mm_proc.h"
#include "slab/slab.h"

#define NTHREADS 4
#define NCACHES 20
#define NSLOTS 8192
#define NSTRIPES 256
#define MIB (1ULL << 20)
#define GIB (1ULL << 30)

/* --- reports ------------------------------------------------------------------ */

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned long nreports;
static char first_report[4096];

static void count_hook(const char *text, void *arg)
{
	(void)arg;
	pthread_mutex_lock(&log_lock);
	if (!nreports++)
		snprintf(first_report, sizeof(first_report), "%s", text);
	if (getenv("ZT_VERBOSE"))
		fputs(text, stderr);
	pthread_mutex_unlock(&log_lock);
}

static unsigned long reports_take(void)
{
	unsigned long n;

	pthread_mutex_lock(&log_lock);
	n = nreports;
	if (n)
		fprintf(stderr, "%lu reports; the first:\n%s", n, first_report);
	nreports = 0;
	first_report[0] = 0;
	pthread_mutex_unlock(&log_lock);
	return n;
}

/* --- the caches ----------------------------------------------------------------- */

static atomic_ulong ctor_runs;

static void st_ctor(void *p)
{
	atomic_fetch_add_explicit(&ctor_runs, 1, memory_order_relaxed);
	memset(p, 0xc7, 128);
}

struct spec {
	const char *name;
	unsigned int size, align;
	slab_flags_t flags;
	void (*ctor)(void *);
};

static const struct spec specs[NCACHES] = {
	{ "st-8", 8, 0, 0, NULL },
	{ "st-24", 24, 0, 0, NULL },
	{ "st-64-hw", 64, 0, SLAB_HWCACHE_ALIGN, NULL },
	{ "st-96", 96, 0, 0, NULL },
	{ "st-200-rcl", 200, 0, SLAB_RECLAIM_ACCOUNT, NULL },
	{ "st-256-acct", 256, 0, SLAB_ACCOUNT, NULL },
	{ "st-700", 700, 0, 0, NULL },
	{ "st-1024", 1024, 0, 0, NULL },
	{ "st-3000", 3000, 0, 0, NULL },
	{ "st-5000", 5000, 0, 0, NULL },
	{ "st-12000", 12000, 0, 0, NULL },
	{ "st-ctor-128", 128, 0, 0, st_ctor },
	{ "st-redzone-300", 300, 0, SLAB_RED_ZONE, NULL },
	{ "st-dma-72", 72, 0, SLAB_CACHE_DMA, NULL },
	{ "st-dma-1000", 1000, 0, SLAB_CACHE_DMA, NULL },
	{ "st-dma32-l2", 1024, 1024, SLAB_CACHE_DMA32, NULL },
	{ "st-dma32-l2-b", 1024, 1024, SLAB_CACHE_DMA32, NULL },   /* merges */
	{ "st-dma32-100", 100, 0, SLAB_CACHE_DMA32, NULL },
	{ "st-dma32-4096", 4096, 0, SLAB_CACHE_DMA32, NULL },
	{ "st-dma32-16k", 16384, 0, SLAB_CACHE_DMA32 | SLAB_HWCACHE_ALIGN, NULL },
};

static struct kmem_cache *caches[NCACHES];
static bool chromebook;     /* no DMA zone on this map */

static void create_caches(void)
{
	for (int i = 0; i < NCACHES; i++) {
		caches[i] = kmem_cache_create(specs[i].name, specs[i].size, specs[i].align,
					      specs[i].flags, specs[i].ctor);
		REQUIRE(caches[i]);
	}
}

static void destroy_caches(void)
{
	for (int i = NCACHES - 1; i >= 0; i--)
		kmem_cache_destroy(caches[i]);
}

/* --- object contents --------------------------------------------------------- */

static inline uint64_t pattern(const void *p, size_t k)
{
	return ((uint64_t)(uintptr_t)p * 0x9e3779b97f4a7c15ull) ^ (k * 0x100000001b3ull);
}

/* Stamp the first 2048 and the last 64 words (all of any object <= 16 KiB). */
static void stamp(void *p, size_t size)
{
	uint64_t *w = p;
	size_t n = size / 8;

	for (size_t k = 0; k < n; k++) {
		if (k == 2048 && n > 2048 + 64)
			k = n - 64;
		w[k] = pattern(p, k);
	}
}

static bool stamped(const void *p, size_t size)
{
	const uint64_t *w = p;
	size_t n = size / 8;

	for (size_t k = 0; k < n; k++) {
		if (k == 2048 && n > 2048 + 64)
			k = n - 64;
		if (w[k] != pattern(p, k))
			return false;
	}
	return true;
}

/* --- the slot table -------------------------------------------------------------- */

enum kind { K_EMPTY, K_CACHE, K_KMALLOC, K_KMALLOC_DMA };

struct slot {
	void *p;
	uint32_t size;
	uint8_t kind, cache;
};

static struct slot slots[NSLOTS];
static pthread_mutex_t stripes[NSTRIPES];
static pthread_barrier_t drain_barrier;
static unsigned long ops_per_thread;
static uint64_t base_seed;

struct stats {
	unsigned long allocs, frees, bulk, bad_contents, bad_zone, bad_align;
	unsigned long unexpected_null, unexpected_dma, expected_null;
};

static struct stats totals;
static pthread_mutex_t totals_lock = PTHREAD_MUTEX_INITIALIZER;

static uint64_t next(uint64_t *s)
{
	uint64_t x = *s;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	return x * 0x2545f4914f6cdd1dull;
}

/* A kmalloc size: mostly small (log-uniform 1..8192), some large. */
static uint32_t kmalloc_size(uint64_t r)
{
	unsigned int pick = (unsigned int)(r % 100);

	if (pick < 6)
		return (uint32_t)(8193 + (r >> 8) % (65536 - 8192));
	unsigned int bits = 1 + (unsigned int)((r >> 8) % 13);        /* 1..8192 */
	uint32_t lo = 1u << (bits - 1), hi = 1u << bits;
	return lo + (uint32_t)((r >> 16) % (hi - lo + 1));
}

static bool is_dma(int c)
{
	return specs[c].flags & SLAB_CACHE_DMA;
}

/* Check a new object's zone and alignment. */
static void check_new(struct stats *st, const void *p, int kind, int c)
{
	phys_addr_t pa = virt_to_phys(p);

	if (kind == K_KMALLOC_DMA || (kind == K_CACHE && is_dma(c)))
		st->bad_zone += pa >= 16 * MIB;
	else if (kind == K_CACHE && (specs[c].flags & SLAB_CACHE_DMA32))
		st->bad_zone += pa >= 4 * GIB;
	if (kind == K_CACHE && caches[c]->align)
		st->bad_align += (uintptr_t)p % caches[c]->align != 0;
}

/* Fill slot @sl with a new object chosen by @r. */
static void fill_slot(struct stats *st, struct slot *sl, uint64_t r)
{
	unsigned int what = (unsigned int)(r % 100);
	bool want_dma = false;
	void *p;

	if (what < 65) {
		int c = (int)((r >> 8) % NCACHES);
		want_dma = is_dma(c);
		p = kmem_cache_alloc(caches[c], GFP_KERNEL | (want_dma && chromebook ? __GFP_NOWARN : 0));
		sl->kind = K_CACHE;
		sl->cache = (uint8_t)c;
		sl->size = specs[c].size;
	} else if (what < 97) {
		sl->size = kmalloc_size(r >> 8);
		p = kmalloc(sl->size, GFP_KERNEL);
		sl->kind = K_KMALLOC;
	} else {
		want_dma = true;
		sl->size = 1 + (uint32_t)((r >> 8) % 2048);
		p = kmalloc(sl->size, GFP_KERNEL | GFP_DMA | (chromebook ? __GFP_NOWARN : 0));
		sl->kind = K_KMALLOC_DMA;
	}
	if (!p) {
		if (want_dma && chromebook)
			st->expected_null++;
		else
			st->unexpected_null++;
		sl->kind = K_EMPTY;
		return;
	}
	if (want_dma && chromebook) {
		st->unexpected_dma++;       /* there is no DMA memory on this map */
	}
	check_new(st, p, sl->kind, sl->cache);
	stamp(p, sl->size);
	sl->p = p;
	st->allocs++;
}

static void empty_slot(struct stats *st, struct slot *sl)
{
	if (!stamped(sl->p, sl->size))
		st->bad_contents++;
	if (sl->kind == K_CACHE)
		kmem_cache_free(caches[sl->cache], sl->p);
	else
		kfree(sl->p);
	sl->p = NULL;
	sl->kind = K_EMPTY;
	st->frees++;
}

/* A bulk round trip on a random cache. */
static void bulk_round(struct stats *st, uint64_t r)
{
	int c = (int)(r % NCACHES);
	void *v[16];

	if (is_dma(c) && chromebook)
		return;
	if (kmem_cache_alloc_bulk(caches[c], GFP_KERNEL, 16, v) != 16) {
		st->unexpected_null++;
		return;
	}
	for (int i = 0; i < 16; i++) {
		check_new(st, v[i], K_CACHE, c);
		stamp(v[i], specs[c].size);
	}
	for (int i = 0; i < 16; i++)
		st->bad_contents += !stamped(v[i], specs[c].size);
	kmem_cache_free_bulk(caches[c], 16, v);
	st->bulk++;
}

/*
 * Now and then: shrink one of the shared caches while the others work on
 * it, or make a private cache (it may merge with a shared one), use it
 * and destroy it.
 */
static void side_trip(struct stats *st, uintptr_t id, uint64_t r)
{
	static const slab_flags_t flag_pick[4] = { 0, SLAB_CACHE_DMA32, SLAB_RECLAIM_ACCOUNT,
						   SLAB_HWCACHE_ALIGN };
	char name[32];
	struct kmem_cache *s;
	unsigned int size;
	void *v[50];

	if (r % 2 == 0) {
		int c = (int)((r >> 8) % NCACHES);
		if (!(is_dma(c) && chromebook))
			kmem_cache_shrink(caches[c]);
		return;
	}
	size = 8 + (unsigned int)((r >> 8) % 3000);
	snprintf(name, sizeof(name), "st-private-%u", (unsigned int)id);
	s = kmem_cache_create(name, size, 0, flag_pick[(r >> 24) % 4], NULL);
	if (!s) {
		st->unexpected_null++;
		return;
	}
	for (int i = 0; i < 50; i++) {
		v[i] = kmem_cache_alloc(s, GFP_KERNEL);
		if (!v[i]) {
			st->unexpected_null++;
			while (i-- > 0)
				kmem_cache_free(s, v[i]);
			kmem_cache_destroy(s);
			return;
		}
		stamp(v[i], size);
	}
	for (int i = 0; i < 50; i++) {
		st->bad_contents += !stamped(v[i], size);
		kmem_cache_free(s, v[i]);
	}
	kmem_cache_destroy(s);
}

static void *worker(void *arg)
{
	uintptr_t id = (uintptr_t)arg;
	uint64_t seed = base_seed ^ (0x9e3779b97f4a7c15ull * (id + 1));
	struct stats st = { 0 };

	for (unsigned long op = 0; op < ops_per_thread; op++) {
		uint64_t r = next(&seed);
		unsigned int idx = (unsigned int)(r % NSLOTS);
		pthread_mutex_t *lock = &stripes[idx % NSTRIPES];

		if ((r >> 40) % 64 == 0) {
			bulk_round(&st, r >> 13);
			continue;
		}
		if ((r >> 40) % 4096 == 1) {
			side_trip(&st, id, next(&seed));
			continue;
		}
		pthread_mutex_lock(lock);
		if (slots[idx].kind == K_EMPTY)
			fill_slot(&st, &slots[idx], next(&seed));
		else
			empty_slot(&st, &slots[idx]);
		pthread_mutex_unlock(lock);
	}
	/* Drain: each thread empties its share, mostly objects of others. */
	pthread_barrier_wait(&drain_barrier);
	for (unsigned int idx = (unsigned int)id; idx < NSLOTS; idx += NTHREADS) {
		pthread_mutex_lock(&stripes[idx % NSTRIPES]);
		if (slots[idx].kind != K_EMPTY)
			empty_slot(&st, &slots[idx]);
		pthread_mutex_unlock(&stripes[idx % NSTRIPES]);
	}
	pthread_mutex_lock(&totals_lock);
	totals.allocs += st.allocs;
	totals.frees += st.frees;
	totals.bulk += st.bulk;
	totals.bad_contents += st.bad_contents;
	totals.bad_zone += st.bad_zone;
	totals.bad_align += st.bad_align;
	totals.unexpected_null += st.unexpected_null;
	totals.unexpected_dma += st.unexpected_dma;
	totals.expected_null += st.expected_null;
	pthread_mutex_unlock(&totals_lock);
	return NULL;
}

/* --- buddyinfo snapshots ------------------------------------------------------- */

struct snap {
	unsigned long blocks[MAX_NR_ZONES][MAX_ORDER];
	long free[MAX_NR_ZONES];
};

static void take_snap(struct snap *s)
{
	for (unsigned int z = 0; z < MAX_NR_ZONES; z++) {
		for (unsigned int o = 0; o < MAX_ORDER; o++)
			s->blocks[z][o] = zs_buddyinfo_count(z, o);
		s->free[z] = atomic_load(&zs_zones[z].nr_free);
	}
}

static bool same_snap(const struct snap *a, const struct snap *b, const char *what)
{
	bool same = true;

	for (unsigned int z = 0; z < MAX_NR_ZONES; z++) {
		if (a->free[z] != b->free[z]) {
			fprintf(stderr, "%s: zone %u free %ld, before %ld\n", what, z,
				b->free[z], a->free[z]);
			same = false;
		}
		for (unsigned int o = 0; o < MAX_ORDER; o++)
			if (a->blocks[z][o] != b->blocks[z][o]) {
				fprintf(stderr, "%s: zone %u order %u: %lu blocks, before %lu\n",
					what, z, o, b->blocks[z][o], a->blocks[z][o]);
				same = false;
			}
	}
	return same;
}

/* Print which caches still hold slabs (to explain a mismatch). */
static void show_slabs(void)
{
	struct list_head *pos;

	list_for_each(pos, &zs_slab_caches) {
		struct kmem_cache *s = container_of(pos, struct kmem_cache, list);
		if (s->nr_partial + s->nr_full)
			fprintf(stderr, "  %s: %lu partial, %lu full slabs of order %u\n",
				s->name, s->nr_partial, s->nr_full, s->order);
	}
}

/* --- one map ------------------------------------------------------------------------ */

static void run_map(const char *cmdline)
{
	pthread_t t[NTHREADS];
	struct snap before, after;

	zslab_exit();
	REQUIRE(zslab_init(cmdline) == 0);
	chromebook = cmdline && strstr(cmdline, "@0x40000000");
	memset(slots, 0, sizeof(slots));
	memset(&totals, 0, sizeof(totals));

	/* Warm this thread's own state (names, registry) the same way. */
	create_caches();
	destroy_caches();
	zs_slab_shrink_all();
	take_snap(&before);
	CHECK_EQ(reports_take(), 0);

	create_caches();
	CHECK(caches[15] == caches[16]);     /* the two l2 caches merged */
	REQUIRE(pthread_barrier_init(&drain_barrier, NULL, NTHREADS) == 0);
	for (uintptr_t i = 0; i < NTHREADS; i++)
		REQUIRE(pthread_create(&t[i], NULL, worker, (void *)i) == 0);
	for (int i = 0; i < NTHREADS; i++)
		pthread_join(t[i], NULL);
	pthread_barrier_destroy(&drain_barrier);

	fprintf(stderr, "%s: %lu allocations, %lu frees, %lu bulk rounds, %lu DMA NULLs\n",
		cmdline ? cmdline : "default map", totals.allocs, totals.frees,
		totals.bulk, totals.expected_null);
	CHECK(totals.allocs > ops_per_thread);
	CHECK_EQ(totals.frees, totals.allocs);
	CHECK_EQ(totals.bad_contents, 0);
	CHECK_EQ(totals.bad_zone, 0);
	CHECK_EQ(totals.bad_align, 0);
	CHECK_EQ(totals.unexpected_null, 0);
	CHECK_EQ(totals.unexpected_dma, 0);
	if (chromebook)
		CHECK(totals.expected_null > 0);
	else
		CHECK_EQ(totals.expected_null, 0);
	CHECK(atomic_load(&ctor_runs) > 0);
	CHECK_EQ(reports_take(), 0);

	/* The validator, with no thread running. */
	CHECK_EQ(zslab_validate(), 0);
	CHECK_EQ(reports_take(), 0);

	/* Nothing lost. */
	destroy_caches();
	CHECK_EQ(reports_take(), 0);        /* every cache was empty */
	zs_slab_shrink_all();
	take_snap(&after);
	bool same = same_snap(&before, &after, cmdline ? cmdline : "default map");
	CHECK(same);
	if (!same)
		show_slabs();
	CHECK_EQ(zslab_validate(), 0);
	CHECK_EQ(reports_take(), 0);
}

int main(void)
{
	const char *ops = getenv("ZT_STRESS_OPS");
	const char *seed = getenv("ZT_SEED");

	ops_per_thread = ops ? strtoul(ops, NULL, 0) : 500000;
	base_seed = seed ? strtoull(seed, NULL, 0) : 0x5eed5eed12345678ull;
	for (int i = 0; i < NSTRIPES; i++)
		pthread_mutex_init(&stripes[i], NULL);
	zslab_set_report_hook(count_hook, NULL);

	run_map(NULL);
	run_map("memmap=4G@0x40000000");
	/* Two RAM ranges: Normal objects take the slow lookups of the frees. */
	ops_per_thread /= 2;
	run_map("memmap=1G@0 memmap=2G@0x100000000");

	zslab_exit();
	return zt_summary("test_slab_stress_mt");
}
