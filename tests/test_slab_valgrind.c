/* SPDX-License-Identifier: MIT */
/*
 * test_slab_valgrind.c - under valgrind's memcheck, zslab's objects are
 * described as heap blocks: a use-after-free read and write of a kmem
 * object are invalid accesses, an unfreed kmalloc object is a definite
 * leak, and a clean run has no errors.  The test re-runs itself under
 * valgrind ("--child MODE") and checks memcheck's error count.  Under
 * cachegrind (which ignores the requests and measures the plain paths)
 * zslab must not take the annotated paths: the "plain" child exits 3
 * when it finds zs_on_valgrind set.  Skipped
 * (exit 77, saying why) without valgrind on PATH, in sanitizer builds, or
 * when the library was built without <valgrind/memcheck.h>.
 */
#include "zt.h"

#include <stdint.h>
#include <sys/wait.h>
#include <unistd.h>

#include "host/host_tools.h"

#define SKIP 77

/* kmalloc(200) (a kmalloc-256 object) and drop the only pointer. */
__attribute__((noinline)) static void leak_one(void)
{
	char *volatile lost = kmalloc(200, GFP_KERNEL);

	memset(lost, 2, 200);
	lost = NULL;
}

/* Overwrite the stack below us so no copy of the pointer survives. */
__attribute__((noinline)) static void clobber_stack(void)
{
	volatile char junk[4096];

	memset((char *)junk, 0, sizeof(junk));
}

static int child(const char *mode)
{
	struct kmem_cache *s;
	char *p;

	if (zslab_init("memmap=64M@0"))
		return 2;
	if (!strcmp(mode, "plain"))
		return zs_on_valgrind ? 3 : 0;
	if (!zs_on_valgrind)
		return SKIP;     /* built without memcheck.h */
	s = kmem_cache_create("vg-objs", 100, 0, 0, NULL);
	p = s ? kmem_cache_alloc(s, GFP_KERNEL) : NULL;
	if (!p)
		return 2;
	memset(p, 1, 100);
	if (!strcmp(mode, "uaf")) {
		kmem_cache_free(s, p);
		if (((volatile char *)p)[10] == 7)    /* invalid read */
			puts("seven");
		((volatile char *)p)[20] = 1;         /* invalid write */
	} else if (!strcmp(mode, "leak")) {
		leak_one();                           /* a definite leak */
		clobber_stack();
		kmem_cache_free(s, p);
		kmem_cache_destroy(s);
		return 0;                             /* no zslab_exit: memory stays */
	} else {
		for (int i = 0; i < 1000; i++) {
			char *q = kmalloc(16 + (size_t)i % 500, GFP_KERNEL);
			memset(q, 3, 16);
			kfree(q);
		}
		kmem_cache_free(s, p);
	}
	kmem_cache_destroy(s);
	zslab_exit();
	return 0;
}

/* Run ourselves in @mode under valgrind; return memcheck's error count,
 * -1 if the run did not report one, -SKIP if it asked to be skipped. */
static long run_under_tool(const char *tool, const char *self, const char *mode,
			   char *out, size_t len, int *exit_status)
{
	int fds[2], status;
	ssize_t n;
	size_t got = 0;
	pid_t pid;
	const char *sum;

	REQUIRE(pipe(fds) == 0);
	pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0) {
		close(fds[0]);
		dup2(fds[1], 2);
		dup2(fds[1], 1);
		if (strcmp(tool, "memcheck"))
			execlp("valgrind", "valgrind", tool, "--cachegrind-out-file=/dev/null",
			       self, "--child", mode, (char *)NULL);
		else
			execlp("valgrind", "valgrind", "--tool=memcheck", "--leak-check=full",
		       "--errors-for-leak-kinds=definite", "--show-leak-kinds=definite",
		       self, "--child", mode, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	while (got + 1 < len && (n = read(fds[0], out + got, len - 1 - got)) > 0)
		got += (size_t)n;
	out[got] = 0;
	close(fds[0]);
	REQUIRE(waitpid(pid, &status, 0) == pid);
	*exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	if (WIFEXITED(status) && WEXITSTATUS(status) == SKIP)
		return -SKIP;
	sum = strstr(out, "ERROR SUMMARY: ");
	return sum ? strtol(sum + 15, NULL, 10) : -1;
}

static long run_under_valgrind(const char *self, const char *mode, char *out, size_t len)
{
	int status;

	return run_under_tool("memcheck", self, mode, out, len, &status);
}

static bool have_valgrind(void)
{
	int status = system("valgrind --version >/dev/null 2>&1");

	return status == 0;
}

int main(int argc, char **argv)
{
	static char out[1 << 16];
	long n;

	if (argc == 3 && !strcmp(argv[1], "--child"))
		return child(argv[2]);
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
	printf("test_slab_valgrind: skipped: a sanitizer build cannot run under valgrind\n");
	return SKIP;
#endif
	if (!have_valgrind()) {
		printf("test_slab_valgrind: skipped: valgrind is not installed\n");
		return SKIP;
	}
	n = run_under_valgrind(argv[0], "clean", out, sizeof(out));
	if (n == -SKIP) {
		printf("test_slab_valgrind: skipped: libzslab built without valgrind/memcheck.h\n");
		return SKIP;
	}
	CHECK_EQ(n, 0);
	if (n != 0)
		fputs(out, stderr);
	n = run_under_valgrind(argv[0], "uaf", out, sizeof(out));
	CHECK_EQ(n, 2);
	CHECK(strstr(out, "Invalid read of size 1") != NULL);
	CHECK(strstr(out, "Invalid write of size 1") != NULL);
	if (n != 2)
		fputs(out, stderr);
	n = run_under_valgrind(argv[0], "leak", out, sizeof(out));
	CHECK_EQ(n, 1);
	CHECK(strstr(out, "256 bytes in 1 blocks are definitely lost") != NULL);
	if (n != 1)
		fputs(out, stderr);
	int status = -1;
	run_under_tool("--tool=cachegrind", argv[0], "plain", out, sizeof(out), &status);
	CHECK_EQ(status, 0);
	return zt_summary("test_slab_valgrind");
}
