// SPDX-License-Identifier: MIT
/*
 * rbtree.c - red-black tree rebalancing and walks (see linux/rbtree.h).
 *
 * Textbook red-black insertion and deletion (after Cormen et al.), written
 * without a sentinel: a NULL child is black, and the deletion fix-up
 * carries the parent of the (possibly NULL) node it works on.  Colour is
 * bit 0 of __rb_parent_color; rb_set_parent() keeps the node's colour and
 * __rb_change_child() repoints a parent's link (linux/rbtree_augmented.h).
 *
 * Augmented trees (linux/rbtree_augmented.h) keep a value per node that
 * summarises its subtree.  The same code serves them through @aug: each
 * rotation tells aug->rotate(old, new) that @new took @old's place (new
 * inherits the subtree's value, old's is recomputed); an erase copies the
 * removed node's value to the successor that takes its place and then
 * propagates from the lowest changed node up.  A plain tree passes NULL.
 */
#include <linux/rbtree_augmented.h>

static inline unsigned long color_of(const struct rb_node *n)
{
	return n ? (n->__rb_parent_color & 1UL) : (unsigned long)RB_BLACK;
}

static inline bool is_red(const struct rb_node *n)
{
	return color_of(n) == (unsigned long)RB_RED;
}

static inline void set_color(struct rb_node *n, unsigned long color)
{
	n->__rb_parent_color = (n->__rb_parent_color & ~1UL) | color;
}

/* @x's right child takes @x's place; @x becomes its left child. */
static void rotate_left(struct rb_node *x, struct rb_root *root,
			const struct rb_augment_callbacks *aug)
{
	struct rb_node *y = x->rb_right, *p = rb_parent(x);

	x->rb_right = y->rb_left;
	if (y->rb_left)
		rb_set_parent(y->rb_left, x);
	rb_set_parent(y, p);
	__rb_change_child(x, y, p, root);
	y->rb_left = x;
	rb_set_parent(x, y);
	if (aug)
		aug->rotate(x, y);
}

/* @x's left child takes @x's place; @x becomes its right child. */
static void rotate_right(struct rb_node *x, struct rb_root *root,
			 const struct rb_augment_callbacks *aug)
{
	struct rb_node *y = x->rb_left, *p = rb_parent(x);

	x->rb_left = y->rb_right;
	if (y->rb_right)
		rb_set_parent(y->rb_right, x);
	rb_set_parent(y, p);
	__rb_change_child(x, y, p, root);
	y->rb_right = x;
	rb_set_parent(x, y);
	if (aug)
		aug->rotate(x, y);
}

void __rb_insert_augmented(struct rb_node *node, struct rb_root *root,
			   const struct rb_augment_callbacks *aug)
{
	struct rb_node *parent;

	while ((parent = rb_parent(node)) && is_red(parent)) {
		struct rb_node *gparent = rb_parent(parent);	/* a red node is no root */
		bool left = parent == gparent->rb_left;
		struct rb_node *uncle = left ? gparent->rb_right : gparent->rb_left;

		if (is_red(uncle)) {
			/* push the grandparent's blackness down; go on above */
			set_color(parent, RB_BLACK);
			set_color(uncle, RB_BLACK);
			set_color(gparent, RB_RED);
			node = gparent;
			continue;
		}
		if (left) {
			if (node == parent->rb_right) {
				rotate_left(parent, root, aug);
				node = parent;
				parent = rb_parent(node);
			}
			set_color(parent, RB_BLACK);
			set_color(gparent, RB_RED);
			rotate_right(gparent, root, aug);
		} else {
			if (node == parent->rb_left) {
				rotate_right(parent, root, aug);
				node = parent;
				parent = rb_parent(node);
			}
			set_color(parent, RB_BLACK);
			set_color(gparent, RB_RED);
			rotate_left(gparent, root, aug);
		}
		break;
	}
	set_color(root->rb_node, RB_BLACK);
}

void rb_insert_color(struct rb_node *node, struct rb_root *root)
{
	__rb_insert_augmented(node, root, NULL);
}

/*
 * After a black node was removed: @node (maybe NULL) below @parent is one
 * black short.  Borrow from the sibling, or pass the shortage up.
 */
static void erase_fixup(struct rb_node *node, struct rb_node *parent, struct rb_root *root,
			const struct rb_augment_callbacks *aug)
{
	while (node != root->rb_node && !is_red(node)) {
		/*
		 * A NULL @node is the left child exactly when the left link is
		 * NULL: the sibling of a removed black leaf cannot be empty.
		 */
		if (parent->rb_left == node) {
			struct rb_node *sib = parent->rb_right;

			if (is_red(sib)) {
				set_color(sib, RB_BLACK);
				set_color(parent, RB_RED);
				rotate_left(parent, root, aug);
				sib = parent->rb_right;
			}
			if (!is_red(sib->rb_left) && !is_red(sib->rb_right)) {
				set_color(sib, RB_RED);
				node = parent;
				parent = rb_parent(node);
				continue;
			}
			if (!is_red(sib->rb_right)) {
				set_color(sib->rb_left, RB_BLACK);
				set_color(sib, RB_RED);
				rotate_right(sib, root, aug);
				sib = parent->rb_right;
			}
			set_color(sib, color_of(parent));
			set_color(parent, RB_BLACK);
			set_color(sib->rb_right, RB_BLACK);
			rotate_left(parent, root, aug);
		} else {
			struct rb_node *sib = parent->rb_left;

			if (is_red(sib)) {
				set_color(sib, RB_BLACK);
				set_color(parent, RB_RED);
				rotate_right(parent, root, aug);
				sib = parent->rb_left;
			}
			if (!is_red(sib->rb_left) && !is_red(sib->rb_right)) {
				set_color(sib, RB_RED);
				node = parent;
				parent = rb_parent(node);
				continue;
			}
			if (!is_red(sib->rb_left)) {
				set_color(sib->rb_right, RB_BLACK);
				set_color(sib, RB_RED);
				rotate_left(sib, root, aug);
				sib = parent->rb_left;
			}
			set_color(sib, color_of(parent));
			set_color(parent, RB_BLACK);
			set_color(sib->rb_left, RB_BLACK);
			rotate_right(parent, root, aug);
		}
		node = root->rb_node;
		break;
	}
	if (node)
		set_color(node, RB_BLACK);
}

