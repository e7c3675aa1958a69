/* SPDX-License-Identifier: MIT */
/*
 * zslab/io-pgtable.h - the kernel's generic IOMMU page-table API
 * (include/linux/io-pgtable.h) with the ARMv7 short-descriptor format
 * (ARM_V7S, drivers/iommu/io-pgtable-arm-v7s.c), plus a few trailing
 * configuration fields that are zslab's own (zslab_*: where level-2 tables
 * come from, and whether the 32-bit fit check runs).
 *
 * Differences from the kernel, all stricter (see spec §0):
 *  - map_pages()/unmap_pages() validate what the kernel leaves to the IOMMU
 *    core: pgsize must be exactly one size of the trimmed pgsize_bitmap,
 *    iova (and paddr) aligned to it, pgcount >= 1, and the whole range below
 *    2^ias (2^oas for paddr); otherwise nothing is written.
 *  - a partial unmap inside a 64 KiB / 1 MiB / 16 MiB entry splits it and
 *    keeps the block's output address for the surviving pages.
 *  - ias < 32 is refused.
 *  - only ARM_V7S is built; the other formats make alloc return NULL.
 */
#ifndef ZSLAB_IO_PGTABLE_H
#define ZSLAB_IO_PGTABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <zslab/gfp.h>
#include <zslab/mm.h>

/* The API is what libzslab exports; everything else is hidden. */
#pragma GCC visibility push(default)

