/* SPDX-License-Identifier: MIT */
/*
 * linux/idr.h - ID allocators on the XArray (kernel/lib/idr.c):
 *
 * IDR maps small integers to pointers: idr_alloc (lowest free ID in
 * [start, end)), idr_alloc_u32, idr_alloc_cyclic, idr_find, idr_remove,
 * idr_replace, idr_for_each, idr_get_next(_ul) and the idr_for_each_entry
 * family; an ID allocated with a NULL pointer stays taken until removed.
 * An IDR made with idr_init_base() hands out IDs from its base.  Like the
 * kernel's, the IDR relies on its callers for exclusion between updates;
 * here each call also takes the XArray's own lock, so concurrent updates
 * are safe too, and lookups run under RCU.
 *
 * IDA hands out IDs alone, one bit each, in 1024-bit chunks
 * (IDA_BITMAP_BITS): ida_alloc, ida_alloc_min, ida_alloc_max,
 * ida_alloc_range (lowest free in [min, max], at most INT_MAX), ida_free
 * (the kernel's "ida_free called for id=%d which is not allocated." WARN
 * for an ID not taken), ida_find_first(_range), ida_destroy, ida_is_empty,
 * and the older ida_simple_get/ida_simple_remove.  The IDA's calls lock
 * for themselves.
 */
#ifndef _ZSK_LINUX_IDR_H
#define _ZSK_LINUX_IDR_H

#include <linux/bitops.h>
#include <linux/gfp.h>
#include <linux/types.h>
#include <linux/xarray.h>

/* ---- IDR ----------------------------------------------------------------- */

/**
 * struct idr - an ID to pointer map.
 * @idr_rt:   the array, indexed by ID - @idr_base (private).
 * @idr_base: the first ID.
 * @idr_next: where idr_alloc_cyclic() looks next (the cursor).
 */
struct idr {
	struct xarray idr_rt;
	unsigned int idr_base;
	unsigned int idr_next;
};

#define IDR_INIT_BASE(name, base) { \
	.idr_rt = XARRAY_INIT(name.idr_rt, XA_FLAGS_ALLOC), .idr_base = (base), .idr_next = 0 }
#define IDR_INIT(name) IDR_INIT_BASE(name, 0)
#define DEFINE_IDR(name) struct idr name = IDR_INIT(name)

/** idr_init_base() - an empty IDR handing out IDs from @base. */
static inline void idr_init_base(struct idr *idr, int base)
{
	xa_init_flags(&idr->idr_rt, XA_FLAGS_ALLOC);
	idr->idr_base = (unsigned int)base;
	idr->idr_next = 0;
}

/** idr_init() - an empty IDR from 0. */
static inline void idr_init(struct idr *idr)
{
	idr_init_base(idr, 0);
}

/** idr_is_empty() - does @idr hold no ID? */
static inline bool idr_is_empty(const struct idr *idr)
{
	return xa_empty(&idr->idr_rt);
}

/** idr_get_cursor() - where idr_alloc_cyclic() looks next. */
static inline unsigned int idr_get_cursor(const struct idr *idr)
{
	return __atomic_load_n(&idr->idr_next, __ATOMIC_RELAXED);
}

/** idr_set_cursor() - set where idr_alloc_cyclic() looks next. */
static inline void idr_set_cursor(struct idr *idr, unsigned int val)
{
	__atomic_store_n(&idr->idr_next, val, __ATOMIC_RELAXED);
}

/* Node allocation happens inside the calls, with their gfp: nothing to preload. */
static inline void idr_preload(gfp_t gfp_mask)
{
	(void)gfp_mask;
}

static inline void idr_preload_end(void)
{
}

/**
 * idr_alloc_u32() - the lowest free ID from *@nextid to @max (inclusive)
 * for @ptr, put in *@nextid.
 * Return: 0, -ENOSPC, -ENOMEM.
 */
int idr_alloc_u32(struct idr *idr, void *ptr, u32 *nextid, unsigned long max, gfp_t gfp);
/** idr_alloc() - the lowest free ID in [@start, @end) (@end <= 0: INT_MAX + 1). Return: the ID, -ENOSPC, -ENOMEM, -EINVAL. */
int idr_alloc(struct idr *idr, void *ptr, int start, int end, gfp_t gfp);
/** idr_alloc_cyclic() - idr_alloc() from the cursor, wrapping to @start. Return: as idr_alloc(). */
int idr_alloc_cyclic(struct idr *idr, void *ptr, int start, int end, gfp_t gfp);
/** idr_find() - the pointer of @id (NULL: none, or allocated with NULL). */
void *idr_find(const struct idr *idr, unsigned long id);
/** idr_remove() - free @id. Return: its pointer. */
void *idr_remove(struct idr *idr, unsigned long id);
/** idr_replace() - give @id a new pointer. Return: the old one, ERR_PTR(-ENOENT) for an ID not allocated. */
void *idr_replace(struct idr *idr, void *ptr, unsigned long id);
/** idr_for_each() - call @fn(id, ptr, @data) for each non-NULL entry, stopping at a nonzero return. Return: that value, or 0. */
int idr_for_each(const struct idr *idr, int (*fn)(int id, void *p, void *data), void *data);
/** idr_get_next_ul() - the first non-NULL entry at or after *@nextid, whose ID goes in *@nextid. */
void *idr_get_next_ul(struct idr *idr, unsigned long *nextid);
/** idr_get_next() - idr_get_next_ul() for int IDs (none above INT_MAX). */
void *idr_get_next(struct idr *idr, int *nextid);
/** idr_destroy() - free the IDR's memory; the pointers are the caller's. */
void idr_destroy(struct idr *idr);

