/* SPDX-License-Identifier: MIT */
/*
 * linux/device.h - struct device and its lifecycle, devres and the
 * dev_*() messages: zslab's devices (<zslab/dma.h>), which have the
 * kernel's names and rules (device_initialize, device_add/del/register,
 * get/put_device with the release callback, dev_set_name/dev_name,
 * devm_kmalloc/kzalloc/kcalloc/kfree, devm_add_action).
 *
 * Only the fields zslab models exist: parent, init_name, bus, driver,
 * driver_data, platform_data, id, dma_mask, coherent_dma_mask,
 * bus_dma_limit, dma_range_map, dma_ops, dma_coherent, release.
 */
#ifndef _ZSK_LINUX_DEVICE_H
#define _ZSK_LINUX_DEVICE_H

#include <linux/dev_printk.h>
#include <linux/err.h>
#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/types.h>
#include <zslab/dma.h>

/** devm_kstrdup() - kstrdup() released with @dev. Return: the copy, or NULL. */
static inline char *devm_kstrdup(struct device *dev, const char *s, gfp_t gfp)
{
	size_t n;
	char *p;

	if (!s)
		return NULL;
	n = __builtin_strlen(s) + 1;
	p = (char *)devm_kmalloc(dev, n, gfp);
	if (p)
		__builtin_memcpy(p, s, n);
	return p;
}

#endif
