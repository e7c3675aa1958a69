/* SPDX-License-Identifier: MIT */
/*
 * linux/bug.h - BUG and WARN.
 *
 * WARN prints the kernel's block ("------------[ cut here ]------------",
 * the message, "WARNING: CPU: 0 PID: <tid> at <file>:<line> <function>",
 * the call trace, "---[ end trace ... ]---") and returns; a WARN does not
 * fail a KUnit case, as in the kernel.  BUG prints "kernel BUG at
 * <file>:<line>!" and the trace; inside a KUnit case the case fails and
 * its thread ends (the kernel's oops of the test kthread), elsewhere the
 * process aborts.
 */
#ifndef _ZSK_LINUX_BUG_H
#define _ZSK_LINUX_BUG_H

#include <linux/build_bug.h>
#include <linux/compiler.h>
/* as asm-generic/bug.h does: code that has WARN has pr_*() */
#include <linux/panic.h>
#include <linux/printk.h>

/* kernel/lib/bug.c */
__noreturn void zsk_bug(const char *file, int line, const char *func);
void zsk_warn(const char *file, int line, const char *func);
__printf(4, 5) void zsk_warn_fmt(const char *file, int line, const char *func,
				 const char *fmt, ...);

#define BUG() zsk_bug(__FILE__, __LINE__, __func__)
#define BUG_ON(condition) do { if (unlikely(condition)) BUG(); } while (0)

#define WARN_ON(condition) ({ \
	int __zsk_ret_warn_on = !!(condition); \
	if (unlikely(__zsk_ret_warn_on)) \
		zsk_warn(__FILE__, __LINE__, __func__); \
	unlikely(__zsk_ret_warn_on); })

#define WARN(condition, format...) ({ \
	int __zsk_ret_warn_on = !!(condition); \
	if (unlikely(__zsk_ret_warn_on)) \
		zsk_warn_fmt(__FILE__, __LINE__, __func__, format); \
	unlikely(__zsk_ret_warn_on); })
#define WARN_TAINT(condition, taint, format...) WARN(condition, format)

#define __zsk_warn_once(warn) ({ \
	static bool __zsk_warned; \
	int __zsk_ret_once = 0; \
	if (unlikely(!__atomic_load_n(&__zsk_warned, __ATOMIC_RELAXED))) { \
		__zsk_ret_once = (warn); \
		if (__zsk_ret_once) \
			__atomic_store_n(&__zsk_warned, true, __ATOMIC_RELAXED); \
	} \
	unlikely(__zsk_ret_once); })

#define WARN_ON_ONCE(condition) ({ \
	int __zsk_cond_once = !!(condition); \
	if (unlikely(__zsk_cond_once)) \
		__zsk_warn_once(WARN_ON(1)); \
	unlikely(__zsk_cond_once); })
#define WARN_ONCE(condition, format...) ({ \
	int __zsk_cond_once = !!(condition); \
	if (unlikely(__zsk_cond_once)) \
		__zsk_warn_once(WARN(1, format)); \
	unlikely(__zsk_cond_once); })
#define WARN_TAINT_ONCE(condition, taint, format...) WARN_ONCE(condition, format)

/* mm's debug checks (CONFIG_DEBUG_VM is on). */
#define VM_BUG_ON(cond) BUG_ON(cond)
#define VM_BUG_ON_PAGE(cond, page) BUG_ON(cond)
#define VM_BUG_ON_FOLIO(cond, folio) BUG_ON(cond)
#define VM_WARN_ON(cond) (void)WARN_ON(cond)
#define VM_WARN_ON_ONCE(cond) (void)WARN_ON_ONCE(cond)
#define VM_WARN_ONCE(cond, format...) (void)WARN_ONCE(cond, format)
#define VM_WARN(cond, format...) (void)WARN(cond, format)
#define VM_WARN_ON_ONCE_PAGE(cond, page) WARN_ON_ONCE(cond)

enum bug_trap_type {
	BUG_TRAP_TYPE_NONE = 0,
	BUG_TRAP_TYPE_WARN = 1,
	BUG_TRAP_TYPE_BUG = 2,
};

#endif
