/* SPDX-License-Identifier: MIT */
/*
 * test_slab_badgfp.c - __GFP_DMA32 / __GFP_HIGHMEM (GFP_SLAB_BUG_MASK)
 * passed to kmem_cache_alloc() or kmalloc(): the kernel's "Unexpected gfp"
 * report appears once per new slab and never for an allocation served from
 * existing slabs or sheaves, the bits are stripped and the allocation
 * succeeds; large kmalloc is checked too; kmalloc(GFP_DMA) uses the
 * dma-kmalloc caches in ZONE_DMA; panic_on_warn turns the report into an
 * abort (checked in forked children).
 */
#include "zt.h"
#include "zt_rlog.h"

#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mm/mm_internal.h"
#include "slab/slab.h"

#define MIB (1ULL << 20)
#define GIB (1ULL << 30)

static const char DMA32_MSG[] =
	"Unexpected gfp: 0x4 (GFP_DMA32). Fixing up to gfp: 0xcc0 (GFP_KERNEL). Fix your code!";

/* --- helpers ------------------------------------------------------------ */

static unsigned long slabs_of(const struct kmem_cache *s)
{
	return s->nr_partial + s->nr_full;
}

/*
 * Allocate @n objects of @s with @gfp into @v; check that each allocation
 * reports exactly as many times as it made new slabs.  Returns the number
 * of allocations that made no slab (they must have reported nothing).
 */
static unsigned long alloc_counting(struct kmem_cache *s, gfp_t gfp, void **v,
				    unsigned long n, unsigned long *new_slabs)
{
	unsigned long served = 0, mismatch = 0;

	*new_slabs = 0;
	for (unsigned long i = 0; i < n; i++) {
		unsigned long s0 = slabs_of(s), r0 = rlog_n;
		v[i] = kmem_cache_alloc(s, gfp);
		REQUIRE(v[i]);
		unsigned long made = slabs_of(s) - s0, said = rlog_n - r0;
		if (made != said && mismatch++ < 3)
			fprintf(stderr, "allocation %lu made %lu slabs, %lu reports\n", i, made, said);
		*new_slabs += made;
		served += made == 0;
	}
	CHECK_EQ(mismatch, 0);
	return served;
}

/* --- kmem_cache_alloc ----------------------------------------------------- */

static void test_cache_dma32_bit(void)
{
	enum { N = 600 };
	void *v[N];
	struct kmem_cache *s = kmem_cache_create("badgfp-256", 256, 0, SLAB_NO_MERGE, NULL);
	unsigned long made, served;
	void *p;

	REQUIRE(s);
	CHECK_EQ(slabs_of(s), 0);
	rlog_reset();

	/* The first allocation needs a slab: the report, and success. */
	p = kmem_cache_alloc(s, GFP_KERNEL | GFP_DMA32);
	CHECK(p != NULL);
	CHECK(slabs_of(s) >= 1);
	CHECK_EQ(rlog_n, slabs_of(s));
	CHECK(rlog_count(DMA32_MSG) == rlog_n);
	CHECK(strstr(rlog, "Call Trace:") != NULL);     /* with a backtrace */
	if (rlog_count(DMA32_MSG) != rlog_n || !rlog_n)
		rlog_dump("first GFP_DMA32 allocation");
	/* The stripped request still took Normal memory (the cache's zone). */
	CHECK(virt_to_phys(p) >= 4 * GIB);
	memset(p, 1, 256);
	rlog_reset();

	/* Many more: one report per new slab, none for the others. */
	served = alloc_counting(s, GFP_KERNEL | GFP_DMA32, v, N, &made);
	CHECK(made >= 5);
	CHECK(served >= N / 2);
	CHECK_EQ(rlog_n, made);
	CHECK_EQ(rlog_count(DMA32_MSG), made);
	for (int i = 0; i < N; i++)
		kmem_cache_free(s, v[i]);
	kmem_cache_free(s, p);
	rlog_reset();

	/* Served from existing slabs and sheaves: never a report. */
	unsigned long before = slabs_of(s);
	for (int i = 0; i < 200; i++) {
		v[i] = kmem_cache_alloc(s, GFP_KERNEL | GFP_DMA32);
		REQUIRE(v[i]);
	}
	CHECK_EQ(slabs_of(s), before);
	CHECK_EQ(rlog_n, 0);
	for (int i = 0; i < 200; i++)
		kmem_cache_free(s, v[i]);

	/* The same through kmem_cache_zalloc: __GFP_ZERO stays in the mask. */
	kmem_cache_shrink(s);
	CHECK_EQ(slabs_of(s), 0);
	rlog_reset();
	p = kmem_cache_zalloc(s, GFP_KERNEL | GFP_DMA32);
	REQUIRE(p);
	CHECK(rlog_n >= 1);
	CHECK_EQ(rlog_count("Unexpected gfp: 0x4 (GFP_DMA32). Fixing up to gfp: 0xdc0 (GFP_KERNEL|__GFP_ZERO). Fix your code!"),
		 rlog_n);
	kmem_cache_free(s, p);
	kmem_cache_destroy(s);
	CHECK_EQ(zslab_validate(), 0);
}

