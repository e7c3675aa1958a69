/* SPDX-License-Identifier: MIT */
/*
 * linux/completion.h - completions: a count of done events and a wait
 * queue (kernel/lib/wait.c).  complete() releases one waiter,
 * complete_all() every present and future one until reinit_completion().
 */
#ifndef _ZSK_LINUX_COMPLETION_H
#define _ZSK_LINUX_COMPLETION_H

#include <linux/wait.h>

/* struct completion - @done: completions not yet consumed (UINT_MAX: all). */
struct completion {
	unsigned int done;
	struct wait_queue_head wait;
};

#define COMPLETION_INITIALIZER(work) { 0, __WAIT_QUEUE_HEAD_INITIALIZER((work).wait) }
#define COMPLETION_INITIALIZER_ONSTACK(work) COMPLETION_INITIALIZER(work)
#define DECLARE_COMPLETION(work) struct completion work = COMPLETION_INITIALIZER(work)
#define DECLARE_COMPLETION_ONSTACK(work) DECLARE_COMPLETION(work)

void init_completion(struct completion *x);
void reinit_completion(struct completion *x);
void complete(struct completion *x);
void complete_all(struct completion *x);
void wait_for_completion(struct completion *x);
/** wait_for_completion_timeout() - 0 on timeout, else jiffies left (>= 1). */
unsigned long wait_for_completion_timeout(struct completion *x, unsigned long timeout);
bool try_wait_for_completion(struct completion *x);
bool completion_done(struct completion *x);
#define wait_for_completion_interruptible(x) ({ wait_for_completion(x); 0; })
#define wait_for_completion_killable(x) ({ wait_for_completion(x); 0; })
#define wait_for_completion_io(x) wait_for_completion(x)
#define wait_for_completion_interruptible_timeout(x, t) \
	((long)wait_for_completion_timeout(x, t))
#define wait_for_completion_killable_timeout(x, t) \
	((long)wait_for_completion_timeout(x, t))
#define complete_and_exit(comp, code) kthread_complete_and_exit(comp, code)

#endif
