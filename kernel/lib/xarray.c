// SPDX-License-Identifier: MIT
/*
 * xarray.c - the XArray (see linux/xarray.h) as a radix tree of 64-slot
 * nodes.
 *
 * A node at @shift has 64 slots, each covering 1 << @shift indices; a
 * leaf (shift 0) holds entries, an inner node holds child nodes.  The
 * root covers indices 0 .. (64 << root shift) - 1; a store beyond it adds
 * roots above, and an update that leaves the root with only its first
 * slot used drops that root again.  A node that becomes empty is removed
 * from its parent.
 *
 * Marks: bit i of a leaf's marks[m] says entry i has mark m; of an inner
 * node's, that child i's subtree has an entry with mark m.  In an array
 * that tracks free slots (XA_FLAGS_TRACK_FREE), marks[XA_FREE_MARK]
 * instead says slot i (or some slot below child i) is free; a NULL slot
 * of any node is always free.
 *
 * Invariants (checked by xa_check(), which the tests call): count is the
 * number of non-NULL slots and at least 1; every child's parent, offset
 * and shift agree with where it hangs; an inner node's mark bit is set
 * exactly when its child has that mark bit set anywhere; in a
 * free-tracking array a leaf's free bit is set exactly for its NULL slots;
 * a root above the leaves uses more than its first slot.
 *
 * Concurrency: every update runs under xa_lock; loads and searches run
 * under rcu_read_lock() against slots published with release stores, and
 * a node leaves the tree before call_rcu() frees it, so a reader sees a
 * node either still in the tree or not yet freed.
 */
#include <linux/bitops.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/xarray.h>
#include <zslab-kernel.h>

#include "zsk_internal.h"

#define XA_CHUNK_SHIFT 6
#define XA_CHUNK_SIZE (1UL << XA_CHUNK_SHIFT)
#define XA_CHUNK_MASK (XA_CHUNK_SIZE - 1)
#define XA_MAX_MARKS 3
#define XA_MAX_DEPTH ((BITS_PER_LONG + XA_CHUNK_SHIFT - 1) / XA_CHUNK_SHIFT)

struct xa_node {
	unsigned char shift;
	unsigned char offset;           /* slot in the parent */
	unsigned char count;            /* non-NULL slots */
	struct xa_node *parent;
	struct rcu_head rcu;
	void *slots[XA_CHUNK_SIZE];
	unsigned long marks[XA_MAX_MARKS];
};

/* ---- helpers -------------------------------------------------------------------- */

static inline void *rd(void *const *slot)
{
	return __atomic_load_n(slot, __ATOMIC_ACQUIRE);
}

static inline void wr(void **slot, void *v)
{
	__atomic_store_n(slot, v, __ATOMIC_RELEASE);
}

static inline bool track_free(const struct xarray *xa)
{
	return xa->xa_flags & XA_FLAGS_TRACK_FREE;
}

/* The last index a node at @shift covers from its base. */
static inline unsigned long span_last(unsigned int shift)
{
	return shift + XA_CHUNK_SHIFT >= BITS_PER_LONG ? ULONG_MAX :
	       (1UL << (shift + XA_CHUNK_SHIFT)) - 1;
}

static inline unsigned int offset_of(unsigned long index, const struct xa_node *node)
{
	return (index >> node->shift) & XA_CHUNK_MASK;
}

static inline bool mark_bit(const struct xa_node *n, xa_mark_t m, unsigned int off)
{
	return __atomic_load_n(&n->marks[m], __ATOMIC_RELAXED) & (1UL << off);
}

static inline void set_bit_at(struct xa_node *n, xa_mark_t m, unsigned int off)
{
	__atomic_fetch_or(&n->marks[m], 1UL << off, __ATOMIC_RELAXED);
}

static inline void clear_bit_at(struct xa_node *n, xa_mark_t m, unsigned int off)
{
	__atomic_fetch_and(&n->marks[m], ~(1UL << off), __ATOMIC_RELAXED);
}

/* Set mark @m at @off of @n and in every ancestor (free marks too). */
static void mark_up(struct xa_node *n, xa_mark_t m, unsigned int off)
{
	while (n && !mark_bit(n, m, off)) {
		set_bit_at(n, m, off);
		off = n->offset;
		n = n->parent;
	}
}

