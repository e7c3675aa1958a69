/* SPDX-License-Identifier: MIT */
/*
 * linux/xarray.h - the XArray's normal API (Documentation/core-api/
 * xarray.rst): an array of pointers indexed by unsigned long, with three
 * search marks, reserved entries, ID allocation (XA_FLAGS_ALLOC/ALLOC1)
 * and RCU-safe loads and searches beside locked updates.
 *
 * What zslab's has: xa_load/store/erase/insert/cmpxchg/reserve/release,
 * the __xa_ forms for callers holding xa_lock, xa_alloc and
 * xa_alloc_cyclic, marks (xa_set/clear/get_mark, xa_marked), xa_find,
 * xa_find_after, xa_extract, the xa_for_each family, xa_destroy, value
 * and tagged-pointer entries, and the error entries (xa_is_err, xa_err).
 * What it lacks: multi-index entries (xa_store_range, orders) and the
 * advanced xas_ API.  The tree (kernel/lib/xarray.c) has 64 slots a node.
 *
 * Entry encoding, as the kernel's: a pointer (aligned to 4), a value
 * ((v << 1) | 1), or an internal entry ((v << 2) | 2) that only the
 * array itself stores: XA_ZERO_ENTRY (a reserved slot, read as NULL) and
 * the error entries xa_mk_err(-errno) that updates return.  Storing an
 * internal entry other than XA_ZERO_ENTRY is refused with -EINVAL.
 */
#ifndef _ZSK_LINUX_XARRAY_H
#define _ZSK_LINUX_XARRAY_H

#include <limits.h>
#include <linux/bug.h>
#include <linux/err.h>
#include <linux/gfp.h>
#include <linux/spinlock.h>
#include <linux/types.h>

/* ---- entries ----------------------------------------------------------- */

/** xa_mk_value() - a value entry holding @v (at most LONG_MAX). */
static inline void *xa_mk_value(unsigned long v)
{
	WARN_ON((long)v < 0);
	return (void *)((v << 1) | 1);
}

/** xa_to_value() - the value of a value entry. */
static inline unsigned long xa_to_value(const void *entry)
{
	return (unsigned long)entry >> 1;
}

/** xa_is_value() - is @entry a value entry? */
static inline bool xa_is_value(const void *entry)
{
	return (unsigned long)entry & 1;
}

/** xa_tag_pointer() - @p with the tag @tag (0, 1 or 3) in its low bits. */
static inline void *xa_tag_pointer(void *p, unsigned long tag)
{
	return (void *)((unsigned long)p | tag);
}

/** xa_untag_pointer() - the pointer of a tagged entry. */
static inline void *xa_untag_pointer(void *entry)
{
	return (void *)((unsigned long)entry & ~3UL);
}

/** xa_pointer_tag() - the tag of a tagged entry. */
static inline unsigned int xa_pointer_tag(void *entry)
{
	return (unsigned int)((unsigned long)entry & 3UL);
}

/** xa_mk_internal() - an internal entry (the array's own). */
static inline void *xa_mk_internal(unsigned long v)
{
	return (void *)((v << 2) | 2);
}

/** xa_to_internal() - the value of an internal entry. */
static inline unsigned long xa_to_internal(const void *entry)
{
	return (unsigned long)entry >> 2;
}

/** xa_is_internal() - is @entry an internal entry? */
static inline bool xa_is_internal(const void *entry)
{
	return ((unsigned long)entry & 3) == 2;
}

/** XA_ZERO_ENTRY - a reserved slot: occupied, but loads see NULL. */
#define XA_ZERO_ENTRY xa_mk_internal(257)

/** xa_is_zero() - is @entry XA_ZERO_ENTRY? */
static inline bool xa_is_zero(const void *entry)
{
	return entry == XA_ZERO_ENTRY;
}

/** xa_is_err() - is @entry an error an update returned? */
static inline bool xa_is_err(const void *entry)
{
	return xa_is_internal(entry) &&
	       (unsigned long)entry >= (unsigned long)xa_mk_internal((unsigned long)-MAX_ERRNO);
}

/** xa_err() - the -errno of an error entry, else 0. */
static inline int xa_err(void *entry)
{
	return xa_is_err(entry) ? (int)((long)entry >> 2) : 0;
}

/* ---- limits, marks and flags ------------------------------------------- */

