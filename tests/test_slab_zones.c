/* SPDX-License-Identifier: MIT */
/*
 * test_slab_zones.c - a cache's zone comes from its creation flags, never
 * from the caller: every object of a SLAB_CACHE_DMA32 cache lies below
 * 4 GiB and every object of a SLAB_CACHE_DMA cache below 16 MiB, on the
 * default map and on the Chromebook-like "memmap=4G@0x40000000" (where a
 * plain cache's objects land above 4 GiB); GFP_DMA / GFP_DMA32 passed to
 * kmem_cache_alloc() never move a slab; and when DMA32 and DMA are full a
 * DMA32 cache returns NULL instead of Normal memory.
 */
#include "zt.h"

#include <stdint.h>

#include "mm/mm_internal.h"
#include "slab/slab.h"

#define MIB (1ULL << 20)
#define GIB (1ULL << 30)
#define DMA_LIMIT   (16 * MIB)
#define DMA32_LIMIT (4 * GIB)

static void boot(const char *cmdline)
{
	zslab_exit();
	REQUIRE(zslab_init(cmdline) == 0);
	zt_reports = 0;
}

/* Where @n objects of one allocation run landed. */
struct landing {
	unsigned long n, failed;
	unsigned long dma, dma32, normal;   /* by physical address */
	phys_addr_t lo, hi;
};

/*
 * Allocate @n objects of @s with @gfp into @v, writing each one, and
 * record where they landed.  Stops at the first NULL.
 */
static struct landing alloc_run(struct kmem_cache *s, gfp_t gfp, void **v,
				unsigned long n)
{
	struct landing l = { .lo = ~(phys_addr_t)0 };

	for (unsigned long i = 0; i < n; i++) {
		void *p = kmem_cache_alloc(s, gfp);
		phys_addr_t pa;

		if (!p) {
			l.failed = n - i;
			break;
		}
		v[l.n++] = p;
		memset(p, 0x77, kmem_cache_size(s));
		pa = virt_to_phys(p);
		if (pa < l.lo)
			l.lo = pa;
		if (pa + kmem_cache_size(s) > l.hi)
			l.hi = pa + kmem_cache_size(s);
		if (pa < DMA_LIMIT)
			l.dma++;
		else if (pa < DMA32_LIMIT)
			l.dma32++;
		else
			l.normal++;
	}
	return l;
}

static void free_run(struct kmem_cache *s, void **v, unsigned long n)
{
	for (unsigned long i = 0; i < n; i++)
		kmem_cache_free(s, v[i]);
}

/* Allocate @n objects of a fresh cache; return where they landed. */
static struct landing fresh_run(const char *name, unsigned int size,
				slab_flags_t flags, gfp_t gfp, unsigned long n,
				void **v)
{
	struct kmem_cache *s = kmem_cache_create(name, size, 0,
						 flags | SLAB_NO_MERGE, NULL);
	struct landing l;

	REQUIRE(s);
	l = alloc_run(s, gfp, v, n);
	free_run(s, v, l.n);
	kmem_cache_destroy(s);
	return l;
}

static void print_landing(const char *what, const struct landing *l)
{
	fprintf(stderr, "%s: %lu objects (%lu failed): DMA %lu DMA32 %lu Normal %lu, phys %#llx..%#llx\n",
		what, l->n, l->failed, l->dma, l->dma32, l->normal,
		(unsigned long long)l->lo, (unsigned long long)l->hi);
}

#define EXPECT_LANDING(what, l, cond) do { \
	CHECK(cond); \
	if (!(cond)) print_landing(what, &(l)); \
} while (0)

