/* SPDX-License-Identifier: MIT */
/*
 * zt_abort.h - death tests for internal errors: run a function in a
 * forked child whose stderr is captured, and check that it aborted with a
 * message (zs_report_fatal() writes to stderr, not to the report hook).
 */
#ifndef ZSLAB_ZT_ABORT_H
#define ZSLAB_ZT_ABORT_H

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "zt.h"

/*
 * Run @fn in a child (30 s alarm: a missed check may deadlock).  With
 * @text NULL: true when it returned and the child exited 0.  Else: true
 * when it died of SIGABRT with @text on its stderr.
 */
static inline bool zt_child_ends(void (*fn)(void), const char *text)
{
	char out[4096] = "";
	int fds[2], st = 0;
	ssize_t n, got = 0;
	pid_t pid;

	REQUIRE(pipe(fds) == 0);
	fflush(NULL);
	pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0) {
		close(fds[0]);
		dup2(fds[1], 2);
		alarm(30);
		fn();
		_exit(0);
	}
	close(fds[1]);
	while ((n = read(fds[0], out + got, sizeof(out) - 1 - (size_t)got)) > 0)
		got += n;
	close(fds[0]);
	out[got] = 0;
	REQUIRE(waitpid(pid, &st, 0) == pid);
	if (!text)
		return WIFEXITED(st) && WEXITSTATUS(st) == 0;
	if (!(WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT && strstr(out, text))) {
		fprintf(stderr, "child (status %#x) said:\n%s\n", st, out);
		return false;
	}
	return true;
}

#endif
