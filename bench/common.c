/* SPDX-License-Identifier: MIT */
/*
 * common.c - helpers shared by zslab-bench and peer-bench (see bench.h).
 * Nothing here allocates from the heap, so the helpers cost every
 * allocator the same.
 */
#include "bench.h"

#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

uint64_t bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

uint64_t bench_rand(uint64_t *s)
{
	uint64_t x = *s;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*s = x;
	return x;
}

void bench_permutation(uint32_t *a, uint32_t n, uint64_t seed)
{
	for (uint32_t i = 0; i < n; i++)
		a[i] = i;
	for (uint32_t i = n; i > 1; i--) {
		uint32_t j = (uint32_t)(bench_rand(&seed) % i);
		uint32_t t = a[i - 1];

		a[i - 1] = a[j];
		a[j] = t;
	}
}

/* Read /proc/self/statm with plain read(): no stdio buffer on the heap. */
long bench_rss_bytes(void)
{
	char buf[128];
	long size = 0, resident = 0;
	int fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	if (sscanf(buf, "%ld %ld", &size, &resident) != 2)
		return -1;
	return resident * sysconf(_SC_PAGESIZE);
}

double bench_timed(bench_batch_fn batch, void *ctx, double secs)
{
	uint64_t budget = (uint64_t)(secs * 1e9), ops = 0, t0, t;

	batch(ctx);
	t0 = bench_now_ns();
	do {
		ops += batch(ctx);
		t = bench_now_ns();
	} while (t - t0 < budget);
	return (double)(t - t0) / (double)ops;
}

/* Spin-wait hint for busy loops. */
static void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__asm__ volatile("pause" ::: "memory");
#elif defined(__aarch64__)
	__asm__ volatile("yield" ::: "memory");
#else
	__asm__ volatile("" ::: "memory");
#endif
}

/* Pause; after SPIN_LIMIT pauses in a row, yield the CPU instead. */
#define SPIN_LIMIT 256

static void ring_wait(unsigned int *spins)
{
	if (++*spins < SPIN_LIMIT) {
		cpu_relax();
	} else {
		*spins = 0;
		sched_yield();
	}
}

void bench_ring_init(struct bench_ring *r)
{
	atomic_init(&r->head, 0);
	atomic_init(&r->tail, 0);
	r->head_seen = 0;
	r->tail_seen = 0;
}

void bench_ring_push(struct bench_ring *r, void *p)
{
	uint64_t t = atomic_load_explicit(&r->tail, memory_order_relaxed);
	unsigned int spins = 0;

	while (t - r->head_seen >= RING_SIZE) {
		r->head_seen = atomic_load_explicit(&r->head,
						    memory_order_acquire);
		if (t - r->head_seen >= RING_SIZE)
			ring_wait(&spins);
	}
	r->slot[t & (RING_SIZE - 1)] = p;
	atomic_store_explicit(&r->tail, t + 1, memory_order_release);
}

void *bench_ring_pop(struct bench_ring *r)
{
	uint64_t h = atomic_load_explicit(&r->head, memory_order_relaxed);
	unsigned int spins = 0;
	void *p;

	while (h == r->tail_seen) {
		r->tail_seen = atomic_load_explicit(&r->tail,
						    memory_order_acquire);
		if (h == r->tail_seen)
			ring_wait(&spins);
	}
	p = r->slot[h & (RING_SIZE - 1)];
	atomic_store_explicit(&r->head, h + 1, memory_order_release);
	return p;
}

const struct bench_entry *bench_find(const struct bench_entry *table,
				     size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(table[i].name, name) == 0)
			return &table[i];
	return NULL;
}

void bench_print_result(struct bench_result r)
{
	printf("%.6f %.6f\n", r.v1, r.v2);
	fflush(stdout);
}

void bench_skip(const char *why)
{
	printf("skip: %s\n", why);
	fflush(stdout);
	exit(BENCH_EXIT_SKIP);
}

void bench_oom(const char *what)
{
	fprintf(stderr, "error: %s returned NULL\n", what);
	exit(1);
}

void bench_krand_trace(struct krand_ctx *c)
{
	uint64_t s = SEED_KRAND;

	for (unsigned int i = 0; i < KRAND_STEPS; i++) {
		c->size[i] = (uint16_t)(KRAND_MIN + bench_rand(&s) %
					(KRAND_MAX - KRAND_MIN + 1));
		c->slot[i] = (uint16_t)(bench_rand(&s) % KRAND_LIVE);
	}
	c->pos = 0;
}