/** struct xa_limit - the IDs xa_alloc() may hand out, @min to @max inclusive. */
struct xa_limit {
	u32 max;
	u32 min;
};

#define XA_LIMIT(_min, _max) (struct xa_limit) { .min = (_min), .max = (_max) }
#define xa_limit_32b XA_LIMIT(0, UINT_MAX)
#define xa_limit_31b XA_LIMIT(0, INT_MAX)
#define xa_limit_16b XA_LIMIT(0, USHRT_MAX)

typedef unsigned int xa_mark_t;
#define XA_MARK_0 ((xa_mark_t)0U)
#define XA_MARK_1 ((xa_mark_t)1U)
#define XA_MARK_2 ((xa_mark_t)2U)
#define XA_PRESENT ((xa_mark_t)8U)
#define XA_MARK_MAX XA_MARK_2
#define XA_FREE_MARK XA_MARK_0

#define XA_FLAGS_LOCK_IRQ ((gfp_t)1U)
#define XA_FLAGS_LOCK_BH ((gfp_t)2U)
#define XA_FLAGS_TRACK_FREE ((gfp_t)4U)
#define XA_FLAGS_ZERO_BUSY ((gfp_t)8U)
#define XA_FLAGS_ALLOC_WRAPPED ((gfp_t)16U)
#define XA_FLAGS_ACCOUNT ((gfp_t)32U)
#define XA_FLAGS_MARK(mark) ((gfp_t)((1U << __GFP_BITS_SHIFT) << (unsigned int)(mark)))
/* IDs from 0; XA_MARK_0 tracks the free slots, so callers may not use it */
#define XA_FLAGS_ALLOC (XA_FLAGS_TRACK_FREE | XA_FLAGS_MARK(XA_FREE_MARK))
/* IDs from 1 */
#define XA_FLAGS_ALLOC1 (XA_FLAGS_TRACK_FREE | XA_FLAGS_ZERO_BUSY)

/* ---- the array --------------------------------------------------------- */

/**
 * struct xarray - the array.
 * @xa_lock:  serialises updates (xa_lock() and friends); loads and
 *            searches need only RCU, which the calls take themselves.
 * @xa_flags: XA_FLAGS_*.
 * @xa_head:  the root node, NULL when the array is empty (private).
 */
struct xarray {
	spinlock_t xa_lock;
	gfp_t xa_flags;
	void *xa_head;
};

#define XARRAY_INIT(name, flags) {                               \
	.xa_lock = __SPIN_LOCK_UNLOCKED(name.xa_lock),           \
	.xa_flags = (flags),                                     \
	.xa_head = NULL,                                         \
}
#define DEFINE_XARRAY_FLAGS(name, flags) struct xarray name = XARRAY_INIT(name, flags)
#define DEFINE_XARRAY(name) DEFINE_XARRAY_FLAGS(name, 0)
#define DEFINE_XARRAY_ALLOC(name) DEFINE_XARRAY_FLAGS(name, XA_FLAGS_ALLOC)
#define DEFINE_XARRAY_ALLOC1(name) DEFINE_XARRAY_FLAGS(name, XA_FLAGS_ALLOC1)

/** xa_init_flags() - an empty array with @flags. */
static inline void xa_init_flags(struct xarray *xa, gfp_t flags)
{
	spin_lock_init(&xa->xa_lock);
	xa->xa_flags = flags;
	xa->xa_head = NULL;
}

/** xa_init() - an empty array. */
static inline void xa_init(struct xarray *xa)
{
	xa_init_flags(xa, 0);
}

/** xa_empty() - does @xa hold nothing (reserved slots count as something)? */
static inline bool xa_empty(const struct xarray *xa)
{
	return __atomic_load_n(&xa->xa_head, __ATOMIC_ACQUIRE) == NULL;
}

#define xa_lock(xa) spin_lock(&(xa)->xa_lock)
#define xa_unlock(xa) spin_unlock(&(xa)->xa_lock)
#define xa_lock_bh(xa) spin_lock_bh(&(xa)->xa_lock)
#define xa_unlock_bh(xa) spin_unlock_bh(&(xa)->xa_lock)
#define xa_lock_irq(xa) spin_lock_irq(&(xa)->xa_lock)
#define xa_unlock_irq(xa) spin_unlock_irq(&(xa)->xa_lock)
#define xa_lock_irqsave(xa, flags) spin_lock_irqsave(&(xa)->xa_lock, flags)
#define xa_unlock_irqrestore(xa, flags) spin_unlock_irqrestore(&(xa)->xa_lock, flags)
#define xa_lock_nested(xa, subclass) xa_lock(xa)

