/* SPDX-License-Identifier: MIT */
/*
 * work_xmalloc.c - xmalloc-like producer/consumer with remote frees
 * (after Lever and Boreham's xmalloc-test).
 *
 * P = max(1, T/2) producer threads allocate batches of XM_BATCH blocks of
 * random sizes 16..512 bytes (the batch record is itself malloc'ed) and
 * put them on a shared queue; C = max(1, T - P) consumer threads take
 * batches off, check and free every block and the record.  Every free is
 * remote.  The queue holds at most XM_DEPTH batches, so memory in flight
 * stays bounded and RSS measures how well freed remote memory is reused.
 * Checksum: the bytes allocated (each producer's generator is seeded).
 */
#include "work.h"

#include <pthread.h>
#include <stdlib.h>

#define XM_BATCH   128u
#define XM_DEPTH   64u
#define XM_MIN     16u
#define XM_MAX     512u
#define XM_BATCHES 30000u	/* all producers together, at scale 1 */

struct xm_batch {
	struct xm_batch *next;
	unsigned int n;
	void *obj[XM_BATCH];
	uint16_t size[XM_BATCH];
};

/*
 * The shared queue.  Lock: lock protects every field; producers wait on
 * not_full, consumers on not_empty.  Invariant: depth = length of head..
 * tail <= XM_DEPTH; producers_left counts producers not yet finished.
 */
struct xm_queue {
	pthread_mutex_t lock;
	pthread_cond_t not_full, not_empty;
	struct xm_batch *head, *tail;
	unsigned int depth;
	unsigned int producers_left;
};

struct xm_job {
	struct xm_queue *q;
	uint64_t rng;
	uint64_t batches;
	uint64_t bytes;
};

static void xm_put(struct xm_queue *q, struct xm_batch *b)
{
	pthread_mutex_lock(&q->lock);
	while (q->depth == XM_DEPTH)
		pthread_cond_wait(&q->not_full, &q->lock);
	b->next = NULL;
	if (q->tail)
		q->tail->next = b;
	else
		q->head = b;
	q->tail = b;
	q->depth++;
	pthread_cond_signal(&q->not_empty);
	pthread_mutex_unlock(&q->lock);
}

/* The oldest batch, or NULL once the queue is empty and producers done. */
static struct xm_batch *xm_get(struct xm_queue *q)
{
	struct xm_batch *b;

	pthread_mutex_lock(&q->lock);
	while (!q->head && q->producers_left)
		pthread_cond_wait(&q->not_empty, &q->lock);
	b = q->head;
	if (b) {
		q->head = b->next;
		if (!q->head)
			q->tail = NULL;
		q->depth--;
		pthread_cond_signal(&q->not_full);
	}
	pthread_mutex_unlock(&q->lock);
	return b;
}

static void *xm_producer(void *arg)
{
	struct xm_job *j = arg;

	for (uint64_t n = 0; n < j->batches; n++) {
		struct xm_batch *b = malloc(sizeof(*b));

		if (!b)
			work_oom("malloc(batch)");
		b->n = XM_BATCH;
		for (unsigned int i = 0; i < XM_BATCH; i++) {
			size_t size = XM_MIN + work_rand(&j->rng) %
				      (XM_MAX - XM_MIN + 1);

			b->obj[i] = work_alloc(size);
			b->size[i] = (uint16_t)size;
			j->bytes += size;
		}
		xm_put(j->q, b);
	}
	pthread_mutex_lock(&j->q->lock);
	j->q->producers_left--;
	pthread_cond_broadcast(&j->q->not_empty);
	pthread_mutex_unlock(&j->q->lock);
	return NULL;
}

static void *xm_consumer(void *arg)
{
	struct xm_job *j = arg;
	struct xm_batch *b;

	while ((b = xm_get(j->q))) {
		for (unsigned int i = 0; i < b->n; i++)
			work_free(b->obj[i], b->size[i], "xmalloc");
		free(b);
	}
	return NULL;
}

/* Start every producer and consumer, then join them all. */
static void xm_run(struct xm_job *job, unsigned int p, unsigned int c)
{
	pthread_t *t = calloc(p + c, sizeof(*t));

	if (!t)
		work_oom("calloc(xmalloc threads)");
	for (unsigned int i = 0; i < p + c; i++)
		if (pthread_create(&t[i], NULL, i < p ? xm_producer :
				   xm_consumer, &job[i]))
			work_oom("pthread_create");
	for (unsigned int i = 0; i < p + c; i++)
		pthread_join(t[i], NULL);
	free(t);
}

uint64_t work_xmalloc(const struct work_args *a)
{
	unsigned int p = a->threads / 2 ? a->threads / 2 : 1;
	unsigned int c = a->threads > p ? a->threads - p : 1;
	uint64_t total = work_scaled(a, XM_BATCHES, 4 * p), sum = 0;
	struct xm_queue q = { .lock = PTHREAD_MUTEX_INITIALIZER,
			      .not_full = PTHREAD_COND_INITIALIZER,
			      .not_empty = PTHREAD_COND_INITIALIZER,
			      .producers_left = p };
	struct xm_job *job = calloc(p + c, sizeof(*job));

	if (!job)
		work_oom("calloc(xmalloc)");
	for (unsigned int i = 0; i < p + c; i++) {
		job[i].q = &q;
		job[i].rng = work_seed(2, i);
		job[i].batches = i < p ? total / p : 0;
	}
	xm_run(job, p, c);
	for (unsigned int i = 0; i < p; i++)
		sum += job[i].bytes;
	free(job);
	return sum;
}
