/* SPDX-License-Identifier: MIT */
/*
 * page_ref.c - page reference counts, compound pages and the
 * reference-counting free paths (the kernel's page_ref.h, mm.h get_page/
 * put_page, split_page and __free_pages), with the rules of mm.h.
 *
 * The count lives in struct page's _refcount, which shares its word with a
 * slab's freelist: slab pages are frozen (read 0; refused).  Compound
 * blocks are not marked page by page as the kernel marks its tails (that
 * would touch 2^order struct pages on every large allocation): a tail's
 * head is found by looking at the aligned block starts above it, at most
 * MAX_ORDER struct pages, the first allocated or free head that covers it
 * deciding.  This holds because pages inside an allocated block carry no
 * PG_head or PG_buddy of their own (buddy.c clears them when blocks merge
 * or are handed out), and slab tails point at their head.
 *
 * Counts are changed with atomic read-modify-writes, so get_page() and
 * put_page() may race from any threads; exactly one put_page() sees 0.
 */
#include <stdio.h>

#include "common/report.h"
#include "host/host.h"
#include "mm/mm_internal.h"
#include "mm/page_alloc.h"

/* --- reports ------------------------------------------------------------ */

/* The kernel's VM_BUG_ON_PAGE(): the page dump, then BUG; zslab carries on. */
static void vm_bug_on_page(const struct page *page, const char *cond)
{
	static struct zs_ratelimit rs = ZS_RATELIMIT_INIT;
	struct zs_rbuf rb;
	char why[96];

	if (!zs_ratelimit(&rs))
		return;
	snprintf(why, sizeof(why), "VM_BUG_ON_PAGE(%s)", cond);
	zs_rbuf_init(&rb);
	zs_dump_page(&rb, page, why);
	zs_rbuf_add(&rb, "kernel BUG: the reference count is left as it was\n");
	zs_rbuf_stack(&rb, 2);
	zs_report_emit(ZS_BUG, &rb);
}

/* A raw count operation on a slab page, whose count is frozen. */
static bool frozen(const struct page *page, const char *who)
{
	if (!(pg_flags(page) & PG_slab))
		return false;
	zs_warn("%s: pfn %#lx is a slab page; slab pages are frozen (count 0) and keep no references",
		who, zs_page_to_pfn(page));
	return true;
}

/* --- compound blocks ------------------------------------------------------ */

/*
 * The head of the allocated block holding @page, or NULL when @page is free
 * or was never used.  Slab pages: the slab's head.
 */
static struct page *block_head(const struct page *page)
{
	const struct zs_ram_range *r = &zs_ranges[zs_range_of_page(page)];
	unsigned long pfn = r->pfn_start + (unsigned long)(page - zs_mem_map) - r->idx_start;
	unsigned int f = pg_flags(page);

	if (f & PG_slab)
		return (f & PG_tail) ? page->head : (struct page *)page;
	if (f & PG_head)
		return (struct page *)page;
	if (f & (PG_buddy | PG_pcp))
		return NULL;
	for (unsigned int o = 1; o < MAX_ORDER; o++) {
		unsigned long start = pfn & ~((1UL << o) - 1);
		if (start < r->pfn_start)
			break;
		const struct page *h = page - (pfn - start);
		unsigned int hf = pg_flags(h);
		/* a slab tail's order means nothing: its head lies further up */
		if ((hf & PG_tail) || __atomic_load_n(&h->order, __ATOMIC_RELAXED) < o)
			continue;
		if (hf & (PG_head | PG_slab))
			return (struct page *)h;
		if (hf & PG_buddy)
			return NULL;
	}
	return NULL;
}

static bool is_compound_head(const struct page *h)
{
	unsigned int f = pg_flags(h);

	return h->order > 0 && ((f & PG_compound) || ((f & PG_slab) && !(f & PG_tail)));
}

struct page *compound_head(const struct page *page)
{
	struct page *h = block_head(page);

	if (h && h != page && is_compound_head(h))
		return h;
	return (struct page *)page;
}

