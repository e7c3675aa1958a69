/* SPDX-License-Identifier: MIT */
/* class_map.c - the byte-per-page class map of RAM range 0 (class_map.h). */
#include <errno.h>
#include <string.h>

#include "host/host.h"
#include "slab/class_map.h"
#include "slab/slub_internal.h"

/* Code 0 and unused codes: a mask that fails every pointer, so that the
 * map test needs no NULL test of the cache. */
#define NO_CLASS { NULL, ~(uintptr_t)0 }
struct zs_class zs_classes[ZS_NR_CLASSES] = { [0 ... ZS_NR_CLASSES - 1] = NO_CLASS };
uint8_t *zs_class_map;
static size_t map_bytes;       /* the reservation */
static unsigned int nr_classes = 1;   /* code 0: no class */

/* Bytes of map for range 0, in host pages. */
static size_t map_size(void)
{
	size_t n = zs_range0_bytes >> PAGE_SHIFT;

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
	nr_classes = 1;
}

void zs_class_register(struct kmem_cache *s)
{
	if ((s->size & (s->size - 1)) || s->red_left_pad ||
	    nr_classes == ZS_NR_CLASSES || !zs_class_map)
		return;
	zs_classes[nr_classes].s = s;
	zs_classes[nr_classes].mask = (s->size - 1) & (PAGE_SIZE - 1);
	s->class_code = (uint8_t)nr_classes++;
}

/* The map index of @page if it is in range 0, else -1. */
static long map_index(const struct page *page)
{
	uintptr_t i = (uintptr_t)(page - zs_mem_map);

	return zs_class_map && i < (zs_range0_bytes >> PAGE_SHIFT) ? (long)i : -1;
}

/* Pages of a slab of @s between two object starts (1 up to a page). */
static unsigned long start_stride(const struct kmem_cache *s)
{
	return s->size > PAGE_SIZE ? s->size / PAGE_SIZE : 1;
}

void zs_class_map_slab(struct kmem_cache *s, struct page *head)
{
	long i = map_index(head);
	unsigned long n = 1UL << head->order;

	if (!s->class_code || i < 0)
		return;
	for (unsigned long p = 0; p < n; p += start_stride(s))
		__atomic_store_n(&zs_class_map[i + (long)p], s->class_code, __ATOMIC_RELAXED);
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

bool zs_class_map_check(const struct kmem_cache *s, const struct page *head)
{
	long i = map_index(head);
	unsigned long n = 1UL << head->order;

	if (i < 0)
		return true;
	for (unsigned long p = 0; p < n; p++) {
		unsigned int c = __atomic_load_n(&zs_class_map[i + (long)p], __ATOMIC_RELAXED);
		bool starts = s->class_code && !(p % start_stride(s));
		if (c != (starts ? s->class_code : 0u))
			return false;
	}
	return true;
}
