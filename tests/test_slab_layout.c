/* SPDX-License-Identifier: MIT */
/*
 * test_slab_layout.c - object layout, alignment, order and limits as the
 * kernel computes them (calculate_alignment, calculate_sizes with the 5.7+
 * free pointer position, calculate_order, set_min_partial), recomputed here
 * independently: s->size for plain, SLAB_HWCACHE_ALIGN and explicitly
 * aligned caches, objects aligned as promised (1 KiB/1 KiB hands out 1 KiB
 * aligned objects), the free pointer offset, the debug layout worked
 * example (1024/1024 FZPU -> 3072), order and objects per slab for many
 * sizes with nr_cpu_ids = the host's CPU count, min_partial and
 * cpu_partial, free pointers stored encoded, fallback
 * slabs at get_order(size) when the preferred order cannot be had, ksize
 * on debug caches, KMEM_CACHE, and constructors running once per object
 * when its slab is made.
 */
#include "zt.h"

#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>

#include "mm/mm_internal.h"
#include "slab/slab.h"
#include "slab/slub_internal.h"

#define WORD 8u
#define TRACK 152u
#define CACHE_LINE_SIZE 64u
#define SLUB_MAX_OBJS 32767u

#define ALIGN_UP(x, a)   (((x) + (a) - 1) / (a) * (a))
#define ALIGN_DOWN(x, a) ((x) / (a) * (a))

static void boot(const char *cmdline)
{
	zslab_exit();
	REQUIRE(zslab_init(cmdline) == 0);
}

/* --- the kernel's computations, written out again ---------------------- */

static unsigned int k_align(slab_flags_t flags, unsigned int align,
			    unsigned int size)
{
	if (flags & SLAB_HWCACHE_ALIGN) {
		unsigned int ralign = CACHE_LINE_SIZE;
		while (size <= ralign / 2)
			ralign /= 2;
		if (align < ralign)
			align = ralign;
	}
	if (align < WORD)
		align = WORD;
	return ALIGN_UP(align, WORD);
}

struct layout {
	unsigned int size, inuse, offset, red_left_pad, align;
};

static struct layout k_layout(unsigned int object_size, unsigned int align,
			      slab_flags_t flags, bool ctor)
{
	struct layout l = { 0 };
	unsigned int size = ALIGN_UP(object_size, WORD);

	l.align = k_align(flags, align, object_size);
	if ((flags & SLAB_RED_ZONE) && size == object_size)
		size += WORD;
	l.inuse = size;
	if ((flags & SLAB_POISON) || ctor ||
	    ((flags & SLAB_RED_ZONE) && object_size < WORD)) {
		l.offset = size;
		size += WORD;
	} else {
		l.offset = ALIGN_DOWN(object_size / 2, WORD);
	}
	if (flags & SLAB_STORE_USER)
		size += 2 * TRACK;
	if (flags & SLAB_RED_ZONE) {
		size += WORD;
		l.red_left_pad = ALIGN_UP(WORD, l.align);
		size += l.red_left_pad;
	}
	l.size = ALIGN_UP(size, l.align);
	return l;
}

/* The boot parameters calculate_order reads. */
static unsigned int p_min_order, p_max_order = 3, p_min_objects;

static unsigned int host_cpus(void)
{
	cpu_set_t set;

	REQUIRE(sched_getaffinity(0, sizeof(set), &set) == 0);
	return (unsigned int)CPU_COUNT(&set);
}

static unsigned int k_fls(unsigned int x)
{
	unsigned int n = 0;

	while (x) {
		n++;
		x >>= 1;
	}
	return n;
}

static unsigned int k_get_order(unsigned long size)
{
	unsigned int order = 0;

	size = (size - 1) >> 12;
	while (size) {
		order++;
		size >>= 1;
	}
	return order;
}

static unsigned int order_objects(unsigned int order, unsigned int size)
{
	return (unsigned int)((4096UL << order) / size);
}

