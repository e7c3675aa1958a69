// SPDX-License-Identifier: MIT
/*
 * kt_initcall_a.c, kt_initcall_b.c - one program of two files: the
 * initcalls must run level by level in the kernel's order, within a level
 * in link order (a's before b's, each file's in order), module_exit
 * newest first, and module parameters set from the command line before
 * any initcall.  The check is a late_initcall_sync of b, the last level,
 * and a suite that runs after all initcalls.
 */
#include <kunit/test.h>
#include <linux/init.h>
#include <linux/module.h>
#include <linux/moduleparam.h>

#include "kt_initcall.h"

char kt_order[64];

static void mark(char c)
{
	size_t n = strlen(kt_order);

	if (n + 1 < sizeof(kt_order))
		kt_order[n] = c, kt_order[n + 1] = 0;
}
void kt_mark(char c)
{
	mark(c);
}

static int verbose = 1;
module_param(verbose, int, 0644);
MODULE_PARM_DESC(verbose, "set to 7 by the test's command line");

static int __init a_late(void) { mark('L'); return 0; }
static int __init a_device(void) { mark('D'); return 0; }
static int __init a_core(void) { mark('C'); return 0; }
static int __init a_module(void) { mark('M'); return verbose == 7 ? 0 : -EINVAL; }
static int __init a_pure(void) { mark('P'); return 0; }
static int __init a_subsys(void) { mark('S'); return 0; }
static int __init a_early(void) { mark('E'); return 0; }

late_initcall(a_late);
device_initcall(a_device);
core_initcall(a_core);
module_init(a_module);
pure_initcall(a_pure);
subsys_initcall(a_subsys);
early_initcall(a_early);

static void __exit a_exit(void)
{
	mark('x');
}
module_exit(a_exit);

static void order_after_initcalls(struct kunit *test)
{
	/* E P C S D M(a) d(b) ... L l(b) |  a's device calls precede b's */
	KUNIT_EXPECT_STREQ(test, kt_order, "EPCcSDMdLl");
	KUNIT_EXPECT_EQ(test, verbose, 7);
	KUNIT_EXPECT_EQ(test, system_state, SYSTEM_RUNNING);
}

static struct kunit_case initcall_cases[] = {
	KUNIT_CASE(order_after_initcalls),
	{}
};
static struct kunit_suite initcall_suite = {
	.name = "zslab_initcall_order",
	.test_cases = initcall_cases,
};
kunit_test_suite(initcall_suite);

MODULE_LICENSE("GPL");
