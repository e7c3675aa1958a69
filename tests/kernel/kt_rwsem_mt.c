// SPDX-License-Identifier: MIT
/*
 * kt_rwsem_mt.c - read-write semaphores: shared readers, an exclusive
 * writer, a waiting writer holding back new readers, downgrade_write(),
 * lockdep_assert_held() in both modes, and misuse reported.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/rwsem.h>
#include <zslab-kernel.h>

static DECLARE_RWSEM(sem);
static long shared_value, writes_seen_torn;

static int reader(void *arg)
{
	(void)arg;
	while (!kthread_should_stop()) {
		down_read(&sem);
		lockdep_assert_held(&sem);
		long a = READ_ONCE(shared_value);
		long b = READ_ONCE(shared_value);
		if (a != b || (a & 1))
			__atomic_add_fetch(&writes_seen_torn, 1, __ATOMIC_RELAXED);
		up_read(&sem);
	}
	return 0;
}

static int writer(void *arg)
{
	(void)arg;
	for (int i = 0; i < 2000; i++) {
		down_write(&sem);
		lockdep_assert_held_write(&sem);
		WRITE_ONCE(shared_value, shared_value + 1);   /* odd while held */
		WRITE_ONCE(shared_value, shared_value + 1);
		up_write(&sem);
	}
	return 0;
}

static void readers_and_writers(struct kunit *test)
{
	struct task_struct *r[2], *w[2];
	unsigned long warned = zsk_warnings();

	for (int i = 0; i < 2; i++) {
		r[i] = kthread_run(reader, NULL, "kt_rwsem_r/%d", i);
		w[i] = kthread_run(writer, NULL, "kt_rwsem_w/%d", i);
		KUNIT_ASSERT_FALSE(test, IS_ERR(r[i]) || IS_ERR(w[i]));
	}
	for (int i = 0; i < 2; i++)
		kthread_stop(w[i]);     /* a writer stopped before it ran does nothing */
	for (int i = 0; i < 2; i++)
		kthread_stop(r[i]);
	KUNIT_EXPECT_EQ(test, shared_value % 2, 0);
	KUNIT_EXPECT_LE(test, shared_value, 8000);
	KUNIT_EXPECT_EQ(test, writes_seen_torn, 0);
	KUNIT_EXPECT_FALSE(test, rwsem_is_locked(&sem));
	KUNIT_EXPECT_EQ(test, zsk_warnings(), warned);
}

static DECLARE_COMPLETION(writer_waiting);

static int blocked_writer(void *arg)
{
	struct rw_semaphore *s = arg;

	complete(&writer_waiting);
	down_write(s);
	up_write(s);
	return 5;
}

static void writer_preference_and_downgrade(struct kunit *test)
{
	struct rw_semaphore s;
	struct task_struct *w;
	int waited = 0;

	init_rwsem(&s);
	KUNIT_EXPECT_TRUE(test, down_read_trylock(&s));
	KUNIT_EXPECT_TRUE(test, down_read_trylock(&s));     /* readers share */
	KUNIT_EXPECT_FALSE(test, down_write_trylock(&s));
	w = kthread_run(blocked_writer, &s, "kt_rwsem_bw");
	KUNIT_ASSERT_FALSE(test, IS_ERR(w));
	wait_for_completion(&writer_waiting);
	while (!rwsem_is_contended(&s) && waited++ < 5000)
		msleep(1);
	KUNIT_EXPECT_TRUE(test, rwsem_is_contended(&s));
	KUNIT_EXPECT_FALSE(test, down_read_trylock(&s));    /* the writer waits */
	up_read(&s);
	up_read(&s);
	KUNIT_EXPECT_EQ(test, kthread_stop(w), 5);
	KUNIT_EXPECT_FALSE(test, rwsem_is_locked(&s));

	down_write(&s);
	KUNIT_EXPECT_TRUE(test, rwsem_is_locked(&s));
	KUNIT_EXPECT_FALSE(test, down_read_trylock(&s));
	downgrade_write(&s);
	KUNIT_EXPECT_TRUE(test, down_read_trylock(&s));     /* now a reader */
	KUNIT_EXPECT_FALSE(test, down_write_trylock(&s));
	up_read(&s);
	up_read(&s);
	KUNIT_EXPECT_TRUE(test, down_write_trylock(&s));
	up_write(&s);
	{
		guard(rwsem_read)(&s);
		KUNIT_EXPECT_TRUE(test, rwsem_is_locked(&s));
	}
	KUNIT_EXPECT_FALSE(test, rwsem_is_locked(&s));
}

static void misuse_is_reported(struct kunit *test)
{
	struct rw_semaphore s;
	unsigned long warned = zsk_warnings();

	init_rwsem(&s);
	up_read(&s);
	up_write(&s);
	downgrade_write(&s);
	lockdep_assert_held(&s);
	KUNIT_EXPECT_EQ(test, zsk_warnings(), warned + 4);
	KUNIT_EXPECT_FALSE(test, rwsem_is_locked(&s));
	KUNIT_EXPECT_TRUE(test, down_write_trylock(&s));    /* state intact */
	up_write(&s);
}

static struct kunit_case rwsem_cases[] = {
	KUNIT_CASE(readers_and_writers),
	KUNIT_CASE(writer_preference_and_downgrade),
	KUNIT_CASE(misuse_is_reported),
	{}
};

static struct kunit_suite rwsem_suite = {
	.name = "rwsem",
	.test_cases = rwsem_cases,
};
kunit_test_suite(rwsem_suite);
MODULE_LICENSE("GPL");
