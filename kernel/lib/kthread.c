// SPDX-License-Identifier: MIT
/*
 * kthread.c - kernel threads on host threads.  A kthread record lives in
 * libc memory from kthread_create() until kthread_stop() has collected
 * the thread (or, for a thread that exits without being stopped, until
 * it ends: kthread_stop() of it is then undefined, as in the kernel).
 */
#include <linux/completion.h>
#include <linux/kthread.h>
#include <linux/sprintf.h>
#include <linux/string.h>
#include <pthread.h>

#include "zsk_internal.h"

/*
 * struct zsk_kthread - @started is completed by wake_up_process(); @stop
 * and @park are the requests the thread polls; @result its return value.
 */
struct zsk_kthread {
	pthread_t thread;
	int (*fn)(void *data);
	void *data;
	char name[TASK_COMM_LEN];
	struct completion created;
	struct completion started;
	struct completion exited;
	bool woken;
	bool stop;
	bool park;
	bool parked;
	bool ran;
	long result;
	struct task_struct *task;
};

static __thread struct zsk_kthread *self;

static void *kthread_main(void *arg)
{
	struct zsk_kthread *k = arg;
	struct task_struct *t = get_current();

	self = k;
	zsk_task_keep();           /* kthread_stop() reads and frees it */
	t->flags |= PF_KTHREAD;
	t->zsk_kthread = k;
	strscpy(t->comm, k->name, sizeof(t->comm));
	k->task = t;
	complete(&k->created);     /* the task exists: kthread_create() returns */
	wait_for_completion(&k->started);
	if (!__atomic_load_n(&k->stop, __ATOMIC_ACQUIRE)) {
		k->ran = true;
		k->result = k->fn(k->data);
	}
	complete(&k->exited);
	return NULL;
}

struct task_struct *kthread_create_on_node(int (*threadfn)(void *data), void *data,
					   int node, const char namefmt[], ...)
{
	struct zsk_kthread *k = calloc(1, sizeof(*k));
	va_list ap;

	(void)node;
	if (!k)
		return ERR_PTR(-ENOMEM);
	k->fn = threadfn;
	k->data = data;
	va_start(ap, namefmt);
	zsk_vsnprintf(k->name, sizeof(k->name), namefmt, ap);
	va_end(ap);
	init_completion(&k->created);
	init_completion(&k->started);
	init_completion(&k->exited);
	if (pthread_create(&k->thread, NULL, kthread_main, k)) {
		free(k);
		return ERR_PTR(-EAGAIN);
	}
	pthread_setname_np(k->thread, k->name);
	wait_for_completion(&k->created);  /* k->task is set */
	return k->task;
}

int wake_up_process(struct task_struct *tsk)
{
	struct zsk_kthread *k = tsk->zsk_kthread;

	if (!k || __atomic_exchange_n(&k->woken, true, __ATOMIC_ACQ_REL))
		return 0;
	complete(&k->started);
	return 1;
}

int kthread_stop(struct task_struct *tsk)
{
	struct zsk_kthread *k = tsk->zsk_kthread;
	int ret;

	__atomic_store_n(&k->stop, true, __ATOMIC_RELEASE);
	__atomic_store_n(&k->park, false, __ATOMIC_RELEASE);
	complete(&k->started);     /* a never-woken thread ends at once */
	pthread_join(k->thread, NULL);
	ret = k->ran ? (int)k->result : -EINTR;
	free(k->task);
	free(k);
	return ret;
}

int kthread_stop_put(struct task_struct *k)
{
	return kthread_stop(k);
}

bool kthread_should_stop(void)
{
	return self && __atomic_load_n(&self->stop, __ATOMIC_ACQUIRE);
}

bool kthread_should_park(void)
{
	return self && __atomic_load_n(&self->park, __ATOMIC_ACQUIRE);
}

int kthread_park(struct task_struct *tsk)
{
	struct zsk_kthread *k = tsk->zsk_kthread;

	__atomic_store_n(&k->park, true, __ATOMIC_RELEASE);
	while (!__atomic_load_n(&k->parked, __ATOMIC_ACQUIRE) &&
	       !completion_done(&k->exited))
		sched_yield();
	return 0;
}

void kthread_unpark(struct task_struct *tsk)
{
	struct zsk_kthread *k = tsk->zsk_kthread;

	__atomic_store_n(&k->park, false, __ATOMIC_RELEASE);
}

void kthread_parkme(void)
{
	if (!self)
		return;
	__atomic_store_n(&self->parked, true, __ATOMIC_RELEASE);
	while (__atomic_load_n(&self->park, __ATOMIC_ACQUIRE))
		sched_yield();
	__atomic_store_n(&self->parked, false, __ATOMIC_RELEASE);
}

void kthread_exit(long result)
{
	struct zsk_kthread *k = self;

	if (k) {
		k->ran = true;
		k->result = result;
		complete(&k->exited);
	}
	pthread_exit(NULL);
}

void kthread_complete_and_exit(struct completion *comp, long code)
{
	if (comp)
		complete(comp);
	kthread_exit(code);
}

void *kthread_data(struct task_struct *tsk)
{
	struct zsk_kthread *k = tsk->zsk_kthread;

	return k ? k->data : NULL;
}
