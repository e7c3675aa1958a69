/* SPDX-License-Identifier: MIT */
/*
 * linux/timer.h - timer_list: a callback at a jiffy (kernel/lib/workqueue.c).
 *
 * One timer thread per process runs expired timers in expiry order, one
 * at a time and never under the timer lock (the kernel's softirq context,
 * as seen by the callback: it must not sleep long).  Both eras' names are
 * here: del_timer()/del_timer_sync() (renamed timer_delete*() in 6.2) and
 * from_timer() (timer_container_of() from 6.16).
 */
#ifndef _ZSK_LINUX_TIMER_H
#define _ZSK_LINUX_TIMER_H

#include <linux/container_of.h>
#include <linux/jiffies.h>
#include <linux/list.h>
#include <linux/types.h>
/*
 * The C library's <time.h> (which <pthread.h> brings) declares a POSIX
 * timer_delete(timer_t): it is declared first, and the kernel's name is a
 * macro over zsk_timer_delete().
 */
#include <time.h>

/* Flags of timer_setup(): accepted, no meaning in a process. */
#define TIMER_CPUMASK		0x0003FFFF
#define TIMER_MIGRATING		0x00040000
#define TIMER_DEFERRABLE	0x00080000
#define TIMER_PINNED		0x00100000
#define TIMER_IRQSAFE		0x00200000
#define TIMER_INIT_FLAGS	(TIMER_DEFERRABLE | TIMER_PINNED | TIMER_IRQSAFE)

/*
 * struct timer_list - a timer.
 * @entry: its place in the pending list (linked only while pending)
 * @expires: the jiffy at which @function runs
 * @function: the callback, given the timer
 * @flags: timer_setup()'s flags
 * @zsk_shutdown: timer_shutdown*() was called: arming it does nothing
 *
 * Invariant: the timer is pending exactly when @entry is linked into the
 * timer thread's list, which is sorted by @expires (ties in arming order).
 */
struct timer_list {
	struct list_head entry;
	unsigned long expires;
	void (*function)(struct timer_list *);
	u32 flags;
	bool zsk_shutdown;
};

/**
 * timer_setup - initialise a timer
 * @timer: the timer
 * @callback: what runs when it expires
 * @flags: TIMER_* flags (kept, without effect)
 */
void timer_setup(struct timer_list *timer, void (*callback)(struct timer_list *),
		 unsigned int flags);
#define timer_setup_on_stack(timer, callback, flags) timer_setup(timer, callback, flags)
#define destroy_timer_on_stack(timer) do { (void)(timer); } while (0)

#define __TIMER_INITIALIZER(_function, _flags) { \
	.entry = { NULL, NULL }, .function = (_function), .flags = (_flags) }
/** DEFINE_TIMER - define and initialise a timer */
#define DEFINE_TIMER(_name, _function) \
	struct timer_list _name = __TIMER_INITIALIZER(_function, 0)

/** timer_pending - whether @timer is armed and has not run */
bool timer_pending(const struct timer_list *timer);
/**
 * mod_timer - (re)arm @timer for jiffy @expires
 *
 * Return: 1 if it was pending (it is moved), 0 if not.
 */
int mod_timer(struct timer_list *timer, unsigned long expires);
/** mod_timer_pending - move @timer only if it is pending; 1 if it was */
int mod_timer_pending(struct timer_list *timer, unsigned long expires);
/** timer_reduce - arm @timer, or move it earlier (never later); 1 if it was pending */
int timer_reduce(struct timer_list *timer, unsigned long expires);
/** add_timer - arm @timer for its @expires (it must not be pending) */
void add_timer(struct timer_list *timer);
/** add_timer_on - add_timer(); @cpu is ignored (one CPU's timers are everyone's) */
void add_timer_on(struct timer_list *timer, int cpu);
/**
 * timer_delete - disarm @timer; it may still be running elsewhere
 *
 * Return: 1 if it was pending, 0 if not.
 */
int zsk_timer_delete(struct timer_list *timer);
#define timer_delete(timer) zsk_timer_delete(timer)
/**
 * timer_delete_sync - disarm @timer and wait until its callback, if
 * running, has returned; must not be called from that callback
 *
 * Return: 1 if it was pending, 0 if not.
 */
int timer_delete_sync(struct timer_list *timer);
/** timer_shutdown - timer_delete(), and later arming does nothing */
int timer_shutdown(struct timer_list *timer);
/** timer_shutdown_sync - timer_delete_sync(), and later arming does nothing */
int timer_shutdown_sync(struct timer_list *timer);

#define del_timer(t) zsk_timer_delete(t)
#define del_timer_sync(t) timer_delete_sync(t)
#define del_singleshot_timer_sync(t) timer_delete_sync(t)
#define try_to_del_timer_sync(t) timer_delete_sync(t)

/** timer_container_of - the structure whose @timer_fieldname is @callback_timer */
#define timer_container_of(var, callback_timer, timer_fieldname) \
	container_of(callback_timer, typeof(*var), timer_fieldname)
#define from_timer(var, callback_timer, timer_fieldname) \
	timer_container_of(var, callback_timer, timer_fieldname)

#endif
