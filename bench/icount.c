/* SPDX-License-Identifier: MIT */
/*
 * icount.c - zslab-icount: instructions per operation, counted by
 * valgrind's cachegrind, for the fast-path workloads of issue 12, against
 * the peer allocators.  Instruction counts do not depend on the load of
 * the machine, so they compare allocators where the times of a shared
 * 2-core machine cannot.
 *
 * Each figure is (I(N) - I(0)) / N: the same child run once with N
 * operations and once with none, so start-up, boot and the child's own
 * set-up cancel out.  Columns:
 *   zslab        the API: kmem_cache_alloc/free on a 64 B or 1 KiB cache,
 *                kmalloc/kfree for kmalloc_rand (libzslab.so, via the PLT)
 *   zslab-malloc malloc/free with LD_PRELOAD=libzslab-malloc.so
 *   glibc, jemalloc, mimalloc, tcmalloc: malloc/free, preloaded
 * and the ratio of each zslab column to the best peer.  Under cachegrind
 * zslab takes its plain paths (host_tools.c: valgrind's client requests
 * are for memcheck only).
 *
 * Usage: zslab-icount [--ops N] [--only W,W]; skipped (exit 77, saying
 * so) when valgrind is not installed.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <zslab/zslab.h>

#include "zbench.h"

#define LIVE 1000

static const char *const works[] = { "pair64", "pair1k", "kmalloc_rand" };
#define NR_WORKS (sizeof(works) / sizeof(works[0]))

enum { C_API, C_MALLOC, C_PEER0 };   /* columns; peers from allocators[1..] */
#define NR_COLS (C_PEER0 + NR_ALLOC - 1)

/* --- the child: N operations of one workload on one side ---------------- */

static uint64_t xs = 88172645463325252ull;

static uint64_t next_rand(void)
{
	xs ^= xs << 13;
	xs ^= xs >> 7;
	xs ^= xs << 17;
	return xs;
}

static void touch(void *p)
{
	*(volatile char *)p = 1;
	__asm__ volatile("" :: "r"(p) : "memory");
}

static void child_api(const char *w, long n)
{
	static void *slot[LIVE];
	static unsigned int sz[4096];

	if (zslab_init(NULL))
		exit(2);
	if (!strcmp(w, "kmalloc_rand")) {
		for (int i = 0; i < 4096; i++)
			sz[i] = 8 + (unsigned int)(next_rand() % 8185);
		for (int i = 0; i < LIVE; i++)
			touch(slot[i] = kmalloc(sz[i], GFP_KERNEL));
		for (long i = 0; i < n; i++) {
			unsigned int k = (unsigned int)(next_rand() % LIVE);
			kfree(slot[k]);
			touch(slot[k] = kmalloc(sz[i & 4095], GFP_KERNEL));
		}
		return;
	}
	struct kmem_cache *s = kmem_cache_create(w, !strcmp(w, "pair64") ? 64 : 1024, 0, 0, NULL);
	if (!s)
		exit(2);
	for (long i = 0; i < n; i++) {
		void *p = kmem_cache_alloc(s, GFP_KERNEL);
		touch(p);
		kmem_cache_free(s, p);
	}
}

static void child_malloc(const char *w, long n)
{
	static void *slot[LIVE];
	static unsigned int sz[4096];

	if (!strcmp(w, "kmalloc_rand")) {
		for (int i = 0; i < 4096; i++)
			sz[i] = 8 + (unsigned int)(next_rand() % 8185);
		for (int i = 0; i < LIVE; i++)
			touch(slot[i] = malloc(sz[i]));
		for (long i = 0; i < n; i++) {
			unsigned int k = (unsigned int)(next_rand() % LIVE);
			free(slot[k]);
			touch(slot[k] = malloc(sz[i & 4095]));
		}
		return;
	}
	size_t size = !strcmp(w, "pair64") ? 64 : 1024;
	for (long i = 0; i < n; i++) {
		void *p = malloc(size);
		touch(p);
		free(p);
	}
}

/* --- the parent: run children under cachegrind -------------------------- */

