// SPDX-License-Identifier: MIT
/*
 * kt_kunit.c - KUnit itself: the API a passing suite uses (resources,
 * actions, test-managed memory, parameters, skips, static stubs, the
 * current test), and - from a late initcall that runs suites of failing
 * cases with the console captured - the kernel's KTAP lines and failure
 * messages, word for word.
 */
#include <kunit/resource.h>
#include <kunit/static_stub.h>
#include <kunit/test-bug.h>
#include <kunit/test.h>
#include <linux/init.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <zslab-kernel.h>

/* --- a passing suite ---------------------------------------------------- */

static int suite_inits, case_inits, case_exits;
static int action_calls;
static struct kunit_resource named;

static int api_suite_init(struct kunit_suite *suite)
{
	(void)suite;
	suite_inits++;
	return 0;
}

static int api_init(struct kunit *test)
{
	case_inits++;
	KUNIT_EXPECT_NULL(test, test->priv);
	return 0;
}

static void api_exit(struct kunit *test)
{
	(void)test;
	case_exits++;
}

static void count_action(void *ctx)
{
	(*(int *)ctx)++;
}

static void resources_and_memory(struct kunit *test)
{
	static int value = 7;
	struct kunit_resource *res;
	char *s;
	int *v;

	KUNIT_EXPECT_EQ(test, suite_inits, 1);
	KUNIT_EXPECT_PTR_EQ(test, kunit_get_current_test(), test);
	KUNIT_ASSERT_EQ(test, kunit_add_named_resource(test, NULL, NULL, &named, "answer", &value), 0);
	KUNIT_EXPECT_EQ(test, kunit_add_named_resource(test, NULL, NULL, &named, "answer", &value),
			-EEXIST);
	res = kunit_find_named_resource(test, "answer");
	KUNIT_ASSERT_NOT_NULL(test, res);
	KUNIT_EXPECT_EQ(test, *(int *)res->data, 7);
	kunit_put_resource(res);
	KUNIT_EXPECT_NULL(test, kunit_find_named_resource(test, "question"));
	v = kunit_kmalloc_array(test, 4, sizeof(*v), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, v);
	v = kunit_kzalloc(test, 64, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, v);
	KUNIT_EXPECT_EQ(test, v[15], 0);
	kunit_kfree(test, v);
	s = kunit_kstrdup(test, "dup", GFP_KERNEL);
	KUNIT_EXPECT_STREQ(test, s, "dup");
	KUNIT_EXPECT_EQ(test, kunit_add_action(test, count_action, &action_calls), 0);
	KUNIT_EXPECT_EQ(test, kunit_add_action(test, count_action, &action_calls), 0);
	kunit_release_action(test, count_action, &action_calls);   /* runs one now */
	KUNIT_EXPECT_EQ(test, action_calls, 1);
	kunit_add_action(test, count_action, &action_calls);
	kunit_remove_action(test, count_action, &action_calls);    /* never runs */
	KUNIT_EXPECT_EQ(test, action_calls, 1);
}

/* The previous case's cleanup ran its last action. */
static void cleanup_ran(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, action_calls, 2);
	KUNIT_EXPECT_EQ(test, case_exits, 1);
	KUNIT_EXPECT_EQ(test, case_inits, 2);
	KUNIT_EXPECT_TRUE(test, IS_ENABLED(CONFIG_KUNIT));
	KUNIT_EXPECT_FALSE(test, IS_ENABLED(CONFIG_KASAN));
	KUNIT_EXPECT_STRNEQ(test, test->name, "resources_and_memory");
	KUNIT_EXPECT_MEMEQ(test, "abc", "abc", 3);
	KUNIT_EXPECT_MEMNEQ(test, "abc", "abd", 3);
	KUNIT_SUCCEED(test);
}

static int doubled(int x)
{
	KUNIT_STATIC_STUB_REDIRECT(doubled, x);
	return 2 * x;
}

static int tripled(int x)
{
	return 3 * x;
}

static void static_stubs(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, doubled(5), 10);
	kunit_activate_static_stub(test, doubled, tripled);
	KUNIT_EXPECT_EQ(test, doubled(5), 15);
	kunit_deactivate_static_stub(test, doubled);
	KUNIT_EXPECT_EQ(test, doubled(5), 10);
}

static void skipped_after_work(struct kunit *test)
{
	kunit_mark_skipped(test, "marked %s", "skipped");
	KUNIT_EXPECT_EQ(test, test->status, KUNIT_SKIPPED);
}

struct sq {
	int in, out;
	const char *desc;
};
static const struct sq squares[] = {
	{ 1, 1, "one" }, { 2, 4, "two" }, { 3, 9, "three" },
};
KUNIT_ARRAY_PARAM_DESC(squares, squares, desc);

static void param_squares(struct kunit *test)
{
	const struct sq *p = test->param_value;

	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_EXPECT_EQ(test, p->in * p->in, p->out);
	KUNIT_EXPECT_EQ(test, test->param_index, (int)(p - squares));
}

