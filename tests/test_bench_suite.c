/* SPDX-License-Identifier: MIT */
/*
 * test_bench_suite.c - the allocator suite (bench/suite) cannot rot: run
 * zslab-suite in its tiny mode (one run, small sizes, only the allocators
 * present here) and check that its JSON and SVG are well-formed and
 * describe every workload --list names, including the six issue 7 asks
 * for and the six public workloads of issue 12, with real measurements
 * from every allocator that is available, and that the public group and
 * issue 12's targets are judged.
 *
 * The validators are checked first on documents known to be good and
 * known to be bad, so that a validator accepting anything cannot pass.
 */
#include <libgen.h>
#include <limits.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "zt.h"
#include "zt_json.h"
#include "zt_xml.h"

#define MAX_WORK 16

static const char *const issue_workloads[] = {
	"larson", "xmalloc", "cache-scratch", "mstress", "alloc-test",
	"redis", "malloc-large", "thread-churn", "glibc-simple",
	"glibc-thread", "larson-sized", "rptest",
};

/* Issue 12's public group: exactly these carry "public": true. */
static const char *const public_workloads[] = {
	"malloc-large", "thread-churn", "glibc-simple", "glibc-thread",
	"larson-sized", "rptest",
};

static char names[MAX_WORK][32];
static int nr_names;

static void test_validators(void)
{
	static const char *const bad_json[] = {
		"{\"a\": 1,}", "[01]", "{\"a\" 1}", "\"abc", "[1] 2", "[.5]",
		"{\"a\": tru}", "[\"\\x\"]", "",
	};
	static const char *const bad_xml[] = {
		"<svg><text></svg>", "<svg a=1/>", "<svg>&foo;</svg>",
		"<svg/><svg/>", "<svg a=\"1\"b=\"2\"/>", "<svg>", "<g/>",
		"text<svg/>", "<svg a=\"<\"/>",
	};
	char err[200];
	struct zj *v;

	v = zj_parse("{\"a\": [1, -2.5e3, \"x\\\"y\", true, null, {}],"
		     " \"b\": {\"c\": \"d\"}}", err, sizeof(err));
	CHECK(v != NULL);
	CHECK(v && zj_get(v, "a") && zj_get(v, "a")->type == ZJ_ARR);
	CHECK(v && zj_str(zj_get(v, "b"), "c") &&
	      strcmp(zj_str(zj_get(v, "b"), "c"), "d") == 0);
	zj_free(v);
	for (size_t i = 0; i < sizeof(bad_json) / sizeof(bad_json[0]); i++) {
		v = zj_parse(bad_json[i], err, sizeof(err));
		CHECK(v == NULL && err[0]);
		zj_free(v);
	}
	CHECK(zx_check("<?xml version=\"1.0\"?>\n<svg a=\"1\"><text x='2'>"
		       "a &amp; b &#65;</text><rect/></svg>\n", "svg", err,
		       sizeof(err)));
	for (size_t i = 0; i < sizeof(bad_xml) / sizeof(bad_xml[0]); i++)
		CHECK(!zx_check(bad_xml[i], "svg", err, sizeof(err)) &&
		      err[0]);
}

/* A whole file into a new string, or NULL. */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	long len;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (len = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)len + 1))) {
		buf[fread(buf, 1, (size_t)len, f)] = '\0';
	}
	fclose(f);
	return buf;
}

