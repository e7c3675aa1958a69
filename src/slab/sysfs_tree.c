/* SPDX-License-Identifier: MIT */
/*
 * sysfs_tree.c - the /sys/kernel/slab directory of sysfs.h as paths
 * relative to it: cache directories, alias links and attribute files.
 *
 * Names are resolved under zs_slab_caches_lock, walking the caches oldest
 * first: for each cache its directory name, then (mergeable caches only)
 * its own name and its alias names as links.  The first cache to claim a
 * name owns it, in lookups and listings alike.  Directory listings are
 * copied out under the lock and handed to the caller's callback after it
 * is dropped, so callbacks may read the tree.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/lazy_boot.h"
#include "common/report.h"
#include "host/host_fs.h"
#include "slab/slab.h"
#include "slab/slab_stats.h"
#include "slab/sysfs.h"

#define ATTR_FILE_SIZE 4096   /* what sysfs shows as an attribute's size */

static bool cache_mergeable(const struct kmem_cache *s)
{
	return zs_slab_mergeable(s);
}

/* The directory name of @s: its unique id when mergeable, else its name. */
static const char *dir_name(const struct kmem_cache *s, char id[32])
{
	if (!cache_mergeable(s))
		return s->name;
	zs_slab_unique_id(s, id, 32);
	return id;
}

/* --- resolving a root name (zs_slab_caches_lock held) ------------------------ */

struct root_entry {
	enum zs_sysfs_type type;
	struct kmem_cache *s;          /* the cache of a directory or link */
};

/* Does cache @s claim @name, and as what? */
static bool cache_claims(const struct kmem_cache *s, const char *name,
			 enum zs_sysfs_type *type)
{
	char id[32];

	if (!strcmp(dir_name(s, id), name)) {
		*type = ZS_SYSFS_DIR;
		return true;
	}
	if (!cache_mergeable(s))
		return false;
	*type = ZS_SYSFS_LINK;
	if (!strcmp(s->name, name))
		return true;
	for (unsigned int i = 0; i < s->nr_aliases; i++)
		if (!strcmp(s->aliases[i], name))
			return true;
	return false;
}

static int resolve_root(const char *name, struct root_entry *e)
{
	struct list_head *pos;

	memset(e, 0, sizeof(*e));
	list_for_each(pos, &zs_slab_caches) {
		struct kmem_cache *s = container_of(pos, struct kmem_cache, list);
		if (cache_claims(s, name, &e->type)) {
			e->s = s;
			return 0;
		}
	}
	return -ENOENT;
}

/*
 * Split "/a" or "/a/b" into @first and @attr (NULL for "/a"); the root
 * "/" gives first == NULL.  -ENOENT for deeper or malformed paths.
 */
static int split_path(const char *path, char first[NAME_MAX + 1], const char **attr)
{
	const char *slash;
	size_t n;

	*attr = NULL;
	if (path[0] != '/')
		return -ENOENT;
	path++;
	if (!*path) {
		first[0] = 0;
		return 0;
	}
	slash = strchr(path, '/');
	n = slash ? (size_t)(slash - path) : strlen(path);
	if (n == 0 || n > NAME_MAX)
		return -ENOENT;
	memcpy(first, path, n);
	first[n] = 0;
	if (slash) {
		*attr = slash + 1;
		if (!**attr || strchr(*attr, '/'))
			return -ENOENT;
	}
	return 0;
}

/*
 * Resolve @path to a root entry and, for "/dir/attr", its attribute.
 * Takes zs_slab_caches_lock; on success the caller holds it and must drop it.
 */
static int resolve_locked(const char *path, struct root_entry *e,
			  const struct zs_sysfs_attr **attr)
{
	char first[NAME_MAX + 1];
	const char *aname;
	int err = split_path(path, first, &aname);

	*attr = NULL;
	if (err)
		return err;
	zs_lazy_boot();
	zs_spin_lock(&zs_slab_caches_lock);
	if (!first[0]) {
		memset(e, 0, sizeof(*e));
		e->type = ZS_SYSFS_DIR;   /* the root: no cache */
		return 0;
	}
	err = resolve_root(first, e);
	if (!err && aname) {
		*attr = zs_sysfs_find_attr(aname);
		if (!*attr)
			err = -ENOENT;
	}
	if (err)
		zs_spin_unlock(&zs_slab_caches_lock);
	return err;
}

/* --- the operations ------------------------------------------------------ */

int zs_slab_tree_stat(const char *path, struct zs_sysfs_node *node)
{
	const struct zs_sysfs_attr *attr;
	struct root_entry e;
	int err = resolve_locked(path, &e, &attr);

	if (err)
		return err;
	zs_spin_unlock(&zs_slab_caches_lock);
	if (attr)
		*node = (struct zs_sysfs_node){ ZS_SYSFS_FILE, attr->mode, ATTR_FILE_SIZE };
	else if (e.type == ZS_SYSFS_LINK)
		*node = (struct zs_sysfs_node){ ZS_SYSFS_LINK, 0777, 0 };
	else
		*node = (struct zs_sysfs_node){ ZS_SYSFS_DIR, 0755, 0 };
	return 0;
}

