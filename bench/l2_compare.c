/* SPDX-License-Identifier: MIT */
/*
 * l2_compare.c - the level-2 table sources compared (see l2_compare.h).
 *
 * A run is: set the source up, sample, drive the pattern (allocations and
 * frees in timed chunks of at most SAMPLE_EVERY calls, a sample after each
 * chunk), let the source give back what it can, sample the end point, then
 * free everything, tear the source down and sample once more.  Samples read
 * the zones' free counts; the clock runs only around the calls themselves.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <zslab/zslab.h>

#include "l2_compare.h"

#define TABLE_SIZE   1024u
#define POOL_ORDER   10                    /* 4 MiB = 4096 tables */
#define SAMPLE_EVERY 256u
#define LOW_4G       (1ULL << 32)

/* --- the sources ---------------------------------------------------------- */

struct l2src {
	struct kmem_cache *cache;
	struct gen_pool *pool;
	unsigned long pool_mem;
	struct page_frag_cache nc;
};

struct source_ops {
	const char *name;
	int (*setup)(struct l2src *s);
	void *(*alloc)(struct l2src *s);
	void (*free)(struct l2src *s, void *table);
	void (*give_back)(struct l2src *s);   /* before the end point */
	void (*teardown)(struct l2src *s);    /* every table freed */
};

/*
 * The cache the series chose.  SLAB_NO_MERGE keeps it apart from any
 * io-pgtable cache of the same geometry living in the same process, so
 * that its pages are this run's alone.
 */
static int slab_setup(struct l2src *s)
{
	s->cache = kmem_cache_create("l2cmp_slab_dma32", TABLE_SIZE, TABLE_SIZE,
				     SLAB_CACHE_DMA32 | SLAB_NO_MERGE, NULL);
	return s->cache ? 0 : -ENOMEM;
}

static void *slab_alloc(struct l2src *s)
{
	return kmem_cache_zalloc(s->cache, GFP_KERNEL);
}

static void slab_free(struct l2src *s, void *t)
{
	kmem_cache_free(s->cache, t);
}

static void slab_give_back(struct l2src *s)
{
	kmem_cache_shrink(s->cache);
}

static void slab_teardown(struct l2src *s)
{
	kmem_cache_destroy(s->cache);
}

/* genalloc: all 4096 tables' memory handed to the pool at once. */
static int pool_setup(struct l2src *s)
{
	s->pool_mem = __get_free_pages(GFP_KERNEL | GFP_DMA32, POOL_ORDER);
	if (!s->pool_mem)
		return -ENOMEM;
	s->pool = gen_pool_create(POOL_ORDER, -1);
	if (s->pool &&
	    gen_pool_add_virt(s->pool, s->pool_mem, virt_to_phys((void *)s->pool_mem),
			      PAGE_SIZE << POOL_ORDER, -1) == 0)
		return 0;
	gen_pool_destroy(s->pool);
	free_pages(s->pool_mem, POOL_ORDER);
	return -ENOMEM;
}

static void *pool_alloc(struct l2src *s)
{
	void *t = (void *)gen_pool_alloc(s->pool, TABLE_SIZE);

	if (t)
		memset(t, 0, TABLE_SIZE);
	return t;
}

static void pool_free(struct l2src *s, void *t)
{
	gen_pool_free(s->pool, (unsigned long)t, TABLE_SIZE);
}

static void pool_teardown(struct l2src *s)
{
	gen_pool_destroy(s->pool);
	free_pages(s->pool_mem, POOL_ORDER);
}

/* page_frag, as the v3 RFC had it (a recycled block is not zeroed: memset). */
static int frag_setup(struct l2src *s)
{
	memset(&s->nc, 0, sizeof(s->nc));
	return 0;
}

static void *frag_alloc(struct l2src *s)
{
	void *t = page_frag_alloc_align(&s->nc, TABLE_SIZE, GFP_KERNEL | GFP_DMA32,
					TABLE_SIZE);

	if (t)
		memset(t, 0, TABLE_SIZE);
	return t;
}

static void frag_free(struct l2src *s, void *t)
{
	(void)s;
	page_frag_free(t);
}

static void frag_teardown(struct l2src *s)
{
	page_frag_cache_drain(&s->nc);
}

/* One zeroed DMA32 page per table. */
static int page_setup(struct l2src *s)
{
	(void)s;
	return 0;
}

static void *page_alloc(struct l2src *s)
{
	(void)s;
	return (void *)__get_free_pages(GFP_KERNEL | GFP_DMA32 | __GFP_ZERO, 0);
}

static void page_free(struct l2src *s, void *t)
{
	(void)s;
	free_pages((unsigned long)t, 0);
}

static void nothing(struct l2src *s)
{
	(void)s;
}

static const struct source_ops sources[L2CMP_NR_SOURCES] = {
	[L2CMP_SLAB] = { "slab-dma32", slab_setup, slab_alloc, slab_free,
			 slab_give_back, slab_teardown },
	[L2CMP_GENALLOC] = { "genalloc-4M", pool_setup, pool_alloc, pool_free,
			     nothing, pool_teardown },
	[L2CMP_PAGE_FRAG] = { "page_frag", frag_setup, frag_alloc, frag_free,
			      nothing, frag_teardown },
	[L2CMP_PAGE] = { "page-per-table", page_setup, page_alloc, page_free,
			 nothing, nothing },
};

