/* SPDX-License-Identifier: MIT */
/*
 * tree.c - reading a /sys/kernel/slab-shaped tree.  Each directory is a
 * cache (named by its unique id, ":D-0001024", when mergeable); each
 * symlink is an alias, resolved to its target's basename.  A name that does
 * not match the pattern is skipped, except unique ids, which are kept so
 * that their selected aliases can name them.  Regular files at the top
 * (older zslab trees had the /proc views there) are not caches and are
 * skipped.
 */
#include "slabinfo.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#define SYSFS_MAGIC      0x62656572L   /* <linux/magic.h> */
#define FUSE_SUPER_MAGIC 0x65735546L

const char *const si_stat_names[ST_NR] = {
	[ST_ALLOC_FASTPATH] = "alloc_fastpath",
	[ST_ALLOC_SLOWPATH] = "alloc_slowpath",
	[ST_FREE_FASTPATH] = "free_fastpath",
	[ST_FREE_SLOWPATH] = "free_slowpath",
	[ST_FREE_FROZEN] = "free_frozen",
	[ST_FREE_ADD_PARTIAL] = "free_add_partial",
	[ST_FREE_REMOVE_PARTIAL] = "free_remove_partial",
	[ST_ALLOC_FROM_PARTIAL] = "alloc_from_partial",
	[ST_ALLOC_SLAB] = "alloc_slab",
	[ST_ALLOC_REFILL] = "alloc_refill",
	[ST_FREE_SLAB] = "free_slab",
	[ST_CPUSLAB_FLUSH] = "cpuslab_flush",
	[ST_DEACTIVATE_FULL] = "deactivate_full",
	[ST_DEACTIVATE_EMPTY] = "deactivate_empty",
	[ST_DEACTIVATE_TO_HEAD] = "deactivate_to_head",
	[ST_DEACTIVATE_TO_TAIL] = "deactivate_to_tail",
	[ST_DEACTIVATE_REMOTE_FREES] = "deactivate_remote_frees",
	[ST_ORDER_FALLBACK] = "order_fallback",
	[ST_CMPXCHG_DOUBLE_CPU_FAIL] = "cmpxchg_double_cpu_fail",
	[ST_CMPXCHG_DOUBLE_FAIL] = "cmpxchg_double_fail",
	[ST_CPU_PARTIAL_ALLOC] = "cpu_partial_alloc",
	[ST_CPU_PARTIAL_FREE] = "cpu_partial_free",
	[ST_ALLOC_NODE_MISMATCH] = "alloc_node_mismatch",
	[ST_DEACTIVATE_BYPASS] = "deactivate_bypass",
};

static void *grow(void *array, int nr, size_t size)
{
	void *p;

	/* Capacity: 16, then doubled each time nr reaches it. */
	if (nr && (nr < 16 || (nr & (nr - 1))))
		return array;
	p = realloc(array, (size_t)(nr ? 2 * nr : 16) * size);
	if (!p) {
		fputs("slabinfo: out of memory\n", stderr);
		exit(EXIT_FAILURE);
	}
	return p;
}

static char *dup_or_die(const char *s)
{
	char *d = strdup(s);

	if (!d) {
		fputs("slabinfo: out of memory\n", stderr);
		exit(EXIT_FAILURE);
	}
	return d;
}

static void read_flags(struct si_cache *s, const char *root)
{
	const char *d = s->dir;

	s->cache_dma = si_attr_num(root, d, "cache_dma");
	s->cache_dma32 = si_attr_num(root, d, "cache_dma32");
	s->hwcache_align = si_attr_num(root, d, "hwcache_align");
	s->destroy_by_rcu = si_attr_num(root, d, "destroy_by_rcu");
	s->reclaim_account = si_attr_num(root, d, "reclaim_account");
	s->poison = si_attr_num(root, d, "poison");
	s->red_zone = si_attr_num(root, d, "red_zone");
	s->sanity_checks = si_attr_num(root, d, "sanity_checks");
	s->store_user = si_attr_num(root, d, "store_user");
	s->trace = si_attr_num(root, d, "trace");
}

static void read_counts(struct si_cache *s, struct si_tree *t)
{
	const char *d = s->dir, *root = t->root;
	int i;

	s->aliases = si_attr_num(root, d, "aliases");
	s->align = si_attr_num(root, d, "align");
	s->order = si_attr_num(root, d, "order");
	s->object_size = si_attr_num(root, d, "object_size");
	s->slab_size = si_attr_num(root, d, "slab_size");
	s->objs_per_slab = si_attr_num(root, d, "objs_per_slab");
	s->objects = si_attr_num(root, d, "objects");
	s->objects_partial = si_attr_num(root, d, "objects_partial");
	/* The kernel tool reads "objects_total", which no kernel has. */
	s->total_objects = si_attr_num(root, d, "total_objects");
	s->cpu_slabs = si_attr_num(root, d, "cpu_slabs");
	s->partial = si_attr_nodes(root, d, "partial", &s->numa_partial,
				   &s->nr_numa_partial);
	s->slabs = si_attr_nodes(root, d, "slabs", &s->numa, &s->nr_numa);
	for (i = 0; i < ST_NR; i++)
		s->stat[i] = si_attr_num(root, d, si_stat_names[i]);
}

static void note_nodes(const struct si_cache *s, struct si_tree *t)
{
	if (s->nr_numa - 1 > t->highest_node)
		t->highest_node = s->nr_numa - 1;
	if (s->nr_numa_partial - 1 > t->highest_node)
		t->highest_node = s->nr_numa_partial - 1;
}

