/* SPDX-License-Identifier: MIT */
/*
 * test_teardown_state.c - back to the boot state (misuse matrix rule R6;
 * issue 13, defect 7).  After a workload (caches of every kind, kmalloc
 * of every class and large, bulk, threads that allocate and free across
 * each other and exit, caches destroyed, some destroyed twice), once
 * every cache is destroyed and zslab_shrink_all() has run, the buddy free
 * lists hold exactly the boot-time blocks, per zone and per order, and
 * every zone's counts equal the boot counts.
 *
 * What zslab keeps for itself is shown as its own: while another thread
 * still holds (empty) sheaves, zone info's `zslab` (and zoneinfo's
 * nr_zslab line) counts exactly the pages the teardown did not get back,
 * so allocated - zslab equals the boot value: a real leak of one page
 * would still show.  (Objects cached in another live thread's sheaves
 * keep their slabs, which are neither leaked nor zslab's: that thread's
 * own shrink or exit gives them back.)
 */
#include "zt.h"
#include "zt_mm.h"

#include <pthread.h>

#include "slab/slab.h"

struct zone_counts {
	unsigned long free, cached, allocated, zslab;
};

static void counts(struct zone_counts c[MAX_NR_ZONES])
{
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		struct zslab_zone_info zi;
		REQUIRE(zslab_zone_get_info((enum zone_type)z, &zi) == 0);
		c[z] = (struct zone_counts){ zi.free, zi.cached, zi.allocated, zi.zslab };
	}
}

/* zoneinfo's nr_zslab of zone @name, or -1 when the line is missing. */
static long zoneinfo_zslab(const char *name)
{
	char *text = zm_proc("zoneinfo"), head[64];
	const char *p, *line;
	long v = -1;

	snprintf(head, sizeof(head), "zone %8s", name);
	p = strstr(text, head);
	line = p ? strstr(p, "nr_zslab") : NULL;
	if (line && (!strstr(p + 1, "Node 0, zone") || line < strstr(p + 1, "Node 0, zone")))
		v = strtol(line + strlen("nr_zslab"), NULL, 10);
	free(text);
	return v;
}

static void ctor(void *p)
{
	memset(p, 0x11, 48);
}

static void *churn(void *arg)
{
	void **shared = arg;
	void *mine[300];

	for (int i = 0; i < 300; i++)
		mine[i] = kmalloc(8 + (size_t)i * 27, GFP_KERNEL);
	for (int i = 0; i < 300; i += 2)
		kfree(mine[i]);
	for (int i = 0; i < 100; i++)
		kfree(shared[i]);     /* objects another thread allocated */
	for (int i = 1; i < 300; i += 2)
		kfree(mine[i]);
	return NULL;
}

static void workload(void)
{
	struct kmem_cache *c[4];
	void *objs[4][200], *shared[4][100], *bulk[64];
	pthread_t t[4];

	c[0] = kmem_cache_create("td-plain", 100, 0, SLAB_NO_MERGE, NULL);
	c[1] = kmem_cache_create("td-dma32", 1024, 1024, SLAB_CACHE_DMA32, NULL);
	c[2] = kmem_cache_create("td-ctor", 48, 0, 0, ctor);
	c[3] = kmem_cache_create("td-debug", 200, 0, SLAB_RED_ZONE | SLAB_POISON |
				 SLAB_STORE_USER | SLAB_CONSISTENCY_CHECKS, NULL);
	for (int k = 0; k < 4; k++) {
		REQUIRE(c[k]);
		for (int i = 0; i < 200; i++)
			REQUIRE((objs[k][i] = kmem_cache_alloc(c[k], GFP_KERNEL)));
	}
	REQUIRE(kmem_cache_alloc_bulk(c[0], GFP_KERNEL, 64, bulk) == 64);
	for (int k = 0; k < 4; k++)
		for (int i = 0; i < 100; i++)
			REQUIRE((shared[k][i] = kmalloc(1 + (size_t)(i * 83) % 9000, GFP_KERNEL)));
	for (int k = 0; k < 4; k++)
		REQUIRE(pthread_create(&t[k], NULL, churn, shared[k]) == 0);
	for (int k = 0; k < 4; k++)
		pthread_join(t[k], NULL);
	kmem_cache_free_bulk(c[0], 64, bulk);
	for (int k = 0; k < 4; k++) {
		for (int i = 0; i < 200; i++)
			kmem_cache_free(c[k], objs[k][i]);
		kmem_cache_destroy(c[k]);
	}
	kmem_cache_destroy(c[0]);    /* twice: reported, nothing done */
}

