/* SPDX-License-Identifier: MIT */
/*
 * linux/rbtree_augmented.h - red-black trees whose nodes carry a value
 * computed from their subtree (a maximum, a sum, an interval end), kept
 * right through the rebalancing by three callbacks (kernel/lib/rbtree.c):
 * rotate(old, new) after @new took @old's place, copy(old, new) when an
 * erase moves @new into @old's place, propagate(node, stop) to recompute
 * from @node up to @stop.  As in the kernel, an insert's caller updates
 * the values on its way down before rb_insert_augmented().
 */
#ifndef _ZSK_LINUX_RBTREE_AUGMENTED_H
#define _ZSK_LINUX_RBTREE_AUGMENTED_H

#include <linux/compiler.h>
#include <linux/rbtree.h>

struct rb_augment_callbacks {
	void (*propagate)(struct rb_node *node, struct rb_node *stop);
	void (*copy)(struct rb_node *old, struct rb_node *new);
	void (*rotate)(struct rb_node *old, struct rb_node *new);
};

void __rb_insert_augmented(struct rb_node *node, struct rb_root *root,
			   const struct rb_augment_callbacks *augment);
void __rb_erase_augmented(struct rb_node *node, struct rb_root *root,
			  const struct rb_augment_callbacks *augment);

/** rb_insert_augmented() - rb_insert_color() keeping @augment's values. */
static inline void rb_insert_augmented(struct rb_node *node, struct rb_root *root,
				       const struct rb_augment_callbacks *augment)
{
	__rb_insert_augmented(node, root, augment);
}

/** rb_insert_augmented_cached() - the same, @newleft when @node is the new first. */
static inline void rb_insert_augmented_cached(struct rb_node *node, struct rb_root_cached *root,
					      bool newleft, const struct rb_augment_callbacks *augment)
{
	if (newleft)
		root->rb_leftmost = node;
	rb_insert_augmented(node, &root->rb_root, augment);
}

/** rb_erase_augmented() - rb_erase() keeping @augment's values. */
static inline void rb_erase_augmented(struct rb_node *node, struct rb_root *root,
				      const struct rb_augment_callbacks *augment)
{
	__rb_erase_augmented(node, root, augment);
}

/** rb_erase_augmented_cached() - the same for a tree that caches its first node. */
static inline void rb_erase_augmented_cached(struct rb_node *node, struct rb_root_cached *root,
					     const struct rb_augment_callbacks *augment)
{
	if (root->rb_leftmost == node)
		root->rb_leftmost = rb_next(node);
	rb_erase_augmented(node, &root->rb_root, augment);
}

/*
 * RB_DECLARE_CALLBACKS() - the three callbacks, as RBNAME, for RBSTRUCT
 * nodes linked by RBFIELD with the value RBAUGMENTED; RBCOMPUTE(node,
 * exit) recomputes node's value and, when @exit, returns true if it did
 * not change (so propagation can stop).
 */
#define RB_DECLARE_CALLBACKS(RBSTATIC, RBNAME, RBSTRUCT, RBFIELD, RBAUGMENTED, RBCOMPUTE) \
static inline void RBNAME ## _propagate(struct rb_node *rb, struct rb_node *stop) \
{									\
	while (rb != stop) {						\
		RBSTRUCT *node = rb_entry(rb, RBSTRUCT, RBFIELD);	\
		if (RBCOMPUTE(node, true))				\
			break;						\
		rb = rb_parent(&node->RBFIELD);				\
	}								\
}									\
static inline void RBNAME ## _copy(struct rb_node *rb_old, struct rb_node *rb_new) \
{									\
	rb_entry(rb_new, RBSTRUCT, RBFIELD)->RBAUGMENTED =		\
		rb_entry(rb_old, RBSTRUCT, RBFIELD)->RBAUGMENTED;	\
}									\
static void RBNAME ## _rotate(struct rb_node *rb_old, struct rb_node *rb_new) \
{									\
	RBSTRUCT *old = rb_entry(rb_old, RBSTRUCT, RBFIELD);		\
	rb_entry(rb_new, RBSTRUCT, RBFIELD)->RBAUGMENTED = old->RBAUGMENTED; \
	RBCOMPUTE(old, false);						\
}									\
RBSTATIC const struct rb_augment_callbacks RBNAME = {			\
	.propagate = RBNAME ## _propagate,				\
	.copy = RBNAME ## _copy,					\
	.rotate = RBNAME ## _rotate					\
};

/*
 * RB_DECLARE_CALLBACKS_MAX() - the callbacks for a value that is the
 * maximum of RBCOMPUTE(node) (of type RBTYPE) over the subtree.
 */
#define RB_DECLARE_CALLBACKS_MAX(RBSTATIC, RBNAME, RBSTRUCT, RBFIELD, RBTYPE, RBAUGMENTED, RBCOMPUTE) \
static inline bool RBNAME ## _compute_max(RBSTRUCT *node, bool exit)	\
{									\
	RBSTRUCT *child;						\
	RBTYPE max = RBCOMPUTE(node);					\
	if (node->RBFIELD.rb_left) {					\
		child = rb_entry(node->RBFIELD.rb_left, RBSTRUCT, RBFIELD); \
		if (child->RBAUGMENTED > max)				\
			max = child->RBAUGMENTED;			\
	}								\
	if (node->RBFIELD.rb_right) {					\
		child = rb_entry(node->RBFIELD.rb_right, RBSTRUCT, RBFIELD); \
		if (child->RBAUGMENTED > max)				\
			max = child->RBAUGMENTED;			\
	}								\
	if (exit && node->RBAUGMENTED == max)				\
		return true;						\
	node->RBAUGMENTED = max;					\
	return false;							\
}									\
RB_DECLARE_CALLBACKS(RBSTATIC, RBNAME, RBSTRUCT, RBFIELD, RBAUGMENTED, RBNAME ## _compute_max)

/* The colour bit and parent pointer, for code that checks trees itself. */
#define RB_RED 0
#define RB_BLACK 1
#define __rb_parent(pc) ((struct rb_node *)((pc) & ~3UL))
#define __rb_color(pc) ((pc) & 1)
#define __rb_is_black(pc) __rb_color(pc)
#define __rb_is_red(pc) (!__rb_color(pc))
#define rb_color(rb) __rb_color((rb)->__rb_parent_color)
#define rb_is_red(rb) __rb_is_red((rb)->__rb_parent_color)
#define rb_is_black(rb) __rb_is_black((rb)->__rb_parent_color)

static inline void rb_set_parent(struct rb_node *rb, struct rb_node *p)
{
	rb->__rb_parent_color = rb_color(rb) + (unsigned long)p;
}

static inline void rb_set_parent_color(struct rb_node *rb, struct rb_node *p, int color)
{
	rb->__rb_parent_color = (unsigned long)p + (unsigned long)color;
}

static inline void __rb_change_child(struct rb_node *old, struct rb_node *new,
				     struct rb_node *parent, struct rb_root *root)
{
	if (!parent)
		WRITE_ONCE(root->rb_node, new);
	else if (parent->rb_left == old)
		WRITE_ONCE(parent->rb_left, new);
	else
		WRITE_ONCE(parent->rb_right, new);
}

#endif
