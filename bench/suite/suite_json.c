/* SPDX-License-Identifier: MIT */
/*
 * suite_json.c - the suite's results as JSON:
 *
 * { "suite": "zslab-suite", "command", "nproc", "threads", "runs",
 *   "scale", "time", "loadavg_before",
 *   "allocators": [ { "name", "preload", "available", "why",
 *                     "sized_delete_from" } ],
 *   "workloads": [ { "name", "threads", "public", "skipped", "best_time_peer",
 *       "best_rss_peer", "best_rps_peer",
 *       "results": { "<allocator>": { "status", "why", "secs": [runs],
 *           "rss_mib": [runs], "cpu_secs": [runs], "rps": [runs],
 *           "median_secs", "median_rss_mib", "median_cpu_secs",
 *           "median_rps", "time_ratio", "rss_ratio", "rps_ratio" } } } ],
 *   "geomean": { "<allocator>": { "time_ratio", "rss_ratio",
 *                                 "workloads" } },
 *   "public_geomean": { the same over the public workloads },
 *   "targets": { "time_geomean", "worst_workload", "rss_geomean",
 *                "public_time_geomean", "public_worst_workload",
 *                "worst_vs_glibc",
 *                "redis_rps": { "target", "zslab", "verdict"
 *                               [, "workload"] } } }
 *
 * time_geomean, worst_workload, rss_geomean and the public_ ones are
 * issue 12's targets; worst_vs_glibc and redis_rps issue 7's.
 *
 * Missing numbers are null; status is ok, not available, skipped or
 * failed.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/runutil.h"
#include "suite.h"

static void jname(FILE *f, int a)
{
	if (a >= 0)
		json_string(f, suite_allocs[a].name);
	else
		fputs("null", f);
}

/* "key": [the field at @off of every sample] */
static void jruns(FILE *f, const char *key, const struct suite_cell *c,
		  size_t off)
{
	fprintf(f, "\"%s\": [", key);
	for (int i = 0; i < c->n; i++) {
		double v;

		memcpy(&v, (const char *)&c->s[i] + off, sizeof(v));
		fputs(i ? ", " : "", f);
		json_number(f, v);
	}
	fputs("], ", f);
}

static void jkv(FILE *f, const char *key, double v, const char *sep)
{
	fprintf(f, "\"%s\": ", key);
	json_number(f, v);
	fputs(sep, f);
}

static void jcell(FILE *f, const struct suite_cell *c, int a, bool last)
{
	static const char *const st[] = { [C_OK] = "ok",
		[C_ABSENT] = "not available", [C_SKIP] = "skipped",
		[C_FAIL] = "failed" };

	fputs("        ", f);
	json_string(f, suite_allocs[a].name);
	fprintf(f, ": {\"status\": \"%s\", \"why\": ", st[c->status]);
	json_string(f, c->status == C_OK ? "" : c->why);
	fputs(",\n          ", f);
	jruns(f, "secs", c, offsetof(struct suite_sample, secs));
	jruns(f, "rss_mib", c, offsetof(struct suite_sample, rss_mib));
	jruns(f, "cpu_secs", c, offsetof(struct suite_sample, cpu));
	jruns(f, "rps", c, offsetof(struct suite_sample, rps));
	fputs("\n          ", f);
	jkv(f, "median_secs", c->med_secs, ", ");
	jkv(f, "median_rss_mib", c->med_rss, ", ");
	jkv(f, "median_cpu_secs", c->med_cpu, ", ");
	jkv(f, "median_rps", c->med_rps, ",\n          ");
	jkv(f, "time_ratio", c->time_ratio, ", ");
	jkv(f, "rss_ratio", c->rss_ratio, ", ");
	jkv(f, "rps_ratio", c->rps_ratio, "");
	fprintf(f, "}%s\n", last ? "" : ",");
}

static void jrow(FILE *f, const struct suite_row *r, bool last)
{
	fputs("    {\"name\": ", f);
	json_string(f, r->w->name);
	fprintf(f, ", \"threads\": %u, \"public\": %s, \"skipped\": ",
		r->threads, r->w->public_group ? "true" : "false");
	if (r->skip[0])
		json_string(f, r->skip);
	else
		fputs("null", f);
	fputs(",\n     \"best_time_peer\": ", f);
	jname(f, r->best_time);
	fputs(", \"best_rss_peer\": ", f);
	jname(f, r->best_rss);
	fputs(", \"best_rps_peer\": ", f);
	jname(f, r->best_rps);
	fputs(",\n     \"results\": {\n", f);
	for (int a = 0; a < S_NR_ALLOC; a++)
		jcell(f, &r->cell[a], a, a + 1 == S_NR_ALLOC);
	fprintf(f, "     }}%s\n", last ? "" : ",");
}

