/* SPDX-License-Identifier: MIT */
/*
 * sysfs_live.c - slab_sysfs=DIR: the tree of sysfs.h served live at DIR
 * through host/host_fuse.h, from boot until zslab_exit() or process exit.
 *
 * Every request holds live_lock for reading and finds `live` set; the
 * unmount clears `live` under the write lock first, so once it returns no
 * request touches the slab layer again, even if the server thread has
 * not stopped yet (zslab_exit() then tears everything down safely).
 *
 * Lock order:
 *  1. live_lock (read: one request; write: mount and unmount, held only
 *     to flip `live`, never across the host's mount or unmount)
 *  2. zs_slab_caches_lock, then one cache's node lock (slub.c), inside the tree
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>

#include "common/report.h"
#include "host/host_fs.h"
#include "host/host_fuse.h"
#include "slab/sysfs.h"

static pthread_rwlock_t live_lock = PTHREAD_RWLOCK_INITIALIZER;
static bool live;

static bool enter(void)
{
	pthread_rwlock_rdlock(&live_lock);
	if (live)
		return true;
	pthread_rwlock_unlock(&live_lock);
	return false;
}

static int leave(int ret)
{
	pthread_rwlock_unlock(&live_lock);
	return ret;
}

static int live_stat(const char *path, enum zs_vfs_type *type, unsigned int *mode,
		     size_t *size)
{
	struct zs_sysfs_node node;
	int err;

	if (!enter())
		return -ENODEV;
	err = zs_sysfs_stat(path, &node);
	if (!err) {
		*type = node.type == ZS_SYSFS_DIR ? ZS_VFS_DIR :
			node.type == ZS_SYSFS_LINK ? ZS_VFS_LINK : ZS_VFS_FILE;
		*mode = node.mode;
		*size = node.size;
	}
	return leave(err);
}

struct fill_arg {
	int (*fill)(void *ctx, const char *name);
	void *ctx;
};

static int fill_name(void *arg, const char *name, const struct zs_sysfs_node *node)
{
	struct fill_arg *f = arg;

	(void)node;
	return f->fill(f->ctx, name);
}

static int live_readdir(const char *path, int (*fill)(void *ctx, const char *name),
			void *ctx)
{
	struct fill_arg f = { fill, ctx };

	if (!enter())
		return -ENODEV;
	return leave(zs_sysfs_readdir(path, fill_name, &f));
}

static int live_readlink(const char *path, char *buf, size_t len)
{
	if (!enter())
		return -ENODEV;
	return leave(zs_sysfs_readlink(path, buf, len));
}

static int live_open(const char *path, bool write)
{
	if (!enter())
		return -ENODEV;
	return leave(zs_sysfs_open(path, write));
}

static int live_read(const char *path, char **buf, size_t *len)
{
	if (!enter())
		return -ENODEV;
	return leave(zs_sysfs_read(path, buf, len));
}

static ssize_t live_write(const char *path, const char *buf, size_t len)
{
	ssize_t ret;

	if (!enter())
		return -ENODEV;
	ret = zs_sysfs_write(path, buf, len);
	pthread_rwlock_unlock(&live_lock);
	return ret;
}

static const struct zs_vfs_ops live_ops = {
	.stat = live_stat,
	.readdir = live_readdir,
	.readlink = live_readlink,
	.open = live_open,
	.read = live_read,
	.write = live_write,
};

int zs_sysfs_mount(const char *dir)
{
	char why[512];
	int err;

	err = zs_host_fuse_load(why, sizeof(why));
	if (err && err != -ENOSYS) {
		zs_report(ZS_ERR, "zslab: slab_sysfs=%s: no live view: %s", dir, why);
		return err;
	}
	pthread_rwlock_wrlock(&live_lock);
	live = true;
	pthread_rwlock_unlock(&live_lock);
	err = zs_host_fuse_mount(dir, &live_ops);
	if (!err)
		return 0;
	pthread_rwlock_wrlock(&live_lock);
	live = false;
	pthread_rwlock_unlock(&live_lock);
	if (err == -ENOTCONN)
		zs_report(ZS_ERR, "zslab: slab_sysfs=%s: stale mount point (Transport endpoint is not connected): a killed process left it mounted; run 'fusermount3 -u %s' (or 'umount -l %s' as root) first",
			  dir, dir, dir);
	else if (err == -ENOSYS)
		zs_report(ZS_ERR, "zslab: slab_sysfs=%s: this zslab was built without libfuse3, no live view",
			  dir);
	else
		zs_report(ZS_ERR, "zslab: slab_sysfs=%s: cannot mount: %s", dir,
			  zs_host_strerror(err, why, sizeof(why)));
	return err;
}

void zs_sysfs_unmount(void)
{
	pthread_rwlock_wrlock(&live_lock);
	live = false;
	pthread_rwlock_unlock(&live_lock);
	zs_host_fuse_unmount();
}