/* Clear mark @m at @off of @n, and in ancestors whose child lost its last. */
static void unmark_up(struct xa_node *n, xa_mark_t m, unsigned int off)
{
	while (n) {
		clear_bit_at(n, m, off);
		if (n->marks[m])
			return;
		off = n->offset;
		n = n->parent;
	}
}

static bool valid_mark(const struct xarray *xa, const char *fn, xa_mark_t mark)
{
	if (mark > XA_MARK_MAX) {
		WARN(1, "%s: mark %u does not exist (XA_MARK_0..XA_MARK_2)\n", fn, mark);
		return false;
	}
	if (track_free(xa) && mark == XA_FREE_MARK) {
		WARN(1, "%s: XA_MARK_0 tracks the free slots of an ALLOC array; "
		     "use XA_MARK_1 or XA_MARK_2\n", fn);
		return false;
	}
	return true;
}

/* ---- nodes ----------------------------------------------------------------------- */

/* Nodes allocated before an update changes anything, so it cannot fail halfway. */
struct stash {
	struct xa_node *n[2 * XA_MAX_DEPTH];
	unsigned int nr;
};

static void node_free_rcu(struct rcu_head *head)
{
	kfree(container_of(head, struct xa_node, rcu));
}

static void node_free(struct xa_node *node)
{
	call_rcu(&node->rcu, node_free_rcu);
}

static struct xa_node *node_take(struct xarray *xa, struct stash *st, unsigned int shift,
				 struct xa_node *parent, unsigned int offset)
{
	struct xa_node *n = st->n[--st->nr];

	n->shift = (unsigned char)shift;
	n->offset = (unsigned char)offset;
	n->parent = parent;
	if (track_free(xa))
		n->marks[XA_FREE_MARK] = ~0UL;
	return n;
}

/*
 * How many nodes a store at a missing @index adds: roots above the root
 * until @index is covered, then the path below the first node on the way
 * down that lacks the child @index needs.
 */
static unsigned int nodes_needed(const struct xarray *xa, unsigned long index)
{
	struct xa_node *node = xa->xa_head;
	unsigned int shift, roots = 0;

	if (!node) {
		for (shift = 0; index > span_last(shift); shift += XA_CHUNK_SHIFT)
			;
		return shift / XA_CHUNK_SHIFT + 1;
	}
	for (shift = node->shift; index > span_last(shift); shift += XA_CHUNK_SHIFT)
		roots++;
	if (roots) {
		/* down the new roots' slot-0 chain while @index goes that way */
		while (((index >> shift) & XA_CHUNK_MASK) == 0)
			shift -= XA_CHUNK_SHIFT;
		return roots + shift / XA_CHUNK_SHIFT;
	}
	while (node->shift) {
		struct xa_node *child = node->slots[offset_of(index, node)];

		if (!child)
			return node->shift / XA_CHUNK_SHIFT;
		node = child;
	}
	return 0;
}

static bool stash_fill(struct stash *st, unsigned int want, gfp_t gfp)
{
	st->nr = 0;
	while (st->nr < want) {
		st->n[st->nr] = kzalloc(sizeof(struct xa_node), gfp);
		if (!st->n[st->nr])
			return false;
		st->nr++;
	}
	return true;
}

static void stash_drain(struct stash *st)
{
	while (st->nr)
		kfree(st->n[--st->nr]);
}

/* ---- finding slots ------------------------------------------------------------------ */

/* The slot of @index, or NULL when no leaf holds it (under xa_lock or RCU). */
static void **slot_find(struct xarray *xa, unsigned long index, struct xa_node **leafp)
{
	struct xa_node *node = rd(&xa->xa_head);

	if (!node || index > span_last(node->shift))
		return NULL;
	while (node->shift) {
		node = rd(&node->slots[offset_of(index, node)]);
		if (!node)
			return NULL;
	}
	*leafp = node;
	return &node->slots[offset_of(index, node)];
}

/* Put a new root above @node; its first slot holds @node. */
static struct xa_node *grow(struct xarray *xa, struct stash *st, struct xa_node *node)
{
	struct xa_node *top = node_take(xa, st, node->shift + XA_CHUNK_SHIFT, NULL, 0);
	xa_mark_t m;

	top->slots[0] = node;
	top->count = 1;
	for (m = 0; m < XA_MAX_MARKS; m++) {
		if (track_free(xa) && m == XA_FREE_MARK) {
			if (!node->marks[m])
				top->marks[m] &= ~1UL;
		} else if (node->marks[m]) {
			top->marks[m] = 1UL;
		}
	}
	node->parent = top;
	node->offset = 0;
	wr(&xa->xa_head, top);
	return top;
}

