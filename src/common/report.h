/* SPDX-License-Identifier: MIT */
/*
 * report.h - the one choke point for everything zslab tells a human.
 *
 * A report is built in a zs_rbuf (no malloc) and emitted once; the hook
 * set with zslab_set_report_hook() (or stderr) receives it as one string.
 * Kinds that the kernel prints with WARN or BUG abort the process after
 * emission when panic_on_warn is set.
 *
 * No user code runs under a zslab lock: a report made while this thread
 * holds one (lock_rank.h counts them) is queued, and emitted, in order,
 * when the thread lets go of its last lock (the kernel's deferred printk).
 * So a hook may call any zslab function, kmalloc and kfree included.
 * Under panic_on_warn the abort comes at that emission too.
 */
#ifndef ZSLAB_REPORT_H
#define ZSLAB_REPORT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/lock.h"
#include "config/config.h"

#pragma GCC visibility push(hidden)

enum zs_report_kind {
	ZS_INFO,   /* informational: never panics */
	ZS_ERR,    /* a refused request (bad option, bad argument): never panics */
	ZS_WARN,   /* the kernel would WARN: panics under panic_on_warn */
	ZS_BUG,    /* a "BUG ..." report: panics under panic_on_warn */
	ZS_FIX,    /* a "FIX ..." line after a BUG: never panics */
};

#define ZS_RBUF_SIZE 16384

struct zs_rbuf {
	size_t len;
	bool truncated;
	char buf[ZS_RBUF_SIZE];
};

void zs_rbuf_init(struct zs_rbuf *rb);
__attribute__((format(printf, 2, 3)))
void zs_rbuf_add(struct zs_rbuf *rb, const char *fmt, ...);
void zs_rbuf_vadd(struct zs_rbuf *rb, const char *fmt, va_list ap);
/* Append "Call Trace:" and the caller's stack, one frame a line. */
void zs_rbuf_stack(struct zs_rbuf *rb, int skip);

/*
 * Emit @rb as one report of @kind, then panic if @kind requires it; with
 * a zslab lock held, queue it until the last one is released.
 */
void zs_report_emit(enum zs_report_kind kind, struct zs_rbuf *rb);

/*
 * zs_report_fatal() - an internal error that ends the process (a lock
 * order violation, a failed debug assertion): @rb goes straight to
 * stderr, after whatever this thread had queued, locks or no locks, and
 * the process aborts.  The hook is not called: locks may be held.
 */
__attribute__((noreturn)) void zs_report_fatal(struct zs_rbuf *rb);

/* fork(): hold the report queue across it; the child drops the others'. */
void zs_report_fork_prepare(void);
void zs_report_fork_parent(void);
void zs_report_fork_child(void);

/* One-line report; a newline is appended when missing. */
__attribute__((format(printf, 2, 3)))
void zs_report(enum zs_report_kind kind, const char *fmt, ...);

/*
 * zs_report_config() - the sink the configuration parser says its messages
 * through (config/config.h sits below this layer): a note is one ZS_INFO
 * report, the error one ZS_ERR report.
 */
void zs_report_config(enum zs_config_say kind, const char *msg);

/* A WARN: the message, then a stack dump, as one report. */
__attribute__((format(printf, 1, 2)))
void zs_warn(const char *fmt, ...);

/*
 * The kernel's ratelimit: at most @burst reports per @interval_ns.
 * Zero-initialise with ZS_RATELIMIT_INIT.
 */
struct zs_ratelimit {
	uint64_t begin;
	unsigned int printed;
	unsigned int missed;
	zs_spinlock_t lock;
};
#define ZS_RATELIMIT_INIT { 0, 0, 0, ZS_SPINLOCK_INIT(ZS_RANK_RATELIMIT) }
bool zs_ratelimit(struct zs_ratelimit *rs);

#pragma GCC visibility pop

#endif
