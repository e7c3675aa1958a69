/* SPDX-License-Identifier: MIT */
/*
 * test_slab_merge.c - cache merging and unique ids as in the kernel: two
 * 1024/1024 SLAB_CACHE_DMA32 caches merge into ":D-0001024" (refcount 2,
 * the second name an alias), not under slab_nomerge; a DMA32 and a plain
 * cache never merge; ctor, usersize, SLAB_NO_MERGE and the debug flags
 * prevent merging; the size and alignment fit rules; destroying an alias
 * drops a reference; the id letters d, D, a, F, A.
 */
#include "zt.h"

#include <stdint.h>

#include "slab/slab.h"

static void boot(const char *cmdline)
{
	zslab_exit();
	REQUIRE(zslab_init(cmdline) == 0);
}

static const char *uid(const struct kmem_cache *s)
{
	static char buf[4][64];
	static int n;
	char *b = buf[n++ % 4];

	zs_slab_unique_id(s, b, sizeof(buf[0]));
	return b;
}

#define CHECK_ID(s, want) do { \
	const char *zt_id = uid(s); \
	CHECK(!strcmp(zt_id, (want))); \
	if (strcmp(zt_id, (want))) \
		fprintf(stderr, "  unique id %s, want %s\n", zt_id, (want)); \
} while (0)

static bool has_alias(const struct kmem_cache *s, const char *name)
{
	for (unsigned int i = 0; i < s->nr_aliases; i++)
		if (!strcmp(s->aliases[i], name))
			return true;
	return false;
}

static void ctor_nop(void *p)
{
	(void)p;
}

/* --- the series' example --------------------------------------------- */

static void test_dma32_pair(void)
{
	struct kmem_cache *a, *b, *c, *n;
	void *p;

	a = kmem_cache_create("io-pgtable_l2_a", 1024, 1024, SLAB_CACHE_DMA32, NULL);
	b = kmem_cache_create("io-pgtable_l2_b", 1024, 1024, SLAB_CACHE_DMA32, NULL);
	REQUIRE(a && b);
	CHECK(a == b);
	CHECK_ID(a, ":D-0001024");
	CHECK_EQ(a->refcount, 2);
	CHECK(!strcmp(a->name, "io-pgtable_l2_a"));     /* the oldest name */
	CHECK_EQ(a->nr_aliases, 1);
	CHECK(has_alias(a, "io-pgtable_l2_b"));
	/* Objects of the alias are the cache's, below 4 GiB. */
	p = kmem_cache_alloc(b, GFP_KERNEL);
	REQUIRE(p);
	CHECK(zs_obj_cache(p) == a);
	CHECK(virt_to_phys(p) < (4ULL << 30));
	kmem_cache_free(b, p);

	/* DMA32 never merges with a plain or DMA cache of the same size. */
	n = kmem_cache_create("plain-1024", 1024, 1024, 0, NULL);
	REQUIRE(n);
	CHECK(n != a);
	CHECK_ID(n, ":0001024");
	c = kmem_cache_create("dma-1024", 1024, 1024, SLAB_CACHE_DMA, NULL);
	REQUIRE(c);
	CHECK(c != a && c != n);
	CHECK_ID(c, ":d-0001024");

	/* The other order: a plain cache first, then a DMA32 one. */
	struct kmem_cache *p2 = kmem_cache_create("plain-2048", 2048, 0, 0, NULL);
	struct kmem_cache *d2 = kmem_cache_create("dma32-2048", 2048, 0, SLAB_CACHE_DMA32, NULL);
	REQUIRE(p2 && d2);
	CHECK(p2 != d2);
	CHECK_ID(p2, ":0002048");
	CHECK_ID(d2, ":D-0002048");
	CHECK(d2->flags & SLAB_CACHE_DMA32);
	CHECK(!(p2->flags & SLAB_CACHE_DMA32));
	/* A second plain 2048 merges with the plain one only. */
	struct kmem_cache *p3 = kmem_cache_create("plain-2048b", 2048, 0, 0, NULL);
	CHECK(p3 == p2);
	struct kmem_cache *d3 = kmem_cache_create("dma32-2048b", 2048, 0, SLAB_CACHE_DMA32, NULL);
	CHECK(d3 == d2);

	/* Destroying an alias drops a reference and leaves the cache usable. */
	kmem_cache_destroy(b);
	CHECK_EQ(a->refcount, 1);
	CHECK_EQ(kmem_cache_size(a), 1024);
	p = kmem_cache_alloc(a, GFP_KERNEL);
	CHECK(p != NULL);
	if (p) {
		memset(p, 0x11, 1024);
		CHECK(zs_obj_cache(p) == a);
		kmem_cache_free(a, p);
	}
	/* Re-creating the name makes it an alias again. */
	b = kmem_cache_create("io-pgtable_l2_b", 1024, 1024, SLAB_CACHE_DMA32, NULL);
	CHECK(b == a);
	CHECK_EQ(a->refcount, 2);

	kmem_cache_destroy(b);
	kmem_cache_destroy(a);
	kmem_cache_destroy(n);
	kmem_cache_destroy(c);
	kmem_cache_destroy(p3);
	kmem_cache_destroy(p2);
	kmem_cache_destroy(d3);
	kmem_cache_destroy(d2);
	CHECK_EQ(zslab_validate(), 0);
}