static void *holder(void *arg)
{
	pthread_barrier_t *b = arg;

	for (int i = 0; i < 50; i++)
		kfree(kmalloc(16 << (i % 9), GFP_KERNEL));
	/* its sheaves stay, emptied: only zslab's own memory is held */
	for (int i = 0; i < 9; i++)
		kmem_cache_shrink(zs_kmalloc_slab(16 << i, GFP_KERNEL));
	pthread_barrier_wait(b);     /* sheaves held */
	pthread_barrier_wait(b);     /* the main thread has looked */
	return NULL;
}

int main(void)
{
	struct zone_counts boot[MAX_NR_ZONES], now[MAX_NR_ZONES];
	struct zm_buddy buddy;
	pthread_barrier_t b;
	pthread_t t;

	REQUIRE(zslab_init(NULL) == 0);
	zm_log_start();
	zm_buddy_snap(&buddy);
	counts(boot);
	for (int round = 0; round < 3; round++) {
		workload();
		zslab_shrink_all();
		CHECK(zm_buddy_equal(&buddy, "teardown"));
		counts(now);
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			CHECK_EQ(now[z].free + now[z].cached, boot[z].free + boot[z].cached);
			CHECK_EQ(now[z].allocated, boot[z].allocated);
			CHECK_EQ(now[z].zslab, boot[z].zslab);
		}
	}
	CHECK_EQ(zm_log_reset(), 3);     /* the second destroy of each round */
	/* the boot caches' slabs are zslab's own, and zoneinfo says so */
	CHECK(boot[ZONE_NORMAL].zslab > 0);
	CHECK_EQ(boot[ZONE_NORMAL].zslab, boot[ZONE_NORMAL].allocated);
	CHECK_EQ(zoneinfo_zslab("Normal"), (long)boot[ZONE_NORMAL].zslab);
	CHECK_EQ(zoneinfo_zslab("DMA32"), 0);

	/* a thread that keeps its sheaves: their pages are zslab's own */
	pthread_barrier_init(&b, NULL, 2);
	REQUIRE(pthread_create(&t, NULL, holder, &b) == 0);
	pthread_barrier_wait(&b);
	workload();
	zslab_shrink_all();
	zm_drain();
	counts(now);
	for (int z = 0; z < MAX_NR_ZONES; z++)
		CHECK_EQ(now[z].allocated - now[z].zslab, boot[z].allocated - boot[z].zslab);
	CHECK(now[ZONE_NORMAL].zslab > boot[ZONE_NORMAL].zslab);
	CHECK_EQ(zoneinfo_zslab("Normal"), (long)now[ZONE_NORMAL].zslab);
	/* one page leaked by the program is not zslab's: it shows */
	struct page *leak = alloc_pages(GFP_KERNEL, 0);
	counts(now);
	CHECK_EQ(now[ZONE_NORMAL].allocated - now[ZONE_NORMAL].zslab,
		 boot[ZONE_NORMAL].allocated - boot[ZONE_NORMAL].zslab + 1);
	__free_pages(leak, 0);
	pthread_barrier_wait(&b);
	pthread_join(t, NULL);
	zslab_shrink_all();
	CHECK(zm_buddy_equal(&buddy, "after the holder's exit"));
	CHECK_EQ(zslab_validate(), 0);
	zslab_exit();
	return zt_summary("test_teardown_state");
}
