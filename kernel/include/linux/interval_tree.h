/* SPDX-License-Identifier: MIT */
/*
 * linux/interval_tree.h - the kernel's ready-made interval tree of
 * unsigned long closed intervals [start, last] (kernel/lib/interval_tree.c,
 * from interval_tree_generic.h).
 */
#ifndef _ZSK_LINUX_INTERVAL_TREE_H
#define _ZSK_LINUX_INTERVAL_TREE_H

#include <linux/rbtree.h>

struct interval_tree_node {
	struct rb_node rb;
	unsigned long start;	/* first point of the interval */
	unsigned long last;	/* last point of the interval */
	unsigned long __subtree_last;
};

/** interval_tree_insert() - add @node to @root. */
void interval_tree_insert(struct interval_tree_node *node, struct rb_root_cached *root);
/** interval_tree_remove() - take @node out of @root. */
void interval_tree_remove(struct interval_tree_node *node, struct rb_root_cached *root);
/** interval_tree_iter_first() - the first node overlapping [@start, @last], or NULL. */
struct interval_tree_node *interval_tree_iter_first(struct rb_root_cached *root,
						    unsigned long start, unsigned long last);
/** interval_tree_iter_next() - the next node after @node overlapping [@start, @last]. */
struct interval_tree_node *interval_tree_iter_next(struct interval_tree_node *node,
						   unsigned long start, unsigned long last);

#endif
