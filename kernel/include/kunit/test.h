/* SPDX-License-Identifier: MIT */
/*
 * kunit/test.h - KUnit: suites of test cases, expectations and assertions,
 * test-managed memory and resources (kernel/lib/kunit/).
 *
 * The zslab-kunit runner runs every registered suite after the initcalls
 * and prints KTAP as the kernel's KUnit does.  Each case runs in a thread
 * of its own (the kernel's test kthread): suite->init, then the case;
 * an assertion failure or kunit_skip() ends that thread; then suite->exit
 * and the release of the case's resources (newest first) run in a second
 * thread, as the kernel's cleanup does.  A case still running after 300 s
 * fails with "test case timed out".
 *
 * Failure messages are the kernel's:
 *     # <case>: EXPECTATION FAILED at <file>:<line>
 *     Expected <left> <op> <right>, but
 *         <left> == <value> (<hex>)       (left out when the text is the literal)
 */
#ifndef _ZSK_KUNIT_TEST_H
#define _ZSK_KUNIT_TEST_H

#include <kunit/assert.h>
#include <kunit/resource.h>
#include <kunit/try-catch.h>
#include <linux/compiler.h>
#include <linux/container_of.h>
#include <linux/err.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/kconfig.h>
#include <linux/list.h>
#include <linux/version.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/types.h>

#define KUNIT_PARAM_DESC_SIZE 128
#define KUNIT_STATUS_COMMENT_SIZE 256
#define KUNIT_SUBTEST_INDENT "    "
#define KUNIT_SUBSUBTEST_INDENT "        "
#define KUNIT_DEFAULT_TIMEOUT 300

enum kunit_status {
	KUNIT_SUCCESS,
	KUNIT_FAILURE,
	KUNIT_SKIPPED,
};

enum kunit_speed {
	KUNIT_SPEED_UNSET,
	KUNIT_SPEED_VERY_SLOW,
	KUNIT_SPEED_SLOW,
	KUNIT_SPEED_NORMAL,
	KUNIT_SPEED_MAX = KUNIT_SPEED_NORMAL,
};

/* struct kunit_attributes - attributes of a case or suite (6.6+). */
struct kunit_attributes {
	enum kunit_speed speed;
};

struct kunit;

/**
 * struct kunit_case - one test case.
 * @run_case: the test function.
 * @name: its name (KUNIT_CASE fills it with the function's).
 * @generate_params: for a parameterised case, the next parameter after
 *	@prev (NULL: the first), writing its description into @desc; NULL
 *	ends the parameters.
 * @attr: its attributes.
 * @status: its result, set by the runner.
 * @module_name: the module (file) it comes from.
 * @log: unused (the kernel's debugfs log).
 */
struct kunit_case {
	void (*run_case)(struct kunit *test);
	const char *name;
	const void *(*generate_params)(const void *prev, char *desc);
	struct kunit_attributes attr;
	enum kunit_status status;
	char *module_name;
	char *log;
};

static inline char *kunit_status_to_ok_not_ok(enum kunit_status status)
{
	switch (status) {
	case KUNIT_SKIPPED:
	case KUNIT_SUCCESS:
		return "ok";
	case KUNIT_FAILURE:
		return "not ok";
	}
	return "invalid";
}

#define KUNIT_CASE(test_name) { .run_case = test_name, .name = #test_name, \
	.module_name = KBUILD_MODNAME }
#define KUNIT_CASE_ATTR(test_name, attributes) { .run_case = test_name, \
	.name = #test_name, .attr = attributes, .module_name = KBUILD_MODNAME }
#define KUNIT_CASE_SLOW(test_name) { .run_case = test_name, .name = #test_name, \
	.attr.speed = KUNIT_SPEED_SLOW, .module_name = KBUILD_MODNAME }
#define KUNIT_CASE_PARAM(test_name, gen_params) { .run_case = test_name, \
	.name = #test_name, .generate_params = gen_params, .module_name = KBUILD_MODNAME }
#define KUNIT_CASE_PARAM_ATTR(test_name, gen_params, attributes) { \
	.run_case = test_name, .name = #test_name, .generate_params = gen_params, \
	.attr = attributes, .module_name = KBUILD_MODNAME }

