/* SPDX-License-Identifier: MIT */
/*
 * linux/rbtree.h - the kernel's intrusive red-black trees
 * (kernel/lib/rbtree.c): the caller walks down to the place of a new node,
 * links it with rb_link_node() and rebalances with rb_insert_color(); or
 * lets rb_add()/rb_find_add() walk with a comparison.  Searches, in-order
 * and post-order walks, replacement and the leftmost-caching variants are
 * the kernel's.  Not thread-safe: callers lock, as in the kernel.
 */
#ifndef _ZSK_LINUX_RBTREE_H
#define _ZSK_LINUX_RBTREE_H

#include <linux/compiler.h>
#include <linux/container_of.h>
#include <linux/rbtree_types.h>
#include <linux/stddef.h>
#include <linux/types.h>

#define rb_parent(r) ((struct rb_node *)((r)->__rb_parent_color & ~3UL))
#define rb_entry(ptr, type, member) container_of(ptr, type, member)
/** rb_entry_safe - rb_entry(), or NULL for a NULL @ptr */
#define rb_entry_safe(ptr, type, member) ({ \
	typeof(ptr) ____ptr = (ptr); \
	____ptr ? rb_entry(____ptr, type, member) : NULL; })

#define RB_EMPTY_ROOT(root) (READ_ONCE((root)->rb_node) == NULL)
/* RB_EMPTY_NODE: the node is in no tree (it was cleared with RB_CLEAR_NODE) */
#define RB_EMPTY_NODE(node) ((node)->__rb_parent_color == (unsigned long)(node))
#define RB_CLEAR_NODE(node) ((node)->__rb_parent_color = (unsigned long)(node))

/** rb_insert_color - rebalance after linking the red @node with rb_link_node() */
void rb_insert_color(struct rb_node *node, struct rb_root *root);
/** rb_erase - take @node out of the tree and rebalance */
void rb_erase(struct rb_node *node, struct rb_root *root);
/** rb_next - the next node in order, or NULL */
struct rb_node *rb_next(const struct rb_node *node);
/** rb_prev - the previous node in order, or NULL */
struct rb_node *rb_prev(const struct rb_node *node);
/** rb_first - the first node in order, or NULL for an empty tree */
struct rb_node *rb_first(const struct rb_root *root);
/** rb_last - the last node in order, or NULL */
struct rb_node *rb_last(const struct rb_root *root);
/** rb_first_postorder - the first node of a post-order walk (children before parents) */
struct rb_node *rb_first_postorder(const struct rb_root *root);
/** rb_next_postorder - the next node of a post-order walk, or NULL */
struct rb_node *rb_next_postorder(const struct rb_node *node);
/** rb_replace_node - put @new where @victim is, without rebalancing (same key) */
void rb_replace_node(struct rb_node *victim, struct rb_node *new, struct rb_root *root);
#define rb_replace_node_rcu(victim, new, root) rb_replace_node(victim, new, root)

/**
 * rb_link_node - link the new node @node as the red child of @parent at
 * @rb_link (the NULL child pointer the walk ended on); rb_insert_color()
 * must follow
 */
static inline void rb_link_node(struct rb_node *node, struct rb_node *parent,
				struct rb_node **rb_link)
{
	node->__rb_parent_color = (unsigned long)parent;
	node->rb_left = node->rb_right = NULL;
	*rb_link = node;
}
#define rb_link_node_rcu(node, parent, rb_link) rb_link_node(node, parent, rb_link)

/**
 * rbtree_postorder_for_each_entry_safe - visit every entry children
 * first; @pos may be freed in the body (the walk has @n already)
 */
#define rbtree_postorder_for_each_entry_safe(pos, n, root, field) \
	for (pos = rb_entry_safe(rb_first_postorder(root), typeof(*pos), field); \
	     pos && ({ n = rb_entry_safe(rb_next_postorder(&pos->field), typeof(*pos), field); 1; }); \
	     pos = n)

/* The leftmost-caching tree. */
#define rb_first_cached(root) (root)->rb_leftmost

static inline void rb_insert_color_cached(struct rb_node *node, struct rb_root_cached *root,
					  bool leftmost)
{
	if (leftmost)
		root->rb_leftmost = node;
	rb_insert_color(node, &root->rb_root);
}

