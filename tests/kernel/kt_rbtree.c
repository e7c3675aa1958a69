// SPDX-License-Identifier: MIT
/*
 * kt_rbtree.c - a KUnit suite for <linux/rbtree.h>: random insertions
 * and deletions with every red-black invariant checked after each step,
 * the in-order and post-order walks, rb_find/rb_find_first/rb_for_each
 * over duplicate keys, the leftmost cache and rb_replace_node().  Built
 * only from <linux/...> and <kunit/...> headers.
 */
#include <kunit/test.h>
#include <linux/interval_tree.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/random.h>
#include <linux/rbtree.h>
#include <linux/rbtree_augmented.h>
#include <linux/slab.h>

#define NR 600

struct item {
	struct rb_node node;
	u32 key;
	bool in;
};

static bool item_less(struct rb_node *a, const struct rb_node *b)
{
	return rb_entry(a, struct item, node)->key < rb_entry(b, struct item, node)->key;
}

static int key_cmp(const void *key, const struct rb_node *n)
{
	u32 k = *(const u32 *)key, nk = rb_entry(n, struct item, node)->key;

	return k < nk ? -1 : k > nk;
}

static int node_cmp(struct rb_node *a, const struct rb_node *b)
{
	return key_cmp(&rb_entry(a, struct item, node)->key, b);
}

static bool is_black(const struct rb_node *n)
{
	return !n || (n->__rb_parent_color & 1);
}

/* The black height of @n's subtree; -1 after a violation is reported. */
static int check_subtree(struct kunit *test, const struct rb_node *n, const struct rb_node *parent,
			 int *count)
{
	int lh, rh;

	if (!n)
		return 1;
	(*count)++;
	KUNIT_EXPECT_PTR_EQ(test, rb_parent(n), parent);
	if (!is_black(n)) {
		KUNIT_EXPECT_TRUE_MSG(test, is_black(n->rb_left) && is_black(n->rb_right),
				      "a red node with a red child");
	}
	if (n->rb_left)
		KUNIT_EXPECT_FALSE(test, item_less((struct rb_node *)n, n->rb_left));
	if (n->rb_right)
		KUNIT_EXPECT_FALSE(test, item_less(n->rb_right, n));
	lh = check_subtree(test, n->rb_left, n, count);
	rh = check_subtree(test, n->rb_right, n, count);
	if (lh < 0 || rh < 0)
		return -1;
	if (lh != rh) {
		KUNIT_FAIL(test, "black heights differ: %d and %d", lh, rh);
		return -1;
	}
	return lh + is_black(n);
}

static void check_tree(struct kunit *test, struct rb_root *root, int expected)
{
	int count = 0;

	if (root->rb_node)
		KUNIT_EXPECT_TRUE(test, is_black(root->rb_node));
	check_subtree(test, root->rb_node, NULL, &count);
	KUNIT_EXPECT_EQ(test, count, expected);
}

static void random_insert_erase(struct kunit *test)
{
	struct item *items = kunit_kcalloc(test, NR, sizeof(*items), GFP_KERNEL);
	struct rb_root root = RB_ROOT;
	struct rb_node *n;
	int in = 0, i, walked;
	u32 last;

	KUNIT_ASSERT_NOT_NULL(test, items);
	KUNIT_EXPECT_TRUE(test, RB_EMPTY_ROOT(&root));
	KUNIT_EXPECT_NULL(test, rb_first(&root));
	for (i = 0; i < NR; i++) {
		items[i].key = get_random_u32_below(NR / 2);	/* duplicates on purpose */
		RB_CLEAR_NODE(&items[i].node);
		KUNIT_EXPECT_TRUE(test, RB_EMPTY_NODE(&items[i].node));
	}
	for (int round = 0; round < 3 * NR; round++) {
		struct item *it = &items[get_random_u32_below(NR)];

		if (it->in) {
			rb_erase(&it->node, &root);
			RB_CLEAR_NODE(&it->node);
			it->in = false;
			in--;
		} else {
			rb_add(&it->node, &root, item_less);
			it->in = true;
			in++;
		}
		if (round % 37 == 0)
			check_tree(test, &root, in);
	}
	check_tree(test, &root, in);

	/* in order: keys never decrease, and forwards equals backwards */
	walked = 0;
	last = 0;
	for (n = rb_first(&root); n; n = rb_next(n)) {
		KUNIT_EXPECT_GE(test, rb_entry(n, struct item, node)->key, last);
		last = rb_entry(n, struct item, node)->key;
		walked++;
	}
	KUNIT_EXPECT_EQ(test, walked, in);
	for (n = rb_last(&root); n; n = rb_prev(n))
		walked--;
	KUNIT_EXPECT_EQ(test, walked, 0);

	/* post-order: children before their parent, each node once */
	{
		bool *seen = kunit_kcalloc(test, NR, sizeof(*seen), GFP_KERNEL);

		KUNIT_ASSERT_NOT_NULL(test, seen);
		walked = 0;
		for (n = rb_first_postorder(&root); n; n = rb_next_postorder(n)) {
			struct item *it = rb_entry(n, struct item, node);

			if (n->rb_left)
				KUNIT_EXPECT_TRUE(test, seen[rb_entry(n->rb_left, struct item, node) - items]);
			if (n->rb_right)
				KUNIT_EXPECT_TRUE(test, seen[rb_entry(n->rb_right, struct item, node) - items]);
			KUNIT_EXPECT_FALSE(test, seen[it - items]);
			seen[it - items] = true;
			walked++;
		}
		KUNIT_EXPECT_EQ(test, walked, in);
	}

	/* erase everything, in post-order, as a destructor would */
	{
		struct item *pos, *nx;
		int freed = 0;

		rbtree_postorder_for_each_entry_safe(pos, nx, &root, node) {
			pos->in = false;
			freed++;
		}
		KUNIT_EXPECT_EQ(test, freed, in);
	}
}

