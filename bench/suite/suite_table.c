/* SPDX-License-Identifier: MIT */
/*
 * suite_table.c - the suite's results on stdout: the header that says how
 * they were made, a time table and a peak RSS table (median and ratio to
 * the best peer per cell, geometric means at the bottom), redis requests
 * per second when redis ran, the targets of issues 12 and 7 with PASS/MISS, and
 * why every cell that did not run did not.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "suite.h"

#define COL 15

enum measure { M_TIME, M_RSS, M_RPS };

static void print_header(const struct suite_opts *o)
{
	char date[64];
	struct utsname u;
	time_t now = time(NULL);

	strftime(date, sizeof(date), "%Y-%m-%d %H:%M:%S %z", localtime(&now));
	uname(&u);
	printf("zslab-suite: every allocator preloaded into the same "
	       "programs\ncommand: %s\n", o->command);
	printf("nproc: %ld   threads: %u   machine: %s %s   date: %s\n",
	       sysconf(_SC_NPROCESSORS_ONLN), o->threads, u.sysname,
	       u.machine, date);
	printf("runs: %d per cell (median shown)   scale: %g   load "
	       "average before: %.2f%s\n", o->runs, o->scale, o->load_before,
	       o->load_before > 0.5 ? " (the CPUs are shared: expect noise)"
	       : "");
}

static void cell_text(const struct suite_row *r, int a, enum measure m,
		      char *buf, size_t n)
{
	static const char *const st[] = { [C_ABSENT] = "n/a",
		[C_SKIP] = "skip", [C_FAIL] = "FAIL" };
	const struct suite_cell *c = &r->cell[a];
	int best = m == M_TIME ? r->best_time : m == M_RSS ? r->best_rss :
		   r->best_rps;
	double v = m == M_TIME ? c->med_secs : m == M_RSS ? c->med_rss :
		   c->med_rps;
	double q = m == M_TIME ? c->time_ratio : m == M_RSS ? c->rss_ratio :
		   c->rps_ratio;

	if (c->status != C_OK || c->n == 0)
		snprintf(buf, n, "%s", st[c->status == C_OK ? C_FAIL :
					  c->status]);
	else if (isnan(q))
		snprintf(buf, n, m == M_RPS ? "%.0f" : "%.3f", v);
	else
		snprintf(buf, n, m == M_RPS ? "%.0f %.2fx%s" : m == M_RSS ?
			 "%.1f %.2fx%s" : "%.3f %.2fx%s", v, q,
			 a == best ? "*" : " ");
}

static void print_columns(const char *title)
{
	printf("\n%s\n%-14s %3s", title, "workload", "thr");
	for (int a = 0; a < S_NR_ALLOC; a++)
		printf(" %*s ", COL - 1, suite_allocs[a].name);
	printf("\n");
}

/* A geomean row: @geo's time or RSS per allocator. */
static void print_geo(const char *label, const struct suite_geo *geo,
		      enum measure m)
{
	char buf[64];

	printf("%-18s", label);
	for (int a = 0; a < S_NR_ALLOC; a++) {
		double g = m == M_TIME ? geo[a].time : geo[a].rss;

		snprintf(buf, sizeof(buf), isnan(g) ? "-" : "%.2fx ", g);
		printf(" %*s", COL, buf);
	}
	printf("\n");
}

static void print_measure(const struct suite_row *rows, size_t n,
			  enum measure m, const struct suite_verdicts *v)
{
	char buf[64];

	print_columns(m == M_TIME ? "time: seconds, ratio to the best peer" :
		      m == M_RSS ? "peak RSS: MiB, ratio to the best peer" :
		      "redis: requests per second, ratio to the best peer "
		      "(higher is better)");
	for (size_t i = 0; i < n; i++) {
		if (m == M_RPS && rows[i].w->kind != K_REDIS)
			continue;
		printf("%-13s%c %3u", rows[i].w->name,
		       rows[i].w->public_group ? '+' : ' ', rows[i].threads);
		for (int a = 0; a < S_NR_ALLOC; a++) {
			cell_text(&rows[i], a, m, buf, sizeof(buf));
			printf(" %*s", COL, buf);
		}
		printf("\n");
	}
	if (m == M_RPS)
		return;
	print_geo("geomean", v->geo, m);
	print_geo("public geomean", v->pub, m);
}

