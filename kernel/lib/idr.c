// SPDX-License-Identifier: MIT
/*
 * idr.c - IDR and IDA on the XArray (see linux/idr.h).
 *
 * An IDR is an ALLOC XArray indexed by ID - base: xa_alloc() finds the
 * lowest free index through the array's free marks, and an ID allocated
 * with a NULL pointer holds XA_ZERO_ENTRY, so it stays taken.
 *
 * An IDA's array holds one struct ida_bitmap per 1024 IDs (chunk c: IDs
 * c * 1024 onwards).  Invariant: a chunk is in the array exactly while
 * one of its bits is set, so an empty IDA is an empty array; every bitmap
 * is read and written under the array's lock.
 */
#include <linux/bitmap.h>
#include <linux/bug.h>
#include <linux/err.h>
#include <linux/idr.h>
#include <linux/slab.h>

#include "zsk_internal.h"

/* ---- IDR ---------------------------------------------------------------------------- */

int idr_alloc_u32(struct idr *idr, void *ptr, u32 *nextid, unsigned long max, gfp_t gfp)
{
	unsigned int base = idr->idr_base;
	u32 id = *nextid < base ? base : *nextid;
	struct xa_limit lim;
	int ret;

	if (max < id)
		return -ENOSPC;
	lim = XA_LIMIT(id - base, max - base > UINT_MAX ? UINT_MAX : (u32)(max - base));
	ret = xa_alloc(&idr->idr_rt, &id, ptr, lim, gfp);
	if (ret == -EBUSY)
		return -ENOSPC;
	if (ret)
		return ret;
	*nextid = id + base;
	return 0;
}

int idr_alloc(struct idr *idr, void *ptr, int start, int end, gfp_t gfp)
{
	u32 id = (u32)start;
	int ret;

	if (WARN_ON_ONCE(start < 0))
		return -EINVAL;
	ret = idr_alloc_u32(idr, ptr, &id, end > 0 ? (unsigned long)end - 1 : INT_MAX, gfp);
	return ret ? ret : (int)id;
}

int idr_alloc_cyclic(struct idr *idr, void *ptr, int start, int end, gfp_t gfp)
{
	unsigned long max = end > 0 ? (unsigned long)end - 1 : INT_MAX;
	u32 id = idr_get_cursor(idr);
	int err;

	if (WARN_ON_ONCE(start < 0))
		return -EINVAL;
	if ((int)id < start)
		id = (u32)start;
	err = idr_alloc_u32(idr, ptr, &id, max, gfp);
	if (err == -ENOSPC && id > (u32)start) {
		id = (u32)start;
		err = idr_alloc_u32(idr, ptr, &id, max, gfp);
	}
	if (err)
		return err;
	idr_set_cursor(idr, id + 1);
	return (int)id;
}

void *idr_find(const struct idr *idr, unsigned long id)
{
	if (id < idr->idr_base)
		return NULL;
	return xa_load((struct xarray *)&idr->idr_rt, id - idr->idr_base);
}

void *idr_remove(struct idr *idr, unsigned long id)
{
	if (id < idr->idr_base)
		return NULL;
	return xa_erase(&idr->idr_rt, id - idr->idr_base);
}

void *idr_replace(struct idr *idr, void *ptr, unsigned long id)
{
	void *old = ERR_PTR(-ENOENT);

	if (xa_is_internal(ptr))
		return ERR_PTR(-EINVAL);
	if (id < idr->idr_base)
		return old;
	xa_lock(&idr->idr_rt);
	if (zsk_xa_load_raw(&idr->idr_rt, id - idr->idr_base))
		old = __xa_store(&idr->idr_rt, id - idr->idr_base, ptr, 0);
	xa_unlock(&idr->idr_rt);
	return old;
}

int idr_for_each(const struct idr *idr, int (*fn)(int id, void *p, void *data), void *data)
{
	struct xarray *xa = (struct xarray *)&idr->idr_rt;
	unsigned long index;
	void *entry;

	xa_for_each(xa, index, entry) {
		unsigned long id = index + idr->idr_base;
		int ret;

		if (WARN_ON_ONCE(id > INT_MAX))
			break;
		ret = fn((int)id, entry, data);
		if (ret)
			return ret;
	}
	return 0;
}

void *idr_get_next_ul(struct idr *idr, unsigned long *nextid)
{
	unsigned long index = *nextid < idr->idr_base ? 0 : *nextid - idr->idr_base;
	void *entry = xa_find(&idr->idr_rt, &index, ULONG_MAX, XA_PRESENT);

	if (entry)
		*nextid = index + idr->idr_base;
	return entry;
}

void *idr_get_next(struct idr *idr, int *nextid)
{
	unsigned long id = (unsigned long)*nextid;
	void *entry = idr_get_next_ul(idr, &id);

	if (!entry || WARN_ON_ONCE(id > INT_MAX))
		return NULL;
	*nextid = (int)id;
	return entry;
}

