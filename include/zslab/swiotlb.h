/* SPDX-License-Identifier: MIT */
/*
 * zslab/swiotlb.h - the kernel's software IO TLB (kernel/dma/swiotlb.c),
 * with its names, constants and signatures.
 *
 * A bounce pool in low memory (ZONE_DMA32, then ZONE_DMA) for streaming
 * mappings of buffers a device cannot reach: IO_TLB_SIZE (2 KiB) slots in
 * segments of IO_TLB_SEGSIZE (128) slots; one mapping takes contiguous
 * slots inside one segment, so it is at most 256 KiB.  Its size is the
 * kernel's boot option swiotlb=<nslabs>[,<nareas>][,force|noforce]
 * (default 64 MiB); "force" bounces every streaming mapping, "noforce"
 * has no pool (a buffer beyond the mask is refused).  dma-direct
 * (<zslab/dma.h>) bounces through it by itself: drivers never call these
 * functions, but tests and the kernel's own code may.
 *
 * The pool is made from low memory when the first mapping needs it
 * (zslab does not take 64 MiB at every boot), and given back at
 * zslab_exit().
 */
#ifndef ZSLAB_SWIOTLB_H
#define ZSLAB_SWIOTLB_H

#include <stdbool.h>
#include <stddef.h>
#include <zslab/dma.h>
#include <zslab/mm.h>

/* The API is what libzslab exports; everything else is hidden. */
#pragma GCC visibility push(default)

