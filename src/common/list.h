/* SPDX-License-Identifier: MIT */
/* list.h - circular doubly linked lists with a head node, kernel style. */
#ifndef ZSLAB_LIST_H
#define ZSLAB_LIST_H

#include <stdbool.h>
#include <stddef.h>

struct list_head {
	struct list_head *next, *prev;
};

#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

static inline void list_init(struct list_head *h)
{
	h->next = h;
	h->prev = h;
}

static inline bool list_empty(const struct list_head *h)
{
	return h->next == h;
}

static inline void list_link(struct list_head *n, struct list_head *prev,
			     struct list_head *next)
{
	n->next = next;
	n->prev = prev;
	prev->next = n;
	next->prev = n;
}

/* Insert @n first in @h. */
static inline void list_add(struct list_head *n, struct list_head *h)
{
	list_link(n, h, h->next);
}

/* Insert @n last in @h. */
static inline void list_add_tail(struct list_head *n, struct list_head *h)
{
	list_link(n, h->prev, h);
}

static inline void list_del(struct list_head *n)
{
	n->prev->next = n->next;
	n->next->prev = n->prev;
	n->next = n;
	n->prev = n;
}

#define list_for_each(pos, head) \
	for ((pos) = (head)->next; (pos) != (head); (pos) = (pos)->next)

#define list_for_each_safe(pos, tmp, head) \
	for ((pos) = (head)->next, (tmp) = (pos)->next; (pos) != (head); \
	     (pos) = (tmp), (tmp) = (pos)->next)

#endif
