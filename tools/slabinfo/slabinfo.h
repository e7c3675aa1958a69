/* SPDX-License-Identifier: MIT */
/*
 * slabinfo.h - the slabinfo tool's shared types.  The tool reads a tree laid
 * out as /sys/kernel/slab (a real kernel's, a zslab snapshot, a zslab live
 * mount) through plain files; it needs only libc and never links zslab.
 *
 * One concept per file:
 *   main.c    options and dispatch
 *   tree.c    reading the tree: directories are caches, symlinks aliases
 *   attr.c    reading one attribute file (number, per-node list, text)
 *   alias.c   linking aliases to caches, naming, the -a display
 *   size.c    the kernel tool's size formatting (123456 -> "123.4K")
 *   sort.c    ordering of caches and aliases
 *   list.c    the one-line-per-cache listing, activity and NUMA lines
 *   report.c  the -r report, ops, tracking and statistics
 *   totals.c  the -T and -X summaries
 *   write.c   the writing options -s, -v, -d
 */
#ifndef SLABINFO_H
#define SLABINFO_H

#include <stdbool.h>
#include <stddef.h>

#define SI_MAX_NODES 1024	/* nodes above this are ignored, as in the kernel tool */
#define SI_DEFAULT_ROOT "/sys/kernel/slab"
#define SI_FALLBACK_ROOT "/sys/slab"

/* The SLUB_STATS counters the tool uses, in the order of si_stat_names[]. */
enum si_stat {
	ST_ALLOC_FASTPATH, ST_ALLOC_SLOWPATH, ST_FREE_FASTPATH, ST_FREE_SLOWPATH,
	ST_FREE_FROZEN, ST_FREE_ADD_PARTIAL, ST_FREE_REMOVE_PARTIAL,
	ST_ALLOC_FROM_PARTIAL, ST_ALLOC_SLAB, ST_ALLOC_REFILL, ST_FREE_SLAB,
	ST_CPUSLAB_FLUSH, ST_DEACTIVATE_FULL, ST_DEACTIVATE_EMPTY,
	ST_DEACTIVATE_TO_HEAD, ST_DEACTIVATE_TO_TAIL, ST_DEACTIVATE_REMOTE_FREES,
	ST_ORDER_FALLBACK, ST_CMPXCHG_DOUBLE_CPU_FAIL, ST_CMPXCHG_DOUBLE_FAIL,
	ST_CPU_PARTIAL_ALLOC, ST_CPU_PARTIAL_FREE, ST_ALLOC_NODE_MISMATCH,
	ST_DEACTIVATE_BYPASS,
	ST_NR
};
extern const char *const si_stat_names[ST_NR];

/*
 * One cache: one directory of the tree.
 * Invariants: dir is the directory's name and never changes (files are
 * always reached through it); name is what the listing shows, dir itself or
 * an alias chosen by alias.c; hidden caches (an id directory no selected
 * alias points at) are never shown.  numa[] holds nr_numa entries and
 * numa_partial[] nr_numa_partial (0 when a file has no N<node>= list);
 * read them through si_node().
 */
struct si_cache {
	char *dir;
	const char *name;
	bool hidden;
	int refs;			/* selected alias links pointing here */
	long aliases, align, order, object_size, slab_size, objs_per_slab;
	long cache_dma, cache_dma32, hwcache_align, destroy_by_rcu;
	long reclaim_account, poison, red_zone, sanity_checks, store_user, trace;
	unsigned long objects, objects_partial, total_objects;
	unsigned long slabs, partial, cpu_slabs;
	unsigned long stat[ST_NR];
	unsigned long *numa, *numa_partial;
	int nr_numa, nr_numa_partial;
};

/*
 * Bytes of one slab of @s: page size << order, 0 when the tree's order
 * is no page order at all (a shift that far would be undefined).
 */
static inline unsigned long si_slab_bytes(const struct si_cache *s, long page_size)
{
	return s->order >= 0 && s->order < 32 ? (unsigned long)page_size << s->order : 0;
}