/* What holds on every map where the zone has memory. */
static void test_cache_zones(void **v, bool chromebook)
{
	struct kmem_cache *d32, *dma, *plain;
	struct landing l;

	/* 20000 1 KiB objects of a 1024/1024 DMA32 cache: many slabs. */
	d32 = kmem_cache_create("zone-dma32", 1024, 1024, SLAB_CACHE_DMA32, NULL);
	REQUIRE(d32);
	l = alloc_run(d32, GFP_KERNEL, v, 20000);
	EXPECT_LANDING("dma32 cache", l, l.n == 20000 && l.normal == 0 && l.hi <= DMA32_LIMIT);
	CHECK(l.dma32 > 0);
	{
		unsigned long misaligned = 0;
		for (unsigned long i = 0; i < l.n; i++)
			misaligned += ((uintptr_t)v[i] & 1023) != 0 ||
				      (virt_to_phys(v[i]) & 1023) != 0;
		CHECK_EQ(misaligned, 0);
	}
	free_run(d32, v, l.n);
	kmem_cache_destroy(d32);

	/* A plain cache takes Normal memory (above 4 GiB on both maps). */
	plain = kmem_cache_create("zone-plain", 1024, 0, 0, NULL);
	REQUIRE(plain);
	l = alloc_run(plain, GFP_KERNEL, v, 20000);
	EXPECT_LANDING("plain cache", l, l.n == 20000 && l.normal == l.n);
	free_run(plain, v, l.n);
	kmem_cache_destroy(plain);

	/* A DMA cache: below 16 MiB, or nothing when there is no DMA zone. */
	dma = kmem_cache_create("zone-dma", 512, 0, SLAB_CACHE_DMA, NULL);
	REQUIRE(dma);
	l = alloc_run(dma, GFP_KERNEL | __GFP_NOWARN, v, 5000);
	if (chromebook)
		EXPECT_LANDING("dma cache (no DMA zone)", l, l.n == 0 && l.failed == 5000);
	else
		EXPECT_LANDING("dma cache", l, l.n == 5000 && l.dma == l.n && l.hi <= DMA_LIMIT);
	free_run(dma, v, l.n);
	kmem_cache_destroy(dma);
}

/* Zone bits passed by the caller never decide where a slab lives. */
static void test_caller_zone_bits(void **v, bool chromebook)
{
	struct landing l;
	unsigned long before;

	/* Plain caches: GFP_DMA is silently ignored, GFP_DMA32 reported. */
	before = zt_reports;
	l = fresh_run("bits-plain-dma", 256, 0, GFP_KERNEL | GFP_DMA, 4000, v);
	EXPECT_LANDING("plain + GFP_DMA", l, l.n == 4000 && l.normal == l.n);
	CHECK_EQ(zt_reports - before, 0);
	before = zt_reports;
	l = fresh_run("bits-plain-dma32", 256, 0, GFP_KERNEL | GFP_DMA32, 4000, v);
	EXPECT_LANDING("plain + GFP_DMA32", l, l.n == 4000 && l.normal == l.n);
	CHECK(zt_reports - before >= 1);      /* "Unexpected gfp" per new slab */
	l = fresh_run("bits-plain-high", 256, 0, GFP_KERNEL | __GFP_HIGHMEM, 4000, v);
	EXPECT_LANDING("plain + __GFP_HIGHMEM", l, l.n == 4000 && l.normal == l.n);

	/* A DMA32 cache given GFP_DMA stays in DMA32 (the DMA bit is dropped). */
	before = zt_reports;
	l = fresh_run("bits-d32-dma", 1024, SLAB_CACHE_DMA32, GFP_KERNEL | GFP_DMA, 4000, v);
	EXPECT_LANDING("dma32 + GFP_DMA", l, l.n == 4000 && l.dma == 0 && l.dma32 == l.n);
	CHECK_EQ(zt_reports - before, 0);
	l = fresh_run("bits-d32-d32", 1024, SLAB_CACHE_DMA32, GFP_KERNEL | GFP_DMA32, 4000, v);
	EXPECT_LANDING("dma32 + GFP_DMA32", l, l.n == 4000 && l.normal == 0);

	/* A DMA cache given GFP_DMA32 stays in DMA (if there is one). */
	if (!chromebook) {
		l = fresh_run("bits-dma-d32", 512, SLAB_CACHE_DMA, GFP_KERNEL | GFP_DMA32, 2000, v);
		EXPECT_LANDING("dma + GFP_DMA32", l, l.n == 2000 && l.dma == l.n);
	} else {
		l = fresh_run("bits-dma-d32", 512, SLAB_CACHE_DMA,
			      GFP_KERNEL | GFP_DMA32 | __GFP_NOWARN, 2000, v);
		EXPECT_LANDING("dma + GFP_DMA32 (no DMA zone)", l, l.n == 0);
	}
	CHECK_EQ(zslab_validate(), 0);
}

