// SPDX-License-Identifier: MIT
/*
 * test.c - running KUnit suites and printing KTAP as the kernel's KUnit
 * prints it (spec dma-kunit.md 7): the executor's "KTAP version 1" and
 * "1..<suites>", then per suite a block indented by 4 spaces with its
 * cases' results, the stats lines, and the suite's result.
 *
 * Each case runs on a thread of its own (suite->init, then the case);
 * an assertion or kunit_skip() ends that thread with pthread_exit(), the
 * kernel's kthread exit.  suite->exit and the release of the case's
 * resources then run on a second thread, as the kernel's cleanup does.
 * A case that runs past its timeout (300 s) fails; its thread is left
 * behind, as the kernel leaves its kthread.
 */
#include <kunit/test-bug.h>
#include <kunit/test.h>
#include <linux/sched.h>
#include <zslab-kernel.h>
#include <zslab/zslab.h>
#include <fnmatch.h>
#include <pthread.h>
#include <time.h>

#include "../zsk_internal.h"
#include "string-stream.h"

void kunit_cleanup(struct kunit *test);

/* The registered suite arrays, in registration (link) order. */
static struct kunit_suite *const **suite_sets;
static size_t nr_suite_sets;
static size_t suite_counter = 1;
static size_t suites_run, suites_skipped;   /* by kunit_run_tests() */

void zsk_kunit_register_suites(struct kunit_suite *const *suites, unsigned int api)
{
	for (struct kunit_suite *const *p = suites; *p; p++)
		(*p)->zsk_api = api;
	__kunit_register_suites(suites);
}

void __kunit_register_suites(struct kunit_suite *const *suites)
{
	struct kunit_suite *const **grown = realloc(suite_sets,
						    (nr_suite_sets + 1) * sizeof(*grown));

	if (!grown) {
		fprintf(stderr, "zslab-kunit: no memory to register suite %s\n",
			suites[0] ? suites[0]->name : "(none)");
		return;
	}
	suite_sets = grown;
	suite_sets[nr_suite_sets++] = suites;
}

struct kunit *kunit_get_current_test(void)
{
	return current->kunit_test;
}

void kunit_init_test(struct kunit *test, const char *name, char *log)
{
	memset(test, 0, sizeof(*test));
	pthread_mutex_init(&test->lock, NULL);
	INIT_LIST_HEAD(&test->resources);
	test->name = name;
	test->log = log;
	test->status = KUNIT_SUCCESS;
}

void __kunit_abort(struct kunit *test)
{
	test->try_catch.try_result = -EINTR;
	pthread_exit(NULL);
}

void __kunit_mark_skipped(struct kunit *test, const char *fmt, ...)
{
	va_list ap;

	WRITE_ONCE(test->status, KUNIT_SKIPPED);
	va_start(ap, fmt);
	zsk_vsnprintf(test->status_comment, KUNIT_STATUS_COMMENT_SIZE, fmt, ap);
	va_end(ap);
}

void __kunit_do_failed_assertion(struct kunit *test, const struct kunit_loc *loc,
				 enum kunit_assert_type type, const struct kunit_assert *assert,
				 assert_format_t assert_format, const char *fmt, ...)
{
	struct string_stream stream = { NULL, 0, 0 };
	struct va_format message;
	va_list args;

	kunit_set_failure(test);
	va_start(args, fmt);
	message.fmt = fmt;
	message.va = &args;
	kunit_assert_prologue(loc, type, &stream);
	assert_format(assert, &message, &stream);
	va_end(args);
	kunit_err(test, "%s%s", stream.buf ? stream.buf : "",
		  stream.len && stream.buf[stream.len - 1] == '\n' ? "" : "\n");
	string_stream_destroy(&stream);
	if (type == KUNIT_ASSERTION)
		__kunit_abort(test);
}

void __kunit_fail_current_test(const char *file, int line, const char *fmt, ...)
{
	struct kunit *test = current->kunit_test;
	char buf[512];
	va_list ap;

	if (!test)
		return;
	kunit_set_failure(test);
	va_start(ap, fmt);
	zsk_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	kunit_err(test, "%s:%d: %s\n", file, line, buf);
}

bool zsk_kunit_fault(const char *file, int line)
{
	struct kunit *test = current->kunit_test;

	if (!test || !pthread_equal(pthread_self(), *(pthread_t *)test->try_catch.context))
		return false;
	kunit_set_failure(test);
	kunit_err(test, "try faulted: kernel BUG at %s:%d\n", file, line);
	__kunit_abort(test);
}

