/* SPDX-License-Identifier: MIT */
/*
 * linux/mutex.h - sleeping locks on host mutexes (see
 * linux/spinlock_types.h).  The _interruptible/_killable forms never see a
 * signal and return 0.
 */
#ifndef _ZSK_LINUX_MUTEX_H
#define _ZSK_LINUX_MUTEX_H

#include <linux/spinlock.h>

#define mutex_init(mutex) zsk_lock_init(&(mutex)->l)
#define mutex_destroy(mutex) do { WARN_ON(zsk_lock_is_locked(&(mutex)->l)); } while (0)
#define mutex_lock(mutex) zsk_lock_lock(&(mutex)->l)
#define mutex_lock_nested(mutex, sub) mutex_lock(mutex)
#define mutex_lock_io(mutex) mutex_lock(mutex)
#define mutex_lock_interruptible(mutex) ({ mutex_lock(mutex); 0; })
#define mutex_lock_killable(mutex) ({ mutex_lock(mutex); 0; })
#define mutex_trylock(mutex) zsk_lock_trylock(&(mutex)->l)
#define mutex_unlock(mutex) zsk_lock_unlock(&(mutex)->l)
#define mutex_is_locked(mutex) zsk_lock_is_locked(&(mutex)->l)
#define devm_mutex_init(dev, mutex) ({ mutex_init(mutex); 0; })

#include <linux/cleanup.h>
DEFINE_GUARD(mutex, struct mutex *, mutex_lock(_T), mutex_unlock(_T))

#endif
