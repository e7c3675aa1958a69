/* SPDX-License-Identifier: MIT */
/*
 * test_page_ref.c - page reference counts with the kernel's rules (spec
 * dma-kunit.md section 11): allocation gives the head 1 and tails 0, the
 * last put_page() frees a compound block whole and any other page alone,
 * __free_pages() with another holder frees the rest of a block that is not
 * compound at once, split_page() gives every page its own reference,
 * slab pages are frozen, large kmalloc blocks outlive kfree() while
 * someone holds them, underflows are reported and not done; and the node
 * entry points alloc_pages_node() and __alloc_pages() on a one-node
 * machine.
 */
#include "zt.h"
#include "zt_mm.h"
#include "slab/slab.h"

/* Pages handed out and not freed, per-thread lists drained. */
static long used(void)
{
	long n = 0;

	zm_drain();
	for (unsigned int z = 0; z < MAX_NR_ZONES; z++)
		n += (long)zs_zones[z].managed_pages - zm_free(z);
	return n;
}

static void test_order0(void)
{
	long base = used();
	struct page *p = alloc_pages(GFP_KERNEL, 0);

	REQUIRE(p);
	CHECK_EQ(page_count(p), 1);
	CHECK_EQ(page_ref_count(p), 1);
	CHECK(!PageCompound(p) && !PageHead(p) && !PageTail(p) && !PageSlab(p));
	CHECK(compound_head(p) == p);
	get_page(p);
	CHECK_EQ(page_count(p), 2);
	put_page(p);
	CHECK_EQ(page_count(p), 1);
	CHECK_EQ(used(), base + 1);
	put_page(p);                      /* the last one frees */
	CHECK_EQ(used(), base);
	CHECK_EQ(page_ref_count(p), 0);   /* free pages store 0 */
	CHECK_EQ(zm_reports(), 0);
}

static void test_compound(void)
{
	long base = used();
	struct page *h = alloc_pages(GFP_KERNEL | __GFP_COMP, 3);

	REQUIRE(h);
	CHECK(PageHead(h) && PageCompound(h) && !PageTail(h));
	CHECK_EQ(compound_order(h), 3);
	for (int i = 1; i < 8; i++) {
		CHECK(PageTail(h + i) && PageCompound(h + i));
		CHECK(compound_head(h + i) == h);
		CHECK_EQ(page_ref_count(h + i), 0);
		CHECK_EQ(page_count(h + i), 1);
		CHECK_EQ(compound_order(h + i), 0);
	}
	get_page(h + 5);                  /* a tail's reference is the head's */
	CHECK_EQ(page_ref_count(h), 2);
	put_page(h + 7);
	CHECK_EQ(page_ref_count(h), 1);
	CHECK_EQ(used(), base + 8);
	put_page(h + 1);                  /* last: the whole block goes */
	CHECK_EQ(used(), base);
	CHECK_EQ(zslab_validate(), 0);
	CHECK_EQ(zm_reports(), 0);
}

static void test_not_compound(void)
{
	long base = used();
	struct page *h = alloc_pages(GFP_KERNEL, 2);

	REQUIRE(h);
	CHECK(!PageCompound(h) && !PageTail(h + 1));
	CHECK(compound_head(h + 2) == h + 2);
	CHECK_EQ(page_count(h + 2), 0);
	/* another holder keeps the first page; the rest goes now (5.10+) */
	get_page(h);
	__free_pages(h, 2);
	CHECK_EQ(used(), base + 1);
	CHECK_EQ(page_count(h), 1);
	put_page(h);
	CHECK_EQ(used(), base);

	/* the last put_page() of such a head frees one page, as the kernel */
	h = alloc_pages(GFP_KERNEL, 2);
	REQUIRE(h);
	zm_log_reset();
	put_page(h);
	CHECK_EQ(zm_log_has("freed as one page"), 1);
	CHECK_EQ(used(), base + 3);
	for (int i = 1; i < 4; i++) {     /* the leaked pages, handed back */
		CHECK_EQ(page_ref_count(h + i), 0);
		set_page_count(h + i, 1);
		__free_pages(h + i, 0);
	}
	CHECK_EQ(used(), base);
	CHECK_EQ(zslab_validate(), 0);
	zm_log_reset();
}

static void test_split_page(void)
{
	long base = used();
	struct page *h = alloc_pages(GFP_KERNEL, 3);
	struct page *c = alloc_pages(GFP_KERNEL | __GFP_COMP, 1);

	REQUIRE(h && c);
	split_page(h, 3);
	for (int i = 0; i < 8; i++)
		CHECK_EQ(page_count(h + i), 1);
	for (int i = 7; i >= 0; i -= 2)   /* freed one by one, in any order */
		__free_page(h + i);
	for (int i = 0; i < 8; i += 2)
		put_page(h + i);
	CHECK_EQ(used(), base + 2);
	zm_log_reset();
	split_page(c, 1);                 /* compound: refused */
	CHECK_EQ(zm_log_has("split_page: pfn"), 1);
	CHECK_EQ(page_count(c + 1), 1);
	__free_pages(c, 1);
	CHECK_EQ(used(), base);
	zm_log_reset();
}

