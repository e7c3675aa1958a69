/* SPDX-License-Identifier: MIT */
/*
 * class_map.h - one byte per page of RAM range 0 naming the kmalloc
 * class whose objects start on that page at multiples of its size, so
 * that kfree() finds the cache with one byte load instead of the walk
 * pointer -> struct page -> slab_cache (issue 12, direction 2).
 *
 * A class is a kmalloc cache whose slots tile its slabs from offset 0 in
 * powers of two (no left red zone, no colour).  Its code
 * (1..255, kmem_cache.class_code) is written into the map for every page
 * of its slabs on which objects start: every page for sizes up to a page,
 * every (size / PAGE_SIZE)-th page from the slab's head above.  On such a
 * page, @p is the start of an object exactly when p & mask == 0 (mask =
 * min(size, PAGE_SIZE) - 1), so the map test is also the interior-pointer
 * test and reads no struct page.  Code 0 is every other page: not a
 * slab, a slab of another cache, a tail page of an 8 KiB slot; kfree()
 * then takes the struct page path, which decides and reports as before.
 *
 * Invariants (checked by zs_class_map_check(), slab validation):
 *   map[i] == c != 0  =>  page i of range 0 is a slab page of
 *                         zs_classes[c].s and (slab_idx * PAGE_SIZE) %
 *                         size == 0;
 *   a slab of a class cache in range 0 has its starting pages marked.
 * A byte is written when the slab is made, before any of its objects is
 * handed out, and cleared when the slab goes back to the page allocator,
 * when all its objects are free; so a byte read for a live object is
 * that object's class.  The map is a reservation that costs nothing
 * until touched: 2 MiB of address space for 8 GiB of RAM.
 */
#ifndef ZSLAB_CLASS_MAP_H
#define ZSLAB_CLASS_MAP_H

#include <stdbool.h>
#include <stdint.h>

#include "slab/slab.h"

#pragma GCC visibility push(hidden)

#define ZS_NR_CLASSES 256u

/* A class: its cache, and the mask of the object-start test (code 0:
 * no cache, and a mask no pointer passes). */
struct zs_class {
	struct kmem_cache *s;
	uintptr_t mask;
};

extern struct zs_class zs_classes[ZS_NR_CLASSES];
/* One byte per page of range 0 (zs_range0_bytes >> PAGE_SHIFT of them). */
extern uint8_t *zs_class_map;

/* The class code of the page at byte offset @off of range 0 (off <
 * zs_range0_bytes). */
static inline unsigned int zs_class_at(uintptr_t off)
{
	return __atomic_load_n(&zs_class_map[off >> PAGE_SHIFT], __ATOMIC_RELAXED);
}

/* Reserve the map for range 0 at boot; -ENOMEM on failure. */
int zs_class_map_init(void);
/* Teardown (and a failed boot): the map and the classes are gone. */
void zs_class_map_exit(void);
/* Give @s (a kmalloc cache at boot) a class code if its layout allows. */
void zs_class_register(struct kmem_cache *s);
/* Mark / unmark the starting pages of slab @head (of @head->slab_cache). */
void zs_class_map_slab(struct kmem_cache *s, struct page *head);
void zs_class_unmap_slab(struct page *head);
/* The invariants above for slab @head of @s; false if broken. */
bool zs_class_map_check(const struct kmem_cache *s, const struct page *head);

#pragma GCC visibility pop

#endif