static void add_cache(struct si_tree *t, const char *name)
{
	struct si_cache *s;

	t->caches = grow(t->caches, t->nr_caches, sizeof(*s));
	s = &t->caches[t->nr_caches++];
	memset(s, 0, sizeof(*s));
	s->dir = dup_or_die(name);
	s->name = s->dir;
	read_flags(s, t->root);
	read_counts(s, t);
	note_nodes(s, t);
	if (name[0] == ':')
		t->id_caches++;
}

static void add_alias(struct si_tree *t, int dfd, const char *name)
{
	char target[PATH_MAX];
	const char *base;
	ssize_t n = readlinkat(dfd, name, target, sizeof(target) - 1);
	struct si_alias *a;

	if (n < 0) {
		fprintf(stderr, "slabinfo: cannot read symlink %s/%s: %s\n",
			t->root, name, strerror(errno));
		return;		/* reported; the alias is left out */
	}
	target[n] = 0;
	while (n > 1 && target[n - 1] == '/')
		target[--n] = 0;
	base = strrchr(target, '/');
	base = base ? base + 1 : target;
	t->aliases = grow(t->aliases, t->nr_aliases, sizeof(*a));
	a = &t->aliases[t->nr_aliases++];
	a->name = dup_or_die(name);
	a->ref = dup_or_die(base);
	a->cache = NULL;
}

static int entry_type(int dfd, const struct dirent *de)
{
	struct stat st;

	if (de->d_type != DT_UNKNOWN)
		return de->d_type;
	if (fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW))
		return DT_UNKNOWN;
	if (S_ISLNK(st.st_mode))
		return DT_LNK;
	return S_ISDIR(st.st_mode) ? DT_DIR : DT_REG;
}

static void scan(struct si_tree *t, DIR *dir, regex_t *re)
{
	struct dirent *de;

	while ((de = readdir(dir))) {
		const char *n = de->d_name;

		if (n[0] == '.' || (n[0] != ':' && regexec(re, n, 0, NULL, 0)))
			continue;
		switch (entry_type(dirfd(dir), de)) {
		case DT_LNK:
			add_alias(t, dirfd(dir), n);
			break;
		case DT_DIR:
			add_cache(t, n);
			break;
		default:	/* a file beside the caches: not a cache */
			break;
		}
	}
}

/*
 * The slab directory --root names: DIR/sys/kernel/slab when DIR is a
 * machine root (what zslab_sysfs_export() and slab_sysfs= make), else DIR
 * itself (a copy of a /sys/kernel/slab).
 */
static const char *slab_dir_of(const char *root)
{
	static char path[PATH_MAX];
	struct stat st;

	if ((size_t)snprintf(path, sizeof(path), "%s%s", root, SI_DEFAULT_ROOT) < sizeof(path) &&
	    !stat(path, &st) && S_ISDIR(st.st_mode))
		return path;
	return root;
}

/* The kind of tree at @root, from the type of its file system. */
static enum si_kind tree_kind(const char *root)
{
	struct statfs fs;

	if (statfs(root, &fs))
		return SI_SNAPSHOT;
	if ((long)fs.f_type == SYSFS_MAGIC)
		return SI_SYSFS;
	return (long)fs.f_type == FUSE_SUPER_MAGIC ? SI_LIVE_FUSE : SI_SNAPSHOT;
}

/**
 * si_tree_read() - read every cache and alias of @root (NULL: the kernel's
 * /sys/kernel/slab, else /sys/slab; a machine root: its sys/kernel/slab)
 * whose name matches @pattern (case-insensitive basic regex, as the
 * kernel tool).  Return: 0, or -1 with a message.
 */
int si_tree_read(struct si_tree *t, const char *root, const char *pattern)
{
	regex_t re;
	DIR *dir;
	int err;

	memset(t, 0, sizeof(*t));
	if (!root)
		root = access(SI_DEFAULT_ROOT, F_OK) && !access(SI_FALLBACK_ROOT, F_OK)
			? SI_FALLBACK_ROOT : SI_DEFAULT_ROOT;
	else
		root = slab_dir_of(root);
	t->root = root;
	t->kind = tree_kind(root);
	dir = opendir(root);
	if (!dir) {
		if (errno == ENOENT && !strcmp(root, SI_DEFAULT_ROOT))
			fputs("SYSFS support for SLUB not active\n", stderr);
		else
			fprintf(stderr, "slabinfo: cannot open %s: %s\n", root,
				strerror(errno));
		return -1;
	}
	err = regcomp(&re, pattern, REG_ICASE | REG_NOSUB);
	if (err) {
		fprintf(stderr, "slabinfo: Invalid pattern '%s' code %d\n",
			pattern, err);
		closedir(dir);
		return -1;
	}
	scan(t, dir, &re);
	regfree(&re);
	closedir(dir);
	t->actual = t->nr_caches;
	return 0;
}

void si_tree_free(struct si_tree *t)
{
	int i;

	for (i = 0; i < t->nr_caches; i++) {
		free(t->caches[i].dir);
		free(t->caches[i].numa);
		free(t->caches[i].numa_partial);
	}
	for (i = 0; i < t->nr_aliases; i++) {
		free(t->aliases[i].name);
		free(t->aliases[i].ref);
	}
	free(t->caches);
	free(t->aliases);
	memset(t, 0, sizeof(*t));
}