void idr_destroy(struct idr *idr)
{
	xa_destroy(&idr->idr_rt);
}

/* ---- IDA ---------------------------------------------------------------------------- */

/* Take the first free ID of chunk @chunk at or above bit @bit, at most @max, under the lock. */
static int chunk_take(struct ida *ida, unsigned long chunk, unsigned long bit,
		      unsigned long max, gfp_t gfp)
{
	struct ida_bitmap *bm = xa_load(&ida->xa, chunk);
	unsigned long id;

	if (bm) {
		bit = find_next_zero_bit(bm->bitmap, IDA_BITMAP_BITS, bit);
		if (bit >= IDA_BITMAP_BITS)
			return -EBUSY;          /* full: the next chunk */
	}
	id = chunk * IDA_BITMAP_BITS + bit;
	if (id > max)
		return -ENOSPC;
	if (!bm) {
		bm = kzalloc(sizeof(*bm), gfp);
		if (!bm)
			return -ENOMEM;
		if (xa_is_err(__xa_store(&ida->xa, chunk, bm, gfp))) {
			kfree(bm);
			return -ENOMEM;
		}
	}
	__set_bit(bit, bm->bitmap);
	return (int)id;
}

int ida_alloc_range(struct ida *ida, unsigned int min, unsigned int max, gfp_t gfp)
{
	unsigned long chunk, flags;
	int ret = -ENOSPC;

	if ((int)min < 0)
		return -ENOSPC;
	if ((int)max < 0)
		max = INT_MAX;
	if (min > max)
		return -ENOSPC;
	xa_lock_irqsave(&ida->xa, flags);
	for (chunk = min / IDA_BITMAP_BITS; chunk <= max / IDA_BITMAP_BITS; chunk++) {
		ret = chunk_take(ida, chunk, chunk == min / IDA_BITMAP_BITS ?
				 min % IDA_BITMAP_BITS : 0, max, gfp);
		if (ret != -EBUSY)
			break;
		ret = -ENOSPC;
	}
	xa_unlock_irqrestore(&ida->xa, flags);
	return ret;
}

void ida_free(struct ida *ida, unsigned int id)
{
	unsigned long chunk = id / IDA_BITMAP_BITS, bit = id % IDA_BITMAP_BITS, flags;
	struct ida_bitmap *bm;

	if (WARN((int)id < 0, "ida_free called for id=%d which is not a valid ID.\n", (int)id))
		return;
	xa_lock_irqsave(&ida->xa, flags);
	bm = xa_load(&ida->xa, chunk);
	if (!bm || !test_bit(bit, bm->bitmap)) {
		xa_unlock_irqrestore(&ida->xa, flags);
		WARN(1, "ida_free called for id=%d which is not allocated.\n", (int)id);
		return;
	}
	__clear_bit(bit, bm->bitmap);
	if (bitmap_empty(bm->bitmap, IDA_BITMAP_BITS)) {
		__xa_erase(&ida->xa, chunk);
		kfree(bm);
	}
	xa_unlock_irqrestore(&ida->xa, flags);
}

void ida_destroy(struct ida *ida)
{
	unsigned long index, flags;
	struct ida_bitmap *bm;

	xa_lock_irqsave(&ida->xa, flags);
	xa_for_each(&ida->xa, index, bm) {
		__xa_erase(&ida->xa, index);
		kfree(bm);
	}
	xa_unlock_irqrestore(&ida->xa, flags);
}

int ida_find_first_range(struct ida *ida, unsigned int min, unsigned int max)
{
	unsigned long index = min / IDA_BITMAP_BITS, flags;
	struct ida_bitmap *bm;
	int ret = -ENOENT;

	if ((int)min < 0)
		return -EINVAL;
	if ((int)max < 0)
		max = INT_MAX;
	if (min > max)
		return -ENOENT;
	xa_lock_irqsave(&ida->xa, flags);
	for (bm = xa_find(&ida->xa, &index, max / IDA_BITMAP_BITS, XA_PRESENT); bm;
	     bm = xa_find_after(&ida->xa, &index, max / IDA_BITMAP_BITS, XA_PRESENT)) {
		unsigned long from = index == min / IDA_BITMAP_BITS ? min % IDA_BITMAP_BITS : 0;
		unsigned long bit = find_next_bit(bm->bitmap, IDA_BITMAP_BITS, from);

		if (bit < IDA_BITMAP_BITS) {
			unsigned long id = index * IDA_BITMAP_BITS + bit;

			ret = id <= max ? (int)id : -ENOENT;
			break;
		}
	}
	xa_unlock_irqrestore(&ida->xa, flags);
	return ret;
}
