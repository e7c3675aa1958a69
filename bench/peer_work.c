/* SPDX-License-Identifier: MIT */
/*
 * peer-bench - the benchmark workloads on plain malloc/free, for the
 * allocators zslab is compared with.  It links nothing but libc and
 * pthreads; zslab-bench runs it once per peer with LD_PRELOAD set to the
 * peer's library (glibc: no preload).
 *
 *   peer-bench WORKLOAD PEER SECS
 *
 * PEER names the allocator expected to be in place (glibc, jemalloc,
 * mimalloc, tcmalloc): the program checks that the preload took effect and
 * uses that allocator's own call to give memory back in rss1k.  Each
 * workload mirrors its zslab twin in zslab_slab.c line for line; only the
 * allocation calls differ.
 */
#include "bench.h"

#include <dlfcn.h>
#include <malloc.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PAIR_BATCH  10000u
#define PC_BATCH    4096u

static const char *peer_name = "glibc";

/* ---- pair64 / pair1k ---------------------------------------------------- */

/* One batch of malloc(size) + write one byte + free(). */
static uint64_t pair_batch(void *arg)
{
	size_t size = *(size_t *)arg;

	for (unsigned int i = 0; i < PAIR_BATCH; i++) {
		char *p = malloc(size);

		if (!p)
			bench_oom("malloc");
		p[0] = 1;
		BENCH_BARRIER(p);
		free(p);
	}
	return PAIR_BATCH;
}

/* pair64: ns per malloc(64)+free() pair, one thread, nothing else live. */
static struct bench_result w_pair64(double secs)
{
	size_t size = PAIR_SMALL;

	return (struct bench_result){ bench_timed(pair_batch, &size, secs), 0 };
}

/* pair1k: ns per malloc(1024)+free() pair, one thread. */
static struct bench_result w_pair1k(double secs)
{
	size_t size = PAIR_LARGE;

	return (struct bench_result){ bench_timed(pair_batch, &size, secs), 0 };
}

/* ---- shuffle10k ---------------------------------------------------------- */

struct shuffle_ctx {
	void **obj;
	uint32_t *order;
};

/* One round: allocate SHUFFLE_N objects, free them in shuffled order. */
static uint64_t shuffle_batch(void *arg)
{
	struct shuffle_ctx *c = arg;

	for (unsigned int i = 0; i < SHUFFLE_N; i++) {
		char *p = malloc(PAIR_SMALL);

		if (!p)
			bench_oom("malloc");
		p[0] = 1;
		c->obj[i] = p;
	}
	for (unsigned int i = 0; i < SHUFFLE_N; i++)
		free(c->obj[c->order[i]]);
	return SHUFFLE_N;
}

/*
 * shuffle10k: ns per (malloc + free) of 64 B when 10,000 objects are
 * allocated, then freed in a fixed shuffled order, so frees scatter over
 * many pages instead of retracing the allocation order.
 */
static struct bench_result w_shuffle10k(double secs)
{
	struct shuffle_ctx c;
	double ns;

	c.obj = calloc(SHUFFLE_N, sizeof(*c.obj));
	c.order = calloc(SHUFFLE_N, sizeof(*c.order));
	if (!c.obj || !c.order)
		bench_oom("calloc");
	bench_permutation(c.order, SHUFFLE_N, SEED_SHUFFLE);
	ns = bench_timed(shuffle_batch, &c, secs);
	free(c.obj);
	free(c.order);
	return (struct bench_result){ ns, 0 };
}

/* ---- prodcons ------------------------------------------------------------ */

static struct bench_ring pc_ring;

/* Consumer thread: free every object received until a NULL arrives. */
static void *pc_consumer(void *arg)
{
	void *p;

	(void)arg;
	while ((p = bench_ring_pop(&pc_ring)) != NULL)
		free(p);
	return NULL;
}

