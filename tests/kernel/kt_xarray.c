// SPDX-License-Identifier: MIT
/*
 * kt_xarray.c - the XArray, IDR and IDA (kernel/lib/xarray.c, idr.c) as
 * kernel code uses them, each case ending with the tree's invariants
 * checked (zsk_xa_check):
 *  - store/load/erase at indices across every height up to ULONG_MAX,
 *    values and tagged pointers, internal entries refused (-EINVAL, WARN);
 *  - insert (-EBUSY), cmpxchg, reserve and release: a reserved slot loads
 *    as NULL and iteration skips it;
 *  - marks: set on entries only, found in order by xa_for_each_marked,
 *    cleared by erase, XA_MARK_0 refused in ALLOC arrays;
 *  - xa_alloc: lowest free, limits (-EBUSY), ALLOC1 from 1, cyclic with
 *    the wrap reported, refused (-EINVAL) without XA_FLAGS_ALLOC;
 *  - 20,000 random stores and erases, and 20,000 random allocs and
 *    erases, against a shadow model, iteration order included;
 *  - node allocation failing at each of the six a store needs (fail-nth,
 *    failslab on the command line): -ENOMEM and the array as before;
 *  - IDR: ranges, base, cyclic, replace (-ENOENT), for_each, NULL IDs;
 *  - IDA: lowest free, limits, find_first, the "not allocated" WARN.
 * The runner's leak check at exit proves every node was freed.
 */
#include <kunit/test.h>
#include <linux/err.h>
#include <linux/idr.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/xarray.h>
#include <zslab-kernel.h>
#include <zslab/zslab.h>

static u64 rnd_state = 0x9e3779b97f4a7c15ULL;

static u64 rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

#define P(i) ((void *)(((unsigned long)(i) << 3) | 4))   /* a distinct aligned pointer */

static void kt_store_load_erase(struct kunit *test)
{
	static const unsigned long idx[] = { 0, 1, 63, 64, 4095, 4096, 262144, 1UL << 40,
					     ULONG_MAX - 1, ULONG_MAX };
	DEFINE_XARRAY(xa);
	unsigned long warns, i;
	unsigned int k;
	void *e;

	for (k = 0; k < ARRAY_SIZE(idx); k++) {
		KUNIT_EXPECT_NULL(test, xa_store(&xa, idx[k], P(k), GFP_KERNEL));
		KUNIT_EXPECT_EQ(test, zsk_xa_check(&xa), 0);
	}
	for (k = 0; k < ARRAY_SIZE(idx); k++)
		KUNIT_EXPECT_PTR_EQ(test, xa_load(&xa, idx[k]), P(k));
	KUNIT_EXPECT_NULL(test, xa_load(&xa, 2));
	KUNIT_EXPECT_NULL(test, xa_load(&xa, 1UL << 41));
	KUNIT_EXPECT_PTR_EQ(test, xa_store(&xa, 64, xa_mk_value(7), GFP_KERNEL), P(3));
	KUNIT_EXPECT_TRUE(test, xa_is_value(xa_load(&xa, 64)));
	KUNIT_EXPECT_EQ(test, xa_to_value(xa_load(&xa, 64)), 7);
	KUNIT_EXPECT_PTR_EQ(test, xa_store(&xa, 64, P(3), GFP_KERNEL), xa_mk_value(7));
	e = xa_tag_pointer(P(100), 1);
	xa_store(&xa, 5, e, GFP_KERNEL);
	KUNIT_EXPECT_PTR_EQ(test, xa_untag_pointer(xa_load(&xa, 5)), P(100));
	KUNIT_EXPECT_EQ(test, xa_pointer_tag(xa_load(&xa, 5)), 1);
	KUNIT_EXPECT_PTR_EQ(test, xa_erase(&xa, 5), e);

	k = 0;
	xa_for_each(&xa, i, e) {
		KUNIT_EXPECT_EQ(test, i, idx[k]);
		KUNIT_EXPECT_PTR_EQ(test, e, P(k));
		k++;
	}
	KUNIT_EXPECT_EQ(test, k, ARRAY_SIZE(idx));
	k = 0;
	xa_for_each_range(&xa, i, e, 64, 262144)
		k++;
	KUNIT_EXPECT_EQ(test, k, 4);

	warns = zsk_warnings();
	e = xa_store(&xa, 9, xa_mk_internal(3), GFP_KERNEL);
	KUNIT_EXPECT_TRUE(test, xa_is_err(e));
	KUNIT_EXPECT_EQ(test, xa_err(e), -EINVAL);
	KUNIT_EXPECT_EQ(test, zsk_warnings(), warns + 1);
	KUNIT_EXPECT_EQ(test, xa_err(xa_store(&xa, 9, P(9), GFP_KERNEL)), 0);
	KUNIT_EXPECT_EQ(test, xa_err(P(9)), 0);

	for (k = 0; k < ARRAY_SIZE(idx); k++) {
		KUNIT_EXPECT_PTR_EQ(test, xa_erase(&xa, idx[k]), P(k));
		KUNIT_EXPECT_EQ(test, zsk_xa_check(&xa), 0);
	}
	KUNIT_EXPECT_PTR_EQ(test, xa_erase(&xa, 9), P(9));
	KUNIT_EXPECT_NULL(test, xa_erase(&xa, 9));
	KUNIT_EXPECT_TRUE(test, xa_empty(&xa));
}