static void find_duplicates(struct kunit *test)
{
	static struct item items[10];
	struct rb_root root = RB_ROOT;
	struct rb_node *n;
	u32 key = 5;
	int found = 0;

	for (int i = 0; i < 10; i++) {
		items[i].key = i < 4 ? 5 : (u32)i * 10;
		if (i < 4)
			rb_add(&items[i].node, &root, item_less);	/* equal keys: after the others */
		else
			KUNIT_EXPECT_NULL(test, rb_find_add(&items[i].node, &root, node_cmp));
	}
	/* rb_find_add refuses an equal key and returns the one present */
	{
		struct item dup = { .key = 40 };

		KUNIT_EXPECT_PTR_EQ(test, rb_find_add(&dup.node, &root, node_cmp), &items[4].node);
	}
	check_tree(test, &root, 10);
	KUNIT_EXPECT_NULL(test, rb_find(&(u32){ 7 }, &root, key_cmp));
	KUNIT_EXPECT_PTR_EQ(test, rb_find(&(u32){ 90 }, &root, key_cmp), &items[9].node);
	/* rb_find_first gives the first of the equal keys, in insertion order */
	KUNIT_EXPECT_PTR_EQ(test, rb_find_first(&key, &root, key_cmp), &items[0].node);
	rb_for_each(n, &key, &root, key_cmp) {
		KUNIT_EXPECT_PTR_EQ(test, n, &items[found].node);
		found++;
	}
	KUNIT_EXPECT_EQ(test, found, 4);
}

static void cached_and_replace(struct kunit *test)
{
	static struct item items[8], spare;
	struct rb_root_cached root = RB_ROOT_CACHED;
	static const u32 keys[8] = { 50, 30, 70, 20, 40, 60, 80, 10 };

	for (int i = 0; i < 8; i++) {
		struct rb_node *lm;

		items[i].key = keys[i];
		lm = rb_add_cached(&items[i].node, &root, item_less);
		/* a new minimum is returned as the new leftmost */
		KUNIT_EXPECT_PTR_EQ(test, lm, (i == 0 || i == 1 || i == 3 || i == 7) ?
				    &items[i].node : NULL);
	}
	KUNIT_EXPECT_PTR_EQ(test, rb_first_cached(&root), &items[7].node);
	KUNIT_EXPECT_PTR_EQ(test, rb_erase_cached(&items[7].node, &root), &items[3].node);
	KUNIT_EXPECT_PTR_EQ(test, rb_first_cached(&root), &items[3].node);
	KUNIT_EXPECT_NULL(test, rb_erase_cached(&items[2].node, &root));	/* not leftmost */
	check_tree(test, &root.rb_root, 6);

	/* the same key in another node, put in place */
	spare.key = items[0].key;
	rb_replace_node_cached(&items[0].node, &spare.node, &root);
	check_tree(test, &root.rb_root, 6);
	KUNIT_EXPECT_PTR_EQ(test, rb_find(&(u32){ 50 }, &root.rb_root, key_cmp), &spare.node);
	rb_erase_cached(&items[3].node, &root);
	check_tree(test, &root.rb_root, 5);
}

/* An interval tree in miniature: each node's @max is the largest @end below it. */
struct span {
	struct rb_node node;
	u32 start, end, max;
	bool in;
};

#define SPAN_END(s) ((s)->end)
RB_DECLARE_CALLBACKS_MAX(static, span_aug, struct span, node, u32, max, SPAN_END)

/* Every node's max recomputed from scratch; the tree's red-black shape. */
static u32 check_max(struct kunit *test, const struct rb_node *n, int *count)
{
	const struct span *sp;
	u32 m;

	if (!n)
		return 0;
	(*count)++;
	sp = rb_entry(n, struct span, node);
	m = sp->end;
	m = max(m, check_max(test, n->rb_left, count));
	m = max(m, check_max(test, n->rb_right, count));
	KUNIT_EXPECT_EQ(test, sp->max, m);
	return m;
}