const char *l2cmp_source_name(enum l2cmp_source src)
{
	return src < L2CMP_NR_SOURCES ? sources[src].name : "?";
}

/* --- measuring the zones -------------------------------------------------- */

/* Add the numbers of one zoneinfo line to *managed, *free, *pcp. */
static void zoneinfo_line(const char *line, long *managed, long *free_pages,
			  long *pcp)
{
	long v;

	if (sscanf(line, " pages free %ld", &v) == 1)
		*free_pages += v;
	else if (sscanf(line, " managed %ld", &v) == 1)
		*managed += v;
	else if (sscanf(line, " count: %ld", &v) == 1)
		*pcp += v;
}

long l2cmp_below4g_used(void)
{
	long managed = 0, free_pages = 0, pcp = 0;
	char *text = NULL, *line, *save = NULL;
	size_t len = 0;
	bool below = false;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		return -1;
	if (zslab_proc_show("zoneinfo", f)) {
		fclose(f);
		free(text);
		return -1;
	}
	fclose(f);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char zone[16];
		int node;

		if (sscanf(line, "Node %d, zone %15s", &node, zone) == 2)
			below = !strcmp(zone, "DMA") || !strcmp(zone, "DMA32");
		else if (below)
			zoneinfo_line(line, &managed, &free_pages, &pcp);
	}
	free(text);
	return managed - free_pages - pcp;
}

/* --- a run ---------------------------------------------------------------- */

struct run {
	const struct source_ops *ops;
	struct l2src src;
	const struct l2cmp_params *p;
	struct l2cmp_result *r;
	void **live;
	unsigned long nlive, cap;
	uint64_t rng;
	long base;
	uint64_t ns_alloc, ns_free;
	bool stop;       /* an allocation failed: stop growing this phase */
};

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static uint64_t rnd(uint64_t *s)
{
	uint64_t x = *s ? *s : 0x9e3779b97f4a7c15ull;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	return x * 0x2545f4914f6cdd1dull;
}

static unsigned long below(uint64_t *s, unsigned long n)
{
	return n ? (unsigned long)((rnd(s) >> 11) % n) : 0;
}

static void sample(struct run *run)
{
	long held = l2cmp_below4g_used() - run->base;
	struct l2cmp_sample s = {
		.source = run->r->source,
		.ops = run->r->allocs + run->r->frees,
		.live = run->nlive,
		.held_pages = held,
	};

	if (held > run->r->peak_pages)
		run->r->peak_pages = held;
	if (run->p->sample)
		run->p->sample(run->p->arg, &s);
}

/* Check where the tables live[from..nlive) are (outside the clock). */
static void check_placement(struct run *run, unsigned long from)
{
	for (unsigned long i = from; i < run->nlive; i++) {
		phys_addr_t phys = virt_to_phys(run->live[i]);

		if ((phys & (TABLE_SIZE - 1)) || phys + TABLE_SIZE > LOW_4G)
			run->r->high++;
	}
}

/* Allocate until @target tables are live or one allocation fails. */
static void grow_to(struct run *run, unsigned long target)
{
	run->stop = false;
	while (run->nlive < target && !run->stop) {
		unsigned long from = run->nlive;
		unsigned long end = target - from > SAMPLE_EVERY ? from + SAMPLE_EVERY : target;
		uint64_t t0 = now_ns();

		while (run->nlive < end) {
			void *t = run->ops->alloc(&run->src);
			run->r->allocs++;
			if (!t) {
				run->r->failures++;
				run->stop = true;
				break;
			}
			run->live[run->nlive++] = t;
		}
		run->ns_alloc += now_ns() - t0;
		check_placement(run, from);
		sample(run);
	}
}

/* Free live[from..nlive). */
static void free_from(struct run *run, unsigned long from)
{
	while (run->nlive > from) {
		unsigned long end = run->nlive - from > SAMPLE_EVERY ?
				    run->nlive - SAMPLE_EVERY : from;
		uint64_t t0 = now_ns();

		while (run->nlive > end) {
			run->ops->free(&run->src, run->live[--run->nlive]);
			run->r->frees++;
		}
		run->ns_free += now_ns() - t0;
		sample(run);
	}
}

/* Free @n tables chosen at random. */
static void free_random(struct run *run, unsigned long n)
{
	if (n > run->nlive)
		n = run->nlive;
	for (unsigned long i = 0; i < n; i++) {
		unsigned long last = run->nlive - 1 - i;
		unsigned long j = below(&run->rng, last + 1);
		void *t = run->live[j];

		run->live[j] = run->live[last];
		run->live[last] = t;
	}
	free_from(run, run->nlive - n);
}

static void pattern_churn(struct run *run)
{
	const struct l2cmp_params *p = run->p;

	grow_to(run, p->tables);
	for (unsigned int r = 0; r < p->rounds; r++) {
		free_random(run, (unsigned long)run->nlive * p->percent / 100);
		grow_to(run, p->tables);
	}
	free_random(run, run->nlive - p->tables / 8);
}

