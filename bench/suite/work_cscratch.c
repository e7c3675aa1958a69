/* SPDX-License-Identifier: MIT */
/*
 * work_cscratch.c - cache-scratch: passive false sharing (after the Hoard
 * benchmark of that name).
 *
 * The main thread allocates T small objects one after the other - they
 * likely share cache lines - and hands object i to thread i, which frees
 * it.  Each thread then CS_ITER x scale times allocates an object of
 * CS_SIZE bytes, writes every byte of it CS_REPS times and frees it.  An
 * allocator that gives a thread the very object another thread freed, or
 * objects on a line another thread writes, makes the threads' caches
 * fight over the line; one that keeps threads apart does not.  Checksum:
 * the sum of the last values written, fixed by the counts.
 */
#include "work.h"

#include <stdlib.h>

#define CS_SIZE 8u
#define CS_ITER 2000u		/* at scale 1 */
#define CS_REPS 50000u

struct cs_job {
	void *first;		/* the main thread's object, freed here */
	uint64_t iters;
	uint64_t sum;
};

static void *cs_thread(void *arg)
{
	struct cs_job *j = arg;

	work_free(j->first, CS_SIZE, "cache-scratch first");
	for (uint64_t it = 0; it < j->iters; it++) {
		volatile uint8_t *p = work_alloc(CS_SIZE);

		for (unsigned int r = 0; r < CS_REPS; r++)
			for (unsigned int k = 0; k < CS_SIZE; k++)
				p[k] = (uint8_t)(p[k] + 1);
		j->sum += p[0];
		free((void *)p);
	}
	return NULL;
}

uint64_t work_cscratch(const struct work_args *a)
{
	unsigned int t = a->threads;
	struct cs_job *job = calloc(t, sizeof(*job));
	uint64_t sum = 0;

	if (!job)
		work_oom("calloc(cache-scratch)");
	for (unsigned int i = 0; i < t; i++) {
		job[i].first = work_alloc(CS_SIZE);
		job[i].iters = work_scaled(a, CS_ITER, 4);
	}
	work_run_threads(t, cs_thread, job, sizeof(*job));
	for (unsigned int i = 0; i < t; i++)
		sum += job[i].sum;
	free(job);
	return sum;
}
