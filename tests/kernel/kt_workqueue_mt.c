// SPDX-License-Identifier: MIT
/*
 * kt_workqueue_mt.c - a KUnit suite for <linux/workqueue.h> and
 * <linux/timer.h>: queueing a pending item is refused, flush_work() waits
 * for the run, an ordered queue keeps the order, an item never runs on two
 * workers at once, a work function may free its item, delayed work runs no
 * earlier than its delay and not at all once cancelled, destroy drains a
 * self-requeueing item, and timers fire, move, stop and shut down.  Built
 * only from <linux/...> and <kunit/...> headers.
 */
#include <kunit/test.h>
#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/timer.h>
#include <linux/workqueue.h>

struct counted {
	struct work_struct work;
	atomic_t runs;
	atomic_t inside;	/* workers inside the function now */
	atomic_t overlaps;	/* times two were inside at once */
	unsigned int sleep_ms;
};

static void counted_fn(struct work_struct *w)
{
	struct counted *c = container_of(w, struct counted, work);

	if (atomic_inc_return(&c->inside) > 1)
		atomic_inc(&c->overlaps);
	if (c->sleep_ms)
		msleep(c->sleep_ms);
	atomic_dec(&c->inside);
	atomic_inc(&c->runs);
}

static void pending_and_flush(struct kunit *test)
{
	struct workqueue_struct *wq = alloc_workqueue("kt_wq_%d", WQ_UNBOUND, 0, 1);
	struct counted c = { .sleep_ms = 20 };

	KUNIT_ASSERT_NOT_NULL(test, wq);
	INIT_WORK(&c.work, counted_fn);
	KUNIT_EXPECT_FALSE(test, work_pending(&c.work));
	KUNIT_EXPECT_FALSE(test, flush_work(&c.work));	/* idle: nothing to wait for */
	KUNIT_EXPECT_TRUE(test, queue_work(wq, &c.work));
	KUNIT_EXPECT_TRUE(test, flush_work(&c.work));
	KUNIT_EXPECT_EQ(test, atomic_read(&c.runs), 1);
	KUNIT_EXPECT_FALSE(test, work_pending(&c.work));

	/* requeued while it runs: it runs again, never on two workers at once */
	for (int i = 0; i < 20; i++) {
		queue_work(wq, &c.work);
		msleep(1);
	}
	flush_workqueue(wq);
	KUNIT_EXPECT_GE(test, atomic_read(&c.runs), 2);
	KUNIT_EXPECT_EQ(test, atomic_read(&c.overlaps), 0);
	destroy_workqueue(wq);
}

struct ordered_item {
	struct work_struct work;
	int id;
	int *log;
	atomic_t *pos;
};

static void ordered_fn(struct work_struct *w)
{
	struct ordered_item *it = container_of(w, struct ordered_item, work);

	it->log[atomic_inc_return(it->pos) - 1] = it->id;
}

static void ordered_queue(struct kunit *test)
{
	struct workqueue_struct *wq = alloc_ordered_workqueue("kt_ordered", 0);
	struct ordered_item items[32];
	int log[32];
	atomic_t pos = ATOMIC_INIT(0);

	KUNIT_ASSERT_NOT_NULL(test, wq);
	for (int i = 0; i < 32; i++) {
		items[i] = (struct ordered_item){ .id = i, .log = log, .pos = &pos };
		INIT_WORK(&items[i].work, ordered_fn);
		KUNIT_EXPECT_TRUE(test, queue_work(wq, &items[i].work));
	}
	flush_workqueue(wq);
	KUNIT_ASSERT_EQ(test, atomic_read(&pos), 32);
	for (int i = 0; i < 32; i++)
		KUNIT_EXPECT_EQ(test, log[i], i);
	destroy_workqueue(wq);
}

struct self_free {
	struct work_struct work;
	struct completion *done;
};

static void self_free_fn(struct work_struct *w)
{
	struct self_free *sf = container_of(w, struct self_free, work);
	struct completion *done = sf->done;

	kfree(sf);
	complete(done);
}

static void work_frees_itself(struct kunit *test)
{
	DECLARE_COMPLETION_ONSTACK(done);
	struct self_free *sf = kmalloc(sizeof(*sf), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, sf);
	sf->done = &done;
	INIT_WORK(&sf->work, self_free_fn);
	KUNIT_EXPECT_TRUE(test, schedule_work(&sf->work));
	KUNIT_EXPECT_NE(test, wait_for_completion_timeout(&done, msecs_to_jiffies(5000)), 0UL);
	flush_workqueue(system_wq);
}

struct stamped {
	struct delayed_work dwork;
	unsigned long ran_at;
	atomic_t runs;
};

static void stamped_fn(struct work_struct *w)
{
	struct stamped *s = container_of(to_delayed_work(w), struct stamped, dwork);

	s->ran_at = jiffies;
	atomic_inc(&s->runs);
}

