// SPDX-License-Identifier: MIT
/*
 * kt_vmalloc.c - a module_init test of vmalloc as kernel code uses it:
 * pages of a vmalloc area are real pages of RAM (vmalloc_to_page(),
 * page_address() of each reads the same bytes), areas built from order-0
 * pages that need not be adjacent, the kvmalloc family's choice between
 * kmalloc and vmalloc, kvrealloc(), vfree() giving every page back (the
 * runner's end-of-run check fails the program if one is left).
 * CTest runs it with ram_backing=memfd (pages mapped twice) and with the
 * default anon RAM (one contiguous run, at most 4 MiB).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/gfp.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

static int failures, checks;

#define check(cond) do { \
	checks++; \
	if (!(cond)) { \
		failures++; \
		pr_err("%s:%d: check failed: %s\n", __func__, __LINE__, #cond); \
	} \
} while (0)

/* Each page behind [v, v+size) aliases the bytes written through v. */
static void __init check_area(u8 *v, size_t size)
{
	for (size_t off = 0; off < size; off += PAGE_SIZE) {
		struct page *page = vmalloc_to_page(v + off);
		u8 *lin = page ? page_address(page) : NULL;

		check(page && lin);
		if (!lin)
			return;
		check(page_count(page) == 1);
		check(lin[0] == v[off]);
		lin[2] = 0xa5;
		check(v[off + 2] == 0xa5);
	}
}

static void __init test_vmalloc_pages(void)
{
	size_t size = 9 * PAGE_SIZE + 1;
	u8 *v = vzalloc(size);

	check(v && is_vmalloc_addr(v) && is_vmalloc_addr(v + size - 1));
	if (!v)
		return;
	check(!memchr_inv(v, 0, size));
	for (size_t i = 0; i < size; i++)
		v[i] = (u8)(i >> 3);
	check_area(v, size);
	vfree(v);
}

/* Scattered free pages: a vmalloc area still reads as one. */
static void __init test_scattered(void)
{
	struct page *pages[32];
	u8 *v;

	for (int i = 0; i < 32; i++)
		pages[i] = alloc_page(GFP_KERNEL);
	for (int i = 0; i < 32; i += 2)
		__free_page(pages[i]);
	v = vmalloc_array(8, PAGE_SIZE);
	check(v);
	if (v) {
		memset(v, 0x3c, 8 * PAGE_SIZE);
		check_area(v, 8 * PAGE_SIZE);
		vfree(v);
	}
	for (int i = 1; i < 32; i += 2)
		__free_page(pages[i]);
}

static void __init test_kvmalloc(void)
{
	u8 *k = kvmalloc(256, GFP_KERNEL), *big, *r;
	size_t n = 3 * SZ_1M;

	check(k && !is_vmalloc_addr(k));      /* small: kmalloc */
	kvfree(k);
	big = kvcalloc(n / 8, 8, GFP_KERNEL);
	check(big && !memchr_inv(big, 0, n));
	if (big)
		memset(big, 0x11, n);
	r = kvrealloc(big, n + PAGE_SIZE, GFP_KERNEL | __GFP_ZERO);
	check(r);
	if (r) {
		check(r[0] == 0x11 && r[n - 1] == 0x11);
		check(!memchr_inv(r + n, 0, PAGE_SIZE));
		kvfree(r);
	} else {
		kvfree(big);
	}
	check(!kvmalloc_array(SIZE_MAX / 4, 8, GFP_KERNEL));
	check(!kvmalloc(KMALLOC_MAX_SIZE + 1, GFP_ATOMIC)); /* no vmalloc when atomic */
	k = kvmalloc(64, GFP_KERNEL);
	check(k);
	kvfree_sensitive(k, 64);
	vfree(NULL);
	kvfree(NULL);
}

/* With ram_backing=memfd vmalloc reaches past one 4 MiB block. */
static void __init test_large(void)
{
	u8 *v = __vmalloc(16 * SZ_1M, GFP_KERNEL | __GFP_NOWARN);

	if (!v) {
		pr_info("16 MiB vmalloc: not with anon RAM (ram_backing=memfd)\n");
		return;
	}
	v[0] = 1;
	v[16 * SZ_1M - 1] = 2;
	check(vmalloc_to_page(v) != vmalloc_to_page(v + 16 * SZ_1M - 1));
	check(page_to_pfn(vmalloc_to_page(v)) == vmalloc_to_pfn(v));
	vfree(v);
}

static int __init kt_vmalloc_init(void)
{
	test_vmalloc_pages();
	test_scattered();
	test_kvmalloc();
	test_large();
	if (failures)
		pr_info("failures: %d out of %d\n", failures, checks);
	else
		pr_info("all %d tests passed!\n", checks);
	return failures ? -EINVAL : 0;
}
module_init(kt_vmalloc_init);

MODULE_LICENSE("GPL");
