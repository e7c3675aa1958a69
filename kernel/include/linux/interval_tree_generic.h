/* SPDX-License-Identifier: MIT */
/*
 * linux/interval_tree_generic.h - INTERVAL_TREE_DEFINE(): an interval tree
 * over any struct, as an augmented red-black tree ordered by the start,
 * each node keeping the largest last point of its subtree (ITSUBTREE).
 * Intervals are closed, [ITSTART(n), ITLAST(n)].  It defines, with
 * ITSTATIC linkage:
 *	ITPREFIX_insert(node, root)	add (duplicates allowed)
 *	ITPREFIX_remove(node, root)	take out
 *	ITPREFIX_iter_first(root, start, last)	the first node, in start
 *					order, that overlaps [start, last]
 *	ITPREFIX_iter_next(node, start, last)	the next one after @node
 * on a struct rb_root_cached.
 */
#ifndef _ZSK_LINUX_INTERVAL_TREE_GENERIC_H
#define _ZSK_LINUX_INTERVAL_TREE_GENERIC_H

#include <linux/rbtree_augmented.h>

#define INTERVAL_TREE_DEFINE(ITSTRUCT, ITRB, ITTYPE, ITSUBTREE, ITSTART, ITLAST, ITSTATIC, ITPREFIX) \
									\
RB_DECLARE_CALLBACKS_MAX(static, ITPREFIX ## _augment, ITSTRUCT, ITRB, ITTYPE, ITSUBTREE, ITLAST) \
									\
ITSTATIC void ITPREFIX ## _insert(ITSTRUCT *node, struct rb_root_cached *root) \
{									\
	struct rb_node **link = &root->rb_root.rb_node, *up = NULL;	\
	ITTYPE start = ITSTART(node), last = ITLAST(node);		\
	bool leftmost = true;						\
									\
	while (*link) {							\
		ITSTRUCT *at = rb_entry(*link, ITSTRUCT, ITRB);		\
									\
		up = *link;						\
		if (at->ITSUBTREE < last)	/* the new node lies below */ \
			at->ITSUBTREE = last;				\
		if (start < ITSTART(at)) {				\
			link = &at->ITRB.rb_left;			\
		} else {						\
			link = &at->ITRB.rb_right;			\
			leftmost = false;				\
		}							\
	}								\
	node->ITSUBTREE = last;						\
	rb_link_node(&node->ITRB, up, link);				\
	rb_insert_augmented_cached(&node->ITRB, root, leftmost, &ITPREFIX ## _augment); \
}									\
									\
ITSTATIC void ITPREFIX ## _remove(ITSTRUCT *node, struct rb_root_cached *root) \
{									\
	rb_erase_augmented_cached(&node->ITRB, root, &ITPREFIX ## _augment); \
}									\
									\
/*									\
 * The first node in @node's subtree overlapping [start, last], given	\
 * that some interval below reaches @start (node->ITSUBTREE >= start).	\
 * Going left whenever the left subtree reaches @start is safe: its	\
 * intervals start no later than @node, so either one of them overlaps	\
 * or, all starting after @last, nothing to the right can.		\
 */									\
static ITSTRUCT *ITPREFIX ## _subtree_search(ITSTRUCT *node, ITTYPE start, ITTYPE last) \
{									\
	for (;;) {							\
		struct rb_node *l = node->ITRB.rb_left, *r = node->ITRB.rb_right; \
									\
		if (l && rb_entry(l, ITSTRUCT, ITRB)->ITSUBTREE >= start) { \
			node = rb_entry(l, ITSTRUCT, ITRB);		\
			continue;					\
		}							\
		if (ITSTART(node) > last)				\
			return NULL;					\
		if (ITLAST(node) >= start)				\
			return node;					\
		if (!r || rb_entry(r, ITSTRUCT, ITRB)->ITSUBTREE < start) \
			return NULL;					\
		node = rb_entry(r, ITSTRUCT, ITRB);			\
	}								\
}									\
									\
ITSTATIC ITSTRUCT *ITPREFIX ## _iter_first(struct rb_root_cached *root, ITTYPE start, ITTYPE last) \
{									\
	ITSTRUCT *top;							\
									\
	if (!root->rb_root.rb_node)					\
		return NULL;						\
	top = rb_entry(root->rb_root.rb_node, ITSTRUCT, ITRB);		\
	if (top->ITSUBTREE < start ||					\
	    ITSTART(rb_entry(root->rb_leftmost, ITSTRUCT, ITRB)) > last) \
		return NULL;						\
	return ITPREFIX ## _subtree_search(top, start, last);		\
}									\
									\
/* After @node (which overlaps): its right subtree first, then up to	\
 * the first ancestor reached from a left child, and so on. */		\
ITSTATIC ITSTRUCT *ITPREFIX ## _iter_next(ITSTRUCT *node, ITTYPE start, ITTYPE last) \
{									\
	struct rb_node *r = node->ITRB.rb_right, *from;			\
									\
	for (;;) {							\
		if (r && rb_entry(r, ITSTRUCT, ITRB)->ITSUBTREE >= start) \
			return ITPREFIX ## _subtree_search(rb_entry(r, ITSTRUCT, ITRB), start, last); \
		do {							\
			struct rb_node *up = rb_parent(&node->ITRB);	\
									\
			if (!up)					\
				return NULL;				\
			from = &node->ITRB;				\
			node = rb_entry(up, ITSTRUCT, ITRB);		\
			r = node->ITRB.rb_right;			\
		} while (from == r);					\
		if (ITSTART(node) > last)				\
			return NULL;					\
		if (ITLAST(node) >= start)				\
			return node;					\
	}								\
}

#endif
