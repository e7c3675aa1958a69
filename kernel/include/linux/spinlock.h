/* SPDX-License-Identifier: MIT */
/*
 * linux/spinlock.h - spinlocks and rwlocks (see linux/spinlock_types.h).
 * The _irq/_irqsave/_bh forms are the plain ones (flags is set to 0):
 * there are no interrupts to mask.  lockdep_assert_held() checks that the
 * calling thread holds the lock and WARNs otherwise.
 */
#ifndef _ZSK_LINUX_SPINLOCK_H
#define _ZSK_LINUX_SPINLOCK_H

#include <linux/bug.h>
#include <linux/compiler.h>
#include <linux/preempt.h>
#include <linux/spinlock_types.h>
#include <linux/types.h>

int zsk_gettid(void);

static inline void zsk_lock_init(struct zsk_lock *l)
{
	pthread_mutex_init(&l->m, NULL);
	l->owner = 0;
}
static inline void zsk_lock_lock(struct zsk_lock *l)
{
	pthread_mutex_lock(&l->m);
	__atomic_store_n(&l->owner, zsk_gettid(), __ATOMIC_RELAXED);
}
static inline int zsk_lock_trylock(struct zsk_lock *l)
{
	if (pthread_mutex_trylock(&l->m))
		return 0;
	__atomic_store_n(&l->owner, zsk_gettid(), __ATOMIC_RELAXED);
	return 1;
}
static inline void zsk_lock_unlock(struct zsk_lock *l)
{
	__atomic_store_n(&l->owner, 0, __ATOMIC_RELAXED);
	pthread_mutex_unlock(&l->m);
}
static inline int zsk_lock_is_locked(struct zsk_lock *l)
{
	return __atomic_load_n(&l->owner, __ATOMIC_RELAXED) != 0;
}
static inline int zsk_lock_held(struct zsk_lock *l)
{
	return __atomic_load_n(&l->owner, __ATOMIC_RELAXED) == zsk_gettid();
}

#define spin_lock_init(lock) zsk_lock_init(&(lock)->l)
#define raw_spin_lock_init(lock) zsk_lock_init(&(lock)->l)
#define spin_lock(lock) zsk_lock_lock(&(lock)->l)
#define spin_unlock(lock) zsk_lock_unlock(&(lock)->l)
#define spin_trylock(lock) zsk_lock_trylock(&(lock)->l)
#define spin_is_locked(lock) zsk_lock_is_locked(&(lock)->l)
#define spin_lock_nested(lock, subclass) spin_lock(lock)
#define spin_lock_bh(lock) spin_lock(lock)
#define spin_unlock_bh(lock) spin_unlock(lock)
#define spin_lock_irq(lock) spin_lock(lock)
#define spin_unlock_irq(lock) spin_unlock(lock)
#define spin_lock_irqsave(lock, flags) do { (flags) = 0; spin_lock(lock); } while (0)
#define spin_lock_irqsave_nested(lock, flags, sub) spin_lock_irqsave(lock, flags)
#define spin_unlock_irqrestore(lock, flags) do { (void)(flags); spin_unlock(lock); } while (0)
#define spin_trylock_irqsave(lock, flags) ({ (flags) = 0; spin_trylock(lock); })
#define spin_trylock_bh(lock) spin_trylock(lock)
#define assert_spin_locked(lock) WARN_ON(!zsk_lock_is_locked(&(lock)->l))
#define raw_spin_lock(lock) spin_lock(lock)
#define raw_spin_unlock(lock) spin_unlock(lock)
#define raw_spin_trylock(lock) spin_trylock(lock)
#define raw_spin_lock_irq(lock) spin_lock(lock)
#define raw_spin_unlock_irq(lock) spin_unlock(lock)
#define raw_spin_lock_irqsave(lock, flags) spin_lock_irqsave(lock, flags)
#define raw_spin_unlock_irqrestore(lock, flags) spin_unlock_irqrestore(lock, flags)
#define raw_spin_is_locked(lock) spin_is_locked(lock)

#define lockdep_assert_held(lock) WARN_ON(!zsk_lock_held(&(lock)->l))
#define lockdep_assert_not_held(lock) WARN_ON(zsk_lock_held(&(lock)->l))
#define lockdep_assert_held_once(lock) WARN_ON_ONCE(!zsk_lock_held(&(lock)->l))
#define lockdep_assert_held_write(lock) lockdep_assert_held(lock)
#define lockdep_assert_held_read(lock) do { (void)(lock); } while (0)
#define lockdep_assert_irqs_disabled() do { } while (0)
#define lockdep_assert_irqs_enabled() do { } while (0)
#define lockdep_assert_preemption_disabled() do { } while (0)
#define lockdep_set_class(lock, key) do { (void)(lock); } while (0)
#define lockdep_set_subclass(lock, sub) do { (void)(lock); } while (0)
#define lockdep_is_held(lock) zsk_lock_held(&(lock)->l)
#define lockdep_off() do { } while (0)
#define lockdep_on() do { } while (0)
struct lock_class_key {
	int unused;
};

#define rwlock_init(lock) pthread_rwlock_init(&(lock)->rw, NULL)
#define read_lock(lock) pthread_rwlock_rdlock(&(lock)->rw)
#define read_unlock(lock) pthread_rwlock_unlock(&(lock)->rw)
#define write_lock(lock) pthread_rwlock_wrlock(&(lock)->rw)
#define write_unlock(lock) pthread_rwlock_unlock(&(lock)->rw)
#define read_trylock(lock) (pthread_rwlock_tryrdlock(&(lock)->rw) == 0)
#define write_trylock(lock) (pthread_rwlock_trywrlock(&(lock)->rw) == 0)
#define read_lock_irqsave(lock, flags) do { (flags) = 0; read_lock(lock); } while (0)
#define read_unlock_irqrestore(lock, flags) do { (void)(flags); read_unlock(lock); } while (0)
#define write_lock_irqsave(lock, flags) do { (flags) = 0; write_lock(lock); } while (0)
#define write_unlock_irqrestore(lock, flags) do { (void)(flags); write_unlock(lock); } while (0)
#define read_lock_bh(lock) read_lock(lock)
#define read_unlock_bh(lock) read_unlock(lock)
#define write_lock_bh(lock) write_lock(lock)
#define write_unlock_bh(lock) write_unlock(lock)
#define read_lock_irq(lock) read_lock(lock)
#define read_unlock_irq(lock) read_unlock(lock)
#define write_lock_irq(lock) write_lock(lock)
#define write_unlock_irq(lock) write_unlock(lock)

/* atomic_dec_and_lock(): decrement, and take @lock iff it reached 0. */
int _atomic_dec_and_lock(atomic_t *atomic, spinlock_t *lock);
#define atomic_dec_and_lock(atomic, lock) _atomic_dec_and_lock(atomic, lock)

#include <linux/cleanup.h>
DEFINE_GUARD(spinlock, spinlock_t *, spin_lock(_T), spin_unlock(_T))
DEFINE_GUARD(spinlock_irq, spinlock_t *, spin_lock(_T), spin_unlock(_T))
DEFINE_GUARD(raw_spinlock, raw_spinlock_t *, raw_spin_lock(_T), raw_spin_unlock(_T))

#endif
