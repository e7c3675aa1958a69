/* SPDX-License-Identifier: MIT */
/*
 * test_malloc_stats_mt - with stats=exit (ZSLAB_CMDLINE, set by CTest),
 * malloc's count of blocks handed out is exact with threads: four threads
 * allocate and free 20,000 blocks each, of every size class and a few
 * page blocks, while the main thread reads the statistics; afterwards the
 * count has grown by exactly 80,000 (plus, where malloc is the C
 * library's, the few blocks glibc allocates for each new thread), and
 * mallinfo2() stays consistent.
 * Run under ThreadSanitizer by make tsan.
 */
#include "zt.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <unistd.h>

#include "zslab_malloc.h"
#include "config/config.h"

#define M(name) ZM_API(name)
#define THREADS 4
#define PER_THREAD 20000

static _Atomic int running;

/* The calls count in malloc_stats' Requested line, or -1. */
static long requested_calls(void)
{
	static char buf[16384];
	char path[] = "/tmp/zt-malloc-stats-mt-XXXXXX";
	int fd = mkstemp(path), saved = dup(2);
	const char *p, *in;
	ssize_t n;

	REQUIRE(fd >= 0 && saved >= 0);
	dup2(fd, 2);
	M(malloc_stats)();
	dup2(saved, 2);
	close(saved);
	n = pread(fd, buf, sizeof(buf) - 1, 0);
	buf[n > 0 ? n : 0] = 0;
	close(fd);
	unlink(path);
	p = strstr(buf, "\nRequested  : ");
	in = p ? strstr(p, " in ") : NULL;
	return in && !memchr(p + 1, '\n', (size_t)(in - p - 1)) ? strtol(in + 4, NULL, 10) : -1;
}

static void *worker(void *arg)
{
	unsigned long seed = (unsigned long)(uintptr_t)arg * 2654435761u + 1;
	void *keep[64] = { NULL };

	for (int i = 0; i < PER_THREAD; i++) {
		size_t size;
		seed = seed * 6364136223846793005ul + 1442695040888963407ul;
		size = (seed >> 33) % 8192 + 1;
		if (i % 1000 == 0)
			size = 64 << 10;             /* a page block now and then */
		M(free)(keep[i % 64]);
		keep[i % 64] = M(malloc)(size);
		if (!keep[i % 64])
			abort();
	}
	for (int i = 0; i < 64; i++)
		M(free)(keep[i]);
	atomic_fetch_sub(&running, 1);
	return NULL;
}

int main(void)
{
	pthread_t t[THREADS];
	long before, after;

	zt_capture_reports();
	M(free)(M(malloc)(1));      /* boot, with ZSLAB_CMDLINE */
	if (!zs_config.stats_exit) {
		printf("test_malloc_stats_mt: needs ZSLAB_CMDLINE=stats=exit (CTest sets it)\n");
		return 77;
	}
	before = requested_calls();
	REQUIRE(before >= 0);
	atomic_store(&running, THREADS);
	for (long i = 0; i < THREADS; i++)
		REQUIRE(pthread_create(&t[i], NULL, worker, (void *)i) == 0);
	while (atomic_load(&running)) {       /* read while they write */
		struct mallinfo2 mi = M(mallinfo2)();
		CHECK(mi.uordblks + mi.fordblks == mi.arena);
		CHECK(requested_calls() >= before);
	}
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	after = requested_calls();
#ifdef ZSLAB_MALLOC_PREFIX
	CHECK_EQ(after - before, (long)THREADS * PER_THREAD);
#else
	/* the C library's own blocks for each new thread (its TLS) count too */
	CHECK(after - before >= (long)THREADS * PER_THREAD);
	CHECK(after - before <= (long)THREADS * (PER_THREAD + 4));
#endif
	printf("test_malloc_stats_mt: %ld blocks counted for %d handed out by the test's threads\n",
	       after - before, THREADS * PER_THREAD);
	CHECK_EQ(zt_reports, 0ul);
	return zt_summary("test_malloc_stats_mt");
}