/* Producer: batches of 64 B objects into the ring until @secs pass. */
static uint64_t pc_produce(double secs)
{
	uint64_t end = bench_now_ns() + (uint64_t)(secs * 1e9), n = 0;

	while (bench_now_ns() < end) {
		for (unsigned int i = 0; i < PC_BATCH; i++) {
			char *p = malloc(PAIR_SMALL);

			if (!p)
				bench_oom("malloc");
			p[0] = 1;
			bench_ring_push(&pc_ring, p);
		}
		n += PC_BATCH;
	}
	bench_ring_push(&pc_ring, NULL);
	return n;
}

/*
 * prodcons: ns per object when one thread allocates 64 B objects and
 * hands them through a lock-free SPSC ring to a second thread that frees
 * them, so every free is remote.  Timed until the consumer has freed all.
 */
static struct bench_result w_prodcons(double secs)
{
	pthread_t t;
	uint64_t t0, n;

	bench_ring_init(&pc_ring);
	if (pthread_create(&t, NULL, pc_consumer, NULL))
		bench_oom("pthread_create");
	t0 = bench_now_ns();
	n = pc_produce(secs);
	pthread_join(t, NULL);
	return (struct bench_result){
		(double)(bench_now_ns() - t0) / (double)n, 0 };
}

/* ---- kmalloc_rand -------------------------------------------------------- */

/* Pregenerate the sizes and slots; fill the working set (untimed). */
static void krand_setup(struct krand_ctx *c)
{
	bench_krand_trace(c);
	for (unsigned int i = 0; i < KRAND_LIVE; i++) {
		char *p = malloc(c->size[i]);

		if (!p)
			bench_oom("malloc");
		p[0] = 1;
		c->live[i] = p;
	}
}

/* One batch of steps: free a random slot, malloc a random size into it. */
static uint64_t krand_batch(void *arg)
{
	struct krand_ctx *c = arg;

	for (unsigned int k = 0; k < KRAND_BATCH; k++) {
		uint32_t i = (c->pos + k) & (KRAND_STEPS - 1);
		char *p;

		free(c->live[c->slot[i]]);
		p = malloc(c->size[i]);
		if (!p)
			bench_oom("malloc");
		p[0] = 1;
		c->live[c->slot[i]] = p;
	}
	c->pos = (c->pos + KRAND_BATCH) & (KRAND_STEPS - 1);
	return KRAND_BATCH;
}

/*
 * kmalloc_rand: ns per step (one free + one malloc) with 1,000 live
 * blocks of random sizes 8..8192: each step frees a random block and
 * allocates a new random size in its place, touching its first byte.
 */
static struct bench_result w_kmalloc_rand(double secs)
{
	struct krand_ctx *c = malloc(sizeof(*c));
	double ns;

	if (!c)
		bench_oom("malloc");
	krand_setup(c);
	ns = bench_timed(krand_batch, c, secs);
	for (unsigned int i = 0; i < KRAND_LIVE; i++)
		free(c->live[i]);
	free(c);
	return (struct bench_result){ ns, 0 };
}

/* ---- rss1k --------------------------------------------------------------- */

/* The peer's own "give free memory back to the OS" call. */
static void peer_give_back(void)
{
	void *sym;

	if (strcmp(peer_name, "jemalloc") == 0) {
		int (*mallctl)(const char *, void *, size_t *, void *, size_t);

		mallctl = (int (*)(const char *, void *, size_t *, void *,
				   size_t))dlsym(RTLD_DEFAULT, "mallctl");
		/* 4096 is MALLCTL_ARENAS_ALL: purge every arena. */
		if (mallctl)
			mallctl("arena.4096.purge", NULL, NULL, NULL, 0);
	} else if (strcmp(peer_name, "mimalloc") == 0) {
		sym = dlsym(RTLD_DEFAULT, "mi_collect");
		if (sym)
			((void (*)(bool))sym)(true);
	} else if (strcmp(peer_name, "tcmalloc") == 0) {
		sym = dlsym(RTLD_DEFAULT, "MallocExtension_ReleaseFreeMemory");
		if (sym)
			((void (*)(void))sym)();
	} else {
		malloc_trim(0);
	}
}

