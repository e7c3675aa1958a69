/* SPDX-License-Identifier: MIT */
/*
 * bigmap.c - blocks larger than the page allocator's largest order (or
 * that it cannot align) get a host mapping of their own.  A hash table of
 * registered blocks lets free() and realloc() recognise them, so a
 * pointer malloc never returned is never unmapped.
 *
 * Invariant: a block is in the table from its mapping until its unmap;
 * node->len is the mapping's length (a page multiple), node->addr its
 * start and the pointer handed out.  The table is under big_lock (lock
 * order: zmalloc.h).
 */
#include <stdint.h>

#include "init/malloc_iface.h"
#include "zmalloc.h"
#include <zslab/slab.h>

#define BIG_BUCKETS 1024

struct big_node {
	struct big_node *next;
	void *addr;
	size_t len;
};

static struct big_node *buckets[BIG_BUCKETS];
static zs_spinlock_t big_lock = ZS_SPINLOCK_INIT(ZS_RANK_MALLOC_BIG);

static struct big_node **bucket_of(const void *p)
{
	uint64_t h = ((uintptr_t)p >> 12) * 0x9e3779b97f4a7c15ull;

	return &buckets[h >> (64 - 10)];
}

void *zm_big_alloc(size_t size, size_t align)
{
	size_t len = (size + ZS_HOST_PAGE - 1) & ~(ZS_HOST_PAGE - 1);
	struct big_node *n, **b;

	if (len < size)
		return NULL;
	if (!len)
		len = ZS_HOST_PAGE;
	n = kmalloc(sizeof(*n), GFP_KERNEL | __GFP_NOWARN);
	if (!n)
		return NULL;
	n->addr = zs_host_reserve_aligned(len, align < ZS_HOST_PAGE ? ZS_HOST_PAGE : align);
	if (!n->addr) {
		kfree(n);
		return NULL;
	}
	n->len = len;
	b = bucket_of(n->addr);
	zs_spin_lock(&big_lock);
	n->next = *b;
	*b = n;
	zs_spin_unlock(&big_lock);
	return n->addr;
}

/* Take @p's node off the table (big_lock held); NULL if not there. */
static struct big_node *unlink_node(const void *p)
{
	for (struct big_node **pp = bucket_of(p); *pp; pp = &(*pp)->next)
		if ((*pp)->addr == p) {
			struct big_node *n = *pp;
			*pp = n->next;
			return n;
		}
	return NULL;
}

void *zm_big_take(void *p)
{
	struct big_node *n;

	zs_spin_lock(&big_lock);
	n = unlink_node(p);
	zs_spin_unlock(&big_lock);
	if (n)
		zs_host_unmap(n->addr, n->len);
	return n;
}

/*
 * The node is off the table while the mapping moves, so no other thread
 * can find (or free) the block half-moved; a concurrent free of the same
 * pointer is the caller's bug and is reported as foreign.
 */
void *zm_big_resize(void *p, size_t size)
{
	size_t len = (size + ZS_HOST_PAGE - 1) & ~(ZS_HOST_PAGE - 1);
	struct big_node *n, **b;
	void *q;

	if (len < size || !len)
		return NULL;
	zs_spin_lock(&big_lock);
	n = unlink_node(p);
	zs_spin_unlock(&big_lock);
	if (!n)
		return NULL;
	q = zs_host_remap(n->addr, n->len, len);
	if (q) {
		n->addr = q;
		n->len = len;
	}
	b = bucket_of(n->addr);
	zs_spin_lock(&big_lock);
	n->next = *b;
	*b = n;
	zs_spin_unlock(&big_lock);
	return q;
}

size_t zm_big_size(const void *p)
{
	size_t len = 0;

	zs_spin_lock(&big_lock);
	for (struct big_node *n = *bucket_of(p); n; n = n->next)
		if (n->addr == p) {
			len = n->len;
			break;
		}
	zs_spin_unlock(&big_lock);
	return len;
}

size_t zm_big_held(size_t *nr)
{
	size_t bytes = 0, n = 0;

	zs_spin_lock(&big_lock);
	for (unsigned int b = 0; b < BIG_BUCKETS; b++)
		for (const struct big_node *node = buckets[b]; node; node = node->next) {
			bytes += node->len;
			n++;
		}
	zs_spin_unlock(&big_lock);
	if (nr)
		*nr = n;
	return bytes;
}

void zm_big_fork_prepare(void)
{
	zs_spin_lock(&big_lock);
}

void zm_big_fork_done(void)
{
	zs_spin_unlock(&big_lock);
}
