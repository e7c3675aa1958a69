// SPDX-License-Identifier: MIT
/*
 * workqueue.c - timer_list on one timer thread, and workqueues on worker
 * threads (see linux/timer.h and linux/workqueue.h for the guarantees).
 *
 * Locks: wq_lock guards every workqueue's list, every worker's current
 * item and every work item's PENDING bit and list entry; tm_lock guards
 * the timer list and the running timer.  wq_lock may be held while taking
 * tm_lock, never the reverse; no callback (work function or timer
 * function) runs under either.  The structures are host memory (calloc):
 * the system workqueues live as long as the process and are no leak of
 * the kernel code under test.
 */
#include <linux/bug.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/printk.h>
#include <linux/timer.h>
#include <linux/workqueue.h>
#include <zslab-kernel.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* ---- timers ---- */

static pthread_mutex_t tm_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t tm_cv;		/* the list's head changed (monotonic clock) */
static pthread_cond_t tm_done = PTHREAD_COND_INITIALIZER;	/* a callback returned */
static LIST_HEAD(tm_list);		/* pending timers, sorted by expires */
static struct timer_list *tm_running;	/* whose callback runs now */
static pthread_t tm_thread;
static pthread_once_t tm_once = PTHREAD_ONCE_INIT;
static bool tm_started;
static bool tm_stop;			/* zsk_workqueue_shutdown(): the thread ends */

static bool linked(const struct list_head *e)
{
	return e->next && e->next != e;
}

static void abs_after_ms(struct timespec *ts, long ms)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (ms % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

static void *timer_thread(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&tm_lock);
	for (;;) {
		struct timer_list *t;
		void (*fn)(struct timer_list *);
		long wait;

		if (tm_stop)
			break;
		if (list_empty(&tm_list)) {
			pthread_cond_wait(&tm_cv, &tm_lock);
			continue;
		}
		t = list_first_entry(&tm_list, struct timer_list, entry);
		wait = (long)(t->expires - jiffies);
		if (wait > 0) {
			struct timespec ts;

			abs_after_ms(&ts, wait);
			pthread_cond_timedwait(&tm_cv, &tm_lock, &ts);
			continue;
		}
		list_del_init(&t->entry);
		tm_running = t;
		fn = t->function;
		pthread_mutex_unlock(&tm_lock);
		fn(t);
		pthread_mutex_lock(&tm_lock);
		tm_running = NULL;
		pthread_cond_broadcast(&tm_done);
	}
	pthread_mutex_unlock(&tm_lock);
	return NULL;
}

static void timer_start(void)
{
	pthread_condattr_t a;

	pthread_condattr_init(&a);
	pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
	pthread_cond_init(&tm_cv, &a);
	pthread_condattr_destroy(&a);
	if (pthread_create(&tm_thread, NULL, timer_thread, NULL) != 0) {
		pr_err("timer: cannot start the timer thread: no timer will expire\n");
		return;
	}
	tm_started = true;
}

void timer_setup(struct timer_list *timer, void (*callback)(struct timer_list *),
		 unsigned int flags)
{
	INIT_LIST_HEAD(&timer->entry);
	timer->expires = 0;
	timer->function = callback;
	timer->flags = flags;
	timer->zsk_shutdown = false;
}

bool timer_pending(const struct timer_list *timer)
{
	bool p;

	pthread_mutex_lock(&tm_lock);
	p = linked(&timer->entry);
	pthread_mutex_unlock(&tm_lock);
	return p;
}

/* Links @t by its expiry (after equal ones); tm_lock held. */
static void tm_insert(struct timer_list *t)
{
	struct timer_list *pos;

	list_for_each_entry(pos, &tm_list, entry)
		if ((long)(pos->expires - t->expires) > 0)
			break;
	list_add_tail(&t->entry, &pos->entry);
	if (tm_list.next == &t->entry)
		pthread_cond_signal(&tm_cv);
}

enum arm_mode { ARM_ALWAYS, ARM_IF_PENDING, ARM_EARLIER };

