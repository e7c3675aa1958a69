/* SPDX-License-Identifier: MIT */
/*
 * suite_main.c - zslab-suite's main: options, the runs, the checksum
 * check, the outputs (see suite.h for the flow).
 *
 *   zslab-suite [--runs N] [--scale S] [--threads T] [--tiny]
 *               [--only NAME,...] [--json FILE] [--svg FILE]
 *               [--zslab-lib PATH] [--timeout S] [--list]
 */
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "suite.h"

#define DEFAULT_RUNS    5
#define DEFAULT_TIMEOUT 120
#define TINY_SCALE      0.02

static void usage(FILE *out)
{
	fprintf(out,
		"usage: zslab-suite [options]\n"
		"  --runs N        runs per (workload, allocator), median "
		"shown (default %d)\n"
		"  --scale S       multiply the work of every workload (default "
		"1; 4 = longer, steadier runs)\n"
		"  --threads T     threads of the threaded workloads (default: "
		"nproc)\n"
		"  --tiny          1 run at scale %.2f: checks that the suite "
		"works, measures nothing\n"
		"  --only LIST     only these workloads (see --list)\n"
		"  --json FILE     results (default results.json next to "
		"zslab-suite)\n"
		"  --svg FILE      chart (default results.svg next to "
		"zslab-suite)\n"
		"  --zslab-lib P   zslab's libzslab-malloc.so (default: found "
		"in the build tree)\n"
		"  --timeout S     kill a run after S seconds (default %d)\n"
		"  --list          list the workloads and exit\n",
		DEFAULT_RUNS, TINY_SCALE, DEFAULT_TIMEOUT);
}

static void list_workloads(void)
{
	for (size_t i = 0; i < suite_nr_workloads; i++)
		printf("%-14s %s\n", suite_workloads[i].name,
		       suite_workloads[i].what);
}

static int parse_only(struct suite_opts *o, const char *list)
{
	char buf[1024], *save = NULL;

	snprintf(buf, sizeof(buf), "%s", list);
	for (char *n = strtok_r(buf, ",", &save); n;
	     n = strtok_r(NULL, ",", &save)) {
		size_t i = 0;

		while (i < suite_nr_workloads &&
		       strcmp(suite_workloads[i].name, n))
			i++;
		if (i == suite_nr_workloads) {
			fprintf(stderr, "zslab-suite: no workload '%s' "
				"(--list shows them)\n", n);
			return -1;
		}
		o->only[i] = true;
	}
	return 0;
}

/* The command line, for the record (plain words only, space-joined). */
static void record_command(struct suite_opts *o, int argc, char **argv)
{
	size_t len = 0;

	for (int i = 0; i < argc && len < sizeof(o->command) - 1; i++)
		len += (size_t)snprintf(o->command + len,
					sizeof(o->command) - len, "%s%s",
					i ? " " : "", argv[i]);
}

/* Return: -1 on error, 1 to exit 0, else 0. */
static int parse_args(struct suite_opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "runs", required_argument, NULL, 'r' },
		{ "scale", required_argument, NULL, 's' },
		{ "threads", required_argument, NULL, 'T' },
		{ "tiny", no_argument, NULL, 'y' },
		{ "only", required_argument, NULL, 'o' },
		{ "json", required_argument, NULL, 'j' },
		{ "svg", required_argument, NULL, 'g' },
		{ "zslab-lib", required_argument, NULL, 'z' },
		{ "timeout", required_argument, NULL, 't' },
		{ "list", no_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, runs = -1, threads = -1;
	double scale = -1;

	record_command(o, argc, argv);
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'r': runs = atoi(optarg); break;
		case 's': scale = atof(optarg); break;
		case 'T': threads = atoi(optarg); break;
		case 'y': o->tiny = true; break;
		case 'o': if (parse_only(o, optarg)) return -1; break;
		case 'j': o->json = optarg; break;
		case 'g': o->svg = optarg; break;
		case 'z': o->zslab_lib = optarg; break;
		case 't': o->timeout = (unsigned int)atoi(optarg); break;
		case 'l': list_workloads(); return 1;
		case 'h': usage(stdout); return 1;
		default: usage(stderr); return -1;
		}
	}
	if (optind < argc || (runs != -1 && (runs < 1 ||
	    runs > SUITE_MAX_RUNS)) || (scale != -1 && !(scale > 0 &&
	    scale <= 1000)) || (threads != -1 && (threads < 1 ||
	    threads > 1024)) || o->timeout < 1) {
		usage(stderr);
		return -1;
	}
	o->runs = runs != -1 ? runs : o->tiny ? 1 : DEFAULT_RUNS;
	o->scale = scale != -1 ? scale : o->tiny ? TINY_SCALE : 1.0;
	o->threads = threads != -1 ? (unsigned int)threads :
		     (unsigned int)sysconf(_SC_NPROCESSORS_ONLN);
	return 0;
}

/* Where zslab-suite (and suite-work beside it) lives. */
static int find_self(struct suite_opts *o)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (n <= 0) {
		perror("zslab-suite: /proc/self/exe");
		return -1;
	}
	self[n] = '\0';
	snprintf(o->self_dir, sizeof(o->self_dir), "%s", dirname(self));
	return 0;
}

