// SPDX-License-Identifier: MIT
/*
 * kt_sync_mt.c - the kernel's synchronisation on host threads: spinlocks
 * and mutexes (with lockdep_assert_held()), atomics and refcount_t,
 * completions, wait queues and kthreads (stop, park, result).
 */
#include <kunit/test.h>
#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/refcount.h>
#include <linux/spinlock.h>
#include <linux/wait.h>

static DEFINE_SPINLOCK(counter_lock);
static DEFINE_MUTEX(counter_mutex);
static long counter, mutex_counter;   /* under counter_lock, counter_mutex */
static atomic_t acounter = ATOMIC_INIT(0);
static atomic64_t a64 = ATOMIC64_INIT(0);

static DECLARE_COMPLETION(hammer_started);

static int hammer(void *arg)
{
	unsigned long flags;

	(void)arg;
	complete(&hammer_started);   /* a thread stopped before it ran gives -EINTR */
	for (int i = 0; i < 20000; i++) {
		spin_lock_irqsave(&counter_lock, flags);
		lockdep_assert_held(&counter_lock);
		counter++;
		spin_unlock_irqrestore(&counter_lock, flags);
		mutex_lock(&counter_mutex);
		mutex_counter++;
		mutex_unlock(&counter_mutex);
		atomic_inc(&acounter);
		atomic64_add(2, &a64);
	}
	return 7;
}

static void locks_and_atomics(struct kunit *test)
{
	struct task_struct *k[4];

	for (int i = 0; i < 4; i++) {
		k[i] = kthread_create(hammer, NULL, "kt_hammer/%d", i);
		KUNIT_ASSERT_FALSE(test, IS_ERR(k[i]));
		KUNIT_EXPECT_TRUE(test, k[i]->flags & PF_KTHREAD);
		wake_up_process(k[i]);
	}
	for (int i = 0; i < 4; i++)
		wait_for_completion(&hammer_started);
	for (int i = 0; i < 4; i++)
		KUNIT_EXPECT_EQ(test, kthread_stop(k[i]), 7);
	KUNIT_EXPECT_EQ(test, counter, 80000);
	KUNIT_EXPECT_EQ(test, mutex_counter, 80000);
	KUNIT_EXPECT_EQ(test, atomic_read(&acounter), 80000);
	KUNIT_EXPECT_EQ(test, atomic64_read(&a64), 160000);
	KUNIT_EXPECT_EQ(test, atomic_cmpxchg(&acounter, 80000, 1), 80000);
	KUNIT_EXPECT_TRUE(test, atomic_dec_and_test(&acounter));
	KUNIT_EXPECT_FALSE(test, atomic_inc_not_zero(&acounter));
	KUNIT_EXPECT_TRUE(test, mutex_trylock(&counter_mutex));
	KUNIT_EXPECT_TRUE(test, mutex_is_locked(&counter_mutex));
	mutex_unlock(&counter_mutex);
}

static void refcounts(struct kunit *test)
{
	refcount_t r = REFCOUNT_INIT(1);

	refcount_inc(&r);
	KUNIT_EXPECT_EQ(test, refcount_read(&r), 2);
	KUNIT_EXPECT_FALSE(test, refcount_dec_and_test(&r));
	KUNIT_EXPECT_TRUE(test, refcount_dec_and_test(&r));
	KUNIT_EXPECT_FALSE(test, refcount_inc_not_zero(&r));
	refcount_set(&r, 1);
	KUNIT_EXPECT_TRUE(test, refcount_dec_if_one(&r));
}

static DECLARE_WAIT_QUEUE_HEAD(wq);
static int ready;

static int waker(void *arg)
{
	struct completion *done = arg;

	msleep(20);
	WRITE_ONCE(ready, 1);
	wake_up(&wq);
	complete(done);
	while (!kthread_should_stop()) {
		if (kthread_should_park())
			kthread_parkme();
		msleep(1);
	}
	return 0;
}

static void completions_waits_kthreads(struct kunit *test)
{
	DECLARE_COMPLETION_ONSTACK(done);
	struct task_struct *k;
	long left;

	k = kthread_run(waker, &done, "kt_waker");
	KUNIT_ASSERT_FALSE(test, IS_ERR(k));
	wait_event(wq, READ_ONCE(ready));
	KUNIT_EXPECT_EQ(test, ready, 1);
	wait_for_completion(&done);
	KUNIT_EXPECT_TRUE(test, completion_done(&done) == false);
	KUNIT_EXPECT_EQ(test, wait_for_completion_timeout(&done, msecs_to_jiffies(10)), 0);
	left = wait_event_timeout(wq, READ_ONCE(ready) == 2, msecs_to_jiffies(10));
	KUNIT_EXPECT_EQ(test, left, 0);
	complete_all(&done);
	KUNIT_EXPECT_TRUE(test, try_wait_for_completion(&done));
	KUNIT_EXPECT_TRUE(test, try_wait_for_completion(&done));
	kthread_park(k);
	kthread_unpark(k);
	KUNIT_EXPECT_EQ(test, kthread_stop(k), 0);
}

static struct kunit_case sync_cases[] = {
	KUNIT_CASE(locks_and_atomics),
	KUNIT_CASE(refcounts),
	KUNIT_CASE(completions_waits_kthreads),
	{}
};

static struct kunit_suite sync_suite = {
	.name = "zslab_kernel_sync",
	.test_cases = sync_cases,
};
kunit_test_suite(sync_suite);

MODULE_LICENSE("GPL");
