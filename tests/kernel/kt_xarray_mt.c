// SPDX-License-Identifier: MIT
/*
 * kt_xarray_mt.c - XArray loads and searches under RCU while another
 * thread stores and erases: a writer keeps storing xa_mk_value(i) at
 * index i, or erasing it, over indices that make the tree grow and
 * shrink (0..63, around 4096, around 1 << 30); two readers load random
 * indices and walk the array with xa_for_each.  A reader must only ever
 * see NULL or the value of the index it asked for, and a walk must come
 * in ascending order.  Nodes are freed through call_rcu, so ASan sees a
 * reader touch a freed node and ThreadSanitizer an unpublished one.
 */
#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/module.h>
#include <linux/xarray.h>
#include <pthread.h>
#include <zslab-kernel.h>

#define RUN_MS 600

static DEFINE_XARRAY(xa);
static int stop;
static unsigned long bad, loads, walks;

static unsigned long pick(unsigned long *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	switch (*s % 3) {
	case 0: return *s % 64;
	case 1: return 4000 + *s % 200;
	default: return (1UL << 30) + *s % 100;
	}
}

static void *writer(void *arg)
{
	unsigned long s = 12345;

	(void)arg;
	while (!READ_ONCE(stop)) {
		unsigned long i = pick(&s);

		if (s & 8)
			xa_store(&xa, i, xa_mk_value(i), GFP_KERNEL);
		else
			xa_erase(&xa, i);
	}
	return NULL;
}

static void *reader(void *arg)
{
	unsigned long s = (unsigned long)arg, n = 0, w = 0, wrong = 0;

	while (!READ_ONCE(stop)) {
		unsigned long i = pick(&s), idx, last = 0;
		void *e = xa_load(&xa, i);
		bool first = true;

		if (e && e != xa_mk_value(i))
			wrong++;
		n++;
		if (n % 64)
			continue;
		xa_for_each(&xa, idx, e) {
			if (e != xa_mk_value(idx) || (!first && idx <= last))
				wrong++;
			last = idx;
			first = false;
		}
		w++;
	}
	__atomic_fetch_add(&bad, wrong, __ATOMIC_RELAXED);
	__atomic_fetch_add(&loads, n, __ATOMIC_RELAXED);
	__atomic_fetch_add(&walks, w, __ATOMIC_RELAXED);
	return NULL;
}

static void kt_readers_beside_writer(struct kunit *test)
{
	pthread_t w, r[2];

	KUNIT_ASSERT_EQ(test, pthread_create(&w, NULL, writer, NULL), 0);
	for (int i = 0; i < 2; i++)
		KUNIT_ASSERT_EQ(test, pthread_create(&r[i], NULL, reader, (void *)(77UL + i)), 0);
	msleep(RUN_MS);
	WRITE_ONCE(stop, 1);
	pthread_join(w, NULL);
	for (int i = 0; i < 2; i++)
		pthread_join(r[i], NULL);
	KUNIT_EXPECT_EQ(test, bad, 0);
	KUNIT_EXPECT_GT(test, loads, 1000);
	KUNIT_EXPECT_GT(test, walks, 10);
	KUNIT_EXPECT_EQ(test, zsk_xa_check(&xa), 0);
	xa_destroy(&xa);
}

static struct kunit_case kt_xarray_mt_cases[] = {
	KUNIT_CASE(kt_readers_beside_writer),
	{}
};

static struct kunit_suite kt_xarray_mt_suite = {
	.name = "kt_xarray_mt",
	.test_cases = kt_xarray_mt_cases,
};
kunit_test_suite(kt_xarray_mt_suite);