static int arm(struct timer_list *t, unsigned long expires, enum arm_mode mode)
{
	int was;

	pthread_once(&tm_once, timer_start);
	if (!t->function) {
		WARN(1, "timer: arming a timer without a function (timer_setup() missing)\n");
		return 0;
	}
	pthread_mutex_lock(&tm_lock);
	if (!t->entry.next)
		INIT_LIST_HEAD(&t->entry);	/* DEFINE_TIMER's */
	was = linked(&t->entry);
	if (t->zsk_shutdown || (mode == ARM_IF_PENDING && !was) ||
	    (mode == ARM_EARLIER && was && (long)(expires - t->expires) >= 0)) {
		pthread_mutex_unlock(&tm_lock);
		return was;
	}
	if (was)
		list_del_init(&t->entry);
	t->expires = expires;
	tm_insert(t);
	pthread_mutex_unlock(&tm_lock);
	return was;
}

int mod_timer(struct timer_list *timer, unsigned long expires)
{
	return arm(timer, expires, ARM_ALWAYS);
}

int mod_timer_pending(struct timer_list *timer, unsigned long expires)
{
	return arm(timer, expires, ARM_IF_PENDING);
}

int timer_reduce(struct timer_list *timer, unsigned long expires)
{
	return arm(timer, expires, ARM_EARLIER);
}

void add_timer(struct timer_list *timer)
{
	if (WARN_ON(timer_pending(timer)))
		return;
	arm(timer, timer->expires, ARM_ALWAYS);
}

void add_timer_on(struct timer_list *timer, int cpu)
{
	(void)cpu;
	add_timer(timer);
}

static int disarm(struct timer_list *t, bool sync, bool shutdown)
{
	int was;

	pthread_mutex_lock(&tm_lock);
	if (!t->entry.next)
		INIT_LIST_HEAD(&t->entry);
	was = linked(&t->entry);
	if (was)
		list_del_init(&t->entry);
	if (shutdown)
		t->zsk_shutdown = true;
	if (sync && tm_started && tm_running == t) {
		if (pthread_equal(pthread_self(), tm_thread)) {
			pthread_mutex_unlock(&tm_lock);
			WARN(1, "timer: timer_delete_sync() from the timer's own callback\n");
			return was;
		}
		while (tm_running == t)
			pthread_cond_wait(&tm_done, &tm_lock);
	}
	pthread_mutex_unlock(&tm_lock);
	return was;
}

int zsk_timer_delete(struct timer_list *timer)
{
	return disarm(timer, false, false);
}

int timer_delete_sync(struct timer_list *timer)
{
	return disarm(timer, true, false);
}

int timer_shutdown(struct timer_list *timer)
{
	return disarm(timer, false, true);
}

int timer_shutdown_sync(struct timer_list *timer)
{
	return disarm(timer, true, true);
}

/* ---- workqueues ---- */

#define ZSK_WQ_NAME_LEN 32
#define ZSK_WQ_MAX_WORKERS 8
#define ZSK_WQ_DFL_WORKERS 4

struct zsk_worker {
	pthread_t thread;
	struct workqueue_struct *wq;
	struct work_struct *current_item;	/* compared, never dereferenced */
	unsigned long current_seq;
};

/*
 * struct workqueue_struct - @items: queued work items in queueing order;
 * @seq: the last sequence number given to a queued item; @nr_workers
 * threads in @workers; @stopping: the workers exit once @items is empty;
 * @node: on wq_all.
 */
struct workqueue_struct {
	char name[ZSK_WQ_NAME_LEN];
	unsigned int flags;
	int max_active;
	struct list_head items;
	unsigned long seq;
	bool stopping;
	int nr_workers;
	struct zsk_worker workers[ZSK_WQ_MAX_WORKERS];
	struct list_head node;
};

static pthread_mutex_t wq_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wq_cv = PTHREAD_COND_INITIALIZER;	/* any change */
static LIST_HEAD(wq_all);
static __thread struct work_struct *wq_current;

