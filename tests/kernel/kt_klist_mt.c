// SPDX-License-Identifier: MIT
/*
 * kt_klist_mt.c - reference-counted lists: a deleted node stays linked
 * while an iterator stands on it and is skipped by the others;
 * klist_remove() waits for that iterator; put runs once per node, after
 * the unlink; threads adding and deleting while others iterate lose and
 * double-count nothing.
 */
#include <kunit/test.h>
#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/klist.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <zslab-kernel.h>

static atomic_t nr_gets, nr_puts;

static void count_get(struct klist_node *n) { (void)n; atomic_inc(&nr_gets); }
static void count_put(struct klist_node *n) { (void)n; atomic_inc(&nr_puts); }

static void dead_nodes_are_skipped(struct kunit *test)
{
	struct klist_node a, b, c;
	struct klist k;
	struct klist_iter it, other;

	atomic_set(&nr_gets, 0);
	atomic_set(&nr_puts, 0);
	klist_init(&k, count_get, count_put);
	klist_add_tail(&a, &k);
	klist_add_tail(&b, &k);
	klist_add_tail(&c, &k);
	KUNIT_EXPECT_EQ(test, atomic_read(&nr_gets), 3);
	klist_iter_init(&k, &it);
	KUNIT_EXPECT_PTR_EQ(test, klist_next(&it), &a);
	KUNIT_EXPECT_PTR_EQ(test, klist_next(&it), &b);
	klist_del(&b);                          /* it stands on b */
	KUNIT_EXPECT_TRUE(test, klist_node_attached(&b));
	KUNIT_EXPECT_EQ(test, atomic_read(&nr_puts), 0);
	klist_iter_init(&k, &other);
	KUNIT_EXPECT_PTR_EQ(test, klist_next(&other), &a);
	KUNIT_EXPECT_PTR_EQ(test, klist_next(&other), &c);   /* b is dead */
	klist_iter_exit(&other);
	KUNIT_EXPECT_PTR_EQ(test, klist_next(&it), &c);      /* b goes now */
	KUNIT_EXPECT_FALSE(test, klist_node_attached(&b));
	KUNIT_EXPECT_EQ(test, atomic_read(&nr_puts), 1);
	KUNIT_EXPECT_PTR_EQ(test, klist_prev(&it), &a);
	KUNIT_EXPECT_NULL(test, klist_prev(&it));
	klist_iter_exit(&it);
	klist_del(&a);
	klist_del(&c);
	KUNIT_EXPECT_EQ(test, atomic_read(&nr_puts), 3);
	KUNIT_EXPECT_TRUE(test, list_empty(&k.k_list));

	/* misuse is reported, not an oops: a second delete, an add beside a
	 * node that is on no list */
	unsigned long warned = zsk_warnings();
	klist_del(&a);
	klist_add_behind(&b, &a);
	KUNIT_EXPECT_EQ(test, zsk_warnings(), warned + 2);
	KUNIT_EXPECT_EQ(test, atomic_read(&nr_puts), 3);
}

static struct klist held_list;
static struct klist_node held_node;
static DECLARE_COMPLETION(iterator_on_node);
static DECLARE_COMPLETION(remove_returned);

static int hold_then_move(void *arg)
{
	struct klist_iter it;

	(void)arg;
	klist_iter_init(&held_list, &it);
	klist_next(&it);
	complete_all(&iterator_on_node);    /* the remover and the case wait */
	msleep(50);
	klist_iter_exit(&it);
	return 0;
}

static int remover(void *arg)
{
	(void)arg;
	wait_for_completion(&iterator_on_node);
	klist_remove(&held_node);
	complete(&remove_returned);
	return 0;
}

/* klist_remove() returns only once the iterator has let go. */
static void remove_waits_for_iterators(struct kunit *test)
{
	struct task_struct *h, *r;

	atomic_set(&nr_puts, 0);
	klist_init(&held_list, NULL, count_put);
	klist_add_tail(&held_node, &held_list);
	h = kthread_run(hold_then_move, NULL, "kt-klist-hold");
	r = kthread_run(remover, NULL, "kt-klist-remove");
	KUNIT_ASSERT_FALSE(test, IS_ERR(h) || IS_ERR(r));
	wait_for_completion(&iterator_on_node);
	msleep(10);
	KUNIT_EXPECT_FALSE(test, completion_done(&remove_returned));
	wait_for_completion(&remove_returned);
	KUNIT_EXPECT_FALSE(test, klist_node_attached(&held_node));
	KUNIT_EXPECT_EQ(test, atomic_read(&nr_puts), 1);
	kthread_stop(h);
	kthread_stop(r);
}

#define CHURN_NODES 64
static struct klist churn_list;
static struct klist_node churn_nodes[2][CHURN_NODES];
static DECLARE_COMPLETION(churn_done);

static int churn(void *arg)
{
	struct klist_node *mine = arg;

	for (int round = 0; round < 200; round++) {
		for (int i = 0; i < CHURN_NODES; i++)
			klist_add_tail(&mine[i], &churn_list);
		for (int i = 0; i < CHURN_NODES; i++)
			klist_remove(&mine[i]);
	}
	complete(&churn_done);
	return 0;
}

static int walker(void *arg)
{
	long *seen = arg;

	while (!kthread_should_stop()) {
		struct klist_iter it;

		klist_iter_init(&churn_list, &it);
		while (klist_next(&it))
			(*seen)++;
		klist_iter_exit(&it);
	}
	return 0;
}

/* Two threads add and remove while two walk: every get has its put. */
static void concurrent_churn(struct kunit *test)
{
	struct task_struct *c[2], *w[2];
	long seen[2] = { 0, 0 };

	atomic_set(&nr_gets, 0);
	atomic_set(&nr_puts, 0);
	klist_init(&churn_list, count_get, count_put);
	for (int t = 0; t < 2; t++)
		w[t] = kthread_run(walker, &seen[t], "kt-klist-walk");
	for (int t = 0; t < 2; t++)
		c[t] = kthread_run(churn, churn_nodes[t], "kt-klist-churn");
	for (int t = 0; t < 2; t++)
		KUNIT_ASSERT_FALSE(test, IS_ERR(c[t]) || IS_ERR(w[t]));
	/* a kthread stopped before it ran never runs: wait for both first */
	wait_for_completion(&churn_done);
	wait_for_completion(&churn_done);
	for (int t = 0; t < 2; t++)
		kthread_stop(c[t]);
	for (int t = 0; t < 2; t++)
		kthread_stop(w[t]);
	KUNIT_EXPECT_EQ(test, atomic_read(&nr_gets), 2 * 200 * CHURN_NODES);
	KUNIT_EXPECT_EQ(test, atomic_read(&nr_puts), atomic_read(&nr_gets));
	KUNIT_EXPECT_TRUE(test, list_empty(&churn_list.k_list));
	kunit_info(test, "walkers saw %ld nodes\n", seen[0] + seen[1]);
}

static struct kunit_case klist_cases[] = {
	KUNIT_CASE(dead_nodes_are_skipped),
	KUNIT_CASE(remove_waits_for_iterators),
	KUNIT_CASE(concurrent_churn),
	{}
};

static struct kunit_suite klist_suite = {
	.name = "klist",
	.test_cases = klist_cases,
};
kunit_test_suite(klist_suite);

MODULE_LICENSE("GPL");