static void span_insert(struct span *sp, struct rb_root_cached *root)
{
	struct rb_node **link = &root->rb_root.rb_node, *parent = NULL;
	bool leftmost = true;

	sp->max = sp->end;
	while (*link) {
		struct span *at = rb_entry(*link, struct span, node);

		parent = *link;
		if (at->max < sp->end)   /* the values on the way down, as the kernel's callers do */
			at->max = sp->end;
		if (sp->start < at->start) {
			link = &at->node.rb_left;
		} else {
			link = &at->node.rb_right;
			leftmost = false;
		}
	}
	rb_link_node(&sp->node, parent, link);
	rb_insert_augmented_cached(&sp->node, root, leftmost, &span_aug);
}

/* Random inserts and erases keep every subtree's maximum and the shape. */
static void augmented_max(struct kunit *test)
{
	struct span *sp = kunit_kcalloc(test, NR, sizeof(*sp), GFP_KERNEL);
	struct rb_root_cached root = RB_ROOT_CACHED;
	int live = 0;

	KUNIT_ASSERT_NOT_NULL(test, sp);
	for (int i = 0; i < NR; i++) {
		sp[i].start = get_random_u32_below(10000);
		sp[i].end = sp[i].start + get_random_u32_below(500);
	}
	for (int step = 0; step < 6 * NR; step++) {
		struct span *x = &sp[get_random_u32_below(NR)];
		int count = 0;

		if (x->in)
			rb_erase_augmented_cached(&x->node, &root, &span_aug);
		else
			span_insert(x, &root);
		x->in = !x->in;
		live += x->in ? 1 : -1;
		if (step % 37 && step != 6 * NR - 1)
			continue;
		check_max(test, root.rb_root.rb_node, &count);
		KUNIT_EXPECT_EQ(test, count, live);
		KUNIT_EXPECT_PTR_EQ(test, rb_first_cached(&root), rb_first(&root.rb_root));
		if (root.rb_root.rb_node)
			KUNIT_EXPECT_TRUE(test, rb_is_black(root.rb_root.rb_node));
	}
	for (struct rb_node *n = rb_first(&root.rb_root); n; n = rb_first(&root.rb_root)) {
		rb_erase_augmented_cached(n, &root, &span_aug);
		rb_entry(n, struct span, node)->in = false;
	}
	KUNIT_EXPECT_TRUE(test, RB_EMPTY_ROOT(&root.rb_root));
}

/* interval_tree_iter_first/next find exactly the overlapping intervals, in start order. */
static void interval_queries(struct kunit *test)
{
	struct interval_tree_node *it = kunit_kcalloc(test, NR, sizeof(*it), GFP_KERNEL);
	bool *in = kunit_kcalloc(test, NR, sizeof(*in), GFP_KERNEL);
	struct rb_root_cached root = RB_ROOT_CACHED;

	KUNIT_ASSERT_NOT_NULL(test, it);
	KUNIT_ASSERT_NOT_NULL(test, in);
	for (int i = 0; i < NR; i++) {
		it[i].start = get_random_u32_below(100000);
		it[i].last = it[i].start + (i % 7 ? get_random_u32_below(300) : get_random_u32_below(20000));
	}
	for (int round = 0; round < 4 * NR; round++) {
		int i = (int)get_random_u32_below(NR);
		unsigned long qs = get_random_u32_below(101000), ql = qs + get_random_u32_below(2000);
		unsigned long prev_start = 0;
		int want = 0, got = 0;

		if (in[i])
			interval_tree_remove(&it[i], &root);
		else
			interval_tree_insert(&it[i], &root);
		in[i] = !in[i];
		for (int k = 0; k < NR; k++)
			want += in[k] && it[k].start <= ql && it[k].last >= qs;
		for (struct interval_tree_node *n = interval_tree_iter_first(&root, qs, ql); n;
		     n = interval_tree_iter_next(n, qs, ql)) {
			KUNIT_EXPECT_TRUE(test, n->start <= ql && n->last >= qs);
			KUNIT_EXPECT_GE(test, n->start, prev_start);
			KUNIT_EXPECT_TRUE(test, in[n - it]);
			prev_start = n->start;
			got++;
		}
		KUNIT_EXPECT_EQ(test, got, want);
	}
	for (int i = 0; i < NR; i++)
		if (in[i])
			interval_tree_remove(&it[i], &root);
	KUNIT_EXPECT_TRUE(test, RB_EMPTY_ROOT(&root.rb_root));
	KUNIT_EXPECT_NULL(test, interval_tree_iter_first(&root, 0, ~0UL));
}

static struct kunit_case rbtree_cases[] = {
	KUNIT_CASE(random_insert_erase),
	KUNIT_CASE(find_duplicates),
	KUNIT_CASE(cached_and_replace),
	KUNIT_CASE(augmented_max),
	KUNIT_CASE(interval_queries),
	{}
};

static struct kunit_suite rbtree_suite = {
	.name = "kt_rbtree",
	.test_cases = rbtree_cases,
};
kunit_test_suite(rbtree_suite);

MODULE_LICENSE("MIT");