/* Per-node value @node of @v (@nr entries); 0 beyond the list. */
static inline unsigned long si_node(const unsigned long *v, int nr, int node)
{
	return node < nr ? v[node] : 0;
}

/* One alias: one symlink of the tree; ref is the basename of its target. */
struct si_alias {
	char *name;
	char *ref;
	struct si_cache *cache;		/* set by si_link_aliases(), NULL if dangling */
};

/*
 * What kind of tree was read, from the file system it lies on: only the
 * kernel's sysfs and a zslab live mount (FUSE) act on writes; anything
 * else is a snapshot, whose files a write would merely change.
 */
enum si_kind { SI_SNAPSHOT, SI_SYSFS, SI_LIVE_FUSE };

/* What was read. */
struct si_tree {
	const char *root;	/* the slab directory read */
	enum si_kind kind;
	struct si_cache *caches;
	int nr_caches;
	int actual;		/* caches not hidden */
	int id_caches;		/* directories named by a unique id (':') */
	struct si_alias *aliases;
	int nr_aliases;
	int highest_node;
};

enum si_sort { SORT_NAME, SORT_SIZE, SORT_ACTIVE, SORT_LOSS, SORT_PARTIAL };

/* Options, set once by main.c. */
struct si_opts {
	bool show_empty, show_report, show_alias, show_slab, skip_zero;
	bool show_numa, show_track, show_first_alias, validate, shrink;
	bool show_inverted, show_single_ref, show_totals, set_debug, show_ops;
	bool show_activity, extended_totals, show_bytes, unreclaim_only;
	bool sort_loss_column;	/* " Loss" column instead of "Space" */
	enum si_sort sort;
	int output_lines;	/* -1: all */
	bool dbg_sanity, dbg_redzone, dbg_poison, dbg_tracking, dbg_tracing;
	const char *debugfs;	/* debugfs slab dir for -t, NULL with --root */
};
extern struct si_opts si_opt;
extern long si_page_size;

/* attr.c */
long si_attr_read(const char *root, const char *dir, const char *file,
		  char *buf, size_t len);
unsigned long si_attr_num(const char *root, const char *dir, const char *file);
unsigned long si_attr_nodes(const char *root, const char *dir,
			    const char *file, unsigned long **nodes,
			    int *nr_nodes);

/* tree.c */
int si_tree_read(struct si_tree *t, const char *root, const char *pattern);
void si_tree_free(struct si_tree *t);

/* alias.c */
void si_link_aliases(struct si_tree *t);
void si_rename_caches(struct si_tree *t);
void si_show_aliases(struct si_tree *t);

/* size.c */
int si_store_size(char *buf, size_t len, unsigned long value);

/* sort.c */
unsigned long si_cache_bytes(const struct si_cache *s);
unsigned long si_cache_loss(const struct si_cache *s);
unsigned long si_cache_activity(const struct si_cache *s);
void si_sort_caches(struct si_tree *t, enum si_sort how);
void si_sort_aliases(struct si_tree *t);

/* list.c */
void si_list_reset(void);
void si_list_line(const struct si_tree *t, const struct si_cache *s);
void si_numa_line(const struct si_tree *t, const struct si_cache *s,
		  bool report);

/* report.c */
void si_report(const struct si_tree *t, const struct si_cache *s);
void si_ops(const struct si_tree *t, const struct si_cache *s);
void si_tracking(const struct si_tree *t, const struct si_cache *s);

/* totals.c */
void si_totals(const struct si_tree *t);

/* write.c */
bool si_writes_refused(const struct si_tree *t, const char *option);
int si_write_attr(const struct si_tree *t, const struct si_cache *s,
		  const char *file, int value);
int si_validate(const struct si_tree *t, const struct si_cache *s);
int si_validate_done(void);
int si_debug_apply(const struct si_tree *t, const struct si_cache *s,
		   int selected);
int si_debug_parse(const char *arg);

#endif