#define idr_for_each_entry(idr, entry, id) \
	for ((id) = 0; ((entry) = idr_get_next(idr, &(id))) != NULL; (id) += 1U)
#define idr_for_each_entry_ul(idr, entry, tmp, id)                          \
	for ((tmp) = 0, (id) = 0;                                           \
	     ((entry) = (tmp) <= (id) ? idr_get_next_ul(idr, &(id)) : NULL) != NULL; \
	     (tmp) = (id), ++(id))
#define idr_for_each_entry_continue(idr, entry, id)                 \
	for ((entry) = idr_get_next((idr), &(id)); (entry);          \
	     ++(id), (entry) = idr_get_next((idr), &(id)))
#define idr_for_each_entry_continue_ul(idr, entry, tmp, id)                  \
	for ((tmp) = (id);                                                   \
	     ((entry) = (tmp) <= (id) ? idr_get_next_ul(idr, &(id)) : NULL) != NULL; \
	     (tmp) = (id), ++(id))

/* ---- IDA ----------------------------------------------------------------- */

#define IDA_CHUNK_SIZE 128
#define IDA_BITMAP_LONGS (IDA_CHUNK_SIZE / sizeof(long))
#define IDA_BITMAP_BITS (IDA_BITMAP_LONGS * sizeof(long) * 8)

/** struct ida_bitmap - the IDs of one chunk, a bit each. */
struct ida_bitmap {
	unsigned long bitmap[IDA_BITMAP_LONGS];
};

/** struct ida - an ID allocator: chunk i of the array holds IDs i * 1024 onwards. */
struct ida {
	struct xarray xa;
};

#define IDA_INIT_FLAGS (XA_FLAGS_LOCK_IRQ | XA_FLAGS_ALLOC)
#define IDA_INIT(name) { .xa = XARRAY_INIT(name, IDA_INIT_FLAGS) }
#define DEFINE_IDA(name) struct ida name = IDA_INIT(name)

/** ida_init() - an empty IDA. */
static inline void ida_init(struct ida *ida)
{
	xa_init_flags(&ida->xa, IDA_INIT_FLAGS);
}

/** ida_is_empty() - does @ida hold no ID? */
static inline bool ida_is_empty(const struct ida *ida)
{
	return xa_empty(&ida->xa);
}

/** ida_alloc_range() - the lowest free ID in [@min, @max] (max above INT_MAX means INT_MAX). Return: the ID, -ENOSPC, -ENOMEM. */
int ida_alloc_range(struct ida *ida, unsigned int min, unsigned int max, gfp_t gfp);
/** ida_free() - give @id back (WARN if it was not allocated). */
void ida_free(struct ida *ida, unsigned int id);
/** ida_destroy() - free every ID and the IDA's memory. */
void ida_destroy(struct ida *ida);
/** ida_find_first_range() - the lowest allocated ID in [@min, @max]. Return: it, or -ENOENT. */
int ida_find_first_range(struct ida *ida, unsigned int min, unsigned int max);

/** ida_alloc() - the lowest free ID. */
static inline int ida_alloc(struct ida *ida, gfp_t gfp)
{
	return ida_alloc_range(ida, 0, ~0U, gfp);
}

/** ida_alloc_min() - the lowest free ID at or above @min. */
static inline int ida_alloc_min(struct ida *ida, unsigned int min, gfp_t gfp)
{
	return ida_alloc_range(ida, min, ~0U, gfp);
}

/** ida_alloc_max() - the lowest free ID at most @max. */
static inline int ida_alloc_max(struct ida *ida, unsigned int max, gfp_t gfp)
{
	return ida_alloc_range(ida, 0, max, gfp);
}

/** ida_find_first() - the lowest allocated ID, or -ENOENT. */
static inline int ida_find_first(struct ida *ida)
{
	return ida_find_first_range(ida, 0, ~0U);
}

/* The older names: [start, end), end 0 for no limit. */
#define ida_simple_get(ida, start, end, gfp) \
	ida_alloc_range(ida, start, (end) ? (unsigned int)((end) - 1) : UINT_MAX, gfp)
#define ida_simple_remove(ida, id) ida_free(ida, id)

#endif
