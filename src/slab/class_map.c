/* SPDX-License-Identifier: MIT */
/* class_map.c - the per-page class map of RAM range 0 (class_map.h). */
#include <errno.h>
#include <string.h>

#include "host/host.h"
#include "slab/class_map.h"
#include "slab/slab_map.h"
#include "slab/slub_internal.h"

/* Code 0 and unused codes: a mask that fails every pointer and slot
 * constants of 0 (zs_class_find()'s y is 0, never below a count of 0), so
 * that neither map test needs a NULL test of the cache. */
#define NO_CLASS { NULL, 0, ZS_CLASS_NO_MASK, 0 }
struct zs_class zs_classes[ZS_NR_CLASSES] = { [0 ... ZS_NR_CLASSES - 1] = NO_CLASS };
uint64_t *zs_class_map;
static size_t map_bytes;       /* the reservation */

/* Bytes of map for range 0, in host pages. */
static size_t map_size(void)
{
	size_t n = (zs_range0_bytes >> PAGE_SHIFT) * sizeof(*zs_class_map);

	return (n + ZS_HOST_PAGE - 1) & ~(ZS_HOST_PAGE - 1);
}

int zs_class_map_init(void)
{
	map_bytes = map_size();
	zs_class_map = NULL;
	if (!map_bytes)
		return 0;
	zs_class_map = zs_host_reserve(map_bytes);
	if (!zs_class_map) {
		map_bytes = 0;
		return -ENOMEM;
	}
	return 0;
}

/* After this, nothing may free into zslab until the next boot: zslab_exit()
 * tears the page allocator and the struct page array down right after. */
void zs_class_map_exit(void)
{
	if (zs_class_map)
		zs_host_unmap(zs_class_map, map_bytes);
	zs_class_map = NULL;
	map_bytes = 0;
	for (unsigned int i = 0; i < ZS_NR_CLASSES; i++)
		zs_classes[i] = (struct zs_class)NO_CLASS;
}

void zs_class_register(struct kmem_cache *s)
{
	bool pow2 = !(s->size & (s->size - 1));
	unsigned int code = s->id;     /* 0: the boot kmem_cache, no class */

	if (s->class_code || s->red_left_pad || s->size % 8 || !code ||
	    code >= ZS_NR_CLASSES || zs_classes[code].s || !zs_class_map)
		return;
	zs_classes[code] = (struct zs_class){
		.s = s,
		.mask = pow2 ? (int32_t)((s->size - 1) & (PAGE_SIZE - 1)) : ZS_CLASS_NO_MASK,
		.div_inv = s->div_inv, .div_shift = s->div_shift,
	};
	s->class_code = (uint8_t)code;
}

void zs_class_unregister(struct kmem_cache *s)
{
	if (!s->class_code)
		return;
	zs_classes[s->class_code] = (struct zs_class)NO_CLASS;
	s->class_code = 0;
}

bool zs_class_check(const struct kmem_cache *s)
{
	const struct zs_class *c = &zs_classes[s->class_code];

	return !s->class_code ||
	       (c->s == s && c->div_inv == s->div_inv && c->div_shift == s->div_shift);
}

/* The map index of @page if it is in range 0, else -1. */
static long map_index(const struct page *page)
{
	uintptr_t i = (uintptr_t)(page - zs_mem_map);

	return zs_class_map && i < (zs_range0_bytes >> PAGE_SHIFT) ? (long)i : -1;
}

/* An entry of code @c whose @nr starts begin at @first in its page, with
 * no owner. */
static uint64_t entry_of(unsigned int c, size_t first, size_t nr)
{
	return c | (uint64_t)first << ZS_CLASS_FIRST_SHIFT | (uint64_t)nr << ZS_CLASS_NR_SHIFT;
}