/* The "slab_errors" resource of the running test counts SLUB's errors. */
static bool slab_error_hook(bool count)
{
	struct kunit *test = current->kunit_test;
	struct kunit_resource *res;

	if (!test)
		return false;
	res = kunit_find_named_resource(test, "slab_errors");
	if (!res)
		return false;
	if (count)
		(*(int *)res->data)++;
	kunit_put_resource(res);
	return true;
}

void zsk_kunit_init(void)
{
	zslab_set_slab_error_hook(slab_error_hook);
}

/* --- one case -------------------------------------------------------- */

struct case_run {
	struct kunit *test;
	struct kunit_suite *suite;
	struct kunit_case *tc;
	bool init_ok;
	pthread_t thread;
};

static void *case_try(void *arg)
{
	struct case_run *r = arg;
	struct kunit *test = r->test;
	int ret;

	current->kunit_test = test;
	if (r->suite->init) {
		ret = r->suite->init(test);
		if (ret) {
			kunit_err(test, "failed to initialize: %d\n", ret);
			kunit_set_failure(test);
			return NULL;
		}
	}
	r->init_ok = true;
	r->tc->run_case(test);
	return NULL;
}

static void *case_cleanup(void *arg)
{
	struct case_run *r = arg;

	current->kunit_test = r->test;
	if (r->suite->exit && r->init_ok)
		r->suite->exit(r->test);
	kunit_cleanup(r->test);
	return NULL;
}