/* Run "@suite @args > @out"; return its exit status (or -1). */
static int run_suite(const char *suite, const char *args, const char *out)
{
	char cmd[3 * PATH_MAX];
	int st;

	snprintf(cmd, sizeof(cmd), "'%s' %s > '%s'", suite, args, out);
	st = system(cmd);
	return st != -1 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* The workloads zslab-suite --list names, into names[]. */
static void read_list(const char *suite, const char *dir)
{
	char out[PATH_MAX], *text, *save = NULL;

	snprintf(out, sizeof(out), "%s/list.txt", dir);
	CHECK_EQ(run_suite(suite, "--list", out), 0);
	text = slurp(out);
	REQUIRE(text);
	for (char *l = strtok_r(text, "\n", &save); l && nr_names < MAX_WORK;
	     l = strtok_r(NULL, "\n", &save))
		sscanf(l, "%31s", names[nr_names++]);
	free(text);
	for (size_t i = 0; i < sizeof(issue_workloads) /
	     sizeof(issue_workloads[0]); i++) {
		bool found = false;

		for (int j = 0; j < nr_names; j++)
			found |= strcmp(names[j], issue_workloads[i]) == 0;
		if (!found)
			fprintf(stderr, "workload %s missing from --list\n",
				issue_workloads[i]);
		CHECK(found);
	}
}

static double num_of(const struct zj *o, const char *key)
{
	const struct zj *v = zj_get(o, key);

	return v && v->type == ZJ_NUM ? v->num : -1;
}

/* One allocator's result in one workload. */
static void check_result(const struct zj *res, const char *alloc,
			 bool available, bool skipped)
{
	const struct zj *r = zj_get(res, alloc), *secs;
	const char *st = zj_str(r, "status");

	CHECK(r && r->type == ZJ_OBJ && st);
	if (!st)
		return;
	if (skipped) {
		CHECK(strcmp(st, "skipped") == 0);
		return;
	}
	if (strcmp(st, available ? "ok" : "not available")) {
		fprintf(stderr, "%s: status %s: %s\n", alloc, st,
			zj_str(r, "why") ? zj_str(r, "why") : "");
		CHECK(!"every available allocator runs every workload");
		return;
	}
	if (!available)
		return;
	secs = zj_get(r, "secs");
	CHECK(secs && secs->type == ZJ_ARR && secs->child &&
	      !secs->child->next);
	CHECK(num_of(r, "median_secs") > 0);
	CHECK(num_of(r, "median_rss_mib") > 0);
	CHECK(num_of(r, "time_ratio") >= 1 || strcmp(alloc, "zslab") == 0);
}

/* The workload named @name, once, with a result for every allocator. */
static void check_workload(const struct zj *doc, const char *name)
{
	const struct zj *w = NULL, *allocs = zj_get(doc, "allocators");
	const struct zj *list = zj_get(doc, "workloads");
	int seen = 0;

	for (const struct zj *c = list ? list->child : NULL; c; c = c->next)
		if (zj_str(c, "name") && strcmp(zj_str(c, "name"), name) == 0) {
			w = c;
			seen++;
		}
	if (seen != 1)
		fprintf(stderr, "workload %s appears %d times\n", name, seen);
	CHECK_EQ(seen, 1);
	if (!w || !allocs)
		return;
	CHECK(zj_get(w, "public") && zj_get(w, "public")->type == ZJ_BOOL);
	if (zj_get(w, "public") && zj_get(w, "public")->type == ZJ_BOOL) {
		bool pub = false;

		for (size_t i = 0; i < sizeof(public_workloads) /
		     sizeof(public_workloads[0]); i++)
			pub |= strcmp(name, public_workloads[i]) == 0;
		if (pub != zj_get(w, "public")->boolean)
			fprintf(stderr, "%s: public is wrong\n", name);
		CHECK(pub == zj_get(w, "public")->boolean);
	}
	for (const struct zj *a = allocs->child; a; a = a->next) {
		const struct zj *av = zj_get(a, "available");

		CHECK(av && av->type == ZJ_BOOL);
		check_result(zj_get(w, "results"), zj_str(a, "name"),
			     av && av->boolean,
			     zj_get(w, "skipped")->type == ZJ_STR);
	}
}

/*
 * Issue 12's targets, each with a verdict that agrees with its numbers;
 * the public geomean covers the public workloads only.
 */
static void check_targets(const struct zj *doc)
{
	static const char *const keys[] = {
		"time_geomean", "worst_workload", "rss_geomean",
		"public_time_geomean", "public_worst_workload",
		"worst_vs_glibc", "redis_rps",
	};
	const struct zj *t = zj_get(doc, "targets");
	const struct zj *pg = zj_get(doc, "public_geomean");
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const struct zj *k = zj_get(t, keys[i]);
		const char *verdict = zj_str(k, "verdict");
		double val = num_of(k, "zslab"), target = num_of(k, "target");
		bool high = strcmp(keys[i], "redis_rps") == 0;

		if (!k || !verdict) {
			fprintf(stderr, "target %s missing\n", keys[i]);
			CHECK(!"every target is in the JSON");
			continue;
		}
		CHECK(target > 0);
		if (val < 0 || zj_get(k, "zslab")->type != ZJ_NUM)
			continue;	/* null: n/a, or a failed workload */
		CHECK(strcmp(verdict, (high ? val >= target : val <= target) ?
			     "PASS" : "MISS") == 0);
	}
	CHECK(num_of(zj_get(pg, "glibc"), "time_ratio") >= 1);
	CHECK(num_of(zj_get(pg, "glibc"), "workloads") ==
	      (double)(sizeof(public_workloads) / sizeof(public_workloads[0])));
	CHECK(num_of(zj_get(t, "worst_workload"), "zslab") >=
	      num_of(zj_get(t, "public_worst_workload"), "zslab"));
}

