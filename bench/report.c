/* SPDX-License-Identifier: MIT */
/*
 * report.c - medians and verdicts, the table on stdout, the JSON file.
 *
 * A row's ratio is zslab's median over the fastest peer's median (T_PEER)
 * or over zslab's own reference measured in the same runs (T_SELF: v1/v2).
 * Lower is better everywhere, RSS included.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "common/runutil.h"
#include "zbench.h"

#define COL 10	/* width of an allocator column */

/* The peer with the lowest median, or -1 when none has one. */
static int best_peer(const struct row *r)
{
	int best = -1;

	for (int a = A_ZSLAB + 1; a < NR_ALLOC; a++) {
		const struct cell *c = &r->cell[a];

		if (c->status != C_OK || c->n == 0)
			continue;
		if (best < 0 || c->med1 < r->cell[best].med1)
			best = a;
	}
	return best;
}

/* PASS or MISS from zslab's cell and the ratio, per the target kind. */
static const char *verdict(struct row *r)
{
	const struct workload *w = r->w;
	const struct cell *z = &r->cell[A_ZSLAB];

	switch (w->kind) {
	case T_PEER:
		if (r->best < 0)
			return "NO PEER";
		r->ratio = z->med1 / r->cell[r->best].med1;
		return r->ratio <= w->target ? "PASS" : "MISS";
	case T_SELF:
		r->ratio = z->med1 / z->med2;
		return r->ratio <= w->target ? "PASS" : "MISS";
	case T_BOOT:
		return z->med1 < w->target && z->med2 < w->target2 ?
		       "PASS" : "MISS";
	default:
		return "info";
	}
}

void row_finish(struct row *r)
{
	const struct cell *z = &r->cell[A_ZSLAB];

	for (int a = 0; a < NR_ALLOC; a++) {
		struct cell *c = &r->cell[a];

		c->med1 = run_median(c->v1, c->n);
		c->med2 = run_median(c->v2, c->n);
	}
	r->best = best_peer(r);
	r->ratio = NAN;
	if (z->status == C_SKIP)
		r->verdict = "SKIP";
	else if (z->status != C_OK || z->n == 0)
		r->verdict = "ERROR";
	else
		r->verdict = verdict(r);
}

/* ---- table --------------------------------------------------------------- */

double report_loadavg(void)
{
	FILE *f = fopen("/proc/loadavg", "r");
	double load = NAN;

	if (f) {
		if (fscanf(f, "%lf", &load) != 1)
			load = NAN;
		fclose(f);
	}
	return load;
}

static void print_num(double v, bool mark)
{
	char buf[32];

	snprintf(buf, sizeof(buf), v >= 1000 ? "%.0f%s" : "%.2f%s", v,
		 mark ? "*" : " ");
	printf(" %*s", COL, buf);
}

/* One allocator's cell on a row's first (v1) or second (v2) line. */
static void print_cell(const struct row *r, int a, bool second)
{
	static const char *const text[] = {
		[C_NA] = "- ", [C_ABSENT] = "n/i ", [C_SKIP] = "skip ",
		[C_FAIL] = "FAIL ",
	};
	const struct cell *c = &r->cell[a];

	if (c->status == C_OK && c->n > 0)
		print_num(second ? c->med2 : c->med1, !second && a == r->best);
	else if (second || c->status == C_OK)
		printf(" %*s", COL, c->status == C_NA ? "- " : "");
	else
		printf(" %*s", COL, text[c->status]);
}

static void print_row(const struct row *r)
{
	printf("%-13s %-8s", r->w->name, r->w->unit);
	for (int a = 0; a < NR_ALLOC; a++)
		print_cell(r, a, false);
	if (isnan(r->ratio))
		printf(" %7s", "-");
	else
		printf(" %7.2f", r->ratio);
	printf("  %-21s %s\n", r->w->target_text, r->verdict);
	if (!r->w->v2_label)
		return;
	printf("  %-20s", r->w->v2_label);
	for (int a = 0; a < NR_ALLOC; a++)
		print_cell(r, a, true);
	printf("\n");
}

static void print_header(const struct options *o)
{
	char date[64];
	struct utsname u;
	time_t now = time(NULL);

	strftime(date, sizeof(date), "%Y-%m-%d %H:%M:%S %z", localtime(&now));
	uname(&u);
	printf("zslab-bench: zslab against the peer allocators\n");
	printf("command: %s\n", o->command);
	printf("nproc: %ld   machine: %s %s   date: %s\n",
	       sysconf(_SC_NPROCESSORS_ONLN), u.sysname, u.machine, date);
	printf("runs: %d per cell, median shown   timed loop: %.2f s   "
	       "every run in a fresh process\n", o->runs, o->secs);
	printf("load average before the runs: %.2f%s\n\n", o->load_start,
	       o->load_start > 0.5 ? " (other processes share the CPUs: "
	       "expect noise)" : "");
	printf("%-13s %-8s", "workload", "unit");
	for (int a = 0; a < NR_ALLOC; a++)
		printf(" %*s ", COL - 1, allocators[a].name);
	printf(" %7s  %-21s %s\n", "ratio", "target", "result");
}

