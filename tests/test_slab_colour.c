/* SPDX-License-Identifier: MIT */
/*
 * test_slab_colour.c - slab colouring (SLAB_COLOUR, the malloc classes):
 * successive slabs of a coloured cache start their first object at
 * different cache lines of the slab's leftover bytes, cycling; every
 * object sits at base + colour + i * size and fits the slab; a pointer
 * into an object or into the colour bytes is no object (kfree reports it
 * and frees nothing); power-of-two classes up to a page, which tile their
 * slab, and classes whose slab leaves less than a cache line over, are
 * not coloured; discarding free host pages of a coloured slab
 * and bringing them back keeps every object; validation finds nothing
 * wrong; a freed slab's pages have colour 0 again.
 */
#include "zt.h"

#include <stdint.h>

#include "mm/mm_internal.h"
#include "slab/slab.h"
#include "slab/slab_map.h"
#include "slab/slub_internal.h"

#define NOBJ 240

static struct kmem_cache *class_of(unsigned int size)
{
	for (unsigned int i = 0; i < ZS_MALLOC_NR_CLASSES; i++)
		if (zs_malloc_class_size(i) == size)
			return zs_malloc_caches[i];
	return NULL;
}

static struct page *head_of(const void *p)
{
	struct page *pg = zs_virt_to_page(p);

	return (pg->flags & PG_tail) ? pg->head : pg;
}

/* The colours that the slabs of @objs use, as a bit set; checks layout. */
static void check_layout(struct kmem_cache *s, void **objs, unsigned int n,
			 uint64_t seen[4])
{
	unsigned long bad = 0;

	for (unsigned int i = 0; i < n; i++) {
		struct page *h = head_of(objs[i]);
		size_t off = (size_t)((char *)objs[i] - (char *)zs_page_address(h));
		size_t c = zs_slab_colour(h);
		if (off < c || (off - c) % s->size ||
		    (off - c) / s->size >= h->objects ||
		    c + (size_t)h->objects * s->size > (PAGE_SIZE << h->order) ||
		    zs_virt_to_page(objs[i])->colour != h->colour)
			bad++;
		seen[h->colour / 64] |= 1ull << (h->colour % 64);
	}
	CHECK_EQ(bad, 0);
}

static unsigned int popcount4(const uint64_t seen[4])
{
	return (unsigned int)(__builtin_popcountll(seen[0]) + __builtin_popcountll(seen[1]) +
			      __builtin_popcountll(seen[2]) + __builtin_popcountll(seen[3]));
}

static void test_colours(unsigned int size)
{
	struct kmem_cache *s = class_of(size);
	static void *objs[NOBJ];
	uint64_t seen[4] = { 0 };

	REQUIRE(s);
	CHECK(s->flags & SLAB_COLOUR);
	for (unsigned int i = 0; i < NOBJ; i++) {
		objs[i] = kmem_cache_alloc(s, GFP_KERNEL);
		REQUIRE(objs[i]);
		memset(objs[i], 0x5a, s->object_size);
	}
	check_layout(s, objs, NOBJ, seen);
	CHECK(popcount4(seen) >= 2);   /* the slabs do not all start alike */
	/* interior pointers and colour bytes are no objects */
	zt_reports_reset();
	kfree((char *)objs[0] + 16);
	CHECK_EQ(zt_reports_reset(), 1);
	for (unsigned int i = 0; i < NOBJ; i++) {
		struct page *h = head_of(objs[i]);
		if (h->colour) {
			kfree(zs_page_address(h));
			CHECK_EQ(zt_reports_reset(), 1);
			break;
		}
	}
	CHECK_EQ(zs_slab_validate_cache(s), 0);
	for (unsigned int i = 0; i < NOBJ; i++)
		kmem_cache_free(s, objs[i]);
	CHECK_EQ(zs_slab_validate_cache(s), 0);
}