void __rb_erase_augmented(struct rb_node *node, struct rb_root *root,
			  const struct rb_augment_callbacks *aug)
{
	struct rb_node *child, *parent, *changed;
	unsigned long removed_color;

	if (!node->rb_left || !node->rb_right) {
		/* at most one child: it takes the node's place */
		child = node->rb_left ? node->rb_left : node->rb_right;
		parent = rb_parent(node);
		removed_color = color_of(node);
		if (child)
			rb_set_parent(child, parent);
		__rb_change_child(node, child, parent, root);
		changed = parent;
	} else {
		/* two children: the successor (leftmost of the right) takes its place */
		struct rb_node *succ = node->rb_right;

		while (succ->rb_left)
			succ = succ->rb_left;
		child = succ->rb_right;
		removed_color = color_of(succ);
		if (rb_parent(succ) == node) {
			parent = succ;
		} else {
			parent = rb_parent(succ);
			parent->rb_left = child;
			if (child)
				rb_set_parent(child, parent);
			succ->rb_right = node->rb_right;
			rb_set_parent(node->rb_right, succ);
		}
		__rb_change_child(node, succ, rb_parent(node), root);
		succ->rb_left = node->rb_left;
		rb_set_parent(node->rb_left, succ);
		succ->__rb_parent_color = node->__rb_parent_color;	/* parent and colour */
		if (aug) {
			aug->copy(node, succ);
			if (parent != succ)	/* the path below succ lost it */
				aug->propagate(parent, succ);
		}
		changed = succ;
	}
	if (aug)
		aug->propagate(changed, NULL);
	if (removed_color == RB_BLACK)
		erase_fixup(child, parent, root, aug);
}

void rb_erase(struct rb_node *node, struct rb_root *root)
{
	__rb_erase_augmented(node, root, NULL);
}

struct rb_node *rb_first(const struct rb_root *root)
{
	struct rb_node *n = root->rb_node;

	if (!n)
		return NULL;
	while (n->rb_left)
		n = n->rb_left;
	return n;
}

struct rb_node *rb_last(const struct rb_root *root)
{
	struct rb_node *n = root->rb_node;

	if (!n)
		return NULL;
	while (n->rb_right)
		n = n->rb_right;
	return n;
}

struct rb_node *rb_next(const struct rb_node *node)
{
	struct rb_node *parent;

	if (RB_EMPTY_NODE(node))
		return NULL;
	if (node->rb_right) {
		node = node->rb_right;
		while (node->rb_left)
			node = node->rb_left;
		return (struct rb_node *)node;
	}
	while ((parent = rb_parent(node)) && node == parent->rb_right)
		node = parent;
	return parent;
}

struct rb_node *rb_prev(const struct rb_node *node)
{
	struct rb_node *parent;

	if (RB_EMPTY_NODE(node))
		return NULL;
	if (node->rb_left) {
		node = node->rb_left;
		while (node->rb_right)
			node = node->rb_right;
		return (struct rb_node *)node;
	}
	while ((parent = rb_parent(node)) && node == parent->rb_left)
		node = parent;
	return parent;
}

/* The first node of a post-order walk of the subtree at @n. */
static struct rb_node *deepest_left(const struct rb_node *n)
{
	for (;;) {
		if (n->rb_left)
			n = n->rb_left;
		else if (n->rb_right)
			n = n->rb_right;
		else
			return (struct rb_node *)n;
	}
}

struct rb_node *rb_first_postorder(const struct rb_root *root)
{
	return root->rb_node ? deepest_left(root->rb_node) : NULL;
}

struct rb_node *rb_next_postorder(const struct rb_node *node)
{
	struct rb_node *parent;

	if (!node)
		return NULL;
	parent = rb_parent(node);
	if (parent && node == parent->rb_left && parent->rb_right)
		return deepest_left(parent->rb_right);
	return parent;
}

void rb_replace_node(struct rb_node *victim, struct rb_node *new, struct rb_root *root)
{
	struct rb_node *parent = rb_parent(victim);

	*new = *victim;
	if (victim->rb_left)
		rb_set_parent(victim->rb_left, new);
	if (victim->rb_right)
		rb_set_parent(victim->rb_right, new);
	__rb_change_child(victim, new, parent, root);
}
