/* SPDX-License-Identifier: MIT */
/*
 * zslab/vmalloc.h - virtually contiguous memory built from order-0 pages
 * of the simulated RAM (the kernel's mm/vmalloc.c and mm/util.c kvmalloc),
 * with the kernel's names and signatures.
 *
 * How the host maps a page twice depends on the RAM's backing
 * (ram_backing=, see the README's "vmalloc"):
 *  - memfd: RAM is a shared memory file; vmalloc() takes order-0 pages
 *    anywhere in RAM and maps each again at an address of the vmalloc
 *    area, which lies outside RAM.  Any size up to the RAM's.
 *  - anon (the default): a private mapping cannot be mapped twice, so
 *    vmalloc() takes one physically contiguous run of pages (at most a
 *    4 MiB block, split into order-0 pages as split_page() does) and hands
 *    out its RAM address.  Larger sizes fail (NULL, one report).
 * Either way vmalloc_to_page() gives each page's real struct page and
 * is_vmalloc_addr() is true inside the area and only there.
 */
#ifndef ZSLAB_VMALLOC_H
#define ZSLAB_VMALLOC_H

#include <stdbool.h>
#include <stddef.h>

#include <zslab/gfp.h>
#include <zslab/mm.h>

#ifdef __cplusplus
extern "C" {
#endif

#pragma GCC visibility push(default)

/**
 * __vmalloc() - allocate virtually contiguous memory with @gfp_mask.
 * @size: bytes, rounded up to pages (a guard page follows the area).
 * @gfp_mask: the pages' flags (GFP_KERNEL, __GFP_ZERO, __GFP_NOWARN ...).
 *
 * Return: the area, or NULL (size 0, more than the RAM or the host
 * would commit, no pages, no address space) with one "vmalloc error:"
 * report unless __GFP_NOWARN.
 */
void *__vmalloc(unsigned long size, gfp_t gfp_mask);

/**
 * __vmalloc_node() - __vmalloc() whose area starts at a multiple of @align.
 * @size:   bytes, rounded up to pages.
 * @align:  a power of two; below PAGE_SIZE means PAGE_SIZE.  With
 *          ram_backing=anon the area is one block of RAM, so @align
 *          is at most 4 MiB there.
 * @gfp_mask: the pages' flags.
 * @node:   memory node (NUMA_NO_NODE or 0).
 * @caller: the caller's address, for the kernel's bookkeeping (unused).
 *
 * Return: the area, or NULL with a "vmalloc error:" report (unless
 * __GFP_NOWARN) when @align is no power of two or no aligned run of
 * the vmalloc address space (or of RAM) is free.
 */
void *__vmalloc_node(unsigned long size, unsigned long align, gfp_t gfp_mask,
		     int node, const void *caller);

/**
 * vmalloc_huge_node() - vmalloc for a caller that would take huge pages:
 * zslab maps base pages, as a kernel without huge vmap support does.
 * @size:     bytes.
 * @gfp_mask: the pages' flags.
 * @node:     memory node (NUMA_NO_NODE or 0).
 *
 * Return: the area, or NULL.
 */
void *vmalloc_huge_node(unsigned long size, gfp_t gfp_mask, int node);

/**
 * vmalloc_huge() - vmalloc_huge_node() on any node.
 * @size:     bytes.
 * @gfp_mask: the pages' flags.
 *
 * Return: the area, or NULL.
 */
void *vmalloc_huge(unsigned long size, gfp_t gfp_mask);

/**
 * vm_map_ram() - map @count pages the caller owns at one virtually
 * contiguous address; they stay the caller's.
 * @pages: the pages, in order.
 * @count: how many (at least 1).
 * @node:  memory node (NUMA_NO_NODE or 0).
 *
 * With ram_backing=memfd the mapping is a new one in the vmalloc area
 * (is_vmalloc_addr() is true, vmalloc_to_page() gives @pages back).
 * With ram_backing=anon a page cannot be mapped twice, so only physically
 * adjacent pages can be mapped, at their own address; others fail with a
 * report that names ram_backing=memfd.
 *
 * Return: the address, or NULL.
 */
void *vm_map_ram(struct page **pages, unsigned int count, int node);

/**
 * vm_unmap_ram() - undo vm_map_ram(); the pages are not freed.
 * @mem:   what vm_map_ram() returned.
 * @count: the count passed to it.
 *
 * An address vm_map_ram() did not return, or another count, is reported
 * (where the kernel BUG()s) and nothing is unmapped.  With
 * ram_backing=anon nothing was mapped, so any page-aligned run of RAM
 * pages passes; only other addresses are reported.
 */
void vm_unmap_ram(const void *mem, unsigned int count);

/**
 * vmalloc() - __vmalloc(@size, GFP_KERNEL).
 * @size: bytes.
 *
 * Return: virtually contiguous memory, or NULL.
 */
void *vmalloc(unsigned long size);

/**
 * vzalloc() - vmalloc() of zeroed memory.
 * @size: bytes.
 *
 * Return: the zeroed area, or NULL.
 */
void *vzalloc(unsigned long size);

/**
 * vmalloc_node() - vmalloc() from memory node @node (zslab has node 0;
 * NUMA_NO_NODE and 0 are accepted alike).
 * @size: bytes.
 * @node: the node.
 *
 * Return: the area, or NULL.
 */
void *vmalloc_node(unsigned long size, int node);

/**
 * vzalloc_node() - vzalloc() from memory node @node.
 * @size: bytes.
 * @node: the node.
 *
 * Return: the zeroed area, or NULL.
 */
void *vzalloc_node(unsigned long size, int node);

/**
 * vmalloc_array() - vmalloc() of @n elements of @size bytes.
 * @n: elements.
 * @size: bytes each.
 *
 * Return: the area, or NULL when @n * @size overflows or vmalloc fails.
 */
void *vmalloc_array(size_t n, size_t size);

/**
 * vcalloc() - vmalloc_array() of zeroed memory.
 * @n: elements.
 * @size: bytes each.
 *
 * Return: the zeroed area, or NULL.
 */
void *vcalloc(size_t n, size_t size);

/**
 * vfree() - release an area from the vmalloc family; its pages go back
 * to the page allocator.
 * @addr: the start of the area, or NULL (nothing is done).
 *
 * Any other address is reported ("Trying to vfree() nonexistent vm area")
 * as the kernel WARNs, and nothing is freed.
 */
void vfree(const void *addr);

/**
 * vmalloc_to_page() - the struct page of RAM behind @addr.
 * @addr: any address inside a vmalloc area.
 *
 * Return: the page, or NULL when @addr is not in a live area.
 */
struct page *vmalloc_to_page(const void *addr);

/**
 * vmalloc_to_pfn() - page_to_pfn(vmalloc_to_page(@addr)).
 * @addr: an address inside a vmalloc area.
 *
 * Return: the page frame number, or 0 when @addr is not in a live area.
 */
unsigned long vmalloc_to_pfn(const void *addr);

/**
 * is_vmalloc_addr() - does @x lie in vmalloc's address space?
 * @x: any address.
 *
 * Return: true for an address of a vmalloc area (with ram_backing=memfd,
 * anywhere in the vmalloc address range, as in the kernel).
 */
bool is_vmalloc_addr(const void *x);

/**
 * kvmalloc_node() - kmalloc_node() for a size kmalloc can serve, else
 * vmalloc, as the kernel's: above a page the kmalloc attempt is
 * __GFP_NOWARN and __GFP_NORETRY (unless __GFP_RETRY_MAYFAIL) and never
 * __GFP_NOFAIL; without __GFP_DIRECT_RECLAIM (GFP_ATOMIC, GFP_NOWAIT)
 * there is no vmalloc fallback; above INT_MAX bytes it fails.
 * @size: bytes.
 * @flags: GFP flags.
 * @node: memory node (0 or NUMA_NO_NODE).
 *
 * Return: the memory (free it with kvfree()), or NULL.
 */
void *kvmalloc_node(size_t size, gfp_t flags, int node);

/**
 * kvmalloc() - kvmalloc_node() on any node.
 * @size: bytes.
 * @flags: GFP flags.
 *
 * Return: the memory, or NULL.
 */
void *kvmalloc(size_t size, gfp_t flags);

/**
 * kvzalloc() - kvmalloc() of zeroed memory.
 * @size: bytes.
 * @flags: GFP flags.
 *
 * Return: the zeroed memory, or NULL.
 */
void *kvzalloc(size_t size, gfp_t flags);

/**
 * kvzalloc_node() - kvmalloc_node() of zeroed memory.
 * @size: bytes.
 * @flags: GFP flags.
 * @node: memory node.
 *
 * Return: the zeroed memory, or NULL.
 */
void *kvzalloc_node(size_t size, gfp_t flags, int node);

/**
 * kvmalloc_array() - kvmalloc() of @n elements of @size bytes.
 * @n: elements.
 * @size: bytes each.
 * @flags: GFP flags.
 *
 * Return: the memory, or NULL (also when @n * @size overflows).
 */
void *kvmalloc_array(size_t n, size_t size, gfp_t flags);

/**
 * kvcalloc() - kvmalloc_array() of zeroed memory.
 * @n: elements.
 * @size: bytes each.
 * @flags: GFP flags.
 *
 * Return: the zeroed memory, or NULL.
 */
void *kvcalloc(size_t n, size_t size, gfp_t flags);

/**
 * kvrealloc() - resize memory from the kvmalloc family (the 6.12
 * signature): kmalloc memory is krealloc()ed when kmalloc can hold
 * @size, a vmalloc area that holds @size is kept, else the contents move
 * to a new kvmalloc() block and the old one is freed.  With __GFP_ZERO
 * the bytes beyond the old size read zero.
 * @p: the memory, or NULL (then kvmalloc()).
 * @size: the new size; 0 frees @p and returns ZERO_SIZE_PTR.
 * @flags: GFP flags.
 *
 * Return: the memory, or NULL with @p untouched.
 */
void *kvrealloc(const void *p, size_t size, gfp_t flags);

/**
 * kvfree() - free memory from kvmalloc(), kmalloc() or vmalloc().
 * @addr: the memory, or NULL.
 */
void kvfree(const void *addr);

/**
 * kvfree_sensitive() - clear @len bytes of @addr, then kvfree() it.
 * @addr: the memory, or NULL.
 * @len: bytes to clear.
 */
void kvfree_sensitive(const void *addr, size_t len);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif

#endif