static void test_raw_and_bugs(void)
{
	struct page *p = alloc_page(GFP_KERNEL);

	REQUIRE(p);
	page_ref_add(p, 5);
	CHECK_EQ(page_ref_count(p), 6);
	page_ref_sub(p, 2);
	page_ref_inc(p);
	page_ref_dec(p);
	CHECK_EQ(page_ref_inc_return(p), 5);
	CHECK_EQ(page_ref_dec_return(p), 4);
	CHECK_EQ(page_ref_sub_return(p, 1), 3);
	CHECK(!page_ref_sub_and_test(p, 1));
	CHECK(!page_ref_dec_and_test(p));
	CHECK(!page_ref_freeze(p, 2));    /* the count is 1, not 2 */
	CHECK(page_ref_freeze(p, 1));
	CHECK_EQ(page_ref_count(p), 0);
	CHECK(!get_page_unless_zero(p));
	CHECK(!page_ref_add_unless(p, 1, 0));
	page_ref_unfreeze(p, 1);
	CHECK(get_page_unless_zero(p));
	CHECK(try_get_page(p));
	CHECK_EQ(page_count(p), 3);
	init_page_count(p);
	CHECK_EQ(zm_reports(), 0);

	/* underflow and a get at 0: reported, the count left alone */
	set_page_count(p, 0);
	put_page(p);
	CHECK_EQ(zm_log_has("VM_BUG_ON_PAGE(page_ref_count(page) == 0)"), 1);
	get_page(p);
	CHECK_EQ(zm_log_has("VM_BUG_ON_PAGE(page_ref_zero_or_close_to_overflow(page))"), 1);
	CHECK(!try_get_page(p));
	CHECK_EQ(page_ref_count(p), 0);
	CHECK_EQ(zm_reports(), 3);
	set_page_count(p, 1);
	__free_page(p);
	zm_log_reset();
	/* a double free is still named as one */
	__free_page(p);
	CHECK_EQ(zm_log_has("already free"), 1);
	zm_log_reset();
}

static void test_slab_and_kmalloc(void)
{
	long base;
	void *obj = kmalloc(64, GFP_KERNEL);
	struct page *sp;
	char *big;

	REQUIRE(obj);
	sp = virt_to_page(obj);
	CHECK(PageSlab(sp));
	CHECK_EQ(page_count(sp), 0);          /* frozen, as in mainline */
	CHECK(!get_page_unless_zero(sp));
	zm_log_reset();
	get_page(sp);
	get_page(sp);                         /* WARN_ON_ONCE: one report */
	put_page(sp);                         /* ignored */
	CHECK_EQ(zm_log_has("slab pages keep no references"), 1);
	page_ref_inc(sp);                     /* would corrupt the freelist */
	CHECK_EQ(zm_log_has("slab pages are frozen"), 1);
	CHECK_EQ(kmem_cache_validate(zs_obj_cache(obj)), 0);
	kfree(obj);
	zm_log_reset();

	/* a large kmalloc block is compound and outlives kfree() if held */
	base = used();
	big = kmalloc(16384, GFP_KERNEL);
	REQUIRE(big);
	sp = virt_to_page(big);
	CHECK(PageHead(sp) && compound_order(sp) == 2 && !PageSlab(sp));
	CHECK(compound_head(virt_to_page(big + 12288)) == sp);
	get_page(virt_to_page(big + 5000));
	kfree(big);
	CHECK_EQ(used(), base + 4);
	CHECK_EQ(page_count(sp), 1);
	put_page(sp);
	CHECK_EQ(used(), base);
	CHECK_EQ(zm_reports(), 0);
}

static void test_nodes(void)
{
	long base = used();
	nodemask_t only0 = { { 1UL } }, none = { { 0 } };
	struct page *p;
	unsigned long a;

	p = alloc_pages_node(NUMA_NO_NODE, GFP_KERNEL, 1);
	CHECK(p && page_to_nid(p) == 0);
	__free_pages(p, 1);
	p = alloc_pages_node(0, GFP_KERNEL | __GFP_THISNODE, 0);
	CHECK(p != NULL);
	__free_pages(p, 0);
	p = alloc_pages_node(7, GFP_KERNEL, 0);        /* memoryless: falls back */
	CHECK(p != NULL);
	__free_pages(p, 0);
	CHECK_EQ(zm_reports(), 0);
	p = alloc_pages_node(7, GFP_KERNEL | __GFP_THISNODE, 0);
	CHECK(p == NULL);
	CHECK_EQ(zm_log_has("page allocation failure: order:0"), 1);
	p = alloc_pages_node(7, GFP_KERNEL | __GFP_THISNODE | __GFP_NOWARN, 0);
	CHECK(p == NULL);
	CHECK_EQ(zm_reports(), 1);
	p = alloc_pages_node(MAX_NUMNODES, GFP_KERNEL, 0);
	CHECK(p == NULL);
	CHECK_EQ(zm_log_has("__alloc_pages: node 1024 is not a node number"), 1);
	zm_log_reset();
	p = __alloc_pages(GFP_KERNEL, 2, 0, &only0);
	CHECK(p != NULL);
	__free_pages(p, 2);
	p = __alloc_pages(GFP_KERNEL | __GFP_NOWARN, 2, 0, &none);
	CHECK(p == NULL);
	p = __alloc_pages(GFP_KERNEL, 0, 3, NULL);
	CHECK(p != NULL);
	__free_pages(p, 0);
	a = __get_free_page(GFP_KERNEL);
	CHECK(a != 0 && virt_to_page((void *)a) && page_count(virt_to_page((void *)a)) == 1);
	free_page(a);
	CHECK_EQ(used(), base);
	CHECK_EQ(zm_reports(), 0);
}

int main(void)
{
	zm_watchdog(120);
	REQUIRE(zslab_init("memmap=2G@0") == 0);
	zm_log_start();
	test_order0();
	test_compound();
	test_not_compound();
	test_split_page();
	test_raw_and_bugs();
	test_slab_and_kmalloc();
	test_nodes();
	CHECK_EQ(zslab_validate(), 0);
	if (zt_failed)
		zm_log_dump("failure");
	zslab_exit();
	return zt_summary("test_page_ref");
}
