/* SPDX-License-Identifier: MIT */
/*
 * linux/dev_printk.h - dev_printk() and dev_err() ... dev_dbg(): the
 * message, formatted with the kernel's vsprintf (%pad, %pa, %pe ...), goes
 * through zslab's report path as "<drv> <name>: <message>"
 * (zslab_dev_emit()), where the runner's console prints it.  dev_dbg()
 * prints only with DEBUG defined (no dynamic debug).
 */
#ifndef _ZSK_LINUX_DEV_PRINTK_H
#define _ZSK_LINUX_DEV_PRINTK_H

#include <linux/compiler.h>
#include <linux/kern_levels.h>
#include <linux/ratelimit_types.h>

struct device;

/**
 * _dev_printk() - format and say a message about @dev.
 * @level: a KERN_* level string (KERN_ERR ...), or "" for the default.
 * @dev:   the device, or NULL.
 * @fmt:   the kernel-vsprintf format.
 */
__printf(3, 4) void _dev_printk(const char *level, const struct device *dev, const char *fmt, ...);

/* <zslab/dma.h>'s C-printf spellings give way to these. */
#undef dev_emerg
#undef dev_alert
#undef dev_crit
#undef dev_err
#undef dev_warn
#undef dev_notice
#undef dev_info
#undef dev_dbg

#define dev_printk(level, dev, fmt, ...) _dev_printk(level, dev, fmt, ##__VA_ARGS__)
#define dev_emerg(dev, fmt, ...)  _dev_printk(KERN_EMERG, dev, fmt, ##__VA_ARGS__)
#define dev_alert(dev, fmt, ...)  _dev_printk(KERN_ALERT, dev, fmt, ##__VA_ARGS__)
#define dev_crit(dev, fmt, ...)   _dev_printk(KERN_CRIT, dev, fmt, ##__VA_ARGS__)
#define dev_err(dev, fmt, ...)    _dev_printk(KERN_ERR, dev, fmt, ##__VA_ARGS__)
#define dev_warn(dev, fmt, ...)   _dev_printk(KERN_WARNING, dev, fmt, ##__VA_ARGS__)
#define dev_notice(dev, fmt, ...) _dev_printk(KERN_NOTICE, dev, fmt, ##__VA_ARGS__)
#define dev_info(dev, fmt, ...)   _dev_printk(KERN_INFO, dev, fmt, ##__VA_ARGS__)
#ifdef DEBUG
#define dev_dbg(dev, fmt, ...)    _dev_printk(KERN_DEBUG, dev, fmt, ##__VA_ARGS__)
#else
#define dev_dbg(dev, fmt, ...) \
	({ if (0) _dev_printk(KERN_DEBUG, dev, fmt, ##__VA_ARGS__); })
#endif
#define dev_vdbg dev_dbg

/* Once per call site. */
#define dev_level_once(dev_level, dev, fmt, ...) ({ \
	static bool __zsk_dev_once; \
	if (!__atomic_exchange_n(&__zsk_dev_once, true, __ATOMIC_RELAXED)) \
		dev_level(dev, fmt, ##__VA_ARGS__); })
#define dev_emerg_once(dev, fmt, ...)  dev_level_once(dev_emerg, dev, fmt, ##__VA_ARGS__)
#define dev_alert_once(dev, fmt, ...)  dev_level_once(dev_alert, dev, fmt, ##__VA_ARGS__)
#define dev_crit_once(dev, fmt, ...)   dev_level_once(dev_crit, dev, fmt, ##__VA_ARGS__)
#define dev_err_once(dev, fmt, ...)    dev_level_once(dev_err, dev, fmt, ##__VA_ARGS__)
#define dev_warn_once(dev, fmt, ...)   dev_level_once(dev_warn, dev, fmt, ##__VA_ARGS__)
#define dev_notice_once(dev, fmt, ...) dev_level_once(dev_notice, dev, fmt, ##__VA_ARGS__)
#define dev_info_once(dev, fmt, ...)   dev_level_once(dev_info, dev, fmt, ##__VA_ARGS__)
#define dev_dbg_once(dev, fmt, ...)    dev_dbg(dev, fmt, ##__VA_ARGS__)

/* At most 10 messages per 5 seconds per call site. */
#define dev_level_ratelimited(dev_level, dev, fmt, ...) ({ \
	static DEFINE_RATELIMIT_STATE(__zsk_dev_rs, DEFAULT_RATELIMIT_INTERVAL, \
				      DEFAULT_RATELIMIT_BURST); \
	if (__ratelimit(&__zsk_dev_rs)) \
		dev_level(dev, fmt, ##__VA_ARGS__); })
#define dev_emerg_ratelimited(dev, fmt, ...)  dev_level_ratelimited(dev_emerg, dev, fmt, ##__VA_ARGS__)
#define dev_alert_ratelimited(dev, fmt, ...)  dev_level_ratelimited(dev_alert, dev, fmt, ##__VA_ARGS__)
#define dev_crit_ratelimited(dev, fmt, ...)   dev_level_ratelimited(dev_crit, dev, fmt, ##__VA_ARGS__)
#define dev_err_ratelimited(dev, fmt, ...)    dev_level_ratelimited(dev_err, dev, fmt, ##__VA_ARGS__)
#define dev_warn_ratelimited(dev, fmt, ...)   dev_level_ratelimited(dev_warn, dev, fmt, ##__VA_ARGS__)
#define dev_notice_ratelimited(dev, fmt, ...) dev_level_ratelimited(dev_notice, dev, fmt, ##__VA_ARGS__)
#define dev_info_ratelimited(dev, fmt, ...)   dev_level_ratelimited(dev_info, dev, fmt, ##__VA_ARGS__)
#define dev_dbg_ratelimited(dev, fmt, ...)    dev_dbg(dev, fmt, ##__VA_ARGS__)

/**
 * _dev_warn_splat() - dev_WARN(): a WARNING with the stack, its text
 * prefixed "<drv> <name>: ".
 * @dev: the device. @fmt: the format.
 */
__printf(2, 3) void _dev_warn_splat(const struct device *dev, const char *fmt, ...);

#define dev_WARN(dev, format, ...) _dev_warn_splat(dev, format, ##__VA_ARGS__)
#define dev_WARN_ONCE(dev, condition, format, ...) ({ \
	static bool __zsk_dev_warned; \
	int __zsk_dev_ret = !!(condition); \
	if (__zsk_dev_ret && !__atomic_exchange_n(&__zsk_dev_warned, true, __ATOMIC_RELAXED)) \
		_dev_warn_splat(dev, format, ##__VA_ARGS__); \
	unlikely(__zsk_dev_ret); })

/** dev_err_probe() - dev_err() unless @err is -EPROBE_DEFER; returns @err. */
__printf(3, 4) int dev_err_probe(const struct device *dev, int err, const char *fmt, ...);

#endif
