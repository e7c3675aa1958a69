/* SPDX-License-Identifier: MIT */
/*
 * linux/sched.h - the current task.  Every thread is a task: `current` is
 * the calling thread's struct task_struct (made on first use), with its
 * thread id as pid and its thread name as comm.  Scheduling hints are
 * no-ops: a process has no preemption to control (cond_resched() may
 * simply not reschedule, as the kernel allows).  The system's UAPI
 * <linux/sched.h> is never wanted by kernel code and is not included.
 */
#ifndef _ZSK_LINUX_SCHED_H
#define _ZSK_LINUX_SCHED_H

#include <linux/compiler.h>
#include <linux/ktime.h>
#include <linux/thread_info.h>
#include <linux/types.h>

#define TASK_COMM_LEN 16
#define TASK_RUNNING 0x00000000
#define TASK_INTERRUPTIBLE 0x00000001
#define TASK_UNINTERRUPTIBLE 0x00000002
#define TASK_KILLABLE 0x00000102
#define TASK_IDLE 0x00000402
#define TASK_NORMAL (TASK_INTERRUPTIBLE | TASK_UNINTERRUPTIBLE)
#define MAX_SCHEDULE_TIMEOUT LONG_MAX
#define PF_KTHREAD 0x00200000

struct kunit;

/*
 * struct task_struct - a thread.
 * @pid:        its thread id.
 * @comm:       its name.
 * @flags:      PF_KTHREAD for threads made by kthread_create().
 * @kunit_test: the KUnit test it runs, or NULL.
 * @zsk_kthread: the kthread record (linux/kthread.h), or NULL.
 */
struct task_struct {
	pid_t pid;
	char comm[TASK_COMM_LEN];
	unsigned int flags;
	struct kunit *kunit_test;
	void *zsk_kthread;
};

/** get_current() - the calling thread's task (kernel/lib/sched.c). */
struct task_struct *get_current(void);
#define current get_current()
#define task_pid_nr(tsk) ((tsk)->pid)
#define task_tgid_nr(tsk) ((pid_t)getpid())
#define get_task_comm(buf, tsk) strncpy(buf, (tsk)->comm, sizeof(buf))
#define get_task_struct(tsk) (tsk)
#define put_task_struct(tsk) do { (void)(tsk); } while (0)

int zsk_schedule_timeout(long timeout);
#define schedule() zsk_schedule_timeout(1)
#define schedule_timeout(timeout) zsk_schedule_timeout(timeout)
#define schedule_timeout_interruptible(timeout) zsk_schedule_timeout(timeout)
#define schedule_timeout_uninterruptible(timeout) zsk_schedule_timeout(timeout)
#define schedule_timeout_killable(timeout) zsk_schedule_timeout(timeout)
#define schedule_timeout_idle(timeout) zsk_schedule_timeout(timeout)
#define io_schedule_timeout(timeout) zsk_schedule_timeout(timeout)
#define yield() sched_yield()
/* A function, as the kernel's: `cond_resched();` as a statement is no
 * "statement with no effect" (mm/dmapool_test.c calls it so). */
static inline int cond_resched(void)
{
	return 0;
}
#define cond_resched_lock(lock) 0
#define need_resched() false
#define signal_pending(p) 0
#define fatal_signal_pending(p) 0
#define set_current_state(state) do { (void)(state); } while (0)
#define __set_current_state(state) do { (void)(state); } while (0)
#define set_user_nice(p, nice) do { } while (0)
#define in_interrupt() 0
#define in_irq() 0
#define in_softirq() 0
#define in_task() 1
#define in_atomic() 0
#define in_nmi() 0
#define preemptible() 1
#define irqs_disabled() 0

int sched_yield(void);
pid_t getpid(void);

#include <linux/preempt.h>
#include <linux/smp.h>

#endif
