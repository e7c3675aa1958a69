/* SPDX-License-Identifier: MIT */
/*
 * driver.c - zslab-bench's main: options, one fresh child process per run,
 * results into rows (see zbench.h for the flow).
 *
 *   zslab-bench [--runs N] [--quick] [--secs S] [--only NAME[,NAME...]]
 *               [--json FILE] [--timeout S] [--list]
 *
 * A child is this program re-executed as "zslab-bench --child NAME --secs
 * S" (zslab runs) or "peer-bench NAME PEER S" with LD_PRELOAD set to the
 * peer's library (peer runs).  Children inherit the environment without
 * any LD_PRELOAD of the caller's.
 */
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/runutil.h"
#include "icount.h"
#include "zbench.h"

#define DEFAULT_RUNS 5
#define DEFAULT_SECS 0.3
#define QUICK_RUNS   3
#define QUICK_SECS   0.1
#define DEFAULT_TIMEOUT 60
#define QUICK_ICOUNT_OPS 50000L

extern char **environ;

/* What every child needs: the programs and an environment per allocator. */
struct launcher {
	char self[PATH_MAX];
	char peer[PATH_MAX];
	bool have_peer;
	char secs[32];
	unsigned int timeout;
	char **env[NR_ALLOC];
	char **zslab_malloc_env;	/* LD_PRELOAD=libzslab-malloc.so */
};

static void usage(FILE *out)
{
	fprintf(out,
		"usage: zslab-bench [--runs N] [--quick] [--secs S] "
		"[--only NAME[,NAME...]] [--json FILE] [--timeout S]\n"
		"                   [--icount-ops N] [--list]\n"
		"  --runs N     runs per (workload, allocator); the median is "
		"reported (default %d)\n"
		"  --quick      %d runs of %.1f s instead of %d of %.1f s\n"
		"  --secs S     time budget of one timed run (default %.1f)\n"
		"  --only LIST  run only these workloads (see --list)\n"
		"  --json FILE  raw runs and medians (default "
		"bench-results.json)\n"
		"  --timeout S  kill a run after S seconds (default %d)\n"
		"  --icount-ops N  operations per cachegrind run of the "
		"instruction counts\n"
		"               (default %ld, --quick %ld; 0: no counts)\n"
		"  --list       list the workloads and exit\n",
		DEFAULT_RUNS, QUICK_RUNS, QUICK_SECS, DEFAULT_RUNS,
		DEFAULT_SECS, DEFAULT_SECS, DEFAULT_TIMEOUT,
		ICOUNT_DEFAULT_OPS, QUICK_ICOUNT_OPS);
}

static void list_workloads(void)
{
	for (size_t i = 0; i < nr_workloads; i++)
		printf("%-13s %-8s %s%s\n", workloads[i].name,
		       workloads[i].unit, workloads[i].target_text,
		       workloads[i].peers ? "" : "  (zslab only)");
}

/* Mark the workloads named in the comma-separated @list. */
static int parse_only(struct options *o, const char *list)
{
	char buf[1024], *save = NULL;

	snprintf(buf, sizeof(buf), "%s", list);
	for (char *n = strtok_r(buf, ",", &save); n;
	     n = strtok_r(NULL, ",", &save)) {
		const struct workload *w = catalog_workload(n);

		if (!w) {
			fprintf(stderr, "zslab-bench: no workload '%s' "
				"(--list shows them)\n", n);
			return -1;
		}
		o->only[w - workloads] = true;
	}
	return 0;
}

/* Append @arg to o->command, single-quoted when the shell needs it. */
static void quote_arg(struct options *o, const char *arg)
{
	size_t len = strlen(o->command), cap = sizeof(o->command);
	bool plain = *arg && strspn(arg, "abcdefghijklmnopqrstuvwxyz"
		"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./=,:+-") == strlen(arg);

	if (len && len < cap - 1)
		o->command[len++] = ' ';
	if (!plain && len < cap - 1)
		o->command[len++] = '\'';
	for (; *arg && len < cap - 5; arg++) {
		if (*arg == '\'') {
			memcpy(o->command + len, "'\\''", 4);
			len += 4;
		} else {
			o->command[len++] = *arg;
		}
	}
	if (!plain && len < cap - 1)
		o->command[len++] = '\'';
	o->command[len] = '\0';
}

