/* SPDX-License-Identifier: MIT */
/*
 * zt_panic.h - death tests: run a function in a forked child booted with
 * panic_on_warn and check that it reported what it should, then aborted.
 */
#ifndef ZSLAB_ZT_PANIC_H
#define ZSLAB_ZT_PANIC_H

#include <signal.h>
#include <stdbool.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "zt.h"

static int zt_panic_pipe = -1;

static inline void zt_first_report_hook(const char *text, void *arg)
{
	size_t n = strlen(text);

	(void)arg;
	if (zt_panic_pipe >= 0 && write(zt_panic_pipe, text, n < 1024 ? n : 1024) < 0)
		_exit(9);
	close(zt_panic_pipe);
	zt_panic_pipe = -1;
}

/*
 * Run @fn in a child booted with "panic_on_warn"; true when it died of
 * SIGABRT after a report whose first line contains @first and whose text
 * contains @want.
 */
static inline bool zt_panics_with(void (*fn)(void), const char *first, const char *want)
{
	char text[1100] = "";
	int fds[2], st = 0;
	ssize_t n;
	pid_t pid;

	REQUIRE(pipe(fds) == 0);
	fflush(NULL);
	pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0) {
		struct rlimit no_core = { 0, 0 };
		setrlimit(RLIMIT_CORE, &no_core);
		close(fds[0]);
		zt_panic_pipe = fds[1];
		zslab_exit();
		zslab_set_report_hook(zt_first_report_hook, NULL);
		if (zslab_init("panic_on_warn memmap=4G@0x40000000"))
			_exit(8);
		fn();
		_exit(0);
	}
	close(fds[1]);
	n = read(fds[0], text, sizeof(text) - 1);
	close(fds[0]);
	text[n > 0 ? n : 0] = 0;
	REQUIRE(waitpid(pid, &st, 0) == pid);
	bool ok = strncmp(text, first, strlen(first)) == 0 && strstr(text, want);
	if (!ok)
		fprintf(stderr, "panic child reported:\n%s\n", text);
	return WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT && ok;
}

#endif
