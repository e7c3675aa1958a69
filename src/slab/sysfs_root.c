/* SPDX-License-Identifier: MIT */
/*
 * sysfs_root.c - the machine root of sysfs.h: the fixed directories /sys,
 * /sys/kernel and /proc, the /proc view files, and the slab directory
 * /sys/kernel/slab handed to sysfs_tree.c, /sys/devices handed to the
 * dma layer once it has devices (zs_sysfs_set_devices()); and
 * zslab_sysfs_export(), which writes the whole tree to disk.
 */
#include <errno.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/lazy_boot.h"
#include "common/report.h"
#include "host/host_fs.h"
#include "slab/sysfs.h"

#define SLAB_DIR "/sys/kernel/slab"
#define DIR_MODE 0755

/* The /proc views, with their /proc modes (slabinfo is root's only). */
static const struct proc_file {
	const char *name;
	unsigned int mode;
} proc_files[] = {
	{ "buddyinfo", 0444 }, { "iomem", 0444 }, { "slabinfo", 0400 },
	{ "zoneinfo", 0444 },
};
#define NR_PROC_FILES (sizeof(proc_files) / sizeof(proc_files[0]))

/* The directories above the views, each with its entries. */
static const struct fixed_dir {
	const char *path;
	const char *const entries[3];
} fixed_dirs[] = {
	{ "/", { "proc", "sys", NULL } },
	{ "/sys", { "kernel", NULL } },
	{ "/sys/kernel", { "slab", NULL } },
	{ "/proc", { NULL } },       /* its entries are proc_files */
};
#define NR_FIXED_DIRS (sizeof(fixed_dirs) / sizeof(fixed_dirs[0]))

/* /sys/devices, served by the dma layer once it has set it. */
static const struct zs_sysfs_subtree *_Atomic devices_tree;

void zs_sysfs_set_devices(const struct zs_sysfs_subtree *tree)
{
	atomic_store_explicit(&devices_tree, tree, memory_order_release);
}

static const struct zs_sysfs_subtree *devices(void)
{
	return atomic_load_explicit(&devices_tree, memory_order_acquire);
}

/* What a path names: a fixed directory, a /proc file, or a slab path. */
struct place {
	const struct fixed_dir *dir;
	const struct proc_file *proc;
	const char *slab;            /* the path inside SLAB_DIR ("/", "/a") */
	const char *dev;             /* the path inside /sys/<devices> */
};

static int locate(const char *path, struct place *p)
{
	const struct zs_sysfs_subtree *t = devices();
	size_t n = strlen(SLAB_DIR);

	memset(p, 0, sizeof(*p));
	if (!strncmp(path, SLAB_DIR, n) && (!path[n] || path[n] == '/')) {
		p->slab = path[n] ? path + n : "/";
		return 0;
	}
	if (t && !strncmp(path, "/sys/", 5) && !strncmp(path + 5, t->name, strlen(t->name))) {
		const char *rest = path + 5 + strlen(t->name);

		if (!*rest || *rest == '/') {
			p->dev = *rest ? rest : "/";
			return 0;
		}
	}
	for (size_t i = 0; i < NR_FIXED_DIRS; i++)
		if (!strcmp(path, fixed_dirs[i].path)) {
			p->dir = &fixed_dirs[i];
			return 0;
		}
	if (!strncmp(path, "/proc/", 6))
		for (size_t i = 0; i < NR_PROC_FILES; i++)
			if (!strcmp(path + 6, proc_files[i].name)) {
				p->proc = &proc_files[i];
				return 0;
			}
	return -ENOENT;
}

int zs_sysfs_stat(const char *path, struct zs_sysfs_node *node)
{
	struct place p;
	int err = locate(path, &p);

	if (err)
		return err;
	if (p.slab)
		return zs_slab_tree_stat(p.slab, node);
	if (p.dev)
		return devices()->stat(p.dev, node);
	if (p.proc)
		*node = (struct zs_sysfs_node){ ZS_SYSFS_FILE, p.proc->mode, 0 };
	else
		*node = (struct zs_sysfs_node){ ZS_SYSFS_DIR, DIR_MODE, 0 };
	return 0;
}

int zs_sysfs_readdir(const char *path,
		     int (*fill)(void *ctx, const char *name,
				 const struct zs_sysfs_node *node),
		     void *ctx)
{
	const struct zs_sysfs_node dir = { ZS_SYSFS_DIR, DIR_MODE, 0 };
	struct place p;
	int err = locate(path, &p);

	if (err)
		return err;
	if (p.slab)
		return zs_slab_tree_readdir(p.slab, fill, ctx);
	if (p.dev)
		return devices()->readdir(p.dev, fill, ctx);
	if (p.proc)
		return -ENOTDIR;
	for (size_t i = 0; !err && p.dir->entries[i]; i++)
		err = fill(ctx, p.dir->entries[i], &dir);
	if (!err && !strcmp(p.dir->path, "/sys") && devices())
		err = fill(ctx, devices()->name, &dir);
	if (!strcmp(p.dir->path, "/proc"))
		for (size_t i = 0; !err && i < NR_PROC_FILES; i++)
			err = fill(ctx, proc_files[i].name,
				   &(struct zs_sysfs_node){ ZS_SYSFS_FILE, proc_files[i].mode, 0 });
	return err;
}