/* Parse the command line.  Return: -1 on error, 1 to exit 0, else 0. */
static int parse_args(struct options *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "runs", required_argument, NULL, 'r' },
		{ "quick", no_argument, NULL, 'q' },
		{ "secs", required_argument, NULL, 's' },
		{ "only", required_argument, NULL, 'o' },
		{ "json", required_argument, NULL, 'j' },
		{ "timeout", required_argument, NULL, 't' },
		{ "icount-ops", required_argument, NULL, 'i' },
		{ "list", no_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, runs = -1;
	double secs = -1;
	long icount_ops = -1;

	for (int i = 0; i < argc; i++)
		quote_arg(o, argv[i]);
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'r': runs = atoi(optarg); break;
		case 'q': o->quick = true; break;
		case 's': secs = atof(optarg); break;
		case 'o': if (parse_only(o, optarg)) return -1; break;
		case 'j': o->json = optarg; break;
		case 't': o->timeout = (unsigned int)atoi(optarg); break;
		case 'i': icount_ops = strtol(optarg, NULL, 10); break;
		case 'l': list_workloads(); return 1;
		case 'h': usage(stdout); return 1;
		default: usage(stderr); return -1;
		}
	}
	if (optind < argc || (runs != -1 && (runs < 1 || runs > MAX_RUNS)) ||
	    (secs != -1 && (secs <= 0 || secs > 60)) || o->timeout < 1 ||
	    (icount_ops != -1 && (icount_ops < 0 || icount_ops > 100000000))) {
		usage(stderr);
		return -1;
	}
	o->runs = runs != -1 ? runs : o->quick ? QUICK_RUNS : DEFAULT_RUNS;
	o->secs = secs != -1 ? secs : o->quick ? QUICK_SECS : DEFAULT_SECS;
	o->icount_ops = icount_ops != -1 ? icount_ops : o->quick ?
			QUICK_ICOUNT_OPS : ICOUNT_DEFAULT_OPS;
	return 0;
}

/* Locate this program and peer-bench next to it; build the environments. */
static int launcher_init(struct launcher *l, const struct options *o)
{
	ssize_t n = readlink("/proc/self/exe", l->self, sizeof(l->self) - 1);
	char dir[PATH_MAX];

	if (n <= 0) {
		perror("zslab-bench: /proc/self/exe");
		return -1;
	}
	l->self[n] = '\0';
	snprintf(dir, sizeof(dir), "%s", l->self);
	snprintf(l->peer, sizeof(l->peer), "%s/peer-bench", dirname(dir));
	l->have_peer = access(l->peer, X_OK) == 0;
	snprintf(l->secs, sizeof(l->secs), "%.3f", o->secs);
	l->timeout = o->timeout;
	for (int a = 0; a < NR_ALLOC; a++) {
		bool preload = allocators[a].soname && allocators[a].installed;

		l->env[a] = run_child_env(preload ? allocators[a].path : NULL);
		if (!l->env[a])
			return -1;
	}
	l->zslab_malloc_env = run_child_env(ZSLAB_MALLOC_LIB);
	return l->zslab_malloc_env ? 0 : -1;
}

