/* SPDX-License-Identifier: MIT */
/*
 * test_fault_inject.c - fail_page_alloc=<interval>,<probability>,<space>,
 * <times> behaves as the kernel's should_fail(): exactly every interval-th
 * allocation fails, times bounds the failures, space lets allocations
 * through first (counted in pages, as the kernel passes 1 << order, and
 * only while more than the request remains), probability 0 never fails,
 * __GFP_NOFAIL is never failed nor counted, the boot's own allocations are
 * not counted, and a forced failure leaks nothing.
 */
#include "zt.h"
#include "zt_mm.h"

struct run {
	struct page *pg[4096];
	unsigned int order[4096];
	int n;
	struct zm_buddy boot;
};

static void boot(struct run *r, const char *faults)
{
	char cmdline[256];

	snprintf(cmdline, sizeof(cmdline), "memmap=64M@0 memmap=64M@0x100000000 %s", faults);
	REQUIRE(zslab_init(cmdline) == 0);
	r->n = 0;
	zm_buddy_snap(&r->boot);
	CHECK_EQ(zs_fail_page_alloc_injected(), 0);
}

/* One allocation; true when it succeeded (the block is kept). */
static bool try_alloc(struct run *r, gfp_t gfp, unsigned int order)
{
	struct page *pg = alloc_pages(gfp | __GFP_NOWARN, order);

	if (!pg)
		return false;
	REQUIRE(r->n < 4096);
	r->pg[r->n] = pg;
	r->order[r->n++] = order;
	return true;
}

/* Free everything; nothing may have leaked or been corrupted. */
static void finish(struct run *r, const char *what)
{
	while (r->n) {
		r->n--;
		__free_pages(r->pg[r->n], r->order[r->n]);
	}
	CHECK_EQ(zslab_validate(), 0);
	CHECK(zm_buddy_equal(&r->boot, what));
	zslab_exit();
}

static struct run R;

/* interval N: allocation i (1-based) fails exactly when N divides i. */
static void test_interval(void)
{
	static const int intervals[] = { 1, 2, 3, 7, 10 };
	uint64_t seed = zm_seed(3);

	for (size_t k = 0; k < sizeof(intervals) / sizeof(intervals[0]); k++) {
		int N = intervals[k], wrong = 0;
		char opt[64];

		snprintf(opt, sizeof(opt), "fail_page_alloc=%d,100,0,-1", N);
		boot(&R, opt);
		for (int i = 1; i <= 140; i++) {
			unsigned int order = (unsigned int)zm_below(&seed, 4);
			bool ok = try_alloc(&R, GFP_KERNEL | (i % 3 ? 0 : GFP_DMA32), order);
			if (ok != (i % N != 0) && wrong++ < 3)
				fprintf(stderr, "  interval %d: allocation %d %s\n", N, i,
					ok ? "succeeded" : "failed");
			/* NOFAIL in between: never fails, never counted. */
			if (i % 5 == 0)
				CHECK(try_alloc(&R, GFP_KERNEL | __GFP_NOFAIL, order));
		}
		CHECK_EQ(wrong, 0);
		CHECK_EQ(zs_fail_page_alloc_injected(), 140 / N);
		finish(&R, opt);
	}
}

/* times K: only the first K candidates that would fail do. */
static void test_times(void)
{
	int fails = 0, last_fail = 0;

	boot(&R, "fail_page_alloc=1,100,0,5");
	for (int i = 1; i <= 50; i++)
		if (!try_alloc(&R, GFP_KERNEL, 0)) {
			fails++;
			last_fail = i;
		}
	CHECK_EQ(fails, 5);
	CHECK_EQ(last_fail, 5);
	CHECK_EQ(zs_fail_page_alloc_injected(), 5);
	finish(&R, "times=5");

	boot(&R, "fail_page_alloc=3,100,0,2");
	for (int i = 1; i <= 30; i++)
		CHECK_EQ(try_alloc(&R, GFP_KERNEL, 1), !(i == 3 || i == 6));
	CHECK_EQ(zs_fail_page_alloc_injected(), 2);
	finish(&R, "interval 3 times 2");

	boot(&R, "fail_page_alloc=1,100,0,0");   /* times 0: never */
	for (int i = 1; i <= 30; i++)
		CHECK(try_alloc(&R, GFP_KERNEL, 0));
	finish(&R, "times=0");
}

