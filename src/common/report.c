/* SPDX-License-Identifier: MIT */
/*
 * report.c - the single choke point for reports.  See report.h.
 */
#include "common/report.h"

#include <stdio.h>
#include <string.h>

#include "config/config.h"
#include "host/host.h"
#include <zslab/zslab.h>

static void (*report_hook)(const char *text, void *arg);
static void *report_arg;

void zslab_set_report_hook(void (*fn)(const char *text, void *arg), void *arg)
{
	report_arg = arg;
	report_hook = fn;
}

void zs_rbuf_init(struct zs_rbuf *rb)
{
	rb->len = 0;
	rb->truncated = false;
	rb->buf[0] = 0;
}

void zs_rbuf_vadd(struct zs_rbuf *rb, const char *fmt, va_list ap)
{
	size_t room = sizeof(rb->buf) - rb->len;
	int n = vsnprintf(rb->buf + rb->len, room, fmt, ap);

	if (n < 0)
		return;
	if ((size_t)n >= room) {
		rb->len = sizeof(rb->buf) - 1;
		rb->truncated = true;
	} else {
		rb->len += (size_t)n;
	}
}

void zs_rbuf_add(struct zs_rbuf *rb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	zs_rbuf_vadd(rb, fmt, ap);
	va_end(ap);
}

void zs_rbuf_stack(struct zs_rbuf *rb, int skip)
{
	void *pcs[16];
	char sym[256];
	int n = zs_host_backtrace(pcs, 16, skip + 1);

	zs_rbuf_add(rb, "Call Trace:\n");
	for (int i = 0; i < n; i++) {
		zs_host_symbolize(pcs[i], sym, sizeof(sym));
		zs_rbuf_add(rb, " %s\n", sym);
	}
}

static bool kind_panics(enum zs_report_kind kind)
{
	return kind == ZS_WARN || kind == ZS_BUG;
}

/* Hand @text (@len bytes, ending in a newline) to the hook or stderr. */
static void deliver(enum zs_report_kind kind, const char *text, size_t len)
{
	void (*hook)(const char *, void *) = report_hook;

	zs_lock_assert_none("calling the report hook");
	if (hook)
		hook(text, report_arg);
	else
		zs_host_write_err(text, len);
	if (kind_panics(kind) && zs_config.panic_on_warn) {
		static const char msg[] = "Kernel panic - not syncing: panic_on_warn set ...\n";
		zs_host_write_err(msg, sizeof(msg) - 1);
		zs_host_abort();
	}
}

/* --- reports made under a lock ------------------------------------------- */

/*
 * The queue: records appended in the order they were made, each owned by
 * the thread that made it (its lock record), taken out by that thread at
 * its last unlock.  The memory is reserved on first use and costs nothing
 * untouched; once every record is out the queue starts over at 0.
 *
 * Invariant (under queue_lock): every record lies in [0, queue_tail);
 * the pending count of each thread equals its records not yet done.
 */
#define QUEUE_BYTES (16UL << 20)

struct queued {
	const void *owner;       /* &zs_tl_locks of the thread */
	uint32_t len;            /* text bytes, without the NUL */
	uint8_t kind;
	bool done;
	char text[];             /* NUL-terminated */
};

static zs_spinlock_t queue_lock = ZS_SPINLOCK_INIT(ZS_RANK_REPORT_QUEUE);
static char *queue;
static size_t queue_tail, queue_live;

static size_t record_size(size_t len)
{
	return (sizeof(struct queued) + len + 1 + 7) & ~(size_t)7;
}

/* Queue @rb for this thread; false when there is no room. */
static bool enqueue(enum zs_report_kind kind, const struct zs_rbuf *rb)
{
	size_t need = record_size(rb->len);
	bool ok = false;

	zs_spin_lock(&queue_lock);
	if (!queue)
		queue = zs_host_reserve(QUEUE_BYTES);
	if (queue && queue_tail + need <= QUEUE_BYTES) {
		struct queued *q = (struct queued *)(queue + queue_tail);
		q->owner = &zs_tl_locks;
		q->len = (uint32_t)rb->len;
		q->kind = (uint8_t)kind;
		q->done = false;
		memcpy(q->text, rb->buf, rb->len + 1);
		queue_tail += need;
		queue_live++;
		if (!zs_tl_locks.pending++)
			zs_tl_locks.state -= ZS_LOCKS_CLEAR;   /* the last unlock flushes */
		ok = true;
	}
	zs_spin_unlock(&queue_lock);
	return ok;
}

/* Copy this thread's oldest record into @rb and mark it done. */
static bool dequeue_mine(struct zs_rbuf *rb, enum zs_report_kind *kind)
{
	bool found = false;

	zs_spin_lock(&queue_lock);
	for (size_t off = 0; off < queue_tail && !found;) {
		struct queued *q = (struct queued *)(queue + off);
		if (!q->done && q->owner == &zs_tl_locks) {
			memcpy(rb->buf, q->text, q->len + 1);
			rb->len = q->len;
			*kind = (enum zs_report_kind)q->kind;
			q->done = true;
			found = true;
			zs_tl_locks.pending--;
			queue_live--;
		}
		off += record_size(q->len);
	}
	if (!queue_live)
		queue_tail = 0;
	zs_spin_unlock(&queue_lock);
	return found;
}

