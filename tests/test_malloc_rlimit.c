/* SPDX-License-Identifier: MIT */
/*
 * test_malloc_rlimit.c - issue 13, defect 2: under an address-space limit
 * (ulimit -v) a program on zslab's malloc runs.  The default machine
 * shrinks to what RLIMIT_AS leaves, reports that once, and malloc never
 * aborts for it; when not even the smallest machine fits, allocations
 * fail with ENOMEM and the program still ends normally.
 *
 * Each case forks a child that lowers RLIMIT_AS and executes a program:
 * this test again (its malloc is zslab's, linked in), /bin/true and a
 * shell under LD_PRELOAD of the preload library.  Its stderr is read
 * back to count the reports.
 */
#include <signal.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "zt.h"
#include "mm/mm_internal.h"

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define SANITIZED 1
#else
#define SANITIZED 0
#endif

#define KIB 1024ULL
#define MIB (1024ULL * KIB)

extern char **environ;

/* The child's part: allocate, write, check the machine it got. */
static int child_main(const char *mode)
{
	char *small = malloc(100), *big = malloc(64 * MIB);
	uint64_t ram = 0;

	if (!strcmp(mode, "tight")) {
		/* no machine fits: NULL with ENOMEM is the right answer */
		if (small)
			memset(small, 1, 100);
		free(small);
		free(big);
		return 0;
	}
	if (!small || !big)
		return 10;
	memset(small, 1, 100);
	memset(big, 2, 64 * MIB);
	for (unsigned int i = 0; i < zs_nr_ranges; i++)
		ram += (uint64_t)(zs_ranges[i].pfn_end - zs_ranges[i].pfn_start) << PAGE_SHIFT;
	free(small);
	free(big);
	if (!strcmp(mode, "limited") && (ram >= 2000000 * KIB || ram < 64 * MIB))
		return 11;
	if (!strcmp(mode, "free") && ram != 8192 * MIB)
		return 12;
	return 0;
}

struct run {
	int status;
	char err[8192];
};

/* Run @argv with RLIMIT_AS at @limit bytes (0: none), @preload in LD_PRELOAD. */
static void run(struct run *r, char *const argv[], uint64_t limit, const char *preload)
{
	int fd[2];
	pid_t pid;
	size_t len = 0;
	ssize_t n;

	REQUIRE(pipe(fd) == 0);
	pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0) {
		struct rlimit rl = { limit, limit };

		dup2(fd[1], 2);
		close(fd[0]);
		close(fd[1]);
		if (limit && setrlimit(RLIMIT_AS, &rl))
			_exit(20);
		if (preload)
			setenv("LD_PRELOAD", preload, 1);
		unsetenv("ZSLAB_CMDLINE");
		execve(argv[0], argv, environ);
		_exit(21);
	}
	close(fd[1]);
	while (len < sizeof(r->err) - 1 &&
	       (n = read(fd[0], r->err + len, sizeof(r->err) - 1 - len)) > 0)
		len += (size_t)n;
	r->err[len] = 0;
	close(fd[0]);
	REQUIRE(waitpid(pid, &r->status, 0) == pid);
}

static unsigned int count(const char *s, const char *needle)
{
	unsigned int n = 0;

	for (; (s = strstr(s, needle)) != NULL; s += strlen(needle))
		n++;
	return n;
}

static bool exited_ok(const struct run *r, const char *what)
{
	bool ok = WIFEXITED(r->status) && WEXITSTATUS(r->status) == 0;

	if (!ok)
		fprintf(stderr, "%s: status %#x, stderr:\n%s\n", what, r->status, r->err);
	return ok;
}

/* This test again, under the limit: the machine shrinks, one report. */
static void test_self(const char *self)
{
	struct run r;
	char *limited[] = { (char *)self, "limited", NULL };
	char *unlimited[] = { (char *)self, "free", NULL };

	run(&r, limited, 2000000 * KIB, NULL);
	CHECK(exited_ok(&r, "ulimit -v 2000000"));
	CHECK_EQ(count(r.err, "RAM shrunk from 8192 MiB"), 1);
	CHECK_EQ(count(r.err, "cannot"), 0);
	run(&r, limited, 1000000 * KIB, NULL);
	CHECK(exited_ok(&r, "ulimit -v 1000000"));
	CHECK_EQ(count(r.err, "RAM shrunk from 8192 MiB"), 1);
	/* no limit: the whole default machine, nothing said */
	run(&r, unlimited, 0, NULL);
	CHECK(exited_ok(&r, "no limit"));
	CHECK_EQ(count(r.err, "RAM shrunk"), 0);
}

/* Not even the 64 MiB floor fits: no abort, one report. */
static void test_tight(const char *self)
{
	struct run r;
	char *tight[] = { (char *)self, "tight", NULL };

	run(&r, tight, 60 * MIB, NULL);
	CHECK(!WIFSIGNALED(r.status));
	CHECK(exited_ok(&r, "ulimit -v 61440"));
	CHECK(count(r.err, "allocations fail with ENOMEM") <= 1);
}

/* Real programs on the preload library under ulimit -v 2000000. */
static void test_preload(void)
{
#ifdef ZP_LIB
	struct run r;
	char *tru[] = { "/bin/true", NULL };
	char *sh[] = { "/bin/sh", "-c", "x=$(echo hello); test \"$x\" = hello", NULL };

	if (access("/bin/true", X_OK) == 0) {
		run(&r, tru, 2000000 * KIB, ZP_LIB);
		CHECK(exited_ok(&r, "preload /bin/true"));
		CHECK_EQ(count(r.err, "RAM shrunk from 8192 MiB"), 1);
	}
	if (access("/bin/sh", X_OK) == 0) {
		run(&r, sh, 2000000 * KIB, ZP_LIB);
		CHECK(exited_ok(&r, "preload /bin/sh"));
	}
#endif
}

int main(int argc, char **argv)
{
	if (argc > 1)
		return child_main(argv[1]);
	if (SANITIZED) {
		printf("test_malloc_rlimit: a sanitizer runtime does not run under RLIMIT_AS\n");
		return 77;
	}
	test_self("/proc/self/exe");
	test_tight("/proc/self/exe");
	test_preload();
	return zt_summary("test_malloc_rlimit");
}