static void jallocs(FILE *f)
{
	fputs("  \"allocators\": [\n", f);
	for (int a = 0; a < S_NR_ALLOC; a++) {
		const struct suite_alloc *al = &suite_allocs[a];

		fputs("    {\"name\": ", f);
		json_string(f, al->name);
		fputs(", \"preload\": ", f);
		if (al->available && al->soname)
			json_string(f, al->path);
		else
			fputs("null", f);
		fprintf(f, ", \"available\": %s, \"why\": ",
			al->available ? "true" : "false");
		json_string(f, al->available ? "" : al->why);
		fputs(", \"sized_delete_from\": ", f);
		json_string(f, al->sized_from);
		fprintf(f, "}%s\n", a + 1 < S_NR_ALLOC ? "," : "");
	}
	fputs("  ],\n", f);
}

static void jgeo(FILE *f, const char *key, const struct suite_geo *geo)
{
	fprintf(f, "  \"%s\": {\n", key);
	for (int a = 0; a < S_NR_ALLOC; a++) {
		fputs("    ", f);
		json_string(f, suite_allocs[a].name);
		fputs(": {", f);
		jkv(f, "time_ratio", geo[a].time, ", ");
		jkv(f, "rss_ratio", geo[a].rss, ", ");
		fprintf(f, "\"workloads\": %d}%s\n", geo[a].n,
			a + 1 < S_NR_ALLOC ? "," : "");
	}
	fputs("  },\n", f);
}

/* One target; @workload names the worst workload for "none above". */
static void jtarget(FILE *f, const char *key, double target, double val,
		    bool high, const char *workload, const char *sep)
{
	fprintf(f, "    \"%s\": {", key);
	jkv(f, "target", target, ", ");
	jkv(f, "zslab", val, ", \"verdict\": ");
	json_string(f, isnan(val) ? "n/a" : (high ? val >= target : val <= target)
	     ? "PASS" : "MISS");
	if (workload) {
		fputs(", \"workload\": ", f);
		json_string(f, workload);
	}
	fprintf(f, "}%s\n", sep);
}

int suite_json(const struct suite_opts *o, const struct suite_row *rows,
	       size_t n, const struct suite_verdicts *v)
{
	FILE *f = fopen(o->json, "w");

	if (!f)
		return -1;
	fputs("{\n  \"suite\": \"zslab-suite\",\n  \"command\": ", f);
	json_string(f, o->command);
	fprintf(f, ",\n  \"nproc\": %ld, \"threads\": %u, \"runs\": %d, "
		"\"scale\": %g, \"time\": %lld, \"loadavg_before\": ",
		sysconf(_SC_NPROCESSORS_ONLN), o->threads, o->runs, o->scale,
		(long long)time(NULL));
	json_number(f, o->load_before);
	fputs(",\n", f);
	jallocs(f);
	fputs("  \"workloads\": [\n", f);
	for (size_t i = 0; i < n; i++)
		jrow(f, &rows[i], i + 1 == n);
	fputs("  ],\n", f);
	jgeo(f, "geomean", v->geo);
	jgeo(f, "public_geomean", v->pub);
	fputs("  \"targets\": {\n", f);
	jtarget(f, "time_geomean", TARGET_TIME_GEO, v->geo[S_ZSLAB].time,
		false, NULL, ",");
	jtarget(f, "worst_workload", TARGET_WORST, v->worst, false,
		v->worst_name, ",");
	jtarget(f, "rss_geomean", TARGET_RSS_GEO, v->geo[S_ZSLAB].rss, false,
		NULL, ",");
	jtarget(f, "public_time_geomean", TARGET_PUB_GEO,
		v->pub[S_ZSLAB].time, false, NULL, ",");
	jtarget(f, "public_worst_workload", TARGET_PUB_WORST, v->worst_pub,
		false, v->worst_pub_name, ",");
	jtarget(f, "worst_vs_glibc", TARGET_VS_GLIBC, v->worst_glibc, false,
		v->worst_glibc_name, ",");
	jtarget(f, "redis_rps", TARGET_REDIS_RPS, v->redis_rps, true, NULL,
		"");
	fputs("  }\n}\n", f);
	return fclose(f) ? -1 : 0;
}