/*
 * Called by the release that leaves this thread with no lock and reports
 * waiting.  Reports the hook's own calls make under a lock join the loop
 * (their last unlock comes back here and finds it running).
 */
void zs_report_flush_deferred(void)
{
	struct zs_lock_held *h = &zs_tl_locks;
	enum zs_report_kind kind;
	struct zs_rbuf rb;

	if (h->flushing)
		return;
	h->flushing = true;
	while (h->pending) {
		if (!(h->state & ZS_LOCKS_CLEAR))
			h->state += ZS_LOCKS_CLEAR;   /* re-armed by the next enqueue */
		if (!dequeue_mine(&rb, &kind))
			break;
		deliver(kind, rb.buf, rb.len);
	}
	if (!(h->state & ZS_LOCKS_CLEAR))
		h->state += ZS_LOCKS_CLEAR;
	h->pending = 0;
	h->flushing = false;
}

void zs_report_fork_prepare(void)
{
	zs_spin_lock(&queue_lock);
}

void zs_report_fork_parent(void)
{
	zs_spin_unlock(&queue_lock);
}

/* The child: other threads' records will never be taken out. */
void zs_report_fork_child(void)
{
	for (size_t off = 0; off < queue_tail;) {
		struct queued *q = (struct queued *)(queue + off);
		if (!q->done && q->owner != &zs_tl_locks) {
			q->done = true;
			queue_live--;
		}
		off += record_size(q->len);
	}
	if (!queue_live)
		queue_tail = 0;
	zs_spin_unlock(&queue_lock);
}

/*
 * Without a lock, at once.  Under one, queued: the thread's last unlock
 * emits it (zs_lock_released()), so no hook runs under an internal lock.
 */
void zs_report_emit(enum zs_report_kind kind, struct zs_rbuf *rb)
{
	if (rb->len == 0 || rb->buf[rb->len - 1] != '\n')
		zs_rbuf_add(rb, "\n");
	if (!zs_locks_held()) {
		deliver(kind, rb->buf, rb->len);
		return;
	}
	if (!enqueue(kind, rb)) {
		/* no room: stderr now rather than lose it (no hook under a lock) */
		static const char full[] = "zslab: report queue full; this report goes to stderr:\n";
		zs_host_write_err(full, sizeof(full) - 1);
		zs_host_write_err(rb->buf, rb->len);
	}
}

void zs_report_fatal(struct zs_rbuf *rb)
{
	struct zs_lock_held *h = &zs_tl_locks;

	if (rb->len == 0 || rb->buf[rb->len - 1] != '\n')
		zs_rbuf_add(rb, "\n");
	/* what this thread had queued came first: print it first, unlocked */
	for (size_t off = 0; queue && off < queue_tail && h->pending;) {
		struct queued *q = (struct queued *)(queue + off);
		if (!q->done && q->owner == h) {
			zs_host_write_err(q->text, q->len);
			q->done = true;
			h->pending--;
		}
		off += record_size(q->len);
	}
	zs_host_write_err(rb->buf, rb->len);
	zs_host_abort();
}

void zs_report(enum zs_report_kind kind, const char *fmt, ...)
{
	struct zs_rbuf rb;
	va_list ap;

	zs_rbuf_init(&rb);
	va_start(ap, fmt);
	zs_rbuf_vadd(&rb, fmt, ap);
	va_end(ap);
	zs_report_emit(kind, &rb);
}

void zs_report_config(enum zs_config_say kind, const char *msg)
{
	zs_report(kind == ZS_CONFIG_ERROR ? ZS_ERR : ZS_INFO, "%s", msg);
}

void zs_warn(const char *fmt, ...)
{
	struct zs_rbuf rb;
	va_list ap;

	zs_rbuf_init(&rb);
	zs_rbuf_add(&rb, "WARNING: CPU: 0 PID: %d at %s\n", zs_host_pid(), zs_host_comm());
	va_start(ap, fmt);
	zs_rbuf_vadd(&rb, fmt, ap);
	va_end(ap);
	if (rb.len && rb.buf[rb.len - 1] != '\n')
		zs_rbuf_add(&rb, "\n");
	zs_rbuf_stack(&rb, 1);
	zs_report_emit(ZS_WARN, &rb);
}

/* The kernel's ___ratelimit(): @burst per @interval, default 10 per 5 s. */
bool zs_ratelimit(struct zs_ratelimit *rs)
{
	const uint64_t interval = 5ull * 1000000000ull;
	const unsigned int burst = 10;
	uint64_t now = zs_host_now_ns();
	bool ok;

	zs_spin_lock(&rs->lock);
	if (rs->begin == 0 || now - rs->begin > interval) {
		rs->begin = now;
		rs->printed = 0;
		rs->missed = 0;
	}
	ok = rs->printed < burst;
	if (ok)
		rs->printed++;
	else
		rs->missed++;
	zs_spin_unlock(&rs->lock);
	return ok;
}