static unsigned int k_slab_order(unsigned int size, unsigned int min_objects,
				 unsigned int max_order, unsigned int fract)
{
	unsigned int order;

	if (order_objects(p_min_order, size) > SLUB_MAX_OBJS)
		return k_get_order((unsigned long)size * SLUB_MAX_OBJS) - 1;
	order = k_get_order((unsigned long)min_objects * size);
	if (order < p_min_order)
		order = p_min_order;
	for (; order <= max_order; order++) {
		unsigned long slab_size = 4096UL << order;
		if (slab_size % size <= slab_size / fract)
			break;
	}
	return order;
}

static int k_calculate_order(unsigned int size)
{
	unsigned int min_objects = p_min_objects, max_objects, order;

	if (!min_objects)
		min_objects = 4 * (k_fls(host_cpus()) + 1);
	max_objects = order_objects(p_max_order, size);
	if (min_objects > max_objects)
		min_objects = max_objects;
	while (min_objects > 1) {
		for (unsigned int fraction = 16; fraction >= 4; fraction /= 2) {
			order = k_slab_order(size, min_objects, p_max_order, fraction);
			if (order <= p_max_order)
				return (int)order;
		}
		min_objects--;
	}
	order = k_slab_order(size, 1, p_max_order, 1);
	if (order <= p_max_order)
		return (int)order;
	order = k_slab_order(size, 1, MAX_ORDER, 1);
	if (order < MAX_ORDER)
		return (int)order;
	return -1;
}

/* cpu_partial: 0 for debug caches, then by size (set_cpu_partial). */
static unsigned int k_cpu_partial(unsigned int size)
{
	return size >= 4096 ? 2 : size >= 1024 ? 6 : size >= 256 ? 13 : 30;
}

static unsigned long k_min_partial(unsigned int size)
{
	unsigned long mp = (k_fls(size) - 1) / 2;

	return mp < 5 ? 5 : mp > 10 ? 10 : mp;
}

/* --- layouts ---------------------------------------------------------- */

static void ctor_nop(void *p)
{
	(void)p;
}

/* Create a cache and compare its layout with k_layout(). */
static void check_layout(unsigned int object_size, unsigned int align,
			 slab_flags_t flags, bool ctor, unsigned int want_size)
{
	struct layout l = k_layout(object_size, align, flags, ctor);
	struct kmem_cache *s = kmem_cache_create("layout", object_size, align,
						 flags | SLAB_NO_MERGE,
						 ctor ? ctor_nop : NULL);
	int bad = 0;

	REQUIRE(s);
	if (want_size)
		CHECK_EQ(l.size, want_size);   /* the test's own arithmetic */
	bad += s->size != l.size;
	bad += s->inuse != l.inuse;
	bad += s->offset != l.offset;
	bad += s->red_left_pad != l.red_left_pad;
	bad += s->align != l.align;
	bad += s->object_size != object_size;
	CHECK_EQ(bad, 0);
	if (bad)
		fprintf(stderr, "layout %u/%u flags %#x%s: size %u inuse %u offset %u left %u align %u; "
			"want %u %u %u %u %u\n", object_size, align, flags, ctor ? " ctor" : "",
			s->size, s->inuse, s->offset, s->red_left_pad, s->align,
			l.size, l.inuse, l.offset, l.red_left_pad, l.align);

	/* Objects are aligned as promised, and fit their slots. */
	enum { N = 40 };
	void *v[N];
	unsigned long misaligned = 0;
	for (int i = 0; i < N; i++) {
		v[i] = kmem_cache_alloc(s, GFP_KERNEL);
		REQUIRE(v[i]);
		misaligned += (uintptr_t)v[i] % l.align != 0 ||
			      virt_to_phys(v[i]) % l.align != 0;
		memset(v[i], 0x42, object_size);
	}
	CHECK_EQ(misaligned, 0);
	for (int i = 0; i < N; i++)
		kmem_cache_free(s, v[i]);
	kmem_cache_destroy(s);
}