/* Free all but one object per slab, shrink (free host pages go back),
 * then take every object again: all are there and whole. */
static void test_discard(void)
{
	struct kmem_cache *s = class_of(5120);
	static void *objs[NOBJ];
	uint64_t seen[4] = { 0 };

	REQUIRE(s);
	for (unsigned int i = 0; i < NOBJ; i++)
		REQUIRE((objs[i] = kmem_cache_alloc(s, GFP_KERNEL)));
	for (unsigned int i = 0; i < NOBJ; i++)
		if (i % 6 != 5)
			kmem_cache_free(s, objs[i]);
	kmem_cache_shrink(s);
	CHECK_EQ(zs_slab_validate_cache(s), 0);
	for (unsigned int i = 0; i < NOBJ; i++)
		if (i % 6 != 5) {
			REQUIRE((objs[i] = kmem_cache_alloc(s, GFP_KERNEL)));
			memset(objs[i], 0x33, s->object_size);
		}
	check_layout(s, objs, NOBJ, seen);
	CHECK_EQ(zs_slab_validate_cache(s), 0);
	for (unsigned int i = 0; i < NOBJ; i++)
		kmem_cache_free(s, objs[i]);
}

/* A freed coloured slab gives its pages back with colour 0. */
static void test_freed_colour(void)
{
	struct kmem_cache *s = class_of(20480);
	void *p[8];
	struct page *h[8];

	REQUIRE(s);
	for (int i = 0; i < 8; i++) {
		REQUIRE((p[i] = kmem_cache_alloc(s, GFP_KERNEL)));
		h[i] = head_of(p[i]);
	}
	for (int i = 0; i < 8; i++)
		kmem_cache_free(s, p[i]);
	kmem_cache_shrink(s);
	unsigned long left = 0;
	for (int i = 0; i < 8; i++)
		for (unsigned long j = 0; j < 8; j++)   /* order 3 */
			left += !(h[i][j].flags & PG_slab) && h[i][j].colour;
	CHECK_EQ(left, 0);
}

/* How many malloc classes' entries are zs_malloc_unmade (never NULL). */
static unsigned int unmade_classes(void)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < ZS_MALLOC_NR_CLASSES; i++) {
		REQUIRE(zs_malloc_caches[i]);
		n += zs_malloc_caches[i] == &zs_malloc_unmade;
	}
	return n;
}

int main(void)
{
	zt_capture_reports();
	REQUIRE(zslab_init("memmap=256M@0") == 0);
	/* until made, and again after an exit, every class is the unmade
	 * cache, which no fast path can use */
	CHECK_EQ(unmade_classes(), ZS_MALLOC_NR_CLASSES);
	CHECK_EQ(zs_malloc_unmade.sheaf_id, ZS_DEAD_ID);
	CHECK_EQ(zs_malloc_caches_create(), 0);
	CHECK_EQ(unmade_classes(), 0);
	zslab_exit();
	CHECK_EQ(unmade_classes(), ZS_MALLOC_NR_CLASSES);
	REQUIRE(zslab_init("memmap=256M@0") == 0);
	CHECK_EQ(zs_malloc_caches_create(), 0);
	CHECK(zs_malloc_caches_tried());
	/* power-of-two classes up to a page tile the slab: not coloured */
	CHECK(!(class_of(64)->flags & SLAB_COLOUR) && class_of(64)->obj_mask == 63);
	CHECK(!(class_of(4096)->flags & SLAB_COLOUR));
	CHECK(!(class_of(80)->flags & SLAB_COLOUR));     /* 16 bytes left over */
	CHECK(!(class_of(8192)->flags & SLAB_COLOUR));   /* 4 x 8k: none */
	test_colours(320);
	test_colours(1280);
	test_colours(5120);
	test_colours(20480);
	test_discard();
	test_freed_colour();
	CHECK_EQ(zs_slab_validate_all(), 0);
	zslab_exit();
	return zt_summary("test_slab_colour");
}