/* Which allocators the row runs on, and why the others do not. */
static void row_init(struct suite_row *r, const struct suite_workload *w,
		     const struct suite_opts *o)
{
	memset(r, 0, sizeof(*r));
	r->w = w;
	r->threads = w->kind == K_REDIS ? 1 : o->threads;
	if (w->kind == K_REDIS)
		suite_redis_found(r->skip, sizeof(r->skip));
	for (int a = 0; a < S_NR_ALLOC; a++) {
		struct suite_cell *c = &r->cell[a];

		c->status = r->skip[0] ? C_SKIP : suite_allocs[a].available ?
			    C_OK : C_ABSENT;
		snprintf(c->why, sizeof(c->why), "%s", r->skip[0] ? r->skip :
			 suite_allocs[a].why);
	}
}

/* A deterministic workload must give every allocator the same checksum. */
static void check_sum(struct suite_row *r, int a)
{
	struct suite_cell *c = &r->cell[a];
	char sum[sizeof(c->s[0].checksum)], other[sizeof(sum)];

	if (!r->w->deterministic)
		return;
	memcpy(sum, c->s[c->n - 1].checksum, sizeof(sum));
	for (int b = 0; b < S_NR_ALLOC; b++) {
		const struct suite_cell *d = &r->cell[b];

		if (d->n == 0 || strcmp(d->s[0].checksum, sum) == 0)
			continue;
		memcpy(other, d->s[0].checksum, sizeof(other));
		c->status = C_FAIL;
		snprintf(c->why, sizeof(c->why), "checksum %s differs from "
			 "%s's %s: the program computed something else", sum,
			 suite_allocs[b].name, other);
		return;
	}
}

static void run_once(const struct suite_opts *o, struct suite_row *r, int a)
{
	struct suite_cell *c = &r->cell[a];
	struct suite_sample s = { 0 };
	enum cell_status st;

	st = r->w->kind == K_REDIS ?
	     suite_run_redis(o, a, &s, c->why, sizeof(c->why)) :
	     suite_run_work(o, r, a, &s, c->why, sizeof(c->why));
	if (st != C_OK) {
		c->status = st;
		return;
	}
	c->s[c->n++] = s;
	check_sum(r, a);
}

static void run_row(const struct suite_opts *o, struct suite_row *r)
{
	fprintf(stderr, "%-14s ", r->w->name);
	if (r->skip[0])
		fprintf(stderr, "skipped: %s", r->skip);
	for (int run = 0; run < o->runs && !r->skip[0]; run++) {
		for (int a = 0; a < S_NR_ALLOC; a++)
			if (r->cell[a].status == C_OK)
				run_once(o, r, a);
		fputc('.', stderr);
	}
	fputc('\n', stderr);
	suite_row_finish(r);
}

/* Default output paths next to the program. */
static void default_paths(struct suite_opts *o)
{
	static char json[PATH_MAX + 16], svg[PATH_MAX + 16];

	snprintf(json, sizeof(json), "%s/results.json", o->self_dir);
	snprintf(svg, sizeof(svg), "%s/results.svg", o->self_dir);
	if (!o->json)
		o->json = json;
	if (!o->svg)
		o->svg = svg;
}

static double loadavg(void)
{
	double load[1];

	return getloadavg(load, 1) == 1 ? load[0] : -1;
}

static int write_outputs(const struct suite_opts *o,
			 const struct suite_row *rows, size_t n)
{
	struct suite_verdicts v;

	suite_judge(rows, n, &v);
	suite_table(o, rows, n, &v);
	if (suite_json(o, rows, n, &v)) {
		fprintf(stderr, "zslab-suite: %s: %s\n", o->json,
			strerror(errno));
		return 1;
	}
	if (suite_chart(o, rows, n, &v)) {
		fprintf(stderr, "zslab-suite: %s: %s\n", o->svg,
			strerror(errno));
		return 1;
	}
	printf("\nresults: %s\nchart:   %s\n", o->json, o->svg);
	return 0;
}

int main(int argc, char **argv)
{
	static struct suite_opts o = { .timeout = DEFAULT_TIMEOUT };
	static struct suite_row rows[sizeof(o.only) / sizeof(o.only[0])];
	bool any_only = false;
	size_t n = 0;
	int rc;

	if (suite_nr_workloads > sizeof(rows) / sizeof(rows[0])) {
		fprintf(stderr, "zslab-suite: more workloads than rows\n");
		return 1;
	}
	rc = parse_args(&o, argc, argv);
	if (rc)
		return rc < 0 ? 2 : 0;
	if (find_self(&o) || suite_find_allocs(&o))
		return 1;
	for (int a = 0; a < S_NR_ALLOC; a++)
		if (suite_allocs[a].available)
			suite_sized_origin(&o, a, suite_allocs[a].sized_from,
					   sizeof(suite_allocs[a].sized_from));
	default_paths(&o);
	o.load_before = loadavg();
	for (size_t i = 0; i < suite_nr_workloads; i++)
		any_only |= o.only[i];
	for (size_t i = 0; i < suite_nr_workloads; i++) {
		if (any_only && !o.only[i])
			continue;
		row_init(&rows[n], &suite_workloads[i], &o);
		run_row(&o, &rows[n++]);
	}
	return write_outputs(&o, rows, n);
}
