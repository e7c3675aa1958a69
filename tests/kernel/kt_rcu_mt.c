// SPDX-License-Identifier: MIT
/*
 * kt_rcu_mt.c - RCU on liburcu, as kernel code uses it: readers on plain
 * threads that never register, grace periods that wait for them,
 * call_rcu() callbacks in order after a grace period, rcu_barrier(),
 * kfree_rcu()/kvfree_rcu() in both forms, publication with
 * rcu_assign_pointer()/rcu_dereference().
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <pthread.h>

struct node {
	int value;
	struct rcu_head rcu;
};

struct reader {
	struct completion entered, release;
	struct node *volatile *slot;
	int seen;
	bool done;
};

/* A reader on a host thread (no registration): hold a read section. */
static void *reader_thread(void *arg)
{
	struct reader *r = arg;
	struct node *n;

	rcu_read_lock();
	n = rcu_dereference(*r->slot);
	complete(&r->entered);
	wait_for_completion(&r->release);
	r->seen = n ? READ_ONCE(n->value) : -1;
	WRITE_ONCE(r->done, true);
	rcu_read_unlock();
	return NULL;
}

static void start_reader(struct reader *r, pthread_t *t, struct node *volatile *slot)
{
	init_completion(&r->entered);
	init_completion(&r->release);
	r->slot = slot;
	r->seen = 0;
	r->done = false;
	pthread_create(t, NULL, reader_thread, r);
	wait_for_completion(&r->entered);
}

struct sync_arg {
	bool returned;
};

static int synchronizer(void *arg)
{
	synchronize_rcu();
	WRITE_ONCE(((struct sync_arg *)arg)->returned, true);
	return 0;
}

static void grace_period_waits_for_readers(struct kunit *test)
{
	static struct node first = { .value = 1 };
	struct node *volatile slot = &first;
	struct sync_arg sa = { false };
	struct task_struct *k;
	struct reader r;
	pthread_t t;

	start_reader(&r, &t, &slot);
	k = kthread_run(synchronizer, &sa, "kt_sync");
	KUNIT_ASSERT_FALSE(test, IS_ERR(k));
	msleep(50);
	KUNIT_EXPECT_FALSE_MSG(test, READ_ONCE(sa.returned),
			       "synchronize_rcu() returned while a reader was inside");
	complete(&r.release);
	pthread_join(t, NULL);
	KUNIT_EXPECT_EQ(test, kthread_stop(k), 0);
	KUNIT_EXPECT_TRUE(test, sa.returned);
	KUNIT_EXPECT_EQ(test, r.seen, 1);
}

#define NCB 200
static int order[NCB], nr_run;
static struct rcu_head heads[NCB];

static void record(struct rcu_head *head)
{
	order[nr_run++] = (int)(head - heads);
}

static void callbacks_in_order_after_barrier(struct kunit *test)
{
	nr_run = 0;
	for (int i = 0; i < NCB; i++)
		call_rcu(&heads[i], record);
	rcu_barrier();
	KUNIT_ASSERT_EQ(test, nr_run, NCB);
	for (int i = 0; i < NCB; i++)
		KUNIT_EXPECT_EQ(test, order[i], i);
}

static bool cb_ran;
static void set_ran(struct rcu_head *head)
{
	(void)head;
	WRITE_ONCE(cb_ran, true);
}

static void callback_waits_for_reader(struct kunit *test)
{
	static struct rcu_head h;
	static struct node n = { .value = 5 };
	struct node *volatile slot = &n;
	struct reader r;
	pthread_t t;

	cb_ran = false;
	start_reader(&r, &t, &slot);
	call_rcu(&h, set_ran);
	msleep(50);
	KUNIT_EXPECT_FALSE(test, READ_ONCE(cb_ran));
	complete(&r.release);
	pthread_join(t, NULL);
	rcu_barrier();
	KUNIT_EXPECT_TRUE(test, cb_ran);
}

