/* SPDX-License-Identifier: MIT */
/*
 * linux/spinlock_types.h - spinlock_t, rwlock_t and struct mutex: host
 * mutexes (a process cannot disable preemption, so a spinning lock could
 * spin against a descheduled holder), with the owner recorded for
 * lockdep_assert_held().
 */
#ifndef _ZSK_LINUX_SPINLOCK_TYPES_H
#define _ZSK_LINUX_SPINLOCK_TYPES_H

#include <pthread.h>

/*
 * struct zsk_lock - the common body: @m is the host mutex; @owner is the
 * holder's thread id, 0 when free (written by the holder only).
 */
struct zsk_lock {
	pthread_mutex_t m;
	int owner;
};
#define __ZSK_LOCK_INIT { PTHREAD_MUTEX_INITIALIZER, 0 }

typedef struct spinlock {
	struct zsk_lock l;
} spinlock_t;
typedef struct raw_spinlock {
	struct zsk_lock l;
} raw_spinlock_t;
struct mutex {
	struct zsk_lock l;
};
typedef struct {
	pthread_rwlock_t rw;
} rwlock_t;

#define __SPIN_LOCK_UNLOCKED(name) { .l = __ZSK_LOCK_INIT }
#define __RAW_SPIN_LOCK_UNLOCKED(name) { .l = __ZSK_LOCK_INIT }
#define DEFINE_SPINLOCK(x) spinlock_t x = __SPIN_LOCK_UNLOCKED(x)
#define DEFINE_RAW_SPINLOCK(x) raw_spinlock_t x = __RAW_SPIN_LOCK_UNLOCKED(x)
#define __MUTEX_INITIALIZER(name) { .l = __ZSK_LOCK_INIT }
#define DEFINE_MUTEX(x) struct mutex x = __MUTEX_INITIALIZER(x)
#define __RW_LOCK_UNLOCKED(x) { PTHREAD_RWLOCK_INITIALIZER }
#define DEFINE_RWLOCK(x) rwlock_t x = __RW_LOCK_UNLOCKED(x)

#endif
