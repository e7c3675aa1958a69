// SPDX-License-Identifier: MIT
/*
 * kt_kfifo.c - a KUnit suite for <linux/kfifo.h>: wrap-around of the
 * free-running positions, a fifo of structures (esize > 1), kfifo_alloc
 * rounding up and kfifo_init rounding down, full and empty refusals, the
 * record fifos (1- and 2-byte lengths, a record cut by a short buffer,
 * skip), and the spinlocked forms.  Built only from <linux/...> and
 * <kunit/...> headers.
 */
#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/kfifo.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct sample {
	u32 id;
	u16 value;
};

static void wrap_and_structs(struct kunit *test)
{
	DEFINE_KFIFO(f, struct sample, 8);
	struct sample s, out[8];
	unsigned int i, n;

	KUNIT_EXPECT_EQ(test, kfifo_size(&f), 8U);
	KUNIT_EXPECT_EQ(test, kfifo_esize(&f), (unsigned int)sizeof(struct sample));
	/* run the positions round the ring many times */
	for (i = 0; i < 1000; i++) {
		s = (struct sample){ .id = i, .value = (u16)(i * 3) };
		KUNIT_ASSERT_EQ(test, kfifo_put(&f, s), 1U);
		if (kfifo_len(&f) == 5) {
			n = kfifo_out(&f, out, 3);
			KUNIT_ASSERT_EQ(test, n, 3U);
			KUNIT_EXPECT_EQ(test, out[2].id, out[0].id + 2);
			KUNIT_EXPECT_EQ(test, out[1].value, (u16)(out[1].id * 3));
		}
	}
	while (kfifo_put(&f, s))
		;
	KUNIT_EXPECT_TRUE(test, kfifo_is_full(&f));
	KUNIT_EXPECT_EQ(test, kfifo_avail(&f), 0U);
	KUNIT_EXPECT_EQ(test, kfifo_len(&f), 8U);
	kfifo_skip(&f);
	KUNIT_EXPECT_EQ(test, kfifo_len(&f), 7U);
	n = kfifo_out_peek(&f, out, 8);
	KUNIT_EXPECT_EQ(test, n, 7U);
	KUNIT_EXPECT_EQ(test, kfifo_len(&f), 7U);
	kfifo_reset_out(&f);
	KUNIT_EXPECT_TRUE(test, kfifo_is_empty(&f));
	KUNIT_EXPECT_EQ(test, kfifo_get(&f, &s), 0U);
}