struct listing {
	char **names;
	struct zs_sysfs_node *nodes;
	size_t n, cap;
};

static int listing_add(struct listing *l, const char *name,
		       struct zs_sysfs_node node)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->names[i], name))
			return 0;   /* the first claim wins */
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;
		char **names = realloc(l->names, cap * sizeof(*names));
		if (!names)
			return -ENOMEM;
		l->names = names;
		struct zs_sysfs_node *nodes = realloc(l->nodes, cap * sizeof(*nodes));
		if (!nodes)
			return -ENOMEM;
		l->nodes = nodes;
		l->cap = cap;
	}
	if (!(l->names[l->n] = strdup(name)))
		return -ENOMEM;
	l->nodes[l->n++] = node;
	return 0;
}

static void listing_free(struct listing *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->names[i]);
	free(l->names);
	free(l->nodes);
}

/* Every root entry of one cache. */
static int list_cache(struct listing *l, const struct kmem_cache *s)
{
	const struct zs_sysfs_node dir = { ZS_SYSFS_DIR, 0755, 0 };
	const struct zs_sysfs_node link = { ZS_SYSFS_LINK, 0777, 0 };
	char id[32];
	int err = listing_add(l, dir_name(s, id), dir);

	if (err || !cache_mergeable(s))
		return err;
	err = listing_add(l, s->name, link);
	for (unsigned int i = 0; !err && i < s->nr_aliases; i++)
		err = listing_add(l, s->aliases[i], link);
	return err;
}

static int list_root(struct listing *l)
{
	struct list_head *pos;
	int err = 0;

	list_for_each(pos, &zs_slab_caches) {
		err = list_cache(l, container_of(pos, struct kmem_cache, list));
		if (err)
			return err;
	}
	return err;
}

static int list_attrs(struct listing *l)
{
	int err = 0;

	for (unsigned int i = 0; !err && i < zs_sysfs_nr_attrs; i++)
		err = listing_add(l, zs_sysfs_attrs[i].name,
				  (struct zs_sysfs_node){ ZS_SYSFS_FILE, zs_sysfs_attrs[i].mode,
							  ATTR_FILE_SIZE });
	return err;
}

int zs_slab_tree_readdir(const char *path,
			 int (*fill)(void *ctx, const char *name,
				     const struct zs_sysfs_node *node),
			 void *ctx)
{
	const struct zs_sysfs_attr *attr;
	struct listing l = { 0 };
	struct root_entry e;
	int err = resolve_locked(path, &e, &attr);

	if (err)
		return err;
	if (attr)
		err = -ENOTDIR;
	else
		err = e.s ? list_attrs(&l) : list_root(&l);
	zs_spin_unlock(&zs_slab_caches_lock);
	for (size_t i = 0; !err && i < l.n; i++)
		err = fill(ctx, l.names[i], &l.nodes[i]);
	listing_free(&l);
	return err;
}

int zs_slab_tree_readlink(const char *path, char *buf, size_t len)
{
	const struct zs_sysfs_attr *attr;
	struct root_entry e;
	int err = resolve_locked(path, &e, &attr);

	if (err)
		return err;
	if (e.type == ZS_SYSFS_LINK && !attr && len)
		zs_slab_unique_id(e.s, buf, len);
	else
		err = -EINVAL;
	zs_spin_unlock(&zs_slab_caches_lock);
	return err;
}

int zs_slab_tree_open(const char *path, bool write)
{
	const struct zs_sysfs_attr *attr;
	struct root_entry e;
	int err = resolve_locked(path, &e, &attr);

	if (err)
		return err;
	zs_spin_unlock(&zs_slab_caches_lock);
	if (attr)
		return write && !attr->store ? -EACCES : 0;
	return -EISDIR;
}

int zs_slab_tree_read(const char *path, char **buf, size_t *len)
{
	const struct zs_sysfs_attr *attr;
	struct zslab_cache_info ci;
	struct root_entry e;
	char text[4096];
	int n = 0, err = resolve_locked(path, &e, &attr);

	if (err)
		return err;
	if (attr && attr->show) {
		zslab_cache_get_info(e.s, &ci);
		n = attr->show(&ci, text, sizeof(text));
	}
	zs_spin_unlock(&zs_slab_caches_lock);
	if (!attr)
		return -EISDIR;
	if (n < 0 || (size_t)n >= sizeof(text))
		return -EIO;
	*len = (size_t)n;
	*buf = malloc(*len + 1);
	if (!*buf)
		return -ENOMEM;
	memcpy(*buf, text, *len + 1);
	return 0;
}

ssize_t zs_slab_tree_write(const char *path, const char *buf, size_t len)
{
	const struct zs_sysfs_attr *attr;
	struct root_entry e;
	int err = resolve_locked(path, &e, &attr);

	if (err)
		return err;
	if (attr)
		err = attr->store ? attr->store(e.s, buf, len) : -EACCES;
	else
		err = -EISDIR;
	zs_spin_unlock(&zs_slab_caches_lock);
	return err ? err : (ssize_t)len;
}
