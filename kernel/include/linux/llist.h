/* SPDX-License-Identifier: MIT */
/*
 * linux/llist.h - lock-less singly linked lists (a Treiber stack): any
 * number of threads may llist_add() at once; llist_del_all() takes the
 * whole list at once from any thread; llist_del_first() is safe only with
 * one remover at a time (or under a lock), as in the kernel, because a
 * node removed and re-added meanwhile would fool its compare-and-swap.
 * Nodes come off in the reverse of their adding order
 * (llist_reverse_order() restores it).
 */
#ifndef _ZSK_LINUX_LLIST_H
#define _ZSK_LINUX_LLIST_H

#include <linux/atomic.h>
#include <linux/compiler.h>
#include <linux/container_of.h>
#include <linux/stddef.h>
#include <linux/types.h>

/* struct llist_head - @first: the newest node, NULL when empty. */
struct llist_head {
	struct llist_node *first;
};

/* struct llist_node - @next: the node added before this one. */
struct llist_node {
	struct llist_node *next;
};

#define LLIST_HEAD_INIT(name) { NULL }
#define LLIST_HEAD(name) struct llist_head name = LLIST_HEAD_INIT(name)

static inline void init_llist_head(struct llist_head *list)
{
	list->first = NULL;
}

/** init_llist_node - mark @node as on no list (its next points at itself) */
static inline void init_llist_node(struct llist_node *node)
{
	node->next = node;
}

/** llist_on_list - whether @node is on a list (not since init_llist_node()) */
static inline bool llist_on_list(const struct llist_node *node)
{
	return node->next != node;
}

#define llist_entry(ptr, type, member) container_of(ptr, type, member)
#define member_address_is_nonnull(ptr, member) ((uintptr_t)(ptr) + offsetof(typeof(*(ptr)), member) != 0)

#define llist_for_each(pos, node) for ((pos) = (node); pos; (pos) = (pos)->next)
#define llist_for_each_safe(pos, n, node) \
	for ((pos) = (node); (pos) && ((n) = (pos)->next, true); (pos) = (n))
#define llist_for_each_entry(pos, node, member) \
	for ((pos) = llist_entry((node), typeof(*(pos)), member); \
	     member_address_is_nonnull(pos, member); \
	     (pos) = llist_entry((pos)->member.next, typeof(*(pos)), member))
#define llist_for_each_entry_safe(pos, n, node, member) \
	for (pos = llist_entry((node), typeof(*pos), member); \
	     member_address_is_nonnull(pos, member) && \
		(n = llist_entry(pos->member.next, typeof(*n), member), true); \
	     pos = n)

/** llist_empty - whether @head holds no node (a snapshot when others add) */
static inline bool llist_empty(const struct llist_head *head)
{
	return __atomic_load_n(&head->first, __ATOMIC_ACQUIRE) == NULL;
}

static inline struct llist_node *llist_next(struct llist_node *node)
{
	return node->next;
}

/**
 * llist_add_batch - add the chain @new_first .. @new_last (already linked)
 *
 * Return: true if the list was empty before.
 */
static inline bool llist_add_batch(struct llist_node *new_first, struct llist_node *new_last,
				   struct llist_head *head)
{
	struct llist_node *first = __atomic_load_n(&head->first, __ATOMIC_RELAXED);

	do {
		new_last->next = first;
	} while (!__atomic_compare_exchange_n(&head->first, &first, new_first, true,
					      __ATOMIC_RELEASE, __ATOMIC_RELAXED));
	return first == NULL;
}

/** llist_add - add @new; true if the list was empty before */
static inline bool llist_add(struct llist_node *new, struct llist_head *head)
{
	return llist_add_batch(new, new, head);
}

/* The unlocked forms, for a list only one thread touches. */
static inline bool __llist_add_batch(struct llist_node *new_first, struct llist_node *new_last,
				     struct llist_head *head)
{
	new_last->next = head->first;
	head->first = new_first;
	return new_last->next == NULL;
}

static inline bool __llist_add(struct llist_node *new, struct llist_head *head)
{
	return __llist_add_batch(new, new, head);
}

/** llist_del_all - take every node; returns the newest (the chain follows), or NULL */
static inline struct llist_node *llist_del_all(struct llist_head *head)
{
	return __atomic_exchange_n(&head->first, NULL, __ATOMIC_ACQ_REL);
}

static inline struct llist_node *__llist_del_all(struct llist_head *head)
{
	struct llist_node *first = head->first;

	head->first = NULL;
	return first;
}

/**
 * llist_del_first - take the newest node, or NULL; one remover at a time
 * (adders may run meanwhile)
 */
static inline struct llist_node *llist_del_first(struct llist_head *head)
{
	struct llist_node *first = __atomic_load_n(&head->first, __ATOMIC_ACQUIRE), *next;

	do {
		if (!first)
			return NULL;
		next = READ_ONCE(first->next);
	} while (!__atomic_compare_exchange_n(&head->first, &first, next, true,
					      __ATOMIC_ACQUIRE, __ATOMIC_ACQUIRE));
	return first;
}

/** llist_del_first_init - llist_del_first(), the node marked as on no list */
static inline struct llist_node *llist_del_first_init(struct llist_head *head)
{
	struct llist_node *n = llist_del_first(head);

	if (n)
		init_llist_node(n);
	return n;
}

/** llist_reverse_order - reverse a chain taken with llist_del_all() (oldest first) */
static inline struct llist_node *llist_reverse_order(struct llist_node *head)
{
	struct llist_node *new_head = NULL;

	while (head) {
		struct llist_node *tmp = head;

		head = head->next;
		tmp->next = new_head;
		new_head = tmp;
	}
	return new_head;
}

#endif