static void test_nomerge_option(void)
{
	struct kmem_cache *a, *b;

	boot("slab_nomerge");
	a = kmem_cache_create("nm_a", 1024, 1024, SLAB_CACHE_DMA32, NULL);
	b = kmem_cache_create("nm_b", 1024, 1024, SLAB_CACHE_DMA32, NULL);
	REQUIRE(a && b);
	CHECK(a != b);
	CHECK_EQ(a->refcount, 1);
	CHECK_EQ(b->refcount, 1);
	CHECK_ID(a, ":D-0001024");
	CHECK_ID(b, ":D-0001024");
	kmem_cache_destroy(a);
	kmem_cache_destroy(b);

	/* slub_nomerge is the same; slab_merge after it turns merging back on. */
	boot("slub_nomerge");
	a = kmem_cache_create("nm_a", 64, 0, 0, NULL);
	b = kmem_cache_create("nm_b", 64, 0, 0, NULL);
	CHECK(a != b);
	kmem_cache_destroy(a);
	kmem_cache_destroy(b);
	boot("slab_nomerge slab_merge");
	a = kmem_cache_create("nm_a", 64, 0, 0, NULL);
	b = kmem_cache_create("nm_b", 64, 0, 0, NULL);
	CHECK(a == b);
	kmem_cache_destroy(b);
	kmem_cache_destroy(a);
	boot(NULL);
}

/*
 * The creator's name may go first: destroying the original cache while an
 * alias lives drops a reference only.  And names are copied: the caller's
 * buffer may change afterwards.
 */
static void test_creator_first(void)
{
	char name[32];
	struct kmem_cache *x, *y;
	void *p;

	snprintf(name, sizeof(name), "creator-1000");
	x = kmem_cache_create(name, 1000, 0, 0, NULL);
	snprintf(name, sizeof(name), "alias-1000");
	y = kmem_cache_create(name, 1000, 0, 0, NULL);
	REQUIRE(x && y);
	CHECK(x == y);
	memset(name, 'Z', sizeof(name) - 1);
	CHECK(!strcmp(x->name, "creator-1000"));
	CHECK(has_alias(x, "alias-1000"));
	kmem_cache_destroy(x);
	CHECK_EQ(y->refcount, 1);
	p = kmem_cache_alloc(y, GFP_KERNEL);
	REQUIRE(p);
	memset(p, 1, 1000);
	CHECK(zs_obj_cache(p) == y);
	kmem_cache_free(y, p);
	CHECK_EQ(kmem_cache_shrink(y), 0);
	kmem_cache_destroy(y);
	CHECK_EQ(zslab_validate(), 0);
}

