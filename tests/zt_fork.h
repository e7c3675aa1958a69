/* SPDX-License-Identifier: MIT */
/* zt_fork.h - the fork-and-wait step of the fork tests (include after zt.h). */
#ifndef ZT_FORK_H
#define ZT_FORK_H

#include <stdbool.h>
#include <sys/wait.h>
#include <unistd.h>

/*
 * zt_fork_ok() - fork; the child runs @fn(@arg) and exits with status 0
 * when it returned 0, else 1.  True when the child exited with status 0
 * (a crash, a signal or a non-zero status is false).
 */
static inline bool zt_fork_ok(int (*fn)(void *), void *arg)
{
	int status = 0;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0)
		_exit(fn(arg) ? 1 : 0);
	REQUIRE(waitpid(pid, &status, 0) == pid);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

#endif