/*
 * "memmap=64M@0 memmap=64M@0x100000000": DMA 16 MiB, DMA32 48 MiB,
 * Normal 64 MiB.  A DMA32 cache fills DMA32 and DMA, then returns NULL
 * while Normal still has free memory; none of its objects is in Normal.
 */
static void test_dma32_exhaustion(void)
{
	enum { MAX = 70000 };
	void **v = malloc(MAX * sizeof(void *));
	struct kmem_cache *d32, *plain;
	struct landing l;
	long normal_free;

	REQUIRE(v);
	boot("memmap=64M@0 memmap=64M@0x100000000");
	d32 = kmem_cache_create("exhaust-dma32", 1024, 0, SLAB_CACHE_DMA32, NULL);
	REQUIRE(d32);
	l = alloc_run(d32, GFP_KERNEL | __GFP_NOWARN, v, MAX);
	EXPECT_LANDING("dma32 exhaustion", l, l.failed > 0 && l.normal == 0 && l.hi <= DMA32_LIMIT);
	/* Most of the 64 MiB below 4 GiB was used before it failed. */
	EXPECT_LANDING("dma32 exhaustion count", l, l.n >= 48 * 1024);
	CHECK(l.dma > 0);
	/* ... while Normal still had plenty. */
	normal_free = atomic_load(&zs_zones[ZONE_NORMAL].nr_free);
	CHECK(normal_free > 8192);
	/* Retrying does not help: still NULL, never Normal memory. */
	for (int i = 0; i < 100; i++) {
		void *p = kmem_cache_alloc(d32, GFP_KERNEL | __GFP_NOWARN);
		CHECK(p == NULL);
		if (p) {
			fprintf(stderr, "DMA32 cache returned %#llx after exhaustion\n",
				(unsigned long long)virt_to_phys(p));
			kmem_cache_free(d32, p);
			break;
		}
	}

	/* A plain cache still gets Normal memory. */
	plain = kmem_cache_create("exhaust-plain", 1024, 0, 0, NULL);
	REQUIRE(plain);
	void *p = kmem_cache_alloc(plain, GFP_KERNEL);
	CHECK(p != NULL);
	if (p) {
		CHECK(virt_to_phys(p) >= DMA32_LIMIT);
		kmem_cache_free(plain, p);
	}
	free_run(d32, v, l.n);
	CHECK_EQ(zslab_validate(), 0);

	/* A DMA cache fills DMA alone, then NULL; nothing above 16 MiB. */
	struct kmem_cache *dma = kmem_cache_create("exhaust-dma", 1024, 0, SLAB_CACHE_DMA, NULL);
	REQUIRE(dma);
	l = alloc_run(dma, GFP_KERNEL | __GFP_NOWARN, v, MAX);
	EXPECT_LANDING("dma exhaustion", l, l.failed > 0 && l.n > 8 * 1024 &&
		       l.dma == l.n && l.hi <= DMA_LIMIT);
	free_run(dma, v, l.n);
	kmem_cache_destroy(dma);
	kmem_cache_destroy(plain);
	kmem_cache_destroy(d32);
	CHECK_EQ(zslab_validate(), 0);
	free(v);
}

int main(void)
{
	void **v = malloc(20000 * sizeof(void *));

	REQUIRE(v);
	zt_capture_reports();

	boot(NULL);
	test_cache_zones(v, false);
	test_caller_zone_bits(v, false);
	CHECK_EQ(zslab_validate(), 0);

	boot("memmap=4G@0x40000000");
	test_cache_zones(v, true);
	test_caller_zone_bits(v, true);
	/* kmalloc: GFP_DMA has no memory here; GFP_DMA32 is not DMA32. */
	CHECK(kmalloc(100, GFP_KERNEL | GFP_DMA | __GFP_NOWARN) == NULL);
	void *p = kmalloc(100, GFP_KERNEL | GFP_DMA32);
	REQUIRE(p);
	CHECK(virt_to_phys(p) >= DMA32_LIMIT);
	kfree(p);
	CHECK_EQ(zslab_validate(), 0);

	test_dma32_exhaustion();

	zslab_exit();
	free(v);
	return zt_summary("test_slab_zones");
}
