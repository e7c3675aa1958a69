/* SPDX-License-Identifier: MIT */
/* slab_map.c - free-object maps of slabs (see slab_map.h). */
#include "slab/slab_map.h"

unsigned int zs_objmap_count(const struct zs_objmap *m, unsigned int n)
{
	unsigned int c = 0;

	for (unsigned int i = 0; i < n; i++)
		c += zs_objmap_test(m, i);
	return c;
}

bool zs_slab_page_objects(const struct kmem_cache *s, const struct page *page,
			  unsigned long p, size_t *first, size_t *last)
{
	size_t c = zs_slab_colour(page), lo = p * PAGE_SIZE, hi = lo + PAGE_SIZE - 1;

	if (hi < c)
		return false;     /* only colour bytes */
	*first = lo < c ? 0 : (lo - c) / s->size;
	*last = (hi - c) / s->size;
	if (*last >= page->objects)
		*last = page->objects - 1;
	return *first < page->objects;
}

void zs_objmap_add_discarded(const struct kmem_cache *s, const struct page *page,
			     struct zs_objmap *m)
{
	unsigned long n = 1UL << page->order;
	size_t first, last;

	if (!page->discarded)
		return;
	for (unsigned long p = 0; p < n; p++)
		if ((page->discarded & (1UL << p)) &&
		    zs_slab_page_objects(s, page, p, &first, &last))
			for (size_t i = first; i <= last; i++)
				zs_objmap_set(m, i);
}

enum zs_map_error zs_slab_get_map(struct kmem_cache *s, struct page *page,
				  struct zs_objmap *m)
{
	char *base = zs_slab_base(page);
	enum zs_map_error err = ZS_MAP_OK;

	zs_objmap_clear(m, page);
	for (void *obj = page->freelist; obj; obj = get_freepointer(s, obj)) {
		size_t i;

		if (!zs_valid_object(s, page, obj)) {
			err = ZS_MAP_BAD_POINTER;
			break;
		}
		i = zs_slab_obj_index(s, base, obj);
		if (zs_objmap_test(m, i)) {
			err = ZS_MAP_LOOP;
			break;
		}
		zs_objmap_set(m, i);
	}
	zs_objmap_add_discarded(s, page, m);
	return err;
}
