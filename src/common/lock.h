/* SPDX-License-Identifier: MIT */
/*
 * lock.h - a small spinlock that yields the CPU when it cannot get the
 * lock quickly (machines here have few cores and many threads).  Critical
 * sections under it are short and never call the OS except madvise.
 */
#ifndef ZSLAB_LOCK_H
#define ZSLAB_LOCK_H

#include <stdatomic.h>
#include <stdbool.h>

#include "host/host.h"

typedef struct {
	atomic_int v;
} zs_spinlock_t;

#define ZS_SPINLOCK_INIT { 0 }

static inline void zs_spin_init(zs_spinlock_t *l)
{
	atomic_init(&l->v, 0);
}

static inline bool zs_spin_trylock(zs_spinlock_t *l)
{
	return atomic_load_explicit(&l->v, memory_order_relaxed) == 0 &&
	       atomic_exchange_explicit(&l->v, 1, memory_order_acquire) == 0;
}

static inline void zs_spin_lock(zs_spinlock_t *l)
{
	unsigned int spins = 0;

	while (!zs_spin_trylock(l)) {
		if (++spins > 64) {
			zs_host_relax();
			spins = 0;
		} else {
#if defined(__x86_64__) || defined(__i386__)
			__builtin_ia32_pause();
#endif
		}
	}
}

static inline void zs_spin_unlock(zs_spinlock_t *l)
{
	atomic_store_explicit(&l->v, 0, memory_order_release);
}

#endif
