/* SPDX-License-Identifier: MIT */
/*
 * lock.h - a small spinlock that yields the CPU when it cannot get the
 * lock quickly (machines here have few cores and many threads).  Critical
 * sections under it are short and never call the OS except madvise.
 *
 * Every lock carries its rank in the library's lock order (lock_rank.h):
 * make it with ZS_SPINLOCK_INIT(ZS_RANK_...) or zs_spin_init(l, rank).
 * Taking and releasing it keeps this thread's record of held locks, which
 * debug builds check against the order.
 */
#ifndef ZSLAB_LOCK_H
#define ZSLAB_LOCK_H

#include <stdatomic.h>
#include <stdbool.h>

#include "common/lock_rank.h"
#include "host/host.h"

typedef struct {
	atomic_int v;
	unsigned char rank;     /* enum zs_lock_rank */
} zs_spinlock_t;

#define ZS_SPINLOCK_INIT(r) { 0, (r) }

static inline void zs_spin_init(zs_spinlock_t *l, enum zs_lock_rank rank)
{
	atomic_init(&l->v, 0);
	l->rank = (unsigned char)rank;
}

/* One attempt, no bookkeeping. */
static inline bool zs_spin_try_raw(zs_spinlock_t *l)
{
	return atomic_load_explicit(&l->v, memory_order_relaxed) == 0 &&
	       atomic_exchange_explicit(&l->v, 1, memory_order_acquire) == 0;
}

/* Take @l if it is free; never waits, so never out of order. */
static inline bool zs_spin_trylock(zs_spinlock_t *l)
{
	if (!zs_spin_try_raw(l))
		return false;
	zs_lock_acquired((enum zs_lock_rank)l->rank);
	return true;
}

static inline void zs_spin_lock(zs_spinlock_t *l)
{
	unsigned int spins = 0;

	zs_lock_acquiring((enum zs_lock_rank)l->rank);
	while (!zs_spin_try_raw(l)) {
		if (++spins > 64) {
			zs_host_relax();
			spins = 0;
		} else {
#if defined(__x86_64__) || defined(__i386__)
			__builtin_ia32_pause();
#endif
		}
	}
	zs_lock_acquired((enum zs_lock_rank)l->rank);
}

static inline void zs_spin_unlock(zs_spinlock_t *l)
{
	atomic_store_explicit(&l->v, 0, memory_order_release);
	zs_lock_released((enum zs_lock_rank)l->rank);
}

#endif
