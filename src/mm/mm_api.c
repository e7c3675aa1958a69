/* SPDX-License-Identifier: MIT */
/*
 * mm_api.c - the page allocator's exported entry points (mm.h): argument
 * checks, then page_alloc.c.  No boot test: before boot no zone has a page,
 * so the first alloc_pages() reaches the slow path, which boots
 * (common/lazy_boot.h), and a free finds no RAM and reports it.
 */
#include <stdint.h>

#include "common/report.h"
#include "mm/page_alloc.h"

struct page *alloc_pages(gfp_t gfp, unsigned int order)
{
	return zs_alloc_pages(gfp, order);
}

void __free_pages(struct page *page, unsigned int order)
{
	if (!page)
		return;
	zs_free_pages_ref(page, order);
}

void put_page(struct page *page)
{
	zs_put_page(page);
}

unsigned long __get_free_pages(gfp_t gfp, unsigned int order)
{
	struct page *page;

	if (gfp & __GFP_HIGHMEM) {
		zs_warn("__get_free_pages: __GFP_HIGHMEM has no address (gfp %#x)", gfp);
		return 0;
	}
	page = alloc_pages(gfp, order);
	return page ? (unsigned long)zs_page_address(page) : 0;
}

unsigned long get_zeroed_page(gfp_t gfp)
{
	return __get_free_pages(gfp | __GFP_ZERO, 0);
}

/* The head page of an address passed to free_pages(), or NULL (reported). */
static struct page *addr_to_page(unsigned long addr, const char *who)
{
	struct page *page = zs_virt_to_page((const void *)addr);

	if (!page || (addr & (PAGE_SIZE - 1))) {
		zs_warn("%s: %#lx is not a page of simulated RAM; not freed", who, addr);
		return NULL;
	}
	return page;
}

void free_pages(unsigned long addr, unsigned int order)
{
	struct page *page;

	if (!addr)
		return;
	page = addr_to_page(addr, "free_pages");
	if (page)
		zs_free_pages_ref(page, order);
}

void *alloc_pages_exact(size_t size, gfp_t gfp)
{
	unsigned int order;
	unsigned long addr, used, end;

	if (size == 0 || size > (PAGE_SIZE << (MAX_ORDER - 1))) {
		if (!(gfp & __GFP_NOWARN))
			zs_warn("alloc_pages_exact: size %zu out of range", size);
		return NULL;
	}
	if (gfp & __GFP_COMP) {
		zs_warn("alloc_pages_exact: __GFP_COMP not allowed (gfp %#x)", gfp);
		gfp &= ~__GFP_COMP;
	}
	order = (unsigned int)get_order(size);
	addr = __get_free_pages(gfp, order);
	if (!addr)
		return NULL;
	zs_split_page(zs_virt_to_page((void *)addr), order);
	used = addr + ((size + PAGE_SIZE - 1) & PAGE_MASK);
	end = addr + (PAGE_SIZE << order);
	for (; used < end; used += PAGE_SIZE)
		zs_free_pages(zs_virt_to_page((void *)used), 0);
	return (void *)addr;
}

unsigned long alloc_pages_bulk(gfp_t gfp, unsigned long nr_pages, struct page **page_array)
{
	unsigned long n = 0;

	for (; n < nr_pages; n++) {
		if (page_array[n])
			continue;
		page_array[n] = alloc_pages(gfp | __GFP_NOWARN, 0);
		if (!page_array[n])
			break;
	}
	return n;
}

void free_pages_exact(void *virt, size_t size)
{
	unsigned long addr = (unsigned long)virt;
	unsigned long end = addr + ((size + PAGE_SIZE - 1) & PAGE_MASK);

	if (!virt)
		return;
	for (; addr < end; addr += PAGE_SIZE) {
		struct page *page = addr_to_page(addr, "free_pages_exact");
		if (!page)
			return;
		zs_free_pages_ref(page, 0);
	}
}