static void pattern_sparse(struct run *run)
{
	const struct l2cmp_params *p = run->p;

	for (unsigned int r = 0; r < p->rounds; r++) {
		unsigned long start = run->nlive;
		grow_to(run, start + p->batch);
		if (run->nlive == start)
			continue;
		/* One of this round's tables survives; the others go. */
		unsigned long keep = start + below(&run->rng, run->nlive - start);
		void *t = run->live[keep];
		run->live[keep] = run->live[start];
		run->live[start] = t;
		free_from(run, start + 1);
	}
}

/*
 * How many of the idle bytes the source can hand out again: allocate
 * tables one at a time until one needs a page the zones had to lend (or
 * the source fails), then free them.  Untimed and uncounted.
 */
static long probe_reusable(struct run *run)
{
	long used = l2cmp_below4g_used();
	unsigned long n = 0, cap = 0;
	void **t = NULL;

	for (;;) {
		if (n == cap) {
			void **more = realloc(t, (cap = cap ? 2 * cap : 256) * sizeof(*t));
			if (!more)
				break;
			t = more;
		}
		if (!(t[n] = run->ops->alloc(&run->src)))
			break;
		n++;
		if (l2cmp_below4g_used() > used)
			break;
	}
	long reused = (long)n - (n && l2cmp_below4g_used() > used);
	while (n)
		run->ops->free(&run->src, t[--n]);
	free(t);
	return reused * (long)TABLE_SIZE;
}

static int check_params(const struct l2cmp_params *p)
{
	if (p->pattern == L2CMP_CHURN)
		return p->tables && p->percent >= 1 && p->percent <= 100 ? 0 : -EINVAL;
	if (p->pattern == L2CMP_SPARSE)
		return p->batch ? 0 : -EINVAL;
	return -EINVAL;
}

static unsigned long live_capacity(const struct l2cmp_params *p)
{
	if (p->pattern == L2CMP_CHURN)
		return p->tables;
	return (unsigned long)p->rounds + p->batch;
}

int l2cmp_run(enum l2cmp_source src, const struct l2cmp_params *p,
	      struct l2cmp_result *out)
{
	struct run run = { .p = p, .r = out };
	int err;

	if (src >= L2CMP_NR_SOURCES || !p || !out || check_params(p))
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	out->source = src;
	out->name = sources[src].name;
	run.ops = &sources[src];
	run.rng = p->seed;
	run.cap = live_capacity(p);
	run.live = calloc(run.cap, sizeof(*run.live));
	if (!run.live)
		return -ENOMEM;
	run.base = l2cmp_below4g_used();
	err = run.ops->setup(&run.src);
	if (err) {
		free(run.live);
		return err;
	}
	sample(&run);
	out->setup_pages = out->peak_pages;
	if (p->pattern == L2CMP_CHURN)
		pattern_churn(&run);
	else
		pattern_sparse(&run);
	run.ops->give_back(&run.src);
	out->end_live = run.nlive;
	out->end_pages = l2cmp_below4g_used() - run.base;
	out->idle_bytes = out->end_pages * (long)PAGE_SIZE -
			  (long)out->end_live * (long)TABLE_SIZE;
	out->stuck_bytes = out->idle_bytes - probe_reusable(&run);
	free_from(&run, 0);
	run.ops->teardown(&run.src);
	out->after_pages = l2cmp_below4g_used() - run.base;
	out->ns_alloc = out->allocs ? (double)run.ns_alloc / (double)out->allocs : 0;
	out->ns_free = out->frees ? (double)run.ns_free / (double)out->frees : 0;
	free(run.live);
	return 0;
}

struct l2cmp_params l2cmp_default_params(enum l2cmp_pattern pattern)
{
	if (pattern == L2CMP_SPARSE)
		return (struct l2cmp_params){ .pattern = L2CMP_SPARSE,
					      .rounds = 1024, .batch = 32,
					      .seed = 0x12c0ffee };
	return (struct l2cmp_params){ .pattern = L2CMP_CHURN, .tables = 3072,
				      .rounds = 8, .percent = 50,
				      .seed = 0x12c0ffee };
}

void l2cmp_print(FILE *out, const char *title, const struct l2cmp_result *r,
		 unsigned int n)
{
	fprintf(out, "%s\n", title);
	fprintf(out, "  %-15s %9s %9s %9s %8s %9s %10s %5s %8s %7s\n", "source",
		"setup KiB", "peak KiB", "end KiB", "end live", "idle KiB",
		"stuck KiB", "fails", "ns/alloc", "ns/free");
	for (unsigned int i = 0; i < n; i++)
		fprintf(out, "  %-15s %9ld %9ld %9ld %8lu %9ld %10ld %5lu %8.0f %7.0f\n",
			r[i].name, r[i].setup_pages * 4, r[i].peak_pages * 4,
			r[i].end_pages * 4, r[i].end_live, r[i].idle_bytes / 1024,
			r[i].stuck_bytes / 1024, r[i].failures, r[i].ns_alloc,
			r[i].ns_free);
}
