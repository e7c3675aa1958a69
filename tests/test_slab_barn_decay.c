/* SPDX-License-Identifier: MIT */
/*
 * test_slab_barn_decay.c - a kmalloc class used and then left idle gives
 * its barn's full sheaves and its empty slabs back while other caches
 * grow (slab_barn_decay=N, barn.c; issue 12's RSS target: glibc-simple
 * kept ~1 MiB of full sheaves per finished size class).
 *
 * kmalloc-1k is filled with 2,000 objects and emptied: its barn fills
 * and min_partial empty slabs stay.  Then another cache makes a few
 * hundred slabs (many decay periods).  With the decay, kmalloc-1k ends
 * with an empty barn and fewer slabs than before, and its pages are back
 * in the page allocator (the slab page count falls by at least its
 * barn's share); it still allocates afterwards.  With slab_barn_decay=0
 * (the second CTest run) nothing changes, as on the old code.
 */
#include "zt.h"

#include "mm/mm_internal.h"
#include "slab/slab.h"
#include "slab/slub_internal.h"

#define NOBJ 2000
#define NGROW 800     /* 4 KiB objects: 100 slabs of 8 (order 3), ~6 periods */

static void *objs[NOBJ], *grow[NGROW];

static void counts(struct kmem_cache *s, unsigned long *slabs, unsigned int *barn)
{
	zs_spin_lock(&s->node_lock);
	*slabs = s->nr_partial + s->nr_full;
	*barn = s->nr_barn_full;
	zs_spin_unlock(&s->node_lock);
}

static long slab_pages(void)
{
	return atomic_load(&zs_node_stat[NR_SLAB_UNRECLAIMABLE]);
}

int main(void)
{
	unsigned long before, after;
	unsigned int barn_before, barn_after;

	zt_capture_reports();
	REQUIRE(zslab_init(getenv("ZSLAB_CMDLINE")) == 0);   /* the _off run's option */
	bool decay = zs_config.slab_barn_decay != 0;
	struct kmem_cache *grower = kmem_cache_create("decay-grower", 4096, 0, SLAB_NO_MERGE, NULL);
	REQUIRE(grower);

	for (int i = 0; i < NOBJ; i++)
		REQUIRE((objs[i] = kmalloc(1000, GFP_KERNEL)));
	struct kmem_cache *s = zs_obj_slab(objs[0])->slab_cache;
	REQUIRE(s && !strcmp(s->name, "kmalloc-1k"));
	for (int i = 0; i < NOBJ; i++)
		kfree(objs[i]);
	counts(s, &before, &barn_before);
	long pages_before = slab_pages();
	CHECK(before > 0);

	/* kmalloc-1k is idle now; another cache grows */
	for (int i = 0; i < NGROW; i++)
		REQUIRE((grow[i] = kmem_cache_alloc(grower, GFP_KERNEL)));
	counts(s, &after, &barn_after);
	long grown = (long)grower->nr_partial + (long)grower->nr_full;
	long pages_after = slab_pages() - (grown << grower->order);
	fprintf(stderr, "kmalloc-1k: slabs %lu -> %lu, barn sheaves %u -> %u; "
		"other slab pages %ld -> %ld (decay %s)\n", before, after, barn_before,
		barn_after, pages_before, pages_after, decay ? "on" : "off");
	if (decay) {
		CHECK_EQ(barn_after, 0);
		CHECK(after < before);
		/* every slab it gave back is back in the page allocator */
		CHECK(pages_after <= pages_before - (long)((before - after) << s->order));
	} else {
		CHECK_EQ(barn_after, barn_before);
		CHECK_EQ(after, before);
	}

	/* the decayed class still works */
	for (int i = 0; i < 100; i++)
		REQUIRE((objs[i] = kmalloc(1000, GFP_KERNEL)));
	for (int i = 0; i < 100; i++)
		kfree(objs[i]);
	for (int i = 0; i < NGROW; i++)
		kmem_cache_free(grower, grow[i]);
	kmem_cache_destroy(grower);
	CHECK_EQ(zslab_validate(), 0);
	CHECK_EQ(zt_reports, 0);
	zslab_exit();
	return zt_summary("test_slab_barn_decay");
}