/**
 * struct kunit_suite - a named set of cases.
 * @name: the suite's name.
 * @suite_init: run once before the cases (non-zero: the suite fails).
 * @suite_exit: run once after them.
 * @init: run before each case (non-zero: the case fails).
 * @exit: run after each case, even a failed or aborted one.
 * @test_cases: the cases, ended by an empty one.
 * @attr: its attributes.
 * @status_comment: the skip reason of the suite.
 * @log: unused.
 * @suite_init_err: what @suite_init returned.
 * @is_init: registered with kunit_test_init_section_suites().
 */
struct kunit_suite {
	const char name[256];
	int (*suite_init)(struct kunit_suite *suite);
	void (*suite_exit)(struct kunit_suite *suite);
	int (*init)(struct kunit *test);
	void (*exit)(struct kunit *test);
	struct kunit_case *test_cases;
	struct kunit_attributes attr;
	char status_comment[KUNIT_STATUS_COMMENT_SIZE];
	char *log;
	int suite_init_err;
	bool is_init;
	unsigned int zsk_api;	/* the ZSLAB_KERNEL_API it was compiled for */
};

/**
 * struct kunit - the state of one running case.
 * @priv: for the test's own use (NULL at the start of each case).
 * @name: the case's name.
 * @log: unused.
 * @try_catch: the case's thread.
 * @param_value: the current parameter of a parameterised case.
 * @param_index: its index, from 0.
 * @lock: guards @resources.
 * @resources: the case's resources, newest last.
 * @status: the case's result so far.
 * @status_comment: the skip reason.
 */
struct kunit {
	void *priv;
	const char *name;
	char *log;
	struct kunit_try_catch try_catch;
	const void *param_value;
	int param_index;
	pthread_mutex_t lock;
	struct list_head resources;
	enum kunit_status status;
	char status_comment[KUNIT_STATUS_COMMENT_SIZE];
};

static inline void kunit_set_failure(struct kunit *test)
{
	WRITE_ONCE(test->status, KUNIT_FAILURE);
}

/* kernel/lib/kunit/test.c */
void kunit_init_test(struct kunit *test, const char *name, char *log);
/** kunit_get_current_test() - the test the calling thread runs, or NULL. */
struct kunit *kunit_get_current_test(void);
/** __kunit_abort() - end the current case now (its cleanup still runs). */
__noreturn void __kunit_abort(struct kunit *test);
__printf(2, 3) void __kunit_mark_skipped(struct kunit *test, const char *fmt, ...);
/* kunit_do_failed_assertion(): record, print the kernel's message, abort for asserts. */
__printf(6, 7) void __kunit_do_failed_assertion(struct kunit *test,
						const struct kunit_loc *loc,
						enum kunit_assert_type type,
						const struct kunit_assert *assert,
						assert_format_t assert_format,
						const char *fmt, ...);
/* Register suites (from a constructor, before main). */
void __kunit_register_suites(struct kunit_suite *const *suites);
/*
 * zsk_kunit_register_suites() - register @suites compiled for kernel
 * interface @api (ZSLAB_KERNEL_API): where SLUB counted errors
 * differently in that era, the runner counts as it did.
 */
void zsk_kunit_register_suites(struct kunit_suite *const *suites, unsigned int api);
/* kunit_run_tests() - run one suite now, printing its KTAP block. */
int kunit_run_tests(struct kunit_suite *suite);

/** kunit_mark_skipped() - mark the case skipped with a reason; it goes on. */
#define kunit_mark_skipped(test, fmt, ...) __kunit_mark_skipped(test, fmt, ##__VA_ARGS__)
/** kunit_skip() - mark the case skipped and end it. */
#define kunit_skip(test, fmt, ...) do { \
	kunit_mark_skipped((test), fmt, ##__VA_ARGS__); \
	__kunit_abort(test); \
} while (0)

#define __zsk_kunit_suites(id, __suites...) \
	static struct kunit_suite *const __PASTE(id, _array)[] = { __suites, NULL }; \
	__attribute__((constructor)) static void __PASTE(id, _reg)(void) \
	{ \
		zsk_kunit_register_suites(__PASTE(id, _array), ZSLAB_KERNEL_API); \
	}