/* The worker running @work, or NULL; wq_lock held. */
static struct zsk_worker *running_on(const struct work_struct *work)
{
	struct workqueue_struct *wq;
	int i;

	list_for_each_entry(wq, &wq_all, node)
		for (i = 0; i < wq->nr_workers; i++)
			if (wq->workers[i].current_item == work)
				return &wq->workers[i];
	return NULL;
}

static void *worker_thread(void *arg)
{
	struct zsk_worker *me = arg;
	struct workqueue_struct *wq = me->wq;

	pthread_mutex_lock(&wq_lock);
	for (;;) {
		struct work_struct *w, *pick = NULL;
		work_func_t fn;

		list_for_each_entry(w, &wq->items, entry) {
			if (!running_on(w)) {
				pick = w;
				break;
			}
		}
		if (!pick) {
			if (wq->stopping && list_empty(&wq->items))
				break;
			pthread_cond_wait(&wq_cv, &wq_lock);
			continue;
		}
		list_del_init(&pick->entry);
		atomic_long_set(&pick->data, 0);
		me->current_item = pick;
		me->current_seq = pick->zsk_seq;
		fn = pick->func;
		pthread_mutex_unlock(&wq_lock);
		wq_current = pick;
		fn(pick);		/* may free or requeue @pick */
		wq_current = NULL;
		pthread_mutex_lock(&wq_lock);
		me->current_item = NULL;
		pthread_cond_broadcast(&wq_cv);
	}
	pthread_mutex_unlock(&wq_lock);
	return NULL;
}

struct workqueue_struct *alloc_workqueue(const char *fmt, unsigned int flags,
					 int max_active, ...)
{
	struct workqueue_struct *wq;
	va_list ap;
	int i;

	wq = calloc(1, sizeof(*wq));
	if (!wq) {
		pr_err("workqueue: no memory for a workqueue\n");
		return NULL;
	}
	va_start(ap, max_active);
	vsnprintf(wq->name, sizeof(wq->name), fmt, ap);
	va_end(ap);
	if (max_active < 0 || max_active > WQ_MAX_ACTIVE) {
		pr_warn("workqueue: max_active %d requested for %s is out of range, clamping between %d and %d\n",
			max_active, wq->name, 1, WQ_MAX_ACTIVE);
		max_active = clamp(max_active, 1, (int)WQ_MAX_ACTIVE);
	}
	wq->flags = flags;
	wq->max_active = max_active ? max_active : WQ_DFL_ACTIVE;
	INIT_LIST_HEAD(&wq->items);
	if (flags & __WQ_ORDERED)
		wq->nr_workers = 1;
	else if (max_active == 0)
		wq->nr_workers = ZSK_WQ_DFL_WORKERS;
	else
		wq->nr_workers = min(max_active, ZSK_WQ_MAX_WORKERS);

	pthread_mutex_lock(&wq_lock);
	list_add_tail(&wq->node, &wq_all);
	pthread_mutex_unlock(&wq_lock);
	for (i = 0; i < wq->nr_workers; i++) {
		wq->workers[i].wq = wq;
		if (pthread_create(&wq->workers[i].thread, NULL, worker_thread,
				   &wq->workers[i]) != 0) {
			pr_err("workqueue: %s: cannot start worker %d\n", wq->name, i);
			pthread_mutex_lock(&wq_lock);
			wq->nr_workers = i;
			pthread_mutex_unlock(&wq_lock);
			destroy_workqueue(wq);
			return NULL;
		}
	}
	return wq;
}

/* Whether some queued or running item of @wq has a sequence <= @upto; wq_lock held. */
static bool wq_busy_upto(struct workqueue_struct *wq, unsigned long upto)
{
	struct work_struct *w;
	int i;

	list_for_each_entry(w, &wq->items, entry)
		if ((long)(w->zsk_seq - upto) <= 0)
			return true;
	for (i = 0; i < wq->nr_workers; i++)
		if (wq->workers[i].current_item &&
		    (long)(wq->workers[i].current_seq - upto) <= 0)
			return true;
	return false;
}

