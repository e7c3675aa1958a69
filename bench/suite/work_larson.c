/* SPDX-License-Identifier: MIT */
/*
 * work_larson.c - larson-like server churn (after Larson and Krishnan's
 * benchmark of a server whose worker threads come and go), plain and
 * sized.
 *
 * Each of T heaps holds LARSON_SLOTS blocks of random sizes 8..1000 bytes.
 * In every round, T threads are started and thread i churns heap (i +
 * round) % T: it replaces random blocks - check, free, allocate a new
 * random size - LARSON_OPS x scale times, then exits.  A heap's next round
 * is run by another thread, so most blocks are freed by a thread other
 * than the one that allocated them, as when a server hands connections
 * from one worker to the next.  Checksum: the bytes allocated, which
 * depends only on the heaps' seeded generators.
 *
 * larson-sized is the same program written as C++ compiled with sized
 * deallocation (the default since C++14) would run it: every block comes
 * from operator new(size_t) and goes back through operator delete(void *,
 * size_t), which passes the block's size to the allocator.  The two
 * operators are looked up as the dynamic linker would bind a C++
 * program's calls (work_sized.c): the preloaded allocator's own when it
 * exports them, libstdc++'s (on malloc and free) otherwise.  The sizes,
 * seeds and checksum are larson's, so the two rows differ only in the
 * entry points.
 */
#include "work.h"

#include <stdlib.h>

#define LARSON_SLOTS  10000u
#define LARSON_MIN    8u
#define LARSON_MAX    1000u
#define LARSON_ROUNDS 8u
#define LARSON_OPS    1000000u	/* per heap per round, at scale 1 */

/* How blocks are allocated and freed: plain malloc/free, or sized. */
struct larson_api {
	void *(*alloc)(size_t size);
	void (*free)(void *p, size_t size, const char *where);
};

/* One heap; invariant: slot[i] is a stamped block of size[i] bytes. */
struct larson_heap {
	void *slot[LARSON_SLOTS];
	uint16_t size[LARSON_SLOTS];
	uint64_t rng;
	uint64_t bytes;		/* allocated so far (the checksum) */
	uint64_t ops;		/* replacements per round */
	const struct larson_api *api;
};

/* A thread of one round: the heap it churns. */
struct larson_job {
	struct larson_heap *heap;
};

static const struct larson_api larson_plain = { work_alloc, work_free };
static const struct larson_api larson_sized = { work_new, work_delete_sized };

static size_t larson_size(uint64_t *rng)
{
	return LARSON_MIN + work_rand(rng) % (LARSON_MAX - LARSON_MIN + 1);
}

static void larson_fill(struct larson_heap *h)
{
	for (unsigned int i = 0; i < LARSON_SLOTS; i++) {
		size_t size = larson_size(&h->rng);

		h->slot[i] = h->api->alloc(size);
		h->size[i] = (uint16_t)size;
		h->bytes += size;
	}
}

static void *larson_thread(void *arg)
{
	struct larson_heap *h = ((struct larson_job *)arg)->heap;
	const struct larson_api *api = h->api;
	/* the generator and the count live in registers: the heaps are one
	 * array, and a heap's tail shares a line with the next one's head */
	uint64_t rng = h->rng, bytes = h->bytes;

	for (uint64_t n = 0, ops = h->ops; n < ops; n++) {
		unsigned int i = (unsigned int)(work_rand(&rng) % LARSON_SLOTS);
		size_t size = larson_size(&rng);

		api->free(h->slot[i], h->size[i], "larson");
		h->slot[i] = api->alloc(size);
		h->size[i] = (uint16_t)size;
		bytes += size;
	}
	h->rng = rng;
	h->bytes = bytes;
	return NULL;
}

static void larson_drain(struct larson_heap *h)
{
	for (unsigned int i = 0; i < LARSON_SLOTS; i++)
		h->api->free(h->slot[i], h->size[i], "larson drain");
}

static uint64_t larson_run(const struct work_args *a,
			   const struct larson_api *api)
{
	unsigned int t = a->threads;
	struct larson_heap *heap = calloc(t, sizeof(*heap));
	struct larson_job *job = calloc(t, sizeof(*job));
	uint64_t sum = 0;

	if (!heap || !job)
		work_oom("calloc(larson)");
	for (unsigned int i = 0; i < t; i++) {
		heap[i].rng = work_seed(1, i);
		heap[i].ops = work_scaled(a, LARSON_OPS, 100);
		heap[i].api = api;
		larson_fill(&heap[i]);
	}
	for (unsigned int r = 0; r < LARSON_ROUNDS; r++) {
		for (unsigned int i = 0; i < t; i++)
			job[i].heap = &heap[(i + r) % t];
		work_run_threads(t, larson_thread, job, sizeof(*job));
	}
	for (unsigned int i = 0; i < t; i++) {
		larson_drain(&heap[i]);
		sum += heap[i].bytes;
	}
	free(job);
	free(heap);
	return sum;
}

uint64_t work_larson(const struct work_args *a)
{
	return larson_run(a, &larson_plain);
}

uint64_t work_larson_sized(const struct work_args *a)
{
	work_sized_init();
	return larson_run(a, &larson_sized);
}
