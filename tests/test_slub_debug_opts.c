/* SPDX-License-Identifier: MIT */
/*
 * test_slub_debug_opts.c - slub_debug= / slab_debug= as the kernel parses
 * it (5.9+): bare option, global letters, per-cache lists, '*' globs, ';'
 * blocks where a cache takes the first listed block naming it, '-' to
 * switch off, unknown letters reported and skipped, 'O'.  Debug caches
 * never merge and have no per-thread sheaves.
 */
#include "zt.h"

#include "slab/slab.h"

#define FZPU (SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER)
#define DBG (FZPU | SLAB_TRACE)

/* The debug flags cache @name gets under @cmdline (a fresh boot). */
static slab_flags_t flags_of(const char *cmdline, const char *name)
{
	struct kmem_cache *s;
	slab_flags_t f;

	REQUIRE(zslab_init(cmdline) == 0);
	s = kmem_cache_create(name, 40, 0, 0, NULL);
	REQUIRE(s);
	f = s->flags & DBG;
	CHECK_EQ(!!(s->flags & SLAB_NO_SHEAF), !!f);
	kmem_cache_destroy(s);
	zslab_exit();
	return f;
}

static void test_syntax(void)
{
	CHECK_EQ(flags_of("", "a"), 0);
	CHECK_EQ(flags_of("slub_debug", "a"), FZPU);
	CHECK_EQ(flags_of("slab_debug", "a"), FZPU);
	CHECK_EQ(flags_of("slub_debug=", "a"), FZPU);
	CHECK_EQ(flags_of("slub_debug=P", "a"), SLAB_POISON);
	CHECK_EQ(flags_of("slub_debug=zt", "a"), SLAB_RED_ZONE | SLAB_TRACE);
	CHECK_EQ(flags_of("slub_debug=F,foo", "foo"), SLAB_CONSISTENCY_CHECKS);
	CHECK_EQ(flags_of("slub_debug=F,foo", "fo"), 0);
	CHECK_EQ(flags_of("slub_debug=F,foo", "foobar"), 0);
	CHECK_EQ(flags_of("slub_debug=F,foo,bar", "bar"), SLAB_CONSISTENCY_CHECKS);
	CHECK_EQ(flags_of("slub_debug=,foo", "foo"), FZPU);
	CHECK_EQ(flags_of("slub_debug=U,foo*", "foobar"), SLAB_STORE_USER);
	CHECK_EQ(flags_of("slub_debug=U,foo*", "fobar"), 0);
	/* blocks: global FZ, nothing on zs_handle and zspage */
	CHECK_EQ(flags_of("slub_debug=FZ;-,zs_handle,zspage", "x"),
		 SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE);
	CHECK_EQ(flags_of("slub_debug=FZ;-,zs_handle,zspage", "zspage"), 0);
	CHECK_EQ(flags_of("slub_debug=FZ;-,zs_handle,zspage", "zs_handle"), 0);
	/* the first listed block naming the cache wins */
	CHECK_EQ(flags_of("slab_debug=U,foo;Z,foo,bar", "foo"), SLAB_STORE_USER);
	CHECK_EQ(flags_of("slab_debug=U,foo;Z,foo,bar", "bar"), SLAB_RED_ZONE);
	CHECK_EQ(flags_of("slab_debug=U,foo;Z,foo,bar", "baz"), 0);
	CHECK_EQ(flags_of("slab_debug=U,foo;;P", "baz"), SLAB_POISON);
	/* '-' clears what came before it in its block */
	CHECK_EQ(flags_of("slub_debug=FZ-P", "a"), SLAB_POISON);
	/* a block name ending at ';' does not swallow the next block */
	CHECK_EQ(flags_of("slub_debug=P,foo;Z,bar", "foo"), SLAB_POISON);
}

static void test_unknown_letter(void)
{
	zt_reports_reset();
	REQUIRE(zslab_init("slub_debug=FxZ,foo") == 0);
	CHECK_EQ(zt_reports, 1);
	CHECK(!strcmp(zt_last_report, "slub_debug option 'x' unknown. skipped\n"));
	zslab_exit();
	CHECK_EQ(flags_of("slub_debug=FxZ,foo", "foo"),
		 SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE);
}

/* kmalloc caches are named too; named ones never merge */
static void test_kmalloc_and_merge(void)
{
	struct kmem_cache *a, *b, *c;

	REQUIRE(zslab_init("slub_debug=Z,kmalloc-64,dbg-*") == 0);
	CHECK(zs_kmalloc_slab(64, GFP_KERNEL)->flags & SLAB_RED_ZONE);
	CHECK(!(zs_kmalloc_slab(128, GFP_KERNEL)->flags & SLAB_RED_ZONE));
	a = kmem_cache_create("plain-a", 72, 0, 0, NULL);
	b = kmem_cache_create("plain-b", 72, 0, 0, NULL);
	c = kmem_cache_create("dbg-c", 72, 0, 0, NULL);
	REQUIRE(a && b && c);
	CHECK(a == b);           /* merged */
	CHECK(c != a);           /* a debug cache never merges */
	CHECK(c->flags & SLAB_RED_ZONE);
	kmem_cache_destroy(c);
	kmem_cache_destroy(b);
	kmem_cache_destroy(a);
	zslab_exit();
}

/* O: no debug metadata where it would raise the minimum order */
static void test_order_off(void)
{
	struct kmem_cache *big, *small;

	REQUIRE(zslab_init("slub_debug=FZPUO") == 0);
	big = kmem_cache_create("order-big", 4096, 0, 0, NULL);
	small = kmem_cache_create("order-small", 100, 0, 0, NULL);
	REQUIRE(big && small);
	CHECK(!(big->flags & (SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER)));
	CHECK(big->flags & SLAB_CONSISTENCY_CHECKS);
	CHECK_EQ(big->size, 4096);
	CHECK_EQ(small->flags & FZPU, FZPU);
	kmem_cache_destroy(big);
	kmem_cache_destroy(small);
	zslab_exit();
}

int main(void)
{
	zt_capture_reports();
	test_syntax();
	test_unknown_letter();
	test_kmalloc_and_merge();
	test_order_off();
	return zt_summary("test_slub_debug_opts");
}
