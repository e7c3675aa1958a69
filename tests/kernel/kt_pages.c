// SPDX-License-Identifier: MIT
/*
 * kt_pages.c - a module_init test in the style of lib/test_meminit.c: the
 * page allocator, the conversions between pages, frames, addresses and
 * physical addresses, real page reference counts (the last put_page()
 * frees: the runner's end-of-run check fails the program if a page is
 * left), and vmalloc where this zslab has it.  It reports through
 * pr_info() and fails the load with -EINVAL, as such modules do.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/gfp.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/vmalloc.h>

static int failures, checks;

#define check(cond) do { \
	checks++; \
	if (!(cond)) { \
		failures++; \
		pr_err("%s:%d: check failed: %s\n", __func__, __LINE__, #cond); \
	} \
} while (0)

static void __init test_orders(void)
{
	for (unsigned int order = 0; order < NR_PAGE_ORDERS; order++) {
		struct page *page = alloc_pages(GFP_KERNEL | __GFP_ZERO, order);
		u8 *p;

		check(page);
		if (!page)
			continue;
		p = page_address(page);
		check(!memchr_inv(p, 0, PAGE_SIZE << order));
		check(virt_to_page(p) == page);
		check(pfn_to_page(page_to_pfn(page)) == page);
		check(page_to_phys(page) == PFN_PHYS(page_to_pfn(page)));
		check(phys_to_virt(virt_to_phys(p)) == p);
		check(IS_ALIGNED(page_to_pfn(page), 1UL << order));
		check(offset_in_page(p + 5) == 5);
		__free_pages(page, order);
	}
}

static void __init test_zones(void)
{
	unsigned long dma32 = __get_free_pages(GFP_KERNEL | GFP_DMA32, 1);
	unsigned long dma = __get_free_page(GFP_DMA);

	check(dma32 && virt_to_phys((void *)dma32) < (1ULL << 32));
	check(dma && virt_to_phys((void *)dma) < (16ULL << 20));
	free_pages(dma32, 1);
	free_page(dma);
}

static void __init test_refcounts(void)
{
	struct page *page = alloc_page(GFP_KERNEL);

	check(page && page_count(page) == 1);
	if (!page)
		return;
	get_page(page);
	check(page_count(page) == 2);
	page_ref_add(page, 3);
	check(page_ref_count(page) == 5);
	page_ref_sub(page, 3);
	check(page_ref_inc_return(page) == 3);
	check(!page_ref_dec_and_test(page));
	check(get_page_unless_zero(page));
	put_page(page);
	put_page(page);
	check(page_count(page) == 1);
	put_page(page);                      /* the last reference frees it */
}

static void __init test_vmalloc(void)
{
#ifdef ZSK_HAVE_VMALLOC
	size_t size = 5 * PAGE_SIZE + 100;
	u8 *v = vzalloc(size);

	check(v && is_vmalloc_addr(v));
	if (!v)
		return;
	check(!memchr_inv(v, 0, size));
	for (size_t off = 0; off < size; off += PAGE_SIZE)
		check(page_address(vmalloc_to_page(v + off)) != NULL);
	vfree(v);
#else
	pr_info("vmalloc: skipped, this zslab has no <zslab/vmalloc.h>\n");
#endif
}

static int __init kt_pages_init(void)
{
	test_orders();
	test_zones();
	test_refcounts();
	test_vmalloc();
	if (failures)
		pr_info("failures: %d out of %d\n", failures, checks);
	else
		pr_info("all %d tests passed!\n", checks);
	return failures ? -EINVAL : 0;
}
module_init(kt_pages_init);

MODULE_LICENSE("GPL");
