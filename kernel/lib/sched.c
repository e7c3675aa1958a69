// SPDX-License-Identifier: MIT
/*
 * sched.c - `current`: each thread's struct task_struct, made on first
 * use from its thread id and name, and freed at thread exit.
 */
#include <linux/delay.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/smp.h>
#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <zslab/zslab.h>

#include "zsk_internal.h"

static __thread struct task_struct *tls_task;
static __thread int tls_tid;
static pthread_key_t task_key;
static pthread_once_t task_once = PTHREAD_ONCE_INIT;

static void task_free(void *p)
{
	tls_task = NULL;
	free(p);
}

static void task_key_init(void)
{
	pthread_key_create(&task_key, task_free);
}

/* The calling thread's task now belongs to its kthread record, which frees it. */
void zsk_task_keep(void)
{
	pthread_once(&task_once, task_key_init);
	pthread_setspecific(task_key, NULL);
}

int zsk_gettid(void)
{
	if (!tls_tid)
		tls_tid = (int)syscall(SYS_gettid);
	return tls_tid;
}

struct task_struct *get_current(void)
{
	struct task_struct *t = tls_task;

	if (likely(t))
		return t;
	/* libc memory: a task outlives nothing zslab must account for */
	t = calloc(1, sizeof(*t));
	if (!t) {
		static __thread struct task_struct fallback;

		t = &fallback;
	} else {
		pthread_once(&task_once, task_key_init);
		pthread_setspecific(task_key, t);
	}
	t->pid = zsk_gettid();
	if (pthread_getname_np(pthread_self(), t->comm, sizeof(t->comm)))
		strscpy(t->comm, "zslab-kunit", sizeof(t->comm));
	tls_task = t;
	return t;
}

/*
 * Counted once, as the kernel fixes nr_cpu_ids at boot: per-CPU copies
 * are made for this many CPUs (percpu.c), and sysconf() reads a /sys
 * file on every call.  Threads racing to the first call store the same
 * value.
 */
unsigned int zsk_num_cpus(void)
{
	static unsigned int cpus;
	unsigned int c = __atomic_load_n(&cpus, __ATOMIC_RELAXED);
	long n;

	if (c)
		return c;
	n = sysconf(_SC_NPROCESSORS_ONLN);
	/* the kernel's nr_cpu_ids never exceeds NR_CPUS */
	if (n > CONFIG_NR_CPUS)
		n = CONFIG_NR_CPUS;
	c = n > 0 ? (unsigned int)n : 1;
	__atomic_store_n(&cpus, c, __ATOMIC_RELAXED);
	return c;
}

int zsk_schedule_timeout(long timeout)
{
	if (timeout > 0 && timeout != MAX_SCHEDULE_TIMEOUT)
		msleep((unsigned int)timeout);
	else
		sched_yield();
	return 0;
}

unsigned long zsk_totalram_pages(void)
{
	unsigned long pages = 0;

	for (int z = 0; z < ZONE_MOVABLE; z++) {
		struct zslab_zone_info zi;

		if (!zslab_zone_get_info((enum zone_type)z, &zi))
			pages += zi.managed;
	}
	return pages;
}
