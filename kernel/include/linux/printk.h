/* SPDX-License-Identifier: MIT */
/*
 * linux/printk.h - printk() and the pr_*() family.
 *
 * printk() formats with the kernel's vsprintf (its %p extensions: %pS
 * %ps %pB symbols, %pa %pad, %pe error names, %ph hex, %pE escapes, %pV,
 * %pM, %pI4, %pU, %pb/%pbl bitmaps; %p and %pK print the plain address,
 * as the kernel's no_hash_pointers) and writes the message, without its
 * level, to the console: standard output, in order with KTAP and with
 * zslab's reports, one message at a time (zslab-kernel.h can redirect it).
 * A message that does not end in a newline is continued only by
 * KERN_CONT (pr_cont), as in the kernel.  pr_debug() prints only where
 * DEBUG is defined (no dynamic debug).
 */
#ifndef _ZSK_LINUX_PRINTK_H
#define _ZSK_LINUX_PRINTK_H

#include <linux/compiler.h>
#include <linux/init.h>
#include <linux/kern_levels.h>
#include <linux/ratelimit_types.h>

#define CONSOLE_LOGLEVEL_DEFAULT 7
#define MESSAGE_LOGLEVEL_DEFAULT 4
#define console_loglevel CONSOLE_LOGLEVEL_DEFAULT

/** printk() - format and write a kernel message (level prefix optional). */
__printf(1, 2) int _printk(const char *fmt, ...);
/** vprintk() - printk() of a va_list. */
__printf(1, 0) int vprintk(const char *fmt, va_list args);
#define printk(fmt, ...) _printk(fmt, ##__VA_ARGS__)
#define printk_deferred(fmt, ...) _printk(fmt, ##__VA_ARGS__)

#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif

/* Format-checked but never printed. */
#define no_printk(fmt, ...) ({ if (0) _printk(fmt, ##__VA_ARGS__); 0; })

#define pr_emerg(fmt, ...) printk(KERN_EMERG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_alert(fmt, ...) printk(KERN_ALERT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_crit(fmt, ...) printk(KERN_CRIT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_err(fmt, ...) printk(KERN_ERR pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...) printk(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warning pr_warn
#define pr_notice(fmt, ...) printk(KERN_NOTICE pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...) printk(KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)
#define pr_cont(fmt, ...) printk(KERN_CONT fmt, ##__VA_ARGS__)
#ifdef DEBUG
#define pr_devel(fmt, ...) printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_debug(fmt, ...) printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#else
#define pr_devel(fmt, ...) no_printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_debug(fmt, ...) no_printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#endif

/* Once per call site. */
#define printk_once(fmt, ...) ({ \
	static bool __zsk_print_once; \
	bool __zsk_ret_print_once = !__atomic_exchange_n(&__zsk_print_once, true, __ATOMIC_RELAXED); \
	if (__zsk_ret_print_once) \
		printk(fmt, ##__VA_ARGS__); \
	unlikely(__zsk_ret_print_once); })
#define pr_emerg_once(fmt, ...) printk_once(KERN_EMERG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_alert_once(fmt, ...) printk_once(KERN_ALERT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_crit_once(fmt, ...) printk_once(KERN_CRIT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_err_once(fmt, ...) printk_once(KERN_ERR pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn_once(fmt, ...) printk_once(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)
#define pr_notice_once(fmt, ...) printk_once(KERN_NOTICE pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info_once(fmt, ...) printk_once(KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)
#define pr_debug_once(fmt, ...) pr_debug(fmt, ##__VA_ARGS__)

/* At most 10 messages per 5 seconds per call site (the kernel's default). */
#define printk_ratelimited(fmt, ...) ({ \
	static DEFINE_RATELIMIT_STATE(__zsk_rs, DEFAULT_RATELIMIT_INTERVAL, DEFAULT_RATELIMIT_BURST); \
	if (__ratelimit(&__zsk_rs)) \
		printk(fmt, ##__VA_ARGS__); })
#define pr_emerg_ratelimited(fmt, ...) printk_ratelimited(KERN_EMERG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_alert_ratelimited(fmt, ...) printk_ratelimited(KERN_ALERT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_crit_ratelimited(fmt, ...) printk_ratelimited(KERN_CRIT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_err_ratelimited(fmt, ...) printk_ratelimited(KERN_ERR pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn_ratelimited(fmt, ...) printk_ratelimited(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)
#define pr_notice_ratelimited(fmt, ...) printk_ratelimited(KERN_NOTICE pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info_ratelimited(fmt, ...) printk_ratelimited(KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)
#define pr_debug_ratelimited(fmt, ...) pr_debug(fmt, ##__VA_ARGS__)

/** dump_stack() - print the caller's stack ("Call Trace:" and symbols). */
void dump_stack(void);
void dump_stack_lvl(const char *log_lvl);

enum {
	DUMP_PREFIX_NONE,
	DUMP_PREFIX_ADDRESS,
	DUMP_PREFIX_OFFSET
};

/**
 * hex_dump_to_buffer() - one line of hex dump, as the kernel formats it.
 * Return: the length the line would have (as snprintf).
 */
int hex_dump_to_buffer(const void *buf, size_t len, int rowsize, int groupsize,
		       char *linebuf, size_t linebuflen, bool ascii);
/** print_hex_dump() - printk() a buffer as hex lines. */
void print_hex_dump(const char *level, const char *prefix_str, int prefix_type,
		    int rowsize, int groupsize, const void *buf, size_t len,
		    bool ascii);
#define print_hex_dump_bytes(prefix_str, prefix_type, buf, len) \
	print_hex_dump(KERN_DEBUG, prefix_str, prefix_type, 16, 1, buf, len, true)
#define print_hex_dump_debug(prefix_str, prefix_type, rowsize, groupsize, buf, len, ascii) \
	print_hex_dump(KERN_DEBUG, prefix_str, prefix_type, rowsize, groupsize, buf, len, ascii)

#endif
