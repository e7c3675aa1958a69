// SPDX-License-Identifier: MIT
/*
 * printk.c - the console: the one place every kernel message of the
 * compat library goes through (printk, WARN, BUG, KTAP).  A message is
 * formatted with the kernel's vsprintf, its level prefix removed, and
 * written whole under one lock, so lines of different threads never mix.
 * A message that does not end in a newline is finished by a newline
 * before the next message, unless that one is a KERN_CONT continuation.
 */
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/printk.h>
#include <linux/ratelimit.h>
#include <linux/sprintf.h>
#include <zslab-kernel.h>
#include <execinfo.h>
#include <pthread.h>
#include <unistd.h>

#include "zsk_internal.h"

/* console_lock: guards console_fn/arg and line_open; a leaf lock. */
static pthread_mutex_t console_lock = PTHREAD_MUTEX_INITIALIZER;
static void (*console_fn)(const char *text, size_t len, int level, void *arg);
static void *console_arg;
static bool line_open;   /* the last message did not end in a newline */

void zsk_set_console(void (*fn)(const char *text, size_t len, int level, void *arg),
		     void *arg)
{
	pthread_mutex_lock(&console_lock);
	console_fn = fn;
	console_arg = arg;
	pthread_mutex_unlock(&console_lock);
}

static void console_out(const char *text, size_t len, int level)
{
	if (console_fn) {
		console_fn(text, len, level, console_arg);
		return;
	}
	fwrite(text, 1, len, stdout);
}

void zsk_console_write(const char *text, size_t len, int level)
{
	bool cont = level == -1;

	if (!len)
		return;
	pthread_mutex_lock(&console_lock);
	if (line_open && !cont)
		console_out("\n", 1, level);
	console_out(text, len, level);
	line_open = text[len - 1] != '\n';
	if (!line_open && !console_fn)
		fflush(stdout);
	pthread_mutex_unlock(&console_lock);
}

/* The level of @fmt's prefixes (KERN_*), and the text after them. */
static const char *strip_level(const char *fmt, int *level)
{
	*level = LOGLEVEL_DEFAULT;
	while (fmt[0] == KERN_SOH_ASCII && fmt[1]) {
		if (fmt[1] >= '0' && fmt[1] <= '7')
			*level = fmt[1] - '0';
		else if (fmt[1] == 'c')
			*level = -1;
		fmt += 2;
	}
	return fmt;
}

int vprintk(const char *fmt, va_list args)
{
	char small[512], *buf = small;
	const char *text;
	int level, n;
	va_list again;

	va_copy(again, args);
	n = zsk_vsnprintf(small, sizeof(small), fmt, args);
	if (n >= (int)sizeof(small)) {
		buf = malloc((size_t)n + 1);
		if (buf)
			zsk_vsnprintf(buf, (size_t)n + 1, fmt, again);
		else
			buf = small, n = sizeof(small) - 1;
	}
	va_end(again);
	/* the level is the formatted text's prefix, as in the kernel */
	text = strip_level(buf, &level);
	if (n > 0)
		zsk_console_write(text, (size_t)n - (size_t)(text - buf), level);
	if (buf != small)
		free(buf);
	return n;
}

int _printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

void zsk_print_trace(int skip)
{
	void *pcs[32];
	int n = backtrace(pcs, 32);
	char sym[256];

	printk(KERN_WARNING "Call Trace:\n");
	for (int i = skip + 1; i < n; i++) {
		zsk_symbolize(pcs[i], sym, sizeof(sym), true);
		printk(KERN_WARNING " %s\n", sym);
	}
}

void dump_stack(void)
{
	zsk_print_trace(1);
}

void dump_stack_lvl(const char *log_lvl)
{
	(void)log_lvl;
	zsk_print_trace(1);
}

/*
 * ___ratelimit() with limiting switched off: interval 0 lets every event
 * through, burst 0 none.  As in the kernel, the state is then begun anew
 * once both are set again (a burst used before does not carry over), and
 * refused events count as missed.
 */
static int ratelimit_off(struct ratelimit_state *rs)
{
	int ok = rs->interval == 0 || rs->burst > 0;

	while (__atomic_exchange_n(&rs->lock, 1, __ATOMIC_ACQUIRE))
		sched_yield();
	if (rs->interval || rs->burst)
		rs->begin = 0;
	if (!ok)
		rs->missed++;
	__atomic_store_n(&rs->lock, 0, __ATOMIC_RELEASE);
	return ok;
}

int ___ratelimit(struct ratelimit_state *rs, const char *func)
{
	unsigned long now = zsk_jiffies();
	int ok;

	if (rs->interval <= 0 || rs->burst <= 0)
		return ratelimit_off(rs);
	while (__atomic_exchange_n(&rs->lock, 1, __ATOMIC_ACQUIRE))
		sched_yield();
	if (!rs->begin || time_is_before_jiffies(rs->begin + (unsigned long)rs->interval)) {
		if (rs->missed)
			printk(KERN_WARNING "%s: %d callbacks suppressed\n", func, rs->missed);
		rs->begin = now ? now : 1;
		rs->printed = 0;
		rs->missed = 0;
	}
	ok = rs->burst && rs->burst > rs->printed;
	if (ok)
		rs->printed++;
	else
		rs->missed++;
	__atomic_store_n(&rs->lock, 0, __ATOMIC_RELEASE);
	return ok;
}