bool PageHead(const struct page *page)
{
	return (pg_flags(page) & (PG_head | PG_slab)) && !(pg_flags(page) & PG_tail) &&
	       is_compound_head(page);
}

bool PageTail(const struct page *page)
{
	return compound_head(page) != page;
}

bool PageCompound(const struct page *page)
{
	return PageHead(page) || PageTail(page);
}

bool PageSlab(const struct page *page)
{
	return (pg_flags(page) & PG_slab) != 0;
}

unsigned int compound_order(const struct page *page)
{
	return PageHead(page) ? page->order : 0;
}

/* --- raw counts ------------------------------------------------------------ */

int page_ref_count(const struct page *page)
{
	if (pg_flags(page) & PG_slab)
		return 0;
	return __atomic_load_n(&page->_refcount, __ATOMIC_RELAXED);
}

int page_count(const struct page *page)
{
	return page_ref_count(compound_head(page));
}

void set_page_count(struct page *page, int v)
{
	if (!frozen(page, "set_page_count"))
		__atomic_store_n(&page->_refcount, v, __ATOMIC_RELAXED);
}

void init_page_count(struct page *page)
{
	set_page_count(page, 1);
}

/* Add @nr (maybe negative) to @page's own count; the new value. */
static int ref_add_return(struct page *page, int nr, const char *who)
{
	if (frozen(page, who))
		return 0;
	return __atomic_add_fetch(&page->_refcount, nr, __ATOMIC_ACQ_REL);
}

void page_ref_add(struct page *page, int nr)
{
	ref_add_return(page, nr, "page_ref_add");
}

void page_ref_sub(struct page *page, int nr)
{
	ref_add_return(page, -nr, "page_ref_sub");
}

void page_ref_inc(struct page *page)
{
	ref_add_return(page, 1, "page_ref_inc");
}

void page_ref_dec(struct page *page)
{
	ref_add_return(page, -1, "page_ref_dec");
}

int page_ref_sub_return(struct page *page, int nr)
{
	return ref_add_return(page, -nr, "page_ref_sub_return");
}

int page_ref_inc_return(struct page *page)
{
	return ref_add_return(page, 1, "page_ref_inc_return");
}

int page_ref_dec_return(struct page *page)
{
	return ref_add_return(page, -1, "page_ref_dec_return");
}

int page_ref_sub_and_test(struct page *page, int nr)
{
	return !frozen(page, "page_ref_sub_and_test") &&
	       __atomic_sub_fetch(&page->_refcount, nr, __ATOMIC_ACQ_REL) == 0;
}

int page_ref_dec_and_test(struct page *page)
{
	return page_ref_sub_and_test(page, 1);
}

bool page_ref_add_unless(struct page *page, int nr, int u)
{
	int v;

	if (pg_flags(page) & PG_slab)
		return false;    /* frozen: as a count of 0 that cannot move */
	v = __atomic_load_n(&page->_refcount, __ATOMIC_RELAXED);
	do {
		if (v == u)
			return false;
	} while (!__atomic_compare_exchange_n(&page->_refcount, &v, v + nr, true,
					      __ATOMIC_ACQ_REL, __ATOMIC_RELAXED));
	return true;
}

int page_ref_freeze(struct page *page, int count)
{
	int v = count;

	if (frozen(page, "page_ref_freeze"))
		return 0;
	return __atomic_compare_exchange_n(&page->_refcount, &v, 0, false,
					   __ATOMIC_ACQ_REL, __ATOMIC_RELAXED);
}

void page_ref_unfreeze(struct page *page, int count)
{
	if (page_ref_count(page) != 0)
		vm_bug_on_page(page, "page_count(page) != 0");
	set_page_count(page, count);
}

/* --- references ------------------------------------------------------------ */