/** rb_erase_cached - rb_erase(); returns the new leftmost node if @node was it, else NULL */
static inline struct rb_node *rb_erase_cached(struct rb_node *node, struct rb_root_cached *root)
{
	struct rb_node *leftmost = NULL;

	if (root->rb_leftmost == node)
		leftmost = root->rb_leftmost = rb_next(node);
	rb_erase(node, &root->rb_root);
	return leftmost;
}

static inline void rb_replace_node_cached(struct rb_node *victim, struct rb_node *new,
					  struct rb_root_cached *root)
{
	if (root->rb_leftmost == victim)
		root->rb_leftmost = new;
	rb_replace_node(victim, new, &root->rb_root);
}

/**
 * rb_add_cached - insert @node where @less puts it (after equal nodes)
 *
 * Return: @node if it became the leftmost, else NULL.
 */
static __always_inline struct rb_node *
rb_add_cached(struct rb_node *node, struct rb_root_cached *tree,
	      bool (*less)(struct rb_node *, const struct rb_node *))
{
	struct rb_node **link = &tree->rb_root.rb_node, *parent = NULL;
	bool leftmost = true;

	while (*link) {
		parent = *link;
		if (less(node, parent)) {
			link = &parent->rb_left;
		} else {
			link = &parent->rb_right;
			leftmost = false;
		}
	}
	rb_link_node(node, parent, link);
	rb_insert_color_cached(node, tree, leftmost);
	return leftmost ? node : NULL;
}

/** rb_add - insert @node where @less puts it (after equal nodes) */
static __always_inline void rb_add(struct rb_node *node, struct rb_root *tree,
				   bool (*less)(struct rb_node *, const struct rb_node *))
{
	struct rb_node **link = &tree->rb_node, *parent = NULL;

	while (*link) {
		parent = *link;
		link = less(node, parent) ? &parent->rb_left : &parent->rb_right;
	}
	rb_link_node(node, parent, link);
	rb_insert_color(node, tree);
}

/**
 * rb_find_add - insert @node unless a node compares equal to it
 *
 * Return: the equal node (nothing inserted), or NULL (@node inserted).
 */
static __always_inline struct rb_node *
rb_find_add(struct rb_node *node, struct rb_root *tree,
	    int (*cmp)(struct rb_node *, const struct rb_node *))
{
	struct rb_node **link = &tree->rb_node, *parent = NULL;
	int c;

	while (*link) {
		parent = *link;
		c = cmp(node, parent);
		if (c < 0)
			link = &parent->rb_left;
		else if (c > 0)
			link = &parent->rb_right;
		else
			return parent;
	}
	rb_link_node(node, parent, link);
	rb_insert_color(node, tree);
	return NULL;
}

/** rb_find - a node that compares equal to @key, or NULL */
static __always_inline struct rb_node *
rb_find(const void *key, const struct rb_root *tree,
	int (*cmp)(const void *key, const struct rb_node *))
{
	struct rb_node *node = tree->rb_node;

	while (node) {
		int c = cmp(key, node);

		if (c < 0)
			node = node->rb_left;
		else if (c > 0)
			node = node->rb_right;
		else
			return node;
	}
	return NULL;
}

/** rb_find_first - the first node in order that compares equal to @key, or NULL */
static __always_inline struct rb_node *
rb_find_first(const void *key, const struct rb_root *tree,
	      int (*cmp)(const void *key, const struct rb_node *))
{
	struct rb_node *node = tree->rb_node, *match = NULL;

	while (node) {
		int c = cmp(key, node);

		if (c <= 0) {
			if (!c)
				match = node;
			node = node->rb_left;
		} else {
			node = node->rb_right;
		}
	}
	return match;
}

/** rb_next_match - the node after @node if it still compares equal to @key, else NULL */
static __always_inline struct rb_node *
rb_next_match(const void *key, struct rb_node *node,
	      int (*cmp)(const void *key, const struct rb_node *))
{
	node = rb_next(node);
	if (node && cmp(key, node))
		node = NULL;
	return node;
}

/** rb_for_each - every node that compares equal to @key, in order */
#define rb_for_each(node, key, tree, cmp) \
	for ((node) = rb_find_first((key), (tree), (cmp)); \
	     (node); (node) = rb_next_match((key), (node), (cmp)))

#endif
