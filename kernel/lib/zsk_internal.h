/* SPDX-License-Identifier: MIT */
/*
 * zsk_internal.h - what the compat library's files share (not installed).
 */
#ifndef ZSK_INTERNAL_H
#define ZSK_INTERNAL_H

#include <linux/types.h>

struct kunit;

#pragma GCC visibility push(hidden)

/* printk.c: write one message (already formatted) to the console. */
void zsk_console_write(const char *text, size_t len, int level);
/* printk.c: "Call Trace:" and the callers of the caller (@skip frames more). */
void zsk_print_trace(int skip);
/* symbol.c: "name+0x1c/0x40" (with @offset) or "name", else "0x..." */
void zsk_symbolize(const void *addr, char *buf, size_t len, bool offset);
/* bug.c: WARNs so far */
extern unsigned long zsk_nr_warnings;
/* kunit/test.c: a BUG in a case ends it as a fault; false outside cases */
bool zsk_kunit_fault(const char *file, int line);
/* sched.c: the calling thread's task is not freed when it exits. */
void zsk_task_keep(void);
/* rcu.c: register liburcu behind zslab_set_rcu_ops(). */
void zsk_rcu_init(void);
/* kunit/test.c: register the slab_errors hook. */
void zsk_kunit_init(void);
/* errname.c: "ENOMEM" for 12, NULL when unknown. */
const char *zsk_errname(int err);
struct xarray;
/* xarray.c: what slot @index holds, XA_ZERO_ENTRY included (xa_lock or RCU held). */
void *zsk_xa_load_raw(struct xarray *xa, unsigned long index);

#pragma GCC visibility pop

#endif