static bool wq_idle(struct workqueue_struct *wq)
{
	int i;

	if (!list_empty(&wq->items))
		return false;
	for (i = 0; i < wq->nr_workers; i++)
		if (wq->workers[i].current_item)
			return false;
	return true;
}

void flush_workqueue(struct workqueue_struct *wq)
{
	unsigned long upto;

	if (WARN_ON(!wq))
		return;
	pthread_mutex_lock(&wq_lock);
	upto = wq->seq;
	while (wq_busy_upto(wq, upto))
		pthread_cond_wait(&wq_cv, &wq_lock);
	pthread_mutex_unlock(&wq_lock);
}

void drain_workqueue(struct workqueue_struct *wq)
{
	if (WARN_ON(!wq))
		return;
	pthread_mutex_lock(&wq_lock);
	while (!wq_idle(wq))
		pthread_cond_wait(&wq_cv, &wq_lock);
	pthread_mutex_unlock(&wq_lock);
}

void destroy_workqueue(struct workqueue_struct *wq)
{
	int i;

	if (!wq)
		return;
	drain_workqueue(wq);
	pthread_mutex_lock(&wq_lock);
	wq->stopping = true;
	pthread_cond_broadcast(&wq_cv);
	pthread_mutex_unlock(&wq_lock);
	for (i = 0; i < wq->nr_workers; i++)
		pthread_join(wq->workers[i].thread, NULL);
	pthread_mutex_lock(&wq_lock);
	list_del(&wq->node);
	pthread_mutex_unlock(&wq_lock);
	free(wq);
}

void zsk_init_work(struct work_struct *work, work_func_t func)
{
	atomic_long_set(&work->data, 0);
	INIT_LIST_HEAD(&work->entry);
	work->func = func;
	work->zsk_seq = 0;
}

void zsk_init_delayed_work(struct delayed_work *dwork, work_func_t func)
{
	zsk_init_work(&dwork->work, func);
	timer_setup(&dwork->timer, zsk_delayed_work_timer_fn, 0);
	dwork->wq = NULL;
	dwork->cpu = WORK_CPU_UNBOUND;
}

/* Appends @work (PENDING already set) to @wq; wq_lock held. */
static void enqueue(struct workqueue_struct *wq, struct work_struct *work)
{
	if (!work->entry.next)
		INIT_LIST_HEAD(&work->entry);
	work->zsk_seq = ++wq->seq;
	list_add_tail(&work->entry, &wq->items);
	pthread_cond_broadcast(&wq_cv);
}

bool queue_work_on(int cpu, struct workqueue_struct *wq, struct work_struct *work)
{
	(void)cpu;
	if (WARN_ON(!wq || !work || !work->func))
		return false;
	pthread_mutex_lock(&wq_lock);
	if (atomic_long_read(&work->data) & WORK_STRUCT_PENDING) {
		pthread_mutex_unlock(&wq_lock);
		return false;
	}
	if (WARN(wq->stopping, "workqueue: queueing on %s while it is destroyed\n", wq->name)) {
		pthread_mutex_unlock(&wq_lock);
		return false;
	}
	atomic_long_set(&work->data, WORK_STRUCT_PENDING);
	enqueue(wq, work);
	pthread_mutex_unlock(&wq_lock);
	return true;
}

void zsk_delayed_work_timer_fn(struct timer_list *t)
{
	struct delayed_work *dwork = container_of(t, struct delayed_work, timer);

	pthread_mutex_lock(&wq_lock);
	/* cancelled meanwhile, or re-armed (that expiry queues it) */
	if ((atomic_long_read(&dwork->work.data) & WORK_STRUCT_PENDING) &&
	    !linked(&dwork->work.entry) && !timer_pending(t) && dwork->wq)
		enqueue(dwork->wq, &dwork->work);
	pthread_mutex_unlock(&wq_lock);
}