/* Instructions of one child run, or -1 when it failed. */
static long long run_counted(const char *self, const char *preload, const char *w,
			     const char *side, long n)
{
	char nbuf[32], line[512];
	int fds[2], status;
	long long ir = -1;
	pid_t pid;
	FILE *f;

	snprintf(nbuf, sizeof(nbuf), "%ld", n);
	if (pipe(fds))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		close(fds[0]);
		dup2(fds[1], 2);
		if (preload && *preload)
			setenv("LD_PRELOAD", preload, 1);
		else
			unsetenv("LD_PRELOAD");
		execlp("valgrind", "valgrind", "--tool=cachegrind", "--cache-sim=no",
		       "--cachegrind-out-file=/dev/null", self, "--child", w, side, nbuf,
		       (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	f = fdopen(fds[0], "r");
	while (f && fgets(line, sizeof(line), f)) {
		char *p = strstr(line, "I   refs:");
		if (!p)
			p = strstr(line, "I refs:");
		if (p) {
			long long v = 0;
			for (p = strchr(p, ':') + 1; *p; p++)
				if (*p >= '0' && *p <= '9')
					v = v * 10 + (*p - '0');
				else if (*p != ',' && *p != ' ')
					break;
			ir = v;
		}
	}
	if (f)
		fclose(f);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status))
		return -1;
	return ir;
}

static double per_op(const char *self, const char *preload, const char *w,
		     const char *side, long n)
{
	long long a = run_counted(self, preload, w, side, 0);
	long long b = run_counted(self, preload, w, side, n);

	return a < 0 || b < 0 ? -1 : (double)(b - a) / (double)n;
}

static bool wanted(const char *only, const char *w)
{
	size_t len = strlen(w);

	for (const char *p = only; p && *p;) {
		const char *e = strchr(p, ',');
		size_t l = e ? (size_t)(e - p) : strlen(p);
		if (l == len && !strncmp(p, w, len))
			return true;
		p = e ? e + 1 : NULL;
	}
	return !only;
}

static void print_cell(double v)
{
	if (v < 0)
		printf(" %12s", "-");
	else
		printf(" %12.1f", v);
}

int main(int argc, char **argv)
{
	const char *only = NULL;
	long ops = 200000;
	char self[PATH_MAX];

	if (argc == 5 && !strcmp(argv[1], "--child")) {
		long n = strtol(argv[4], NULL, 10);
		if (!strcmp(argv[3], "api"))
			child_api(argv[2], n);
		else
			child_malloc(argv[2], n);
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--ops") && i + 1 < argc) {
			ops = strtol(argv[++i], NULL, 10);
		} else if (!strcmp(argv[i], "--only") && i + 1 < argc) {
			only = argv[++i];
		} else {
			fprintf(stderr, "usage: zslab-icount [--ops N] [--only W,W]\n");
			return 2;
		}
	}
	if (ops <= 0) {
		fprintf(stderr, "zslab-icount: --ops must be positive\n");
		return 2;
	}
	if (system("valgrind --version >/dev/null 2>&1")) {
		printf("zslab-icount: skipped: valgrind is not installed\n");
		return 77;
	}
	ssize_t len = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (len <= 0)
		return 2;
	self[len] = 0;
	catalog_find_peers();
	printf("instructions per operation (cachegrind, (I(N) - I(0)) / N, N = %ld)\n", ops);
	printf("%-13s %12s %12s", "workload", "zslab", "zslab-malloc");
	for (int a = 1; a < NR_ALLOC; a++)
		printf(" %12s", allocators[a].name);
	printf("  %s\n", "zslab/best  zslab-malloc/best");
	for (size_t w = 0; w < NR_WORKS; w++) {
		double v[NR_COLS], best = -1;
		if (!wanted(only, works[w]))
			continue;
		v[C_API] = per_op(self, NULL, works[w], "api", ops);
		v[C_MALLOC] = per_op(self, ZSLAB_MALLOC_LIB, works[w], "malloc", ops);
		for (int a = 1; a < NR_ALLOC; a++) {
			const struct allocator *al = &allocators[a];
			v[C_PEER0 + a - 1] = (al->soname && !al->installed) ? -1 :
				per_op(self, al->soname ? al->path : NULL, works[w], "malloc", ops);
			if (v[C_PEER0 + a - 1] >= 0 && (best < 0 || v[C_PEER0 + a - 1] < best))
				best = v[C_PEER0 + a - 1];
		}
		printf("%-13s", works[w]);
		for (int c = 0; c < (int)NR_COLS; c++)
			print_cell(v[c]);
		if (best > 0 && v[C_API] >= 0 && v[C_MALLOC] >= 0)
			printf("  %9.2fx  %16.2fx", v[C_API] / best, v[C_MALLOC] / best);
		printf("\n");
		fflush(stdout);
	}
	printf("kmalloc_rand: 1000 live blocks of 8..8192 B, free one at random and allocate a\n"
	       "random size in its place; the zslab column is kmalloc/kfree (the kernel's\n"
	       "classes), zslab-malloc is malloc's own classes.\n");
	return 0;
}