static void test_layouts(void)
{
	/* plain: size rounded to a word */
	check_layout(1, 0, 0, false, 8);
	check_layout(8, 0, 0, false, 8);
	check_layout(13, 0, 0, false, 16);
	check_layout(100, 0, 0, false, 104);
	check_layout(1000, 0, 0, false, 1000);
	check_layout(4000, 0, 0, false, 4000);
	check_layout(4097, 0, 0, false, 4104);
	/* SLAB_HWCACHE_ALIGN: the cache line, halved while size fits in half */
	check_layout(8, 0, SLAB_HWCACHE_ALIGN, false, 8);
	check_layout(20, 0, SLAB_HWCACHE_ALIGN, false, 32);
	check_layout(33, 0, SLAB_HWCACHE_ALIGN, false, 64);
	check_layout(100, 0, SLAB_HWCACHE_ALIGN, false, 128);
	check_layout(200, 0, SLAB_HWCACHE_ALIGN, false, 256);
	check_layout(24, 128, SLAB_HWCACHE_ALIGN, false, 128);
	/* explicit alignment */
	check_layout(10, 4, 0, false, 16);
	check_layout(24, 16, 0, false, 32);
	check_layout(100, 32, 0, false, 128);
	check_layout(1024, 1024, 0, false, 1024);
	check_layout(3000, 512, 0, false, 3072);
	check_layout(16, 4096, 0, false, 4096);
	/* free pointer: mid-object, or after it with a ctor or POISON */
	check_layout(64, 0, 0, false, 64);         /* offset 32 */
	check_layout(24, 0, 0, false, 24);         /* offset 8 */
	check_layout(100, 0, 0, true, 112);        /* offset 104 */
	check_layout(64, 0, 0, true, 72);          /* offset 64 */
	check_layout(64, 0, SLAB_POISON, false, 72);
	/* debug flags */
	check_layout(64, 0, SLAB_RED_ZONE, false, 88);
	check_layout(20, 0, SLAB_RED_ZONE, false, 40);
	check_layout(4, 0, SLAB_RED_ZONE, false, 32);
	check_layout(64, 0, SLAB_STORE_USER, false, 368);
	check_layout(1024, 1024, SLAB_RED_ZONE, false, 3072);
	check_layout(200, 64, SLAB_RED_ZONE | SLAB_POISON, false, 320);
	check_layout(100, 0, SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | SLAB_POISON |
		     SLAB_STORE_USER, true, 0);
	/* Specific offsets the issue names. */
	struct kmem_cache *s = kmem_cache_create("fp-100", 100, 0, SLAB_NO_MERGE, NULL);
	REQUIRE(s);
	CHECK_EQ(s->offset, 48);     /* ALIGN_DOWN(100 / 2, 8) */
	kmem_cache_destroy(s);
	s = kmem_cache_create("fp-ctor", 100, 0, SLAB_NO_MERGE, ctor_nop);
	REQUIRE(s);
	CHECK_EQ(s->offset, 104);    /* after the object */
	kmem_cache_destroy(s);
	s = kmem_cache_create("fp-poison", 100, 0, SLAB_POISON, NULL);
	REQUIRE(s);
	CHECK_EQ(s->offset, 104);
	kmem_cache_destroy(s);
}

