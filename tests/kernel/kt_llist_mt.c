// SPDX-License-Identifier: MIT
/*
 * kt_llist_mt.c - a KUnit suite for <linux/llist.h>: four threads add
 * while one takes batches with llist_del_all(), and every node arrives
 * exactly once; the empty-to-non-empty return of llist_add(), the order
 * (newest first, llist_reverse_order() oldest first), llist_del_first()
 * and the on-list marker.  Built only from <linux/...> and <kunit/...>
 * headers.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/llist.h>
#include <linux/module.h>
#include <linux/slab.h>

#define ADDERS 4
#define PER_ADDER 20000

struct tok {
	struct llist_node node;
	int owner, seq;
};

static LLIST_HEAD(shared);
static struct tok *toks;
static atomic_t adders_done;

static int adder(void *arg)
{
	int owner = (int)(long)arg;

	for (int i = 0; i < PER_ADDER; i++) {
		struct tok *t = &toks[owner * PER_ADDER + i];

		t->owner = owner;
		t->seq = i;
		llist_add(&t->node, &shared);
	}
	atomic_inc(&adders_done);
	return 0;
}

static void concurrent_adds(struct kunit *test)
{
	struct task_struct *th[ADDERS];
	unsigned char *seen;
	int got = 0, last[ADDERS];

	toks = kunit_kcalloc(test, ADDERS * PER_ADDER, sizeof(*toks), GFP_KERNEL);
	seen = kunit_kzalloc(test, ADDERS * PER_ADDER, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, toks);
	KUNIT_ASSERT_NOT_NULL(test, seen);
	atomic_set(&adders_done, 0);
	for (int i = 0; i < ADDERS; i++) {
		th[i] = kthread_run(adder, (void *)(long)i, "kt_llist_%d", i);
		KUNIT_ASSERT_FALSE(test, IS_ERR(th[i]));
	}
	for (int i = 0; i < ADDERS; i++)
		last[i] = -1;
	for (;;) {
		bool done = atomic_read(&adders_done) == ADDERS;
		struct llist_node *batch = llist_reverse_order(llist_del_all(&shared));
		struct tok *t, *n;

		llist_for_each_entry_safe(t, n, batch, node) {
			int idx = t->owner * PER_ADDER + t->seq;

			KUNIT_EXPECT_FALSE(test, seen[idx]);
			seen[idx] = 1;
			/* within a batch taken oldest first, one adder's nodes are in order */
			KUNIT_EXPECT_GT(test, t->seq, last[t->owner]);
			last[t->owner] = t->seq;
			got++;
		}
		if (done && llist_empty(&shared))
			break;
	}
	KUNIT_EXPECT_EQ(test, got, ADDERS * PER_ADDER);
	for (int i = 0; i < ADDERS; i++)
		kthread_stop(th[i]);
}

static void order_and_markers(struct kunit *test)
{
	struct tok t[3] = { { .seq = 0 }, { .seq = 1 }, { .seq = 2 } };
	LLIST_HEAD(head);
	struct llist_node *n;
	int expect = 2;

	KUNIT_EXPECT_TRUE(test, llist_empty(&head));
	KUNIT_EXPECT_TRUE(test, llist_add(&t[0].node, &head));		/* was empty */
	KUNIT_EXPECT_FALSE(test, llist_add(&t[1].node, &head));
	KUNIT_EXPECT_FALSE(test, __llist_add(&t[2].node, &head));
	llist_for_each(n, head.first) {
		KUNIT_EXPECT_EQ(test, llist_entry(n, struct tok, node)->seq, expect);
		expect--;
	}
	KUNIT_EXPECT_EQ(test, expect, -1);

	n = llist_del_first_init(&head);
	KUNIT_EXPECT_PTR_EQ(test, n, &t[2].node);
	KUNIT_EXPECT_FALSE(test, llist_on_list(n));
	KUNIT_EXPECT_PTR_EQ(test, llist_del_first(&head), &t[1].node);
	KUNIT_EXPECT_PTR_EQ(test, llist_del_all(&head), &t[0].node);
	KUNIT_EXPECT_NULL(test, llist_del_first(&head));
	KUNIT_EXPECT_NULL(test, llist_del_all(&head));
	KUNIT_EXPECT_NULL(test, llist_reverse_order(NULL));

	/* a batch linked beforehand goes on in one step */
	t[0].node.next = &t[1].node;
	KUNIT_EXPECT_TRUE(test, llist_add_batch(&t[0].node, &t[1].node, &head));
	KUNIT_EXPECT_PTR_EQ(test, llist_next(head.first), &t[1].node);
	KUNIT_EXPECT_NULL(test, llist_next(&t[1].node));
}

static struct kunit_case llist_cases[] = {
	KUNIT_CASE(concurrent_adds),
	KUNIT_CASE(order_and_markers),
	{}
};

static struct kunit_suite llist_suite = {
	.name = "kt_llist",
	.test_cases = llist_cases,
};
kunit_test_suite(llist_suite);

MODULE_LICENSE("MIT");