static void kt_insert_cmpxchg_reserve(struct kunit *test)
{
	DEFINE_XARRAY(xa);
	unsigned long i;
	void *e;
	int n = 0;

	KUNIT_EXPECT_EQ(test, xa_insert(&xa, 10, P(1), GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, xa_insert(&xa, 10, P(2), GFP_KERNEL), -EBUSY);
	KUNIT_EXPECT_PTR_EQ(test, xa_cmpxchg(&xa, 10, P(2), P(3), GFP_KERNEL), P(1));
	KUNIT_EXPECT_PTR_EQ(test, xa_load(&xa, 10), P(1));
	KUNIT_EXPECT_PTR_EQ(test, xa_cmpxchg(&xa, 10, P(1), P(3), GFP_KERNEL), P(1));
	KUNIT_EXPECT_PTR_EQ(test, xa_load(&xa, 10), P(3));
	KUNIT_EXPECT_NULL(test, xa_cmpxchg(&xa, 11, NULL, P(4), GFP_KERNEL));
	KUNIT_EXPECT_PTR_EQ(test, xa_load(&xa, 11), P(4));

	KUNIT_EXPECT_EQ(test, xa_reserve(&xa, 12, GFP_KERNEL), 0);
	KUNIT_EXPECT_NULL(test, xa_load(&xa, 12));
	KUNIT_EXPECT_FALSE(test, xa_empty(&xa));
	KUNIT_EXPECT_EQ(test, xa_insert(&xa, 12, P(5), GFP_KERNEL), -EBUSY);
	xa_for_each(&xa, i, e)
		n++;
	KUNIT_EXPECT_EQ(test, n, 2);
	xa_release(&xa, 12);
	KUNIT_EXPECT_EQ(test, xa_insert(&xa, 12, P(5), GFP_KERNEL), 0);
	xa_release(&xa, 12);                        /* stored since: kept */
	KUNIT_EXPECT_PTR_EQ(test, xa_load(&xa, 12), P(5));
	KUNIT_EXPECT_EQ(test, xa_reserve(&xa, 12, GFP_KERNEL), 0);   /* occupied: nothing */
	KUNIT_EXPECT_PTR_EQ(test, xa_load(&xa, 12), P(5));
	KUNIT_EXPECT_EQ(test, zsk_xa_check(&xa), 0);
	xa_destroy(&xa);
	KUNIT_EXPECT_TRUE(test, xa_empty(&xa));
}

static void kt_marks(struct kunit *test)
{
	DEFINE_XARRAY(xa);
	DEFINE_XARRAY_ALLOC(xal);
	unsigned long i, warns;
	void *e, *got[8];
	int n = 0;

	for (i = 0; i < 5000; i += 7)
		xa_store(&xa, i, P(i), GFP_KERNEL);
	xa_set_mark(&xa, 3, XA_MARK_1);            /* no entry: nothing */
	KUNIT_EXPECT_FALSE(test, xa_marked(&xa, XA_MARK_1));
	for (i = 0; i < 5000; i += 7 * 11)
		xa_set_mark(&xa, i, XA_MARK_1);
	xa_set_mark(&xa, 4991, XA_MARK_2);
	KUNIT_EXPECT_TRUE(test, xa_marked(&xa, XA_MARK_1));
	KUNIT_EXPECT_TRUE(test, xa_get_mark(&xa, 77, XA_MARK_1));
	KUNIT_EXPECT_FALSE(test, xa_get_mark(&xa, 70, XA_MARK_1));
	KUNIT_EXPECT_EQ(test, zsk_xa_check(&xa), 0);
	xa_for_each_marked(&xa, i, e, XA_MARK_1) {
		KUNIT_EXPECT_EQ(test, i, (unsigned long)n * 77);
		KUNIT_EXPECT_PTR_EQ(test, e, P(i));
		n++;
	}
	KUNIT_EXPECT_EQ(test, n, (4999 / 77) + 1);
	KUNIT_EXPECT_EQ(test, xa_extract(&xa, got, 100, 1000, 8, XA_MARK_1), 8);
	KUNIT_EXPECT_PTR_EQ(test, got[0], P(154));
	KUNIT_EXPECT_PTR_EQ(test, got[7], P(693));
	xa_erase(&xa, 4991);
	KUNIT_EXPECT_FALSE(test, xa_marked(&xa, XA_MARK_2));
	xa_clear_mark(&xa, 0, XA_MARK_1);
	i = 0;
	KUNIT_EXPECT_PTR_EQ(test, xa_find(&xa, &i, ULONG_MAX, XA_MARK_1), P(77));
	KUNIT_EXPECT_EQ(test, i, 77);
	KUNIT_EXPECT_PTR_EQ(test, xa_find_after(&xa, &i, ULONG_MAX, XA_MARK_1), P(154));
	KUNIT_EXPECT_EQ(test, zsk_xa_check(&xa), 0);

	warns = zsk_warnings();
	xa_set_mark(&xa, 77, (xa_mark_t)3);
	xa_alloc(&xal, (u32 *)&n, P(1), xa_limit_32b, GFP_KERNEL);
	xa_set_mark(&xal, 0, XA_MARK_0);
	KUNIT_EXPECT_EQ(test, zsk_warnings(), warns + 2);
	KUNIT_EXPECT_EQ(test, zsk_xa_check(&xal), 0);
	xa_destroy(&xa);
	xa_destroy(&xal);
}

static void kt_alloc(struct kunit *test)
{
	DEFINE_XARRAY_ALLOC(xa);
	DEFINE_XARRAY_ALLOC1(xa1);
	DEFINE_XARRAY(plain);
	u32 id, next = 0;
	unsigned long warns;

	for (u32 k = 0; k < 300; k++) {
		KUNIT_ASSERT_EQ(test, xa_alloc(&xa, &id, P(k), xa_limit_32b, GFP_KERNEL), 0);
		KUNIT_EXPECT_EQ(test, id, k);
	}
	xa_erase(&xa, 70);
	xa_erase(&xa, 64);
	KUNIT_EXPECT_EQ(test, zsk_xa_check(&xa), 0);
	KUNIT_EXPECT_EQ(test, xa_alloc(&xa, &id, NULL, xa_limit_32b, GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, id, 64);              /* NULL reserves it */
	KUNIT_EXPECT_NULL(test, xa_load(&xa, 64));
	KUNIT_EXPECT_EQ(test, xa_alloc(&xa, &id, P(1), XA_LIMIT(65, 69), GFP_KERNEL), -EBUSY);
	KUNIT_EXPECT_EQ(test, xa_alloc(&xa, &id, P(1), XA_LIMIT(65, 1000), GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, id, 70);
	KUNIT_EXPECT_EQ(test, xa_alloc(&xa, &id, P(1), XA_LIMIT(1000000, 1000000), GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, id, 1000000);
	KUNIT_EXPECT_EQ(test, zsk_xa_check(&xa), 0);

	KUNIT_EXPECT_EQ(test, xa_alloc(&xa1, &id, P(1), xa_limit_32b, GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, id, 1);

	/* cyclic in [10, 12]: 10 11 12, then wraps to the lowest free */
	for (u32 k = 10; k <= 12; k++) {
		KUNIT_EXPECT_EQ(test, xa_alloc_cyclic(&xa1, &id, P(k), XA_LIMIT(10, 12), &next,
						      GFP_KERNEL), 0);
		KUNIT_EXPECT_EQ(test, id, k);
	}
	xa_erase(&xa1, 11);
	KUNIT_EXPECT_EQ(test, xa_alloc_cyclic(&xa1, &id, P(11), XA_LIMIT(10, 12), &next,
					      GFP_KERNEL), 1);
	KUNIT_EXPECT_EQ(test, id, 11);
	KUNIT_EXPECT_EQ(test, next, 12);
	KUNIT_EXPECT_EQ(test, xa_alloc_cyclic(&xa1, &id, P(1), XA_LIMIT(10, 12), &next,
					      GFP_KERNEL), -EBUSY);

	warns = zsk_warnings();
	KUNIT_EXPECT_EQ(test, xa_alloc(&plain, &id, P(1), xa_limit_32b, GFP_KERNEL), -EINVAL);
	KUNIT_EXPECT_EQ(test, zsk_warnings(), warns + 1);
	xa_destroy(&xa);
	xa_destroy(&xa1);
}

#define MODEL 20000

/* A shadow: index -> pointer, sorted for the iteration check. */
struct pair {
	unsigned long i;
	void *p;
};

static struct pair model[MODEL];
static unsigned int nmodel;

static int model_find(unsigned long i)
{
	for (unsigned int k = 0; k < nmodel; k++)
		if (model[k].i == i)
			return (int)k;
	return -1;
}

static int pair_cmp(const void *a, const void *b)
{
	unsigned long x = ((const struct pair *)a)->i, y = ((const struct pair *)b)->i;

	return x < y ? -1 : x > y;
}

static unsigned long random_index(void)
{
	switch (rnd() % 4) {
	case 0: return rnd() % 64;
	case 1: return rnd() % 100000;
	case 2: return rnd() % (1UL << 30);
	default: return rnd();
	}
}

static void kt_random_model(struct kunit *test)
{
	DEFINE_XARRAY(xa);
	unsigned long i;
	unsigned int k;
	void *e;

	nmodel = 0;
	for (int op = 0; op < MODEL; op++) {
		unsigned long idx = (nmodel && rnd() % 3 == 0) ? model[rnd() % nmodel].i :
								 random_index();
		int at = model_find(idx);

		if (rnd() % 2 && nmodel < MODEL - 1) {
			void *p = P(op);

			KUNIT_ASSERT_PTR_EQ(test, xa_store(&xa, idx, p, GFP_KERNEL),
					    at >= 0 ? model[at].p : NULL);
			if (at >= 0)
				model[at].p = p;
			else
				model[nmodel++] = (struct pair){ idx, p };
		} else {
			KUNIT_ASSERT_PTR_EQ(test, xa_erase(&xa, idx), at >= 0 ? model[at].p : NULL);
			if (at >= 0)
				model[at] = model[--nmodel];
		}
		if (op % 2000 == 0)
			KUNIT_ASSERT_EQ(test, zsk_xa_check(&xa), 0);
	}
	sort(model, nmodel, sizeof(model[0]), pair_cmp, NULL);
	k = 0;
	xa_for_each(&xa, i, e) {
		KUNIT_ASSERT_LT(test, k, nmodel);
		KUNIT_EXPECT_EQ(test, i, model[k].i);
		KUNIT_EXPECT_PTR_EQ(test, e, model[k].p);
		k++;
	}
	KUNIT_EXPECT_EQ(test, k, nmodel);
	KUNIT_EXPECT_EQ(test, zsk_xa_check(&xa), 0);
	xa_destroy(&xa);
}

static void kt_random_alloc(struct kunit *test)
{
	static bool used[4096];
	DEFINE_XARRAY_ALLOC(xa);
	u32 id;

	memset(used, 0, sizeof(used));
	for (int op = 0; op < MODEL; op++) {
		u32 victim = (u32)(rnd() % 4096);

		if (rnd() % 3) {
			u32 lowest = 0;

			while (lowest < 4096 && used[lowest])
				lowest++;
			if (xa_alloc(&xa, &id, P(op), XA_LIMIT(0, 4095), GFP_KERNEL)) {
				KUNIT_ASSERT_EQ(test, lowest, 4096);
				continue;
			}
			KUNIT_ASSERT_EQ(test, id, lowest);
			used[id] = true;
		} else {
			KUNIT_ASSERT_EQ(test, xa_erase(&xa, victim) != NULL, used[victim]);
			used[victim] = false;
		}
		if (op % 2000 == 0)
			KUNIT_ASSERT_EQ(test, zsk_xa_check(&xa), 0);
	}
	KUNIT_EXPECT_EQ(test, zsk_xa_check(&xa), 0);
	xa_destroy(&xa);
}

/*
 * A store at 1 << 20 into an array holding only index 1 needs six nodes
 * (three roots above the leaf, three below the new top): the n-th
 * allocation fails (failslab is on the command line, with probability 0).
 */
static void kt_nomem(struct kunit *test)
{
	DEFINE_XARRAY(xa);
	unsigned long i;
	void *e;
	int n;

	xa_store(&xa, 1, P(1), GFP_KERNEL);
	for (unsigned int nth = 1; nth <= 6; nth++) {
		zslab_fail_nth_set(nth);
		e = xa_store(&xa, 1UL << 20, P(2), GFP_KERNEL);
		KUNIT_EXPECT_EQ(test, zslab_fail_nth_get(), 0);
		zslab_fail_nth_set(0);
		KUNIT_EXPECT_EQ(test, xa_err(e), -ENOMEM);
		KUNIT_EXPECT_NULL(test, xa_load(&xa, 1UL << 20));
		KUNIT_EXPECT_EQ(test, zsk_xa_check(&xa), 0);
		n = 0;
		xa_for_each(&xa, i, e)
			n++;
		KUNIT_EXPECT_EQ(test, n, 1);
	}
	zslab_fail_nth_set(7);
	KUNIT_EXPECT_NULL(test, xa_store(&xa, 1UL << 20, P(2), GFP_KERNEL));
	KUNIT_EXPECT_EQ(test, zslab_fail_nth_get(), 1);   /* six were asked for */
	zslab_fail_nth_set(0);
	KUNIT_EXPECT_PTR_EQ(test, xa_load(&xa, 1UL << 20), P(2));
	KUNIT_EXPECT_EQ(test, zsk_xa_check(&xa), 0);
	xa_destroy(&xa);
}

static int count_fn(int id, void *p, void *data)
{
	(void)p;
	*(int *)data += id;
	return id == 7 ? 99 : 0;
}

static void kt_idr(struct kunit *test)
{
	DEFINE_IDR(idr);
	struct idr based;
	void *e;
	int id, sum = 0;

	KUNIT_EXPECT_TRUE(test, idr_is_empty(&idr));
	KUNIT_EXPECT_EQ(test, idr_alloc(&idr, P(1), 0, 0, GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, idr_alloc(&idr, P(2), 5, 10, GFP_KERNEL), 5);
	KUNIT_EXPECT_EQ(test, idr_alloc(&idr, NULL, 5, 10, GFP_KERNEL), 6);
	KUNIT_EXPECT_EQ(test, idr_alloc(&idr, P(3), 6, 7, GFP_KERNEL), -ENOSPC);
	KUNIT_EXPECT_EQ(test, idr_alloc(&idr, P(3), -1, 7, GFP_KERNEL), -EINVAL);
	KUNIT_EXPECT_EQ(test, idr_alloc(&idr, P(7), 7, 8, GFP_KERNEL), 7);
	KUNIT_EXPECT_PTR_EQ(test, idr_find(&idr, 5), P(2));
	KUNIT_EXPECT_NULL(test, idr_find(&idr, 6));
	KUNIT_EXPECT_PTR_EQ(test, idr_replace(&idr, P(6), 6), NULL);
	KUNIT_EXPECT_PTR_EQ(test, idr_find(&idr, 6), P(6));
	KUNIT_EXPECT_EQ(test, PTR_ERR(idr_replace(&idr, P(6), 100)), -ENOENT);
	KUNIT_EXPECT_EQ(test, idr_for_each(&idr, count_fn, &sum), 99);
	KUNIT_EXPECT_EQ(test, sum, 0 + 5 + 6 + 7);
	sum = 0;
	idr_for_each_entry(&idr, e, id)
		sum += id;
	KUNIT_EXPECT_EQ(test, sum, 18);
	id = 6;
	KUNIT_EXPECT_PTR_EQ(test, idr_get_next(&idr, &id), P(6));
	id = 8;
	KUNIT_EXPECT_NULL(test, idr_get_next(&idr, &id));
	KUNIT_EXPECT_PTR_EQ(test, idr_remove(&idr, 5), P(2));
	KUNIT_EXPECT_EQ(test, idr_alloc(&idr, P(5), 0, 0, GFP_KERNEL), 1);

	/* cyclic: never goes back until the end */
	KUNIT_EXPECT_EQ(test, idr_alloc_cyclic(&idr, P(9), 0, 12, GFP_KERNEL), 2);
	KUNIT_EXPECT_EQ(test, idr_alloc_cyclic(&idr, P(9), 0, 12, GFP_KERNEL), 3);
	idr_remove(&idr, 2);
	KUNIT_EXPECT_EQ(test, idr_alloc_cyclic(&idr, P(9), 0, 12, GFP_KERNEL), 4);
	idr_destroy(&idr);
	KUNIT_EXPECT_TRUE(test, idr_is_empty(&idr));

	idr_init_base(&based, 1);
	KUNIT_EXPECT_EQ(test, idr_alloc(&based, P(1), 0, 0, GFP_KERNEL), 1);
	KUNIT_EXPECT_EQ(test, idr_alloc(&based, P(2), 0, 0, GFP_KERNEL), 2);
	KUNIT_EXPECT_PTR_EQ(test, idr_find(&based, 2), P(2));
	KUNIT_EXPECT_NULL(test, idr_find(&based, 0));
	KUNIT_EXPECT_EQ(test, zsk_xa_check(&based.idr_rt), 0);
	idr_destroy(&based);
}

static void kt_ida(struct kunit *test)
{
	DEFINE_IDA(ida);
	unsigned long warns;

	for (int i = 0; i < 3000; i++)
		KUNIT_ASSERT_EQ(test, ida_alloc(&ida, GFP_KERNEL), i);
	ida_free(&ida, 1500);
	ida_free(&ida, 2);
	KUNIT_EXPECT_EQ(test, ida_alloc(&ida, GFP_KERNEL), 2);
	KUNIT_EXPECT_EQ(test, ida_alloc_min(&ida, 1024, GFP_KERNEL), 1500);
	KUNIT_EXPECT_EQ(test, ida_alloc_max(&ida, 2999, GFP_KERNEL), -ENOSPC);
	KUNIT_EXPECT_EQ(test, ida_alloc_range(&ida, 5000, 4000, GFP_KERNEL), -ENOSPC);
	KUNIT_EXPECT_EQ(test, ida_alloc_range(&ida, INT_MAX, UINT_MAX, GFP_KERNEL), INT_MAX);
	KUNIT_EXPECT_EQ(test, ida_alloc_min(&ida, INT_MAX, GFP_KERNEL), -ENOSPC);
	KUNIT_EXPECT_EQ(test, ida_simple_get(&ida, 10, 0, GFP_KERNEL), 3000);
	KUNIT_EXPECT_EQ(test, ida_find_first_range(&ida, 2999, 100000), 2999);
	KUNIT_EXPECT_EQ(test, ida_find_first_range(&ida, 3001, 100000), -ENOENT);
	KUNIT_EXPECT_EQ(test, ida_find_first(&ida), 0);
	warns = zsk_warnings();
	ida_free(&ida, 3001);
	ida_free(&ida, 1 << 20);
	KUNIT_EXPECT_EQ(test, zsk_warnings(), warns + 2);
	for (int i = 0; i <= 3000; i++)
		ida_free(&ida, (unsigned int)i);
	KUNIT_EXPECT_FALSE(test, ida_is_empty(&ida));
	ida_free(&ida, INT_MAX);
	KUNIT_EXPECT_TRUE(test, ida_is_empty(&ida));
	KUNIT_EXPECT_EQ(test, ida_alloc_min(&ida, 70000, GFP_KERNEL), 70000);
	ida_destroy(&ida);
	KUNIT_EXPECT_TRUE(test, ida_is_empty(&ida));
}

static struct kunit_case kt_xarray_cases[] = {
	KUNIT_CASE(kt_store_load_erase),
	KUNIT_CASE(kt_insert_cmpxchg_reserve),
	KUNIT_CASE(kt_marks),
	KUNIT_CASE(kt_alloc),
	KUNIT_CASE(kt_random_model),
	KUNIT_CASE(kt_random_alloc),
	KUNIT_CASE(kt_nomem),
	KUNIT_CASE(kt_idr),
	KUNIT_CASE(kt_ida),
	{}
};

static struct kunit_suite kt_xarray_suite = {
	.name = "kt_xarray",
	.test_cases = kt_xarray_cases,
};
kunit_test_suite(kt_xarray_suite);
