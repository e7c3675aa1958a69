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
 * Lifetime in process trees: DIR may hold "%p", this process's id, so
 * that every process of a tree gets its own view; DIR is created (with
 * its parents) when missing; a stale view left by a process that is gone
 * is detached and the directory reused; a directory a live process
 * serves is left to it.  The preload unmounts before exec (its exec
 * wrappers call zs_sysfs_before_exec()) and mounts again if the exec
 * fails.  A view that cannot be mounted is one report; the caller
 * decides whether zslab runs without it (a lazy boot does).
 *
 * live_lock is read for one request and written, only to flip `live`
 * (never across the host's mount or unmount), by mount and unmount.  Its
 * place in the lock order: common/lock_rank.h (SYSFS_LIVE).
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "common/lock_rank.h"
#include "common/report.h"
#include "config/config.h"
#include "host/host.h"
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

/* The directory this process serves (after %p), for a remount after exec. */
static char mounted_dir[ZSLAB_PATH_MAX];
static int mounted_pid;

/*
 * @dir with every "%p" replaced by this process's id and trailing '/'
 * removed, into @out; -ENAMETOOLONG when it does not fit.
 */
static int expand_dir(const char *dir, char *out, size_t len)
{
	size_t n = 0;

	for (const char *p = dir; *p; p++) {
		int w = p[0] == '%' && p[1] == 'p' ?
			snprintf(out + n, len - n, "%d", zs_host_getpid()) :
			snprintf(out + n, len - n, "%c", *p);
		if (w < 0 || (size_t)w >= len - n)
			return -ENAMETOOLONG;
		n += (size_t)w;
		p += p[0] == '%' && p[1] == 'p';
	}
	while (n > 1 && out[n - 1] == '/')
		out[--n] = 0;
	return 0;
}

static void report_failure(const char *dir, int err, const struct zs_fuse_found *f)
{
	char why[256];

	if (err == -EBUSY && f->holder == zs_host_getpid())
		zs_report(ZS_ERR, "zslab: slab_sysfs=%s: this process serves a live view already; no second one", dir);
	else if (err == -EBUSY)
		zs_report(ZS_ERR, "zslab: slab_sysfs=%s: process %d serves its live view there; no live view for this process (slab_sysfs=DIR-%%p gives each process its own)",
			  dir, (int)f->holder);
	else if (err == -ENOTCONN)
		zs_report(ZS_ERR, "zslab: slab_sysfs=%s: stale mount point (Transport endpoint is not connected) that is not zslab's; run 'fusermount3 -u %s' (or 'umount -l %s' as root) first",
			  dir, dir, dir);
	else if (err == -ENOSYS)
		zs_report(ZS_ERR, "zslab: slab_sysfs=%s: this zslab was built without libfuse3, no live view",
			  dir);
	else
		zs_report(ZS_ERR, "zslab: slab_sysfs=%s: cannot mount: %s", dir,
			  zs_host_strerror(err, why, sizeof(why)));
}

static int mount_at(const char *dir)
{
	struct zs_fuse_found found;
	int err;

	live_set(true);
	err = zs_host_fuse_mount(dir, &live_ops, &found);
	if (found.stale)
		zs_report(ZS_INFO, "zslab: slab_sysfs=%s: removed the stale view of process %d, which is gone",
			  dir, (int)found.stale);
	if (!err) {
		snprintf(mounted_dir, sizeof(mounted_dir), "%s", dir);
		mounted_pid = zs_host_getpid();
		return 0;
	}
	live_set(false);
	report_failure(dir, err, &found);
	return err;
}

/*
 * libfuse runs fusermount3 to mount (and to unmount when the process
 * ends); it inherits the environment, so under the preload it would boot
 * zslab and mount a view of its own, through another fusermount3, and so
 * on.  zslab's own helper never serves a view.
 */
static bool is_fuse_helper(void)
{
	return !strncmp(zs_host_comm(), "fusermount", strlen("fusermount"));
}

int zs_sysfs_mount(const char *dir)
{
	char path[ZSLAB_PATH_MAX], why[512];
	int err;

	if (is_fuse_helper())
		return 0;
	err = zs_host_fuse_load(why, sizeof(why));
	if (err && err != -ENOSYS) {
		zs_report(ZS_ERR, "zslab: slab_sysfs=%s: no live view: %s", dir, why);
		return err;
	}
	err = expand_dir(dir, path, sizeof(path));
	if (!err && !zs_host_fuse_available())
		err = -ENOSYS;
	if (!err) {
		err = zs_host_mkdir_p(path, 0755);
		err = err == -ENOTCONN ? 0 :        /* a stale view: mount_at() */
		      err == -EEXIST ? -ENOTDIR : err;
	}
	if (err) {
		report_failure(path, err, &(struct zs_fuse_found){ 0, 0 });
		return err;
	}
	return mount_at(path);
}

void zs_sysfs_unmount(void)
{
	live_set(false);
	zs_host_fuse_unmount();
}

bool zs_sysfs_before_exec(void)
{
	if (!mounted_dir[0] || mounted_pid != zs_host_getpid())
		return false;       /* no view, or a parent's */
	zs_sysfs_unmount();
	return true;
}

void zs_sysfs_exec_failed(void)
{
	if (mounted_dir[0] && mounted_pid == zs_host_getpid())
		mount_at(mounted_dir);
}
