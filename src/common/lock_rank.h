/* SPDX-License-Identifier: MIT */
/*
 * lock_rank.h - the lock order of the whole library, in one place, and the
 * checker that holds every thread to it (jemalloc's witness).
 *
 * Lock order.  A thread takes locks in the order of this list, top to
 * bottom, and never one of an earlier rank while it holds one of a later
 * rank.  A lock of a higher layer comes first: a layer calls down with its
 * locks held, never up.  At most one lock of each rank is held at a time,
 * except in the fork handler (below).
 *
 *  1. MALLOC_BIG    malloc/bigmap.c big_lock: the table of big mappings.
 *  2. BOOT          init/init.c boot_lock: the boot state; zslab_init(),
 *                   zslab_exit(), lazy boot and the fork handler.
 *  3. SYSFS_LIVE    slab/sysfs_live.c live_lock (a read-write lock):
 *                   whether the live view may enter the slab layer.
 *  4. V7S_FRAG      iommu/v7s-l2-frag.c f->lock: one page table's level-2
 *                   page_frag cache and its block list (allocates pages).
 *  5. V7S_TABLE     iommu/io-pgtable-arm-v7s.c data->lock: publishing a
 *                   level-2 table, splitting a contiguous group.
 *  6. DMA_DEVICES   dma/device.c zs_dma_lock: the list of added devices
 *                   and every device's private lists (devres nodes,
 *                   dma_pools, strict-checking records).  Nothing is
 *                   allocated or freed under it, and no callback runs.
 *  7. DMA_POOL      dma/dmapool.c pool->lock: one dma_pool's free list,
 *                   page list and counters (pages are made outside it).
 *  8. SWIOTLB       dma/swiotlb.c tlb.lock: the bounce pool's slot maps,
 *                   counters and state; the pool is made under it (pages
 *                   and kmalloc), the copies are made outside it.
 *  9. VMALLOC       lib/vmalloc.c vm_lock: the vmalloc area's page bitmap
 *                   (which virtual pages are in use).  Nothing is
 *                   allocated under it.
 * 10. GENPOOL       lib/genalloc.c pool->lock: a pool's chunk list.
 * 11. MEMPOOL       lib/mempool.c pool->lock: a mempool's reserve of
 *                   elements (curr_nr, elements[], min_nr, the wait
 *                   word).  No callback and no allocator runs under it.
 * 12. SLAB_CACHES   slab/slab_common.c zs_slab_caches_lock: the cache
 *                   registry, cache ids, aliases and refcounts.
 * 13. SLAB_TLS      slab/sheaf.c tls_lock: the registry of threads' sheaf
 *                   tables.  A shrink holds it while it walks the threads
 *                   and flushes the parked ones (so: before SLAB_PARK and
 *                   SLAB_NODE).
 * 14. SLAB_PARK     slab/sheaf.c t->park_lock of one thread: whether the
 *                   thread is parked and, while it is, its sheaves and
 *                   table, which another thread may then flush or free.
 * 15. SLAB_GROW     s->grow_lock of one cache (slab/slub.c): held while
 *                   a slab's pages are in neither the cache nor their
 *                   zone, from the page allocation of a new slab to its
 *                   place on s->growing, and from an empty slab's removal
 *                   (under the node lock, by trylock) to its buddy free;
 *                   fork() takes every one before the node locks, so no
 *                   slab is ever in that gap in a child.  Only the page
 *                   allocator runs under it: no user callback (ctor, RCU
 *                   engine), no slab allocation.
 * 16. SLAB_NODE     s->node_lock of one cache (slab/slub.c): its partial
 *                   and full slab lists and counters, its barn, the list
 *                   of its sheaves.  The page allocator is never called
 *                   under it: slabs are made and freed outside it.
 * 17. PCP_REGISTRY  mm/pcp.c registry_lock: the list of per-thread page
 *                   lists.
 * 18. PCP           mm/pcp.c p->lock: one thread's order-0 page lists.
 * 19. HOTPLUG       mm/memmap.c mem_hotplug_lock: adding a RAM range to
 *                   the machine (memory hot-add); the zone locks are
 *                   taken under it to online the range's pages.
 * 20. ZONE          mm zone->lock (buddy.c): one zone's free lists, fresh
 *                   spans, dirty count.
 * 21. ALLOC_COUNT   mm/alloc_count.c registry_lock: the list of per-thread
 *                   page counts.
 * 22. RATELIMIT     common/report.c: one report ratelimit's state.
 * 23. REPORT_QUEUE  common/report.c: reports made under a lock, waiting
 *                   for the unlock (report.h).
 *
 * Not checked here: the host layer's own pthread mutexes (host_fuse.c
 * mount_lock, then done_lock), which sit below this file.  They are taken
 * with no zslab lock held and nothing of zslab runs under them.
 *
 * The fork exception.  The fork handler (init.c, between
 * zs_lock_fork_begin() and zs_lock_fork_end()) takes every lock the child
 * needs, in this order: boot_lock; zs_slab_caches_lock; tls_lock; the
 * grow lock of every cache, in registry order; the node lock of every
 * cache, in registry order; the pcp registry lock; every
 * thread's pcp lock, in registry order; every zone lock, DMA first; the
 * count registry lock; the report queue.  That is the one place where
 * several locks of one rank are held at once, and the checker allows it
 * there only.
 *
 * Adding a lock: one X() line below, at the place in the order where the
 * new lock belongs, with what it protects; then ZS_SPINLOCK_INIT(rank) or
 * zs_spin_init(lock, rank) where the lock is made.  The numbered list
 * above is the same list in words: keep both.
 *
 * The checker (debug builds, zs_debug): each lock carries its rank, and a
 * per-thread record counts the locks held per rank.  Taking a lock of a
 * rank below the highest held, or a second lock of the highest rank
 * outside the fork handler, is reported with the stack and the process
 * aborts: a test that does it fails.  Release builds keep only the count
 * of locks held (report.h defers reports until it drops to zero).
 */
