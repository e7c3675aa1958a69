/* SPDX-License-Identifier: MIT */
/*
 * test_malloc_foreign_mt.c - free()'s class map path keeps the slab
 * ownership rule (sheaf_fast.h): a small block (under a cache line) that
 * another thread's slab holds is not pushed on the freeing thread's
 * sheaf but goes back towards its slab (the foreign tail, counted in the
 * cache's foreign_frees); a larger block, or a small one of the thread's
 * own slabs, is pushed.  free() reads the owner from the map entry's
 * owner tag (class_map.h), not from the struct page, so this is the test
 * that the tag is written and read.
 *
 * This thread frees NBLK blocks of its own; then another thread mallocs
 * NBLK blocks, and this one frees them: a small one must not be on its
 * sheaf after, a larger one is.
 */
#include "zt.h"

#include <pthread.h>

#include "slab/sheaf_fast.h"
#include "slab/slab.h"
#include "zmalloc.h"
#include "zslab_malloc.h"

#define M(name) ZM_API(name)
#define NBLK 2000u

static void *blk[NBLK];
static size_t blk_size;

static void *take(void *arg)
{
	(void)arg;
	for (unsigned int i = 0; i < NBLK; i++)
		blk[i] = M(malloc)(blk_size);
	return NULL;
}

static void *give_back(void *arg)
{
	(void)arg;
	for (unsigned int i = 0; i < NBLK; i++)
		M(free)(blk[i]);
	return NULL;
}

/* Run @fn on a new thread and wait for it. */
static void on_thread(void *(*fn)(void *))
{
	pthread_t t;

	REQUIRE(pthread_create(&t, NULL, fn, NULL) == 0);
	REQUIRE(pthread_join(t, NULL) == 0);
}

static unsigned long foreign_of(const struct kmem_cache *s)
{
	return __atomic_load_n(&s->foreign_frees, __ATOMIC_RELAXED);
}

/* How many of blk[] are on this thread's sheaf of @s. */
static unsigned int on_my_sheaf(const struct kmem_cache *s)
{
	const struct sheaf *sh = zs_my_sheaf(s);
	unsigned int n = 0;

	for (unsigned int i = 0; i < sh->count; i++)
		for (unsigned int k = 0; k < NBLK; k++)
			n += sh->objs[i] == blk[k];
	return n;
}

/* @size's blocks taken on one thread and freed on another: foreign or not. */
static void test_size(size_t size, bool small)
{
	struct kmem_cache *s = zs_malloc_caches[zs_malloc_class_idx[(size - 1) >> 4]];
	unsigned long before;

	blk_size = size;
	REQUIRE(s != &zs_malloc_unmade);
	CHECK_EQ(s->size < CACHE_LINE, small);
	before = foreign_of(s);
	take(NULL);                  /* this thread's own: never foreign */
	give_back(NULL);
	CHECK_EQ(foreign_of(s), before);
	/* this thread's sheaves and the barns back to the slabs, so that the
	 * other thread takes from the slabs, which makes it their owner (a
	 * barn's whole sheaf changes no slab's owner) */
	zs_slab_shrink_all();
	M(free)(M(malloc)(size));    /* and a sheaf again, that free() may push on */
	on_thread(take);             /* the other thread's slabs */
	for (unsigned int i = 0; i < NBLK; i++)
		REQUIRE(blk[i]);
	before = foreign_of(s);
	give_back(NULL);
	unsigned int pushed = on_my_sheaf(s);
	if (small) {  /* most counted by now; the rest wait in the tail */
		CHECK(foreign_of(s) - before >= NBLK / 2);
		CHECK_EQ(pushed, 0);
	} else {
		CHECK_EQ(foreign_of(s), before);
		CHECK(pushed > 0);
	}
	printf("# size %zu: %lu of %u frees foreign\n", size, foreign_of(s) - before, NBLK);
	CHECK_EQ(zs_slab_validate_all(), 0);
}

int main(void)
{
	M(free)(M(malloc)(1));   /* boots zslab, sets this thread up */
	test_size(32, true);
	test_size(48, true);
	test_size(100, false);
	test_size(3000, false);
	return zt_summary("test_malloc_foreign_mt");
}