/* --- what prevents merging ----------------------------------------------- */

static void test_unmergeable(void)
{
	static const struct { const char *name; slab_flags_t flags; } never[] = {
		{ "nm-redzone", SLAB_RED_ZONE },
		{ "nm-poison", SLAB_POISON },
		{ "nm-storeuser", SLAB_STORE_USER },
		{ "nm-trace", SLAB_TRACE },
		{ "nm-nomerge", SLAB_NO_MERGE },
	};
	struct kmem_cache *base, *x;

	base = kmem_cache_create("merge-base-200", 200, 0, 0, NULL);
	REQUIRE(base);
	CHECK_EQ(base->refcount, 1);

	/* A new cache with any of these flags does not merge into base ... */
	for (size_t i = 0; i < sizeof(never) / sizeof(never[0]); i++) {
		unsigned int size = 240 + 8 * (unsigned int)i;   /* no other cache */
		x = kmem_cache_create(never[i].name, 200, 0, never[i].flags, NULL);
		REQUIRE(x);
		CHECK(x != base);
		if (x == base)
			fprintf(stderr, "  %s merged\n", never[i].name);
		kmem_cache_destroy(x);
		/* ... and no plain cache merges into one of them. */
		x = kmem_cache_create(never[i].name, size, 0, never[i].flags, NULL);
		struct kmem_cache *y = kmem_cache_create("after-never", size, 0, 0, NULL);
		REQUIRE(x && y);
		CHECK(y != x);
		kmem_cache_destroy(y);
		kmem_cache_destroy(x);
	}
	CHECK_EQ(base->refcount, 1);

	/* A ctor: no merge either way. */
	x = kmem_cache_create("with-ctor", 200, 0, 0, ctor_nop);
	REQUIRE(x);
	CHECK(x != base);
	CHECK(x->ctor == ctor_nop);
	kmem_cache_destroy(x);
	x = kmem_cache_create("ctor-first-216", 216, 0, 0, ctor_nop);
	struct kmem_cache *y = kmem_cache_create("after-ctor-216", 216, 0, 0, NULL);
	REQUIRE(x && y);
	CHECK(x != y);
	kmem_cache_destroy(y);
	kmem_cache_destroy(x);

	/* usersize: no merge either way. */
	x = kmem_cache_create_usercopy("usercopy-200", 200, 0, 0, 0, 200, NULL);
	REQUIRE(x);
	CHECK(x != base);
	kmem_cache_destroy(x);
	x = kmem_cache_create_usercopy("usercopy-232", 232, 0, 0, 16, 64, NULL);
	y = kmem_cache_create("after-usercopy-232", 232, 0, 0, NULL);
	REQUIRE(x && y);
	CHECK(x != y);
	kmem_cache_destroy(y);
	kmem_cache_destroy(x);

	/* Different accounting flags (SLAB_MERGE_SAME) do not merge. */
	x = kmem_cache_create("rcl-200", 200, 0, SLAB_RECLAIM_ACCOUNT, NULL);
	y = kmem_cache_create("acct-200", 200, 0, SLAB_ACCOUNT, NULL);
	REQUIRE(x && y);
	CHECK(x != base && y != base && x != y);
	kmem_cache_destroy(y);
	kmem_cache_destroy(x);

	/* The kmalloc caches are usercopy caches: never a merge target. */
	x = kmem_cache_create("like-kmalloc-128", 128, 0, 0, NULL);
	REQUIRE(x);
	CHECK(strcmp(x->name, "kmalloc-128"));
	CHECK(!strcmp(x->name, "like-kmalloc-128"));
	kmem_cache_destroy(x);

	/* But with no flag, ctor or usersize in the way, it merges. */
	x = kmem_cache_create("merges-200", 200, 0, 0, NULL);
	CHECK(x == base);
	CHECK_EQ(base->refcount, 2);
	kmem_cache_destroy(x);
	kmem_cache_destroy(base);
	CHECK_EQ(zslab_validate(), 0);
}