static void alloc_and_init(struct kunit *test)
{
	struct kfifo bytes;
	DECLARE_KFIFO_PTR(ints, int);
	static unsigned char given[100], more[100];
	int v = 0;

	KUNIT_ASSERT_EQ(test, kfifo_alloc(&ints, 100, GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, kfifo_size(&ints), 128U);	/* rounded up */
	KUNIT_EXPECT_EQ(test, kfifo_in(&ints, ((int[]){ 7, 8, 9 }), 3), 3U);
	KUNIT_EXPECT_EQ(test, kfifo_get(&ints, &v), 1U);
	KUNIT_EXPECT_EQ(test, v, 7);
	kfifo_free(&ints);
	KUNIT_EXPECT_FALSE(test, kfifo_initialized(&ints));
	KUNIT_EXPECT_EQ(test, kfifo_alloc(&ints, 1, GFP_KERNEL), -EINVAL);

	KUNIT_ASSERT_EQ(test, kfifo_init(&bytes, given, sizeof(given)), 0);
	KUNIT_EXPECT_EQ(test, kfifo_size(&bytes), 64U);	/* rounded down */
	KUNIT_EXPECT_EQ(test, kfifo_in(&bytes, "0123456789", 10), 10U);
	KUNIT_EXPECT_EQ(test, kfifo_avail(&bytes), 54U);
	KUNIT_EXPECT_EQ(test, kfifo_peek_len(&bytes), 10U);
	KUNIT_EXPECT_EQ(test, kfifo_in(&bytes, more, 100), 54U);	/* what fits */
}

static void records(struct kunit *test)
{
	STRUCT_KFIFO_REC_1(32) r1;
	struct kfifo_rec_ptr_2 r2;
	char buf[64];
	unsigned int n;

	INIT_KFIFO(r1);
	KUNIT_EXPECT_EQ(test, kfifo_recsize(&r1), (size_t)1);
	KUNIT_EXPECT_EQ(test, kfifo_in(&r1, "hello", 5), 5U);
	KUNIT_EXPECT_EQ(test, kfifo_in(&r1, "kernel", 6), 6U);
	KUNIT_EXPECT_EQ(test, kfifo_len(&r1), 13U);	/* 5 + 6 bytes, two lengths */
	KUNIT_EXPECT_EQ(test, kfifo_peek_len(&r1), 5U);
	/* room for 32 - 13 - 1 bytes of a next record */
	KUNIT_EXPECT_EQ(test, kfifo_avail(&r1), 18U);
	KUNIT_EXPECT_EQ(test, kfifo_in(&r1, buf, 19), 0U);	/* a record fits whole or not at all */

	/* a short buffer cuts the record, which is taken whole all the same */
	n = kfifo_out(&r1, buf, 3);
	KUNIT_EXPECT_EQ(test, n, 3U);
	KUNIT_EXPECT_EQ(test, memcmp(buf, "hel", 3), 0);
	n = kfifo_out_peek(&r1, buf, sizeof(buf));
	KUNIT_EXPECT_EQ(test, n, 6U);
	KUNIT_EXPECT_EQ(test, memcmp(buf, "kernel", 6), 0);
	kfifo_skip(&r1);
	KUNIT_EXPECT_TRUE(test, kfifo_is_empty(&r1));
	KUNIT_EXPECT_EQ(test, kfifo_out(&r1, buf, sizeof(buf)), 0U);

	/* two-byte lengths: a record longer than 255 */
	KUNIT_ASSERT_EQ(test, kfifo_alloc(&r2, 1024, GFP_KERNEL), 0);
	{
		char *big = kunit_kmalloc(test, 300, GFP_KERNEL);
		char *back = kunit_kzalloc(test, 300, GFP_KERNEL);

		KUNIT_ASSERT_NOT_NULL(test, big);
		KUNIT_ASSERT_NOT_NULL(test, back);
		for (int i = 0; i < 300; i++)
			big[i] = (char)i;
		KUNIT_EXPECT_EQ(test, kfifo_in(&r2, big, 300), 300U);
		KUNIT_EXPECT_EQ(test, kfifo_peek_len(&r2), 300U);
		KUNIT_EXPECT_EQ(test, kfifo_out(&r2, back, 300), 300U);
		KUNIT_EXPECT_EQ(test, memcmp(big, back, 300), 0);
	}
	kfifo_free(&r2);
}

static void locked_forms(struct kunit *test)
{
	DEFINE_KFIFO(f, u16, 16);
	DEFINE_SPINLOCK(lock);
	u16 in[4] = { 1, 2, 3, 4 }, out[4] = { 0 };

	KUNIT_EXPECT_TRUE(test, kfifo_is_empty_spinlocked(&f, &lock));
	KUNIT_EXPECT_EQ(test, kfifo_in_spinlocked(&f, in, 4, &lock), 4U);
	KUNIT_EXPECT_EQ(test, kfifo_out_spinlocked(&f, out, 4, &lock), 4U);
	KUNIT_EXPECT_EQ(test, out[3], 4);
	KUNIT_EXPECT_EQ(test, kfifo_in_spinlocked_noirqsave(&f, in, 2, &lock), 2U);
	KUNIT_EXPECT_EQ(test, kfifo_out_spinlocked_noirqsave(&f, out, 4, &lock), 2U);
}

static struct kunit_case kfifo_cases[] = {
	KUNIT_CASE(wrap_and_structs),
	KUNIT_CASE(alloc_and_init),
	KUNIT_CASE(records),
	KUNIT_CASE(locked_forms),
	{}
};

static struct kunit_suite kfifo_suite = {
	.name = "kt_kfifo",
	.test_cases = kfifo_cases,
};
kunit_test_suite(kfifo_suite);

MODULE_LICENSE("MIT");