static void delayed_work(struct kunit *test)
{
	struct stamped s = { 0 };
	unsigned long start;

	INIT_DELAYED_WORK(&s.dwork, stamped_fn);
	start = jiffies;
	KUNIT_EXPECT_TRUE(test, schedule_delayed_work(&s.dwork, msecs_to_jiffies(30)));
	KUNIT_EXPECT_TRUE(test, delayed_work_pending(&s.dwork));
	KUNIT_EXPECT_FALSE(test, schedule_delayed_work(&s.dwork, 1));	/* pending */
	msleep(60);
	flush_delayed_work(&s.dwork);
	KUNIT_EXPECT_EQ(test, atomic_read(&s.runs), 1);
	KUNIT_EXPECT_GE(test, s.ran_at - start, 30UL);

	/* cancelled before it is due: it never runs */
	KUNIT_EXPECT_TRUE(test, schedule_delayed_work(&s.dwork, msecs_to_jiffies(50)));
	KUNIT_EXPECT_TRUE(test, cancel_delayed_work_sync(&s.dwork));
	KUNIT_EXPECT_FALSE(test, delayed_work_pending(&s.dwork));
	msleep(80);
	KUNIT_EXPECT_EQ(test, atomic_read(&s.runs), 1);

	/* mod_delayed_work moves a pending item, and says it was pending */
	KUNIT_EXPECT_FALSE(test, mod_delayed_work(system_wq, &s.dwork, msecs_to_jiffies(5000)));
	KUNIT_EXPECT_TRUE(test, mod_delayed_work(system_wq, &s.dwork, 0));
	flush_delayed_work(&s.dwork);
	KUNIT_EXPECT_EQ(test, atomic_read(&s.runs), 2);
	KUNIT_EXPECT_FALSE(test, cancel_delayed_work_sync(&s.dwork));
}

struct requeue {
	struct work_struct work;
	struct workqueue_struct *wq;
	atomic_t left;
};

static void requeue_fn(struct work_struct *w)
{
	struct requeue *r = container_of(w, struct requeue, work);

	if (atomic_dec_return(&r->left) > 0)
		queue_work(r->wq, &r->work);
}

static void destroy_drains(struct kunit *test)
{
	struct requeue r;

	r.wq = alloc_workqueue("kt_drain", 0, 2);
	KUNIT_ASSERT_NOT_NULL(test, r.wq);
	atomic_set(&r.left, 100);
	INIT_WORK(&r.work, requeue_fn);
	queue_work(r.wq, &r.work);
	destroy_workqueue(r.wq);
	KUNIT_EXPECT_EQ(test, atomic_read(&r.left), 0);
}

struct tick {
	struct timer_list timer;
	atomic_t fired;
	unsigned long at;
	bool rearm;
};

static void tick_fn(struct timer_list *t)
{
	struct tick *tk = from_timer(tk, t, timer);

	tk->at = jiffies;
	atomic_inc(&tk->fired);
	if (tk->rearm)
		mod_timer(&tk->timer, jiffies + 1);
}

static void timers(struct kunit *test)
{
	struct tick tk = { 0 };
	unsigned long start = jiffies;

	timer_setup(&tk.timer, tick_fn, 0);
	KUNIT_EXPECT_FALSE(test, timer_pending(&tk.timer));
	KUNIT_EXPECT_EQ(test, mod_timer(&tk.timer, start + 20), 0);
	KUNIT_EXPECT_TRUE(test, timer_pending(&tk.timer));
	KUNIT_EXPECT_EQ(test, mod_timer(&tk.timer, start + 25), 1);	/* moved */
	KUNIT_EXPECT_EQ(test, timer_reduce(&tk.timer, start + 100), 1);	/* not later */
	msleep(60);
	KUNIT_EXPECT_EQ(test, atomic_read(&tk.fired), 1);
	KUNIT_EXPECT_GE(test, tk.at - start, 25UL);
	KUNIT_EXPECT_FALSE(test, timer_pending(&tk.timer));

	/* deleted before it fires */
	mod_timer(&tk.timer, jiffies + 30);
	KUNIT_EXPECT_EQ(test, del_timer_sync(&tk.timer), 1);
	KUNIT_EXPECT_EQ(test, timer_delete(&tk.timer), 0);
	msleep(50);
	KUNIT_EXPECT_EQ(test, atomic_read(&tk.fired), 1);

	/* a self-rearming timer stops for good at shutdown */
	tk.rearm = true;
	mod_timer(&tk.timer, jiffies + 1);
	msleep(20);
	timer_shutdown_sync(&tk.timer);
	KUNIT_EXPECT_GT(test, atomic_read(&tk.fired), 2);
	KUNIT_EXPECT_FALSE(test, timer_pending(&tk.timer));
	KUNIT_EXPECT_EQ(test, mod_timer(&tk.timer, jiffies + 1), 0);
	KUNIT_EXPECT_FALSE(test, timer_pending(&tk.timer));
}

static struct kunit_case workqueue_cases[] = {
	KUNIT_CASE(pending_and_flush),
	KUNIT_CASE(ordered_queue),
	KUNIT_CASE(work_frees_itself),
	KUNIT_CASE(delayed_work),
	KUNIT_CASE(destroy_drains),
	KUNIT_CASE(timers),
	{}
};

static struct kunit_suite workqueue_suite = {
	.name = "kt_workqueue",
	.test_cases = workqueue_cases,
};
kunit_test_suite(workqueue_suite);

MODULE_LICENSE("MIT");
