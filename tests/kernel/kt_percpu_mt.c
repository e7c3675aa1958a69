// SPDX-License-Identifier: MIT
/*
 * kt_percpu_mt.c - per-CPU variables: static ones with their initial
 * values on every CPU, dynamic areas zeroed on every CPU, per_cpu_ptr()
 * of interior addresses, the this_cpu operations' values and their
 * atomicity when threads share CPU 0, and bad arguments.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/smp.h>
#include <zslab-kernel.h>

struct pc_stats {
	u64 packets;
	u32 errors;
	char name[12];
};

static DEFINE_PER_CPU(long, pc_long);
static DEFINE_PER_CPU(unsigned int, pc_seeded) = 7;
static DEFINE_PER_CPU(struct pc_stats, pc_stats);
static DEFINE_PER_CPU_SHARED_ALIGNED(u8, pc_aligned);
static DEFINE_PER_CPU(unsigned long, pc_hammered);

static void static_copies(struct kunit *test)
{
	int cpu;
	long sum = 0;

	KUNIT_EXPECT_PTR_EQ(test, this_cpu_ptr(&pc_long), &pc_long);
	KUNIT_EXPECT_PTR_EQ(test, per_cpu_ptr(&pc_long, 0), &pc_long);
	KUNIT_EXPECT_TRUE(test, is_kernel_percpu_address((unsigned long)&pc_stats.errors));
	KUNIT_EXPECT_FALSE(test, is_kernel_percpu_address((unsigned long)&sum));
	for_each_possible_cpu(cpu) {
		KUNIT_EXPECT_EQ(test, per_cpu(pc_seeded, cpu), 7u);
		KUNIT_EXPECT_EQ(test, (uintptr_t)per_cpu_ptr(&pc_aligned, cpu) % 64, 0);
		per_cpu(pc_long, cpu) = cpu + 1;
		per_cpu_ptr(&pc_stats, cpu)->errors = cpu;
		if (cpu)
			KUNIT_EXPECT_PTR_NE(test, per_cpu_ptr(&pc_long, cpu), &pc_long);
	}
	for_each_possible_cpu(cpu) {
		sum += per_cpu(pc_long, cpu);
		/* an interior address has its copy on every CPU */
		KUNIT_EXPECT_EQ(test, *per_cpu_ptr(&pc_stats.errors, cpu), (u32)cpu);
	}
	KUNIT_EXPECT_EQ(test, sum, (long)num_possible_cpus() * (num_possible_cpus() + 1) / 2);
	KUNIT_EXPECT_EQ(test, this_cpu_read(pc_long), 1);
}

static void operations(struct kunit *test)
{
	volatile unsigned int one = 1;
	unsigned long old;

	__this_cpu_write(pc_long, 0);
	__this_cpu_add(pc_long, -one);          /* C's conversion: + 0xffffffff */
	KUNIT_EXPECT_EQ(test, __this_cpu_read(pc_long), 0xffffffffL);
	this_cpu_write(pc_long, 0);
	this_cpu_sub(pc_long, one);             /* -(long)1 */
	KUNIT_EXPECT_EQ(test, this_cpu_read(pc_long), -1L);
	KUNIT_EXPECT_EQ(test, this_cpu_add_return(pc_long, 5), 4L);
	KUNIT_EXPECT_EQ(test, this_cpu_sub_return(pc_long, 1), 3L);
	KUNIT_EXPECT_EQ(test, this_cpu_inc_return(pc_long), 4L);
	KUNIT_EXPECT_EQ(test, this_cpu_dec_return(pc_long), 3L);
	KUNIT_EXPECT_EQ(test, this_cpu_xchg(pc_long, 10), 3L);
	KUNIT_EXPECT_EQ(test, this_cpu_cmpxchg(pc_long, 9, 20), 10L);
	KUNIT_EXPECT_EQ(test, this_cpu_cmpxchg(pc_long, 10, 20), 10L);
	KUNIT_EXPECT_EQ(test, this_cpu_read(pc_long), 20L);
	this_cpu_or(pc_long, 1);
	this_cpu_and(pc_long, 0x11);
	KUNIT_EXPECT_EQ(test, raw_cpu_read(pc_long), 0x11L);
	old = 5;
	KUNIT_EXPECT_FALSE(test, this_cpu_try_cmpxchg(pc_hammered, &old, 9));
	KUNIT_EXPECT_EQ(test, old, 0ul);
	KUNIT_EXPECT_TRUE(test, this_cpu_try_cmpxchg(pc_hammered, &old, 0));
	this_cpu_inc(pc_stats.packets);
	KUNIT_EXPECT_EQ(test, get_cpu_var(pc_stats).packets, 1ull);
	put_cpu_var(pc_stats);
}

