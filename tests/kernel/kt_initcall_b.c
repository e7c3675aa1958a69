// SPDX-License-Identifier: MIT
/* kt_initcall_b.c - the second file of the initcall-order program. */
#include <linux/init.h>
#include <linux/module.h>
#include <linux/printk.h>

#include "kt_initcall.h"

/* Built without -DKBUILD_MODNAME, as `cc file.c $(pkg-config ...)` is:
 * the module is still "kt_initcall_b" on the command line, as the
 * kernel's build would name it. */
static int depth;
module_param(depth, int, 0444);
static bool fast;
module_param(fast, bool, 0444);

static int __init b_device(void) { kt_mark('d'); return depth == 3 && fast ? 0 : -EINVAL; }
static int __init b_core_sync(void) { kt_mark('c'); return 0; }
static int __init b_late_sync(void)
{
	kt_mark('l');
	return 0;
}

device_initcall(b_device);
core_initcall_sync(b_core_sync);
late_initcall_sync(b_late_sync);

/* module_exit runs newest first: b's before a's. */
static void __exit b_exit(void)
{
	kt_mark('y');
}
module_exit(b_exit);

/* The last exitcall to run: a's ran after b's. */
static void __attribute__((destructor)) check_exit_order(void)
{
	if (!strstr(kt_order, "yx")) {
		fprintf(stderr, "kt_initcall: module_exit order wrong: %s\n", kt_order);
		abort();
	}
}

MODULE_LICENSE("GPL");
