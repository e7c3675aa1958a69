/* SPDX-License-Identifier: MIT */
/*
 * zslab-kernel.h - the compat library's own entry points (not kernel
 * names): where kernel messages go, and what the zslab-kunit runner uses.
 */
#ifndef _ZSK_ZSLAB_KERNEL_H
#define _ZSK_ZSLAB_KERNEL_H

#include <stdbool.h>
#include <stddef.h>

/**
 * zsk_set_console() - send every kernel message (printk, WARN, BUG, KTAP)
 * to @fn instead of standard output.
 * @fn:  called with one message's text (without its level prefix) and
 *       its printk level (0..7, or -1 for a continuation); NULL restores
 *       standard output.
 * @arg: passed to @fn.
 */
void zsk_set_console(void (*fn)(const char *text, size_t len, int level, void *arg),
		     void *arg);

/** zsk_warnings() - the number of WARNs since the start of the process. */
unsigned long zsk_warnings(void);

/**
 * zsk_kernel_init() - set up the compat library: register liburcu as
 * zslab's RCU engine and the KUnit slab-error hook.  The runner calls it
 * after zslab_init(); a program with its own main calls it too.
 */
void zsk_kernel_init(void);

/**
 * zsk_run_initcalls() - call every registered initcall, level by level.
 * Return: the number that returned a negative errno.
 */
int zsk_run_initcalls(void);
/** zsk_run_exitcalls() - call the module_exit functions, newest first. */
void zsk_run_exitcalls(void);
/**
 * zsk_workqueue_shutdown() - after module_exit: stop the timer thread and
 * destroy the system workqueues (their threads' cached objects go back),
 * reporting each timer still armed and each workqueue not destroyed.
 *
 * Return: the number of those reported.
 */
int zsk_workqueue_shutdown(void);
/**
 * zsk_set_param() - set a module parameter from "<module>.<name>=<value>".
 * Return: 0, -ENOENT for an unknown parameter, -EINVAL for a bad value.
 */
int zsk_set_param(const char *arg);

/**
 * zsk_kunit_run_all() - run every registered suite whose name (or
 * "suite.case") matches @glob (NULL: all), printing KTAP.
 * Return: the number of suites that failed.
 */
int zsk_kunit_run_all(const char *glob);

/** zsk_kunit_all_skipped() - every suite run so far was skipped. */
bool zsk_kunit_all_skipped(void);

/**
 * zsk_rcu_quiesce() - wait for every RCU callback queued so far, then
 * have the RCU callback thread give its cached slab objects back (so
 * they are not counted as allocated by a leak check).
 */
void zsk_rcu_quiesce(void);

struct xarray;
/**
 * zsk_xa_check() - check @xa's tree against its invariants (node counts,
 * parent links, marks propagated to every ancestor, free slots of an
 * ALLOC array marked), printing each broken one with pr_err().
 * Return: the number broken; 0 for a sound tree.
 */
int zsk_xa_check(struct xarray *xa);

#endif
