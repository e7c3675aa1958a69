// SPDX-License-Identifier: MIT
/*
 * rwsem.c - read-write semaphores (linux/rwsem.h has the rules).  Every
 * call holds sem->l.m only while it looks at or changes the counts;
 * waiting is on sem->c, which each release broadcasts.
 */
#include <linux/bug.h>
#include <linux/rwsem.h>

static int writer(struct rw_semaphore *sem)
{
	return sem->l.owner;
}

static void set_writer(struct rw_semaphore *sem, int tid)
{
	__atomic_store_n(&sem->l.owner, tid, __ATOMIC_RELAXED);
}

void init_rwsem(struct rw_semaphore *sem)
{
	zsk_lock_init(&sem->l);
	pthread_cond_init(&sem->c, NULL);
	sem->readers = 0;
	sem->writers_waiting = 0;
}

/* A reader may enter when no one writes and no writer waits (the
 * kernel's rule: a waiting writer holds back new readers). */
static int may_read(struct rw_semaphore *sem)
{
	return !writer(sem) && !sem->writers_waiting;
}

static int may_write(struct rw_semaphore *sem)
{
	return !writer(sem) && !sem->readers;
}

static void add_readers(struct rw_semaphore *sem, int d)
{
	__atomic_store_n(&sem->readers, sem->readers + d, __ATOMIC_RELAXED);
}

void down_read(struct rw_semaphore *sem)
{
	pthread_mutex_lock(&sem->l.m);
	while (!may_read(sem))
		pthread_cond_wait(&sem->c, &sem->l.m);
	add_readers(sem, 1);
	pthread_mutex_unlock(&sem->l.m);
}

int down_read_trylock(struct rw_semaphore *sem)
{
	int ok;

	pthread_mutex_lock(&sem->l.m);
	ok = may_read(sem);
	if (ok)
		add_readers(sem, 1);
	pthread_mutex_unlock(&sem->l.m);
	return ok;
}

void up_read(struct rw_semaphore *sem)
{
	int held;

	pthread_mutex_lock(&sem->l.m);
	held = sem->readers > 0;
	if (held) {
		add_readers(sem, -1);
		if (!sem->readers)
			pthread_cond_broadcast(&sem->c);
	}
	pthread_mutex_unlock(&sem->l.m);
	WARN(!held, "up_read: rwsem %p is not held for reading\n", (void *)sem);
}

void down_write(struct rw_semaphore *sem)
{
	pthread_mutex_lock(&sem->l.m);
	__atomic_store_n(&sem->writers_waiting, sem->writers_waiting + 1, __ATOMIC_RELAXED);
	while (!may_write(sem))
		pthread_cond_wait(&sem->c, &sem->l.m);
	__atomic_store_n(&sem->writers_waiting, sem->writers_waiting - 1, __ATOMIC_RELAXED);
	set_writer(sem, zsk_gettid());
	pthread_mutex_unlock(&sem->l.m);
}

int down_write_trylock(struct rw_semaphore *sem)
{
	int ok;

	pthread_mutex_lock(&sem->l.m);
	ok = may_write(sem);
	if (ok)
		set_writer(sem, zsk_gettid());
	pthread_mutex_unlock(&sem->l.m);
	return ok;
}

/* Release this thread's write hold, leaving @readers readers (0 or 1). */
static int release_write(struct rw_semaphore *sem, int readers)
{
	int mine;

	pthread_mutex_lock(&sem->l.m);
	mine = writer(sem) == zsk_gettid();
	if (mine) {
		set_writer(sem, 0);
		add_readers(sem, readers);
		pthread_cond_broadcast(&sem->c);
	}
	pthread_mutex_unlock(&sem->l.m);
	return mine;
}

void up_write(struct rw_semaphore *sem)
{
	WARN(!release_write(sem, 0), "up_write: rwsem %p is not held for writing by this thread\n",
	     (void *)sem);
}

void downgrade_write(struct rw_semaphore *sem)
{
	WARN(!release_write(sem, 1), "downgrade_write: rwsem %p is not held for writing by this thread\n",
	     (void *)sem);
}

int rwsem_is_locked(struct rw_semaphore *sem)
{
	return __atomic_load_n(&sem->readers, __ATOMIC_RELAXED) || zsk_lock_is_locked(&sem->l);
}

int rwsem_is_contended(struct rw_semaphore *sem)
{
	return __atomic_load_n(&sem->writers_waiting, __ATOMIC_RELAXED) != 0;
}

int zsk_rwsem_held(struct rw_semaphore *sem)
{
	return zsk_lock_held(&sem->l) || __atomic_load_n(&sem->readers, __ATOMIC_RELAXED);
}