/* Freed objects of a POISON cache read 0x6b: a reader must see its data. */
static void kfree_rcu_keeps_object_for_reader(struct kunit *test)
{
	struct kmem_cache *s = kmem_cache_create("kt_rcu_node", sizeof(struct node), 0,
						 SLAB_POISON, NULL);
	struct node *volatile slot;
	struct node *n, *m;
	struct reader r;
	pthread_t t;

	KUNIT_ASSERT_NOT_NULL(test, s);
	n = kmem_cache_alloc(s, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, n);
	n->value = 42;
	rcu_assign_pointer(slot, n);
	start_reader(&r, &t, &slot);
	RCU_INIT_POINTER(slot, NULL);
	kfree_rcu(n, rcu);               /* two-argument form: never sleeps */
	msleep(20);
	complete(&r.release);
	pthread_join(t, NULL);
	KUNIT_EXPECT_EQ(test, r.seen, 42);
	m = kmem_cache_alloc(s, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, m);
	kvfree_rcu(m, rcu);
	m = kmem_cache_alloc(s, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, m);
	kfree_rcu(m);                    /* headless (5.9-6.2): may sleep */
	m = kmem_cache_alloc(s, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, m);
	kfree_rcu_mightsleep(m);
	kvfree_rcu(kmalloc(24, GFP_KERNEL));
	kmem_cache_destroy(s);           /* waits for the kfree_rcu()s in flight */
}

static void read_lock_nesting(struct kunit *test)
{
	KUNIT_EXPECT_FALSE(test, rcu_read_lock_held());
	rcu_read_lock();
	rcu_read_lock();
	KUNIT_EXPECT_TRUE(test, rcu_read_lock_held());
	rcu_read_unlock();
	KUNIT_EXPECT_TRUE(test, rcu_read_lock_held());
	rcu_read_unlock();
	KUNIT_EXPECT_FALSE(test, rcu_read_lock_held());
}

/* Writers and readers on several threads, publishing and freeing. */
static struct node *volatile shared;
static DEFINE_SPINLOCK(shared_lock);

static DECLARE_COMPLETION(churn_started);

static int churn(void *arg)
{
	long sum = 0;

	complete(&churn_started);   /* kthread_stop() of a thread not yet run gives -EINTR */
	for (int i = 0; i < 2000; i++) {
		struct node *n = kmalloc(sizeof(*n), GFP_KERNEL), *old;

		if (!n)
			return -ENOMEM;
		n->value = i;
		spin_lock(&shared_lock);
		old = rcu_dereference_protected(shared, lockdep_is_held(&shared_lock));
		rcu_assign_pointer(shared, n);
		spin_unlock(&shared_lock);
		if (old)
			kfree_rcu(old, rcu);
		rcu_read_lock();
		old = rcu_dereference(shared);
		if (old)
			sum += READ_ONCE(old->value);
		rcu_read_unlock();
	}
	*(long *)arg = sum;
	return 0;
}

static void concurrent_publish_and_free(struct kunit *test)
{
	struct task_struct *k[3];
	long sums[3];

	for (int i = 0; i < 3; i++) {
		k[i] = kthread_run(churn, &sums[i], "kt_churn%d", i);
		KUNIT_ASSERT_FALSE(test, IS_ERR(k[i]));
	}
	for (int i = 0; i < 3; i++)
		wait_for_completion(&churn_started);
	for (int i = 0; i < 3; i++)
		KUNIT_EXPECT_EQ(test, kthread_stop(k[i]), 0);
	kfree_rcu(shared, rcu);
	shared = NULL;
	rcu_barrier();
}

static struct kunit_case rcu_cases[] = {
	KUNIT_CASE(grace_period_waits_for_readers),
	KUNIT_CASE(callbacks_in_order_after_barrier),
	KUNIT_CASE(callback_waits_for_reader),
	KUNIT_CASE(kfree_rcu_keeps_object_for_reader),
	KUNIT_CASE(read_lock_nesting),
	KUNIT_CASE(concurrent_publish_and_free),
	{}
};

static struct kunit_suite rcu_suite = {
	.name = "zslab_kernel_rcu",
	.test_cases = rcu_cases,
};
kunit_test_suite(rcu_suite);

MODULE_LICENSE("GPL");
