/* SPDX-License-Identifier: MIT */
/* linux/rbtree_types.h - the red-black tree's node and roots (linux/rbtree.h). */
#ifndef _ZSK_LINUX_RBTREE_TYPES_H
#define _ZSK_LINUX_RBTREE_TYPES_H

/*
 * struct rb_node - a node, embedded in the caller's structure.
 * @__rb_parent_color: the parent's address, with the node's colour in
 *                     bit 0 (0 red, 1 black); the node's own address
 *                     when it is in no tree (RB_CLEAR_NODE)
 * @rb_right, @rb_left: the children
 *
 * Invariants of a tree: the root is black; a red node has black children;
 * every path from a node down to a NULL child passes the same number of
 * black nodes; in-order is the caller's order.
 */
struct rb_node {
	unsigned long __rb_parent_color;
	struct rb_node *rb_right;
	struct rb_node *rb_left;
} __attribute__((aligned(sizeof(long))));

/* struct rb_root - a tree: @rb_node is its root, NULL when empty. */
struct rb_root {
	struct rb_node *rb_node;
};

/* struct rb_root_cached - a tree that also keeps its first node. */
struct rb_root_cached {
	struct rb_root rb_root;
	struct rb_node *rb_leftmost;
};

#define RB_ROOT (struct rb_root) { NULL, }
#define RB_ROOT_CACHED (struct rb_root_cached) { {NULL, }, NULL }

#endif
