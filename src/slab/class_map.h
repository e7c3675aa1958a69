/* SPDX-License-Identifier: MIT */
/*
 * class_map.h - one 64-bit entry per page of RAM range 0 naming the
 * cache whose objects start on that page and where they start, and the
 * thread that owns the slab if its objects are small, so that
 * kfree() and free() find the cache and test the pointer with one load
 * from a dense array instead of the walk pointer -> struct page ->
 * slab_cache, a 64-byte line per page that misses the L1 cache on nearly
 * every free of a program that frees blocks at random (issue 12,
 * direction 2: larson, 0.93 L1 misses per free under cachegrind).
 *
 * A class is a kmalloc or malloc cache without a left red zone whose slot
 * size is a multiple of 8 and whose id is 1 to 255 (zs_class_register();
 * id 0 is the boot kmem_cache, never a class, so that code 0 names none).
 * Its code (kmem_cache.class_code) is its id, so that the code also
 * indexes the thread's sheaf table: free() reaches the sheaf from the
 * entry without reading the cache or the class (zs_class_find()'s @id),
 * two dependent loads fewer on the chain from a popped pointer to the
 * next push (malloc64 pairs: 10.0 -> 7.5 ns; through a sheaf_id copied
 * into the class, 9.4).  The code is written into the entry of every
 * page of its slabs on which an object starts, with the offset in the
 * page of the first start there and the number of starts there ("nr",
 * never 0 on a marked page).  A pointer at byte @d past the first start
 * of a marked page (d = page offset - first, wrapping when before it) is
 * an object start exactly when d is a multiple of the slot size and
 * d / size < nr: one comparison, the rotated product of d with the
 * size's inverse (zs_slot_multiple()'s y, which is d / size when size
 * divides d and above 2^64 / size otherwise, a wrapped d included)
 * against nr.  The map test is also the interior-pointer, colour and
 * slab-tail test, and reads no struct page.  Entry 0 (nr 0, code 0, and
 * class 0's constants 0, so y is 0 and fails y < 0) is every other page:
 * not a slab, a slab of a cache with no code, a page of a large slot on
 * which no slot starts; the callers then take the struct page path,
 * which decides and reports as before.  Power-of-two classes keep the shorter test kfree()
 * was built on: on their marked pages first is 0, so p & mask == 0.
 *
 * The entry's upper half is the owner tag (slab_tls.tag, never 0) of the
 * thread that last refilled its sheaf from the slab, written beside
 * page->slab_owner by zs_sheaf_claim(), for caches of small objects (the
 * only ones whose owner is read, sheaf_fast.h), and 0 for the others and
 * for a slab nobody claimed yet.  free() tests "small and another
 * thread's" as tag != 0 && tag != its own from the one entry, with no
 * branch on the object's size and no struct page (issue 12: in rptest,
 * half of whose blocks are small, the branch on the size mispredicted on
 * a quarter of the frees).  A tag stands for the thread's zs_tl_slab
 * address, as slab_owner does (sheaf.c, tls_tag()); two threads with one
 * tag only lose the false-sharing rule between them, never an object.
 *
 * Invariants (checked by zs_class_map_check(), slab validation):
 *   entry i has code c != 0  =>  page i of range 0 is a slab page of
 *       zs_classes[c].s, first and nr span exactly the object starts on
 *       it, and first == 0 when zs_classes[c].mask != ZS_CLASS_NO_MASK;
 *   a slab of a class cache in range 0 has every page with a start marked,
 *       and all its other pages 0;
 *   the owner half is 0 unless the cache's objects are small, and the
 *       same on every marked page of a slab.
 * An entry is written when the slab is made, before any of its objects
 * is handed out, and cleared when the slab goes back to the page
 * allocator, when all its objects are free; so an entry read for a live
 * object is that object's.  The map is a reservation that costs nothing
 * until touched: 16 MiB of address space for 8 GiB of RAM.
 */
#ifndef ZSLAB_CLASS_MAP_H
#define ZSLAB_CLASS_MAP_H

#include <stdbool.h>
#include <stdint.h>

#include "slab/failslab.h"
#include "slab/slab.h"
#include "slab/slub_internal.h"

#pragma GCC visibility push(hidden)

#define ZS_NR_CLASSES 256u

/*
 * A class: its cache, copies of the cache's zs_slot_multiple() constants,
 * so that free()'s slot test reads the class, not the cache behind it
 * (zs_class_find()), and the mask of kfree()'s object-start test, signed
 * so that -1 is a mask no pointer passes (code 0: no cache; a class whose
 * slots are no power of two).  Invariant: while s is set, div_inv and
 * div_shift equal s's (slab validation checks).
 */
