/* SPDX-License-Identifier: MIT */
/*
 * zslab_page.c - the page allocator figures (zslab only: no peer has a
 * buddy allocator of simulated physical memory) and the child's entry
 * point, which boots the machine around a workload.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <zslab/zslab.h>

#include "zbench.h"

#define PAGE_BATCH 10000u
#define PAGE_THREADS 2

/* One batch of alloc_pages(GFP_KERNEL, order) + __free_pages(). */
static uint64_t zpage_batch(void *arg)
{
	unsigned int order = *(unsigned int *)arg;

	for (unsigned int i = 0; i < PAGE_BATCH; i++) {
		struct page *page = alloc_pages(GFP_KERNEL, order);

		if (!page)
			bench_oom("alloc_pages");
		BENCH_BARRIER(page);
		__free_pages(page, order);
	}
	return PAGE_BATCH;
}

/* page0_1t: ns per alloc_pages(GFP_KERNEL, 0) + __free_pages() pair. */
static struct bench_result z_page0_1t(double secs)
{
	unsigned int order = 0;

	return (struct bench_result){ bench_timed(zpage_batch, &order, secs),
				      0 };
}

/* page3: ns per order-3 (32 KiB) alloc_pages + __free_pages pair. */
static struct bench_result z_page3(double secs)
{
	unsigned int order = 3;

	return (struct bench_result){ bench_timed(zpage_batch, &order, secs),
				      0 };
}

struct zpage_thread {
	pthread_barrier_t *start;
	double secs;
	double ns;
};

/* One of the page0_2t threads: wait for the others, then time pairs. */
static void *zpage_thread(void *arg)
{
	struct zpage_thread *t = arg;
	unsigned int order = 0;

	pthread_barrier_wait(t->start);
	t->ns = bench_timed(zpage_batch, &order, t->secs);
	return NULL;
}

/*
 * page0_2t: order-0 pairs in PAGE_THREADS threads at once; ns per pair
 * per thread (the mean of the threads), which shows the per-thread page
 * lists scaling, or the zone lock not scaling.
 */
static struct bench_result z_page0_2t(double secs)
{
	struct zpage_thread t[PAGE_THREADS];
	pthread_t tid[PAGE_THREADS];
	pthread_barrier_t start;
	double sum = 0;

	pthread_barrier_init(&start, NULL, PAGE_THREADS);
	for (int i = 0; i < PAGE_THREADS; i++) {
		t[i] = (struct zpage_thread){ &start, secs, 0 };
		if (pthread_create(&tid[i], NULL, zpage_thread, &t[i]))
			bench_oom("pthread_create");
	}
	for (int i = 0; i < PAGE_THREADS; i++) {
		pthread_join(tid[i], NULL);
		sum += t[i].ns;
	}
	pthread_barrier_destroy(&start);
	return (struct bench_result){ sum / PAGE_THREADS, 0 };
}

/*
 * Boot a machine with @cmdline and tear it down: v1 is the time
 * zslab_init() takes in ms, v2 the RSS it adds in MiB.
 */
static struct bench_result zboot(const char *cmdline)
{
	long before = bench_rss_bytes();
	uint64_t t0 = bench_now_ns();
	struct bench_result r;

	if (zslab_init(cmdline)) {
		fprintf(stderr, "error: zslab_init(\"%s\") failed\n", cmdline);
		exit(1);
	}
	r.v1 = (double)(bench_now_ns() - t0) / 1e6;
	r.v2 = (double)(bench_rss_bytes() - before) / 1048576.0;
	zslab_exit();
	return r;
}

/* boot8g: zslab_init("memmap=8G@0") time (ms) and RSS growth (MiB). */
static struct bench_result z_boot8g(double secs)
{
	(void)secs;
	return zboot("memmap=8G@0");
}

/* boot64g: the same with 64 GiB of simulated RAM. */
static struct bench_result z_boot64g(double secs)
{
	(void)secs;
	return zboot("memmap=64G@0");
}

/* boot1t: the same with 1 TiB; target < 50 ms and < 64 MiB. */
static struct bench_result z_boot1t(double secs)
{
	(void)secs;
	return zboot("memmap=1T@0");
}

const struct bench_entry zslab_page_table[] = {
	{ "page0_1t", z_page0_1t },
	{ "page0_2t", z_page0_2t },
	{ "page3", z_page3 },
};
const size_t zslab_page_count =
	sizeof(zslab_page_table) / sizeof(zslab_page_table[0]);

const struct bench_entry zslab_boot_table[] = {
	{ "boot8g", z_boot8g },
	{ "boot64g", z_boot64g },
	{ "boot1t", z_boot1t },
};
const size_t zslab_boot_count =
	sizeof(zslab_boot_table) / sizeof(zslab_boot_table[0]);

/* Boot the default machine, run @e, print its result, tear down. */
static int zslab_booted_run(const struct bench_entry *e, double secs)
{
	struct bench_result r;

	if (zslab_init(NULL)) {
		fprintf(stderr, "error: zslab_init(NULL) failed\n");
		return 1;
	}
	r = e->fn(secs);
	zslab_exit();
	bench_print_result(r);
	return 0;
}

int zslab_child_main(const char *name, double secs)
{
	const struct bench_entry *e;

	e = bench_find(zslab_boot_table, zslab_boot_count, name);
	if (e) {
		bench_print_result(e->fn(secs));
		return 0;
	}
	e = bench_find(zslab_page_table, zslab_page_count, name);
	if (e)
		return zslab_booted_run(e, secs);
	e = bench_find(zslab_slab_table, zslab_slab_count, name);
	if (!e) {
		fprintf(stderr, "error: no zslab workload '%s'\n", name);
		return 2;
	}
	return zslab_booted_run(e, secs);
}
