/* SPDX-License-Identifier: MIT */
/*
 * zslab/mm.h - simulated physical memory and the buddy page allocator, with
 * the kernel's names and signatures.
 *
 * Physical memory is a set of ranges split into zones (see <zslab/gfp.h>).
 * Every 4 KiB page frame has a struct page; the conversions between a host
 * pointer ("virtual address"), a page, a page frame number and a physical
 * address are constant time.  Host memory that backs a free block is given
 * back to the operating system, so the process's RSS follows use.
 */
#ifndef ZSLAB_MM_H
#define ZSLAB_MM_H

#include <stddef.h>
#include <stdint.h>
#include <zslab/gfp.h>

/* The API is what libzslab exports; everything else is hidden. */
#pragma GCC visibility push(default)

#define PAGE_SHIFT 12
#define PAGE_SIZE  (1UL << PAGE_SHIFT)
#define PAGE_MASK  (~(PAGE_SIZE - 1))

/* Orders 0..MAX_ORDER-1: the largest block is 4 MiB. */
#define MAX_ORDER 11
/* Above this order, __GFP_NOFAIL is discouraged and reclaim gives up early. */
#define PAGE_ALLOC_COSTLY_ORDER 3

typedef uint64_t phys_addr_t;

/*
 * Memory nodes.  zslab's machine has one node, node 0, holding all of
 * RAM.  Every _node entry point takes NUMA_NO_NODE or 0 for it.  Another
 * node number below MAX_NUMNODES is a node without memory: the slab
 * allocator ignores the request's node, as SLUB does for a node without
 * slabs; the page allocator falls back to node 0, as a memoryless node's
 * zonelist does, except under __GFP_THISNODE, which then fails.  A node
 * number outside [NUMA_NO_NODE, MAX_NUMNODES) is a caller's bug (the
 * kernel BUGs on it): it is reported and the allocation returns NULL.
 */
#define NUMA_NO_NODE (-1)
#define NODES_SHIFT  10
#define MAX_NUMNODES (1 << NODES_SHIFT)

/* One page frame.  Its layout is private to zslab. */
struct page;

/**
 * alloc_pages() - allocate 2^@order contiguous page frames.
 * @gfp:   GFP flags; the zone bits choose the highest zone that may be used.
 * @order: 0..MAX_ORDER-1.
 *
 * Tries the zonelist of gfp_zone(@gfp) from the top down (Normal, DMA32,
 * DMA), honouring watermarks and lowmem_reserve.  With __GFP_ZERO the pages
 * are zeroed.  With __GFP_NOFAIL it never returns NULL (it waits for memory
 * to be freed instead).  A failure prints the kernel's rate-limited
 * "page allocation failure" report unless __GFP_NOWARN is given.
 *
 * Return: the first page of the block, or NULL.
 */
struct page *alloc_pages(gfp_t gfp, unsigned int order);

/**
 * __free_pages() - free a block from alloc_pages().
 * @page:  the first page of the block (NULL is ignored).
 * @order: the order it was allocated with.
 *
 * A page that is not the head of an allocated block of that order is
 * reported ("Bad page state") and taken out of use, never freed twice.
 */
void __free_pages(struct page *page, unsigned int order);

/**
 * __get_free_pages() - alloc_pages() returning the block's address.
 * @gfp: GFP flags (__GFP_HIGHMEM is refused: there is no mapping for it).
 * @order: block order.
 *
 * Return: the host address of the block, or 0.
 */
unsigned long __get_free_pages(gfp_t gfp, unsigned int order);

/**
 * get_zeroed_page() - one zeroed page.
 * @gfp: GFP flags.
 *
 * Return: its address, or 0.
 */
unsigned long get_zeroed_page(gfp_t gfp);

/**
 * free_pages() - free a block from __get_free_pages().
 * @addr:  its address (0 is ignored).
 * @order: its order.
 */
void free_pages(unsigned long addr, unsigned int order);

/**
 * alloc_pages_exact() - allocate @size bytes of contiguous, page-aligned
 * memory, giving back the tail pages of the power-of-two block.
 * @size: bytes wanted (rounded up to pages).
 * @gfp:  GFP flags (__GFP_COMP is not allowed, as in the kernel).
 *
 * Return: the address, or NULL.
 */
void *alloc_pages_exact(size_t size, gfp_t gfp);

/**
 * free_pages_exact() - free memory from alloc_pages_exact().
 * @virt: the address it returned.
 * @size: the size passed to it.
 */
void free_pages_exact(void *virt, size_t size);

#define alloc_page(gfp)          alloc_pages(gfp, 0)
#define __free_page(page)        __free_pages((page), 0)
#define free_page(addr)          free_pages((addr), 0)
#define __get_dma_pages(gfp, order) __get_free_pages((gfp) | GFP_DMA, (order))

/**
 * get_order() - the smallest order whose block holds @size bytes.
 * @size: a size in bytes; 0 gives an undefined result, as in the kernel.
 */
static inline int get_order(unsigned long size)
{
	if (size <= PAGE_SIZE)
		return 0;
	return (int)(64 - __builtin_clzl((size - 1) >> PAGE_SHIFT));
}

/**
 * page_zonenum() - the zone a page frame belongs to.
 * @page: a valid page.
 */
enum zone_type page_zonenum(const struct page *page);

/** page_to_pfn() - the page frame number of @page. */
unsigned long page_to_pfn(const struct page *page);
/** pfn_to_page() - the struct page of frame @pfn (which must be valid). */
struct page *pfn_to_page(unsigned long pfn);
/** pfn_valid() - nonzero when @pfn is a frame of simulated RAM. */
int pfn_valid(unsigned long pfn);
/** page_to_phys() - the physical address of @page. */
phys_addr_t page_to_phys(const struct page *page);
/** page_address() - the host address at which @page's memory is mapped. */
void *page_address(const struct page *page);
/** virt_to_page() - the page holding host address @addr (must be RAM). */
struct page *virt_to_page(const void *addr);
/** virt_to_phys() - the physical address of host address @addr. */
phys_addr_t virt_to_phys(const volatile void *addr);
/** phys_to_virt() - the host address of physical address @phys. */
void *phys_to_virt(phys_addr_t phys);
/**
 * virt_addr_valid() - nonzero when @addr lies in simulated RAM, so that
 * virt_to_page() and virt_to_phys() may be used on it.
 */
int virt_addr_valid(const volatile void *addr);

#pragma GCC visibility pop

#endif /* ZSLAB_MM_H */
