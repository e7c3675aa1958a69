/* SPDX-License-Identifier: MIT */
/*
 * test_slab_api.c - the slab API beyond kmalloc/kmem_cache_alloc, with the
 * kernel's semantics: the _node variants on a one-node machine, the
 * KMALLOC_* constants, kmalloc_index() and kmalloc_size_roundup(),
 * kfree_sensitive(), krealloc_array(), kmemdup_nul(), kstrdup_const() and
 * kfree_const(), __kmem_cache_create_args() with freeptr_offset and
 * sheaf_capacity, KMEM_CACHE_USERCOPY(), and the flags that change what
 * slub_debug= gives a cache (SLAB_NO_USER_FLAGS, SLAB_NOLEAKTRACE).
 */
#include "zt.h"

#include <stddef.h>
#include <stdint.h>

_Static_assert(KMALLOC_MIN_SIZE == 8, "KMALLOC_MIN_SIZE");
_Static_assert(KMALLOC_SHIFT_HIGH == 13 && KMALLOC_MAX_CACHE_SIZE == 8192, "SHIFT_HIGH");
_Static_assert(KMALLOC_SHIFT_MAX == 22 && KMALLOC_MAX_SIZE == (4UL << 20), "SHIFT_MAX");
_Static_assert(KMALLOC_MAX_ORDER == 10 && ARCH_KMALLOC_MINALIGN == 8, "MAX_ORDER");
_Static_assert(SLAB_TEMPORARY == SLAB_RECLAIM_ACCOUNT &&
	       SLAB_DESTROY_BY_RCU == SLAB_TYPESAFE_BY_RCU, "old spellings");
_Static_assert(NUMA_NO_NODE == -1 && MAX_NUMNODES == 1024, "nodes");

static void test_node_variants(void)
{
	struct kmem_cache *s = kmem_cache_create("node_objs", 96, 0, SLAB_NO_MERGE, NULL);
	unsigned char *p;
	void *q;

	REQUIRE(s);
	zt_reports_reset();
	/* NUMA_NO_NODE and node 0 are the machine's one node */
	q = kmem_cache_alloc_node(s, GFP_KERNEL, NUMA_NO_NODE);
	CHECK(q != NULL);
	kmem_cache_free(s, q);
	q = kmem_cache_alloc_node(s, GFP_KERNEL, 0);
	CHECK(q != NULL);
	kmem_cache_free(s, q);
	/* a node without memory: ignored, as SLUB does, even with THISNODE */
	q = kmem_cache_alloc_node(s, GFP_KERNEL | __GFP_THISNODE, 3);
	CHECK(q != NULL);
	kmem_cache_free(s, q);
	q = kmalloc_node(200, GFP_KERNEL, MAX_NUMNODES - 1);
	CHECK(q != NULL && ksize(q) == 256);
	kfree(q);
	CHECK_EQ(zt_reports_reset(), 0);
	/* no node at all: reported, NULL */
	CHECK(kmem_cache_alloc_node(s, GFP_KERNEL, MAX_NUMNODES) == NULL);
	CHECK(strstr(zt_last_report, "kmem_cache_alloc_node: node 1024") != NULL);
	CHECK_EQ(zt_reports_reset(), 1);
	CHECK(kmalloc_node(64, GFP_KERNEL, -2) == NULL);
	CHECK(strstr(zt_last_report, "kmalloc_node: node -2") != NULL);
	CHECK_EQ(zt_reports_reset(), 1);
	/* the inline forms */
	p = kzalloc_node(300, GFP_KERNEL, 0);
	REQUIRE(p);
	for (int i = 0; i < 300; i++)
		CHECK_EQ(p[i], 0);
	kfree(p);
	p = kcalloc_node(10, 30, GFP_KERNEL, NUMA_NO_NODE);
	REQUIRE(p);
	for (int i = 0; i < 300; i++)
		CHECK_EQ(p[i], 0);
	kfree(p);
	CHECK(kmalloc_array_node(SIZE_MAX / 2, 3, GFP_KERNEL, 0) == NULL);
	CHECK(kcalloc_node(SIZE_MAX / 2, 3, GFP_KERNEL, 0) == NULL);
	q = kmalloc_array_node(4, 16, GFP_KERNEL, 0);
	CHECK(q && ksize(q) == 64);
	kfree(q);
	kmem_cache_destroy(s);
}

