/* SPDX-License-Identifier: MIT */
/*
 * suite_run.c - child processes: the environment they get, starting one,
 * reaping it with its resource usage, and one run of suite-work.
 *
 * A run's time is the wall time from fork to the end of wait4; its peak
 * RSS is the ru_maxrss wait4 returns for that child alone.  Children are
 * killed by SIGALRM after --timeout seconds (the alarm survives execve).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "suite.h"

extern char **environ;

double suite_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

pid_t suite_spawn(char *const argv[], char *const envp[], int out_fd,
		  unsigned int timeout)
{
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid != 0)
		return pid;
	if (out_fd >= 0)
		dup2(out_fd, STDOUT_FILENO);
	if (timeout)
		alarm(timeout);
	execve(argv[0], argv, envp);
	fprintf(stderr, "zslab-suite: %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

int suite_reap(pid_t pid, struct rusage *ru)
{
	int status;

	while (wait4(pid, &status, 0, ru) < 0)
		if (errno != EINTR)
			return -1;
	return status;
}

void suite_explain(int status, unsigned int timeout, char *why, size_t n)
{
	if (status == -1)
		snprintf(why, n, "wait4: %s", strerror(errno));
	else if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM)
		snprintf(why, n, "timed out after %u s", timeout);
	else if (WIFSIGNALED(status))
		snprintf(why, n, "killed by signal %d (%s)", WTERMSIG(status),
			 strsignal(WTERMSIG(status)));
	else
		snprintf(why, n, "exit status %d (its stderr says why)",
			 WEXITSTATUS(status));
}

void suite_usage_sample(const struct rusage *ru, struct suite_sample *s)
{
	s->cpu = (double)ru->ru_utime.tv_sec + ru->ru_utime.tv_usec * 1e-6 +
		 (double)ru->ru_stime.tv_sec + ru->ru_stime.tv_usec * 1e-6;
	s->rss_mib = (double)ru->ru_maxrss / 1024.0;
}

/* Read the child's stdout (one short line) from @fd. */
static void read_line(int fd, char *buf, size_t cap)
{
	size_t len = 0;
	ssize_t r;

	while (len < cap - 1) {
		r = read(fd, buf + len, cap - 1 - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		len += (size_t)r;
	}
	buf[len] = '\0';
}

void suite_sized_origin(const struct suite_opts *o, int a, char *buf,
			size_t n)
{
	char prog[PATH_MAX + 16], line[PATH_MAX];
	char *argv[] = { prog, "--sized-origin", NULL };
	const char *base;
	struct rusage ru;
	int fd[2], status;
	pid_t pid;

	snprintf(buf, n, "?");
	snprintf(prog, sizeof(prog), "%s/suite-work", o->self_dir);
	if (pipe2(fd, O_CLOEXEC))
		return;
	pid = suite_spawn(argv, suite_allocs[a].env, fd[1], o->timeout);
	close(fd[1]);
	if (pid < 0) {
		close(fd[0]);
		return;
	}
	read_line(fd[0], line, sizeof(line));
	close(fd[0]);
	status = suite_reap(pid, &ru);
	if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status))
		return;
	line[strcspn(line, "\n")] = '\0';
	base = strrchr(line, '/');
	snprintf(buf, n, "%s", base ? base + 1 : line);
}

enum cell_status suite_run_work(const struct suite_opts *o,
				const struct suite_row *row, int a,
				struct suite_sample *out, char *why, size_t n)
{
	const struct suite_alloc *al = &suite_allocs[a];
	char prog[PATH_MAX + 16], thr[16], scale[32], line[128];
	char *argv[] = { prog, (char *)row->w->name, "--threads", thr,
			 "--scale", scale, "--expect", (char *)al->expect,
			 NULL };
	struct rusage ru;
	int fd[2], status;
	double t0;
	pid_t pid;

	snprintf(prog, sizeof(prog), "%s/suite-work", o->self_dir);
	snprintf(thr, sizeof(thr), "%u", row->threads);
	snprintf(scale, sizeof(scale), "%g", o->scale);
	if (pipe2(fd, O_CLOEXEC)) {
		snprintf(why, n, "pipe: %s", strerror(errno));
		return C_FAIL;
	}
	t0 = suite_now();
	pid = suite_spawn(argv, al->env, fd[1], o->timeout);
	close(fd[1]);
	if (pid < 0) {
		snprintf(why, n, "fork: %s", strerror(errno));
		close(fd[0]);
		return C_FAIL;
	}
	read_line(fd[0], line, sizeof(line));
	close(fd[0]);
	status = suite_reap(pid, &ru);
	out->secs = suite_now() - t0;
	if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) ||
	    sscanf(line, "ok %31s", out->checksum) != 1) {
		suite_explain(status, o->timeout, why, n);
		return C_FAIL;
	}
	suite_usage_sample(&ru, out);
	out->rps = 0;
	return C_OK;
}