/* Queues or arms a delayed item that is PENDING; wq_lock held. */
static void arm_delayed(struct workqueue_struct *wq, struct delayed_work *dwork,
			unsigned long delay)
{
	dwork->wq = wq;
	if (!dwork->timer.function)
		timer_setup(&dwork->timer, zsk_delayed_work_timer_fn, 0);
	if (!delay)
		enqueue(wq, &dwork->work);
	else
		mod_timer(&dwork->timer, jiffies + delay);
}

bool queue_delayed_work_on(int cpu, struct workqueue_struct *wq,
			   struct delayed_work *dwork, unsigned long delay)
{
	dwork->cpu = cpu;
	if (WARN_ON(!wq || !dwork->work.func))
		return false;
	pthread_mutex_lock(&wq_lock);
	if (atomic_long_read(&dwork->work.data) & WORK_STRUCT_PENDING) {
		pthread_mutex_unlock(&wq_lock);
		return false;
	}
	atomic_long_set(&dwork->work.data, WORK_STRUCT_PENDING);
	arm_delayed(wq, dwork, delay);
	pthread_mutex_unlock(&wq_lock);
	return true;
}

/* Takes a pending item off its queue or its timer; wq_lock held.  True if it was pending. */
static bool unpend(struct work_struct *work, struct timer_list *timer)
{
	bool was = atomic_long_read(&work->data) & WORK_STRUCT_PENDING;

	if (timer && timer->function)
		timer_delete(timer);
	if (work->entry.next && linked(&work->entry))
		list_del_init(&work->entry);
	atomic_long_set(&work->data, 0);
	return was;
}

bool mod_delayed_work_on(int cpu, struct workqueue_struct *wq,
			 struct delayed_work *dwork, unsigned long delay)
{
	bool was;

	dwork->cpu = cpu;
	if (WARN_ON(!wq || !dwork->work.func))
		return false;
	pthread_mutex_lock(&wq_lock);
	was = unpend(&dwork->work, &dwork->timer);
	atomic_long_set(&dwork->work.data, WORK_STRUCT_PENDING);
	arm_delayed(wq, dwork, delay);
	pthread_mutex_unlock(&wq_lock);
	return was;
}

/* Waits until @work's queueing at the call (if any) and its run have finished. */
static bool wait_work(struct work_struct *work)
{
	struct zsk_worker *w;
	unsigned long upto = 0;
	bool queued, waited = false;

	if (WARN(work == wq_current, "workqueue: a work item flushes or cancels itself\n"))
		return false;
	pthread_mutex_lock(&wq_lock);
	queued = work->entry.next && linked(&work->entry);
	w = running_on(work);
	if (queued)
		upto = work->zsk_seq;
	else if (w)
		upto = w->current_seq;
	for (;;) {
		queued = work->entry.next && linked(&work->entry) &&
			 (long)(work->zsk_seq - upto) <= 0;
		w = running_on(work);
		if (!queued && !(w && (long)(w->current_seq - upto) <= 0))
			break;
		waited = true;
		pthread_cond_wait(&wq_cv, &wq_lock);
	}
	pthread_mutex_unlock(&wq_lock);
	return waited;
}

bool flush_work(struct work_struct *work)
{
	return wait_work(work);
}

bool flush_delayed_work(struct delayed_work *dwork)
{
	pthread_mutex_lock(&wq_lock);
	if (dwork->timer.function && timer_delete(&dwork->timer) && dwork->wq)
		enqueue(dwork->wq, &dwork->work);
	pthread_mutex_unlock(&wq_lock);
	return flush_work(&dwork->work);
}

bool cancel_work(struct work_struct *work)
{
	bool was;

	pthread_mutex_lock(&wq_lock);
	was = unpend(work, NULL);
	pthread_mutex_unlock(&wq_lock);
	return was;
}

bool cancel_work_sync(struct work_struct *work)
{
	bool was = cancel_work(work);

	wait_work(work);
	return was;
}

bool cancel_delayed_work(struct delayed_work *dwork)
{
	bool was;

	pthread_mutex_lock(&wq_lock);
	was = unpend(&dwork->work, &dwork->timer);
	pthread_mutex_unlock(&wq_lock);
	return was;
}