/* Allocate and touch RSS_N objects of RSS_SIZE bytes into @obj. */
static void rss_fill(void **obj)
{
	for (unsigned int i = 0; i < RSS_N; i++) {
		obj[i] = malloc(RSS_SIZE);
		if (!obj[i])
			bench_oom("malloc");
		memset(obj[i], 0xa5, RSS_SIZE);
	}
}

/*
 * rss1k: memory kept after fragmentation.  Allocate 200,000 x 1 KiB
 * (touched), free a fixed random 90%, call the allocator's give-back, and
 * report the RSS growth in MiB (v1) and as a multiple of the live bytes
 * (v2).  The bookkeeping arrays are touched before the baseline is read.
 */
static struct bench_result w_rss1k(double secs)
{
	void **obj = calloc(RSS_N, sizeof(*obj));
	uint32_t *order = calloc(RSS_N, sizeof(*order));
	long before, grown;

	(void)secs;
	if (!obj || !order)
		bench_oom("calloc");
	memset(obj, 0, RSS_N * sizeof(*obj));
	bench_permutation(order, RSS_N, SEED_RSS);
	before = bench_rss_bytes();
	rss_fill(obj);
	for (unsigned int i = 0; i < RSS_N - RSS_KEEP; i++)
		free(obj[order[i]]);
	peer_give_back();
	grown = bench_rss_bytes() - before;
	for (unsigned int i = RSS_N - RSS_KEEP; i < RSS_N; i++)
		free(obj[order[i]]);
	free(obj);
	free(order);
	return (struct bench_result){ grown / 1048576.0,
		(double)grown / ((double)RSS_KEEP * RSS_SIZE) };
}

/* ---- main ---------------------------------------------------------------- */

static const struct bench_entry peer_table[] = {
	{ "pair64", w_pair64 },
	{ "pair1k", w_pair1k },
	{ "shuffle10k", w_shuffle10k },
	{ "prodcons", w_prodcons },
	{ "kmalloc_rand", w_kmalloc_rand },
	{ "rss1k", w_rss1k },
};

/*
 * The symbol only @peer exports, proving its preload is in place; for
 * zslab-malloc (zslab's malloc, run as a peer would be: malloc64,
 * malloc1k), the library that defines malloc must be libzslab-malloc.so.
 */
static const char *peer_marker(const char *peer)
{
	if (strcmp(peer, "zslab-malloc") == 0)
		return "malloc";
	if (strcmp(peer, "jemalloc") == 0)
		return "mallctl";
	if (strcmp(peer, "mimalloc") == 0)
		return "mi_collect";
	if (strcmp(peer, "tcmalloc") == 0)
		return "MallocExtension_ReleaseFreeMemory";
	if (strcmp(peer, "glibc") == 0)
		return NULL;
	fprintf(stderr, "peer-bench: unknown peer '%s'\n", peer);
	exit(2);
}

/* Whether @marker is defined, and by zslab's library for zslab-malloc. */
static bool marker_ok(const char *marker, const char *peer)
{
	void *sym = dlsym(RTLD_DEFAULT, marker);
	Dl_info info;

	if (!sym)
		return false;
	if (strcmp(peer, "zslab-malloc") != 0)
		return true;
	return dladdr(sym, &info) && info.dli_fname &&
	       strstr(info.dli_fname, "zslab-malloc");
}

int main(int argc, char **argv)
{
	const struct bench_entry *e;
	const char *marker;

	if (argc != 4) {
		fprintf(stderr, "usage: peer-bench WORKLOAD PEER SECS\n");
		return 2;
	}
	peer_name = argv[2];
	marker = peer_marker(peer_name);
	if (marker && !marker_ok(marker, peer_name)) {
		fprintf(stderr, "peer-bench: %s is not loaded (no %s)\n",
			peer_name, marker);
		return 1;
	}
	e = bench_find(peer_table, sizeof(peer_table) / sizeof(peer_table[0]),
		       argv[1]);
	if (!e)
		bench_skip("no peer version of this workload");
	bench_print_result(e->fn(atof(argv[3])));
	return 0;
}