static void test_index_roundup(void)
{
	static const struct { size_t size; unsigned int idx; size_t round; } t[] = {
		{ 0, 0, 0 }, { 1, 3, 8 }, { 8, 3, 8 }, { 9, 4, 16 }, { 64, 6, 64 },
		{ 65, 1, 96 }, { 96, 1, 96 }, { 97, 7, 128 }, { 128, 7, 128 },
		{ 129, 2, 192 }, { 192, 2, 192 }, { 193, 8, 256 }, { 1000, 10, 1024 },
		{ 8192, 13, 8192 }, { 8193, 14, 16384 }, { 1UL << 20, 20, 1UL << 20 },
		{ (4UL << 20) - 1, 22, 4UL << 20 }, { 4UL << 20, 22, 4UL << 20 },
		{ (4UL << 20) + 1, 23, (4UL << 20) + 1 }, { 64UL << 20, 26, 64UL << 20 },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		CHECK_EQ(kmalloc_index(t[i].size), t[i].idx);
		CHECK_EQ(kmalloc_size_roundup(t[i].size), t[i].round);
		if (t[i].size && t[i].size <= KMALLOC_MAX_SIZE) {
			void *p = kmalloc(t[i].size, GFP_KERNEL);
			CHECK(p && ksize(p) == kmalloc_size_roundup(t[i].size));
			kfree(p);
		}
	}
	CHECK_EQ(kmalloc_index((64UL << 20) + 1), (unsigned int)-1);
	CHECK_EQ(kmalloc_size_roundup(SIZE_MAX), SIZE_MAX);
}

static void test_buffers(void)
{
	unsigned char *p, *q;
	char *d;
	int *a;

	/* kfree_sensitive: the whole slot is zero when it comes back (LIFO) */
	p = kmalloc(100, GFP_KERNEL);
	REQUIRE(p);
	memset(p, 0xa5, ksize(p));
	kfree_sensitive(p);
	q = kmalloc(100, GFP_KERNEL);
	CHECK(q == p);
	for (size_t i = 0; q && i < ksize(q); i++)
		CHECK_EQ(q[i], 0);
	kfree(q);
	kfree_sensitive(NULL);
	kfree_sensitive(ZERO_SIZE_PTR);

	/* krealloc_array: grows and keeps; an overflow leaves the block */
	a = krealloc_array(NULL, 4, sizeof(int), GFP_KERNEL);
	REQUIRE(a);
	for (int i = 0; i < 4; i++)
		a[i] = i * 7;
	a = krealloc_array(a, 1000, sizeof(int), GFP_KERNEL);
	REQUIRE(a);
	CHECK(a[3] == 21 && ksize(a) >= 4000);
	CHECK(krealloc_array(a, SIZE_MAX / 2, 4, GFP_KERNEL) == NULL);
	CHECK(a[2] == 14);
	kfree(a);

	/* kmemdup_nul: @len bytes, NULs included, plus a NUL */
	d = kmemdup_nul("ab\0cdef", 5, GFP_KERNEL);
	REQUIRE(d);
	CHECK(!memcmp(d, "ab\0cd", 6));
	kfree(d);
	CHECK(kmemdup_nul(NULL, 3, GFP_KERNEL) == NULL);
}

static const char rodata_name[] = "a constant of the program";

static void test_strdup_const(void)
{
	char stack[] = "on the stack";
	char *heap = kstrdup("on the heap", GFP_KERNEL);
	const char *c;

	/* read-only data of the main program is returned as it is */
	const char *lit = "a string literal";

	c = kstrdup_const(lit, GFP_KERNEL);
	CHECK(c == lit);
	CHECK(!virt_addr_valid(c));
	kfree_const(c);
	c = kstrdup_const(rodata_name, GFP_KERNEL);
	CHECK(c == rodata_name);
	kfree_const(c);
	/* writable memory is copied, and kfree_const() frees the copy */
	c = kstrdup_const(stack, GFP_KERNEL);
	CHECK(c && c != stack && !strcmp(c, stack));
	kfree_const(c);
	c = kstrdup_const(heap, GFP_KERNEL);
	CHECK(c && c != heap && !strcmp(c, heap));
	kfree_const(c);
	kfree_const(heap);
	CHECK(kstrdup_const(NULL, GFP_KERNEL) == NULL);
	kfree_const(NULL);
	CHECK_EQ(zslab_validate(), 0);
}

struct rcu_node {
	unsigned long key;     /* read by RCU readers: must survive a free */
	void *link;            /* free pointer goes here */
	char rest[48];
};

struct user_obj {
	long hdr;
	char buf[40];
	long tail;
};

static unsigned int slab_size_of(struct kmem_cache *s)
{
	struct zslab_cache_info ci;

	zslab_cache_get_info(s, &ci);
	return ci.slab_size;
}

