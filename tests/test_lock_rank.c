/* SPDX-License-Identifier: MIT */
/*
 * test_lock_rank.c - the lock order of common/lock_rank.h is held: in a
 * debug build (make debug) an out-of-order lock, a second lock of one
 * rank, a lock without a rank, and lazy boot under a lock each abort with
 * a report naming the locks, while the fork handler's exception (every
 * node lock at once, in order) passes.  Every build counts the locks a
 * thread holds, which report deferral relies on.
 */
#include "zt.h"
#include "zt_abort.h"

#include "common/lazy_boot.h"
#include "common/lock.h"
#include "mm/mm_internal.h"
#include "slab/slab.h"

static struct kmem_cache *a, *b;

static void out_of_order(void)
{
	zs_spin_lock(&zs_zones[ZONE_NORMAL].lock);
	zs_spin_lock(&zs_slab_caches_lock);          /* rank 7 under the zone lock's */
}

static void two_node_locks(void)
{
	zs_spin_lock(&a->node_lock);
	zs_spin_lock(&b->node_lock);                 /* "never two" */
}

static void unranked(void)
{
	static zs_spinlock_t l;                      /* never initialised */

	zs_spin_lock(&l);
}

static void boot_under_lock(void)
{
	static zs_spinlock_t l = ZS_SPINLOCK_INIT(ZS_RANK_SLAB_NODE);

	zslab_exit();
	zs_spin_lock(&l);
	zs_lazy_boot();
}

static void fork_exception(void)
{
	zs_lock_fork_begin();
	zs_spin_lock(&zs_slab_caches_lock);
	zs_spin_lock(&a->node_lock);
	zs_spin_lock(&b->node_lock);
	zs_lock_fork_end();
	zs_spin_unlock(&b->node_lock);
	zs_spin_unlock(&a->node_lock);
	zs_spin_unlock(&zs_slab_caches_lock);
}

static void test_depth(void)
{
	CHECK_EQ(zs_locks_held(), 0);
	zs_spin_lock(&a->node_lock);
	CHECK_EQ(zs_locks_held(), 1);
	CHECK(zs_spin_trylock(&zs_zones[ZONE_DMA].lock));
	CHECK_EQ(zs_locks_held(), 2);
	zs_spin_unlock(&zs_zones[ZONE_DMA].lock);
	zs_spin_unlock(&a->node_lock);
	CHECK_EQ(zs_locks_held(), 0);
}

int main(void)
{
	REQUIRE(zslab_init(NULL) == 0);
	a = kmem_cache_create("rank-a", 100, 0, 0, NULL);
	b = kmem_cache_create("rank-b", 200, 0, 0, NULL);
	REQUIRE(a && b);
	test_depth();
	CHECK(zt_child_ends(fork_exception, NULL));
	if (!zs_debug) {
		printf("test_lock_rank: the rank checker is compiled out of this "
		       "release build; make debug runs its checks\n");
	} else {
		CHECK(zt_child_ends(out_of_order, "taking, out of order, zs_slab_caches_lock"));
		char zone_rank[32];     /* the rank the list gives the zone lock */
		snprintf(zone_rank, sizeof(zone_rank), "zone lock (rank %d)", (int)ZS_RANK_ZONE);
		CHECK(zt_child_ends(out_of_order, zone_rank));
		CHECK(zt_child_ends(two_node_locks, "taking a second node_lock"));
		CHECK(zt_child_ends(unranked, "a lock without a rank"));
		CHECK(zt_child_ends(boot_under_lock, "lazy boot with 1 zslab lock(s) held"));
	}
	kmem_cache_destroy(a);
	kmem_cache_destroy(b);
	zslab_exit();
	return zt_summary("test_lock_rank");
}