static void dynamic_areas(struct kunit *test)
{
	struct pc_stats __percpu *st = alloc_percpu(struct pc_stats);
	struct pc_stats __percpu *st2;
	u64 __percpu *big;
	int cpu;

	KUNIT_ASSERT_NOT_NULL(test, st);
	for_each_possible_cpu(cpu) {
		struct pc_stats *s = per_cpu_ptr(st, cpu);
		KUNIT_EXPECT_EQ(test, s->packets, 0ull);
		s->packets = 100 + cpu;
	}
	this_cpu_inc(st->errors);               /* an interior dynamic address */
	KUNIT_EXPECT_EQ(test, per_cpu_ptr(st, 0)->errors, 1u);
	for_each_possible_cpu(cpu)
		KUNIT_EXPECT_EQ(test, per_cpu_ptr(&st->packets, cpu)[0], 100ull + cpu);
	KUNIT_EXPECT_PTR_EQ(test, get_cpu_ptr(st), st);
	put_cpu_ptr(st);
	st2 = alloc_percpu_gfp(struct pc_stats, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, st2);
	KUNIT_EXPECT_TRUE(test, st2 >= st + 1 || st2 + 1 <= st);
	free_percpu(st);
	st = alloc_percpu(struct pc_stats);    /* reuses the hole, zeroed again */
	KUNIT_ASSERT_NOT_NULL(test, st);
	for_each_possible_cpu(cpu)
		KUNIT_EXPECT_EQ(test, per_cpu_ptr(st, cpu)->packets, 0ull);
	big = __alloc_percpu(4096, 4096);
	KUNIT_ASSERT_NOT_NULL(test, big);
	KUNIT_EXPECT_EQ(test, (uintptr_t)big % 4096, 0);
	free_percpu(big);
	free_percpu(st);
	free_percpu(st2);
	free_percpu(NULL);
}

static void bad_arguments(struct kunit *test)
{
	unsigned long warned = zsk_warnings();

	KUNIT_EXPECT_NULL(test, __alloc_percpu_gfp(ZSK_PERCPU_UNIT + 1, 8, GFP_KERNEL | __GFP_NOWARN));
	KUNIT_EXPECT_NULL(test, __alloc_percpu_gfp(0, 8, GFP_KERNEL | __GFP_NOWARN));
	KUNIT_EXPECT_NULL(test, __alloc_percpu_gfp(8, 3, GFP_KERNEL | __GFP_NOWARN));
	/* the whole unit, then nothing more fits */
	void __percpu *all = __alloc_percpu(ZSK_PERCPU_UNIT - 4096, 8);
	KUNIT_EXPECT_NOT_NULL(test, all);
	KUNIT_EXPECT_NULL(test, __alloc_percpu_gfp(8192, 8, GFP_KERNEL | __GFP_NOWARN));
	free_percpu(all);
	KUNIT_EXPECT_EQ(test, zsk_warnings(), warned);
	free_percpu(&warned);                   /* reported, ignored */
	KUNIT_EXPECT_EQ(test, zsk_warnings(), warned + 1);
	KUNIT_EXPECT_PTR_EQ(test, per_cpu_ptr(&pc_long, (int)num_possible_cpus()), &pc_long);
	KUNIT_EXPECT_EQ(test, zsk_warnings(), warned + 2);
}

