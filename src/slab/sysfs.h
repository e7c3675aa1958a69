/* SPDX-License-Identifier: MIT */
/*
 * sysfs.h - the views of the simulated machine as a file tree, defined once
 * and served two ways: written to disk by zslab_sysfs_export() and
 * mounted live with FUSE by slab_sysfs=DIR (sysfs_live.c, through
 * host/host_fuse.h).  Paths are relative to the export directory or mount
 * point, which stands for the machine's root directory:
 *
 *   /sys/kernel/slab                 the kernel's /sys/kernel/slab, exactly:
 *     /<dir>/<attribute>             one directory per cache: its name when
 *                                    unmergeable, its unique id
 *                                    (":D-0001024") when mergeable; the
 *                                    attributes are sysfs_attr.c's table
 *     /<name> -> <id>                a mergeable cache's own name and each
 *                                    alias are symbolic links to its id
 *   /proc/buddyinfo, iomem, slabinfo, zoneinfo
 *                                    the /proc views (zslab_proc_show)
 *
 * So the kernel's own tools run on it unchanged (tools/mm/slabinfo reads
 * /sys/kernel/slab and stops at anything there that is neither a
 * directory nor a link), under a chroot or a bind mount of the slab
 * directory.  When two caches would get the same name in the slab
 * directory, the older cache's wins (the kernel would refuse the second).
 * sysfs_root.c lays out the machine root; sysfs_tree.c the slab
 * directory.
 */
#ifndef ZSLAB_SLAB_SYSFS_H
#define ZSLAB_SLAB_SYSFS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include <zslab/zslab.h>

#pragma GCC visibility push(hidden)

struct kmem_cache;

/*
 * One attribute file.  @show writes the file's text into @buf (at most
 * @len bytes, always enough for one line) and returns its length; NULL
 * for write-only files, which read as empty.  @store is NULL for
 * read-only files; it is called with zs_slab_caches_lock held and returns 0 or
 * -errno.  Invariant: @mode is 0400 without @store and 0600 with it (the
 * kernel's 5.9+ permissions).
 */
struct zs_sysfs_attr {
	const char *name;
	unsigned int mode;
	int (*show)(const struct zslab_cache_info *ci, char *buf, size_t len);
	int (*store)(struct kmem_cache *s, const char *buf, size_t len);
};

/* sysfs_attr.c: the attribute table. */
extern const struct zs_sysfs_attr zs_sysfs_attrs[];
extern const unsigned int zs_sysfs_nr_attrs;
const struct zs_sysfs_attr *zs_sysfs_find_attr(const char *name);

/* The tree as paths ("/", "/proc/slabinfo", "/sys/kernel/slab/dir/attr"). */
enum zs_sysfs_type { ZS_SYSFS_DIR, ZS_SYSFS_FILE, ZS_SYSFS_LINK };

struct zs_sysfs_node {
	enum zs_sysfs_type type;
	unsigned int mode;   /* permission bits */
	size_t size;         /* what stat shows: 4096 for attributes, as sysfs */
};

/* sysfs_root.c: the machine tree, as the live view and the export see it. */
int zs_sysfs_stat(const char *path, struct zs_sysfs_node *node);
/* Call @fill for each entry of directory @path (no "." or ".."). */
int zs_sysfs_readdir(const char *path,
		     int (*fill)(void *ctx, const char *name,
				 const struct zs_sysfs_node *node),
		     void *ctx);
int zs_sysfs_readlink(const char *path, char *buf, size_t len);
/* 0 when @path may be opened for writing (@write) or reading, else -errno. */
int zs_sysfs_open(const char *path, bool write);
/* The whole content of file @path in a malloc'ed *@buf (caller frees). */
int zs_sysfs_read(const char *path, char **buf, size_t *len);
/* Write @len bytes to attribute @path: returns @len or -errno. */
ssize_t zs_sysfs_write(const char *path, const char *buf, size_t len);

/*
 * sysfs_tree.c: the same operations on the slab directory alone, with
 * paths relative to it ("/", "/name", "/dir/attr").
 */
int zs_slab_tree_stat(const char *path, struct zs_sysfs_node *node);
int zs_slab_tree_readdir(const char *path,
			 int (*fill)(void *ctx, const char *name,
				     const struct zs_sysfs_node *node),
			 void *ctx);
int zs_slab_tree_readlink(const char *path, char *buf, size_t len);
int zs_slab_tree_open(const char *path, bool write);
int zs_slab_tree_read(const char *path, char **buf, size_t *len);
ssize_t zs_slab_tree_write(const char *path, const char *buf, size_t len);

/*
 * sysfs_root.c: a subtree a higher layer serves under /sys (the dma
 * layer's /sys/devices): the slab layer cannot call up, so the higher
 * layer hands its operations in (docs/design.md, "How a lower floor talks
 * to a higher one").  Paths are relative to the subtree ("/", "/a/b").
 * @name is the entry of /sys; files are read-only (0444).  Set once, with
 * zs_sysfs_set_devices(); the operations must be safe from any thread.
 */
struct zs_sysfs_subtree {
	const char *name;
	int (*stat)(const char *path, struct zs_sysfs_node *node);
	int (*readdir)(const char *path,
		       int (*fill)(void *ctx, const char *name,
				   const struct zs_sysfs_node *node),
		       void *ctx);
	int (*read)(const char *path, char **buf, size_t *len);
};
void zs_sysfs_set_devices(const struct zs_sysfs_subtree *tree);

/* sysfs_live.c: the live mount (slab_sysfs=DIR). */
/*
 * Mount the live tree at @dir ("%p": this process's id; made with its
 * parents when missing): 0, or -errno after one report.
 */
int zs_sysfs_mount(const char *dir);
void zs_sysfs_unmount(void);
/*
 * exec(): unmount this process's view (true) so that it does not go
 * stale when the image is replaced (the new image mounts its own);
 * zs_sysfs_exec_failed() mounts it again when the exec returned.
 */
bool zs_sysfs_before_exec(void);
void zs_sysfs_exec_failed(void);

#pragma GCC visibility pop

#endif
