/* SPDX-License-Identifier: MIT */
/*
 * linux/mm.h - pages: zslab's struct page array and buddy allocator
 * (<zslab/mm.h>) under the kernel's names, with the conversions between
 * addresses, pages, frame numbers and physical addresses.  Page
 * reference counts are zslab's (<zslab/mm.h>, linux/page_ref.h).
 */
#ifndef _ZSK_LINUX_MM_H
#define _ZSK_LINUX_MM_H

#include <asm/page.h>
#include <linux/bug.h>
#include <linux/err.h>
#include <linux/gfp.h>
#include <linux/list.h>
#include <linux/mm_types.h>
#include <linux/mmzone.h>
#include <linux/overflow.h>
#include <linux/page_ref.h>
#include <linux/pfn.h>
#include <linux/random.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <zslab/mm.h>

#define PAGE_ALIGN(addr) ALIGN(addr, PAGE_SIZE)
#define PAGE_ALIGN_DOWN(addr) ALIGN_DOWN(addr, PAGE_SIZE)
#define PAGE_ALIGNED(addr) IS_ALIGNED((unsigned long)(addr), PAGE_SIZE)
#define offset_in_page(p) ((unsigned long)(p) & ~PAGE_MASK)
#define lowmem_page_address(page) page_address(page)
#define page_to_virt(page) page_address(page)
#define nth_page(page, n) pfn_to_page(page_to_pfn(page) + (n))
#define page_to_section(page) 0
#define totalram_pages() zsk_totalram_pages()
#define si_mem_available() zsk_totalram_pages()

/** zsk_totalram_pages() - the pages the buddy allocator manages. */
unsigned long zsk_totalram_pages(void);

#endif
