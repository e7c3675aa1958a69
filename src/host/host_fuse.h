/* SPDX-License-Identifier: MIT */
/*
 * host_fuse.h - serve a small read/write file tree at a mount point with
 * FUSE (libfuse3), from one background thread.  The tree is described by
 * callbacks on paths ("/", "/a", "/a/b"); the host layer knows nothing of
 * what it serves.  Built only when CMake found libfuse3 (ZSLAB_HAVE_FUSE);
 * otherwise zs_host_fuse_mount() fails with -ENOSYS.
 *
 * One mount per process.  It is unmounted by zs_host_fuse_unmount(), at
 * process exit (atexit), and on SIGINT/SIGTERM, whose previous handlers
 * then run (or, when they were the default, the signal is raised again).
 * A forked child never unmounts its parent's mount.
 *
 * Every callback returns 0 (or a length) or a negative errno.
 */
#ifndef ZSLAB_HOST_FUSE_H
#define ZSLAB_HOST_FUSE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#pragma GCC visibility push(hidden)

enum zs_vfs_type { ZS_VFS_DIR, ZS_VFS_FILE, ZS_VFS_LINK };

struct zs_vfs_ops {
	int (*stat)(const char *path, enum zs_vfs_type *type, unsigned int *mode,
		    size_t *size);
	int (*readdir)(const char *path,
		       int (*fill)(void *ctx, const char *name), void *ctx);
	int (*readlink)(const char *path, char *buf, size_t len);
	int (*open)(const char *path, bool write);
	/* The whole file, in a malloc'ed *buf the host frees. */
	int (*read)(const char *path, char **buf, size_t *len);
	ssize_t (*write)(const char *path, const char *buf, size_t len);
};

/* True when zslab was built with libfuse3. */
bool zs_host_fuse_available(void);

/*
 * zs_host_fuse_mount() - mount @ops at @dir and serve it until unmounted.
 * -ENOTCONN: @dir is a stale FUSE mount (its server died); -EBUSY: this
 * process already serves a mount; -ENOSYS: built without libfuse3;
 * other -errno from the mount.  On failure one message names @dir.
 */
int zs_host_fuse_mount(const char *dir, const struct zs_vfs_ops *ops);

/* Unmount and stop the server thread; nothing when not mounted. */
void zs_host_fuse_unmount(void);

#pragma GCC visibility pop

#endif
