/* SPDX-License-Identifier: MIT */
/*
 * zslab_slab.c - the zslab side of the slab workloads.  Each mirrors its
 * peer twin in peer_work.c, with malloc/free replaced by the kmem_cache
 * or kmalloc call a kernel developer would use; bulk16 and dma32 exist on
 * the zslab side only and compare zslab with itself.
 * Only the public API is used.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zslab/zslab.h>

#include "zbench.h"

#define PAIR_BATCH  10000u
#define BULK_BATCH  1000u
#define PC_BATCH    4096u
#define ROUNDS      4u	/* interleaved rounds of a two-sided comparison */

/* kmem_cache_create() or exit: a benchmark cannot go on without it. */
static struct kmem_cache *cache_new(const char *name, unsigned int size,
				    slab_flags_t flags)
{
	struct kmem_cache *s = kmem_cache_create(name, size, 0, flags, NULL);

	if (!s)
		bench_oom("kmem_cache_create");
	return s;
}

/*
 * Run @a and @b alternately, ROUNDS times each, @secs in all; store the
 * mean ns per operation of each in *@ns_a and *@ns_b.  Alternating keeps
 * drift (frequency, a neighbour's load) from favouring either side.
 */
static void interleave(bench_batch_fn a, void *ca, bench_batch_fn b,
		       void *cb, double secs, double *ns_a, double *ns_b)
{
	double slice = secs / (2 * ROUNDS);

	*ns_a = *ns_b = 0;
	for (unsigned int i = 0; i < ROUNDS; i++) {
		*ns_a += bench_timed(a, ca, slice) / ROUNDS;
		*ns_b += bench_timed(b, cb, slice) / ROUNDS;
	}
}

/* ---- pair64 / pair1k / dma32 ------------------------------------------- */

/* One batch of kmem_cache_alloc + write one byte + kmem_cache_free. */
static uint64_t zpair_batch(void *arg)
{
	struct kmem_cache *s = arg;

	for (unsigned int i = 0; i < PAIR_BATCH; i++) {
		char *p = kmem_cache_alloc(s, GFP_KERNEL);

		if (!p)
			bench_oom("kmem_cache_alloc");
		p[0] = 1;
		BENCH_BARRIER(p);
		kmem_cache_free(s, p);
	}
	return PAIR_BATCH;
}

/* ns per alloc+free pair on a new cache of @size bytes. */
static double zpair_ns(const char *name, unsigned int size, double secs)
{
	struct kmem_cache *s = cache_new(name, size, 0);
	double ns = bench_timed(zpair_batch, s, secs);

	kmem_cache_destroy(s);
	return ns;
}

/* pair64: ns per kmem_cache_alloc+free pair on a 64 B cache, one thread. */
static struct bench_result z_pair64(double secs)
{
	return (struct bench_result){ zpair_ns("bench-64", PAIR_SMALL, secs),
				      0 };
}

/* pair1k: ns per kmem_cache_alloc+free pair on a 1 KiB cache. */
static struct bench_result z_pair1k(double secs)
{
	return (struct bench_result){ zpair_ns("bench-1k", PAIR_LARGE, secs),
				      0 };
}

/*
 * dma32: the cost of the DMA32 zone constraint on the fast path.  pair64
 * on a SLAB_CACHE_DMA32 cache (v1) and on a plain cache of the same size
 * (v2), interleaved in one process.
 */
static struct bench_result z_dma32(double secs)
{
	struct kmem_cache *dma = cache_new("bench-dma32-64", PAIR_SMALL,
					   SLAB_CACHE_DMA32);
	struct kmem_cache *plain = cache_new("bench-64", PAIR_SMALL, 0);
	struct bench_result r;

	interleave(zpair_batch, dma, zpair_batch, plain, secs, &r.v1, &r.v2);
	kmem_cache_destroy(dma);
	kmem_cache_destroy(plain);
	return r;
}

/* ---- bulk16 -------------------------------------------------------------- */

/* One batch of alloc_bulk(16) + write one byte each + free_bulk(16). */
static uint64_t zbulk_batch(void *arg)
{
	struct kmem_cache *s = arg;
	void *p[BULK_N];

	for (unsigned int i = 0; i < BULK_BATCH; i++) {
		if (kmem_cache_alloc_bulk(s, GFP_KERNEL, BULK_N, p) != BULK_N)
			bench_oom("kmem_cache_alloc_bulk");
		for (unsigned int k = 0; k < BULK_N; k++)
			((char *)p[k])[0] = 1;
		BENCH_BARRIER(p);
		kmem_cache_free_bulk(s, BULK_N, p);
	}
	return (uint64_t)BULK_BATCH * BULK_N;
}

