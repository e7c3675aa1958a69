/* SPDX-License-Identifier: MIT */
/*
 * icount_run.c - the children that icount.h's counts are made of, and
 * the parent that runs them under cachegrind.
 *
 * Each child does N operations of one workload on one side: "api"
 * (zslab's kmem_cache/kmalloc API) or "malloc" (whatever malloc the
 * preload gives).  The operations are the micro-benchmarks' (bench.h
 * sizes and seeds): a pair is an allocation, a one-byte write and a free;
 * shuffle10k allocates SHUFFLE_N 64 B objects and frees them in the fixed
 * shuffled order, N / SHUFFLE_N times (N is rounded up to a multiple);
 * kmalloc_rand replays the micro-benchmark's trace (bench_krand_trace):
 * free one of KRAND_LIVE live blocks, allocate the trace's size of
 * KRAND_MIN..KRAND_MAX in its place.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <zslab/zslab.h>

#include "icount.h"

const char *const icount_works[] = { "pair64", "pair1k", "shuffle10k",
				     "kmalloc_rand" };
const size_t icount_nr_works = sizeof(icount_works) / sizeof(icount_works[0]);

/* --- the child ------------------------------------------------------------ */

/*
 * The allocator calls of one side, chosen at compile time: each loop
 * below is inlined once per side, so a count holds the allocator's
 * instructions and the loop's, never an indirect call of our own.
 */
enum ic_side { S_CACHE, S_KMALLOC, S_MALLOC };

#define IC_INLINE static inline __attribute__((always_inline))

IC_INLINE void *ic_alloc(enum ic_side side, struct kmem_cache *s, size_t size)
{
	void *p = side == S_CACHE ? kmem_cache_alloc(s, GFP_KERNEL) :
		  side == S_KMALLOC ? kmalloc(size, GFP_KERNEL) : malloc(size);

	/* a failed allocation faults here, and the child's count is -1 */
	*(volatile char *)p = 1;
	BENCH_BARRIER(p);
	return p;
}

IC_INLINE void ic_free(enum ic_side side, struct kmem_cache *s, void *p)
{
	if (side == S_CACHE)
		kmem_cache_free(s, p);
	else if (side == S_KMALLOC)
		kfree(p);
	else
		free(p);
}

IC_INLINE void ic_pairs(enum ic_side side, struct kmem_cache *s, size_t size,
			long n)
{
	for (long i = 0; i < n; i++)
		ic_free(side, s, ic_alloc(side, s, size));
}

IC_INLINE void ic_shuffle(enum ic_side side, struct kmem_cache *s, long n)
{
	static void *obj[SHUFFLE_N];
	static uint32_t order[SHUFFLE_N];

	bench_permutation(order, SHUFFLE_N, SEED_SHUFFLE);
	for (long done = 0; done < n; done += SHUFFLE_N) {
		for (unsigned int i = 0; i < SHUFFLE_N; i++)
			obj[i] = ic_alloc(side, s, PAIR_SMALL);
		for (unsigned int i = 0; i < SHUFFLE_N; i++)
			ic_free(side, s, obj[order[i]]);
	}
}

/* The micro-benchmark's trace (bench_krand_trace), replayed @n steps. */
IC_INLINE void ic_krand(enum ic_side side, long n)
{
	static struct krand_ctx c;

	bench_krand_trace(&c);
	for (unsigned int i = 0; i < KRAND_LIVE; i++)
		c.live[i] = ic_alloc(side, NULL, c.size[i]);
	for (long k = 0; k < n; k++) {
		uint32_t i = (uint32_t)k & (KRAND_STEPS - 1);

		ic_free(side, NULL, c.live[c.slot[i]]);
		c.live[c.slot[i]] = ic_alloc(side, NULL, c.size[i]);
	}
}