/* The slot of @index, made with the stash's nodes (under xa_lock). */
static void **slot_create(struct xarray *xa, unsigned long index, struct stash *st,
			  struct xa_node **leafp)
{
	struct xa_node *node = xa->xa_head;

	if (!node) {
		unsigned int shift = 0;

		while (index > span_last(shift))
			shift += XA_CHUNK_SHIFT;
		node = node_take(xa, st, shift, NULL, 0);
		wr(&xa->xa_head, node);
	}
	while (index > span_last(node->shift))
		node = grow(xa, st, node);
	while (node->shift) {
		unsigned int off = offset_of(index, node);
		struct xa_node *child = node->slots[off];

		if (!child) {
			child = node_take(xa, st, node->shift - XA_CHUNK_SHIFT, node, off);
			wr(&node->slots[off], child);
			node->count++;
		}
		node = child;
	}
	*leafp = node;
	return &node->slots[offset_of(index, node)];
}

/* ---- changing slots ------------------------------------------------------------------- */

/* Drop roots that use only their first slot. */
static void shrink(struct xarray *xa)
{
	struct xa_node *root = xa->xa_head;

	while (root && root->shift && root->count == 1 && root->slots[0]) {
		struct xa_node *child = root->slots[0];

		child->parent = NULL;
		wr(&xa->xa_head, child);
		node_free(root);
		root = child;
	}
}

/* Remove @node and each ancestor that its removal empties. */
static void prune(struct xarray *xa, struct xa_node *node)
{
	while (node && !node->count) {
		struct xa_node *parent = node->parent;
		xa_mark_t m;

		if (parent) {
			wr(&parent->slots[node->offset], NULL);
			parent->count--;
			for (m = 0; m < XA_MAX_MARKS; m++)
				if (!(track_free(xa) && m == XA_FREE_MARK))
					clear_bit_at(parent, m, node->offset);
		} else {
			wr(&xa->xa_head, NULL);
		}
		node_free(node);
		node = parent;
	}
	shrink(xa);
}

static void slot_clear(struct xarray *xa, struct xa_node *leaf, unsigned int off)
{
	xa_mark_t m;

	wr(&leaf->slots[off], NULL);
	leaf->count--;
	for (m = 0; m < XA_MAX_MARKS; m++) {
		if (track_free(xa) && m == XA_FREE_MARK)
			mark_up(leaf, m, off);
		else if (mark_bit(leaf, m, off))
			unmark_up(leaf, m, off);
	}
	prune(xa, leaf);
}

static void slot_set(struct xarray *xa, struct xa_node *leaf, unsigned int off, void *entry)
{
	void *curr = leaf->slots[off];

	wr(&leaf->slots[off], entry);
	if (!curr) {
		leaf->count++;
		if (track_free(xa))
			unmark_up(leaf, XA_FREE_MARK, off);
	}
}

static inline void *err_entry(int err)
{
	return xa_mk_internal((unsigned long)(long)err);
}

/*
 * Replace what @index holds with @entry (NULL removes it); with @cmp only
 * when it holds @old.  Under xa_lock.  Return: what the slot held, or an
 * error entry, with nothing changed.
 */
static void *update(struct xarray *xa, unsigned long index, bool cmp, void *old,
		    void *entry, gfp_t gfp)
{
	struct xa_node *leaf = NULL;
	void **slot = slot_find(xa, index, &leaf);
	void *curr = slot ? *slot : NULL;
	struct stash st;

	lockdep_assert_held(&xa->xa_lock);
	if (cmp && curr != old)
		return curr;
	if (!entry) {
		if (curr)
			slot_clear(xa, leaf, offset_of(index, leaf));
		return curr;
	}
	if (!slot) {
		if (!stash_fill(&st, nodes_needed(xa, index), gfp)) {
			stash_drain(&st);
			return err_entry(-ENOMEM);
		}
		slot = slot_create(xa, index, &st, &leaf);
		WARN_ON(st.nr);
	}
	slot_set(xa, leaf, offset_of(index, leaf), entry);
	return curr;
}

static inline void *zero_to_null(void *entry)
{
	return xa_is_zero(entry) ? NULL : entry;
}