/* ---- calls (kernel/lib/xarray.c) --------------------------------------- */

/** xa_load() - the entry at @index (NULL for none or a reserved slot). RCU-safe. */
void *xa_load(struct xarray *xa, unsigned long index);
/**
 * xa_store() - store @entry at @index (NULL erases, but reserves in an
 * ALLOC array).
 * Return: the old entry, or an error entry (xa_err(): -EINVAL, -ENOMEM).
 */
void *xa_store(struct xarray *xa, unsigned long index, void *entry, gfp_t gfp);
/** xa_erase() - remove the entry at @index. Return: the old entry. */
void *xa_erase(struct xarray *xa, unsigned long index);
/** __xa_store() - xa_store() with xa_lock held. */
void *__xa_store(struct xarray *xa, unsigned long index, void *entry, gfp_t gfp);
/** __xa_erase() - xa_erase() with xa_lock held. */
void *__xa_erase(struct xarray *xa, unsigned long index);
/**
 * __xa_cmpxchg() - store @entry at @index if the slot holds @old (NULL
 * does not match a reserved slot), with xa_lock held.
 * Return: what the slot held, or an error entry.
 */
void *__xa_cmpxchg(struct xarray *xa, unsigned long index, void *old, void *entry, gfp_t gfp);
/** __xa_insert() - store @entry at an empty @index, with xa_lock held. Return: 0, -EBUSY, -EINVAL, -ENOMEM. */
int __xa_insert(struct xarray *xa, unsigned long index, void *entry, gfp_t gfp);
/**
 * __xa_alloc() - store @entry at the lowest free index within @limit and
 * put it in *@id, with xa_lock held; only in ALLOC arrays.
 * Return: 0, -EBUSY (no free index), -EINVAL, -ENOMEM.
 */
int __xa_alloc(struct xarray *xa, u32 *id, void *entry, struct xa_limit limit, gfp_t gfp);
/**
 * __xa_alloc_cyclic() - __xa_alloc() from *@next upwards, wrapping to the
 * limit's start; *@next becomes the ID after the one given.
 * Return: 0, 1 when the search wrapped, or as __xa_alloc().
 */
int __xa_alloc_cyclic(struct xarray *xa, u32 *id, void *entry, struct xa_limit limit,
		      u32 *next, gfp_t gfp);
/** xa_get_mark() - is @mark set on @index? RCU-safe. */
bool xa_get_mark(struct xarray *xa, unsigned long index, xa_mark_t mark);
/** xa_set_mark() - set @mark on the entry at @index (nothing if none). */
void xa_set_mark(struct xarray *xa, unsigned long index, xa_mark_t mark);
/** xa_clear_mark() - clear @mark on @index. */
void xa_clear_mark(struct xarray *xa, unsigned long index, xa_mark_t mark);
/** __xa_set_mark() - xa_set_mark() with xa_lock held. */
void __xa_set_mark(struct xarray *xa, unsigned long index, xa_mark_t mark);
/** __xa_clear_mark() - xa_clear_mark() with xa_lock held. */
void __xa_clear_mark(struct xarray *xa, unsigned long index, xa_mark_t mark);
/** xa_marked() - is @mark set on any entry of @xa? */
bool xa_marked(const struct xarray *xa, xa_mark_t mark);
/**
 * xa_find() - the first entry at or after *@indexp, at most @max, that is
 * present (@filter XA_PRESENT) or has the mark @filter; *@indexp becomes
 * its index.  RCU-safe; reserved slots are skipped.
 * Return: the entry, or NULL.
 */
void *xa_find(struct xarray *xa, unsigned long *indexp, unsigned long max, xa_mark_t filter);
/** xa_find_after() - xa_find() from the index after *@indexp. */
void *xa_find_after(struct xarray *xa, unsigned long *indexp, unsigned long max,
		    xa_mark_t filter);
/** xa_extract() - copy up to @n entries from @start to @max matching @filter into @dst. Return: how many. */
unsigned int xa_extract(struct xarray *xa, void **dst, unsigned long start, unsigned long max,
			unsigned int n, xa_mark_t filter);