/* Run @fn on a thread of its own; -ETIMEDOUT when it overran. */
static int run_thread(struct case_run *r, void *(*fn)(void *), unsigned int timeout_s)
{
	struct timespec ts;
	int err;

	r->test->try_catch.context = &r->thread;
	r->test->try_catch.try_result = 0;
	if (pthread_create(&r->thread, NULL, fn, r)) {
		kunit_err(r->test, "internal error occurred preventing test case from running: %d\n",
			  -EAGAIN);
		kunit_set_failure(r->test);
		return -EAGAIN;
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += timeout_s;
	err = pthread_timedjoin_np(r->thread, NULL, &ts);
	if (err == ETIMEDOUT) {
		kunit_err(r->test, "test case timed out\n");
		kunit_set_failure(r->test);
		pthread_detach(r->thread);
		return -ETIMEDOUT;
	}
	return 0;
}

static void run_case(struct kunit_suite *suite, struct kunit_case *tc, struct kunit *test)
{
	struct case_run r = { .test = test, .suite = suite, .tc = tc };

	if (run_thread(&r, case_try, KUNIT_DEFAULT_TIMEOUT) == -ETIMEDOUT)
		return;
	run_thread(&r, case_cleanup, KUNIT_DEFAULT_TIMEOUT);
}

/* --- KTAP ------------------------------------------------------------ */

struct kunit_result_stats {
	unsigned long passed, skipped, failed, total;
};

static void update_stats(struct kunit_result_stats *stats, enum kunit_status status)
{
	switch (status) {
	case KUNIT_SUCCESS:
		stats->passed++;
		break;
	case KUNIT_SKIPPED:
		stats->skipped++;
		break;
	case KUNIT_FAILURE:
		stats->failed++;
		break;
	}
	stats->total++;
}

static void print_stats(const char *indent, const char *name, struct kunit_result_stats s)
{
	if (s.total <= 1)
		return;
	printk(KERN_INFO "%s# %s: pass:%lu fail:%lu skip:%lu total:%lu\n", indent, name,
	       s.passed, s.failed, s.skipped, s.total);
}

static void print_result(const char *indent, enum kunit_status status, size_t n,
			 const char *name, const char *comment)
{
	if (status == KUNIT_SKIPPED)
		printk(KERN_INFO "%sok %zu %s # SKIP %s\n", indent, n, name, comment);
	else
		printk(KERN_INFO "%s%s %zu %s\n", indent, kunit_status_to_ok_not_ok(status), n, name);
}

static const char *case_glob;

static bool case_selected(const struct kunit_case *tc)
{
	return !case_glob || !fnmatch(case_glob, tc->name, 0);
}

static size_t nr_cases(struct kunit_suite *suite)
{
	size_t n = 0;

	for (struct kunit_case *tc = suite->test_cases; tc->run_case; tc++)
		n += case_selected(tc);
	return n;
}

/* Every parameter of @tc, as a nested block at 8 spaces. */
static void run_params(struct kunit_suite *suite, struct kunit_case *tc,
		       struct kunit_result_stats *totals)
{
	struct kunit_result_stats stats = { 0 };
	char desc[KUNIT_PARAM_DESC_SIZE];
	const void *param;
	int index = 0;
	struct kunit test;

	printk(KERN_INFO KUNIT_SUBSUBTEST_INDENT "KTAP version 1\n");
	printk(KERN_INFO KUNIT_SUBSUBTEST_INDENT "# Subtest: %s\n", tc->name);
	desc[0] = 0;
	for (param = tc->generate_params(NULL, desc); param;
	     param = tc->generate_params(param, desc), index++) {
		kunit_init_test(&test, tc->name, NULL);
		test.param_value = param;
		test.param_index = index;
		run_case(suite, tc, &test);
		if (!desc[0])
			snprintf(desc, sizeof(desc), "param-%d", index);
		print_result(KUNIT_SUBSUBTEST_INDENT, test.status, (size_t)index + 1, desc,
			     test.status_comment);
		update_stats(&stats, test.status);
		update_stats(totals, test.status);
		if (test.status == KUNIT_FAILURE)
			tc->status = KUNIT_FAILURE;
		else if (tc->status != KUNIT_FAILURE && test.status == KUNIT_SUCCESS)
			tc->status = KUNIT_SUCCESS;
		desc[0] = 0;
	}
	print_stats(KUNIT_SUBSUBTEST_INDENT, tc->name, stats);
}

int kunit_run_tests(struct kunit_suite *suite)
{
	struct kunit_result_stats stats = { 0 }, totals = { 0 };
	enum kunit_status status = KUNIT_SKIPPED;
	size_t n = 0;

	/* 6.15 (unverified) on: a destroy counts each object it finds left */
	zslab_set_slab_error_per_object(!suite->zsk_api ||
					suite->zsk_api >= KERNEL_VERSION(6, 15, 0));
	printk(KERN_INFO KUNIT_SUBTEST_INDENT "KTAP version 1\n");
	printk(KERN_INFO KUNIT_SUBTEST_INDENT "# Subtest: %s\n", suite->name);
	printk(KERN_INFO KUNIT_SUBTEST_INDENT "1..%zu\n", nr_cases(suite));
	suite->suite_init_err = suite->suite_init ? suite->suite_init(suite) : 0;
	if (suite->suite_init_err) {
		printk(KERN_ERR KUNIT_SUBTEST_INDENT "# failed to initialize (%d)\n",
		       suite->suite_init_err);
		status = KUNIT_FAILURE;
		goto out;
	}
	for (struct kunit_case *tc = suite->test_cases; tc->run_case; tc++) {
		struct kunit test;

		if (!case_selected(tc))
			continue;
		tc->status = KUNIT_SKIPPED;
		kunit_init_test(&test, tc->name, NULL);
		if (tc->generate_params) {
			run_params(suite, tc, &totals);
		} else {
			run_case(suite, tc, &test);
			tc->status = test.status;
			update_stats(&totals, test.status);
		}
		print_result(KUNIT_SUBTEST_INDENT, tc->status, ++n, tc->name,
			     tc->generate_params ? "" : test.status_comment);
		update_stats(&stats, tc->status);
		if (tc->status == KUNIT_FAILURE)
			status = KUNIT_FAILURE;
		else if (tc->status == KUNIT_SUCCESS && status != KUNIT_FAILURE)
			status = KUNIT_SUCCESS;
	}
	if (suite->suite_exit)
		suite->suite_exit(suite);
	print_stats("", suite->name, stats);
	print_stats("", "Totals", totals);
out:
	print_result("", status, suite_counter++, suite->name, suite->status_comment);
	suites_run++;
	suites_skipped += status == KUNIT_SKIPPED;
	return status == KUNIT_FAILURE;
}

/* "suite" or "suite.case" globs. */
static bool suite_selected(const struct kunit_suite *suite, const char *glob)
{
	char sglob[256];
	const char *dot;

	if (!glob)
		return true;
	dot = strchr(glob, '.');
	snprintf(sglob, sizeof(sglob), "%.*s", dot ? (int)(dot - glob) : (int)strlen(glob), glob);
	return !fnmatch(sglob, suite->name, 0);
}

bool zsk_kunit_all_skipped(void)
{
	return suites_run && suites_run == suites_skipped;
}

int zsk_kunit_run_all(const char *glob)
{
	size_t total = 0;
	int failed = 0;

	case_glob = glob && strchr(glob, '.') ? strchr(glob, '.') + 1 : NULL;
	for (size_t i = 0; i < nr_suite_sets; i++)
		for (struct kunit_suite *const *s = suite_sets[i]; *s; s++)
			total += suite_selected(*s, glob);
	if (!total)
		return 0;
	suite_counter = 1;
	printk(KERN_INFO "KTAP version 1\n");
	printk(KERN_INFO "1..%zu\n", total);
	for (size_t i = 0; i < nr_suite_sets; i++)
		for (struct kunit_suite *const *s = suite_sets[i]; *s; s++)
			if (suite_selected(*s, glob))
				failed += kunit_run_tests(*s);
	return failed;
}