/* Other bad bits: each report names them and what is left. */
static void one_bad_mask(const char *name, gfp_t gfp, const char *want)
{
	struct kmem_cache *s = kmem_cache_create(name, 128, 0, SLAB_NO_MERGE, NULL);
	void *p;

	REQUIRE(s);
	rlog_reset();
	p = kmem_cache_alloc(s, gfp);
	CHECK(p != NULL);
	CHECK(rlog_n >= 1);
	CHECK_EQ(rlog_count(want), rlog_n);
	if (rlog_count(want) != rlog_n || !rlog_n) {
		fprintf(stderr, "want: %s\n", want);
		rlog_dump(name);
	}
	kmem_cache_free(s, p);
	kmem_cache_destroy(s);
	rlog_reset();
}

static void test_other_masks(void)
{
	one_bad_mask("badgfp-highmem", GFP_KERNEL | __GFP_HIGHMEM,
		     "Unexpected gfp: 0x2 (__GFP_HIGHMEM). Fixing up to gfp: 0xcc0 (GFP_KERNEL). Fix your code!");
	one_bad_mask("badgfp-highuser", GFP_HIGHUSER,
		     "Unexpected gfp: 0x2 (__GFP_HIGHMEM). Fixing up to gfp: 0x100cc0 (GFP_USER). Fix your code!");
	one_bad_mask("badgfp-both", GFP_KERNEL | __GFP_HIGHMEM | __GFP_DMA32,
		     "Unexpected gfp: 0x6 (__GFP_HIGHMEM|GFP_DMA32). Fixing up to gfp: 0xcc0 (GFP_KERNEL). Fix your code!");
	one_bad_mask("badgfp-atomic", GFP_ATOMIC | GFP_DMA32,
		     "Unexpected gfp: 0x4 (GFP_DMA32). Fixing up to gfp: 0xa20 (GFP_ATOMIC). Fix your code!");
	/* A bit above __GFP_BITS_MASK is in GFP_SLAB_BUG_MASK too. */
	one_bad_mask("badgfp-highbit", GFP_KERNEL | (1u << 27),
		     "Fixing up to gfp: 0xcc0 (GFP_KERNEL). Fix your code!");
	CHECK_EQ(zslab_validate(), 0);
}

/* --- kmalloc ---------------------------------------------------------- */

static void test_kmalloc_dma32(void)
{
	enum { N = 300 };
	void *v[N];
	struct kmem_cache *k2;
	unsigned long made;
	void *p;

	/* kmalloc(GFP_DMA32) is served by the normal kmalloc-2k cache. */
	p = kmalloc(2048, GFP_KERNEL);
	REQUIRE(p);
	k2 = zs_obj_cache(p);
	REQUIRE(k2);
	CHECK(!strcmp(k2->name, "kmalloc-2k"));
	kfree(p);
	rlog_reset();
	for (int i = 0; i < N; i++) {
		unsigned long s0 = slabs_of(k2), r0 = rlog_n;
		v[i] = kmalloc(2048, GFP_KERNEL | GFP_DMA32);
		REQUIRE(v[i]);
		CHECK_EQ(rlog_n - r0, slabs_of(k2) - s0);
	}
	made = rlog_n;
	CHECK(made >= 1);
	CHECK_EQ(rlog_count(DMA32_MSG), made);
	unsigned long wrong_cache = 0, low = 0;
	for (int i = 0; i < N; i++) {
		wrong_cache += zs_obj_cache(v[i]) != k2;
		low += virt_to_phys(v[i]) < 4 * GIB;    /* no DMA32 kmalloc */
	}
	CHECK_EQ(wrong_cache, 0);
	CHECK_EQ(low, 0);
	for (int i = 0; i < N; i++)
		kfree(v[i]);
	rlog_reset();

	/* Large kmalloc is checked too: one report, then normal pages. */
	p = kmalloc(16384, GFP_KERNEL | GFP_DMA32);
	CHECK(p != NULL);
	CHECK_EQ(rlog_n, 1);
	CHECK_EQ(rlog_count(DMA32_MSG), 1);
	if (p) {
		CHECK(zs_obj_cache(p) == NULL);
		CHECK(virt_to_phys(p) >= 4 * GIB);
		CHECK_EQ(ksize(p), 16384);
		memset(p, 3, 16384);
		kfree(p);
	}
	rlog_reset();
	p = kmalloc(100000, GFP_KERNEL | __GFP_HIGHMEM);
	CHECK(p != NULL);
	CHECK_EQ(rlog_count("Unexpected gfp: 0x2 (__GFP_HIGHMEM). Fixing up to gfp: 0xcc0 (GFP_KERNEL). Fix your code!"), 1);
	CHECK_EQ(rlog_n, 1);
	kfree(p);
	rlog_reset();
	p = kmalloc(16384, GFP_KERNEL);
	CHECK(p != NULL);
	CHECK_EQ(rlog_n, 0);
	kfree(p);
	CHECK_EQ(zslab_validate(), 0);
}