/* The peers used, and why each cell that did not run did not. */
static void print_notes(const struct row *rows, size_t n)
{
	printf("\n* fastest peer.  ratio: zslab / fastest peer; for bulk16 "
	       "and dma32, zslab / its own\n  reference on the second line. "
	       " n/i: not installed.\npeers:\n");
	for (int a = A_ZSLAB + 1; a < NR_ALLOC; a++) {
		const struct allocator *p = &allocators[a];

		if (!p->soname)
			printf("  %-9s (no preload)\n", p->name);
		else if (p->installed)
			printf("  %-9s LD_PRELOAD=%s\n", p->name, p->path);
		else
			printf("  %-9s not installed (apt-get install %s)\n",
			       p->name, p->package);
	}
	for (size_t i = 0; i < n; i++)
		for (int a = 0; a < NR_ALLOC; a++) {
			const struct cell *c = &rows[i].cell[a];

			if (c->status == C_SKIP || c->status == C_FAIL)
				printf("%s on %s: %s: %s\n", rows[i].w->name,
				       allocators[a].name,
				       c->status == C_SKIP ? "skipped" :
				       "failed", c->why);
		}
}

void report_table(const struct options *o, const struct row *rows, size_t n)
{
	print_header(o);
	for (size_t i = 0; i < n; i++)
		print_row(&rows[i]);
	print_notes(rows, n);
	fflush(stdout);
}

/* ---- JSON ---------------------------------------------------------------- */

static void json_runs(FILE *f, const double *v, int n)
{
	fputc('[', f);
	for (int i = 0; i < n; i++) {
		if (i)
			fputs(", ", f);
		json_number(f, v[i]);
	}
	fputc(']', f);
}

static void json_cell(FILE *f, const struct row *r, int a)
{
	static const char *const st[] = {
		[C_NA] = "n/a", [C_ABSENT] = "not installed", [C_OK] = "ok",
		[C_SKIP] = "skipped", [C_FAIL] = "failed",
	};
	const struct cell *c = &r->cell[a];

	fprintf(f, "        ");
	json_string(f, allocators[a].name);
	fprintf(f, ": {\"status\": \"%s\", \"why\": ", st[c->status]);
	json_string(f, c->why);
	fprintf(f, ", \"runs\": ");
	json_runs(f, c->v1, c->n);
	fprintf(f, ", \"median\": ");
	json_number(f, c->med1);
	if (r->w->v2_label) {
		fprintf(f, ", \"runs_v2\": ");
		json_runs(f, c->v2, c->n);
		fprintf(f, ", \"median_v2\": ");
		json_number(f, c->med2);
	}
	fprintf(f, "}%s\n", a + 1 < NR_ALLOC ? "," : "");
}

static void json_row(FILE *f, const struct row *r, bool last)
{
	fprintf(f, "    {\"name\": ");
	json_string(f, r->w->name);
	fprintf(f, ", \"unit\": ");
	json_string(f, r->w->unit);
	fprintf(f, ", \"v2\": ");
	if (r->w->v2_label)
		json_string(f, r->w->v2_label);
	else
		fprintf(f, "null");
	fprintf(f, ",\n     \"target\": ");
	json_string(f, r->w->target_text);
	fprintf(f, ", \"best_peer\": ");
	if (r->best >= 0)
		json_string(f, allocators[r->best].name);
	else
		fprintf(f, "null");
	fprintf(f, ", \"ratio\": ");
	json_number(f, r->ratio);
	fprintf(f, ", \"verdict\": ");
	json_string(f, r->verdict);
	report_icount_json(f, r);
	fprintf(f, ",\n     \"results\": {\n");
	for (int a = 0; a < NR_ALLOC; a++)
		json_cell(f, r, a);
	fprintf(f, "     }}%s\n", last ? "" : ",");
}

static void json_allocators(FILE *f)
{
	fprintf(f, "  \"allocators\": [\n");
	for (int a = 0; a < NR_ALLOC; a++) {
		fprintf(f, "    {\"name\": ");
		json_string(f, allocators[a].name);
		fprintf(f, ", \"preload\": ");
		if (allocators[a].soname && allocators[a].installed)
			json_string(f, allocators[a].path);
		else
			fprintf(f, "null");
		fprintf(f, ", \"installed\": %s}%s\n",
			allocators[a].installed ? "true" : "false",
			a + 1 < NR_ALLOC ? "," : "");
	}
	fprintf(f, "  ],\n");
}

int report_json(const struct options *o, const struct row *rows, size_t n)
{
	FILE *f = fopen(o->json, "w");

	if (!f)
		return -1;
	fprintf(f, "{\n  \"command\": ");
	json_string(f, o->command);
	fprintf(f, ",\n  \"nproc\": %ld,\n  \"runs\": %d,\n"
		"  \"secs_per_run\": %g,\n  \"icount_ops\": %ld,\n"
		"  \"time\": %lld,\n  \"loadavg_before\": ",
		sysconf(_SC_NPROCESSORS_ONLN), o->runs, o->secs, o->icount_ops,
		(long long)time(NULL));
	json_number(f, o->load_start);
	fprintf(f, ",\n");
	json_allocators(f);
	fprintf(f, "  \"workloads\": [\n");
	for (size_t i = 0; i < n; i++)
		json_row(f, &rows[i], i + 1 == n);
	fprintf(f, "  ]\n}\n");
	return fclose(f) ? -1 : 0;
}
