// SPDX-License-Identifier: MIT
/* interval_tree.c - struct interval_tree_node's tree (linux/interval_tree.h). */
#include <linux/interval_tree.h>
#include <linux/interval_tree_generic.h>

#define IT_START(n) ((n)->start)
#define IT_LAST(n) ((n)->last)

INTERVAL_TREE_DEFINE(struct interval_tree_node, rb, unsigned long, __subtree_last,
		     IT_START, IT_LAST, , interval_tree)