static struct kunit_case api_cases[] = {
	KUNIT_CASE(resources_and_memory),
	KUNIT_CASE(cleanup_ran),
	KUNIT_CASE(static_stubs),
	KUNIT_CASE(skipped_after_work),
	KUNIT_CASE_PARAM(param_squares, squares_gen_params),
	{}
};

static struct kunit_suite api_suite = {
	.name = "zslab_kunit_api",
	.suite_init = api_suite_init,
	.init = api_init,
	.exit = api_exit,
	.test_cases = api_cases,
};
kunit_test_suite(api_suite);

/* --- failing suites, run from an initcall with the console captured ------ */

static char out[8192];
static size_t out_len;

static void capture(const char *text, size_t len, int level, void *arg)
{
	(void)level;
	(void)arg;
	if (out_len + len < sizeof(out)) {
		memcpy(out + out_len, text, len);
		out_len += len;
		out[out_len] = 0;
	}
}

static int slab_errors_seen;

static void fail_eq(struct kunit *test)
{
	int slab_errors = 3;

	KUNIT_EXPECT_EQ(test, 2, slab_errors);
	KUNIT_EXPECT_EQ_MSG(test, slab_errors, 4, "with %s", "a message");
}

static void fail_assert(struct kunit *test)
{
	bool ok = false;

	KUNIT_ASSERT_TRUE(test, ok);
	slab_errors_seen = 1;   /* not reached */
}

static void fail_kinds(struct kunit *test)
{
	void *p = ERR_PTR(-ENOMEM);
	const char *s = "left";

	KUNIT_EXPECT_NOT_ERR_OR_NULL(test, p);
	KUNIT_EXPECT_STREQ(test, s, "right");
	KUNIT_EXPECT_NULL(test, s);
	KUNIT_EXPECT_MEMEQ(test, "\x01\x02", "\x01\x03", 2);
	KUNIT_FAIL(test, "plain failure %d", 1);
}

static int refusing_init(struct kunit *test)
{
	(void)test;
	return -ENOMEM;
}

static struct kunit_case failing_cases[] = {
	KUNIT_CASE(fail_eq),
	KUNIT_CASE(fail_assert),
	KUNIT_CASE(fail_kinds),
	{}
};
static struct kunit_suite failing_suite = {
	.name = "failing",
	.test_cases = failing_cases,
};

static void never_runs(struct kunit *test)
{
	KUNIT_FAIL(test, "ran despite init");
}
static struct kunit_case refused_cases[] = {
	KUNIT_CASE(never_runs),
	{}
};
static struct kunit_suite refused_suite = {
	.name = "refused",
	.init = refusing_init,
	.test_cases = refused_cases,
};

static int expect_text(const char *want)
{
	if (strstr(out, want))
		return 0;
	pr_err("kt_kunit: missing from the KTAP output:\n%s\n--- output was:\n%s\n", want, out);
	return -EINVAL;
}

static int __init kt_kunit_messages(void)
{
	int err = 0;

	zsk_set_console(capture, NULL);
	kunit_run_tests(&failing_suite);
	kunit_run_tests(&refused_suite);
	zsk_set_console(NULL, NULL);
	err |= expect_text("    KTAP version 1\n    # Subtest: failing\n    1..3\n");
	err |= expect_text("    # fail_eq: EXPECTATION FAILED at ");
	err |= expect_text("    Expected 2 == slab_errors, but\n        slab_errors == 3 (0x3)\n");
	/* the right side is a literal: left out; the message follows a blank line */
	err |= expect_text("    Expected slab_errors == 4, but\n        slab_errors == 3 (0x3)\n\nwith a message\n    not ok 1");
	err |= expect_text("    not ok 1 fail_eq\n");
	err |= expect_text("    # fail_assert: ASSERTION FAILED at ");
	err |= expect_text("    Expected ok to be true, but is false\n    not ok 2 fail_assert\n");
	err |= expect_text("    Expected p is not error, but is: -12\n");
	err |= expect_text("    Expected s == \"right\", but\n        s == \"left\"\n");
	err |= expect_text("    Expected s == ((void *)0), but\n        s == ");
	err |= expect_text("        \"\\x01\\x02\" ==\n         01 <02>\n");
	err |= expect_text("\nplain failure 1\n    not ok 3 fail_kinds\n");
	err |= expect_text("# failing: pass:0 fail:3 skip:0 total:3\n");
	err |= expect_text("not ok 1 failing\n");
	err |= expect_text("    # never_runs: failed to initialize: -12\n    not ok 1 never_runs\n");
	if (slab_errors_seen) {
		pr_err("kt_kunit: a failed assertion did not end its case\n");
		err = -EINVAL;
	}
	return err;
}
late_initcall(kt_kunit_messages);

MODULE_LICENSE("GPL");