int zs_sysfs_readlink(const char *path, char *buf, size_t len)
{
	struct place p;
	int err = locate(path, &p);

	if (err)
		return err;
	return p.slab ? zs_slab_tree_readlink(p.slab, buf, len) : -EINVAL;
}

int zs_sysfs_open(const char *path, bool write)
{
	struct place p;
	int err = locate(path, &p);

	if (err)
		return err;
	if (p.slab)
		return zs_slab_tree_open(p.slab, write);
	if (p.dev) {
		struct zs_sysfs_node node;

		err = devices()->stat(p.dev, &node);
		if (err)
			return err;
		if (node.type == ZS_SYSFS_DIR)
			return -EISDIR;
		return write ? -EACCES : 0;
	}
	return p.proc ? 0 : -EISDIR;   /* /proc files open; writes fail with -EIO */
}

/* Render a /proc view into a malloc'ed buffer. */
static int read_proc(const char *name, char **buf, size_t *len)
{
	FILE *f = open_memstream(buf, len);
	int err;

	if (!f)
		return -ENOMEM;
	err = zslab_proc_show(name, f);
	if (fclose(f) && !err)
		err = -ENOMEM;
	if (err) {
		free(*buf);
		*buf = NULL;
	}
	return err;
}

int zs_sysfs_read(const char *path, char **buf, size_t *len)
{
	struct place p;
	int err = locate(path, &p);

	if (err)
		return err;
	if (p.slab)
		return zs_slab_tree_read(p.slab, buf, len);
	if (p.dev)
		return devices()->read(p.dev, buf, len);
	return p.proc ? read_proc(p.proc->name, buf, len) : -EISDIR;
}

ssize_t zs_sysfs_write(const char *path, const char *buf, size_t len)
{
	struct place p;
	int err = locate(path, &p);

	if (err)
		return err;
	if (p.slab)
		return zs_slab_tree_write(p.slab, buf, len);
	if (p.dev)
		return -EACCES;
	return p.proc ? -EIO : -EISDIR;
}

/* --- zslab_sysfs_export --------------------------------------------------- */

struct export_ctx {
	char path[PATH_MAX];   /* the directory being written */
	size_t base;           /* strlen(path) */
	const char *tree;      /* the same directory as a tree path */
	int err;
};

static int export_fail(const char *path, int err)
{
	char why[128];

	zs_report(ZS_ERR, "zslab_sysfs_export: %s: %s", path,
		  zs_host_strerror(err, why, sizeof(why)));
	return err;
}

static int export_entry(void *arg, const char *name, const struct zs_sysfs_node *node);

static int export_file(const char *tree, const char *path, unsigned int mode)
{
	char *buf = NULL;
	size_t len = 0;
	int err = zs_sysfs_read(tree, &buf, &len);

	if (err == -ENOENT)
		return 0;   /* the cache went away meanwhile: not in the snapshot */
	if (!err)
		err = zs_host_write_file(path, buf, len, mode);
	free(buf);
	return err;
}

static int export_link(const char *tree, const char *path)
{
	char target[64];
	int err = zs_sysfs_readlink(tree, target, sizeof(target));

	if (err == -ENOENT)
		return 0;
	return err ? err : zs_host_symlink(target, path);
}

static int export_dir(const char *tree, const char *path)
{
	struct export_ctx sub = { .tree = tree };
	int err;

	if ((size_t)snprintf(sub.path, sizeof(sub.path), "%s", path) >= sizeof(sub.path))
		return export_fail(path, -ENAMETOOLONG);
	sub.base = strlen(sub.path);
	err = zs_host_mkdir(path, 0755);
	if (err)
		return export_fail(path, err);
	err = zs_sysfs_readdir(tree, export_entry, &sub);
	if (err == -ENOENT && tree[1])
		return 0;
	if (err && !sub.err)
		return export_fail(path, err);
	return err;
}

/* One entry of the directory @arg: write it under @arg's path. */
static int export_entry(void *arg, const char *name, const struct zs_sysfs_node *node)
{
	struct export_ctx *c = arg;
	char tree[PATH_MAX];
	int err;

	if ((size_t)snprintf(c->path + c->base, sizeof(c->path) - c->base, "/%s", name) >=
	    sizeof(c->path) - c->base)
		return c->err = export_fail(c->path, -ENAMETOOLONG);
	snprintf(tree, sizeof(tree), "%s/%s", c->tree[1] ? c->tree : "", name);
	if (node->type == ZS_SYSFS_DIR)
		err = export_dir(tree, c->path);
	else if (node->type == ZS_SYSFS_LINK)
		err = export_link(tree, c->path);
	else
		err = export_file(tree, c->path, node->mode);
	if (err && !c->err && node->type != ZS_SYSFS_DIR)
		err = export_fail(c->path, err);
	c->path[c->base] = 0;
	if (err)
		c->err = err;
	return err;
}

int zslab_sysfs_export(const char *dir)
{
	if (!dir || !*dir) {
		zs_report(ZS_ERR, "zslab_sysfs_export: no directory given");
		return -EINVAL;
	}
	zs_lazy_boot();
	return export_dir("/", dir);
}
