/* SPDX-License-Identifier: MIT */
/*
 * linux/workqueue.h - workqueues on threads (kernel/lib/workqueue.c).
 *
 * A workqueue has its own worker threads: max_active of them (at most 8,
 * 4 when 0 is asked), one for an ordered queue.  Kernel guarantees kept:
 * a work item is queued at most once (queue_work() on a pending item
 * returns false), it never runs on two workers at once, it runs after
 * being queued, flush_work() waits for the last queueing to finish,
 * flush_workqueue() for every item queued before it, destroy_workqueue()
 * drains (items that requeue themselves included) first, and a work
 * function may free its own work item.  The system workqueues
 * (system_wq ...) are made at first use.  CPUs are not modelled: the _on
 * forms ignore @cpu.  Delayed work arms a timer_list (linux/timer.h).
 */
#ifndef _ZSK_LINUX_WORKQUEUE_H
#define _ZSK_LINUX_WORKQUEUE_H

#include <linux/atomic.h>
#include <linux/bitops.h>
#include <linux/compiler.h>
#include <linux/list.h>
#include <linux/timer.h>
#include <linux/types.h>
#include <linux/workqueue_types.h>

#define WORK_STRUCT_PENDING_BIT 0
#define WORK_STRUCT_PENDING (1UL << WORK_STRUCT_PENDING_BIT)
#define WORK_DATA_INIT() ATOMIC_LONG_INIT(0)
#define WORK_CPU_UNBOUND 64

/**
 * struct delayed_work - a work item queued when its timer expires
 * @work: the item
 * @timer: armed by queue_delayed_work() with a delay
 * @wq: the queue it goes to
 * @cpu: the CPU asked for (ignored)
 */
struct delayed_work {
	struct work_struct work;
	struct timer_list timer;
	struct workqueue_struct *wq;
	int cpu;
};

struct workqueue_struct;

#define __WORK_INITIALIZER(n, f) { \
	.data = WORK_DATA_INIT(), .entry = { &(n).entry, &(n).entry }, .func = (f) }
void zsk_delayed_work_timer_fn(struct timer_list *t);
#define __DELAYED_WORK_INITIALIZER(n, f, tflags) { \
	.work = __WORK_INITIALIZER((n).work, (f)), \
	.timer = __TIMER_INITIALIZER(zsk_delayed_work_timer_fn, (tflags)) }

#define DECLARE_WORK(n, f) struct work_struct n = __WORK_INITIALIZER(n, f)
#define DECLARE_DELAYED_WORK(n, f) struct delayed_work n = __DELAYED_WORK_INITIALIZER(n, f, 0)
#define DECLARE_DEFERRABLE_WORK(n, f) \
	struct delayed_work n = __DELAYED_WORK_INITIALIZER(n, f, TIMER_DEFERRABLE)

/** __zsk_init_work - an idle work item that calls @func */
void zsk_init_work(struct work_struct *work, work_func_t func);
/** zsk_init_delayed_work - an idle delayed work item that calls @func */
void zsk_init_delayed_work(struct delayed_work *dwork, work_func_t func);
#define INIT_WORK(_work, _func) zsk_init_work((_work), (_func))
#define INIT_WORK_ONSTACK(_work, _func) zsk_init_work((_work), (_func))
#define INIT_DELAYED_WORK(_work, _func) zsk_init_delayed_work((_work), (_func))
#define INIT_DELAYED_WORK_ONSTACK(_work, _func) zsk_init_delayed_work((_work), (_func))
#define INIT_DEFERRABLE_WORK(_work, _func) zsk_init_delayed_work((_work), (_func))
#define destroy_work_on_stack(work) do { (void)(work); } while (0)
#define destroy_delayed_work_on_stack(work) do { (void)(work); } while (0)

/** work_pending - whether @work is queued or its delayed timer armed */
#define work_pending(work) \
	(!!(atomic_long_read(&(work)->data) & WORK_STRUCT_PENDING))
