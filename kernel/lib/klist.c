// SPDX-License-Identifier: MIT
/*
 * klist.c - reference-counted list nodes (linux/klist.h).
 *
 * Invariants, under k->k_lock: a node on k_list has n_ref >= 1 (the
 * adder's until klist_del(), plus one per iterator standing on it); a dead
 * node (bit 0 of n_klist) is skipped by iterators and unlinked when its
 * last reference goes; an unlinked node has n_klist NULL.  The list's put
 * runs after the lock is dropped, as no callback runs under a lock here.
 * klist_remove() waits on one process-wide condition variable, broadcast
 * after every unlink (a leaf lock: nothing is called under it).
 */
#include <linux/bug.h>
#include <linux/klist.h>

#include <pthread.h>

#define KNODE_DEAD 1UL

static pthread_mutex_t remove_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t removed = PTHREAD_COND_INITIALIZER;

static struct klist *knode_klist(const struct klist_node *n)
{
	return (struct klist *)((uintptr_t)__atomic_load_n(&n->n_klist, __ATOMIC_ACQUIRE) & ~KNODE_DEAD);
}

static bool knode_dead(const struct klist_node *n)
{
	return (uintptr_t)__atomic_load_n(&n->n_klist, __ATOMIC_RELAXED) & KNODE_DEAD;
}

static void knode_set(struct klist_node *n, void *v)
{
	__atomic_store_n(&n->n_klist, v, __ATOMIC_RELEASE);
}

static struct klist_node *to_node(struct list_head *l)
{
	return container_of(l, struct klist_node, n_node);
}

void klist_init(struct klist *k, void (*get)(struct klist_node *),
		void (*put)(struct klist_node *))
{
	INIT_LIST_HEAD(&k->k_list);
	spin_lock_init(&k->k_lock);
	k->get = get;
	k->put = put;
}

/* A node of @k with the adder's reference; @k's get runs on it. */
static void node_init(struct klist *k, struct klist_node *n)
{
	INIT_LIST_HEAD(&n->n_node);
	kref_init(&n->n_ref);
	knode_set(n, k);
	if (k->get)
		k->get(n);
}

/* Add @n to @k right after @at (a node's link or the list head), or
 * right before it when @before. */
static void add_at(struct klist *k, struct klist_node *n, struct list_head *at, bool before)
{
	node_init(k, n);
	spin_lock(&k->k_lock);
	if (before)
		list_add_tail(&n->n_node, at);
	else
		list_add(&n->n_node, at);
	spin_unlock(&k->k_lock);
}

void klist_add_head(struct klist_node *n, struct klist *k)
{
	add_at(k, n, &k->k_list, false);
}

void klist_add_tail(struct klist_node *n, struct klist *k)
{
	add_at(k, n, &k->k_list, true);
}

/* The list @pos is on, or NULL with a WARN naming both nodes. */
static struct klist *pos_klist(struct klist_node *pos, struct klist_node *n)
{
	struct klist *k = knode_klist(pos);

	WARN(!k, "klist: %p is on no list; %p not added\n", (void *)pos, (void *)n);
	return k;
}

void klist_add_behind(struct klist_node *n, struct klist_node *pos)
{
	struct klist *k = pos_klist(pos, n);

	if (k)
		add_at(k, n, &pos->n_node, false);
}

void klist_add_before(struct klist_node *n, struct klist_node *pos)
{
	struct klist *k = pos_klist(pos, n);

	if (k)
		add_at(k, n, &pos->n_node, true);
}

/* The last reference went: unlink (k_lock held). */
static void node_release(struct kref *ref)
{
	struct klist_node *n = container_of(ref, struct klist_node, n_ref);

	list_del_init(&n->n_node);
	knode_set(n, NULL);
}

/* Drop a reference of @n (k_lock held); true when that unlinked it. */
static bool node_put_locked(struct klist_node *n)
{
	return kref_put(&n->n_ref, node_release);
}

/* After an unlink, outside k_lock: @k's put, and klist_remove()'s waiters. */
static void node_gone(struct klist *k, struct klist_node *n)
{
	if (k->put)
		k->put(n);
	pthread_mutex_lock(&remove_lock);
	pthread_cond_broadcast(&removed);
	pthread_mutex_unlock(&remove_lock);
}

/* Drop a reference, marking the node dead first when @kill. */
static void node_put(struct klist_node *n, bool kill)
{
	struct klist *k = knode_klist(n);
	bool gone;

	/* the kernel oopses on a node already off its list: say so instead */
	if (WARN(!k, "klist: node %p is on no list (deleted twice?); ignored\n", (void *)n))
		return;
	spin_lock(&k->k_lock);
	if (kill)
		knode_set(n, (void *)((uintptr_t)k | KNODE_DEAD));
	gone = node_put_locked(n);
	spin_unlock(&k->k_lock);
	if (gone)
		node_gone(k, n);
}

void klist_del(struct klist_node *n)
{
	node_put(n, true);
}

void klist_remove(struct klist_node *n)
{
	klist_del(n);
	pthread_mutex_lock(&remove_lock);
	while (klist_node_attached(n))
		pthread_cond_wait(&removed, &remove_lock);
	pthread_mutex_unlock(&remove_lock);
}

int klist_node_attached(struct klist_node *n)
{
	return __atomic_load_n(&n->n_klist, __ATOMIC_ACQUIRE) != NULL;
}

void klist_iter_init_node(struct klist *k, struct klist_iter *i, struct klist_node *n)
{
	i->i_klist = k;
	i->i_cur = NULL;
	if (n && kref_get_unless_zero(&n->n_ref))
		i->i_cur = n;
}

void klist_iter_init(struct klist *k, struct klist_iter *i)
{
	klist_iter_init_node(k, i, NULL);
}

/* Step from the iterator's node (forward or back) to the first live
 * node, taking a reference on it and letting the last one go. */
static struct klist_node *step(struct klist_iter *i, bool forward)
{
	struct klist *k = i->i_klist;
	struct klist_node *last = i->i_cur, *n;
	struct list_head *pos;
	bool gone = false;

	spin_lock(&k->k_lock);
	pos = last ? (forward ? last->n_node.next : last->n_node.prev)
		   : (forward ? k->k_list.next : k->k_list.prev);
	if (last)
		gone = node_put_locked(last);
	i->i_cur = NULL;
	for (; pos != &k->k_list; pos = forward ? pos->next : pos->prev) {
		n = to_node(pos);
		if (!knode_dead(n)) {
			kref_get(&n->n_ref);
			i->i_cur = n;
			break;
		}
	}
	spin_unlock(&k->k_lock);
	if (gone)
		node_gone(k, last);
	return i->i_cur;
}

struct klist_node *klist_next(struct klist_iter *i)
{
	return step(i, true);
}

struct klist_node *klist_prev(struct klist_iter *i)
{
	return step(i, false);
}

void klist_iter_exit(struct klist_iter *i)
{
	if (i->i_cur) {
		node_put(i->i_cur, false);
		i->i_cur = NULL;
	}
}