/* --- size and alignment fit --------------------------------------------- */

static void test_fit(void)
{
	struct kmem_cache *c96, *c64, *x, *m100;

	/* Sizes rounding to the same word size merge; object_size grows. */
	m100 = kmem_cache_create("m100", 100, 0, 0, NULL);
	REQUIRE(m100);
	CHECK_EQ(m100->size, 104);
	x = kmem_cache_create("m97", 97, 0, 0, NULL);
	CHECK(x == m100);
	CHECK_EQ(kmem_cache_size(m100), 100);
	x = kmem_cache_create("m104", 104, 0, 0, NULL);
	CHECK(x == m100);
	CHECK_EQ(kmem_cache_size(m100), 104);      /* the larger object size */
	CHECK_EQ(m100->refcount, 3);
	/* One more word does not fit. */
	x = kmem_cache_create("m105", 105, 0, 0, NULL);
	REQUIRE(x);
	CHECK(x != m100);
	CHECK_EQ(x->size, 112);
	kmem_cache_destroy(x);
	/* A size one word smaller does not merge up (s->size - size >= word). */
	x = kmem_cache_create("m96", 96, 0, 0, NULL);
	REQUIRE(x);
	CHECK(x != m100);
	c96 = x;

	/* 64 does not merge into a 96 cache. */
	c64 = kmem_cache_create("c64", 64, 0, 0, NULL);
	REQUIRE(c64);
	CHECK(c64 != c96);
	CHECK_EQ(c64->size, 64);
	x = kmem_cache_create("c90", 90, 0, 0, NULL);
	CHECK(x == c96);
	x = kmem_cache_create("c88", 88, 0, 0, NULL);
	REQUIRE(x);
	CHECK(x != c96);
	kmem_cache_destroy(x);

	/* Alignment: a 64-aligned 64-byte cache fits the 64 cache (64 | 64). */
	x = kmem_cache_create("c64-al64", 64, 64, 0, NULL);
	CHECK(x == c64);
	x = kmem_cache_create("c64-hw", 64, 0, SLAB_HWCACHE_ALIGN, NULL);
	CHECK(x == c64);
	/* ... but HWCACHE_ALIGN rounds 40 up to 64 as well. */
	x = kmem_cache_create("c40-hw", 40, 0, SLAB_HWCACHE_ALIGN, NULL);
	CHECK(x == c64);
	CHECK_EQ(c64->refcount, 4);
	/* A 128-aligned request does not fit a 96 or 104 stride. */
	x = kmem_cache_create("c96-al128", 96, 128, 0, NULL);
	REQUIRE(x);
	CHECK(x != c96 && x != m100);
	CHECK_EQ(x->size, 128);
	kmem_cache_destroy(x);

	/* Destroy every alias and every cache (refcounts down to zero). */
	for (int i = 0; i < 4; i++)
		kmem_cache_destroy(c64);
	kmem_cache_destroy(c96);   /* c90 */
	kmem_cache_destroy(c96);
	for (int i = 0; i < 3; i++)
		kmem_cache_destroy(m100);
	CHECK_EQ(zslab_validate(), 0);
}

/* --- unique ids ------------------------------------------------------ */