#define delayed_work_pending(w) work_pending(&(w)->work)

static inline struct delayed_work *to_delayed_work(struct work_struct *work)
{
	return container_of(work, struct delayed_work, work);
}

/* alloc_workqueue() flags (the kernel's values). */
enum wq_flags {
	WQ_BH			= 1 << 0,
	WQ_UNBOUND		= 1 << 1,
	WQ_FREEZABLE		= 1 << 2,
	WQ_MEM_RECLAIM		= 1 << 3,
	WQ_HIGHPRI		= 1 << 4,
	WQ_CPU_INTENSIVE	= 1 << 5,
	WQ_SYSFS		= 1 << 6,
	WQ_POWER_EFFICIENT	= 1 << 7,
	WQ_PERCPU		= 1 << 8,
	__WQ_DESTROYING		= 1 << 15,
	__WQ_DRAINING		= 1 << 16,
	__WQ_ORDERED		= 1 << 17,
	__WQ_LEGACY		= 1 << 18,
};

enum wq_consts {
	WQ_MAX_ACTIVE		= 512,
	WQ_UNBOUND_MAX_ACTIVE	= WQ_MAX_ACTIVE,
	WQ_DFL_ACTIVE		= WQ_MAX_ACTIVE / 2,
};

/**
 * alloc_workqueue - make a workqueue
 * @fmt: printf format of its name
 * @flags: WQ_* (__WQ_ORDERED: one worker, items in queueing order)
 * @max_active: concurrent items (0: the default)
 *
 * Return: the workqueue, or NULL (with a message) when no thread or
 * memory could be had or @max_active is out of [0, WQ_MAX_ACTIVE].
 */
__printf(1, 4) struct workqueue_struct *alloc_workqueue(const char *fmt, unsigned int flags,
							 int max_active, ...);
