/* SPDX-License-Identifier: MIT */
/*
 * work_common.c - helpers of the suite's workloads (see work.h): seeds,
 * block stamps, threads.
 *
 * A stamp is the block's size xor a magic number in its first 8 bytes and
 * a byte derived from the size in its last byte (blocks over 8 bytes), so a block that another
 * allocation overlaps, or that was handed out twice, is caught when it is
 * checked before being freed.
 */
#include "work.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A job's own lines: two 64-byte lines, which x86's adjacent-line
 * prefetcher fetches as a pair (and arm64's largest line). */
#define WORK_LINE 128

#define STAMP_MAGIC 0x5a51ab0bc0ffee00ULL

uint64_t work_seed(uint64_t a, uint64_t b)
{
	uint64_t s = (a + 1) * 0x9e3779b97f4a7c15ULL ^ (b + 7) * 0xbf58476d1ce4e5b9ULL;

	return s ? s : 1;
}

uint64_t work_scaled(const struct work_args *a, uint64_t n, uint64_t min)
{
	double v = (double)n * a->scale;

	return v < (double)min ? min : (uint64_t)v;
}

static uint8_t tail_byte(size_t size)
{
	return (uint8_t)(size * 31u + 7u);
}

void work_stamp(void *p, size_t size)
{
	uint64_t head = (uint64_t)size ^ STAMP_MAGIC;

	memcpy(p, &head, sizeof(head));
	if (size > sizeof(head))
		((uint8_t *)p)[size - 1] = tail_byte(size);
}

size_t work_stamped_size(const void *p)
{
	uint64_t head;

	memcpy(&head, p, sizeof(head));
	return (size_t)(head ^ STAMP_MAGIC);
}

void work_check(const void *p, size_t size, const char *where)
{
	if (work_stamped_size(p) == size && (size <= sizeof(uint64_t) ||
	    ((const uint8_t *)p)[size - 1] == tail_byte(size)))
		return;
	fprintf(stderr, "suite-work: %s: block %p of %zu bytes is damaged "
		"(stamp says %zu)\n", where, p, size, work_stamped_size(p));
	exit(3);
}

void *work_alloc(size_t size)
{
	void *p = malloc(size);

	if (!p)
		work_oom("malloc");
	work_stamp(p, size);
	return p;
}

void work_free(void *p, size_t size, const char *where)
{
	work_check(p, size, where);
	free(p);
}

void work_oom(const char *what)
{
	fprintf(stderr, "suite-work: %s failed\n", what);
	exit(1);
}

void work_run_threads(unsigned int n, void *(*fn)(void *), void *arg,
		      size_t stride)
{
	size_t line = (stride + WORK_LINE - 1) / WORK_LINE * WORK_LINE;
	pthread_t *t = calloc(n, sizeof(*t));
	char *own = aligned_alloc(WORK_LINE, n * line);

	if (!t || !own)
		work_oom("calloc(threads)");
	for (unsigned int i = 0; i < n; i++) {
		memcpy(own + i * line, (char *)arg + i * stride, stride);
		if (pthread_create(&t[i], NULL, fn, own + i * line))
			work_oom("pthread_create");
	}
	for (unsigned int i = 0; i < n; i++)
		pthread_join(t[i], NULL);
	for (unsigned int i = 0; i < n; i++)
		memcpy((char *)arg + i * stride, own + i * line, stride);
	free(own);
	free(t);
}
