/* SPDX-License-Identifier: MIT */
/*
 * linux/klist.h - lists whose nodes are reference-counted, so that an
 * iterator may walk a list while other threads add and delete: a deleted
 * node stays linked (marked dead, skipped by iterators) until the last
 * iterator standing on it moves on; then it is unlinked and the list's
 * @put runs on it (outside the list's lock).  @get runs on every node
 * added (kernel/lib/klist.c).
 */
#ifndef _ZSK_LINUX_KLIST_H
#define _ZSK_LINUX_KLIST_H

#include <linux/kref.h>
#include <linux/list.h>
#include <linux/spinlock.h>

struct klist_node;

struct klist {
	spinlock_t k_lock;
	struct list_head k_list;
	void (*get)(struct klist_node *);
	void (*put)(struct klist_node *);
};

/* @n_klist: the list, with bit 0 set once the node is deleted (dead). */
struct klist_node {
	void *n_klist;
	struct list_head n_node;
	struct kref n_ref;
};

struct klist_iter {
	struct klist *i_klist;
	struct klist_node *i_cur;
};

#define KLIST_INIT(_name, _get, _put) { \
	.k_lock = __SPIN_LOCK_UNLOCKED(_name.k_lock), \
	.k_list = LIST_HEAD_INIT(_name.k_list), \
	.get = _get, .put = _put }
#define DEFINE_KLIST(_name, _get, _put) struct klist _name = KLIST_INIT(_name, _get, _put)

/** klist_init() - an empty list whose nodes get @get on add and @put on removal. */
void klist_init(struct klist *k, void (*get)(struct klist_node *),
		void (*put)(struct klist_node *));
/** klist_add_head() / klist_add_tail() - add @n (one reference) at an end of @k. */
void klist_add_head(struct klist_node *n, struct klist *k);
void klist_add_tail(struct klist_node *n, struct klist *k);
/** klist_add_behind() / klist_add_before() - add @n next to @pos, in @pos's list. */
void klist_add_behind(struct klist_node *n, struct klist_node *pos);
void klist_add_before(struct klist_node *n, struct klist_node *pos);
/** klist_del() - drop the adding reference; @n leaves when no iterator holds it. */
void klist_del(struct klist_node *n);
/** klist_remove() - klist_del(), then wait until @n has left its list. */
void klist_remove(struct klist_node *n);
/** klist_node_attached() - is @n still on a list? */
int klist_node_attached(struct klist_node *n);
/** klist_iter_init_node() - iterate @k from @n (NULL: from the start). */
void klist_iter_init_node(struct klist *k, struct klist_iter *i, struct klist_node *n);
/** klist_iter_init() - iterate @k from the start. */
void klist_iter_init(struct klist *k, struct klist_iter *i);
/** klist_next() / klist_prev() - the next live node (holding it), or NULL. */
struct klist_node *klist_next(struct klist_iter *i);
struct klist_node *klist_prev(struct klist_iter *i);
/** klist_iter_exit() - let go of the node the iterator stands on. */
void klist_iter_exit(struct klist_iter *i);

#endif
