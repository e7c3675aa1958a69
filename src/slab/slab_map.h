/* SPDX-License-Identifier: MIT */
/*
 * slab_map.h - a slab's objects one by one, and the map of which are
 * free: SLUB's for_each_object() and get_map(), written once for the node
 * level (shrink, discard, shutdown), slub_debug and validation.
 *
 * Objects of a slab at @base: slot i starts at base + i * s->size, the
 * object at base + i * s->size + s->red_left_pad (slub.c draws the slot).
 * @base is the slab's address plus its colour (zs_slab_base()): slab
 * colouring (SLAB_COLOUR, slub.c) starts the first slot of successive
 * slabs at successive cache lines of the slab's leftover bytes.
 */
#ifndef ZSLAB_SLAB_MAP_H
#define ZSLAB_SLAB_MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "slab/slub_internal.h"

#pragma GCC visibility push(hidden)

/* The byte offset of slot 0 in the slab headed by (or containing) @page. */
static inline size_t zs_slab_colour(const struct page *page)
{
	return (size_t)page->colour * ZS_COLOUR_ALIGN;
}

/* Where slot 0 of the slab headed by @page starts. */
static inline char *zs_slab_base(struct page *page)
{
	return (char *)zs_page_address(page) + zs_slab_colour(page);
}

/* Object @i of the slab at @base. */
static inline void *zs_slab_object(const struct kmem_cache *s, char *base,
				   unsigned int i)
{
	return base + (size_t)i * s->size + s->red_left_pad;
}

/* The index of object @obj (an object start) of the slab at @base. */
static inline unsigned int zs_slab_obj_index(const struct kmem_cache *s,
					     const char *base, const void *obj)
{
	return (unsigned int)(((size_t)((const char *)obj - base) - s->red_left_pad) / s->size);
}

/* for_each_object(p, s, base, n) - @p (a char *) runs over the @n objects. */
#define for_each_object(p, s, base, n)                                     \
	for ((p) = (base) + (s)->red_left_pad;                              \
	     (p) < (base) + (size_t)(n) * (s)->size; (p) += (s)->size)

/* One bit per object of a slab. */
struct zs_objmap {
	unsigned char bits[MAX_OBJS_PER_PAGE / 8 + 1];
};

static inline void zs_objmap_clear(struct zs_objmap *m, const struct page *page)
{
	memset(m->bits, 0, (page->objects + 7) / 8);
}

static inline void zs_objmap_set(struct zs_objmap *m, size_t i)
{
	m->bits[i / 8] |= (unsigned char)(1u << (i % 8));
}

static inline bool zs_objmap_test(const struct zs_objmap *m, size_t i)
{
	return m->bits[i / 8] & (1u << (i % 8));
}

/* How many of objects [0, @n) are set. */
unsigned int zs_objmap_count(const struct zs_objmap *m, unsigned int n);

/*
 * zs_slab_page_objects() - the objects [*first, *last] of slab @page that
 * overlap its host page @p (0 .. 2^order - 1); false when none does.
 */
bool zs_slab_page_objects(const struct kmem_cache *s, const struct page *page,
			  unsigned long p, size_t *first, size_t *last);

/* Set the objects of @page's discarded host pages (free, off the list). */
void zs_objmap_add_discarded(const struct kmem_cache *s, const struct page *page,
			     struct zs_objmap *m);

enum zs_map_error {
	ZS_MAP_OK,
	ZS_MAP_BAD_POINTER,   /* a freelist entry is no object of the slab */
	ZS_MAP_LOOP,          /* an object is on the freelist twice */
};

/*
 * zs_slab_get_map() - SLUB's get_map(): @m gets exactly the free objects
 * of @page, those on its freelist and those of its discarded pages.  The
 * freelist is checked as it is walked; at a bad entry the walk stops
 * (@m holds what came before it, and the discarded ones) and the error
 * says why.
 */
enum zs_map_error zs_slab_get_map(struct kmem_cache *s, struct page *page,
				  struct zs_objmap *m);

#pragma GCC visibility pop

#endif