#ifdef __cplusplus
extern "C" {
#endif

struct device;

/* iommu_map() prot bits, with the kernel's values. */
#define IOMMU_READ   (1 << 0)
#define IOMMU_WRITE  (1 << 1)
#define IOMMU_CACHE  (1 << 2)  /* DMA cache coherency */
#define IOMMU_NOEXEC (1 << 3)
#define IOMMU_MMIO   (1 << 4)  /* e.g. things like MSI doorbells */
#define IOMMU_PRIV   (1 << 5)  /* privileged accesses only */

/* Page-table quirks, with the kernel's bit numbers. */
#define IO_PGTABLE_QUIRK_ARM_NS           (1UL << 0)
#define IO_PGTABLE_QUIRK_NO_PERMS         (1UL << 1)
#define IO_PGTABLE_QUIRK_ARM_MTK_EXT      (1UL << 3)
#define IO_PGTABLE_QUIRK_ARM_MTK_TTBR_EXT (1UL << 4)
/* LPAE-only quirks: ARM_V7S refuses them. */
#define IO_PGTABLE_QUIRK_ARM_TTBR1        (1UL << 5)
#define IO_PGTABLE_QUIRK_ARM_OUTER_WBWA   (1UL << 6)
#define IO_PGTABLE_QUIRK_ARM_HD           (1UL << 7)
#define IO_PGTABLE_QUIRK_ARM_S2FWB        (1UL << 8)
#define IO_PGTABLE_QUIRK_NO_WARN          (1UL << 9)

#ifndef SZ_4K
#define SZ_4K  0x00001000UL
#define SZ_64K 0x00010000UL
#define SZ_1M  0x00100000UL
#define SZ_16M 0x01000000UL
#endif

/**
 * enum io_pgtable_fmt - page-table formats, in the kernel's order
 * (ARM_V7S is the fifth).  zslab builds ARM_V7S only.
 */
enum io_pgtable_fmt {
	ARM_32_LPAE_S1,
	ARM_32_LPAE_S2,
	ARM_64_LPAE_S1,
	ARM_64_LPAE_S2,
	ARM_V7S,
	ARM_MALI_LPAE,
	AMD_IOMMU_V1,
	AMD_IOMMU_V2,
	APPLE_DART,
	APPLE_DART2,
	IO_PGTABLE_NUM_FMTS,
};

/**
 * struct iommu_iotlb_gather - a range of IOVA whose TLB entries must be
 * invalidated, gathered while unmapping (include/linux/iommu.h).
 * @start:  first IOVA of the range (ULONG_MAX when empty).
 * @end:    last IOVA of the range, inclusive (0 when empty).
 * @pgsize: the page size of the gathered entries (0 when empty).
 * @queued: true in flush-queue mode: unmap then calls no tlb_add_page.
 *
 * Invariant: empty, or start <= end.  Initialise with
 * iommu_iotlb_gather_init().
 */
struct iommu_iotlb_gather {
	unsigned long start;
	unsigned long end;
	size_t pgsize;
	bool queued;
};

/** iommu_iotlb_gather_init() - make @gather empty and not queued. */
static inline void iommu_iotlb_gather_init(struct iommu_iotlb_gather *gather)
{
	gather->start = ~0UL;
	gather->end = 0;
	gather->pgsize = 0;
	gather->queued = false;
}

/** iommu_iotlb_gather_queued() - true when @gather (may be NULL) is queued. */
static inline bool iommu_iotlb_gather_queued(const struct iommu_iotlb_gather *gather)
{
	return gather && gather->queued;
}

/**
 * iommu_iotlb_gather_add_range() - widen @gather to cover [@iova, @iova+@size).
 * @gather: the gather.
 * @iova:   first IOVA.
 * @size:   bytes (nonzero).
 */
static inline void iommu_iotlb_gather_add_range(struct iommu_iotlb_gather *gather,
						unsigned long iova, size_t size)
{
	unsigned long end = iova + size - 1;

	if (gather->start > iova)
		gather->start = iova;
	if (gather->end < end)
		gather->end = end;
}

/**
 * struct iommu_flush_ops - TLB maintenance the page-table code asks of the
 * IOMMU driver.  Every hook is optional (NULL: not called) and may be
 * called from atomic context; it must not sleep.
 * @tlb_flush_all:  invalidate every entry of the context (free_io_pgtable_ops).
 * @tlb_flush_walk: synchronously invalidate walk caches for [iova, iova+size)
 *                  at @granule: a level-2 table was detached (size 1 MiB,
 *                  granule 4 KiB) or a contiguous group split (16 blocks).
 * @tlb_add_page:   queue the invalidation of one leaf of @granule bytes at
 *                  @iova into @gather (which may be NULL).
 */
struct iommu_flush_ops {
	void (*tlb_flush_all)(void *cookie);
	void (*tlb_flush_walk)(unsigned long iova, size_t size, size_t granule,
			       void *cookie);
	void (*tlb_add_page)(struct iommu_iotlb_gather *gather, unsigned long iova,
			     size_t granule, void *cookie);
};

/**
 * enum io_pgtable_l2_source - zslab only: where ARM_V7S level-2 tables
 * (1 KiB, 1 KiB aligned) come from.
 * @IO_PGTABLE_L2_SLAB_DMA32: the kernel: a kmem cache "io-pgtable_armv7s_l2"
 *     of 1 KiB objects, 1 KiB aligned, SLAB_CACHE_DMA32 (no flag under
 *     ARM_MTK_TTBR_EXT), created per page table; mergeable as in the kernel.
 * @IO_PGTABLE_L2_GENALLOC: a gen_pool (min order 10) over one 4 MiB block of
 *     GFP_DMA32 pages reserved by alloc_io_pgtable_ops(): room for every
 *     L2 table of a 32-bit IOVA space, held until free_io_pgtable_ops().
 * @IO_PGTABLE_L2_PAGE_FRAG: 1 KiB page_frag_alloc() fragments from a
 *     per-table struct page_frag_cache refilled with GFP_DMA32|__GFP_ZERO,
 *     freed with page_frag_free() (a page goes back only when all of its
 *     fragments are free).
 * @IO_PGTABLE_L2_PAGE: one whole GFP_DMA32 page per table (3 KiB wasted).
 * @IO_PGTABLE_L2_SLAB_PLAIN: the bug: a kmem cache of the same name and
 *     geometry without SLAB_CACHE_DMA32 (and SLAB_NO_MERGE), whose tables
 *     land wherever ordinary memory is preferred, above 4 GiB when there is
 *     memory there.
 * @IO_PGTABLE_L2_DMA_POOL: a dma_pool of 1 KiB blocks, 1 KiB aligned, of
 *     a device with a 32-bit coherent mask (zslab's own, named
 *     "io-pgtable-arm-v7s"): what a driver would use through the DMA API.
 *     Its pages come from dma_alloc_coherent() (ZONE_DMA32 for that mask)
 *     and are never given back before the page table is freed.
 */
enum io_pgtable_l2_source {
	IO_PGTABLE_L2_SLAB_DMA32 = 0,
	IO_PGTABLE_L2_GENALLOC,
	IO_PGTABLE_L2_PAGE_FRAG,
	IO_PGTABLE_L2_PAGE,
	IO_PGTABLE_L2_SLAB_PLAIN,
	IO_PGTABLE_L2_DMA_POOL,
	IO_PGTABLE_L2_NR_SOURCES,
};

/**
 * struct io_pgtable_cfg - page-table configuration (in) and register values
 * (out).  Zero-initialise it, then set what the driver sets.
 * @quirks:        IO_PGTABLE_QUIRK_*.  ARM_V7S accepts ARM_NS, NO_PERMS,
 *                 ARM_MTK_EXT (requires NO_PERMS) and ARM_MTK_TTBR_EXT
 *                 (requires ARM_MTK_EXT); anything else: alloc returns NULL.
 * @pgsize_bitmap: in: page sizes the IOMMU supports; out: ANDed with
 *                 SZ_4K|SZ_64K|SZ_1M|SZ_16M.
 * @ias:           input (IOVA) address bits: 32, or up to 34 with ARM_MTK_EXT.
 * @oas:           output address bits: up to 32, or up to 35 with ARM_MTK_EXT.
 * @coherent_walk: the walker snoops CPU caches: chooses TTBR's attributes
 *                 (PA|0x6A instead of PA|0x02).  When false and @iommu_dev
 *                 is set, each table is mapped with dma_map_single() for
 *                 @iommu_dev (DMA_TO_DEVICE) and written PTEs are synced
 *                 with dma_sync_single_for_device(), as the kernel does;
 *                 a table whose DMA address is not its physical address
 *                 is refused ("Cannot accommodate DMA translation for
 *                 IOMMU page tables") and the allocation fails.
 * @tlb:           TLB maintenance hooks, or NULL.
 * @iommu_dev:     the IOMMU device (<zslab/dma.h>), or NULL.
 * @alloc:         custom table allocator: ARM_V7S does not support one,
 *                 so it must be NULL (as must @free).
 * @free:          see @alloc.
 * @arm_v7s_cfg:   out: the registers: @ttbr (TTBR0, or the MediaTek
 *                 PT_BASE value), @tcr (TTBCR, 0), @nmrr, @prrr.
 * @zslab_l2_source:    zslab only: where L2 tables come from (0: kernel).
 * @zslab_no_fit_check: zslab only: skip the "table PA fits in 32 bits"
 *                 check, so a table above 4 GiB is installed with its
 *                 address truncated (the bug's other failure mode).
 *
 * alloc_io_pgtable_ops() writes @pgsize_bitmap and @arm_v7s_cfg back into
 * the caller's structure and keeps its own copy.
 */
struct io_pgtable_cfg {
	unsigned long quirks;
	unsigned long pgsize_bitmap;
	unsigned int ias;
	unsigned int oas;
	bool coherent_walk;
	const struct iommu_flush_ops *tlb;
	struct device *iommu_dev;
	void *(*alloc)(void *cookie, size_t size, gfp_t gfp);
	void (*free)(void *cookie, void *pages, size_t size);
	union {
		struct {
			uint32_t ttbr;
			uint32_t tcr;
			uint32_t nmrr;
			uint32_t prrr;
		} arm_v7s_cfg;
	};
	enum io_pgtable_l2_source zslab_l2_source;
	bool zslab_no_fit_check;
};

/**
 * struct io_pgtable_ops - the page-table operations.
 * @map_pages: map @pgcount pages of @pgsize bytes from @iova to @paddr with
 *     @prot (IOMMU_*), allocating L2 tables with @gfp.  Adds pgsize to
 *     *@mapped for each page mapped (the caller zeroes it; may be NULL).
 *     Return: 0; -ERANGE (WARN) when the range passes 2^ias or 2^oas;
 *     -EINVAL for prot without READ or WRITE, or (zslab) a bad size,
 *     alignment or count; -EEXIST (WARN) when a slot is already mapped;
 *     -ENOMEM when an L2 table cannot be allocated or does not fit in a
 *     descriptor.  Pages mapped before an error stay mapped.
 * @unmap_pages: unmap @pgcount pages of @pgsize bytes at @iova, splitting a
 *     larger entry when needed; leaf invalidations are added to @gather
 *     (may be NULL).  Return: bytes unmapped; stops at the first page that
 *     is not mapped (WARN) or whose split table cannot be allocated.
 * @iova_to_phys: the output address of @iova, or 0 when unmapped (or at
 *     or above 2^ias).  It follows the writer's own record of its tables,
 *     so with zslab_no_fit_check it still answers right where the device,
 *     reading truncated descriptors, does not (see <zslab/arm-v7s-walk.h>).
 */
struct io_pgtable_ops {
	int (*map_pages)(struct io_pgtable_ops *ops, unsigned long iova,
			 phys_addr_t paddr, size_t pgsize, size_t pgcount,
			 int prot, gfp_t gfp, size_t *mapped);
	size_t (*unmap_pages)(struct io_pgtable_ops *ops, unsigned long iova,
			      size_t pgsize, size_t pgcount,
			      struct iommu_iotlb_gather *gather);
	phys_addr_t (*iova_to_phys)(struct io_pgtable_ops *ops, unsigned long iova);
};

/**
 * alloc_io_pgtable_ops() - create a page table.
 * @fmt:    the format (ARM_V7S).
 * @cfg:    the configuration; its outputs are written back.
 * @cookie: passed to every TLB hook.
 *
 * ARM_V7S: the level-1 table (16 KiB, or 64 KiB for ias 34) comes from
 * __get_free_pages(GFP_DMA32 | __GFP_ZERO) (GFP_KERNEL under
 * ARM_MTK_TTBR_EXT); the L2 source is prepared (cache created, genalloc
 * pool reserved).  A table whose physical address does not fit in a
 * descriptor is refused with "Page table does not fit in PTE: 0x...".
 *
 * Return: the ops, or NULL for an unknown or unbuilt format, custom
 * alloc/free hooks, bad quirks/ias/oas, or allocation failure (nothing is
 * left allocated).
 */
struct io_pgtable_ops *alloc_io_pgtable_ops(enum io_pgtable_fmt fmt,
					    struct io_pgtable_cfg *cfg,
					    void *cookie);

/**
 * free_io_pgtable_ops() - destroy a page table: tlb_flush_all, then every
 * table and the L2 source go back.  The tables must no longer be live.
 * @ops: the ops, or NULL (nothing happens).
 */
void free_io_pgtable_ops(struct io_pgtable_ops *ops);

/**
 * zslab_io_pgtable_map() - the single-block ops->map of kernels before
 * 5.14 (the kernel-compat tree's older eras call it): map one block of
 * @size bytes, as map_pages() with a pgcount of 1, except that a @prot
 * with neither IOMMU_READ nor IOMMU_WRITE maps nothing and returns 0, as
 * those kernels' map did (map_pages() refuses it with -EINVAL).
 * @ops:   the page table.
 * @iova:  where to map, aligned to @size.
 * @paddr: what to map, aligned to @size.
 * @size:  one of the page sizes of the table.
 * @prot:  IOMMU_* bits.
 * @gfp:   for new level-2 tables.
 *
 * Return: 0, or map_pages()'s -errno (-EINVAL for a NULL @ops).
 */
int zslab_io_pgtable_map(struct io_pgtable_ops *ops, unsigned long iova, phys_addr_t paddr,
			 size_t size, int prot, gfp_t gfp);

/**
 * struct zslab_io_pgtable_stats - zslab only: what one page table holds.
 * @l2_tables:        L2 tables in use now.
 * @l2_tables_peak:   the most ever in use at once.
 * @l2_allocs:        L2 tables handed out by the source (successful).
 * @l2_alloc_failures: the source returned no memory.
 * @l2_fit_failures:  tables refused by the fit check (message counted).
 * @l2_high_tables:   tables installed at or above 4 GiB (only possible
 *                    with zslab_no_fit_check, or under ARM_MTK_TTBR_EXT).
 * @l2_bytes_held:    bytes of page-allocator memory the L2 source holds
 *                    now: slab pages of the cache (the whole merged cache
 *                    when it is merged), the 4 MiB genalloc block, the
 *                    page_frag blocks not yet given back, or one page per
 *                    table.
 * @l2_bytes_held_peak: the most @l2_bytes_held has been: exact for genalloc,
 *                    page and page_frag; for the slab sources sampled at
 *                    each allocation that reaches the live-table peak and
 *                    at each zslab_io_pgtable_get_stats() call (reading a
 *                    cache's size walks its slab lists).
 * @l1_bytes:         bytes of the level-1 table.
 */
struct zslab_io_pgtable_stats {
	unsigned long l2_tables;
	unsigned long l2_tables_peak;
	unsigned long l2_allocs;
	unsigned long l2_alloc_failures;
	unsigned long l2_fit_failures;
	unsigned long l2_high_tables;
	size_t l2_bytes_held;
	size_t l2_bytes_held_peak;
	size_t l1_bytes;
};

/**
 * zslab_io_pgtable_get_stats() - read a page table's statistics.
 * @ops: a page table from alloc_io_pgtable_ops().
 * @st:  filled in.
 *
 * Exact when no other thread maps or unmaps meanwhile.
 *
 * Return: 0, or -EINVAL for a NULL argument.
 */
int zslab_io_pgtable_get_stats(struct io_pgtable_ops *ops,
			       struct zslab_io_pgtable_stats *st);

#ifdef __cplusplus
}
#endif

#pragma GCC visibility pop

#endif /* ZSLAB_IO_PGTABLE_H */
