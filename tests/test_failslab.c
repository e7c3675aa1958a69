/* SPDX-License-Identifier: MIT */
/*
 * test_failslab.c - failslab=<interval>,<probability>,<space>,<times> as
 * the kernel's should_failslab(): every interval-th kmem_cache_alloc /
 * kmalloc / kmem_cache_alloc_bulk fails with a clean NULL (or 0),
 * __GFP_NOFAIL never does, times bounds the failures, and with
 * failslab_cache_filter only caches marked A in slub_debug fail.  Then a
 * stress workload (also at N = 1, where its set-up succeeds because the
 * task filter fails only the workload's own calls) (three caches: plain, SLAB_CACHE_DMA32, constructor;
 * kmalloc of random sizes; bulk) runs under failslab and fail_page_alloc
 * for several N: every failure is a NULL, no BUG or WARNING report, every
 * live object keeps its contents, and after teardown the buddy lists are
 * exactly as at boot (no page and no object lost).
 */
#include "zt.h"
#include "zt_mm.h"

#include "slab/failslab.h"
#include "slab/slab.h"

static void test_every_nth(void)
{
	struct kmem_cache *s;
	void *p[30];
	int fails = 0, last = -1;
	bool spaced = true;

	REQUIRE(zslab_init("failslab=3,100,0,-1") == 0);
	s = kmem_cache_create("fs-nth", 64, 0, 0, NULL);
	REQUIRE(s);
	for (int i = 0; i < 30; i++) {
		p[i] = kmem_cache_alloc(s, GFP_KERNEL);
		if (!p[i]) {
			spaced &= last < 0 || i - last == 3;
			last = i;
			fails++;
		}
	}
	CHECK_EQ(fails, 10);
	CHECK(spaced);
	for (int i = 0; i < 30; i++)
		if (p[i])
			kmem_cache_free(s, p[i]);
	/* __GFP_NOFAIL is never failed */
	for (int i = 0; i < 30; i++) {
		p[i] = kmem_cache_alloc(s, GFP_KERNEL | __GFP_NOFAIL);
		CHECK(p[i] != NULL);
	}
	for (int i = 0; i < 30; i++)
		kmem_cache_free(s, p[i]);
	/* bulk: all or nothing */
	int got = 0, zero = 0;
	for (int i = 0; i < 6; i++) {
		int n = kmem_cache_alloc_bulk(s, GFP_KERNEL, 30, p);
		if (n == 30) {
			got++;
			kmem_cache_free_bulk(s, 30, p);
		} else {
			CHECK_EQ(n, 0);
			zero++;
		}
	}
	CHECK(got > 0 && zero > 0);
	CHECK_EQ(kmem_cache_validate(s), 0);
	kmem_cache_destroy(s);
	zslab_exit();
}

static void test_times_and_filter(void)
{
	struct kmem_cache *victim, *other;
	int vf = 0, of = 0;

	REQUIRE(zslab_init("failslab=1,100,0,-1 failslab_cache_filter slub_debug=A,victim") == 0);
	victim = kmem_cache_create("victim", 32, 0, 0, NULL);
	other = kmem_cache_create("other", 32, 0, 0, NULL);
	REQUIRE(victim && other);
	for (int i = 0; i < 20; i++) {
		void *a = kmem_cache_alloc(victim, GFP_KERNEL);
		void *b = kmem_cache_alloc(other, GFP_KERNEL);
		vf += !a;
		of += !b;
		if (a)
			kmem_cache_free(victim, a);
		if (b)
			kmem_cache_free(other, b);
	}
	CHECK_EQ(vf, 20);
	CHECK_EQ(of, 0);
	kmem_cache_destroy(victim);
	kmem_cache_destroy(other);
	zslab_exit();

	REQUIRE(zslab_init("failslab=1,100,0,2") == 0);
	vf = 0;
	for (int i = 0; i < 20; i++) {
		void *a = kmalloc(100, GFP_KERNEL);
		vf += !a;
		kfree(a);
	}
	CHECK_EQ(vf, 2);
	CHECK_EQ(zs_failslab_injected(), 2);
	zslab_exit();
}

/* --- stress under injection ------------------------------------------------ */

#define LIVE 2000

struct obj {
	void *p;
	struct kmem_cache *s;   /* NULL: kmalloc */
	size_t size;
	unsigned char stamp;
};

struct stress {
	uint64_t seed;
	unsigned long fails, allocs;
	bool corrupt;
	bool filtered;   /* set-up first, then zslab_make_it_fail(1) */
};

static void ctor(void *p)
{
	memset(p, 0x77, 200);
}

static bool alloc_one(struct obj *o, struct kmem_cache **caches, uint64_t *rs)
{
	unsigned long k = zm_below(rs, 4);

	o->s = k < 3 ? caches[k] : NULL;
	o->size = o->s ? kmem_cache_size(o->s) :
		  zm_below(rs, 10) ? 1 + zm_below(rs, 3000) : 8193 + zm_below(rs, 12000);
	o->p = o->s ? kmem_cache_alloc(o->s, GFP_KERNEL) : kmalloc(o->size, GFP_KERNEL);
	if (!o->p)
		return false;
	o->stamp = (unsigned char)zm_rand(rs);
	memset(o->p, o->stamp, o->size);
	return true;
}