/* The worked example: 1024/1024 with F, Z, P, U gives 3072. */
static void test_debug_example(void)
{
	struct kmem_cache *s = kmem_cache_create("io-pgtable_armv7s_l2-debug", 1024, 1024,
						 SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE |
						 SLAB_POISON | SLAB_STORE_USER |
						 SLAB_CACHE_DMA32, NULL);
	enum { N = 50 };
	void *v[N];
	unsigned long misaligned = 0, high = 0;

	REQUIRE(s);
	CHECK_EQ(s->size, 3072);
	CHECK_EQ(s->inuse, 1032);
	CHECK_EQ(s->offset, 1032);
	CHECK_EQ(s->red_left_pad, 1024);
	CHECK_EQ(s->object_size, 1024);
	for (int i = 0; i < N; i++) {
		v[i] = kmem_cache_alloc(s, GFP_KERNEL);
		REQUIRE(v[i]);
		misaligned += ((uintptr_t)v[i] & 1023) != 0 || (virt_to_phys(v[i]) & 1023) != 0;
		high += virt_to_phys(v[i]) >= (4ULL << 30);
		memset(v[i], 0x21, 1024);
	}
	CHECK_EQ(misaligned, 0);
	CHECK_EQ(high, 0);
	/* Slots are 3 KiB apart, the object 1 KiB into its slot. */
	CHECK_EQ(ksize(v[0]), 1024);
	for (int i = 0; i < N; i++)
		kmem_cache_free(s, v[i]);
	kmem_cache_destroy(s);
}

/* --- order, objects, min_partial ------------------------------------------ */

static unsigned long check_order_of(unsigned int size)
{
	struct kmem_cache *s = kmem_cache_create("order", size, 0, SLAB_NO_MERGE, NULL);
	int order = k_calculate_order(size);
	unsigned int min_order = k_get_order(size);
	unsigned long bad = 0;

	REQUIRE(s);
	REQUIRE(s->size == size);
	REQUIRE(order >= 0);
	bad += s->order != (unsigned int)order;
	bad += s->objects != order_objects((unsigned int)order, size);
	bad += s->min_order != min_order;
	bad += s->min_objects != order_objects(min_order, size);
	bad += s->min_partial != k_min_partial(size);
	bad += s->cpu_partial != k_cpu_partial(size);
	if (bad)
		fprintf(stderr, "size %u: order %u objects %u min %u/%u min_partial %lu; "
			"want %d %u %u/%u %lu\n", size, s->order, s->objects,
			s->min_order, s->min_objects, s->min_partial, order,
			order_objects((unsigned int)order, size), min_order,
			order_objects(min_order, size), k_min_partial(size));
	kmem_cache_destroy(s);
	return bad;
}

static void test_orders(const char *what)
{
	static const unsigned int big[] = { 8200, 9000, 10000, 12288, 16384, 20000, 24576,
					    32768, 40000, 65536, 100000, 131072, 262144,
					    1 << 20, 3 << 20, 4 << 20 };
	unsigned long bad = 0;

	for (unsigned int size = 8; size <= 8192; size += 8)
		bad += check_order_of(size) != 0;
	for (size_t i = 0; i < sizeof(big) / sizeof(big[0]); i++)
		bad += check_order_of(big[i]) != 0;
	CHECK_EQ(bad, 0);
	if (bad)
		fprintf(stderr, "%s: %lu sizes with another order (nr_cpu_ids %u)\n",
			what, bad, host_cpus());
}

/* The spec's example: 1 KiB objects take order 3 (32 objects) with 8 CPUs. */
static void test_order_example(void)
{
	unsigned int cpus = host_cpus();
	struct kmem_cache *s = kmem_cache_create("order-1k", 1024, 0, SLAB_NO_MERGE, NULL);

	REQUIRE(s);
	if (cpus >= 8 && cpus < 16) {
		CHECK_EQ(s->order, 3);
		CHECK_EQ(s->objects, 32);
	} else if (cpus >= 4 && cpus < 8) {
		CHECK_EQ(s->order, 2);
	}
	CHECK_EQ(s->min_partial, 5);
	kmem_cache_destroy(s);
}

/* --- constructors ----------------------------------------------------------- */

#define CTOR_MAGIC 0x0c70c70c70c70c70ull
static atomic_ulong ctor_calls;