struct zs_class {
	struct kmem_cache *s;
	uint64_t div_inv;
	int32_t mask;
	unsigned int div_shift;
};

/* @c's kfree() mask as a pointer mask (ZS_CLASS_NO_MASK: every bit). */
#define ZS_CLASS_NO_MASK (-1)
static inline uintptr_t zs_class_mask(const struct zs_class *c)
{
	return (uintptr_t)(intptr_t)c->mask;
}

extern struct zs_class zs_classes[ZS_NR_CLASSES];
/* One entry per page of range 0 (zs_range0_bytes >> PAGE_SHIFT of them). */
extern uint64_t *zs_class_map;

/* An entry: the code, then first and nr (12 bits each, see above), then
 * the owner tag. */
#define ZS_CLASS_FIRST_SHIFT 8
#define ZS_CLASS_NR_SHIFT    20
#define ZS_CLASS_FIELD_MASK  0xfffu
#define ZS_CLASS_OWNER_SHIFT 32

/* The entry of the page at byte offset @off of range 0 (off <
 * zs_range0_bytes). */
static inline uint64_t zs_class_entry(uintptr_t off)
{
	return __atomic_load_n(&zs_class_map[off >> PAGE_SHIFT], __ATOMIC_RELAXED);
}

/* The class code of the page at byte offset @off of range 0. */
static inline unsigned int zs_class_at(uintptr_t off)
{
	return zs_class_entry(off) & (ZS_NR_CLASSES - 1);
}

/* The cache of the class whose code the entry at byte offset @off of
 * range 0 holds (a refused push's slow path, after zs_class_find()). */
static inline struct kmem_cache *zs_class_cache_at(uintptr_t off)
{
	return zs_classes[zs_class_at(off)].s;
}

/*
 * A live cache's sheaf_id from its @id, without reading the cache: the
 * id, or ZS_DEAD_ID while the "not plain" switch is set (what
 * zs_slab_hooks_set() makes every sheaf_id), by the switch's mask, not a
 * branch.
 */
static inline unsigned int zs_sheaf_id_of(unsigned int id)
{
	return id | __atomic_load_n(&zs_slab_hooks_mask, __ATOMIC_RELAXED);
}

/*
 * zs_class_find() - the class of which the byte at offset @off of range
 * 0 (off < zs_range0_bytes) is an object start, by the map alone, in
 * *@id its cache's sheaf_id and in *@owner the slab's owner tag; NULL
 * when the map cannot tell (no code: the caller takes the struct page
 * path) or the byte is no start of its class (also the struct page path,
 * which reports).  The class's cache is not read: by the map's first
 * invariant a marked page's class has one (c->s), and a push needs only
 * the id, so the caller loads it on the paths that use it.
 */
static inline const struct zs_class *zs_class_find(uintptr_t off, unsigned int *id,
						   uint32_t *owner)
{
	uint64_t e = zs_class_entry(off);
	uint64_t d = (off & ~PAGE_MASK) - ((e >> ZS_CLASS_FIRST_SHIFT) & ZS_CLASS_FIELD_MASK);
	size_t code = e & (ZS_NR_CLASSES - 1);
	const struct zs_class *c = &zs_classes[code];

	*id = zs_sheaf_id_of((unsigned int)code);
	*owner = (uint32_t)(e >> ZS_CLASS_OWNER_SHIFT);
	return zs_slot_index_by(c->div_inv, c->div_shift, d) <
	       ((e >> ZS_CLASS_NR_SHIFT) & ZS_CLASS_FIELD_MASK) ? c : NULL;
}

/* Reserve the map for range 0 at boot; -ENOMEM on failure. */
int zs_class_map_init(void);
/* Teardown (and a failed boot): the map and the classes are gone. */
void zs_class_map_exit(void);
/* Give @s (a kmalloc or malloc cache, before its first slab) a class
 * code if its layout allows and a code is left; once. */
void zs_class_register(struct kmem_cache *s);
/* Mark / unmark the starting pages of slab @head (of @head->slab_cache). */
void zs_class_map_slab(struct kmem_cache *s, struct page *head);
void zs_class_unmap_slab(struct page *head);
/* @s is being destroyed: its code is free again, its class empty. */
void zs_class_unregister(struct kmem_cache *s);
/* The class invariant above for @s; false if broken. */
bool zs_class_check(const struct kmem_cache *s);
/* Write owner tag @tag into the entries of slab @head of @s (small). */
void zs_class_map_own(const struct kmem_cache *s, const struct page *head, uint32_t tag);
/* The invariants above for slab @head of @s; false if broken. */
bool zs_class_map_check(const struct kmem_cache *s, const struct page *head);

#pragma GCC visibility pop

#endif
