/* SPDX-License-Identifier: MIT */
/*
 * device.c - struct device: initialise, add, delete, references and the
 * release, names, and dev_printk's "<drv> <name>: <message>" through the
 * report path (drivers/base/core.c, include/linux/dev_printk.h).
 *
 * The list of added devices (what the views show under /sys/devices) and
 * every device's private lists are guarded by zs_dma_lock
 * (lock_rank.h: DMA_DEVICES).  The last put_device() releases devres
 * (devres.c), drops the strict-checking records (view.c), frees a map of
 * dma_direct_set_offset() and the name, and calls the release hook with
 * no lock held: the hook may free the struct.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <zslab/slab.h>

#include "common/report.h"
#include "dma/dma_debug.h"
#include "dma/dma_internal.h"

zs_spinlock_t zs_dma_lock = ZS_SPINLOCK_INIT(ZS_RANK_DMA_DEVICES);

/* The added devices, newest first (dev->_node). */
static struct zslab_dev_list added = { &added, &added };

const char *dev_driver_string(const struct device *dev)
{
	if (dev->driver && dev->driver->name)
		return dev->driver->name;
	if (dev->bus && dev->bus->name)
		return dev->bus->name;
	return "";
}

const char *dev_name(const struct device *dev)
{
	return dev->init_name ? dev->init_name : dev->_name;
}

const char *zs_dev_prefix(const struct device *dev, struct zs_dev_label *l)
{
	const char *name;

	if (!dev) {
		snprintf(l->text, sizeof(l->text), "(NULL device *)");
		return l->text;
	}
	name = dev_name(dev);
	snprintf(l->text, sizeof(l->text), "%s %s", dev_driver_string(dev),
		 name ? name : "(null)");
	return l->text;
}

const char *zs_dev_label(const struct device *dev, struct zs_dev_label *l)
{
	zs_dev_prefix(dev, l);
	return l->text[0] == ' ' ? l->text + 1 : l->text;
}

void zslab_dev_emit(int level, const struct device *dev, const char *msg)
{
	struct zs_dev_label l;
	struct zs_rbuf rb;

	zs_rbuf_init(&rb);
	zs_rbuf_add(&rb, "%s: %s", zs_dev_prefix(dev, &l), msg ? msg : "");
	if (!rb.len || rb.buf[rb.len - 1] != '\n')
		zs_rbuf_add(&rb, "\n");
	zs_report_emit(level <= 3 ? ZS_ERR : ZS_INFO, &rb);
}

void zslab_dev_printk(int level, const struct device *dev, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	zslab_dev_emit(level, dev, msg);
}

void device_initialize(struct device *dev)
{
	if (!dev) {
		zs_report(ZS_ERR, "device_initialize: NULL device");
		return;
	}
	zs_dl_init(&dev->_devres);
	zs_dl_init(&dev->_pools);
	zs_dl_init(&dev->_tracked);
	zs_dl_init(&dev->_node);
	dev->_nr_tracked = 0;
	dev->_state = ZS_DEV_INITIALIZED;
	__atomic_store_n(&dev->_refs, 1, __ATOMIC_RELEASE);
}

__attribute__((format(printf, 2, 0)))
static int set_name_v(struct device *dev, const char *fmt, va_list ap)
{
	va_list aq;
	char *name;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		return -EINVAL;
	name = kmalloc((size_t)n + 1, GFP_KERNEL);
	if (!name)
		return -ENOMEM;
	vsnprintf(name, (size_t)n + 1, fmt, ap);
	zs_spin_lock(&zs_dma_lock);   /* the views read names under it */
	char *old = dev->_name;
	dev->_name = name;
	zs_spin_unlock(&zs_dma_lock);
	kfree(old);
	return 0;
}

int dev_set_name(struct device *dev, const char *fmt, ...)
{
	va_list ap;
	int err;

	if (!dev || !fmt) {
		zs_report(ZS_ERR, "dev_set_name: NULL %s", dev ? "format" : "device");
		return -EINVAL;
	}
	va_start(ap, fmt);
	err = set_name_v(dev, fmt, ap);
	va_end(ap);
	return err;
}

/* An added device of name @name other than @self; zs_dma_lock held. */
static bool name_taken(const char *name, const struct device *self)
{
	for (struct zslab_dev_list *p = added.next; p != &added; p = p->next) {
		const struct device *d = zs_dl_entry(p, struct device, _node);

		if (d != self && d->_name && !strcmp(d->_name, name))
			return true;
	}
	return false;
}

static bool initialized(const struct device *dev)
{
	return (dev->_state & ZS_DEV_INITIALIZED) &&
	       __atomic_load_n(&dev->_refs, __ATOMIC_ACQUIRE) > 0;
}