/* Read the child's whole stdout from @fd into @buf. */
static void read_all(int fd, char *buf, size_t cap)
{
	size_t len = 0;
	ssize_t n;

	while (len < cap - 1) {
		n = read(fd, buf + len, cap - 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
}

/* Explain how the child ended when it did not end well. */
static enum cell_status child_status(int status, const char *out,
				     unsigned int timeout, char *why, size_t n)
{
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM) {
		snprintf(why, n, "timed out after %u s", timeout);
		return C_FAIL;
	}
	if (WIFSIGNALED(status)) {
		snprintf(why, n, "killed by signal %d (%s)", WTERMSIG(status),
			 strsignal(WTERMSIG(status)));
		return C_FAIL;
	}
	if (WEXITSTATUS(status) == BENCH_EXIT_SKIP) {
		snprintf(why, n, "%.150s", strncmp(out, "skip: ", 6) ? out : out + 6);
		why[strcspn(why, "\n")] = '\0';
		return C_SKIP;
	}
	snprintf(why, n, "exit status %d", WEXITSTATUS(status));
	return C_FAIL;
}

/*
 * Run one child, killed by SIGALRM after l->timeout seconds (a pending
 * alarm survives execve); on success store its result in *@r.
 */
static enum cell_status spawn(const struct launcher *l, char *const argv[],
			      char *const envp[], struct bench_result *r,
			      char *why, size_t n)
{
	char out[512];
	int fd[2], status;
	pid_t pid;

	fflush(NULL);
	if (pipe(fd)) {
		snprintf(why, n, "pipe: %s", strerror(errno));
		return C_FAIL;
	}
	pid = fork();
	if (pid < 0) {
		snprintf(why, n, "fork: %s", strerror(errno));
		close(fd[0]);
		close(fd[1]);
		return C_FAIL;
	}
	if (pid == 0) {
		dup2(fd[1], STDOUT_FILENO);
		close(fd[0]);
		close(fd[1]);
		alarm(l->timeout);
		execve(argv[0], argv, envp);
		fprintf(stderr, "zslab-bench: %s: %s\n", argv[0],
			strerror(errno));
		_exit(127);
	}
	close(fd[1]);
	read_all(fd[0], out, sizeof(out));
	close(fd[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return child_status(status, out, l->timeout, why, n);
	if (sscanf(out, "%lf %lf", &r->v1, &r->v2) != 2) {
		snprintf(why, n, "unreadable result '%.60s'", out);
		return C_FAIL;
	}
	return C_OK;
}

/* One run of @w on allocator @a, appended to @c. */
static void run_once(const struct launcher *l, const struct workload *w,
		     int a, struct cell *c)
{
	char *argv[6] = { NULL };
	char *const *env = l->env[a];
	struct bench_result r;
	enum cell_status st;

	if (a == A_ZSLAB && w->zslab_malloc) {
		argv[0] = (char *)l->peer;
		argv[1] = (char *)w->peer_work;
		argv[2] = "zslab-malloc";
		argv[3] = (char *)l->secs;
		env = l->zslab_malloc_env;
	} else if (a == A_ZSLAB) {
		argv[0] = (char *)l->self;
		argv[1] = "--child";
		argv[2] = (char *)w->name;
		argv[3] = "--secs";
		argv[4] = (char *)l->secs;
	} else {
		argv[0] = (char *)l->peer;
		argv[1] = (char *)(w->peer_work ? w->peer_work : w->name);
		argv[2] = (char *)allocators[a].name;
		argv[3] = (char *)l->secs;
	}
	st = spawn(l, argv, env, &r, c->why, sizeof(c->why));
	if (st != C_OK) {
		c->status = st;
		return;
	}
	c->v1[c->n] = r.v1;
	c->v2[c->n] = r.v2;
	c->n++;
}

/* Which allocators @w runs on, and why the others do not. */
static void row_init(const struct launcher *l, struct row *row,
		     const struct workload *w)
{
	memset(row, 0, sizeof(*row));
	row->w = w;
	for (int a = 0; a < NR_ALLOC; a++) {
		struct cell *c = &row->cell[a];

		c->status = C_OK;
		if (a != A_ZSLAB && !w->peers) {
			c->status = C_NA;
		} else if (a != A_ZSLAB && !allocators[a].installed) {
			c->status = C_ABSENT;
			snprintf(c->why, sizeof(c->why), "not installed "
				 "(apt-get install %s)", allocators[a].package);
		} else if (a != A_ZSLAB && !l->have_peer) {
			c->status = C_FAIL;
			snprintf(c->why, sizeof(c->why), "%.140s not found",
				 l->peer);
		}
	}
}

/* All runs of one workload, interleaved across allocators. */
static void run_row(const struct options *o, const struct launcher *l,
		    struct row *row)
{
	fprintf(stderr, "%-13s ", row->w->name);
	for (int run = 0; run < o->runs; run++) {
		for (int a = 0; a < NR_ALLOC; a++)
			if (row->cell[a].status == C_OK)
				run_once(l, row->w, a, &row->cell[a]);
		fputc('.', stderr);
	}
	fputc('\n', stderr);
	row_finish(row);
}

static int child_main(int argc, char **argv)
{
	if (argc != 5 || strcmp(argv[3], "--secs") != 0) {
		fprintf(stderr, "usage: zslab-bench --child NAME --secs S\n");
		return 2;
	}
	return zslab_child_main(argv[2], atof(argv[4]));
}

int main(int argc, char **argv)
{
	static struct options o = { .json = "bench-results.json",
				    .timeout = DEFAULT_TIMEOUT };
	static struct launcher l;
	struct row *rows;
	size_t n = 0;
	bool any_only = false;
	int rc;

	if (argc > 1 && strcmp(argv[1], "--child") == 0)
		return child_main(argc, argv);
	if (argc > 1 && strcmp(argv[1], ICOUNT_CHILD_FLAG) == 0)
		return icount_child_main(argc, argv);
	rc = parse_args(&o, argc, argv);
	if (rc)
		return rc < 0 ? 2 : 0;
	catalog_find_peers();
	o.load_start = report_loadavg();
	rows = calloc(nr_workloads, sizeof(*rows));
	if (!rows || launcher_init(&l, &o))
		return 1;
	for (size_t i = 0; i < nr_workloads; i++)
		any_only |= o.only[i];
	for (size_t i = 0; i < nr_workloads; i++) {
		if (any_only && !o.only[i])
			continue;
		row_init(&l, &rows[n], &workloads[i]);
		run_row(&o, &l, &rows[n++]);
	}
	report_table(&o, rows, n);
	report_icount(&o, rows, n, l.self);
	if (report_json(&o, rows, n)) {
		fprintf(stderr, "zslab-bench: %s: %s\n", o.json,
			strerror(errno));
		return 1;
	}
	fprintf(stderr, "raw runs and medians: %s\n", o.json);
	return 0;
}
