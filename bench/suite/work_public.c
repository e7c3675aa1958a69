/* SPDX-License-Identifier: MIT */
/*
 * work_public.c - four workload patterns that allocator benchmarks
 * commonly run (issue 12), written here from their descriptions:
 *
 *   malloc-large  large-block churn: a ring of LG_LIVE live blocks of
 *                 random sizes 64 KiB..16 MiB, each step frees the oldest
 *                 and allocates a new one, writing its first and last
 *                 page.  Tests how an allocator reuses big mappings.
 *   thread-churn  short-lived threads: TC_ROUNDS rounds of T threads, each
 *                 allocating TC_BLOCKS small blocks, freeing all but a
 *                 tenth and handing that tenth to the next round's thread
 *                 of its slot, which frees it; every thread exits with its
 *                 caches warm.  Tests what thread exit and start cost.
 *   glibc-simple  one thread, fixed sizes: for each size 16..4096, batches
 *                 of GS_BATCH blocks allocated and then freed in the order
 *                 they were allocated.
 *   glibc-thread  T threads, each with GT_SLOTS private slots: every step
 *                 replaces the block of a random slot by one of a random
 *                 size 16..GT_MAX (free, then malloc); no sharing.
 *
 * Every block is stamped (work.h) and checked before its free.
 * Checksums depend only on T and the scale: the sums of the sizes
 * allocated.
 */
#include "work.h"

#include <stdlib.h>
#include <string.h>

/* --- malloc-large ------------------------------------------------------ */

#define LG_LIVE 16u
#define LG_STEPS 20000u         /* at scale 1 */
#define LG_MIN (64u << 10)
#define LG_MAX (16u << 20)
#define LG_PAGE 4096u

uint64_t work_malloc_large(const struct work_args *a)
{
	uint64_t steps = work_scaled(a, LG_STEPS, 8), seed = work_seed(11, 0), sum = 0;
	void *live[LG_LIVE] = { NULL };
	size_t size[LG_LIVE] = { 0 };

	for (uint64_t i = 0; i < steps; i++) {
		unsigned int k = (unsigned int)(i % LG_LIVE);
		if (live[k])
			work_free(live[k], size[k], "malloc-large");
		size[k] = LG_MIN + (size_t)(work_rand(&seed) % (LG_MAX - LG_MIN));
		live[k] = work_alloc(size[k]);
		/* the first page is the stamp's; write one in the middle too */
		memset((char *)live[k] + size[k] / 2, (int)(i & 0xff), LG_PAGE);
		work_stamp(live[k], size[k]);
		sum += size[k];
	}
	for (unsigned int k = 0; k < LG_LIVE; k++)
		if (live[k])
			work_free(live[k], size[k], "malloc-large end");
	return sum;
}

/* --- thread-churn --------------------------------------------------------- */

#define TC_ROUNDS 200u          /* at scale 1 */
#define TC_BLOCKS 4000u
#define TC_KEEP (TC_BLOCKS / 10)

struct tc_slot {
	void *kept[TC_KEEP];    /* the previous round's tenth, freed here */
	size_t kept_size[TC_KEEP];
	unsigned int nkept;
	uint64_t seed, sum;
};

static void *tc_thread(void *arg)
{
	struct tc_slot *sl = arg;
	static __thread void *mine[TC_BLOCKS];
	static __thread size_t msize[TC_BLOCKS];

	for (unsigned int i = 0; i < sl->nkept; i++)
		work_free(sl->kept[i], sl->kept_size[i], "thread-churn handed over");
	for (unsigned int i = 0; i < TC_BLOCKS; i++) {
		msize[i] = 8 + (size_t)(work_rand(&sl->seed) % 500);
		mine[i] = work_alloc(msize[i]);
		sl->sum += msize[i];
	}
	sl->nkept = 0;
	for (unsigned int i = 0; i < TC_BLOCKS; i++) {
		if (i % 10 == 0) {
			sl->kept[sl->nkept] = mine[i];
			sl->kept_size[sl->nkept++] = msize[i];
		} else {
			work_free(mine[i], msize[i], "thread-churn");
		}
	}
	return NULL;
}

uint64_t work_thread_churn(const struct work_args *a)
{
	uint64_t rounds = work_scaled(a, TC_ROUNDS, 4), sum = 0;
	unsigned int t = a->threads;
	struct tc_slot *sl = calloc(t, sizeof(*sl));

	if (!sl)
		work_oom("calloc(thread-churn)");
	for (unsigned int i = 0; i < t; i++)
		sl[i].seed = work_seed(13, i);
	for (uint64_t r = 0; r < rounds; r++)
		work_run_threads(t, tc_thread, sl, sizeof(*sl));
	for (unsigned int i = 0; i < t; i++) {
		for (unsigned int k = 0; k < sl[i].nkept; k++)
			work_free(sl[i].kept[k], sl[i].kept_size[k], "thread-churn end");
		sum += sl[i].sum;
	}
	free(sl);
	return sum;
}

/* --- glibc-simple --------------------------------------------------------- */

#define GS_BATCH 1000u
#define GS_REPS 60u             /* batches per size at scale 1 */

uint64_t work_glibc_simple(const struct work_args *a)
{
	static void *blk[GS_BATCH];
	uint64_t reps = work_scaled(a, GS_REPS, 2), sum = 0;

	for (size_t size = 16; size <= 4096; size *= 2)
		for (uint64_t r = 0; r < reps; r++) {
			for (unsigned int i = 0; i < GS_BATCH; i++)
				blk[i] = work_alloc(size);
			for (unsigned int i = 0; i < GS_BATCH; i++)
				work_free(blk[i], size, "glibc-simple");
			sum += size * GS_BATCH;
		}
	return sum;
}

/* --- glibc-thread --------------------------------------------------------- */

#define GT_SLOTS 1000u
#define GT_STEPS 2000000u       /* per thread at scale 1 */
#define GT_MAX 2048u

struct gt_job {
	uint64_t steps, seed, sum;
};

static void *gt_thread(void *arg)
{
	struct gt_job *j = arg;
	static __thread void *slot[GT_SLOTS];
	static __thread size_t ssize[GT_SLOTS];

	for (uint64_t i = 0; i < j->steps; i++) {
		uint64_t r = work_rand(&j->seed);
		unsigned int k = (unsigned int)(r % GT_SLOTS);
		size_t size = 16 + (size_t)((r >> 20) % (GT_MAX - 15));
		if (slot[k])
			work_free(slot[k], ssize[k], "glibc-thread");
		slot[k] = work_alloc(size);
		ssize[k] = size;
		j->sum += size;
	}
	for (unsigned int k = 0; k < GT_SLOTS; k++)
		if (slot[k]) {
			work_free(slot[k], ssize[k], "glibc-thread end");
			slot[k] = NULL;
		}
	return NULL;
}

uint64_t work_glibc_thread(const struct work_args *a)
{
	unsigned int t = a->threads;
	struct gt_job *job = calloc(t, sizeof(*job));
	uint64_t sum = 0;

	if (!job)
		work_oom("calloc(glibc-thread)");
	for (unsigned int i = 0; i < t; i++) {
		job[i].steps = work_scaled(a, GT_STEPS / t, 1000);
		job[i].seed = work_seed(17, i);
	}
	work_run_threads(t, gt_thread, job, sizeof(*job));
	for (unsigned int i = 0; i < t; i++)
		sum += job[i].sum;
	free(job);
	return sum;
}
