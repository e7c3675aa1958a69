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

#include <stdbool.h>
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

/*
 * A physical address: 64 bits, spelt as the kernel's u64 (unsigned long
 * long) so that kernel code printing one with %llx compiles without a
 * format warning, here and in the kernel-compat tree.
 */
typedef unsigned long long phys_addr_t;

/*
 * An address as a device sees it (a bus address): 64 bits, spelt as
 * phys_addr_t for the same reason.  <zslab/dma.h> says how a device's
 * addresses relate to physical ones.
 */
typedef unsigned long long dma_addr_t;

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

/* A set of nodes, one bit per node (the kernel's nodemask_t). */
typedef struct {
	unsigned long bits[MAX_NUMNODES / (8 * sizeof(unsigned long))];
} nodemask_t;

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
 * __alloc_pages() - alloc_pages() with a preferred node and allowed nodes
 * (the mainline signature).
 * @gfp:           GFP flags.
 * @order:         0..MAX_ORDER-1.
 * @preferred_nid: the node to try first (see "Memory nodes" above).
 * @nodemask:      the nodes that may be used, or NULL for all.
 *
 * Return: the first page, or NULL: also when @nodemask leaves out node 0,
 * or @preferred_nid is another node and __GFP_THISNODE forbids falling
 * back (reported as a page allocation failure unless __GFP_NOWARN).
 */
struct page *__alloc_pages(gfp_t gfp, unsigned int order, int preferred_nid,
			   nodemask_t *nodemask);

/**
 * alloc_pages_node() - alloc_pages() preferring node @nid.
 * @nid:   NUMA_NO_NODE (the current node: 0) or a node number.
 * @gfp:   GFP flags.
 * @order: 0..MAX_ORDER-1.
 *
 * Return: the first page, or NULL.
 */
struct page *alloc_pages_node(int nid, gfp_t gfp, unsigned int order);

/**
 * __free_pages() - drop a reference to a block from alloc_pages() and free
 * it when that was the last one.
 * @page:  the first page of the block (NULL is ignored).
 * @order: the order it was allocated with.
 *
 * As the kernel (5.10+): when someone else still holds the first page of
 * a block that is not compound, the pages after it are freed at once and
 * the first page goes when its last reference is put.  A page that is not
 * the head of an allocated block of that order is reported ("Bad page
 * state") and taken out of use, never freed twice.
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

/**
 * alloc_pages_bulk() - fill the empty slots of @page_array with order-0
 * pages, as the kernel's alloc_pages_bulk() (alloc_pages_bulk_array()
 * before 6.14).
 * @gfp:        GFP flags of every page.
 * @nr_pages:   slots in @page_array.
 * @page_array: slots; a non-NULL one is kept and counted, a NULL one gets
 *              a page.
 *
 * It stops at the first page it cannot get, quietly (the caller sees
 * the short count and may retry or fall back).
 *
 * Return: the number of leading slots now holding a page.
 */
unsigned long alloc_pages_bulk(gfp_t gfp, unsigned long nr_pages, struct page **page_array);

#define alloc_page(gfp)          alloc_pages(gfp, 0)
#define __get_free_page(gfp)     __get_free_pages((gfp), 0)
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

/** page_to_nid() - the node of @page: always 0. */
static inline int page_to_nid(const struct page *page)
{
	(void)page;
	return 0;
}

/*
 * Reference counts (the kernel's page_ref.h and mm.h).  An allocated block
 * starts with 1 on its first page; tail pages hold 0.  A __GFP_COMP block
 * of order > 0 is compound: page_count(), get_page() and put_page() on
 * any of its pages act on its head, and the last put_page() frees the
 * whole block.  Any other page counts for itself, and its last put_page()
 * frees it as one page (for the first page of a block that is not
 * compound, the other pages are then leaked, as in the kernel: this is
 * reported).  Slab pages are frozen, as in mainline: their count reads 0,
 * get_page() on them warns and does nothing, put_page() does nothing.
 * A count going below 0, or a get on a page with count 0, is reported
 * (the kernel's VM_BUG_ON_PAGE()) and not done.
 */

/** page_ref_count() - the count stored in @page itself. */
int page_ref_count(const struct page *page);
/** page_count() - the count of @page's compound head (or of @page). */
int page_count(const struct page *page);
/** set_page_count() - set @page's own count to @v. */
void set_page_count(struct page *page, int v);
/** init_page_count() - set @page's own count to 1. */
void init_page_count(struct page *page);
/** page_ref_add() - add @nr to @page's own count. */
void page_ref_add(struct page *page, int nr);
/** page_ref_sub() - subtract @nr from @page's own count. */
void page_ref_sub(struct page *page, int nr);
/** page_ref_inc() - add one to @page's own count. */
void page_ref_inc(struct page *page);
/** page_ref_dec() - subtract one from @page's own count. */
void page_ref_dec(struct page *page);
/** page_ref_sub_and_test() - subtract @nr; true when the count is now 0. */
int page_ref_sub_and_test(struct page *page, int nr);
/** page_ref_dec_and_test() - subtract one; true when the count is now 0. */
int page_ref_dec_and_test(struct page *page);
/** page_ref_inc_return() - add one; the new count. */
int page_ref_inc_return(struct page *page);
/** page_ref_dec_return() - subtract one; the new count. */
int page_ref_dec_return(struct page *page);
/** page_ref_sub_return() - subtract @nr; the new count. */
int page_ref_sub_return(struct page *page, int nr);
/** page_ref_add_unless() - add @nr unless the count is @u; true if added. */
bool page_ref_add_unless(struct page *page, int nr, int u);
/** page_ref_freeze() - replace a count of @count by 0; true if it was @count. */
int page_ref_freeze(struct page *page, int count);
/** page_ref_unfreeze() - set a frozen (0) count back to @count. */
void page_ref_unfreeze(struct page *page, int count);
/** get_page() - take a reference on @page's compound head (or @page). */
void get_page(struct page *page);
/** try_get_page() - get_page() that refuses (with a warning) a count <= 0. */
bool try_get_page(struct page *page);
/** get_page_unless_zero() - take a reference on @page unless its count is 0. */
bool get_page_unless_zero(struct page *page);
/** put_page() - drop a reference; the last one frees the page (see above). */
void put_page(struct page *page);
/**
 * split_page() - make a block that is not compound into 2^@order pages of
 * one reference each, freed one by one.
 * @page:  the block's first page (count > 0).
 * @order: its order.
 */
void split_page(struct page *page, unsigned int order);
/** compound_head() - the head of @page's compound block, or @page. */
struct page *compound_head(const struct page *page);
/** compound_order() - the order of a compound head; 0 for other pages. */
unsigned int compound_order(const struct page *page);
/** PageHead() - is @page the head of a compound block (order > 0)? */
bool PageHead(const struct page *page);
/** PageTail() - is @page a tail page of a compound block? */
bool PageTail(const struct page *page);
/** PageCompound() - PageHead() or PageTail(). */
bool PageCompound(const struct page *page);
/** PageSlab() - is @page part of a slab? */
bool PageSlab(const struct page *page);

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