#define alloc_ordered_workqueue(fmt, flags, args...) \
	alloc_workqueue(fmt, __WQ_ORDERED | (flags), 1, ##args)
#define create_workqueue(name) alloc_workqueue("%s", __WQ_LEGACY | WQ_MEM_RECLAIM, 1, (name))
#define create_freezable_workqueue(name) \
	alloc_workqueue("%s", __WQ_LEGACY | WQ_FREEZABLE | WQ_UNBOUND | WQ_MEM_RECLAIM, 1, (name))
#define create_singlethread_workqueue(name) \
	alloc_ordered_workqueue("%s", __WQ_LEGACY | WQ_MEM_RECLAIM, name)

/** destroy_workqueue - drain @wq, stop its workers and free it */
void destroy_workqueue(struct workqueue_struct *wq);
/** drain_workqueue - wait until @wq is empty, requeued items included */
void drain_workqueue(struct workqueue_struct *wq);
/** flush_workqueue - wait for every item queued on @wq before the call */
void flush_workqueue(struct workqueue_struct *wq);

/**
 * queue_work_on - queue @work on @wq (@cpu ignored)
 *
 * Return: false if @work was already pending (nothing is done), true if
 * it was queued.
 */
bool queue_work_on(int cpu, struct workqueue_struct *wq, struct work_struct *work);
static inline bool queue_work(struct workqueue_struct *wq, struct work_struct *work)
{
	return queue_work_on(WORK_CPU_UNBOUND, wq, work);
}
/**
 * queue_delayed_work_on - queue @dwork on @wq after @delay jiffies
 *
 * Return: false if it was already pending, true if it was queued or armed.
 */
bool queue_delayed_work_on(int cpu, struct workqueue_struct *wq,
			   struct delayed_work *dwork, unsigned long delay);
static inline bool queue_delayed_work(struct workqueue_struct *wq,
				      struct delayed_work *dwork, unsigned long delay)
{
	return queue_delayed_work_on(WORK_CPU_UNBOUND, wq, dwork, delay);
}
/**
 * mod_delayed_work_on - queue @dwork after @delay, whether or not it was
 * pending (a pending one is moved)
 *
 * Return: true if it was pending.
 */
bool mod_delayed_work_on(int cpu, struct workqueue_struct *wq,
			 struct delayed_work *dwork, unsigned long delay);
static inline bool mod_delayed_work(struct workqueue_struct *wq,
				    struct delayed_work *dwork, unsigned long delay)
{
	return mod_delayed_work_on(WORK_CPU_UNBOUND, wq, dwork, delay);
}

/** flush_work - wait for @work's last queueing to finish; true if it waited */
bool flush_work(struct work_struct *work);
/** flush_delayed_work - queue @dwork now if its timer is armed, then flush it */
bool flush_delayed_work(struct delayed_work *dwork);
/** cancel_work - take @work off its queue; true if it was pending */
bool cancel_work(struct work_struct *work);
/** cancel_work_sync - cancel_work(), then wait for a running instance */
bool cancel_work_sync(struct work_struct *work);
/** cancel_delayed_work - disarm or unqueue @dwork; true if it was pending */
bool cancel_delayed_work(struct delayed_work *dwork);
/** cancel_delayed_work_sync - cancel_delayed_work(), then wait for it to finish */
bool cancel_delayed_work_sync(struct delayed_work *dwork);
/** work_busy-like query: whether @work is running on a worker now */
bool zsk_work_running(struct work_struct *work);
/** current_work - the work item the calling worker runs, or NULL */
struct work_struct *current_work(void);
/** current_is_workqueue_rescuer - false: there are no rescuers */
static inline bool current_is_workqueue_rescuer(void) { return false; }

/* The system workqueues, made at first use. */
enum zsk_system_wq {
	ZSK_SYSTEM_WQ,
	ZSK_SYSTEM_HIGHPRI_WQ,
	ZSK_SYSTEM_LONG_WQ,
	ZSK_SYSTEM_UNBOUND_WQ,
	ZSK_SYSTEM_FREEZABLE_WQ,
	ZSK_SYSTEM_POWER_EFFICIENT_WQ,
	ZSK_SYSTEM_FREEZABLE_POWER_EFFICIENT_WQ,
	ZSK_NR_SYSTEM_WQ,
};
/** zsk_system_workqueue - system workqueue @which (made on first call) */
struct workqueue_struct *zsk_system_workqueue(enum zsk_system_wq which);
#define system_wq zsk_system_workqueue(ZSK_SYSTEM_WQ)
#define system_percpu_wq zsk_system_workqueue(ZSK_SYSTEM_WQ)
#define system_highpri_wq zsk_system_workqueue(ZSK_SYSTEM_HIGHPRI_WQ)
#define system_long_wq zsk_system_workqueue(ZSK_SYSTEM_LONG_WQ)
#define system_unbound_wq zsk_system_workqueue(ZSK_SYSTEM_UNBOUND_WQ)
#define system_dfl_wq zsk_system_workqueue(ZSK_SYSTEM_UNBOUND_WQ)
#define system_freezable_wq zsk_system_workqueue(ZSK_SYSTEM_FREEZABLE_WQ)
#define system_power_efficient_wq zsk_system_workqueue(ZSK_SYSTEM_POWER_EFFICIENT_WQ)
#define system_freezable_power_efficient_wq \
	zsk_system_workqueue(ZSK_SYSTEM_FREEZABLE_POWER_EFFICIENT_WQ)

static inline bool schedule_work(struct work_struct *work)
{
	return queue_work(system_wq, work);
}
static inline bool schedule_work_on(int cpu, struct work_struct *work)
{
	return queue_work_on(cpu, system_wq, work);
}
static inline bool schedule_delayed_work(struct delayed_work *dwork, unsigned long delay)
{
	return queue_delayed_work(system_wq, dwork, delay);
}
static inline bool schedule_delayed_work_on(int cpu, struct delayed_work *dwork,
					    unsigned long delay)
{
	return queue_delayed_work_on(cpu, system_wq, dwork, delay);
}
#define flush_scheduled_work() flush_workqueue(system_wq)

#endif