static void free_one(struct obj *o, struct stress *st)
{
	const unsigned char *b = o->p;

	for (size_t i = 0; i < o->size; i++)
		if (b[i] != o->stamp) {
			st->corrupt = true;
			break;
		}
	if (o->s)
		kmem_cache_free(o->s, o->p);
	else
		kfree(o->p);
	o->p = NULL;
}

static void *stress_thread(void *arg)
{
	struct stress *st = arg;
	static struct obj objs[LIVE];
	struct kmem_cache *caches[3] = { NULL, NULL, NULL };
	const char *names[3] = { "fs-plain", "fs-dma32", "fs-ctor" };
	slab_flags_t flags[3] = { 0, SLAB_CACHE_DMA32, 0 };
	unsigned int sizes[3] = { 64, 1024, 200 };
	uint64_t rs = st->seed;

	for (int i = 0; i < 3; i++)
		while (!caches[i]) {   /* creation itself may be failed: retry */
			caches[i] = kmem_cache_create(names[i], sizes[i], 0, flags[i],
						      i == 2 ? ctor : NULL);
			st->fails += !caches[i];
		}
	if (st->filtered)
		zslab_make_it_fail(1);     /* the task filter: from here on */
	memset(objs, 0, sizeof(objs));
	for (int step = 0; step < 20000; step++) {
		struct obj *o = &objs[zm_below(&rs, LIVE)];
		if (o->p) {
			free_one(o, st);
		} else {
			st->allocs++;
			st->fails += !alloc_one(o, caches, &rs);
		}
		if (step % 997 == 0) {   /* a bulk round: all or nothing */
			void *b[16];
			int n = kmem_cache_alloc_bulk(caches[0], GFP_KERNEL, 16, b);
			if (n)
				kmem_cache_free_bulk(caches[0], (size_t)n, b);
			st->fails += !n;
			st->corrupt |= n != 0 && n != 16;
		}
	}
	for (int i = 0; i < LIVE; i++)
		if (objs[i].p)
			free_one(&objs[i], st);
	zslab_make_it_fail(0);
	for (int i = 0; i < 3; i++) {
		st->corrupt |= kmem_cache_validate(caches[i]) != 0;
		kmem_cache_destroy(caches[i]);
	}
	return NULL;
}

static void stress_under(const char *faults, uint64_t seed)
{
	char cmd[256];
	struct zm_buddy boot;
	struct stress st = { .seed = seed, .filtered = strstr(faults, "task_filter") != NULL };
	pthread_t t;

	snprintf(cmd, sizeof(cmd), "memmap=256M@0 memmap=256M@0x100000000 %s", faults);
	REQUIRE(zslab_init(cmd) == 0);
	zm_buddy_snap(&boot);
	zm_log_reset();
	REQUIRE(!pthread_create(&t, NULL, stress_thread, &st));
	pthread_join(t, NULL);
	zs_slab_shrink_all();
	CHECK(!st.corrupt);
	/* failures were injected, some reached the API, most calls succeeded */
	CHECK(zs_failslab_injected() + zs_fail_page_alloc_injected() > 0);
	CHECK(st.fails > 0);
	/* N = 1 under the task filter: the set-up succeeded, then all fail */
	if (strstr(faults, "failslab=1,"))
		CHECK_EQ(st.fails, st.allocs + 20000 / 997 + 1);
	else
		CHECK(st.fails < st.allocs);
	CHECK_EQ(zm_log_has("BUG "), 0);
	CHECK_EQ(zm_log_has("WARNING"), 0);
	CHECK_EQ(zslab_validate(), 0);
	CHECK(zm_buddy_equal(&boot, faults));
	zslab_exit();
}

int main(void)
{
	static const unsigned int every[] = { 2, 3, 7, 20, 50 };
	char f[128];

	zm_log_start();
	test_every_nth();
	test_times_and_filter();
	/* N = 1: set-up succeeds because only the workload's thread fails */
	stress_under("failslab=1,100,0,-1 failslab_task_filter fail_page_alloc=1,100,0,-1 "
		     "fail_page_alloc_task_filter", zm_seed(999));
	for (unsigned int i = 0; i < sizeof(every) / sizeof(every[0]); i++) {
		snprintf(f, sizeof(f), "failslab=%u,100,0,-1", every[i]);
		stress_under(f, zm_seed(1000 + i));
		snprintf(f, sizeof(f), "fail_page_alloc=%u,100,0,-1", every[i]);
		stress_under(f, zm_seed(2000 + i));
		snprintf(f, sizeof(f), "failslab=%u,100,0,-1 fail_page_alloc=%u,100,0,-1",
			 every[i] + 1, every[i]);
		stress_under(f, zm_seed(3000 + i));
	}
	return zt_summary("test_failslab");
}