#define kunit_test_suites(__suites...) __zsk_kunit_suites(__UNIQUE_ID(__kunit_suites_), __suites)
#define kunit_test_suite(suite) kunit_test_suites(&suite)
#define kunit_test_init_section_suites(__suites...) kunit_test_suites(__suites)
#define kunit_test_init_section_suite(suite) kunit_test_init_section_suites(&suite)

/* Messages from a test (or suite): "    # <name>: <text>". */
#define kunit_log(lvl, test_or_suite, fmt, ...) printk(lvl fmt, ##__VA_ARGS__)
#define kunit_printk(lvl, test, fmt, ...) \
	printk(lvl KUNIT_SUBTEST_INDENT "# %s: " fmt, (test)->name, ##__VA_ARGS__)
#define kunit_info(test, fmt, ...) kunit_printk(KERN_INFO, test, fmt, ##__VA_ARGS__)
#define kunit_warn(test, fmt, ...) kunit_printk(KERN_WARNING, test, fmt, ##__VA_ARGS__)
#define kunit_err(test, fmt, ...) kunit_printk(KERN_ERR, test, fmt, ##__VA_ARGS__)

/* Test-managed memory (freed when the case ends). */
void *kunit_kmalloc_array(struct kunit *test, size_t n, size_t size, gfp_t gfp);
static inline void *kunit_kmalloc(struct kunit *test, size_t size, gfp_t gfp)
{
	return kunit_kmalloc_array(test, 1, size, gfp);
}
static inline void *kunit_kzalloc(struct kunit *test, size_t size, gfp_t gfp)
{
	return kunit_kmalloc(test, size, gfp | __GFP_ZERO);
}
static inline void *kunit_kcalloc(struct kunit *test, size_t n, size_t size, gfp_t gfp)
{
	return kunit_kmalloc_array(test, n, size, gfp | __GFP_ZERO);
}
void kunit_kfree(struct kunit *test, const void *ptr);
void kunit_kfree_const(struct kunit *test, const void *x);
char *kunit_kstrdup(struct kunit *test, const char *str, gfp_t gfp);
const char *kunit_kstrdup_const(struct kunit *test, const char *str, gfp_t gfp);

/* KUNIT_ARRAY_PARAM(name, array, get_desc): defines name##_gen_params. */
#define KUNIT_ARRAY_PARAM(name, array, get_desc) \
	static const void *name##_gen_params(const void *prev, char *desc) \
	{ \
		typeof((array)[0]) *__next = prev ? ((typeof(__next))prev) + 1 : (array); \
		if (__next - (array) < (long)ARRAY_SIZE((array))) { \
			void (*__get_desc)(typeof(__next), char *) = get_desc; \
			if (__get_desc) \
				__get_desc(__next, desc); \
			return __next; \
		} \
		return NULL; \
	}
/* KUNIT_ARRAY_PARAM_DESC(name, array, desc_member): the member is the text. */
#define KUNIT_ARRAY_PARAM_DESC(name, array, desc_member) \
	static const void *name##_gen_params(const void *prev, char *desc) \
	{ \
		typeof((array)[0]) *__next = prev ? ((typeof(__next))prev) + 1 : (array); \
		if (__next - (array) < (long)ARRAY_SIZE((array))) { \
			strscpy(desc, __next->desc_member, KUNIT_PARAM_DESC_SIZE); \
			return __next; \
		} \
		return NULL; \
	}

#define KUNIT_SUCCEED(test) do { (void)(test); } while (0)

#define _KUNIT_FAILED(test, assert_type, assert_class, assert_format, INITIALIZER, fmt, ...) do { \
	static const struct kunit_loc __loc = KUNIT_CURRENT_LOC; \
	const struct assert_class __assertion = INITIALIZER; \
	__kunit_do_failed_assertion(test, &__loc, assert_type, &__assertion.assert, \
				    assert_format, fmt, ##__VA_ARGS__); \
} while (0)

#define KUNIT_FAIL_ASSERTION(test, assert_type, fmt, ...) \
	_KUNIT_FAILED(test, assert_type, kunit_fail_assert, kunit_fail_assert_format, \
		      {}, fmt, ##__VA_ARGS__)
/** KUNIT_FAIL() - fail the case with a message, and go on. */
#define KUNIT_FAIL(test, fmt, ...) \
	KUNIT_FAIL_ASSERTION(test, KUNIT_EXPECTATION, fmt, ##__VA_ARGS__)

#define KUNIT_UNARY_ASSERTION(test, assert_type, condition_, expected_true_, fmt, ...) do { \
	if (likely(!!(condition_) == !!(expected_true_))) \
		break; \
	_KUNIT_FAILED(test, assert_type, kunit_unary_assert, kunit_unary_assert_format, \
		      KUNIT_INIT_UNARY_ASSERT_STRUCT(#condition_, expected_true_), \
		      fmt, ##__VA_ARGS__); \
} while (0)
#define KUNIT_TRUE_MSG_ASSERTION(test, assert_type, condition, fmt, ...) \
	KUNIT_UNARY_ASSERTION(test, assert_type, condition, true, fmt, ##__VA_ARGS__)
#define KUNIT_FALSE_MSG_ASSERTION(test, assert_type, condition, fmt, ...) \
	KUNIT_UNARY_ASSERTION(test, assert_type, condition, false, fmt, ##__VA_ARGS__)

#define __KUNIT_BASE_BINARY_ASSERTION(test, assert_class, format_func, assert_type, \
				      left, op, right, fmt, ...) do { \
	const typeof(left) __left = (left); \
	const typeof(right) __right = (right); \
	static const struct kunit_binary_assert_text __text = { \
		.operation = #op, .left_text = #left, .right_text = #right, \
	}; \
	/* the kernel compares as C does; its build has no -Wsign-compare */ \
	_Pragma("GCC diagnostic push") \
	_Pragma("GCC diagnostic ignored \"-Wsign-compare\"") \
	if (likely(__left op __right)) \
		break; \
	_Pragma("GCC diagnostic pop") \
	_KUNIT_FAILED(test, assert_type, assert_class, format_func, \
		      KUNIT_INIT_BINARY_ASSERT_STRUCT(&__text, __left, __right), \
		      fmt, ##__VA_ARGS__); \
} while (0)
#define KUNIT_BINARY_INT_ASSERTION(test, assert_type, left, op, right, fmt, ...) \
	__KUNIT_BASE_BINARY_ASSERTION(test, kunit_binary_assert, kunit_binary_assert_format, \
				      assert_type, left, op, right, fmt, ##__VA_ARGS__)
#define KUNIT_BINARY_PTR_ASSERTION(test, assert_type, left, op, right, fmt, ...) \
	__KUNIT_BASE_BINARY_ASSERTION(test, kunit_binary_ptr_assert, \
				      kunit_binary_ptr_assert_format, \
				      assert_type, left, op, right, fmt, ##__VA_ARGS__)
#define KUNIT_BINARY_STR_ASSERTION(test, assert_type, left, op, right, fmt, ...) do { \
	const char *__left = (left); \
	const char *__right = (right); \
	static const struct kunit_binary_assert_text __text = { \
		.operation = #op, .left_text = #left, .right_text = #right, \
	}; \
	if (likely((__left) && (__right) && (strcmp(__left, __right) op 0))) \
		break; \
	_KUNIT_FAILED(test, assert_type, kunit_binary_str_assert, \
		      kunit_binary_str_assert_format, \
		      KUNIT_INIT_BINARY_ASSERT_STRUCT(&__text, __left, __right), \
		      fmt, ##__VA_ARGS__); \
} while (0)
#define KUNIT_MEM_ASSERTION(test, assert_type, left, op, right, size_, fmt, ...) do { \
	const void *__left = (left); \
	const void *__right = (right); \
	const size_t __size = (size_); \
	static const struct kunit_binary_assert_text __text = { \
		.operation = #op, .left_text = #left, .right_text = #right, \
	}; \
	if (likely(__left && __right)) \
		if (likely(memcmp(__left, __right, __size) op 0)) \
			break; \
	_KUNIT_FAILED(test, assert_type, kunit_mem_assert, kunit_mem_assert_format, \
		      KUNIT_INIT_MEM_ASSERT_STRUCT(&__text, __left, __right, __size), \
		      fmt, ##__VA_ARGS__); \
} while (0)
#define KUNIT_PTR_NOT_ERR_OR_NULL_MSG_ASSERTION(test, assert_type, ptr, fmt, ...) do { \
	const typeof(ptr) __ptr = (ptr); \
	if (!IS_ERR_OR_NULL(__ptr)) \
		break; \
	_KUNIT_FAILED(test, assert_type, kunit_ptr_not_err_assert, \
		      kunit_ptr_not_err_assert_format, \
		      KUNIT_INIT_PTR_NOT_ERR_STRUCT(#ptr, __ptr), fmt, ##__VA_ARGS__); \
} while (0)

/* Expectations: record a failure and go on. */
#define KUNIT_EXPECT_TRUE(test, condition) KUNIT_EXPECT_TRUE_MSG(test, condition, NULL)
#define KUNIT_EXPECT_TRUE_MSG(test, condition, fmt, ...) \
	KUNIT_TRUE_MSG_ASSERTION(test, KUNIT_EXPECTATION, condition, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_FALSE(test, condition) KUNIT_EXPECT_FALSE_MSG(test, condition, NULL)
#define KUNIT_EXPECT_FALSE_MSG(test, condition, fmt, ...) \
	KUNIT_FALSE_MSG_ASSERTION(test, KUNIT_EXPECTATION, condition, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_EQ(test, left, right) KUNIT_EXPECT_EQ_MSG(test, left, right, NULL)
#define KUNIT_EXPECT_EQ_MSG(test, left, right, fmt, ...) \
	KUNIT_BINARY_INT_ASSERTION(test, KUNIT_EXPECTATION, left, ==, right, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_NE(test, left, right) KUNIT_EXPECT_NE_MSG(test, left, right, NULL)
#define KUNIT_EXPECT_NE_MSG(test, left, right, fmt, ...) \
	KUNIT_BINARY_INT_ASSERTION(test, KUNIT_EXPECTATION, left, !=, right, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_LT(test, left, right) KUNIT_EXPECT_LT_MSG(test, left, right, NULL)
#define KUNIT_EXPECT_LT_MSG(test, left, right, fmt, ...) \
	KUNIT_BINARY_INT_ASSERTION(test, KUNIT_EXPECTATION, left, <, right, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_LE(test, left, right) KUNIT_EXPECT_LE_MSG(test, left, right, NULL)
#define KUNIT_EXPECT_LE_MSG(test, left, right, fmt, ...) \
	KUNIT_BINARY_INT_ASSERTION(test, KUNIT_EXPECTATION, left, <=, right, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_GT(test, left, right) KUNIT_EXPECT_GT_MSG(test, left, right, NULL)
#define KUNIT_EXPECT_GT_MSG(test, left, right, fmt, ...) \
	KUNIT_BINARY_INT_ASSERTION(test, KUNIT_EXPECTATION, left, >, right, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_GE(test, left, right) KUNIT_EXPECT_GE_MSG(test, left, right, NULL)
#define KUNIT_EXPECT_GE_MSG(test, left, right, fmt, ...) \
	KUNIT_BINARY_INT_ASSERTION(test, KUNIT_EXPECTATION, left, >=, right, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_PTR_EQ(test, left, right) KUNIT_EXPECT_PTR_EQ_MSG(test, left, right, NULL)
#define KUNIT_EXPECT_PTR_EQ_MSG(test, left, right, fmt, ...) \
	KUNIT_BINARY_PTR_ASSERTION(test, KUNIT_EXPECTATION, left, ==, right, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_PTR_NE(test, left, right) KUNIT_EXPECT_PTR_NE_MSG(test, left, right, NULL)
#define KUNIT_EXPECT_PTR_NE_MSG(test, left, right, fmt, ...) \
	KUNIT_BINARY_PTR_ASSERTION(test, KUNIT_EXPECTATION, left, !=, right, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_STREQ(test, left, right) KUNIT_EXPECT_STREQ_MSG(test, left, right, NULL)
#define KUNIT_EXPECT_STREQ_MSG(test, left, right, fmt, ...) \
	KUNIT_BINARY_STR_ASSERTION(test, KUNIT_EXPECTATION, left, ==, right, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_STRNEQ(test, left, right) KUNIT_EXPECT_STRNEQ_MSG(test, left, right, NULL)
#define KUNIT_EXPECT_STRNEQ_MSG(test, left, right, fmt, ...) \
	KUNIT_BINARY_STR_ASSERTION(test, KUNIT_EXPECTATION, left, !=, right, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_MEMEQ(test, left, right, size) \
	KUNIT_EXPECT_MEMEQ_MSG(test, left, right, size, NULL)
#define KUNIT_EXPECT_MEMEQ_MSG(test, left, right, size, fmt, ...) \
	KUNIT_MEM_ASSERTION(test, KUNIT_EXPECTATION, left, ==, right, size, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_MEMNEQ(test, left, right, size) \
	KUNIT_EXPECT_MEMNEQ_MSG(test, left, right, size, NULL)
#define KUNIT_EXPECT_MEMNEQ_MSG(test, left, right, size, fmt, ...) \
	KUNIT_MEM_ASSERTION(test, KUNIT_EXPECTATION, left, !=, right, size, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_NULL(test, ptr) KUNIT_EXPECT_NULL_MSG(test, ptr, NULL)
#define KUNIT_EXPECT_NULL_MSG(test, ptr, fmt, ...) \
	KUNIT_BINARY_PTR_ASSERTION(test, KUNIT_EXPECTATION, ptr, ==, NULL, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_NOT_NULL(test, ptr) KUNIT_EXPECT_NOT_NULL_MSG(test, ptr, NULL)
#define KUNIT_EXPECT_NOT_NULL_MSG(test, ptr, fmt, ...) \
	KUNIT_BINARY_PTR_ASSERTION(test, KUNIT_EXPECTATION, ptr, !=, NULL, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_NOT_ERR_OR_NULL(test, ptr) KUNIT_EXPECT_NOT_ERR_OR_NULL_MSG(test, ptr, NULL)
#define KUNIT_EXPECT_NOT_ERR_OR_NULL_MSG(test, ptr, fmt, ...) \
	KUNIT_PTR_NOT_ERR_OR_NULL_MSG_ASSERTION(test, KUNIT_EXPECTATION, ptr, fmt, ##__VA_ARGS__)

/* Assertions: record a failure and end the case. */
#define KUNIT_ASSERT_FAILURE(test, fmt, ...) \
	KUNIT_FAIL_ASSERTION(test, KUNIT_ASSERTION, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_TRUE(test, condition) KUNIT_ASSERT_TRUE_MSG(test, condition, NULL)
#define KUNIT_ASSERT_TRUE_MSG(test, condition, fmt, ...) \
	KUNIT_TRUE_MSG_ASSERTION(test, KUNIT_ASSERTION, condition, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_FALSE(test, condition) KUNIT_ASSERT_FALSE_MSG(test, condition, NULL)
#define KUNIT_ASSERT_FALSE_MSG(test, condition, fmt, ...) \
	KUNIT_FALSE_MSG_ASSERTION(test, KUNIT_ASSERTION, condition, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_EQ(test, left, right) KUNIT_ASSERT_EQ_MSG(test, left, right, NULL)
#define KUNIT_ASSERT_EQ_MSG(test, left, right, fmt, ...) \
	KUNIT_BINARY_INT_ASSERTION(test, KUNIT_ASSERTION, left, ==, right, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_NE(test, left, right) KUNIT_ASSERT_NE_MSG(test, left, right, NULL)
#define KUNIT_ASSERT_NE_MSG(test, left, right, fmt, ...) \
	KUNIT_BINARY_INT_ASSERTION(test, KUNIT_ASSERTION, left, !=, right, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_LT(test, left, right) KUNIT_ASSERT_LT_MSG(test, left, right, NULL)
#define KUNIT_ASSERT_LT_MSG(test, left, right, fmt, ...) \
	KUNIT_BINARY_INT_ASSERTION(test, KUNIT_ASSERTION, left, <, right, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_LE(test, left, right) KUNIT_ASSERT_LE_MSG(test, left, right, NULL)
#define KUNIT_ASSERT_LE_MSG(test, left, right, fmt, ...) \
	KUNIT_BINARY_INT_ASSERTION(test, KUNIT_ASSERTION, left, <=, right, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_GT(test, left, right) KUNIT_ASSERT_GT_MSG(test, left, right, NULL)
#define KUNIT_ASSERT_GT_MSG(test, left, right, fmt, ...) \
	KUNIT_BINARY_INT_ASSERTION(test, KUNIT_ASSERTION, left, >, right, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_GE(test, left, right) KUNIT_ASSERT_GE_MSG(test, left, right, NULL)
#define KUNIT_ASSERT_GE_MSG(test, left, right, fmt, ...) \
	KUNIT_BINARY_INT_ASSERTION(test, KUNIT_ASSERTION, left, >=, right, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_PTR_EQ(test, left, right) KUNIT_ASSERT_PTR_EQ_MSG(test, left, right, NULL)
#define KUNIT_ASSERT_PTR_EQ_MSG(test, left, right, fmt, ...) \
	KUNIT_BINARY_PTR_ASSERTION(test, KUNIT_ASSERTION, left, ==, right, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_PTR_NE(test, left, right) KUNIT_ASSERT_PTR_NE_MSG(test, left, right, NULL)
#define KUNIT_ASSERT_PTR_NE_MSG(test, left, right, fmt, ...) \
	KUNIT_BINARY_PTR_ASSERTION(test, KUNIT_ASSERTION, left, !=, right, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_STREQ(test, left, right) KUNIT_ASSERT_STREQ_MSG(test, left, right, NULL)
#define KUNIT_ASSERT_STREQ_MSG(test, left, right, fmt, ...) \
	KUNIT_BINARY_STR_ASSERTION(test, KUNIT_ASSERTION, left, ==, right, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_STRNEQ(test, left, right) KUNIT_ASSERT_STRNEQ_MSG(test, left, right, NULL)
#define KUNIT_ASSERT_STRNEQ_MSG(test, left, right, fmt, ...) \
	KUNIT_BINARY_STR_ASSERTION(test, KUNIT_ASSERTION, left, !=, right, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_MEMEQ(test, left, right, size) \
	KUNIT_ASSERT_MEMEQ_MSG(test, left, right, size, NULL)
#define KUNIT_ASSERT_MEMEQ_MSG(test, left, right, size, fmt, ...) \
	KUNIT_MEM_ASSERTION(test, KUNIT_ASSERTION, left, ==, right, size, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_MEMNEQ(test, left, right, size) \
	KUNIT_ASSERT_MEMNEQ_MSG(test, left, right, size, NULL)
#define KUNIT_ASSERT_MEMNEQ_MSG(test, left, right, size, fmt, ...) \
	KUNIT_MEM_ASSERTION(test, KUNIT_ASSERTION, left, !=, right, size, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_NULL(test, ptr) KUNIT_ASSERT_NULL_MSG(test, ptr, NULL)
#define KUNIT_ASSERT_NULL_MSG(test, ptr, fmt, ...) \
	KUNIT_BINARY_PTR_ASSERTION(test, KUNIT_ASSERTION, ptr, ==, NULL, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_NOT_NULL(test, ptr) KUNIT_ASSERT_NOT_NULL_MSG(test, ptr, NULL)
#define KUNIT_ASSERT_NOT_NULL_MSG(test, ptr, fmt, ...) \
	KUNIT_BINARY_PTR_ASSERTION(test, KUNIT_ASSERTION, ptr, !=, NULL, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ptr) KUNIT_ASSERT_NOT_ERR_OR_NULL_MSG(test, ptr, NULL)
#define KUNIT_ASSERT_NOT_ERR_OR_NULL_MSG(test, ptr, fmt, ...) \
	KUNIT_PTR_NOT_ERR_OR_NULL_MSG_ASSERTION(test, KUNIT_ASSERTION, ptr, fmt, ##__VA_ARGS__)

#endif
