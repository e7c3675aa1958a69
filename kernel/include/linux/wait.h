/* SPDX-License-Identifier: MIT */
/*
 * linux/wait.h - wait queues: a host mutex and condition variable.
 * wait_event*(wq, cond) re-evaluates @cond after every wake_up*() on @wq
 * (and at least every 10 ms, so a @cond made true without a wake-up is
 * still seen).  The _interruptible/_killable forms never see a signal.
 * The system's UAPI <linux/wait.h> is not included.
 */
#ifndef _ZSK_LINUX_WAIT_H
#define _ZSK_LINUX_WAIT_H

#include <linux/list.h>
#include <linux/minmax.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <pthread.h>

/*
 * struct wait_queue_head - @m guards @seq, bumped by each wake-up; @cv is
 * broadcast on it.  PTHREAD_COND_INITIALIZER uses the realtime clock.
 */
struct wait_queue_head {
	pthread_mutex_t m;
	pthread_cond_t cv;
	unsigned long seq;
};
typedef struct wait_queue_head wait_queue_head_t;

#define __WAIT_QUEUE_HEAD_INITIALIZER(name) \
	{ PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0 }
#define DECLARE_WAIT_QUEUE_HEAD(name) \
	struct wait_queue_head name = __WAIT_QUEUE_HEAD_INITIALIZER(name)
#define DECLARE_WAIT_QUEUE_HEAD_ONSTACK(name) DECLARE_WAIT_QUEUE_HEAD(name)

/* kernel/lib/wait.c */
void init_waitqueue_head(struct wait_queue_head *wq);
void __wake_up(struct wait_queue_head *wq);
/* Wait for a wake-up after @seq, at most @timeout_ms (<0: 10 ms slices). */
unsigned long zsk_wait_seq(struct wait_queue_head *wq);
void zsk_wait_for(struct wait_queue_head *wq, unsigned long seq, long timeout_ms);

#define wake_up(wq) __wake_up(wq)
#define wake_up_all(wq) __wake_up(wq)
#define wake_up_interruptible(wq) __wake_up(wq)
#define wake_up_interruptible_all(wq) __wake_up(wq)
#define wake_up_locked(wq) __wake_up(wq)
#define waitqueue_active(wq) true
#define wq_has_sleeper(wq) true

#define wait_event(wq, condition) do { \
	while (!(condition)) \
		zsk_wait_for(&(wq), zsk_wait_seq(&(wq)), 10); \
} while (0)
#define wait_event_interruptible(wq, condition) ({ wait_event(wq, condition); 0; })
#define wait_event_killable(wq, condition) ({ wait_event(wq, condition); 0; })
#define wait_event_idle(wq, condition) wait_event(wq, condition)
#define wait_event_freezable(wq, condition) wait_event_interruptible(wq, condition)
/* Returns 0 on timeout (condition false), else the jiffies left (>= 1). */
#define wait_event_timeout(wq, condition, timeout) ({ \
	long __zsk_left = (long)(timeout); \
	unsigned long __zsk_end = zsk_jiffies() + (unsigned long)__zsk_left; \
	bool __zsk_ok; \
	while (!(__zsk_ok = (condition)) && (long)(__zsk_end - zsk_jiffies()) > 0) \
		zsk_wait_for(&(wq), zsk_wait_seq(&(wq)), \
			     min_t(long, 10, (long)(__zsk_end - zsk_jiffies()))); \
	__zsk_left = (long)(__zsk_end - zsk_jiffies()); \
	__zsk_ok ? (__zsk_left > 0 ? __zsk_left : 1) : 0; })
#define wait_event_interruptible_timeout(wq, condition, timeout) \
	wait_event_timeout(wq, condition, timeout)
#define wait_event_idle_timeout(wq, condition, timeout) \
	wait_event_timeout(wq, condition, timeout)

unsigned long zsk_jiffies(void);

#endif