#ifndef ZSLAB_LOCK_RANK_H
#define ZSLAB_LOCK_RANK_H

#include <stdbool.h>

#include "config/build.h"

#pragma GCC visibility push(hidden)

#define ZS_LOCK_RANKS(X)                                                    \
	X(MALLOC_BIG,   "big_lock")      /* malloc's table of big mappings */ \
	X(BOOT,         "boot_lock")     /* the boot state */                 \
	X(SYSFS_LIVE,   "live_lock")     /* the live sysfs view */            \
	X(V7S_FRAG,     "v7s frag lock") /* level-2 page_frag of a table */   \
	X(V7S_TABLE,    "v7s table lock")/* publishing a level-2 table */     \
	X(DMA_DEVICES,  "zs_dma_lock")   /* added devices, their lists */     \
	X(DMA_POOL,     "dma_pool lock") /* one dma_pool's blocks */          \
	X(SWIOTLB,      "swiotlb lock")  /* the bounce pool's slots */        \
	X(VMALLOC,      "vmalloc lock")  /* the vmalloc area's page bitmap */ \
	X(GENPOOL,      "gen_pool lock") /* a pool's chunk list */            \
	X(MEMPOOL,      "mempool lock")  /* a mempool's reserve */            \
	X(SLAB_CACHES,  "zs_slab_caches_lock") /* the cache registry */       \
	X(SLAB_TLS,     "tls_lock")      /* threads' sheaf tables */          \
	X(SLAB_PARK,    "park_lock")     /* a parked thread's sheaves */      \
	X(SLAB_GROW,    "grow_lock")     /* one cache's slabs in transit */   \
	X(SLAB_NODE,    "node_lock")     /* one cache's slabs and barn */     \
	X(PCP_REGISTRY, "pcp registry_lock") /* per-thread page lists */      \
	X(PCP,          "pcp lock")      /* one thread's page lists */        \
	X(HOTPLUG,      "mem_hotplug_lock") /* adding a RAM range */          \
	X(ZONE,         "zone lock")     /* one zone's free lists */          \
	X(ALLOC_COUNT,  "count registry_lock") /* per-thread page counts */   \
	X(RATELIMIT,    "ratelimit lock")/* one ratelimit state */            \
	X(REPORT_QUEUE, "report queue")  /* reports waiting for an unlock */

