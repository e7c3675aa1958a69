/* SPDX-License-Identifier: MIT */
/*
 * sysfs.c - /sys/devices in the views (slab/sysfs.h's machine tree): one
 * directory per added device, and in it the file `pools` while the
 * device has dma_pools, in the kernel's format (dmapool.c):
 *
 *   /sys/devices/<name>/pools     "poolinfo - 0.1", then a line a pool
 *
 * Devices sit directly under /sys/devices, as the kernel's parentless
 * roots do.  Everything is read under zs_dma_lock, so a device being
 * deleted is either wholly there or gone.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "dma/dma_internal.h"
#include "slab/sysfs.h"

#define DIR_NODE  ((struct zs_sysfs_node){ ZS_SYSFS_DIR, 0755, 0 })
#define FILE_NODE ((struct zs_sysfs_node){ ZS_SYSFS_FILE, 0444, 4096 })

/*
 * What "/<name>[/<file>]" names, zs_dma_lock held: 0 with *dev and
 * *file ("" for the directory), or -ENOENT.
 */
static int locate(const char *path, struct device **dev, const char **file)
{
	const char *name = path + 1, *slash = strchr(name, '/');

	*file = slash ? slash + 1 : "";
	*dev = zs_dma_find_locked(name, slash ? (size_t)(slash - name) : strlen(name));
	if (!*dev)
		return -ENOENT;
	if (!**file)
		return 0;
	if (!strcmp(*file, "pools") && !zs_dl_empty(&(*dev)->_pools))
		return 0;
	return -ENOENT;
}

static int dev_stat(const char *path, struct zs_sysfs_node *node)
{
	struct device *dev;
	const char *file;
	int err = 0;

	if (!strcmp(path, "/")) {
		*node = DIR_NODE;
		return 0;
	}
	zs_spin_lock(&zs_dma_lock);
	err = locate(path, &dev, &file);
	zs_spin_unlock(&zs_dma_lock);
	if (!err)
		*node = *file ? FILE_NODE : DIR_NODE;
	return err;
}

/* The names to list, copied under the lock, filled in after it. */
struct names {
	size_t n, cap;
	char (*name)[64];
};

static int add_name(struct device *dev, void *arg)
{
	struct names *ns = arg;

	if (ns->n < ns->cap && dev->_name)
		snprintf(ns->name[ns->n++], sizeof(ns->name[0]), "%s", dev->_name);
	return 0;
}

static int count(struct device *dev, void *arg)
{
	(void)dev;
	++*(size_t *)arg;
	return 0;
}

static int dev_readdir(const char *path,
		       int (*fill)(void *ctx, const char *name, const struct zs_sysfs_node *node),
		       void *ctx)
{
	struct names ns = { 0, 0, NULL };
	struct device *dev;
	const char *file;
	bool pools = false;
	int err = 0;

	if (strcmp(path, "/")) {
		zs_spin_lock(&zs_dma_lock);
		err = locate(path, &dev, &file);
		if (!err)
			pools = !zs_dl_empty(&dev->_pools);
		zs_spin_unlock(&zs_dma_lock);
		if (err)
			return err;
		if (*file)
			return -ENOTDIR;
		return pools ? fill(ctx, "pools", &FILE_NODE) : 0;
	}
	for (;;) {
		size_t want = 0;

		zs_spin_lock(&zs_dma_lock);
		zs_dma_for_each_locked(count, &want);
		if (want <= ns.cap) {
			ns.n = 0;
			zs_dma_for_each_locked(add_name, &ns);
			zs_spin_unlock(&zs_dma_lock);
			break;
		}
		zs_spin_unlock(&zs_dma_lock);
		free(ns.name);
		ns.cap = want + 8;
		ns.name = malloc(ns.cap * sizeof(ns.name[0]));
		if (!ns.name)
			return -ENOMEM;
	}
	for (size_t i = 0; !err && i < ns.n; i++)
		err = fill(ctx, ns.name[i], &DIR_NODE);
	free(ns.name);
	return err;
}

static int dev_read(const char *path, char **buf, size_t *len)
{
	char *text = malloc(PAGE_SIZE);
	struct device *dev;
	const char *file;
	int err;

	if (!text)
		return -ENOMEM;
	zs_spin_lock(&zs_dma_lock);
	err = strcmp(path, "/") ? locate(path, &dev, &file) : 0;
	if (!err && (!strcmp(path, "/") || !*file))
		err = -EISDIR;
	if (!err)
		*len = zs_dmapool_show_locked(dev, text, PAGE_SIZE);
	zs_spin_unlock(&zs_dma_lock);
	if (err) {
		free(text);
		return err;
	}
	*buf = text;
	return 0;
}

static const struct zs_sysfs_subtree devices_tree = {
	.name = "devices",
	.stat = dev_stat,
	.readdir = dev_readdir,
	.read = dev_read,
};

void zs_dma_sysfs_register(void)
{
	zs_sysfs_set_devices(&devices_tree);
}
