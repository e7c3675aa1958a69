/* SPDX-License-Identifier: MIT */
/*
 * suite_redis.c - the redis workload: redis-server runs under the
 * allocator (LD_PRELOAD), redis-benchmark (never preloaded) drives it
 * over a private Unix socket, so no TCP port is needed and runs cannot
 * collide.
 *
 * One run: start the server, wait until its socket accepts, run
 * redis-benchmark -q over the tests below, ask the server to shut down
 * (SIGTERM) and reap it.  Time: redis-benchmark's wall time.  Peak RSS:
 * the server's.  Requests per second: the mean over the tests of what
 * redis-benchmark prints.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/runutil.h"
#include "suite.h"

#define REDIS_TESTS    "set,get,incr,lpush,lpop,sadd,hset"
#define REDIS_REQUESTS 200000.0		/* per test, at scale 1 */
#define REDIS_START_S  10.0

static char server[PATH_MAX], bench[PATH_MAX];
static char **plain_env;	/* redis-benchmark's: no preload at all */

/* Find @prog in $PATH; its full name goes to @out. */
static bool in_path(const char *prog, char *out, size_t n)
{
	const char *path = getenv("PATH");
	char buf[8192], *save = NULL;

	snprintf(buf, sizeof(buf), "%s", path ? path : "/usr/bin:/bin");
	for (char *d = strtok_r(buf, ":", &save); d;
	     d = strtok_r(NULL, ":", &save)) {
		snprintf(out, n, "%s/%s", d, prog);
		if (access(out, X_OK) == 0)
			return true;
	}
	return false;
}

bool suite_redis_found(char *why, size_t n)
{
	bool s = in_path("redis-server", server, sizeof(server));
	bool b = in_path("redis-benchmark", bench, sizeof(bench));

	if (s && b)
		return true;
	snprintf(why, n, "%s not installed (apt-get install redis-server, "
		 "or make bench-deps)", !s && !b ? "redis-server and "
		 "redis-benchmark" : !s ? "redis-server" : "redis-benchmark");
	return false;
}

/* Wait until the server accepts on @sock, or it dies, or time runs out. */
static bool wait_ready(const char *sock, pid_t pid)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	double end = suite_now() + REDIS_START_S;

	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", sock);
	while (suite_now() < end) {
		int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		int ok = fd >= 0 && connect(fd, (struct sockaddr *)&addr,
					    sizeof(addr)) == 0;

		if (fd >= 0)
			close(fd);
		if (ok)
			return true;
		if (waitpid(pid, NULL, WNOHANG) == pid)
			return false;
		usleep(20000);
	}
	return false;
}

/* Mean of the "NAME: N requests per second" figures in @out, or 0. */
static double parse_rps(char *out)
{
	double sum = 0, v;
	int n = 0;
	char *save = NULL;

	for (char *l = strtok_r(out, "\r\n", &save); l;
	     l = strtok_r(NULL, "\r\n", &save)) {
		char *colon = strchr(l, ':');

		if (colon && strstr(l, "requests per second") &&
		    sscanf(colon + 1, "%lf", &v) == 1) {
			sum += v;
			n++;
		}
	}
	return n ? sum / n : 0;
}

/* Run redis-benchmark against @sock; its output into @out. */
static int run_bench(const struct suite_opts *o, const char *sock,
		     char *out, size_t cap, char *why, size_t n)
{
	char req[32], *argv[] = { bench, "-s", (char *)sock, "-n", req, "-q",
				  "-P", "16", "-t", REDIS_TESTS, NULL };
	struct rusage ru;
	FILE *f = tmpfile();
	size_t len;
	int status;
	pid_t pid;

	snprintf(req, sizeof(req), "%.0f", REDIS_REQUESTS * o->scale + 1000);
	if (!f) {
		snprintf(why, n, "tmpfile: %s", strerror(errno));
		return -1;
	}
	if (!plain_env)
		plain_env = run_child_env(NULL);
	pid = plain_env ? suite_spawn(argv, plain_env, fileno(f), o->timeout)
			: -1;
	status = pid < 0 ? -1 : suite_reap(pid, &ru);
	if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status)) {
		suite_explain(status, o->timeout, why, n);
		fclose(f);
		return -1;
	}
	rewind(f);
	len = fread(out, 1, cap - 1, f);
	out[len] = '\0';
	fclose(f);
	return 0;
}

/* Start redis-server under allocator @a on @sock; return its pid. */
static pid_t start_server(int a, const char *sock)
{
	char *argv[] = { server, "--port", "0", "--unixsocket", (char *)sock,
			 "--save", "", "--appendonly", "no", "--daemonize",
			 "no", "--loglevel", "warning", NULL };
	int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
	pid_t pid = suite_spawn(argv, suite_allocs[a].env, null, 0);

	if (null >= 0)
		close(null);
	return pid;
}

enum cell_status suite_run_redis(const struct suite_opts *o, int a,
				 struct suite_sample *out, char *why,
				 size_t n)
{
	static char text[65536];
	char sock[96];
	struct rusage ru;
	int rc, status;
	double t0;
	pid_t pid;

	snprintf(sock, sizeof(sock), "/tmp/zslab-suite-%d.sock", getpid());
	unlink(sock);
	pid = start_server(a, sock);
	if (pid < 0 || !wait_ready(sock, pid)) {
		snprintf(why, n, "redis-server did not start");
		if (pid > 0) {
			kill(pid, SIGKILL);
			suite_reap(pid, &ru);
		}
		return C_FAIL;
	}
	t0 = suite_now();
	rc = run_bench(o, sock, text, sizeof(text), why, n);
	out->secs = suite_now() - t0;
	kill(pid, SIGTERM);
	status = suite_reap(pid, &ru);
	unlink(sock);
	if (rc)
		return C_FAIL;
	out->rps = parse_rps(text);
	suite_usage_sample(&ru, out);
	snprintf(out->checksum, sizeof(out->checksum), "0");
	if (out->rps <= 0 || status == -1 || WIFSIGNALED(status)) {
		snprintf(why, n, out->rps <= 0 ? "no requests/s in "
			 "redis-benchmark's output" : "redis-server did not "
			 "shut down cleanly");
		return C_FAIL;
	}
	return C_OK;
}