#ifdef __cplusplus
extern "C" {
#endif

/* One slot: 2 KiB, the unit of the pool. */
#define IO_TLB_SHIFT 11
#define IO_TLB_SIZE (1 << IO_TLB_SHIFT)
/* Slots per segment: no mapping crosses a segment. */
#define IO_TLB_SEGSIZE 128
/* The pool's size without swiotlb=: 64 MiB. */
#define IO_TLB_DEFAULT_SIZE (64UL << 20)

/**
 * swiotlb_tbl_map_single() - take slots for [@phys, @phys + @mapping_size)
 * and copy the buffer into them.
 * @dev:              the device (for messages and its mask).
 * @phys:             the buffer's physical address.
 * @mapping_size:     its length in bytes (1 .. IO_TLB_SEGSIZE * IO_TLB_SIZE).
 * @alloc_align_mask: extra alignment of the bounce buffer (0: none beyond
 *                    a page for mappings of a page or more).
 * @dir:              the direction; the copy is made for every direction,
 *                    as the kernel does since 5.19, so that a device that
 *                    writes only part of the buffer leaves the rest intact.
 * @attrs:            DMA_ATTR_NO_WARN: no "buffer is full" report.
 *
 * Return: the bounce buffer's physical address, or
 * (phys_addr_t)DMA_MAPPING_ERROR with the kernel's "swiotlb buffer is
 * full (sz: %zd bytes), total %lu (slots), used %lu (slots)" warning.
 */
phys_addr_t swiotlb_tbl_map_single(struct device *dev, phys_addr_t phys,
				   size_t mapping_size, unsigned int alloc_align_mask,
				   enum dma_data_direction dir, unsigned long attrs);

/**
 * swiotlb_tbl_unmap_single() - copy back (DMA_FROM_DEVICE and
 * DMA_BIDIRECTIONAL, unless DMA_ATTR_SKIP_CPU_SYNC) and free the slots.
 * @dev:          the device.
 * @tlb_addr:     what swiotlb_tbl_map_single() returned.
 * @mapping_size: the mapping's length (a longer one is truncated, warned).
 * @dir:          the direction.
 * @attrs:        DMA_ATTR_SKIP_CPU_SYNC: no copy.
 */
void swiotlb_tbl_unmap_single(struct device *dev, phys_addr_t tlb_addr,
			      size_t mapping_size, enum dma_data_direction dir,
			      unsigned long attrs);

/**
 * swiotlb_sync_single_for_device() - copy the buffer to its bounce buffer
 * again (DMA_TO_DEVICE, DMA_BIDIRECTIONAL; nothing for DMA_FROM_DEVICE).
 * @dev:      the device.
 * @tlb_addr: an address inside a live bounce buffer.
 * @size:     bytes from there.
 * @dir:      the direction.
 */
void swiotlb_sync_single_for_device(struct device *dev, phys_addr_t tlb_addr,
				    size_t size, enum dma_data_direction dir);

/**
 * swiotlb_sync_single_for_cpu() - copy the bounce buffer back to the
 * buffer (DMA_FROM_DEVICE, DMA_BIDIRECTIONAL; nothing for DMA_TO_DEVICE).
 * @dev:      the device.
 * @tlb_addr: an address inside a live bounce buffer.
 * @size:     bytes from there.
 * @dir:      the direction.
 */
void swiotlb_sync_single_for_cpu(struct device *dev, phys_addr_t tlb_addr,
				 size_t size, enum dma_data_direction dir);

/**
 * swiotlb_map() - bounce [@phys, @phys + @size) for @dev: what dma-direct
 * does for a buffer beyond the device's mask (or every buffer, with
 * swiotlb=force).
 * @dev:   the device.
 * @phys:  the buffer.
 * @size:  its length.
 * @dir:   the direction.
 * @attrs: DMA_ATTR_* flags.
 *
 * Return: the bounce buffer's bus address, or DMA_MAPPING_ERROR (pool
 * full, or the pool itself beyond the device's mask: the kernel's
 * "swiotlb addr ... overflow" warning).
 */
dma_addr_t swiotlb_map(struct device *dev, phys_addr_t phys, size_t size,
		       enum dma_data_direction dir, unsigned long attrs);

/**
 * is_swiotlb_buffer() - is @paddr inside the bounce pool?
 * @dev:   the device (every device shares the one pool).
 * @paddr: a physical address.
 *
 * Return: true for an address of the pool.
 */
bool is_swiotlb_buffer(struct device *dev, phys_addr_t paddr);

/**
 * is_swiotlb_force_bounce() - does @dev bounce every mapping (swiotlb=force)?
 * @dev: the device.
 *
 * Return: true under swiotlb=force.
 */
bool is_swiotlb_force_bounce(struct device *dev);

/**
 * is_swiotlb_active() - may @dev bounce (no swiotlb=noforce, and the pool
 * could be made if it was needed)?
 * @dev: the device.
 *
 * Return: true when bouncing is available.
 */
bool is_swiotlb_active(struct device *dev);

/**
 * swiotlb_max_mapping_size() - the longest mapping the pool takes.
 * @dev: the device.
 *
 * Return: IO_TLB_SEGSIZE * IO_TLB_SIZE (256 KiB).
 */
size_t swiotlb_max_mapping_size(struct device *dev);

/**
 * swiotlb_print_info() - report the kernel's boot line, "software IO TLB:
 * mapped [mem 0x...-0x...] (NMB)", for the pool (made now if need be), or
 * "software IO TLB: No low mem" when it cannot be made.
 */
void swiotlb_print_info(void);

/**
 * struct zslab_swiotlb_info - the pool's figures (the kernel's debugfs
 * swiotlb/io_tlb_nslabs, io_tlb_used, io_tlb_used_hiwater).
 * @nslabs:      slots the pool has (or will have, before it is made).
 * @used:        slots in use.
 * @used_hiwater: the most slots ever in use at once.
 * @allocated:   whether the pool's memory has been taken yet.
 * @force:       swiotlb=force.
 * @disabled:    swiotlb=noforce: no pool.
 */
struct zslab_swiotlb_info {
	unsigned long nslabs;
	unsigned long used;
	unsigned long used_hiwater;
	bool allocated;
	bool force;
	bool disabled;
};

/**
 * zslab_swiotlb_get_info() - read the pool's figures.
 * @out: where to write them.
 *
 * Return: 0, or -EINVAL (reported) for a NULL @out.
 */
int zslab_swiotlb_get_info(struct zslab_swiotlb_info *out);

#ifdef __cplusplus
}
#endif

#pragma GCC visibility pop

#endif