bool cancel_delayed_work_sync(struct delayed_work *dwork)
{
	bool was = cancel_delayed_work(dwork);

	/* a timer callback in flight sees PENDING clear and queues nothing */
	if (dwork->timer.function)
		timer_delete_sync(&dwork->timer);
	wait_work(&dwork->work);
	return was;
}

bool zsk_work_running(struct work_struct *work)
{
	bool r;

	pthread_mutex_lock(&wq_lock);
	r = running_on(work) != NULL;
	pthread_mutex_unlock(&wq_lock);
	return r;
}

struct work_struct *current_work(void)
{
	return wq_current;
}

static struct workqueue_struct *system_wqs[ZSK_NR_SYSTEM_WQ];
static pthread_mutex_t system_wq_lock = PTHREAD_MUTEX_INITIALIZER;

struct workqueue_struct *zsk_system_workqueue(enum zsk_system_wq which)
{
	static const struct { const char *name; unsigned int flags; } def[ZSK_NR_SYSTEM_WQ] = {
		[ZSK_SYSTEM_WQ] = { "events", 0 },
		[ZSK_SYSTEM_HIGHPRI_WQ] = { "events_highpri", WQ_HIGHPRI },
		[ZSK_SYSTEM_LONG_WQ] = { "events_long", 0 },
		[ZSK_SYSTEM_UNBOUND_WQ] = { "events_unbound", WQ_UNBOUND },
		[ZSK_SYSTEM_FREEZABLE_WQ] = { "events_freezable", WQ_FREEZABLE },
		[ZSK_SYSTEM_POWER_EFFICIENT_WQ] = { "events_power_efficient", WQ_POWER_EFFICIENT },
		[ZSK_SYSTEM_FREEZABLE_POWER_EFFICIENT_WQ] = {
			"events_freezable_pwr_efficient", WQ_FREEZABLE | WQ_POWER_EFFICIENT },
	};
	struct workqueue_struct *wq;

	if ((unsigned int)which >= ZSK_NR_SYSTEM_WQ)
		return NULL;
	wq = __atomic_load_n(&system_wqs[which], __ATOMIC_ACQUIRE);
	if (wq)
		return wq;
	pthread_mutex_lock(&system_wq_lock);
	wq = system_wqs[which];
	if (!wq) {
		wq = alloc_workqueue("%s", def[which].flags, 0, def[which].name);
		__atomic_store_n(&system_wqs[which], wq, __ATOMIC_RELEASE);
	}
	pthread_mutex_unlock(&system_wq_lock);
	return wq;
}

int zsk_workqueue_shutdown(void)
{
	struct workqueue_struct *wq;
	struct timer_list *t, *n;
	bool joined;
	int left = 0;

	pthread_mutex_lock(&tm_lock);
	list_for_each_entry_safe(t, n, &tm_list, entry) {
		pr_err("zslab-kunit: a timer (function %pS) is still armed after module_exit\n",
		       t->function);
		list_del_init(&t->entry);
		left++;
	}
	tm_stop = true;
	joined = tm_started;
	tm_started = false;
	if (joined)
		pthread_cond_signal(&tm_cv);
	pthread_mutex_unlock(&tm_lock);
	if (joined)
		pthread_join(tm_thread, NULL);

	pthread_mutex_lock(&system_wq_lock);
	for (int i = 0; i < ZSK_NR_SYSTEM_WQ; i++) {
		destroy_workqueue(system_wqs[i]);
		__atomic_store_n(&system_wqs[i], NULL, __ATOMIC_RELEASE);
	}
	pthread_mutex_unlock(&system_wq_lock);

	pthread_mutex_lock(&wq_lock);
	list_for_each_entry(wq, &wq_all, node) {
		pr_err("zslab-kunit: workqueue %s was not destroyed\n", wq->name);
		left++;
	}
	pthread_mutex_unlock(&wq_lock);
	return left;
}