static void test_ids(void)
{
	struct kmem_cache *s;

	s = kmem_cache_create("id-dma64", 64, 0, SLAB_CACHE_DMA, NULL);
	REQUIRE(s);
	CHECK_ID(s, ":d-0000064");
	/* 5.0's dma-kmalloc caches have usersize 0: this merges with one. */
	CHECK(!strcmp(s->name, "dma-kmalloc-64"));
	CHECK(s->refcount >= 2);
	int ref = s->refcount;
	kmem_cache_destroy(s);
	CHECK_EQ(s->refcount, ref - 1);

	s = kmem_cache_create("id-rcl104", 104, 0, SLAB_RECLAIM_ACCOUNT, NULL);
	REQUIRE(s);
	CHECK_ID(s, ":a-0000104");
	kmem_cache_destroy(s);
	s = kmem_cache_create("id-acct192", 192, 0, SLAB_ACCOUNT, NULL);
	REQUIRE(s);
	CHECK_ID(s, ":A-0000192");
	kmem_cache_destroy(s);
	s = kmem_cache_create("id-plain64", 64, 0, SLAB_NO_MERGE, NULL);
	REQUIRE(s);
	CHECK_ID(s, ":0000064");
	kmem_cache_destroy(s);
	s = kmem_cache_create("id-d32-1024", 1024, 1024, SLAB_CACHE_DMA32 | SLAB_NO_MERGE, NULL);
	REQUIRE(s);
	CHECK_ID(s, ":D-0001024");
	kmem_cache_destroy(s);
	/* Letters in the kernel's order: d D a F A. */
	s = kmem_cache_create("id-many", 4096, 0,
			      SLAB_CACHE_DMA32 | SLAB_RECLAIM_ACCOUNT | SLAB_ACCOUNT, NULL);
	REQUIRE(s);
	CHECK_ID(s, ":DaA-0004096");
	kmem_cache_destroy(s);
	s = kmem_cache_create("id-dmaF", 4096, 0,
			      SLAB_CACHE_DMA | SLAB_CONSISTENCY_CHECKS | SLAB_ACCOUNT, NULL);
	REQUIRE(s);
	CHECK_ID(s, ":dFA-0004096");
	kmem_cache_destroy(s);
	CHECK_EQ(zslab_validate(), 0);
}

/*
 * Re-creating an alias name replaces it (the kernel removes the old sysfs
 * link first): create/destroy cycles of a mergeable cache must not pile
 * up names on the cache it merges into - least of all on a kmalloc cache,
 * which lives forever.
 */
static void test_alias_cycles(void)
{
	struct kmem_cache *base = kmem_cache_create("cycle-base", 328, 0, 0, NULL);
	struct kmem_cache *dk, *x;
	unsigned int n0;

	REQUIRE(base);
	for (int i = 0; i < 1000; i++) {
		x = kmem_cache_create("cycle-alias", 328, 0, 0, NULL);
		REQUIRE(x == base);
		kmem_cache_destroy(x);
	}
	CHECK_EQ(base->refcount, 1);
	CHECK(base->nr_aliases <= 1);
	if (base->nr_aliases > 1)
		fprintf(stderr, "  %u alias names kept after 1000 create/destroy cycles\n",
			base->nr_aliases);
	kmem_cache_destroy(base);

	x = kmem_cache_create("cycle-dma", 64, 0, SLAB_CACHE_DMA, NULL);
	REQUIRE(x);
	dk = x;
	n0 = dk->nr_aliases;
	kmem_cache_destroy(x);
	for (int i = 0; i < 1000; i++) {
		x = kmem_cache_create("cycle-dma", 64, 0, SLAB_CACHE_DMA, NULL);
		REQUIRE(x == dk);
		kmem_cache_destroy(x);
	}
	CHECK_EQ(dk->nr_aliases, n0);
	if (dk->nr_aliases != n0)
		fprintf(stderr, "  %s: %u alias names, %u after the first cycle\n",
			dk->name, dk->nr_aliases, n0);
	CHECK_EQ(zslab_validate(), 0);
}

int main(void)
{
	zt_capture_reports();
	boot(NULL);

	test_dma32_pair();
	test_nomerge_option();
	test_creator_first();
	test_unmergeable();
	test_fit();
	test_ids();
	test_alias_cycles();

	CHECK_EQ(zt_reports, 0);   /* none of this is worth a report */
	zslab_exit();
	return zt_summary("test_slab_merge");
}