static void test_create_args(void)
{
	struct kmem_cache_args args = {
		.freeptr_offset = offsetof(struct rcu_node, link),
		.use_freeptr_offset = true,
	};
	struct kmem_cache *in, *out, *u;
	struct rcu_node *n, *keep;
	struct zslab_cache_info ci;

	/* the free pointer inside: the object does not grow */
	in = __kmem_cache_create_args("rcu_fp_inside", sizeof(struct rcu_node), &args,
				      SLAB_TYPESAFE_BY_RCU);
	out = __kmem_cache_create_args("rcu_fp_outside", sizeof(struct rcu_node), NULL,
				       SLAB_TYPESAFE_BY_RCU);
	REQUIRE(in && out);
	CHECK_EQ(slab_size_of(in), sizeof(struct rcu_node));
	CHECK_EQ(slab_size_of(out), sizeof(struct rcu_node) + sizeof(void *));
	n = kmem_cache_alloc(in, GFP_KERNEL);
	keep = kmem_cache_alloc(in, GFP_KERNEL);    /* keeps the slab */
	REQUIRE(n && keep);
	n->key = 0xfeedface;
	kmem_cache_free(in, n);
	kmem_cache_shrink(in);       /* n goes onto the slab's freelist */
	CHECK_EQ(n->key, 0xfeedface);
	CHECK_EQ(kmem_cache_validate(in), 0);
	kmem_cache_free(in, keep);
	kmem_cache_destroy(in);
	kmem_cache_destroy(out);

	/* the rule: word aligned, inside the object, RCU or ctor caches */
	zt_reports_reset();
	args.freeptr_offset = 4;
	CHECK(__kmem_cache_create_args("fp_unaligned", 64, &args, SLAB_TYPESAFE_BY_RCU) == NULL);
	CHECK(strstr(zt_last_report, "word aligned") != NULL);
	args.freeptr_offset = 64;
	CHECK(__kmem_cache_create_args("fp_outside", 64, &args, SLAB_TYPESAFE_BY_RCU) == NULL);
	CHECK(strstr(zt_last_report, "inside") != NULL);
	args.freeptr_offset = 8;
	CHECK(__kmem_cache_create_args("fp_plain", 64, &args, 0) == NULL);
	CHECK(strstr(zt_last_report, "TYPESAFE_BY_RCU") != NULL);
	CHECK_EQ(zt_reports_reset(), 3);

	/* sheaf_capacity and align through the struct */
	args = (struct kmem_cache_args){ .align = 256, .sheaf_capacity = 7 };
	u = __kmem_cache_create_args("sheaf_cap", 100, &args, SLAB_NO_MERGE);
	REQUIRE(u);
	zslab_cache_get_info(u, &ci);
	CHECK_EQ(ci.align, 256);
	for (int i = 0; i < 20; i++) {
		void *p = kmem_cache_alloc(u, GFP_KERNEL);
		CHECK(p && (uintptr_t)p % 256 == 0);
		kmem_cache_free(u, p);
	}
	kmem_cache_destroy(u);

	/* KMEM_CACHE_USERCOPY: the field is the usercopy region; never merges */
	u = KMEM_CACHE_USERCOPY(user_obj, 0, buf);
	REQUIRE(u);
	zslab_cache_get_info(u, &ci);
	CHECK_EQ(ci.usersize, 40);
	CHECK(!ci.mergeable);
	CHECK(!strcmp(ci.name, "user_obj"));
	kmem_cache_destroy(u);
}

/* SLAB_NO_USER_FLAGS and SLAB_NOLEAKTRACE against slub_debug=. */
static unsigned int debug_flags_of(const char *name, slab_flags_t flags)
{
	struct kmem_cache *s = kmem_cache_create(name, 64, 0, flags, NULL);
	struct zslab_cache_info ci;

	REQUIRE(s);
	zslab_cache_get_info(s, &ci);
	kmem_cache_destroy(s);
	return ci.flags & (SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | SLAB_POISON |
			   SLAB_STORE_USER);
}

static void test_command_line_flags(void)
{
	const unsigned int fzpu = SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE |
				  SLAB_POISON | SLAB_STORE_USER;

	zslab_exit();
	REQUIRE(zslab_init("memmap=1G@0 slub_debug=FZPU;U,listed_leak") == 0);
	CHECK_EQ(debug_flags_of("plain_debug", 0), fzpu);
	CHECK_EQ(debug_flags_of("no_user_flags", SLAB_NO_USER_FLAGS), 0);
	CHECK_EQ(debug_flags_of("global_leak", SLAB_NOLEAKTRACE), fzpu & ~SLAB_STORE_USER);
	CHECK_EQ(debug_flags_of("listed_leak", SLAB_NOLEAKTRACE), SLAB_STORE_USER);
	/* the caller's own debug flags stay */
	CHECK_EQ(debug_flags_of("own_flags", SLAB_NO_USER_FLAGS | SLAB_RED_ZONE), SLAB_RED_ZONE);
	zslab_exit();
	REQUIRE(zslab_init("memmap=1G@0") == 0);
}

int main(void)
{
	REQUIRE(zslab_init("memmap=1G@0") == 0);
	zt_capture_reports();
	test_node_variants();
	test_index_roundup();
	test_buffers();
	test_strdup_const();
	test_create_args();
	test_command_line_flags();
	CHECK_EQ(zslab_validate(), 0);
	zslab_exit();
	return zt_summary("test_slab_api");
}