static void test_kmalloc_dma(void)
{
	static const size_t sizes[] = { 1, 8, 24, 64, 80, 96, 128, 150, 192, 200,
					256, 500, 1000, 2000, 4096, 5000, 8192 };

	rlog_reset();
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		enum { N = 64 };
		void *v[N];
		unsigned long wrong = 0, high = 0;
		for (int j = 0; j < N; j++) {
			v[j] = kmalloc(sizes[i], GFP_KERNEL | GFP_DMA);
			REQUIRE(v[j]);
			struct kmem_cache *s = zs_obj_cache(v[j]);
			wrong += !s || strncmp(s->name, "dma-kmalloc-", 12) ||
				 !(s->flags & SLAB_CACHE_DMA);
			high += virt_to_phys(v[j]) >= 16 * MIB;
		}
		CHECK_EQ(wrong, 0);
		CHECK_EQ(high, 0);
		if (wrong || high)
			fprintf(stderr, "kmalloc(%zu, GFP_DMA): %lu wrong cache, %lu above 16 MiB\n",
				sizes[i], wrong, high);
		for (int j = 0; j < N; j++)
			kfree(v[j]);
	}
	/* A large GFP_DMA kmalloc gets DMA pages. */
	void *p = kmalloc(32768, GFP_KERNEL | GFP_DMA);
	CHECK(p != NULL);
	if (p) {
		CHECK(virt_to_phys(p) < 16 * MIB);
		kfree(p);
	}
	CHECK_EQ(rlog_n, 0);
	CHECK_EQ(zslab_validate(), 0);
}

/* --- panic_on_warn ----------------------------------------------------- */

static void quiet_hook(const char *text, void *arg)
{
	(void)text;
	(void)arg;
}

enum child_case { CASE_CACHE_DMA32, CASE_CACHE_PLAIN, CASE_WARM_DMA32,
		  CASE_KMALLOC_LARGE_DMA32 };

/* Run @what in a child booted with panic_on_warn; return its wait status. */
static int run_child(enum child_case what)
{
	pid_t pid = fork();
	int status = 0;

	REQUIRE(pid >= 0);
	if (pid == 0) {
		struct rlimit no_core = { 0, 0 };
		int devnull = open("/dev/null", O_WRONLY);
		setrlimit(RLIMIT_CORE, &no_core);
		if (devnull >= 0)
			dup2(devnull, 2);        /* the panic line goes to stderr */
		zslab_set_report_hook(quiet_hook, NULL);
		zslab_exit();
		if (zslab_init("panic_on_warn"))
			_exit(3);
		struct kmem_cache *s = kmem_cache_create("panic-cache", 256, 0, 0, NULL);
		if (!s)
			_exit(4);
		void *p = NULL, *q;
		switch (what) {
		case CASE_CACHE_DMA32:
			p = kmem_cache_alloc(s, GFP_KERNEL | GFP_DMA32);
			break;
		case CASE_CACHE_PLAIN:
			p = kmem_cache_alloc(s, GFP_KERNEL);
			break;
		case CASE_WARM_DMA32:
			/* A slab exists and the sheaf has objects: no report. */
			q = kmem_cache_alloc(s, GFP_KERNEL);
			p = kmem_cache_alloc(s, GFP_KERNEL | GFP_DMA32);
			kmem_cache_free(s, q);
			break;
		case CASE_KMALLOC_LARGE_DMA32:
			p = kmalloc(16384, GFP_KERNEL | GFP_DMA32);
			kfree(p);
			_exit(p ? 0 : 5);
		}
		if (!p)
			_exit(5);
		kmem_cache_free(s, p);
		_exit(0);
	}
	REQUIRE(waitpid(pid, &status, 0) == pid);
	return status;
}

static bool died_by_abort(int status)
{
	return WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
}

static bool exited_ok(int status)
{
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static void test_panic_on_warn(void)
{
	int st;

	fflush(NULL);
	st = run_child(CASE_CACHE_DMA32);
	CHECK(died_by_abort(st));
	st = run_child(CASE_KMALLOC_LARGE_DMA32);
	CHECK(died_by_abort(st));
	st = run_child(CASE_CACHE_PLAIN);
	CHECK(exited_ok(st));
	st = run_child(CASE_WARM_DMA32);
	CHECK(exited_ok(st));
}

int main(void)
{
	zslab_set_report_hook(rlog_hook, NULL);
	REQUIRE(zslab_init(NULL) == 0);

	test_cache_dma32_bit();
	test_other_masks();
	test_kmalloc_dma32();
	test_kmalloc_dma();
	test_panic_on_warn();

	CHECK_EQ(zslab_validate(), 0);
	zslab_exit();
	return zt_summary("test_slab_badgfp");
}