int device_add(struct device *dev)
{
	int err;

	if (!dev) {
		zs_report(ZS_ERR, "device_add: NULL device (-EINVAL)");
		return -EINVAL;
	}
	if (!initialized(dev)) {
		zs_report(ZS_ERR, "device_add: device %p was not initialised (device_initialize()) (-EINVAL)",
			  (void *)dev);
		return -EINVAL;
	}
	if (dev->_state & ZS_DEV_ADDED) {
		zs_report(ZS_ERR, "device_add: %s is already added (-EEXIST)", dev_name(dev));
		return -EEXIST;
	}
	if (dev->init_name) {
		err = dev_set_name(dev, "%s", dev->init_name);
		if (err)
			return err;
		dev->init_name = NULL;
	}
	if (!dev->_name && dev->bus && dev->bus->dev_name) {
		err = dev_set_name(dev, "%s%u", dev->bus->dev_name, dev->id);
		if (err)
			return err;
	}
	if (!dev->_name) {
		zs_report(ZS_ERR, "device_add: device %p has no name (dev_set_name(), init_name) (-EINVAL)",
			  (void *)dev);
		return -EINVAL;
	}
	zs_spin_lock(&zs_dma_lock);
	if (name_taken(dev->_name, dev)) {
		zs_spin_unlock(&zs_dma_lock);
		zs_report(ZS_ERR, "sysfs: cannot create duplicate filename '/devices/%s' (-EEXIST)",
			  dev->_name);
		return -EEXIST;
	}
	zs_dl_add(&dev->_node, &added);
	dev->_state |= ZS_DEV_ADDED;
	zs_spin_unlock(&zs_dma_lock);
	get_device(dev->parent);
	zs_dma_sysfs_register();
	return 0;
}

int device_register(struct device *dev)
{
	if (!dev) {
		zs_report(ZS_ERR, "device_register: NULL device (-EINVAL)");
		return -EINVAL;
	}
	device_initialize(dev);
	return device_add(dev);
}

/* Unlink @dev from the added list; false when it was not there. */
static bool unlink_added(struct device *dev)
{
	bool was;

	zs_spin_lock(&zs_dma_lock);
	was = dev->_state & ZS_DEV_ADDED;
	if (was) {
		zs_dl_del(&dev->_node);
		dev->_state &= ~ZS_DEV_ADDED;
	}
	zs_spin_unlock(&zs_dma_lock);
	return was;
}

void device_del(struct device *dev)
{
	if (!dev)
		return;
	if (!unlink_added(dev)) {
		zs_report(ZS_ERR, "device_del: %s was not added", dev_name(dev) ? dev_name(dev) : "(null)");
		return;
	}
	if (dev->driver) {       /* unbind: the driver's resources go */
		zs_devres_release_all(dev);
		dev->driver = NULL;
	}
	put_device(dev->parent);
}

void device_unregister(struct device *dev)
{
	device_del(dev);
	put_device(dev);
}

struct device *get_device(struct device *dev)
{
	if (!dev)
		return NULL;
	if (!initialized(dev)) {
		zs_warn("kobject: '%s' (%p): is not initialized, yet kobject_get() is being called.",
			dev_name(dev) ? dev_name(dev) : "(null)", (void *)dev);
		return dev;
	}
	__atomic_fetch_add(&dev->_refs, 1, __ATOMIC_RELAXED);
	return dev;
}

/* The final put: everything the device holds, then its release hook. */
static void device_release(struct device *dev)
{
	void (*release)(struct device *) = dev->release;
	struct device *parent = NULL;
	char *name;

	if (unlink_added(dev))   /* kobject's auto cleanup of a live device */
		parent = dev->parent;
	zs_devres_release_all(dev);
	if (zs_dma_debug())      /* dma_debug: what is still mapped (debug.c) */
		zs_dma_debug_release(dev);
	zs_dma_track_release(dev);
	if (dev->_own_map) {
		kfree((void *)dev->dma_range_map);
		dev->dma_range_map = NULL;
		dev->_own_map = false;
	}
	name = dev->_name;
	dev->_state = 0;
	if (release) {
		dev->_name = NULL;
		release(dev);      /* may free dev */
	} else {
		zs_warn("Device '%s' does not have a release() function, it is broken and must be fixed. "
			"See Documentation/core-api/kobject.rst.", name ? name : "(null)");
		dev->_name = NULL;
	}
	kfree(name);
	put_device(parent);
}

void put_device(struct device *dev)
{
	int old;

	if (!dev)
		return;
	old = __atomic_fetch_sub(&dev->_refs, 1, __ATOMIC_ACQ_REL);
	if (old <= 0) {
		__atomic_fetch_add(&dev->_refs, 1, __ATOMIC_RELAXED);
		zs_warn("refcount_t: underflow; use-after-free. (put_device of %s)",
			dev_name(dev) ? dev_name(dev) : "(null)");
		return;
	}
	if (old == 1)
		device_release(dev);
}

int zs_dma_for_each_locked(int (*fn)(struct device *dev, void *arg), void *arg)
{
	int err = 0;

	for (struct zslab_dev_list *p = added.next; !err && p != &added; p = p->next)
		err = fn(zs_dl_entry(p, struct device, _node), arg);
	return err;
}

struct device *zs_dma_find_locked(const char *name, size_t len)
{
	for (struct zslab_dev_list *p = added.next; p != &added; p = p->next) {
		struct device *d = zs_dl_entry(p, struct device, _node);

		if (d->_name && strlen(d->_name) == len && !strncmp(d->_name, name, len))
			return d;
	}
	return NULL;
}