/* Internal entries other than XA_ZERO_ENTRY are the array's own. */
static bool storable(const char *fn, void *entry)
{
	if (!xa_is_internal(entry) || xa_is_zero(entry))
		return true;
	WARN(1, "%s: entry %p is an internal entry (low bits 10), which only the XArray "
	     "itself stores\n", fn, entry);
	return false;
}

/* ---- the API ---------------------------------------------------------------------- */

void *xa_load(struct xarray *xa, unsigned long index)
{
	struct xa_node *leaf;
	void **slot;
	void *entry = NULL;

	rcu_read_lock();
	slot = slot_find(xa, index, &leaf);
	if (slot)
		entry = rd(slot);
	rcu_read_unlock();
	return zero_to_null(entry);
}

void *zsk_xa_load_raw(struct xarray *xa, unsigned long index)
{
	struct xa_node *leaf;
	void **slot = slot_find(xa, index, &leaf);

	return slot ? rd(slot) : NULL;
}

void *__xa_store(struct xarray *xa, unsigned long index, void *entry, gfp_t gfp)
{
	if (!storable(__func__, entry))
		return err_entry(-EINVAL);
	if (track_free(xa) && !entry)
		entry = XA_ZERO_ENTRY;
	return zero_to_null(update(xa, index, false, NULL, entry, gfp));
}

void *xa_store(struct xarray *xa, unsigned long index, void *entry, gfp_t gfp)
{
	void *curr;

	xa_lock(xa);
	curr = __xa_store(xa, index, entry, gfp);
	xa_unlock(xa);
	return curr;
}

void *__xa_erase(struct xarray *xa, unsigned long index)
{
	return zero_to_null(update(xa, index, false, NULL, NULL, 0));
}

void *xa_erase(struct xarray *xa, unsigned long index)
{
	void *curr;

	xa_lock(xa);
	curr = __xa_erase(xa, index);
	xa_unlock(xa);
	return curr;
}

void *__xa_cmpxchg(struct xarray *xa, unsigned long index, void *old, void *entry, gfp_t gfp)
{
	if (!storable(__func__, entry))
		return err_entry(-EINVAL);
	return zero_to_null(update(xa, index, true, old, entry, gfp));
}

int __xa_insert(struct xarray *xa, unsigned long index, void *entry, gfp_t gfp)
{
	void *curr;

	if (!storable(__func__, entry))
		return -EINVAL;
	if (!entry)
		entry = XA_ZERO_ENTRY;
	curr = update(xa, index, true, NULL, entry, gfp);
	if (xa_is_err(curr))
		return xa_err(curr);
	return curr ? -EBUSY : 0;
}

/* The lowest free index at or above @min below @node (its first index @base). */
static bool free_in(struct xa_node *node, unsigned long base, unsigned long min,
		    unsigned long *out)
{
	unsigned long off = min > base ? (min - base) >> node->shift : 0;

	for (; off < XA_CHUNK_SIZE && off <= (ULONG_MAX >> node->shift); off++) {
		unsigned long start = base + (off << node->shift);
		struct xa_node *child = node->slots[off];

		if (!mark_bit(node, XA_FREE_MARK, (unsigned int)off))
			continue;
		if (start < min)
			start = min;
		if (!child || !node->shift) {
			*out = start;
			return true;
		}
		if (free_in(child, base + (off << node->shift), start, out))
			return true;
	}
	return false;
}

static bool find_free(struct xarray *xa, unsigned long min, unsigned long *out)
{
	struct xa_node *root = xa->xa_head;

	if (!root || min > span_last(root->shift)) {
		*out = min;
		return true;
	}
	if (free_in(root, 0, min, out))
		return true;
	if (span_last(root->shift) == ULONG_MAX)
		return false;
	*out = span_last(root->shift) + 1;
	return true;
}

int __xa_alloc(struct xarray *xa, u32 *id, void *entry, struct xa_limit limit, gfp_t gfp)
{
	unsigned long min = limit.min, index;
	void *curr;

	if (!track_free(xa)) {
		WARN(1, "xa_alloc: the array was not made with XA_FLAGS_ALLOC or XA_FLAGS_ALLOC1\n");
		return -EINVAL;
	}
	if (!storable(__func__, entry))
		return -EINVAL;
	if (!entry)
		entry = XA_ZERO_ENTRY;
	if ((xa->xa_flags & XA_FLAGS_ZERO_BUSY) && !min)
		min = 1;
	if (min > limit.max || !find_free(xa, min, &index) || index > limit.max)
		return -EBUSY;
	curr = update(xa, index, false, NULL, entry, gfp);
	if (xa_is_err(curr))
		return xa_err(curr);
	*id = (u32)index;
	return 0;
}

