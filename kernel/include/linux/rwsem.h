/* SPDX-License-Identifier: MIT */
/*
 * linux/rwsem.h - read-write semaphores: any number of readers or one
 * writer, a waiting writer holding back new readers (as the kernel's
 * rwsems do, so readers cannot starve a writer), downgrade_write()
 * atomic.  Built on the compat tree's host mutex (linux/spinlock_types.h)
 * and a condition variable; the _killable/_interruptible forms never see
 * a signal and return 0.  lockdep_assert_held(&sem) passes for the
 * writer, and while any thread holds @sem for reading (the host keeps no
 * per-thread record of readers).
 */
#ifndef _ZSK_LINUX_RWSEM_H
#define _ZSK_LINUX_RWSEM_H

#include <linux/spinlock.h>

/*
 * struct rw_semaphore - @l: the state lock (l.m, held only inside the
 * calls below) and the writer (l.owner, its thread id, 0 when none);
 * @readers: holders for reading; @writers_waiting: writers blocked in
 * down_write().  Invariant: readers == 0 or l.owner == 0.
 */
struct rw_semaphore {
	struct zsk_lock l;
	pthread_cond_t c;
	int readers;
	int writers_waiting;
};

#define __RWSEM_INITIALIZER(name) \
	{ .l = __ZSK_LOCK_INIT, .c = PTHREAD_COND_INITIALIZER, .readers = 0, .writers_waiting = 0 }
#define DECLARE_RWSEM(name) struct rw_semaphore name = __RWSEM_INITIALIZER(name)

/** init_rwsem() - an unlocked rwsem @sem */
void init_rwsem(struct rw_semaphore *sem);
/** down_read() - take @sem for reading; waits for the writer and for waiting writers */
void down_read(struct rw_semaphore *sem);
/** down_read_trylock() - 1 if @sem was taken for reading without waiting, else 0 */
int down_read_trylock(struct rw_semaphore *sem);
/** up_read() - release @sem taken for reading; a release of an unheld @sem is reported */
void up_read(struct rw_semaphore *sem);
/** down_write() - take @sem for writing */
void down_write(struct rw_semaphore *sem);
/** down_write_trylock() - 1 if @sem was taken for writing without waiting, else 0 */
int down_write_trylock(struct rw_semaphore *sem);
/** up_write() - release @sem taken for writing by this thread (else reported) */
void up_write(struct rw_semaphore *sem);
/** downgrade_write() - turn this thread's write hold of @sem into a read hold, atomically */
void downgrade_write(struct rw_semaphore *sem);
/** rwsem_is_locked() - whether anyone holds @sem */
int rwsem_is_locked(struct rw_semaphore *sem);
/** rwsem_is_contended() - whether a writer waits for @sem */
int rwsem_is_contended(struct rw_semaphore *sem);
/** zsk_rwsem_held() - held for writing by this thread, or by any reader */
int zsk_rwsem_held(struct rw_semaphore *sem);

#define down_read_nested(sem, sub) down_read(sem)
#define down_read_killable(sem) ({ down_read(sem); 0; })
#define down_read_interruptible(sem) ({ down_read(sem); 0; })
#define down_read_non_owner(sem) down_read(sem)
#define up_read_non_owner(sem) up_read(sem)
#define down_write_nested(sem, sub) down_write(sem)
#define down_write_killable(sem) ({ down_write(sem); 0; })
#define down_write_killable_nested(sem, sub) down_write_killable(sem)

#undef lockdep_assert_held
#undef lockdep_assert_held_read
#define lockdep_assert_held(lock) WARN_ON(!_Generic((lock),			\
	struct rw_semaphore *: zsk_rwsem_held((struct rw_semaphore *)(lock)),	\
	default: zsk_lock_held(&(lock)->l)))
#define lockdep_assert_held_read(lock) lockdep_assert_held(lock)

#include <linux/cleanup.h>
DEFINE_GUARD(rwsem_read, struct rw_semaphore *, down_read(_T), up_read(_T))
DEFINE_GUARD(rwsem_write, struct rw_semaphore *, down_write(_T), up_write(_T))

#endif
