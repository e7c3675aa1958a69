// SPDX-License-Identifier: MIT
/*
 * bug.c - WARN, BUG and panic, printed as the kernel prints them.
 */
#include <linux/bug.h>
#include <linux/kernel.h>
#include <linux/panic.h>
#include <linux/printk.h>
#include <linux/sched.h>
#include <zslab-kernel.h>
#include <pthread.h>

#include "zsk_internal.h"

unsigned long zsk_nr_warnings;
enum system_states system_state = SYSTEM_BOOTING;
int oops_in_progress;

unsigned long zsk_warnings(void)
{
	return __atomic_load_n(&zsk_nr_warnings, __ATOMIC_RELAXED);
}

static void warn_tail(const char *file, int line, const char *func)
{
	printk(KERN_WARNING "WARNING: CPU: %d PID: %d at %s:%d %s\n", 0, current->pid,
	       file, line, func);
	printk(KERN_WARNING "Comm: %s\n", current->comm);
	zsk_print_trace(2);
	printk(KERN_WARNING "---[ end trace 0000000000000000 ]---\n");
	__atomic_fetch_add(&zsk_nr_warnings, 1, __ATOMIC_RELAXED);
}

void zsk_warn(const char *file, int line, const char *func)
{
	printk(KERN_WARNING "------------[ cut here ]------------\n");
	warn_tail(file, line, func);
}

void zsk_warn_fmt(const char *file, int line, const char *func, const char *fmt, ...)
{
	va_list ap;

	printk(KERN_WARNING "------------[ cut here ]------------\n");
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	warn_tail(file, line, func);
}

void zsk_bug(const char *file, int line, const char *func)
{
	oops_in_progress = 1;
	printk(KERN_EMERG "------------[ cut here ]------------\n");
	printk(KERN_EMERG "kernel BUG at %s:%d!\n", file, line);
	printk(KERN_EMERG "Oops: invalid opcode: 0000 [#1] SMP\n");
	printk(KERN_EMERG "CPU: 0 PID: %d Comm: %s\n", current->pid, current->comm);
	printk(KERN_EMERG "RIP: %s\n", func);
	zsk_print_trace(1);
	printk(KERN_EMERG "---[ end trace 0000000000000000 ]---\n");
	oops_in_progress = 0;
	zsk_kunit_fault(file, line);   /* ends the case's thread when in one */
	fflush(stdout);
	abort();
}

void panic(const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	zsk_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	printk(KERN_EMERG "Kernel panic - not syncing: %s\n", msg);
	zsk_print_trace(1);
	printk(KERN_EMERG "---[ end Kernel panic - not syncing: %s ]---\n", msg);
	fflush(stdout);
	abort();
}
