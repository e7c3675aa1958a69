// SPDX-License-Identifier: MIT
/*
 * main.c - zslab-kunit: the program a kernel test file is linked into
 * (libzslab-kunit supplies main).  It
 *
 *   1. boots zslab with ZSLAB_CMDLINE and registers liburcu and the KUnit
 *      slab_errors hook;
 *   2. sets module parameters given as arguments ("mod.param=value");
 *   3. runs every initcall in the kernel's order (module_init is level 6);
 *   4. runs every KUnit suite, printing KTAP (an argument without '='
 *      is a filter glob: "suite" or "suite.case", as kunit.filter_glob);
 *   5. runs the module_exit functions, newest first;
 *   6. waits for RCU callbacks, validates every cache, and reports every
 *      object still allocated in a cache a test used, with its allocation
 *      site where the cache tracks it (slub_debug=U), and pages left
 *      allocated outside slabs.
 *
 * It exits 0 when every initcall succeeded, no suite failed, every cache
 * validated clean and nothing was left allocated; 77 (a skip, for test
 * drivers such as CTest) when that holds and every suite was skipped;
 * else 1 (2 when zslab could not boot).  Messages go to standard output: the kernel's console.
 */
#include <linux/kernel.h>
#include <linux/printk.h>
#include <zslab-kernel.h>
#include <zslab/zslab.h>

#include "leaks.h"

static void console_report(const char *text, void *arg)
{
	(void)arg;
	printk(KERN_ERR "%s", text);
}

static int set_params(int argc, char **argv, const char **glob)
{
	for (int i = 1; i < argc; i++) {
		int err;

		if (!strchr(argv[i], '=')) {
			*glob = argv[i];
			continue;
		}
		if (!strncmp(argv[i], "kunit.filter_glob=", 18)) {
			*glob = argv[i] + 18;
			continue;
		}
		err = zsk_set_param(argv[i]);
		if (err) {
			pr_err("zslab-kunit: %s: %s\n", argv[i],
			       err == -ENOENT ? "no such module parameter" : "bad value");
			return err;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *glob = NULL;
	struct zsk_leak_baseline base;
	int failed = 0, err;

	err = zslab_init(getenv("ZSLAB_CMDLINE"));
	if (err) {
		fprintf(stderr, "zslab-kunit: zslab_init(\"%s\") failed: %d\n",
			getenv("ZSLAB_CMDLINE") ? getenv("ZSLAB_CMDLINE") : "", err);
		return 2;
	}
	zslab_set_report_hook(console_report, NULL);
	zsk_kernel_init();
	if (set_params(argc, argv, &glob))
		return 2;
	zsk_leak_baseline(&base);
	failed += zsk_run_initcalls();
	failed += zsk_kunit_run_all(glob);
	zsk_run_exitcalls();
	/* RCU callbacks may queue work, and work may call_rcu() */
	zsk_rcu_quiesce();
	failed += zsk_workqueue_shutdown();
	zsk_rcu_quiesce();
	failed += zsk_leak_check(&base);
	if (zsk_warnings())
		pr_info("zslab-kunit: %lu WARNING%s during the run\n", zsk_warnings(),
			zsk_warnings() == 1 ? "" : "s");
	pr_info("zslab-kunit: %s\n", failed ? "FAILED" :
		zsk_kunit_all_skipped() ? "every suite skipped" : "all passed");
	fflush(stdout);
	zslab_set_report_hook(NULL, NULL);
	return failed ? 1 : zsk_kunit_all_skipped() ? 77 : 0;
}