/** xa_destroy() - free every node; the entries themselves are the caller's. */
void xa_destroy(struct xarray *xa);

/* ---- the locked forms ---------------------------------------------------- */

#define __XA_LOCKED(lock, unlock, call) ({ __typeof__(call) __r; lock; __r = (call); unlock; __r; })

#define xa_store_bh(xa, i, e, g) __XA_LOCKED(xa_lock_bh(xa), xa_unlock_bh(xa), __xa_store(xa, i, e, g))
#define xa_store_irq(xa, i, e, g) __XA_LOCKED(xa_lock_irq(xa), xa_unlock_irq(xa), __xa_store(xa, i, e, g))
#define xa_erase_bh(xa, i) __XA_LOCKED(xa_lock_bh(xa), xa_unlock_bh(xa), __xa_erase(xa, i))
#define xa_erase_irq(xa, i) __XA_LOCKED(xa_lock_irq(xa), xa_unlock_irq(xa), __xa_erase(xa, i))

/** xa_cmpxchg() - __xa_cmpxchg() under xa_lock. */
static inline void *xa_cmpxchg(struct xarray *xa, unsigned long index, void *old,
			       void *entry, gfp_t gfp)
{
	return __XA_LOCKED(xa_lock(xa), xa_unlock(xa), __xa_cmpxchg(xa, index, old, entry, gfp));
}
#define xa_cmpxchg_bh xa_cmpxchg
#define xa_cmpxchg_irq xa_cmpxchg

/** xa_insert() - __xa_insert() under xa_lock. */
static inline int xa_insert(struct xarray *xa, unsigned long index, void *entry, gfp_t gfp)
{
	return __XA_LOCKED(xa_lock(xa), xa_unlock(xa), __xa_insert(xa, index, entry, gfp));
}
#define xa_insert_bh xa_insert
#define xa_insert_irq xa_insert

/** xa_alloc() - __xa_alloc() under xa_lock. */
static inline int xa_alloc(struct xarray *xa, u32 *id, void *entry, struct xa_limit limit,
			   gfp_t gfp)
{
	return __XA_LOCKED(xa_lock(xa), xa_unlock(xa), __xa_alloc(xa, id, entry, limit, gfp));
}
#define xa_alloc_bh xa_alloc
#define xa_alloc_irq xa_alloc

/** xa_alloc_cyclic() - __xa_alloc_cyclic() under xa_lock. */
static inline int xa_alloc_cyclic(struct xarray *xa, u32 *id, void *entry,
				  struct xa_limit limit, u32 *next, gfp_t gfp)
{
	return __XA_LOCKED(xa_lock(xa), xa_unlock(xa),
			   __xa_alloc_cyclic(xa, id, entry, limit, next, gfp));
}
#define xa_alloc_cyclic_bh xa_alloc_cyclic
#define xa_alloc_cyclic_irq xa_alloc_cyclic

/** xa_reserve() - reserve an empty @index: loads see NULL, inserts -EBUSY. Return: 0 or -errno. */
static inline int xa_reserve(struct xarray *xa, unsigned long index, gfp_t gfp)
{
	return xa_err(xa_cmpxchg(xa, index, NULL, XA_ZERO_ENTRY, gfp));
}
#define xa_reserve_bh xa_reserve
#define xa_reserve_irq xa_reserve

/** xa_release() - undo xa_reserve() (nothing if the slot was stored to since). */
static inline void xa_release(struct xarray *xa, unsigned long index)
{
	xa_cmpxchg(xa, index, XA_ZERO_ENTRY, NULL, 0);
}

/* ---- iteration ----------------------------------------------------------- */

#define xa_for_each_range(xa, index, entry, start, last)                  \
	for ((index) = (start), (entry) = xa_find(xa, &(index), last, XA_PRESENT); \
	     (entry); (entry) = xa_find_after(xa, &(index), last, XA_PRESENT))
#define xa_for_each_start(xa, index, entry, start) \
	xa_for_each_range(xa, index, entry, start, ULONG_MAX)
#define xa_for_each(xa, index, entry) xa_for_each_start(xa, index, entry, 0)
#define xa_for_each_marked(xa, index, entry, filter)                       \
	for ((index) = 0, (entry) = xa_find(xa, &(index), ULONG_MAX, filter); \
	     (entry); (entry) = xa_find_after(xa, &(index), ULONG_MAX, filter))

#endif