/*
 * bulk16: ns per object of kmem_cache_alloc_bulk/free_bulk of 16 x 64 B
 * (v1), against pair64 on the same cache in the same process (v2).
 */
static struct bench_result z_bulk16(double secs)
{
	struct kmem_cache *s = cache_new("bench-64", PAIR_SMALL, 0);
	struct bench_result r;

	interleave(zbulk_batch, s, zpair_batch, s, secs, &r.v1, &r.v2);
	kmem_cache_destroy(s);
	return r;
}

/* ---- shuffle10k ---------------------------------------------------------- */

struct zshuffle_ctx {
	struct kmem_cache *s;
	void **obj;
	uint32_t *order;
};

/* One round: allocate SHUFFLE_N objects, free them in shuffled order. */
static uint64_t zshuffle_batch(void *arg)
{
	struct zshuffle_ctx *c = arg;

	for (unsigned int i = 0; i < SHUFFLE_N; i++) {
		char *p = kmem_cache_alloc(c->s, GFP_KERNEL);

		if (!p)
			bench_oom("kmem_cache_alloc");
		p[0] = 1;
		c->obj[i] = p;
	}
	for (unsigned int i = 0; i < SHUFFLE_N; i++)
		kmem_cache_free(c->s, c->obj[c->order[i]]);
	return SHUFFLE_N;
}

/*
 * shuffle10k: ns per (alloc + free) of 64 B when 10,000 objects are
 * allocated, then freed in a fixed shuffled order, so frees scatter over
 * many slabs instead of retracing the allocation order.
 */
static struct bench_result z_shuffle10k(double secs)
{
	struct zshuffle_ctx c;
	double ns;

	c.s = cache_new("bench-64", PAIR_SMALL, 0);
	c.obj = calloc(SHUFFLE_N, sizeof(*c.obj));
	c.order = calloc(SHUFFLE_N, sizeof(*c.order));
	if (!c.obj || !c.order)
		bench_oom("calloc");
	bench_permutation(c.order, SHUFFLE_N, SEED_SHUFFLE);
	ns = bench_timed(zshuffle_batch, &c, secs);
	free(c.obj);
	free(c.order);
	kmem_cache_destroy(c.s);
	return (struct bench_result){ ns, 0 };
}

/* ---- prodcons ------------------------------------------------------------ */

static struct bench_ring zpc_ring;

/* Consumer thread: free every object received until a NULL arrives. */
static void *zpc_consumer(void *arg)
{
	struct kmem_cache *s = arg;
	void *p;

	while ((p = bench_ring_pop(&zpc_ring)) != NULL)
		kmem_cache_free(s, p);
	return NULL;
}

/* Producer: batches of 64 B objects into the ring until @secs pass. */
static uint64_t zpc_produce(struct kmem_cache *s, double secs)
{
	uint64_t end = bench_now_ns() + (uint64_t)(secs * 1e9), n = 0;

	while (bench_now_ns() < end) {
		for (unsigned int i = 0; i < PC_BATCH; i++) {
			char *p = kmem_cache_alloc(s, GFP_KERNEL);

			if (!p)
				bench_oom("kmem_cache_alloc");
			p[0] = 1;
			bench_ring_push(&zpc_ring, p);
		}
		n += PC_BATCH;
	}
	bench_ring_push(&zpc_ring, NULL);
	return n;
}

/*
 * prodcons: ns per object when one thread allocates 64 B objects and
 * hands them through a lock-free SPSC ring to a second thread that frees
 * them, so every free is remote.  Timed until the consumer has freed all.
 */
static struct bench_result z_prodcons(double secs)
{
	struct kmem_cache *s = cache_new("bench-64", PAIR_SMALL, 0);
	pthread_t t;
	uint64_t t0, n;
	double ns;

	bench_ring_init(&zpc_ring);
	if (pthread_create(&t, NULL, zpc_consumer, s))
		bench_oom("pthread_create");
	t0 = bench_now_ns();
	n = zpc_produce(s, secs);
	pthread_join(t, NULL);
	ns = (double)(bench_now_ns() - t0) / (double)n;
	kmem_cache_destroy(s);
	return (struct bench_result){ ns, 0 };
}