static void ctor_count(void *p)
{
	uint64_t *w = p;

	atomic_fetch_add(&ctor_calls, 1);
	for (unsigned int i = 0; i < 96 / 8; i++)
		w[i] = CTOR_MAGIC + i;
}

static bool constructed(const void *p)
{
	const uint64_t *w = p;

	for (unsigned int i = 0; i < 96 / 8; i++)
		if (w[i] != CTOR_MAGIC + i)
			return false;
	return true;
}

static void test_ctor(void)
{
	enum { N = 1000 };
	void **v = malloc(N * sizeof(void *));
	struct kmem_cache *s = kmem_cache_create("ctor-cache", 96, 0, 0, ctor_count);
	unsigned long bad = 0, unconstructed = 0, before, total_before;

	REQUIRE(v && s);
	CHECK_EQ(atomic_load(&ctor_calls), 0);     /* none before a slab exists */
	/* Allocation only: every object of every slab made is constructed once. */
	for (int i = 0; i < N; i++) {
		v[i] = kmem_cache_alloc(s, GFP_KERNEL);
		REQUIRE(v[i]);
		unconstructed += !constructed(v[i]);
		bad += atomic_load(&ctor_calls) != s->total_objects;
	}
	CHECK_EQ(unconstructed, 0);
	CHECK_EQ(bad, 0);
	CHECK(atomic_load(&ctor_calls) >= N);
	CHECK(atomic_load(&ctor_calls) < N + 2 * s->objects + 64);
	/* The caller changes the objects and frees them; re-allocating does
	 * not run the constructor again (objects come back as they were). */
	for (int i = 0; i < N; i++)
		memset(v[i], 0xd5, 96);
	for (int i = 0; i < N; i++)
		kmem_cache_free(s, v[i]);
	before = atomic_load(&ctor_calls);
	total_before = s->total_objects;
	unsigned long dirty = 0;
	for (int i = 0; i < N; i++) {
		v[i] = kmem_cache_alloc(s, GFP_KERNEL);
		REQUIRE(v[i]);
		dirty += ((unsigned char *)v[i])[0] == 0xd5;
	}
	/* ctor calls only for slabs made now, not per allocation */
	CHECK_EQ(atomic_load(&ctor_calls) - before, s->total_objects - total_before);
	CHECK(atomic_load(&ctor_calls) - before < N / 2);
	CHECK(dirty >= N / 2);
	for (int i = 0; i < N; i++)
		kmem_cache_free(s, v[i]);

	/* __GFP_ZERO on a ctor cache: zeroed.  The kernel's WARN_ON_ONCE for
	 * it sits in the slow path (new_slab_objects), so at most one. */
	unsigned long r0 = zt_reports;
	void *z = kmem_cache_zalloc(s, GFP_KERNEL);
	REQUIRE(z);
	size_t nonzero = 0;
	for (int i = 0; i < 96; i++)
		nonzero += ((unsigned char *)z)[i] != 0;
	CHECK_EQ(nonzero, 0);
	void *z2 = kmem_cache_zalloc(s, GFP_KERNEL);
	REQUIRE(z2);
	nonzero = 0;
	for (int i = 0; i < 96; i++)
		nonzero += ((unsigned char *)z2)[i] != 0;
	CHECK_EQ(nonzero, 0);
	CHECK(zt_reports - r0 <= 1);
	kmem_cache_free(s, z2);
	kmem_cache_free(s, z);
	zt_reports = r0;

	kmem_cache_destroy(s);
	free(v);
}

/* --- free pointer hardening ------------------------------------------------ */

/*
 * Free pointers are stored encoded (CONFIG_SLAB_FREELIST_HARDENED): the
 * word at s->offset of a free object is not the next object's address,
 * and the end of a freelist is not stored as 0.
 */
/* A free object's word, read past ASan's poison (zslab poisons free objects). */
__attribute__((no_sanitize_address))
static uintptr_t read_raw_word(const void *p)
{
	return *(const volatile uintptr_t *)p;
}

