/* SPDX-License-Identifier: MIT */
/*
 * probe.c - a plain program (no zslab linked in) that the preload tests
 * run under LD_PRELOAD=libzslab-malloc.so.  Modes:
 *   api      - the malloc API through the C library's own names: the
 *              blocks are zslab's (kmalloc-16 usable size, alignment),
 *              memory allocated before main() by a constructor and by the
 *              dynamic loader (dlopen/dlclose) works, and strdup() goes
 *              through the preload too.  Exit 0 when all holds.
 *   badfree  - free() of a pointer malloc never returned, then print
 *              "alive": the report is written and the free ignored, or,
 *              with ZSLAB_CMDLINE=panic_on_warn, the process aborts.
 *   count    - malloc(100) a thousand times, print how many succeeded and
 *              whether errno was ENOMEM for the others (an option such as
 *              fail_page_alloc must show here).
 *   threads  - threads allocating and freeing each other's blocks while
 *              the main thread forks; children allocate and exit 0.
 *   info     - mallinfo2() before and after 4096 malloc(1000), one line
 *              "arena +N uordblks +N", then malloc_stats() (to stderr)
 *              and "trim N" for malloc_trim(0) after freeing them.
 */
#include <dlfcn.h>
#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int failures;

#define EXPECT(cond) do { if (!(cond)) { failures++; \
	fprintf(stderr, "probe: %s:%d: %s\n", __FILE__, __LINE__, #cond); } } while (0)

static char *early;

__attribute__((constructor)) static void before_main(void)
{
	early = malloc(100);
	if (early)
		strcpy(early, "allocated before main");
}

static void *opaque(void *p)
{
	void *volatile x = p;
	return x;
}

static int mode_api(void)
{
	void *p = malloc(1);
	EXPECT(p && malloc_usable_size(p) == 16);   /* glibc: 24 */
	free(p);
	EXPECT(early && !strcmp(early, "allocated before main"));
	free(early);
	char *d = strdup("hello");
	EXPECT(d && malloc_usable_size(d) == 16);
	free(d);
	for (size_t a = 16; a <= ((size_t)32 << 20); a <<= 1) {
		void *q = NULL;
		EXPECT(posix_memalign(&q, a, 24) == 0 && !((uintptr_t)q & (a - 1)));
		free(q);
	}
	void *big = calloc(1, 10 << 20);
	EXPECT(big && malloc_usable_size(big) >= (10 << 20));
	free(big);
	/* the dynamic loader allocates its link maps with our malloc */
	void *h = dlopen("libresolv.so.2", RTLD_NOW | RTLD_LOCAL);
	EXPECT(h != NULL);
	if (h)
		EXPECT(dlclose(h) == 0);
	return failures != 0;
}

static int mode_badfree(void)
{
	static long not_heap[8];

	free(opaque(not_heap));
	printf("alive\n");
	return 0;
}

static int mode_count(void)
{
	int got = 0, enomem = 0;

	for (int i = 0; i < 1000; i++) {
		errno = 0;
		void *p = malloc(100);
		got += p != NULL;
		enomem += !p && errno == ENOMEM;
		/* kept: a freed block would be reused without new pages */
	}
	printf("got %d, ENOMEM %d\n", got, enomem);
	return 0;
}

static void *worker(void *arg)
{
	void **slot = arg;

	for (int i = 0; i < 20000; i++) {
		void *p = malloc((size_t)(i * 37) % 3000 + 1);
		void *old = __atomic_exchange_n(slot, p, __ATOMIC_ACQ_REL);
		free(old);
		if (i % 1000 == 0)
			free(malloc(5 << 20));
	}
	return NULL;
}

static int mode_threads(void)
{
	static void *shared[2];
	pthread_t t[4];

	for (int i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, worker, &shared[i % 2]);
	for (int f = 0; f < 10; f++) {
		pid_t pid = fork();
		if (pid == 0) {
			for (int i = 0; i < 1000; i++)
				free(malloc((size_t)i * 7 + 1));
			_exit(0);
		}
		int st = 0;
		EXPECT(pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
		       WEXITSTATUS(st) == 0);
	}
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	free(shared[0]);
	free(shared[1]);
	printf("threads ok\n");
	return failures != 0;
}

static int mode_info(void)
{
	static void *p[4096];
	struct mallinfo2 a = mallinfo2(), b;

	for (int i = 0; i < 4096; i++)
		if (!(p[i] = malloc(1000)))
			return 1;
	b = mallinfo2();
	printf("arena +%zu uordblks +%zu\n", b.arena - a.arena, b.uordblks - a.uordblks);
	fflush(stdout);
	malloc_stats();
	for (int i = 0; i < 4096; i++)
		free(p[i]);
	printf("trim %d\n", malloc_trim(0));
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "api"))
		return mode_api();
	if (argc == 2 && !strcmp(argv[1], "badfree"))
		return mode_badfree();
	if (argc == 2 && !strcmp(argv[1], "count"))
		return mode_count();
	if (argc == 2 && !strcmp(argv[1], "threads"))
		return mode_threads();
	if (argc == 2 && !strcmp(argv[1], "info"))
		return mode_info();
	fprintf(stderr, "usage: %s api|badfree|count|threads|info\n", argv[0]);
	return 2;
}
