/* SPDX-License-Identifier: MIT */
/*
 * test_host_random.c - zs_host_random()'s pool (host.c): bytes drawn from
 * one getrandom() of 256 are each handed out once (no two 8-byte draws
 * alike), requests above the pool's quarter go to getrandom() directly,
 * and a forked child does not hand out the bytes its parent hands out
 * next (the pool is discarded in the child).
 */
#include "zt.h"

#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "host/host.h"

#define DRAWS 200u

static void test_distinct(void)
{
	static uint64_t v[DRAWS];
	unsigned long same = 0;

	for (unsigned int i = 0; i < DRAWS; i++)
		zs_host_random(&v[i], sizeof(v[i]));
	for (unsigned int i = 0; i < DRAWS; i++)
		for (unsigned int k = 0; k < i; k++)
			same += v[i] == v[k];
	CHECK_EQ(same, 0);
}

static void test_large(void)
{
	unsigned char a[1000], b[1000];

	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	zs_host_random(a, sizeof(a));
	zs_host_random(b, sizeof(b));
	CHECK(memcmp(a, b, sizeof(a)) != 0);
	CHECK(memcmp(a + 900, b + 900, 100) != 0);
}

static void test_fork(void)
{
	uint64_t first, mine, childs = 0;
	int fd[2];
	pid_t pid;

	zs_host_random(&first, sizeof(first));   /* the pool holds more now */
	REQUIRE(pipe(fd) == 0);
	pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0) {
		uint64_t x;
		zs_host_random(&x, sizeof(x));
		_exit(write(fd[1], &x, sizeof(x)) == sizeof(x) ? 0 : 1);
	}
	zs_host_random(&mine, sizeof(mine));
	REQUIRE(read(fd[0], &childs, sizeof(childs)) == sizeof(childs));
	int status = 0;
	REQUIRE(waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK(childs != mine);
	close(fd[0]);
	close(fd[1]);
}

int main(void)
{
	test_distinct();
	test_large();
	test_fork();
	return zt_summary("test_host_random");
}