int __xa_alloc_cyclic(struct xarray *xa, u32 *id, void *entry, struct xa_limit limit,
		      u32 *next, gfp_t gfp)
{
	u32 min = limit.min;
	int ret;

	if (*next > limit.min)
		limit.min = *next;
	ret = __xa_alloc(xa, id, entry, limit, gfp);
	if ((xa->xa_flags & XA_FLAGS_ALLOC_WRAPPED) && ret == 0) {
		xa->xa_flags &= ~XA_FLAGS_ALLOC_WRAPPED;
		ret = 1;
	}
	if (ret < 0 && limit.min > min) {
		limit.min = min;
		ret = __xa_alloc(xa, id, entry, limit, gfp);
		if (ret == 0)
			ret = 1;
	}
	if (ret >= 0) {
		*next = *id + 1;
		if (*next == 0)
			xa->xa_flags |= XA_FLAGS_ALLOC_WRAPPED;
	}
	return ret;
}

/* ---- marks ------------------------------------------------------------------------ */

bool xa_get_mark(struct xarray *xa, unsigned long index, xa_mark_t mark)
{
	struct xa_node *leaf;
	void **slot;
	bool set = false;

	if (!valid_mark(xa, __func__, mark))
		return false;
	rcu_read_lock();
	slot = slot_find(xa, index, &leaf);
	if (slot && rd(slot))
		set = mark_bit(leaf, mark, offset_of(index, leaf));
	rcu_read_unlock();
	return set;
}

void __xa_set_mark(struct xarray *xa, unsigned long index, xa_mark_t mark)
{
	struct xa_node *leaf;
	void **slot;

	if (!valid_mark(xa, __func__, mark))
		return;
	slot = slot_find(xa, index, &leaf);
	if (slot && *slot)
		mark_up(leaf, mark, offset_of(index, leaf));
}

void __xa_clear_mark(struct xarray *xa, unsigned long index, xa_mark_t mark)
{
	struct xa_node *leaf;
	void **slot;

	if (!valid_mark(xa, __func__, mark))
		return;
	slot = slot_find(xa, index, &leaf);
	if (slot && mark_bit(leaf, mark, offset_of(index, leaf)))
		unmark_up(leaf, mark, offset_of(index, leaf));
}

void xa_set_mark(struct xarray *xa, unsigned long index, xa_mark_t mark)
{
	xa_lock(xa);
	__xa_set_mark(xa, index, mark);
	xa_unlock(xa);
}

void xa_clear_mark(struct xarray *xa, unsigned long index, xa_mark_t mark)
{
	xa_lock(xa);
	__xa_clear_mark(xa, index, mark);
	xa_unlock(xa);
}

bool xa_marked(const struct xarray *xa, xa_mark_t mark)
{
	struct xa_node *root;
	bool set;

	if (mark > XA_MARK_MAX)
		return false;
	rcu_read_lock();
	root = rd((void *const *)&xa->xa_head);
	set = root && __atomic_load_n(&root->marks[mark], __ATOMIC_RELAXED);
	rcu_read_unlock();
	return set;
}

/* ---- searching -------------------------------------------------------------------- */

/* The first entry at or above @min, at most @max, below @node (first index @base). */
static void *find_in(struct xa_node *node, unsigned long base, unsigned long min,
		     unsigned long max, xa_mark_t filter, unsigned long *out)
{
	unsigned long off = min > base ? (min - base) >> node->shift : 0;

	for (; off < XA_CHUNK_SIZE && off <= (ULONG_MAX >> node->shift); off++) {
		unsigned long start = base + (off << node->shift);
		void *e;

		if (start > max)
			return NULL;
		if (filter != XA_PRESENT && !mark_bit(node, filter, (unsigned int)off))
			continue;
		e = rd(&node->slots[off]);
		if (!e)
			continue;
		if (!node->shift) {
			if (xa_is_zero(e))
				continue;
			*out = start;
			return e;
		}
		e = find_in(e, start, start > min ? start : min, max, filter, out);
		if (e)
			return e;
	}
	return NULL;
}

