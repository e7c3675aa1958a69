/* SPDX-License-Identifier: MIT */
/*
 * linux/panic.h - panic(): prints "Kernel panic - not syncing: <message>"
 * and the call trace, then aborts the process.
 */
#ifndef _ZSK_LINUX_PANIC_H
#define _ZSK_LINUX_PANIC_H

#include <linux/compiler.h>

__printf(1, 2) __noreturn __cold void panic(const char *fmt, ...);

#define TAINT_WARN 9
#define LOCKDEP_STILL_OK 0
#define LOCKDEP_NOW_UNRELIABLE 1
static inline void add_taint(unsigned int flag, int lockdep_ok)
{
	(void)flag;
	(void)lockdep_ok;
}

#endif