enum zs_lock_rank {
	ZS_RANK_NONE,   /* a lock nobody initialised: the checker refuses it */
#define ZS_RANK_ENUM(name, text) ZS_RANK_##name,
	ZS_LOCK_RANKS(ZS_RANK_ENUM)
#undef ZS_RANK_ENUM
	ZS_NR_RANKS
};

/*
 * What this thread holds.  @state is the number of locks held, plus
 * ZS_LOCKS_CLEAR while no report waits: so the release that must emit
 * queued reports (the last lock, reports waiting) is the one that brings
 * @state to 0, and the release path tests one word (zs_lock_released()).
 */
#define ZS_LOCKS_CLEAR (1u << 30)

struct zs_lock_held {
	unsigned int state;             /* locks held (+ ZS_LOCKS_CLEAR) */
	unsigned int pending;           /* reports queued, not yet emitted */
	bool flushing;                  /* emitting them (report.c) */
	bool forking;                   /* inside the fork handler */
	unsigned char top;              /* debug: highest rank held, 0: none */
	unsigned short count[ZS_NR_RANKS];   /* debug: locks held per rank */
};

extern __thread struct zs_lock_held zs_tl_locks __attribute__((tls_model("initial-exec")));

/* The checker's slow paths (lock_rank.c), debug builds only. */
void zs_lock_rank_check(enum zs_lock_rank rank);
void zs_lock_rank_note(enum zs_lock_rank rank);
void zs_lock_rank_drop(enum zs_lock_rank rank);
/* Emit the reports this thread queued under its locks (report.c). */
void zs_report_flush_deferred(void);

/*
 * zs_lock_acquiring() - about to wait for a lock of @rank: the order is
 * checked before the wait, so a deadlock is reported rather than hung.
 */
static inline void zs_lock_acquiring(enum zs_lock_rank rank)
{
	if (zs_debug)
		zs_lock_rank_check(rank);
}

/* zs_lock_acquired() - a lock of @rank is now held by this thread. */
static inline void zs_lock_acquired(enum zs_lock_rank rank)
{
	zs_tl_locks.state++;
	if (zs_debug)
		zs_lock_rank_note(rank);
}

/*
 * zs_lock_released() - a lock of @rank was let go.  The last one lets the
 * reports made under them out (report.h).
 */
static inline void zs_lock_released(enum zs_lock_rank rank)
{
	if (zs_debug)
		zs_lock_rank_drop(rank);
	if (__builtin_expect(--zs_tl_locks.state == 0, 0))
		zs_report_flush_deferred();
}

/* zs_locks_held() - how many zslab locks this thread holds. */
static inline unsigned int zs_locks_held(void)
{
	return zs_tl_locks.state & (ZS_LOCKS_CLEAR - 1);
}

void zs_lock_held_failed(const char *where);

/*
 * zs_lock_assert_none() - debug: report and abort when this thread holds
 * a zslab lock where it must hold none (@where: the place, for the text).
 */
static inline void zs_lock_assert_none(const char *where)
{
	if (zs_debug && __builtin_expect(zs_locks_held() != 0, 0))
		zs_lock_held_failed(where);
}

/* The fork handler's window: several locks of one rank may be held. */
void zs_lock_fork_begin(void);
void zs_lock_fork_end(void);

/* The name of @rank, for reports. */
const char *zs_lock_rank_name(enum zs_lock_rank rank);

#pragma GCC visibility pop

#endif