/* One target line: @val against @target, lower is better unless @high. */
static void print_target(const char *what, double val, const char *extra,
			 double target, bool high)
{
	char buf[96];   /* "%.2fx" and a 64-byte @extra: no truncation */
	bool pass = high ? val >= target : val <= target;

	snprintf(buf, sizeof(buf), isnan(val) ? "-" : "%.2fx%s", val, extra);
	printf("  %-34s %-22s %s %.2fx   %s\n", what, buf, high ? ">=" : "<=",
	       target, isnan(val) ? "n/a" : pass ? "PASS" : "MISS");
}

static void print_targets(const struct suite_verdicts *v)
{
	char extra[64];

	printf("\ntargets of issue 12 (zslab / best peer):\n");
	print_target("time geomean, every workload", v->geo[S_ZSLAB].time, "",
		     TARGET_TIME_GEO, false);
	snprintf(extra, sizeof(extra), " (%s)", v->worst_name ?
		 v->worst_name : "");
	print_target("no workload above", v->worst, extra, TARGET_WORST,
		     false);
	print_target("peak-RSS geomean", v->geo[S_ZSLAB].rss, "",
		     TARGET_RSS_GEO, false);
	print_target("time geomean, public workloads (+)",
		     v->pub[S_ZSLAB].time, "", TARGET_PUB_GEO, false);
	snprintf(extra, sizeof(extra), " (%s)", v->worst_pub_name ?
		 v->worst_pub_name : "");
	print_target("no public workload above", v->worst_pub, extra,
		     TARGET_PUB_WORST, false);
	printf("targets of issue 7, still held:\n");
	snprintf(extra, sizeof(extra), " (%s)", v->worst_glibc_name ?
		 v->worst_glibc_name : "");
	print_target("worst workload time / glibc", v->worst_glibc, extra,
		     TARGET_VS_GLIBC, false);
	print_target("redis requests/s / best peer", v->redis_rps, "",
		     TARGET_REDIS_RPS, true);
}

static void print_notes(const struct suite_row *rows, size_t n)
{
	bool any = false;

	printf("\n* best peer.  + one of issue 12's public workloads (their "
	       "own geomean: public\ngeomean).  A geomean covers the "
	       "workloads where that allocator and a peer ran;\na workload "
	       "zslab failed counts as inf in \"no workload above\".\n"
	       "allocators:\n");
	for (int a = 0; a < S_NR_ALLOC; a++) {
		const struct suite_alloc *al = &suite_allocs[a];

		printf("  %-9s %s\n", al->name, !al->available ? al->why :
		       al->soname ? al->path : "(no preload)");
	}
	printf("larson-sized's operator delete(void *, size_t) comes from:");
	for (int a = 0; a < S_NR_ALLOC; a++)
		if (suite_allocs[a].available)
			printf("%s %s: %s", a ? "," : "", suite_allocs[a].name,
			       suite_allocs[a].sized_from);
	printf("\n");
	for (size_t i = 0; i < n; i++) {
		if (rows[i].skip[0]) {
			printf("%s skipped: %s\n", rows[i].w->name,
			       rows[i].skip);
			continue;
		}
		for (int a = 0; a < S_NR_ALLOC; a++) {
			const struct suite_cell *c = &rows[i].cell[a];

			if (c->status != C_FAIL)
				continue;
			any = true;
			printf("%s on %s FAILED: %s\n", rows[i].w->name,
			       suite_allocs[a].name, c->why);
		}
	}
	if (any)
		printf("(a failed cell is left out of its allocator's "
		       "geomean)\n");
}

void suite_table(const struct suite_opts *o, const struct suite_row *rows,
		 size_t n, const struct suite_verdicts *v)
{
	bool redis = false;

	for (size_t i = 0; i < n; i++)
		redis |= rows[i].w->kind == K_REDIS && !rows[i].skip[0];
	print_header(o);
	print_measure(rows, n, M_TIME, v);
	print_measure(rows, n, M_RSS, v);
	if (redis)
		print_measure(rows, n, M_RPS, v);
	print_targets(v);
	print_notes(rows, n);
	fflush(stdout);
}