/* ---- kmalloc_rand -------------------------------------------------------- */

/* Pregenerate the sizes and slots; fill the working set (untimed). */
static void zkrand_setup(struct krand_ctx *c)
{
	bench_krand_trace(c);
	for (unsigned int i = 0; i < KRAND_LIVE; i++) {
		char *p = kmalloc(c->size[i], GFP_KERNEL);

		if (!p)
			bench_oom("kmalloc");
		p[0] = 1;
		c->live[i] = p;
	}
}

/* One batch of steps: kfree a random slot, kmalloc a random size into it. */
static uint64_t zkrand_batch(void *arg)
{
	struct krand_ctx *c = arg;

	for (unsigned int k = 0; k < KRAND_BATCH; k++) {
		uint32_t i = (c->pos + k) & (KRAND_STEPS - 1);
		char *p;

		kfree(c->live[c->slot[i]]);
		p = kmalloc(c->size[i], GFP_KERNEL);
		if (!p)
			bench_oom("kmalloc");
		p[0] = 1;
		c->live[c->slot[i]] = p;
	}
	c->pos = (c->pos + KRAND_BATCH) & (KRAND_STEPS - 1);
	return KRAND_BATCH;
}

/*
 * kmalloc_rand: ns per step (one kfree + one kmalloc) with 1,000 live
 * blocks of random sizes 8..8192: each step frees a random block and
 * allocates a new random size in its place, touching its first byte.
 */
static struct bench_result z_kmalloc_rand(double secs)
{
	struct krand_ctx *c = malloc(sizeof(*c));
	double ns;

	if (!c)
		bench_oom("malloc");
	zkrand_setup(c);
	ns = bench_timed(zkrand_batch, c, secs);
	for (unsigned int i = 0; i < KRAND_LIVE; i++)
		kfree(c->live[i]);
	free(c);
	return (struct bench_result){ ns, 0 };
}

/* ---- rss1k --------------------------------------------------------------- */

/* Allocate and touch RSS_N objects of RSS_SIZE bytes from @s into @obj. */
static void zrss_fill(struct kmem_cache *s, void **obj)
{
	for (unsigned int i = 0; i < RSS_N; i++) {
		obj[i] = kmem_cache_alloc(s, GFP_KERNEL);
		if (!obj[i])
			bench_oom("kmem_cache_alloc");
		memset(obj[i], 0xa5, RSS_SIZE);
	}
}

/*
 * rss1k: memory kept after fragmentation.  Allocate 200,000 x 1 KiB from
 * a cache (touched), free a fixed random 90%, kmem_cache_shrink(), and
 * report the RSS growth in MiB (v1) and as a multiple of the live bytes
 * (v2).  The bookkeeping arrays are touched before the baseline is read.
 */
static struct bench_result z_rss1k(double secs)
{
	struct kmem_cache *s = cache_new("bench-rss-1k", RSS_SIZE, 0);
	void **obj = calloc(RSS_N, sizeof(*obj));
	uint32_t *order = calloc(RSS_N, sizeof(*order));
	long before, grown;

	(void)secs;
	if (!obj || !order)
		bench_oom("calloc");
	memset(obj, 0, RSS_N * sizeof(*obj));
	bench_permutation(order, RSS_N, SEED_RSS);
	before = bench_rss_bytes();
	zrss_fill(s, obj);
	for (unsigned int i = 0; i < RSS_N - RSS_KEEP; i++)
		kmem_cache_free(s, obj[order[i]]);
	kmem_cache_shrink(s);
	grown = bench_rss_bytes() - before;
	for (unsigned int i = RSS_N - RSS_KEEP; i < RSS_N; i++)
		kmem_cache_free(s, obj[order[i]]);
	free(obj);
	free(order);
	kmem_cache_destroy(s);
	return (struct bench_result){ grown / 1048576.0,
		(double)grown / ((double)RSS_KEEP * RSS_SIZE) };
}

const struct bench_entry zslab_slab_table[] = {
	{ "pair64", z_pair64 },
	{ "pair1k", z_pair1k },
	{ "shuffle10k", z_shuffle10k },
	{ "prodcons", z_prodcons },
	{ "kmalloc_rand", z_kmalloc_rand },
	{ "bulk16", z_bulk16 },
	{ "rss1k", z_rss1k },
	{ "dma32", z_dma32 },
};
const size_t zslab_slab_count =
	sizeof(zslab_slab_table) / sizeof(zslab_slab_table[0]);
