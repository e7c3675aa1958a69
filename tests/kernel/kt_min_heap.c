// SPDX-License-Identifier: MIT
/*
 * kt_min_heap.c - a KUnit suite for <linux/min_heap.h>: a typed heap with
 * preallocated storage, a custom swap counting its calls, deletion from
 * the middle, a full and an empty heap (which WARN and refuse), and a
 * heap sort checked against sort().  Built only from <linux/...> and
 * <kunit/...> headers.
 */
#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/min_heap.h>
#include <linux/module.h>
#include <linux/random.h>
#include <linux/sort.h>

struct job {
	u64 deadline;
	int id;
};

MIN_HEAP_PREALLOCATED(struct job, job_heap, 16);

static bool earlier(const void *a, const void *b, void *args)
{
	(void)args;
	return ((const struct job *)a)->deadline < ((const struct job *)b)->deadline;
}

static void swap_job(void *a, void *b, void *args)
{
	struct job t = *(struct job *)a;

	*(struct job *)a = *(struct job *)b;
	*(struct job *)b = t;
	(*(int *)args)++;
}

static int cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

static void preallocated_heap(struct kunit *test)
{
	static const struct min_heap_callbacks cb = { .less = earlier, .swp = swap_job };
	struct job_heap h;
	struct job j, *top;
	u64 sorted[16];
	int swaps = 0, i;

	min_heap_init(&h, NULL, ARRAY_SIZE(h.preallocated));
	KUNIT_EXPECT_PTR_EQ(test, h.data, &h.preallocated[0]);
	KUNIT_EXPECT_NULL(test, min_heap_peek(&h));
	for (i = 0; i < 16; i++) {
		j.deadline = get_random_u32_below(1000);
		j.id = i;
		sorted[i] = j.deadline;
		KUNIT_EXPECT_TRUE(test, min_heap_push(&h, &j, &cb, &swaps));
	}
	KUNIT_EXPECT_TRUE(test, min_heap_full(&h));
	/* a full heap refuses (and WARNs), keeping its elements */
	KUNIT_EXPECT_FALSE(test, min_heap_push(&h, &j, &cb, &swaps));
	KUNIT_EXPECT_EQ(test, h.nr, (size_t)16);

	sort(sorted, 16, sizeof(sorted[0]), cmp_u64, NULL);
	for (i = 0; i < 16; i++) {
		top = min_heap_peek(&h);
		KUNIT_ASSERT_NOT_NULL(test, top);
		KUNIT_EXPECT_EQ(test, top->deadline, sorted[i]);
		KUNIT_EXPECT_TRUE(test, min_heap_pop(&h, &cb, &swaps));
	}
	KUNIT_EXPECT_EQ(test, h.nr, (size_t)0);
	KUNIT_EXPECT_FALSE(test, min_heap_pop(&h, &cb, &swaps));
	KUNIT_EXPECT_GT(test, swaps, 0);	/* the custom swap was used */
}

DEFINE_MIN_HEAP(int, int_heap);

static bool int_less(const void *a, const void *b, void *args)
{
	(void)args;
	return *(const int *)a < *(const int *)b;
}

static void delete_and_sift(struct kunit *test)
{
	static const struct min_heap_callbacks cb = { .less = int_less };
	int storage[10] = { 9, 4, 7, 1, 8, 2, 6, 0, 5, 3 };
	struct int_heap h;
	size_t i;
	int last = -1;

	min_heap_init_inline(&h, storage, ARRAY_SIZE(storage));
	h.nr = ARRAY_SIZE(storage);
	min_heapify_all(&h, &cb, NULL);
	for (i = 1; i < h.nr; i++)
		KUNIT_EXPECT_FALSE(test, int_less(&h.data[i], &h.data[(i - 1) / 2], NULL));
	KUNIT_EXPECT_EQ(test, *min_heap_peek(&h), 0);

	/* delete whatever sits at index 4 and the last one */
	KUNIT_EXPECT_TRUE(test, min_heap_del(&h, 4, &cb, NULL));
	KUNIT_EXPECT_TRUE(test, min_heap_del(&h, h.nr - 1, &cb, NULL));
	KUNIT_EXPECT_EQ(test, h.nr, (size_t)8);
	for (i = 1; i < h.nr; i++)
		KUNIT_EXPECT_FALSE(test, int_less(&h.data[i], &h.data[(i - 1) / 2], NULL));

	/* lower an element in place, then sift it up */
	h.data[h.nr - 1] = -10;
	min_heap_sift_up(&h, h.nr - 1, &cb, NULL);
	KUNIT_EXPECT_EQ(test, h.data[0], -10);
	/* raise the root in place, then sift it down */
	h.data[0] = 100;
	min_heap_sift_down(&h, 0, &cb, NULL);
	while (h.nr) {
		KUNIT_EXPECT_LE(test, last, h.data[0]);
		last = h.data[0];
		min_heap_pop(&h, &cb, NULL);
	}
	KUNIT_EXPECT_EQ(test, last, 100);
}

static struct kunit_case min_heap_cases[] = {
	KUNIT_CASE(preallocated_heap),
	KUNIT_CASE(delete_and_sift),
	{}
};

static struct kunit_suite min_heap_suite = {
	.name = "kt_min_heap",
	.test_cases = min_heap_cases,
};
kunit_test_suite(min_heap_suite);

MODULE_LICENSE("MIT");