void *xa_find(struct xarray *xa, unsigned long *indexp, unsigned long max, xa_mark_t filter)
{
	unsigned long index = 0;
	struct xa_node *root;
	void *entry = NULL;

	if (filter != XA_PRESENT && !valid_mark(xa, __func__, filter))
		return NULL;
	if (*indexp > max)
		return NULL;
	rcu_read_lock();
	root = rd(&xa->xa_head);
	if (root && *indexp <= span_last(root->shift))
		entry = find_in(root, 0, *indexp, max, filter, &index);
	rcu_read_unlock();
	if (entry)
		*indexp = index;
	return entry;
}

void *xa_find_after(struct xarray *xa, unsigned long *indexp, unsigned long max,
		    xa_mark_t filter)
{
	unsigned long index;
	void *entry;

	if (*indexp == ULONG_MAX)
		return NULL;
	index = *indexp + 1;
	entry = xa_find(xa, &index, max, filter);
	if (entry)
		*indexp = index;
	return entry;
}

unsigned int xa_extract(struct xarray *xa, void **dst, unsigned long start, unsigned long max,
			unsigned int n, xa_mark_t filter)
{
	unsigned long index = start;
	unsigned int got = 0;
	void *entry;

	if (!n)
		return 0;
	for (entry = xa_find(xa, &index, max, filter); entry;
	     entry = xa_find_after(xa, &index, max, filter)) {
		dst[got++] = entry;
		if (got == n)
			break;
	}
	return got;
}

/* ---- teardown and checking ---------------------------------------------------------- */

static void free_tree(struct xa_node *node)
{
	if (node->shift)
		for (unsigned int i = 0; i < XA_CHUNK_SIZE; i++)
			if (node->slots[i])
				free_tree(node->slots[i]);
	node_free(node);
}

void xa_destroy(struct xarray *xa)
{
	struct xa_node *root;

	xa_lock(xa);
	root = xa->xa_head;
	wr(&xa->xa_head, NULL);
	if (root)
		free_tree(root);
	xa_unlock(xa);
}

/* One node's invariants; returns the number of broken ones, described. */
static int check_node(const struct xarray *xa, const struct xa_node *n)
{
	int bad = 0;
	unsigned int used = 0;
	xa_mark_t m;

	for (unsigned int i = 0; i < XA_CHUNK_SIZE; i++) {
		const struct xa_node *c = n->slots[i];

		if (!c) {
			for (m = 0; m < XA_MAX_MARKS; m++)
				if (mark_bit(n, m, i) != (track_free(xa) && m == XA_FREE_MARK)) {
					pr_err("xarray %p: node %p slot %u: empty, mark %u is %d\n",
					       xa, n, i, m, mark_bit(n, m, i));
					bad++;
				}
			continue;
		}
		used++;
		if (!n->shift) {
			if (track_free(xa) && mark_bit(n, XA_FREE_MARK, i)) {
				pr_err("xarray %p: leaf %p slot %u holds %p but is marked free\n",
				       xa, n, i, n->slots[i]);
				bad++;
			}
			continue;
		}
		if (c->parent != n || c->offset != i || c->shift + XA_CHUNK_SHIFT != n->shift) {
			pr_err("xarray %p: node %p slot %u: child %p has parent %p offset %u shift %u\n",
			       xa, n, i, c, c->parent, c->offset, c->shift);
			bad++;
		}
		for (m = 0; m < XA_MAX_MARKS; m++)
			if (mark_bit(n, m, i) != (c->marks[m] != 0)) {
				pr_err("xarray %p: node %p slot %u: mark %u is %d, the child's marks %lx\n",
				       xa, n, i, m, mark_bit(n, m, i), c->marks[m]);
				bad++;
			}
		bad += check_node(xa, c);
	}
	if (used != n->count || !used) {
		pr_err("xarray %p: node %p counts %u slots, holds %u\n", xa, n, n->count, used);
		bad++;
	}
	return bad;
}

int zsk_xa_check(struct xarray *xa)
{
	struct xa_node *root;
	int bad = 0;

	xa_lock(xa);
	root = xa->xa_head;
	if (root) {
		if (root->parent) {
			pr_err("xarray %p: the root %p has a parent\n", xa, root);
			bad++;
		}
		if (root->shift && root->count == 1 && root->slots[0]) {
			pr_err("xarray %p: the root %p uses only its first slot\n", xa, root);
			bad++;
		}
		bad += check_node(xa, root);
	}
	xa_unlock(xa);
	return bad;
}
