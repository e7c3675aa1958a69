// SPDX-License-Identifier: MIT
/*
 * wait.c - wait queues and completions on a host mutex and condition
 * variable.  A wait-queue head's sequence number counts its wake-ups; a
 * waiter samples it, re-checks its condition, and sleeps until it moves
 * (or a slice passes), so no wake-up between the check and the sleep is
 * lost.  Each sleep is parked (zslab_thread_park()): a shrink from another
 * thread takes the sleeping thread's cached objects back, as the kernel's
 * flush_all() reaches an idle CPU.
 */
#include <linux/completion.h>
#include <linux/jiffies.h>
#include <linux/wait.h>
#include <errno.h>
#include <time.h>
#include <zslab/zslab.h>

void init_waitqueue_head(struct wait_queue_head *wq)
{
	pthread_mutex_init(&wq->m, NULL);
	pthread_cond_init(&wq->cv, NULL);
	wq->seq = 0;
}

void __wake_up(struct wait_queue_head *wq)
{
	pthread_mutex_lock(&wq->m);
	wq->seq++;
	pthread_cond_broadcast(&wq->cv);
	pthread_mutex_unlock(&wq->m);
}

unsigned long zsk_wait_seq(struct wait_queue_head *wq)
{
	unsigned long seq;

	pthread_mutex_lock(&wq->m);
	seq = wq->seq;
	pthread_mutex_unlock(&wq->m);
	return seq;
}

/* Sleep until @wq's sequence moves past @seq or @timeout_ms passes. */
void zsk_wait_for(struct wait_queue_head *wq, unsigned long seq, long timeout_ms)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += timeout_ms / 1000;
	ts.tv_nsec += (timeout_ms % 1000) * 1000000;
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	zslab_thread_park();
	pthread_mutex_lock(&wq->m);
	while (wq->seq == seq)
		if (pthread_cond_timedwait(&wq->cv, &wq->m, &ts) == ETIMEDOUT)
			break;
	pthread_mutex_unlock(&wq->m);
	zslab_thread_unpark();
}

void init_completion(struct completion *x)
{
	x->done = 0;
	init_waitqueue_head(&x->wait);
}

void reinit_completion(struct completion *x)
{
	pthread_mutex_lock(&x->wait.m);
	x->done = 0;
	pthread_mutex_unlock(&x->wait.m);
}

void complete(struct completion *x)
{
	pthread_mutex_lock(&x->wait.m);
	if (x->done != UINT_MAX)
		x->done++;
	x->wait.seq++;
	pthread_cond_broadcast(&x->wait.cv);
	pthread_mutex_unlock(&x->wait.m);
}

void complete_all(struct completion *x)
{
	pthread_mutex_lock(&x->wait.m);
	x->done = UINT_MAX;
	x->wait.seq++;
	pthread_cond_broadcast(&x->wait.cv);
	pthread_mutex_unlock(&x->wait.m);
}

/* Take one completion, waiting at most @timeout_ms (<0: forever). */
static bool take(struct completion *x, long timeout_ms)
{
	struct timespec ts;
	bool ok = true;

	clock_gettime(CLOCK_REALTIME, &ts);
	if (timeout_ms >= 0) {
		ts.tv_sec += timeout_ms / 1000;
		ts.tv_nsec += (timeout_ms % 1000) * 1000000;
		if (ts.tv_nsec >= 1000000000) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000;
		}
	}
	zslab_thread_park();
	pthread_mutex_lock(&x->wait.m);
	while (!x->done) {
		if (timeout_ms < 0) {
			pthread_cond_wait(&x->wait.cv, &x->wait.m);
		} else if (pthread_cond_timedwait(&x->wait.cv, &x->wait.m, &ts) == ETIMEDOUT) {
			ok = x->done != 0;
			break;
		}
	}
	if (ok && x->done != UINT_MAX)
		x->done--;
	pthread_mutex_unlock(&x->wait.m);
	zslab_thread_unpark();
	return ok;
}

void wait_for_completion(struct completion *x)
{
	take(x, -1);
}

unsigned long wait_for_completion_timeout(struct completion *x, unsigned long timeout)
{
	unsigned long start = zsk_jiffies(), used;

	if (!take(x, (long)jiffies_to_msecs(timeout)))
		return 0;
	used = zsk_jiffies() - start;
	return used < timeout ? timeout - used : 1;
}

bool try_wait_for_completion(struct completion *x)
{
	bool ok;

	pthread_mutex_lock(&x->wait.m);
	ok = x->done != 0;
	if (ok && x->done != UINT_MAX)
		x->done--;
	pthread_mutex_unlock(&x->wait.m);
	zslab_thread_unpark();
	return ok;
}

bool completion_done(struct completion *x)
{
	bool done;

	pthread_mutex_lock(&x->wait.m);
	done = x->done != 0;
	pthread_mutex_unlock(&x->wait.m);
	return done;
}