/*
 * The entries of slab @head of @s, page by page, with two divisions a
 * slab (issue 12: three divisions a page were half of the map's cost of
 * making an order-3 slab of malloc-4k, which glibc's
 * malloc-simple makes 60 times a batch).  @f is the offset in the page of
 * the first start at or after its first byte: with PAGE_SIZE = q * size +
 * r, a page whose first start lies below size holds q + 1 starts when it
 * begins before r and q otherwise; only a first start further in (the
 * first page, past the colour and the left pad) needs a division.  The
 * next page's first start is this page's plus its starts' span, less a
 * page.  The count stops at the slab's objects.
 */
void zs_class_map_slab(struct kmem_cache *s, struct page *head)
{
	long i = map_index(head);
	unsigned long n = 1UL << head->order, left = head->objects;
	size_t size = s->size, q = PAGE_SIZE / size, r = PAGE_SIZE % size;
	size_t f = zs_slab_colour(head) + s->red_left_pad;

	if (!s->class_code || i < 0)
		return;
	for (unsigned long p = 0; p < n; p++) {
		size_t nr = f >= PAGE_SIZE ? 0 : f >= size ? (PAGE_SIZE - 1 - f) / size + 1 :
			    q + (f < r);
		size_t here = nr < left ? nr : left;

		__atomic_store_n(&zs_class_map[i + (long)p],
				 here ? entry_of(s->class_code, f, here) : 0, __ATOMIC_RELAXED);
		left -= here;
		f = f + nr * size - PAGE_SIZE;
	}
}

void zs_class_unmap_slab(struct page *head)
{
	const struct kmem_cache *s = head->slab_cache;
	long i = map_index(head);
	unsigned long n = 1UL << head->order;

	if (!s->class_code || i < 0)
		return;
	for (unsigned long p = 0; p < n; p++)
		__atomic_store_n(&zs_class_map[i + (long)p], 0, __ATOMIC_RELAXED);
}

void zs_class_map_own(const struct kmem_cache *s, const struct page *head, uint32_t tag)
{
	long i = map_index(head);
	unsigned long n = 1UL << head->order;
	uint64_t owner = (uint64_t)tag << ZS_CLASS_OWNER_SHIFT;

	if (!s->class_code || i < 0)
		return;
	for (unsigned long p = 0; p < n; p++) {
		uint64_t *e = &zs_class_map[i + (long)p];
		uint64_t was = __atomic_load_n(e, __ATOMIC_RELAXED);
		if ((uint32_t)was)   /* a page with a start */
			__atomic_store_n(e, (uint32_t)was | owner, __ATOMIC_RELAXED);
	}
}

/*
 * The invariants, computed the other way round from zs_class_map_slab():
 * object by object, each start noted in its page's expected entry.
 */
bool zs_class_map_check(const struct kmem_cache *s, const struct page *head)
{
	long i = map_index(head);
	unsigned long n = 1UL << head->order;
	size_t base = zs_slab_colour(head) + s->red_left_pad;
	unsigned long obj = 0;
	bool tiled = zs_classes[s->class_code].mask != ZS_CLASS_NO_MASK;
	uint64_t owner = UINT64_MAX;    /* the slab's, from its first page */

	if (i < 0)
		return true;
	for (unsigned long p = 0; p < n; p++) {
		size_t lo = p << PAGE_SHIFT, first = 0, nr = 0;
		uint64_t want, e;

		for (; obj < head->objects && base + obj * s->size < lo + PAGE_SIZE; obj++)
			if (!nr++)
				first = base + obj * s->size - lo;
		want = s->class_code && nr ? entry_of(s->class_code, first, nr) : 0;
		e = __atomic_load_n(&zs_class_map[i + (long)p], __ATOMIC_RELAXED);
		if ((uint32_t)e != want || (want && tiled && first))
			return false;
		if (!want)
			continue;
		if (owner == UINT64_MAX)
			owner = e >> ZS_CLASS_OWNER_SHIFT;
		if (e >> ZS_CLASS_OWNER_SHIFT != owner || (owner && s->size >= CACHE_LINE))
			return false;
	}
	return true;
}
