/* SPDX-License-Identifier: MIT */
/*
 * host_fs.h - the file-system calls zslab makes: writing a snapshot tree
 * (zslab_sysfs_export) and the text of an errno for its messages.
 * Implemented in host_fs.c; the same contract as host.h (thread-safe), but
 * these functions may allocate: they are never called from a malloc
 * replacement's paths.
 *
 * The functions that do I/O return 0 or a negative errno.
 */
#ifndef ZSLAB_HOST_FS_H
#define ZSLAB_HOST_FS_H

#include <stddef.h>

#pragma GCC visibility push(hidden)

/* Make directory @path with @mode; an existing directory is accepted. */
int zs_host_mkdir(const char *path, unsigned int mode);

/*
 * Make directory @path and its missing parents (each with @mode), as
 * mkdir -p; an existing directory is accepted.  No allocation.
 */
int zs_host_mkdir_p(const char *path, unsigned int mode);

/* Make @path a symbolic link to @target, replacing a link or file there. */
int zs_host_symlink(const char *target, const char *path);

/* Create or truncate @path, write @len bytes of @data, set @mode. */
int zs_host_write_file(const char *path, const void *data, size_t len,
		       unsigned int mode);

/*
 * zs_host_strerror() - the (untranslated, lock-free) text of errno @err,
 * positive or negative; @buf holds it when no text is known.
 */
const char *zs_host_strerror(int err, char *buf, size_t len);

#pragma GCC visibility pop

#endif