/* zslab's API side of workload @w. */
static int ic_api(const char *w, long n)
{
	struct kmem_cache *s;

	if (zslab_init(NULL))
		return 2;
	if (strcmp(w, "kmalloc_rand") == 0) {
		ic_krand(S_KMALLOC, n);
		return 0;
	}
	s = kmem_cache_create(w, strcmp(w, "pair1k") ? PAIR_SMALL :
			      PAIR_LARGE, 0, 0, NULL);
	if (!s)
		return 2;
	if (strcmp(w, "shuffle10k") == 0)
		ic_shuffle(S_CACHE, s, n);
	else
		ic_pairs(S_CACHE, s, 0, n);
	return 0;
}

/* The malloc side of workload @w. */
static int ic_malloc(const char *w, long n)
{
	if (strcmp(w, "kmalloc_rand") == 0)
		ic_krand(S_MALLOC, n);
	else if (strcmp(w, "shuffle10k") == 0)
		ic_shuffle(S_MALLOC, NULL, n);
	else
		ic_pairs(S_MALLOC, NULL, strcmp(w, "pair1k") ? PAIR_SMALL :
			 PAIR_LARGE, n);
	return 0;
}

int icount_child_main(int argc, char **argv)
{
	if (argc != 5 || !icount_is_work(argv[2]))
		return 2;
	return strcmp(argv[3], "api") == 0 ?
	       ic_api(argv[2], strtol(argv[4], NULL, 10)) :
	       ic_malloc(argv[2], strtol(argv[4], NULL, 10));
}

/* --- the parent ----------------------------------------------------------- */

const char *icount_col_name(int c)
{
	return c == IC_API ? "zslab" : c == IC_MALLOC ? "zslab-malloc" :
	       allocators[c - IC_PEER0 + 1].name;
}

bool icount_available(void)
{
	return system("valgrind --version >/dev/null 2>&1") == 0;
}

bool icount_is_work(const char *w)
{
	for (size_t i = 0; i < icount_nr_works; i++)
		if (strcmp(icount_works[i], w) == 0)
			return true;
	return false;
}

/* The number in cachegrind's "I refs:" line @line, or -1. */
static long long parse_irefs(const char *line)
{
	const char *p = strstr(line, "I refs:");
	long long v = 0;

	if (!p)
		p = strstr(line, "I   refs:");
	if (!p)
		return -1;
	for (p = strchr(p, ':') + 1; *p; p++)
		if (*p >= '0' && *p <= '9')
			v = v * 10 + (*p - '0');
		else if (*p != ',' && *p != ' ')
			break;
	return v;
}

/* Instructions of one child run, or -1 when it failed. */
static long long run_counted(const char *self, const char *preload,
			     const char *w, const char *side, long n)
{
	char nbuf[32], line[512];
	long long ir = -1, v;
	int fds[2], status;
	pid_t pid;
	FILE *f;

	snprintf(nbuf, sizeof(nbuf), "%ld", n);
	fflush(NULL);
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
		execlp("valgrind", "valgrind", "--tool=cachegrind",
		       "--cache-sim=no", "--cachegrind-out-file=/dev/null",
		       self, ICOUNT_CHILD_FLAG, w, side, nbuf, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	f = fdopen(fds[0], "r");
	while (f && fgets(line, sizeof(line), f))
		if ((v = parse_irefs(line)) >= 0)
			ir = v;
	if (f)
		fclose(f);
	else
		close(fds[0]);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status))
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

void icount_measure(struct icount_row *r, const char *work, const char *self,
		    const char *zslab_malloc, long ops)
{
	r->work = work;
	r->best = -1;
	if (strcmp(work, "shuffle10k") == 0)
		ops = (ops + SHUFFLE_N - 1) / SHUFFLE_N * SHUFFLE_N;
	r->ir[IC_API] = per_op(self, NULL, work, "api", ops);
	r->ir[IC_MALLOC] = per_op(self, zslab_malloc, work, "malloc", ops);
	for (int c = IC_PEER0; c < IC_NR_COLS; c++) {
		const struct allocator *al = &allocators[c - IC_PEER0 + 1];

		r->ir[c] = al->soname && !al->installed ? -1 :
			per_op(self, al->soname ? al->path : NULL, work,
			       "malloc", ops);
		if (r->ir[c] >= 0 && (r->best < 0 || r->ir[c] < r->ir[r->best]))
			r->best = c;
	}
}
