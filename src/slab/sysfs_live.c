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
 * live_lock is read for one request and written, only to flip `live`
 * (never across the host's mount or unmount), by mount and unmount.  Its
 * place in the lock order: common/lock_rank.h (SYSFS_LIVE).
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>

#include "common/lock_rank.h"
#include "common/report.h"
#include "host/host_fs.h"
#include "host/host_fuse.h"
#include "slab/sysfs.h"

static pthread_rwlock_t live_lock = PTHREAD_RWLOCK_INITIALIZER;
static bool live;

/* live_lock, ranked (common/lock_rank.h): read or write, then unlock. */
static void live_lock_take(bool write)
{
	zs_lock_acquiring(ZS_RANK_SYSFS_LIVE);
	if (write)
		pthread_rwlock_wrlock(&live_lock);
	else
		pthread_rwlock_rdlock(&live_lock);
	zs_lock_acquired(ZS_RANK_SYSFS_LIVE);
}

static void live_lock_drop(void)
{
	pthread_rwlock_unlock(&live_lock);
	zs_lock_released(ZS_RANK_SYSFS_LIVE);
}

/* Flip `live` under the write lock. */
static void live_set(bool on)
{
	live_lock_take(true);
	live = on;
	live_lock_drop();
}

static bool enter(void)
{
	live_lock_take(false);
	if (live)
		return true;
	live_lock_drop();
	return false;
}

static int leave(int ret)
{
	live_lock_drop();
	return ret;
}

static enum zs_vfs_type vfs_type(enum zs_sysfs_type t)
{
	return t == ZS_SYSFS_DIR ? ZS_VFS_DIR : t == ZS_SYSFS_LINK ? ZS_VFS_LINK : ZS_VFS_FILE;
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
		*type = vfs_type(node.type);
		*mode = node.mode;
		*size = node.size;
	}
	return leave(err);
}

struct fill_arg {
	int (*fill)(void *ctx, const char *name, enum zs_vfs_type type);
	void *ctx;
};

static int fill_name(void *arg, const char *name, const struct zs_sysfs_node *node)
{
	struct fill_arg *f = arg;

	return f->fill(f->ctx, name, vfs_type(node->type));
}

static int live_readdir(const char *path,
			int (*fill)(void *ctx, const char *name, enum zs_vfs_type type),
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
	live_lock_drop();
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
	live_set(true);
	err = zs_host_fuse_mount(dir, &live_ops);
	if (!err)
		return 0;
	live_set(false);
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
	live_set(false);
	zs_host_fuse_unmount();
}