/*
 * The division-free slot test (zs_slot_multiple()) against %, for every
 * slot size a cache can have up to 64 KiB (multiples of 8) and odd ones:
 * every offset in the first three slots, offsets spread up to 2^26, and
 * offsets just below 2^64 (an address before the first slot wraps there).
 */
static void test_slot_multiple(void)
{
	struct kmem_cache s;
	uint64_t x = 88172645463325252ull;
	unsigned long bad = 0;

	memset(&s, 0, sizeof(s));
	for (unsigned int size = 1; size <= 65536; size += size < 64 ? 1 : 8) {
		s.size = size;
		zs_slot_divisor_init(&s);
		for (uint64_t off = 0; off < 3ull * size; off++)
			bad += zs_slot_multiple(&s, off) != (off % size == 0);
		for (int i = 0; i < 200; i++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			uint64_t off = x & ((1ull << 26) - 1), wrap = -(x & 0xffff) - 1;
			bad += zs_slot_multiple(&s, off) != (off % size == 0);
			bad += zs_slot_multiple(&s, off - off % size) != true;
			bad += zs_slot_multiple(&s, wrap) != (wrap % size == 0);
		}
	}
	CHECK_EQ(bad, 0);
}

static void test_freelist_encoding(void)
{
	struct kmem_cache *s = kmem_cache_create("hardened", 128, 0, SLAB_NO_MERGE, NULL);
	struct page *head;
	unsigned long plain = 0, zero = 0, walked = 0;
	void *p;

	REQUIRE(s);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	REQUIRE(p);
	kmem_cache_shrink(s);          /* the rest of the slab is on its freelist */
	head = zs_obj_slab(p);
	REQUIRE(head && head->freelist);
	for (void *obj = head->freelist; obj && walked < 1000; walked++) {
		uintptr_t raw;
		void *next = get_freepointer(s, obj);
		raw = read_raw_word((char *)obj + s->offset);
		plain += next && raw == (uintptr_t)next;
		zero += !next && raw == 0;
		obj = next;
	}
	CHECK(walked >= 2);
	CHECK_EQ(plain, 0);
	CHECK_EQ(zero, 0);
	kmem_cache_free(s, p);
	kmem_cache_destroy(s);
}

/* --- ksize and KMEM_CACHE --------------------------------------------------- */

struct aligned_thing {
	long a;
	char name[20];
} __attribute__((aligned(32)));

static void test_ksize_and_macro(void)
{
	static const struct { slab_flags_t flags; unsigned int want; } cases[] = {
		{ 0, 104 },                   /* the slot */
		{ SLAB_HWCACHE_ALIGN, 128 },  /* the slot */
		{ SLAB_RED_ZONE, 100 },       /* object_size */
		{ SLAB_POISON, 100 },         /* object_size */
		{ SLAB_STORE_USER, 104 },     /* inuse */
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct kmem_cache *s = kmem_cache_create("ksize", 100, 0,
							 cases[i].flags | SLAB_NO_MERGE, NULL);
		REQUIRE(s);
		void *p = kmem_cache_alloc(s, GFP_KERNEL);
		REQUIRE(p);
		CHECK_EQ(ksize(p), cases[i].want);
		kmem_cache_free(s, p);
		kmem_cache_destroy(s);
	}

	struct kmem_cache *k = KMEM_CACHE(aligned_thing, SLAB_NO_MERGE);
	REQUIRE(k);
	CHECK(!strcmp(k->name, "aligned_thing"));
	CHECK_EQ(kmem_cache_size(k), sizeof(struct aligned_thing));
	CHECK_EQ(k->align, 32);
	CHECK_EQ(k->size, 32);
	struct aligned_thing *t = kmem_cache_alloc(k, GFP_KERNEL);
	REQUIRE(t);
	CHECK_EQ((uintptr_t)t % 32, 0);
	kmem_cache_free(k, t);
	kmem_cache_destroy(k);
}

