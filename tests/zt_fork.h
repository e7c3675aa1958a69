/* SPDX-License-Identifier: MIT */
/* zt_fork.h - the fork-and-wait step of the fork tests (include after zt.h). */
#ifndef ZT_FORK_H
#define ZT_FORK_H

#include <execinfo.h>
#include <stdbool.h>
#include <sys/wait.h>
#include <unistd.h>

/*
 * A child's report hook (zslab_set_report_hook(zt_child_hook, NULL)):
 * every report is a problem, counted in zt_child_problems, the last one
 * kept in zt_last_report.
 */
static int zt_child_problems;

static inline void zt_child_hook(const char *text, void *arg)
{
	(void)arg;
	zt_child_problems++;
	snprintf(zt_last_report, sizeof(zt_last_report), "%s", text);
}

/* A child that hangs (a lock fork() left held) says where, then dies:
 * signal(SIGALRM, zt_child_hung) before its alarm(). */
static inline void zt_child_hung(int sig)
{
	static const char msg[] = "child: hung; stack:\n";
	void *pcs[32];
	int n = backtrace(pcs, 32);

	(void)sig;
	write(2, msg, sizeof(msg) - 1);
	backtrace_symbols_fd(pcs, n, 2);
	_exit(3);
}

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
