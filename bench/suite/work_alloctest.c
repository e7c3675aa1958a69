/* SPDX-License-Identifier: MIT */
/*
 * work_alloctest.c - alloc-test-like mixed sizes (after the alloc-test of
 * mimalloc-bench): a large working set of blocks whose sizes follow a
 * skewed distribution, churned with malloc, calloc and realloc.
 *
 * Each of T threads owns AT_SLOTS slots and does AT_OPS x scale steps on
 * random slots: an empty slot gets malloc (3 in 4) or calloc (1 in 4,
 * checked to be zero); a full slot is freed (2 in 3) or realloc'ed to a
 * new size (1 in 3; the common prefix must survive).  Sizes: 50 % 8..64
 * bytes, 30 % ..512, 15 % ..4 KiB, 4.9 % ..32 KiB, 0.1 % ..256 KiB.
 * Checksum: the bytes requested, fixed by the seeded generators.
 */
#include "work.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AT_SLOTS 20000u
#define AT_OPS   4000000u	/* per thread, at scale 1 */

struct at_job {
	uint64_t rng;
	uint64_t ops;
	uint64_t bytes;
};

/* A size from the skewed distribution, 9 bytes or more. */
static size_t at_size(uint64_t *rng)
{
	uint64_t r = work_rand(rng);
	unsigned int p = (unsigned int)(r % 1000);
	size_t lo, hi;

	if (p < 500)
		lo = 9, hi = 64;
	else if (p < 800)
		lo = 65, hi = 512;
	else if (p < 950)
		lo = 513, hi = 4096;
	else if (p < 999)
		lo = 4097, hi = 32768;
	else
		lo = 32769, hi = 262144;
	return lo + (r >> 16) % (hi - lo + 1);
}

static void *at_calloc(size_t size)
{
	unsigned char *p = calloc(1, size);

	if (!p)
		work_oom("calloc");
	if (p[0] | p[size / 2] | p[size - 1]) {
		fprintf(stderr, "suite-work: alloc-test: calloc(%zu) returned "
			"memory that is not zero\n", size);
		exit(3);
	}
	work_stamp(p, size);
	return p;
}

/* realloc @p from @old to @size bytes; the first bytes must survive. */
static void *at_realloc(void *p, size_t old, size_t size)
{
	work_check(p, old, "alloc-test realloc");
	p = realloc(p, size);
	if (!p)
		work_oom("realloc");
	if (work_stamped_size(p) != old) {
		fprintf(stderr, "suite-work: alloc-test: realloc lost the "
			"contents of a %zu-byte block\n", old);
		exit(3);
	}
	work_stamp(p, size);
	return p;
}

static void *at_thread(void *arg)
{
	struct at_job *j = arg;
	void **slot = calloc(AT_SLOTS, sizeof(*slot));
	uint32_t *size = calloc(AT_SLOTS, sizeof(*size));

	if (!slot || !size)
		work_oom("calloc(alloc-test)");
	for (uint64_t n = 0; n < j->ops; n++) {
		uint64_t r = work_rand(&j->rng);
		unsigned int i = (unsigned int)(r % AT_SLOTS);
		unsigned int how = (unsigned int)((r >> 32) % 12);
		size_t s;

		if (slot[i] && how < 8) {
			work_free(slot[i], size[i], "alloc-test");
			slot[i] = NULL;
			continue;
		}
		s = at_size(&j->rng);
		j->bytes += s;
		if (slot[i])
			slot[i] = at_realloc(slot[i], size[i], s);
		else
			slot[i] = how % 4 ? work_alloc(s) : at_calloc(s);
		size[i] = (uint32_t)s;
	}
	for (unsigned int i = 0; i < AT_SLOTS; i++)
		if (slot[i])
			work_free(slot[i], size[i], "alloc-test end");
	free(size);
	free(slot);
	return NULL;
}

uint64_t work_alloctest(const struct work_args *a)
{
	struct at_job *job = calloc(a->threads, sizeof(*job));
	uint64_t sum = 0;

	if (!job)
		work_oom("calloc(alloc-test)");
	for (unsigned int i = 0; i < a->threads; i++) {
		job[i].rng = work_seed(4, i);
		job[i].ops = work_scaled(a, AT_OPS, 100);
	}
	work_run_threads(a->threads, at_thread, job, sizeof(*job));
	for (unsigned int i = 0; i < a->threads; i++)
		sum += job[i].bytes;
	free(job);
	return sum;
}