/*
 * Tens of thousands of objects (mainline test_vmalloc's pcpu_alloc_test
 * makes 35,000 of up to 1 KiB, aligned up to 2 KiB: more than the 16 MiB
 * the model once had), appended in O(1); the holes freed objects leave
 * are found again, below the last object, and come back zeroed on every
 * CPU while their neighbours keep their values.
 */
static void many_objects(struct kunit *test)
{
	enum { N = 35000 };
	u32 __percpu **p = kvcalloc(N, sizeof(*p), GFP_KERNEL);
	int cpu;

	KUNIT_ASSERT_NOT_NULL(test, p);
	for (u32 i = 0; i < N; i++) {
		p[i] = __alloc_percpu(4 + i % 1021, 1UL << (1 + i % 11));
		KUNIT_ASSERT_NOT_NULL(test, p[i]);
		for_each_possible_cpu(cpu)
			*per_cpu_ptr(p[i], cpu) = i + (u32)cpu;
	}
	for (u32 i = 0; i < N; i += 2)
		free_percpu(p[i]);
	for (u32 i = 0; i < N; i += 2) {
		p[i] = __alloc_percpu(4, 4);
		KUNIT_ASSERT_NOT_NULL(test, p[i]);
		KUNIT_EXPECT_LT(test, (uintptr_t)p[i], (uintptr_t)p[N - 1]);
		for_each_possible_cpu(cpu)
			KUNIT_EXPECT_EQ(test, *per_cpu_ptr(p[i], cpu), 0u);
	}
	for (u32 i = 1; i < N; i += 2)
		for_each_possible_cpu(cpu)
			KUNIT_EXPECT_EQ(test, *per_cpu_ptr(p[i], cpu), i + (u32)cpu);
	for (u32 i = 0; i < N; i++)
		free_percpu(p[i]);
	kvfree(p);
}

static DECLARE_COMPLETION(hammer_started);

static int hammer(void *arg)
{
	unsigned long __percpu *dyn = arg;

	complete(&hammer_started);   /* kthread_stop() before the start skips the work */

	for (int i = 0; i < 50000; i++) {
		this_cpu_inc(pc_hammered);
		__this_cpu_add(*dyn, 2);
	}
	return 0;
}

static void threads_share_cpu0(struct kunit *test)
{
	unsigned long __percpu *dyn = alloc_percpu(unsigned long);
	struct task_struct *k[4];

	KUNIT_ASSERT_NOT_NULL(test, dyn);
	for (int i = 0; i < 4; i++) {
		k[i] = kthread_run(hammer, (void *)dyn, "kt_pcpu/%d", i);
		KUNIT_ASSERT_FALSE(test, IS_ERR(k[i]));
	}
	for (int i = 0; i < 4; i++)
		wait_for_completion(&hammer_started);
	for (int i = 0; i < 4; i++)
		KUNIT_EXPECT_EQ(test, kthread_stop(k[i]), 0);
	KUNIT_EXPECT_EQ(test, this_cpu_read(pc_hammered), 200000ul);
	KUNIT_EXPECT_EQ(test, *this_cpu_ptr(dyn), 400000ul);
	free_percpu(dyn);
}

static struct kunit_case percpu_cases[] = {
	KUNIT_CASE(static_copies),
	KUNIT_CASE(operations),
	KUNIT_CASE(dynamic_areas),
	KUNIT_CASE(bad_arguments),
	KUNIT_CASE(many_objects),
	KUNIT_CASE(threads_share_cpu0),
	{}
};

static struct kunit_suite percpu_suite = {
	.name = "percpu",
	.test_cases = percpu_cases,
};
kunit_test_suite(percpu_suite);
MODULE_LICENSE("GPL");
