/* SPDX-License-Identifier: MIT */
/*
 * linux/kthread.h - kernel threads as host threads (kernel/lib/kthread.c).
 * kthread_create() makes the thread but runs @threadfn only after
 * wake_up_process(); kthread_stop() sets the stop flag, wakes the thread,
 * waits for it and returns its result (-EINTR if it never ran).
 */
#ifndef _ZSK_LINUX_KTHREAD_H
#define _ZSK_LINUX_KTHREAD_H

#include <linux/completion.h>
#include <linux/err.h>
#include <linux/sched.h>

__printf(4, 5) struct task_struct *kthread_create_on_node(int (*threadfn)(void *data),
							  void *data, int node,
							  const char namefmt[], ...);
#define kthread_create(threadfn, data, namefmt, arg...) \
	kthread_create_on_node(threadfn, data, -1, namefmt, ##arg)
#define kthread_create_on_cpu(threadfn, data, cpu, namefmt) \
	kthread_create_on_node(threadfn, data, -1, namefmt, cpu)
#define kthread_run(threadfn, data, namefmt, ...) ({ \
	struct task_struct *__zsk_k = kthread_create(threadfn, data, namefmt, ##__VA_ARGS__); \
	if (!IS_ERR(__zsk_k)) \
		wake_up_process(__zsk_k); \
	__zsk_k; })
int wake_up_process(struct task_struct *tsk);
int kthread_stop(struct task_struct *k);
int kthread_stop_put(struct task_struct *k);
bool kthread_should_stop(void);
bool kthread_should_park(void);
int kthread_park(struct task_struct *k);
void kthread_unpark(struct task_struct *k);
void kthread_parkme(void);
__noreturn void kthread_exit(long result);
__noreturn void kthread_complete_and_exit(struct completion *comp, long code);
void *kthread_data(struct task_struct *k);
#define kthread_bind(k, cpu) do { (void)(k); (void)(cpu); } while (0)
#define kthread_bind_mask(k, mask) do { (void)(k); } while (0)
#define set_freezable() do { } while (0)
#define try_to_freeze() false
#define freezing(p) false

#endif
