// SPDX-License-Identifier: MIT
/*
 * dev_printk.c - dev_printk() and dev_WARN() for kernel code: the message
 * is formatted with the kernel's vsprintf here and handed to zslab's
 * device messages (zslab_dev_emit()), which add "<drv> <name>: " and go
 * through the report path to the console.
 */
#include <linux/bug.h>
#include <linux/dev_printk.h>
#include <linux/device.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/printk.h>
#include <linux/sprintf.h>

/* The level digit of a KERN_* prefix, and the text after it. */
static int level_of(const char *level)
{
	if (level && level[0] == KERN_SOH[0] && level[1] >= '0' && level[1] <= '7')
		return level[1] - '0';
	return MESSAGE_LOGLEVEL_DEFAULT;
}

void _dev_printk(const char *level, const struct device *dev, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	zsk_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	zslab_dev_emit(level_of(level), dev, msg);
}

void _dev_warn_splat(const struct device *dev, const char *fmt, ...)
{
	const char *name = dev ? dev_name(dev) : NULL;
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	zsk_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (dev)
		WARN(1, "%s %s: %s", dev_driver_string(dev), name ? name : "(null)", msg);
	else
		WARN(1, "(NULL device *): %s", msg);
}

int dev_err_probe(const struct device *dev, int err, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	zsk_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (err != -EPROBE_DEFER)
		_dev_printk(KERN_ERR, dev, "error %pe: %s", ERR_PTR(err), msg);
	return err;
}