/*
 * larson-sized's sized delete: every available allocator's column names
 * the library it came from; zslab exports its own (issue 12), glibc has
 * none and runs libstdc++'s.
 */
static void check_sized_origin(const struct zj *doc)
{
	const struct zj *allocs = zj_get(doc, "allocators");

	for (const struct zj *a = allocs ? allocs->child : NULL; a;
	     a = a->next) {
		const char *name = zj_str(a, "name");
		const char *from = zj_str(a, "sized_delete_from");
		const struct zj *av = zj_get(a, "available");

		CHECK(name && from);
		if (!name || !from || !av || !av->boolean)
			continue;
		if (strcmp(from, "?") == 0)
			fprintf(stderr, "%s: no sized delete found\n", name);
		CHECK(strcmp(from, "?") != 0);
		if (strcmp(name, "zslab") == 0)
			CHECK(strstr(from, "zslab") != NULL);
		if (strcmp(name, "glibc") == 0)
			CHECK(strstr(from, "libstdc++") != NULL);
	}
}

static void check_json(const char *path)
{
	char err[200], *text = slurp(path);
	struct zj *doc;

	REQUIRE(text);
	doc = zj_parse(text, err, sizeof(err));
	if (!doc)
		fprintf(stderr, "%s: %s\n", path, err);
	REQUIRE(doc);
	CHECK(zj_str(doc, "suite") &&
	      strcmp(zj_str(doc, "suite"), "zslab-suite") == 0);
	CHECK(num_of(doc, "runs") == 1);
	for (int i = 0; i < nr_names; i++)
		check_workload(doc, names[i]);
	CHECK(zj_get(zj_get(doc, "geomean"), "glibc") != NULL);
	CHECK(num_of(zj_get(zj_get(doc, "geomean"), "glibc"),
		     "time_ratio") >= 1);
	check_targets(doc);
	check_sized_origin(doc);
	zj_free(doc);
	free(text);
}

/* Well-formed SVG with a label for every workload that ran. */
static void check_svg(const char *path, const char *table)
{
	char err[200], label[128], *text = slurp(path);

	REQUIRE(text);
	if (!zx_check(text, "svg", err, sizeof(err)))
		fprintf(stderr, "%s: %s\n", path, err);
	CHECK(zx_check(text, "svg", err, sizeof(err)));
	for (int i = 0; i < nr_names; i++) {
		char skipped[128];

		snprintf(label, sizeof(label), ">%.31s</text>", names[i]);
		snprintf(skipped, sizeof(skipped), "%.31s skipped:", names[i]);
		CHECK(strstr(text, label) || strstr(table, skipped));
		CHECK(strstr(table, names[i]) != NULL);
	}
	CHECK(strstr(text, ">geomean</text>") != NULL);
	CHECK(strstr(text, ">public geomean</text>") != NULL);
	free(text);
}

int main(void)
{
	char self[PATH_MAX], suite[PATH_MAX + 32], dir[] = "/tmp/zsuiteXXXXXX";
	char args[4 * PATH_MAX], json[PATH_MAX], svg[PATH_MAX], out[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	char *table;

	test_validators();
	REQUIRE(n > 0);
	self[n] = '\0';
	snprintf(suite, sizeof(suite), "%s/../bench/zslab-suite",
		 dirname(self));
	REQUIRE(access(suite, X_OK) == 0);
	REQUIRE(mkdtemp(dir));
	read_list(suite, dir);
	snprintf(json, sizeof(json), "%s/r.json", dir);
	snprintf(svg, sizeof(svg), "%s/r.svg", dir);
	snprintf(out, sizeof(out), "%s/table.txt", dir);
	snprintf(args, sizeof(args), "--tiny --timeout 15 --json '%s' --svg "
		 "'%s'", json, svg);
	CHECK_EQ(run_suite(suite, args, out), 0);
	table = slurp(out);
	REQUIRE(table);
	check_json(json);
	check_svg(svg, table);
	free(table);
	unlink(json);
	unlink(svg);
	unlink(out);
	snprintf(out, sizeof(out), "%s/list.txt", dir);
	unlink(out);
	rmdir(dir);
	return zt_summary("test_bench_suite");
}
