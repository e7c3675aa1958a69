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

void zs_report_emit(enum zs_report_kind kind, struct zs_rbuf *rb)
{
	void (*hook)(const char *, void *) = report_hook;

	if (rb->len == 0 || rb->buf[rb->len - 1] != '\n')
		zs_rbuf_add(rb, "\n");
	if (hook)
		hook(rb->buf, report_arg);
	else
		zs_host_write_err(rb->buf, rb->len);
	if (kind_panics(kind) && zs_config.panic_on_warn) {
		static const char msg[] = "Kernel panic - not syncing: panic_on_warn set ...\n";
		zs_host_write_err(msg, sizeof(msg) - 1);
		zs_host_abort();
	}
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

	while (__atomic_exchange_n(&rs->lock, 1, __ATOMIC_ACQUIRE))
		zs_host_relax();
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
	__atomic_store_n(&rs->lock, 0, __ATOMIC_RELEASE);
	return ok;
}