/* space S (pages): requests pass while more than their size remains. */
static void test_space(void)
{
	int i;

	boot(&R, "fail_page_alloc=1,100,10,-1");
	for (i = 1; i <= 9; i++)
		CHECK(try_alloc(&R, GFP_KERNEL, 0));     /* 10 > 1 ... 2 > 1 */
	for (; i <= 20; i++)
		CHECK(!try_alloc(&R, GFP_KERNEL, 0));    /* 1 > 1 is false */
	finish(&R, "space=10");

	boot(&R, "fail_page_alloc=1,100,20,-1");
	for (i = 1; i <= 4; i++)
		CHECK(try_alloc(&R, GFP_KERNEL, 2));     /* 20, 16, 12, 8 > 4 */
	CHECK(!try_alloc(&R, GFP_KERNEL, 2));        /* 4 > 4 is false */
	for (i = 1; i <= 3; i++)
		CHECK(try_alloc(&R, GFP_KERNEL, 0));     /* 4, 3, 2 > 1: smaller ones pass */
	CHECK(!try_alloc(&R, GFP_KERNEL, 0));
	CHECK(!try_alloc(&R, GFP_KERNEL, 1));
	finish(&R, "space=20 order 2");

	/* Space first, then the interval counts. */
	boot(&R, "fail_page_alloc=2,100,8,-1");
	for (i = 1; i <= 7; i++)
		CHECK(try_alloc(&R, GFP_KERNEL, 0));
	for (; i <= 30; i++)
		CHECK_EQ(try_alloc(&R, GFP_KERNEL, 0), (i - 7) % 2 != 0);
	finish(&R, "space=8 interval 2");
}

/* Free what @r holds without ending the run. */
static void drop_all(struct run *r)
{
	while (r->n) {
		r->n--;
		__free_pages(r->pg[r->n], r->order[r->n]);
	}
}

static void test_probability(void)
{
	int fails = 0;

	boot(&R, "fail_page_alloc=1,0,0,-1");
	for (int i = 0; i < 2000; i++) {
		CHECK(try_alloc(&R, GFP_KERNEL, 0));
		if (R.n >= 1000)   /* keep the zone far from its watermark */
			drop_all(&R);
	}
	CHECK_EQ(zs_fail_page_alloc_injected(), 0);
	finish(&R, "probability 0");

	boot(&R, "fail_page_alloc=1,50,0,-1");
	for (int i = 0; i < 2000; i++) {
		fails += !try_alloc(&R, GFP_KERNEL, 0);
		if (R.n >= 1000)
			drop_all(&R);
	}
	/* Binomial(2000, 0.5): 1000 +- 22; these bounds are 9 sigma away. */
	CHECK(fails > 800 && fails < 1200);
	CHECK_EQ(zs_fail_page_alloc_injected(), fails);
	finish(&R, "probability 50");
}

/* __GFP_NOFAIL is never failed, even with every allocation failing. */
static void test_nofail(void)
{
	boot(&R, "fail_page_alloc=1,100,0,-1");
	for (int i = 0; i < 100; i++)
		CHECK(try_alloc(&R, GFP_KERNEL | __GFP_NOFAIL, (unsigned int)(i % 4)));
	CHECK(!try_alloc(&R, GFP_KERNEL, 0));
	CHECK(!try_alloc(&R, GFP_ATOMIC, 0));
	CHECK_EQ(zs_fail_page_alloc_injected(), 2);
	finish(&R, "nofail");
}

/* A forced failure says so, and is reported like any failure. */
static void test_report(void)
{
	boot(&R, "fail_page_alloc=1,100,0,-1");
	zm_log_reset();
	CHECK(alloc_pages(GFP_KERNEL, 1) == NULL);
	CHECK_EQ(zm_log_has("FAULT_INJECTION: forcing a failure."), 1);
	CHECK_EQ(zm_log_has("name fail_page_alloc, interval 1, probability 100"), 1);
	CHECK_EQ(zm_log_has("page allocation failure: order:1, mode:0xcc0(GFP_KERNEL)"), 1);
	/* NOWARN silences the allocation failure, not the injection note. */
	zm_log_reset();
	CHECK(alloc_pages(GFP_KERNEL | __GFP_NOWARN, 0) == NULL);
	CHECK_EQ(zm_log_has("page allocation failure"), 0);
	finish(&R, "report");

	/* Without the option nothing is ever injected. */
	boot(&R, "");
	for (int i = 0; i < 200; i++)
		CHECK(try_alloc(&R, GFP_KERNEL, (unsigned int)(i % 3)));
	CHECK_EQ(zs_fail_page_alloc_injected(), 0);
	finish(&R, "no option");
}

int main(void)
{
	zm_watchdog(240);
	zm_log_start();
	test_report();      /* first: the injection note is rate-limited */
	test_interval();
	test_times();
	test_space();
	test_probability();
	test_nofail();
	return zt_summary("test_fault_inject");
}