/* --- order fallback ----------------------------------------------------------- */

/*
 * With every third page allocation failing, some slabs are made at the
 * fallback order (get_order(size)) with that order's object count; the
 * cache keeps working and its slabs stay consistent.
 */
static void test_order_fallback(void)
{
	enum { N = 3000 };
	void **v = malloc(N * sizeof(void *));
	struct kmem_cache *s;
	struct list_head *pos;
	unsigned long small = 0, big = 0, other = 0, broken = 0;

	REQUIRE(v);
	boot("fail_page_alloc=3,100,0,-1");
	s = kmem_cache_create("fallback-1k", 1024, 0, SLAB_NO_MERGE, NULL);
	REQUIRE(s);
	REQUIRE(s->order > s->min_order);
	for (int i = 0; i < N; i++) {
		v[i] = kmem_cache_alloc(s, GFP_KERNEL);
		REQUIRE(v[i]);
		memset(v[i], (unsigned char)i, 1024);
	}
	CHECK(s->order_fallback > 0);
	list_for_each(pos, &s->full) {
		struct page *pg = container_of(pos, struct page, lru);
		if (pg->order == s->min_order && pg->objects == s->min_objects)
			small++;
		else if (pg->order == s->order && pg->objects == s->objects)
			big++;
		else
			other++;
	}
	CHECK(small > 0);
	CHECK(big > 0);
	CHECK_EQ(other, 0);
	CHECK_EQ(zs_slab_validate_cache(s), 0);
	for (int i = 0; i < N; i++)
		for (int b = 0; b < 1024; b += 64)
			broken += ((unsigned char *)v[i])[b] != (unsigned char)i;
	CHECK_EQ(broken, 0);
	/* Free most, shrink (discarding free pages of the large slabs). */
	for (int i = 0; i < N; i++)
		if (i % 10) {
			kmem_cache_free(s, v[i]);
			v[i] = NULL;
		}
	CHECK_EQ(kmem_cache_shrink(s), 1);
	CHECK_EQ(zs_slab_validate_cache(s), 0);
	for (int i = 0; i < N; i++)
		if (v[i])
			for (int b = 0; b < 1024; b += 64)
				broken += ((unsigned char *)v[i])[b] != (unsigned char)i;
	CHECK_EQ(broken, 0);
	for (int i = 0; i < N; i++)
		if (v[i])
			kmem_cache_free(s, v[i]);
	CHECK_EQ(kmem_cache_shrink(s), 0);
	kmem_cache_destroy(s);
	CHECK_EQ(zslab_validate(), 0);
	free(v);
}

int main(void)
{
	test_slot_multiple();
	zt_capture_reports();
	boot(NULL);

	test_layouts();
	test_debug_example();
	test_order_example();
	test_orders("default");
	test_ctor();
	test_ksize_and_macro();
	test_freelist_encoding();
	CHECK_EQ(zt_reports, 0);
	CHECK_EQ(zslab_validate(), 0);

	/* The same order computation under other boot parameters. */
	boot("slub_min_objects=8 slub_max_order=2");
	p_min_objects = 8;
	p_max_order = 2;
	test_orders("slub_min_objects=8 slub_max_order=2");
	boot("slub_min_order=1");
	p_min_objects = 0;
	p_max_order = 3;
	p_min_order = 1;
	test_orders("slub_min_order=1");
	boot("slub_max_order=0");
	p_min_order = 0;
	p_max_order = 0;
	test_orders("slub_max_order=0");
	CHECK_EQ(zt_reports, 0);
	CHECK_EQ(zslab_validate(), 0);
	p_max_order = 3;
	test_order_fallback();   /* fault injection reports: not counted */

	zslab_exit();
	return zt_summary("test_slab_layout");
}
