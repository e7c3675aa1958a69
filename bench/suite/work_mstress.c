/* SPDX-License-Identifier: MIT */
/*
 * work_mstress.c - mstress-like: many threads, mixed lifetimes, objects
 * passing between threads (after mimalloc's test-stress).
 *
 * Over MS_ROUNDS rounds, T threads are started; each does MS_STEPS x scale
 * steps on its own table of MS_LOCAL slots, at random: allocate into a
 * slot (freeing what was there), free a slot, or swap a slot with one of
 * MS_SHARED slots shared by all threads (an atomic exchange), so objects
 * allocated by one thread are freed by another.  Sizes are 8..1024 bytes,
 * 8 % of them x 64 (up to 64 KiB) and 1 in 10,000 x 512 (up to 512 KiB).
 * When a thread ends it frees its own slots, but the shared ones live on
 * into the next round, freed by threads that did not allocate them.
 * Checksum: 0 (which thread gets which shared object depends on timing).
 */
#include "work.h"

#include <stdatomic.h>
#include <stdlib.h>

#define MS_ROUNDS 10u
#define MS_STEPS  500000u	/* per thread per round, at scale 1 */
#define MS_LOCAL  2000u
#define MS_SHARED 1000u

struct ms_job {
	_Atomic(void *) *shared;
	uint64_t rng;
	uint64_t steps;
};

static size_t ms_size(uint64_t *rng)
{
	uint64_t r = work_rand(rng);
	size_t size = 8 + (r % 128) * 8;

	if (r % 10000 == 1)
		size *= 512;
	else if ((r >> 20) % 100 < 8)
		size *= 64;
	return size;
}

/* Check and free a block that carries its size in its stamp, or NULL. */
static void ms_release(void *p, const char *where)
{
	if (p)
		work_free(p, work_stamped_size(p), where);
}

static void ms_step(struct ms_job *j, void **local)
{
	uint64_t r = work_rand(&j->rng);
	unsigned int i = (unsigned int)(r % MS_LOCAL);

	switch ((r >> 32) % 4) {
	case 0:
	case 1:
		ms_release(local[i], "mstress replace");
		local[i] = work_alloc(ms_size(&j->rng));
		break;
	case 2:
		ms_release(local[i], "mstress free");
		local[i] = NULL;
		break;
	default:
		local[i] = atomic_exchange(&j->shared[(r >> 40) % MS_SHARED],
					   local[i]);
		break;
	}
}

static void *ms_thread(void *arg)
{
	struct ms_job *j = arg;
	void **local = calloc(MS_LOCAL, sizeof(*local));

	if (!local)
		work_oom("calloc(mstress)");
	for (uint64_t n = 0; n < j->steps; n++)
		ms_step(j, local);
	for (unsigned int i = 0; i < MS_LOCAL; i++)
		ms_release(local[i], "mstress end");
	free(local);
	return NULL;
}

uint64_t work_mstress(const struct work_args *a)
{
	unsigned int t = a->threads;
	_Atomic(void *) *shared = calloc(MS_SHARED, sizeof(*shared));
	struct ms_job *job = calloc(t, sizeof(*job));

	if (!shared || !job)
		work_oom("calloc(mstress)");
	for (unsigned int r = 0; r < MS_ROUNDS; r++) {
		for (unsigned int i = 0; i < t; i++) {
			job[i].shared = shared;
			job[i].rng = work_seed(3, r * 1000003u + i);
			job[i].steps = work_scaled(a, MS_STEPS, 100);
		}
		work_run_threads(t, ms_thread, job, sizeof(*job));
	}
	for (unsigned int i = 0; i < MS_SHARED; i++)
		ms_release(atomic_load(&shared[i]), "mstress shared");
	free(job);
	free(shared);
	return 0;
}