void get_page(struct page *page)
{
	struct page *h = compound_head(page);

	if (pg_flags(h) & PG_slab) {      /* mainline: WARN_ON_ONCE(folio_test_slab()) */
		static int warned;
		if (!__atomic_exchange_n(&warned, 1, __ATOMIC_RELAXED))
			zs_warn("get_page: pfn %#lx is a slab page; slab pages keep no references",
				zs_page_to_pfn(page));
		return;
	}
	if ((unsigned int)page_ref_count(h) + 127u <= 127u) {
		vm_bug_on_page(h, "page_ref_zero_or_close_to_overflow(page)");
		return;
	}
	__atomic_add_fetch(&h->_refcount, 1, __ATOMIC_RELAXED);
}

bool try_get_page(struct page *page)
{
	struct page *h = compound_head(page);

	if (page_ref_count(h) <= 0) {
		zs_warn("try_get_page: pfn %#lx has count %d; no reference taken",
			zs_page_to_pfn(h), page_ref_count(h));
		return false;
	}
	__atomic_add_fetch(&h->_refcount, 1, __ATOMIC_RELAXED);
	return true;
}

bool get_page_unless_zero(struct page *page)
{
	return page_ref_add_unless(page, 1, 0);
}

/*
 * put_page_testzero(): drop one reference of @h; true when it was the last.
 * A count already at 0 is the kernel's VM_BUG_ON_PAGE and is left alone.
 */
static bool put_testzero(struct page *h)
{
	int v = __atomic_load_n(&h->_refcount, __ATOMIC_RELAXED);

	do {
		if (v <= 0) {
			vm_bug_on_page(h, "page_ref_count(page) == 0");
			return false;
		}
	} while (!__atomic_compare_exchange_n(&h->_refcount, &v, v - 1, true,
					      __ATOMIC_ACQ_REL, __ATOMIC_RELAXED));
	return v == 1;
}

/* The last reference of @h went: free it by the kernel's rules. */
static void free_unreferenced(struct page *h)
{
	unsigned int order = h->order;

	if (!zs_free_pages_ok(h, order))
		return;
	if (order && !(pg_flags(h) & PG_compound)) {
		/* as __folio_put(): one page; the block's others are leaked */
		zs_warn("put_page: pfn %#lx, the first page of a block of order %u that is not compound, freed as one page; its other %lu pages stay allocated (use __GFP_COMP, split_page() or __free_pages())",
			zs_page_to_pfn(h), order, (1UL << order) - 1);
		zs_split_page(h, order);
		for (unsigned long i = 1; i < (1UL << order); i++)
			__atomic_store_n(&h[i]._refcount, 0, __ATOMIC_RELAXED);
		order = 0;
	}
	zs_free_block(h, order);
}

void zs_put_page(struct page *page)
{
	struct page *h = compound_head(page);

	if (pg_flags(h) & PG_slab)
		return;                 /* mainline: put_page() ignores slab pages */
	if (put_testzero(h))
		free_unreferenced(h);
}

/*
 * __free_pages(): the block @page of @order loses the caller's reference.
 * The last one frees the block; when another holder keeps the first page
 * of a block that is not compound, the pages after it go now (5.10+).
 */
void zs_free_pages_ref(struct page *page, unsigned int order)
{
	if (!zs_free_pages_ok(page, order))
		return;
	if (put_testzero(page)) {
		zs_free_block(page, order);
		return;
	}
	if ((pg_flags(page) & PG_compound) || !order)
		return;
	page->order = 0;
	while (order-- > 0) {
		struct page *tail = page + (1UL << order);
		pg_set_flags(tail, PG_head);
		tail->order = (uint8_t)order;
		tail->zone = page->zone;
		tail->range = page->range;
		zs_free_block(tail, order);
	}
}

void split_page(struct page *page, unsigned int order)
{
	if (!(pg_flags(page) & PG_head) || (pg_flags(page) & (PG_slab | PG_compound)) ||
	    page->order != order || page_ref_count(page) <= 0) {
		zs_warn("split_page: pfn %#lx is not the first page of an allocated block of order %u that is not compound (flags %#x, order %u, count %d); not split",
			zs_page_to_pfn(page), order, pg_flags(page), page->order,
			page_ref_count(page));
		return;
	}
	zs_split_page(page, order);
}
