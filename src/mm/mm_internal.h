/* SPDX-License-Identifier: MIT */
/*
 * mm_internal.h - struct page, struct zone and the memory map, shared by
 * the files of src/mm and by the slab layer.
 *
 * Memory map.  RAM is zs_nr_ranges ranges sorted by physical address.
 * Range r covers page frames [pfn_start, pfn_end); its contents live at
 * host address r->host (page i of the range at host + i*PAGE_SIZE).  The
 * struct pages of all ranges are packed in one array, zs_mem_map; range r
 * owns zs_mem_map[r->idx_start .. r->idx_start + pages).  Struct pages are
 * zero until first used, so booting costs nothing per page: a page frame is
 * handed to the buddy allocator only when a zone first needs it ("fresh"
 * memory, carved from the low end of each zone's spans).
 *
 * Invariants (checked by mm_validate.c):
 *  - per zone: nr_free == sum over orders of (free_area[o].nr_free +
 *    fresh_nr[o]) << o, and nr_free + (pages on per-thread lists) +
 *    (pages allocated, counted per thread) == managed;
 *  - a buddy block of order o is 2^o aligned in pfn, lies wholly inside one
 *    range and one zone, has PG_buddy and order o on its head page only;
 *  - no two free blocks overlap, and no block's buddy of the same order is
 *    free (they would have merged);
 *  - nr_dirty == pages of free-list blocks without PG_clean whose range is
 *    host-owned (those are the pages that could still be given back).
 */
#ifndef ZSLAB_MM_INTERNAL_H
#define ZSLAB_MM_INTERNAL_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include <zslab/mm.h>

#include "config/config.h"
#include "common/list.h"
#include "common/lock.h"

#pragma GCC visibility push(hidden)

/* struct page flags. */
#define PG_buddy   0x01u  /* head of a free block on a buddy free list */
#define PG_head    0x02u  /* head of an allocated block of order page->order */
#define PG_slab    0x04u  /* the block is a slab (slab fields valid) */
#define PG_clean   0x08u  /* free block whose host memory reads as zero */
#define PG_pcp     0x10u  /* order-0 page on a per-thread list */
#define PG_bad     0x20u  /* taken out of use after a bad free */
#define PG_large   0x40u  /* a large kmalloc block */
#define PG_tail    0x80u  /* a tail page of a slab (page->head is valid) */
#define PG_frag    0x100u /* head of a page_frag block (lib/page_frag.c) */
#define PG_compound 0x200u /* head of a __GFP_COMP block of order > 0 */
#define PG_vmalloc 0x400u  /* an order-0 page of a vmalloc area (lib/vmalloc.c) */

struct kmem_cache;

/*
 * One page frame: 64 bytes.  The buddy fields are valid on head pages of
 * free blocks; the slab fields on head pages of slabs (PG_slab).
 *
 * _refcount (page_ref.c) shares its word with the slab's freelist: slab
 * pages are "frozen" as in mainline (their count reads 0 and cannot be
 * taken), every other page uses it.  Invariants: a free page and a tail
 * page of an allocated block store 0; an allocated head starts at 1
 * (zs_prep_new_page); zs_slab_free_pages() clears freelist, so a slab's
 * pages go back storing 0.
 */
struct page {
	uint16_t flags;
	uint16_t slab_idx;  /* slab pages: index of this page in its slab */
	uint8_t order;      /* block order (buddy or allocated head) */
	uint8_t zone;       /* zone index, set on head pages */
	uint8_t range;      /* range index, set on head pages */
	uint8_t colour;     /* slab pages (src/slab): the slab's colour, the
			     * offset of its first object in ZS_COLOUR_ALIGN
			     * units, on every page of the slab; 0 otherwise */
	struct list_head lru;   /* free list, per-thread list or slab list */
	/* slab fields (PG_slab), owned by src/slab */
	struct kmem_cache *slab_cache;  /* head and tail pages of a slab; NULL
					 * on every page that is not a slab's */
	union {
		void *freelist;         /* slab head: free objects, encoded chain */
		int _refcount;          /* other pages: references (page_ref.c) */
	};
	union {
		struct page *head;      /* tail: the slab's head page */
		void *slab_owner;       /* head: the thread that last refilled
					 * its sheaf from this slab (slab/sheaf.c) */
	};
	uint32_t inuse;                 /* head: objects handed out */
	uint32_t objects;               /* head and tails: objects in the slab */
	unsigned long discarded;        /* head: pages given back to the host */
};

_Static_assert(sizeof(struct page) == 64, "struct page is one cache line");

struct zs_ram_range {
	unsigned long pfn_start, pfn_end;
	char *host;
	unsigned long idx_start;   /* first struct page in zs_mem_map */
	bool owned;                /* zslab reserved the host memory */
	int fd;                    /* owned, ram_backing=memfd: the memory
				    * file of the range (page i at offset
				    * i << PAGE_SHIFT); else -1 */
};

/* A contiguous run of never-used page frames of one zone and one range. */
struct zs_span {
	unsigned long start, end;
	uint8_t range;
};

struct free_area {
	struct list_head list;
	unsigned long nr_free;
};

enum zs_wmark { WMARK_MIN, WMARK_LOW, WMARK_HIGH, NR_WMARK };

struct zone {
	zs_spinlock_t lock;
	const char *name;
	unsigned long zone_start_pfn;  /* first RAM pfn, 0 when empty */
	unsigned long spanned_pages;   /* last RAM pfn + 1 - zone_start_pfn */
	unsigned long present_pages;
	unsigned long managed_pages;
	struct free_area free_area[MAX_ORDER];
	/* never-used memory, carved on demand from fresh[fresh_idx] on */
	struct zs_span fresh[ZSLAB_MAX_MEMMAP];
	unsigned int nr_fresh, fresh_idx;
	unsigned long fresh_nr[MAX_ORDER];
	unsigned long nr_dirty;
	uint64_t last_purge_ns;        /* when dirty memory was last given back */
	unsigned int frees_since_check;
	atomic_long nr_free;           /* buddy + fresh pages */
	unsigned long watermark[NR_WMARK];
	long lowmem_reserve[MAX_NR_ZONES];
	unsigned int pcp_batch, pcp_high;
	/* written by many threads: a cache line of their own, so that the
	 * read-mostly fields above (pcp_high, the marks, read at every page
	 * free and allocation) do not bounce.  The allocations served
	 * (numa_hit) are counted per thread: alloc_count.h */
	atomic_ulong alloc_fail __attribute__((aligned(64)));
	/* allocated pages zslab holds for itself (zs_mod_zone_zslab) */
	atomic_long nr_zslab;
};

/*
 * Page flags are read without the owner's lock where only a bit's absence
 * matters (page_is_buddy() looks at the flags of any neighbouring page,
 * which another thread may be turning into or out of a slab): relaxed
 * atomic accesses make that well defined and cost nothing on x86.
 */
static inline uint16_t pg_flags(const struct page *page)
{
	return __atomic_load_n(&page->flags, __ATOMIC_RELAXED);
}

static inline void pg_set_flags(struct page *page, unsigned int flags)
{
	__atomic_store_n(&page->flags, (uint16_t)flags, __ATOMIC_RELAXED);
}

extern struct zs_ram_range zs_ranges[ZSLAB_MAX_MEMMAP];
extern unsigned int zs_nr_ranges;

/*
 * The ranges in use.  Memory hot-add appends a range and publishes it with
 * a release store of zs_nr_ranges (memmap.c), so lookups that may run
 * beside it load the count with acquire (a plain load on x86).
 */
static inline unsigned int zs_ranges_nr(void)
{
	return __atomic_load_n(&zs_nr_ranges, __ATOMIC_ACQUIRE);
}
extern struct page *zs_mem_map;
extern uintptr_t zs_range0_bytes;   /* size of range 0's host memory */
extern struct zone zs_zones[MAX_NR_ZONES];
/* Zone limits in pfns; zs_movable_pfn is 0 without a Movable zone. */
extern unsigned long zs_dma_pfn, zs_dma32_pfn, zs_movable_pfn;

/*
 * zs_ram_discard() - give the host memory of [@addr, +@size) of owned RAM
 * back: a memory file's pages are freed in the file (every mapping of
 * them, vmalloc's too, reads zero), anonymous memory is dropped.
 */
static inline void zs_ram_discard(int range, void *addr, size_t size)
{
	if (zs_ranges[range].fd >= 0)
		zs_host_discard_file(addr, size);
	else
		zs_host_discard(addr, size);
}

static inline struct zone *page_zone(const struct page *page)
{
	return &zs_zones[page->zone];
}

/* The range holding struct page @page (index into zs_ranges). */
static inline unsigned int zs_range_of_page(const struct page *page)
{
	unsigned long idx = (unsigned long)(page - zs_mem_map);
	unsigned int r = 0;

	unsigned int n = zs_ranges_nr();

	while (r + 1 < n && idx >= zs_ranges[r + 1].idx_start)
		r++;
	return r;
}

/* The range holding @pfn, or -1. */
static inline int zs_range_of_pfn(unsigned long pfn)
{
	for (unsigned int r = 0, n = zs_ranges_nr(); r < n; r++)
		if (pfn >= zs_ranges[r].pfn_start && pfn < zs_ranges[r].pfn_end)
			return (int)r;
	return -1;
}

/* The range whose host memory holds @addr, or -1. */
static inline int zs_range_of_virt(const void *addr)
{
	for (unsigned int r = 0, n = zs_ranges_nr(); r < n; r++) {
		const struct zs_ram_range *rr = &zs_ranges[r];
		uintptr_t off = (uintptr_t)addr - (uintptr_t)rr->host;
		if (off < ((rr->pfn_end - rr->pfn_start) << PAGE_SHIFT))
			return (int)r;
	}
	return -1;
}

static inline unsigned long zs_page_to_pfn(const struct page *page)
{
	const struct zs_ram_range *r = &zs_ranges[zs_range_of_page(page)];

	return r->pfn_start + (unsigned long)(page - zs_mem_map) - r->idx_start;
}

static inline struct page *zs_pfn_to_page(unsigned long pfn)
{
	int r = zs_range_of_pfn(pfn);

	if (r < 0)
		return NULL;
	return zs_mem_map + zs_ranges[r].idx_start + (pfn - zs_ranges[r].pfn_start);
}

static inline void *zs_page_address(const struct page *page)
{
	const struct zs_ram_range *r = &zs_ranges[zs_range_of_page(page)];
	unsigned long i = (unsigned long)(page - zs_mem_map) - r->idx_start;

	return r->host + (i << PAGE_SHIFT);
}

/*
 * The struct page of host address @addr, or NULL when not RAM.  Range 0
 * (whose struct pages start zs_mem_map) is tested first without a loop:
 * it is the whole of RAM on most maps, and kfree() comes through here.
 */
static inline struct page *zs_virt_to_page(const void *addr)
{
	uintptr_t off = (uintptr_t)addr - (uintptr_t)zs_ranges[0].host;

	if (__builtin_expect(off < zs_range0_bytes, 1))
		return zs_mem_map + (off >> PAGE_SHIFT);
	int r = zs_range_of_virt(addr);
	if (r < 0)
		return NULL;
	off = (uintptr_t)addr - (uintptr_t)zs_ranges[r].host;
	return zs_mem_map + zs_ranges[r].idx_start + (off >> PAGE_SHIFT);
}

static inline enum zone_type zs_pfn_zone(unsigned long pfn)
{
	if (zs_movable_pfn && pfn >= zs_movable_pfn)
		return ZONE_MOVABLE;
	if (pfn < zs_dma_pfn)
		return ZONE_DMA;
	if (pfn < zs_dma32_pfn)
		return ZONE_DMA32;
	return ZONE_NORMAL;
}

/*
 * node.c: what a node number passed to a _node entry point means on the
 * one-node machine: node 0 itself (or NUMA_NO_NODE), a valid node without
 * memory, or no node at all (reported, rate-limited, naming @who).
 */
enum zs_node_kind { ZS_NODE_LOCAL, ZS_NODE_EMPTY, ZS_NODE_INVALID };
enum zs_node_kind zs_node_kind(int nid, const char *who);

/*
 * movable.c: where ZONE_MOVABLE starts for kernelcore=/movablecore=
 * (find_zone_movable_pfns_for_nodes()), from the ranges and zone limits
 * already laid out; 0 when there is no Movable zone.
 */
unsigned long zs_find_movable_pfn(const struct zs_config *cfg);

/* memmap.c */
int zs_memmap_init(const struct zs_config *cfg);
void zs_memmap_exit(void);

/*
 * Per-node counters (one node), in pages, updated by the layers that own
 * the pages (the kernel's mod_node_page_state) and shown by zoneinfo.
 */
enum zs_node_stat {
	NR_SLAB_RECLAIMABLE,     /* slab pages of SLAB_RECLAIM_ACCOUNT caches */
	NR_SLAB_UNRECLAIMABLE,   /* other slab pages and large kmalloc blocks */
	NR_NODE_STATS
};
extern atomic_long zs_node_stat[NR_NODE_STATS];

static inline void zs_mod_node_stat(enum zs_node_stat item, long delta)
{
	atomic_fetch_add_explicit(&zs_node_stat[item], delta, memory_order_relaxed);
}

/*
 * zs_mod_zone_zslab() - account @delta allocated pages at @page (+) or
 * freed (-) as zslab's own metadata in @page's zone: the slabs of its
 * internal caches and the per-thread sheaf tables.  They stay counted as
 * allocated too; zone info shows them apart (struct zslab_zone_info's
 * zslab, zoneinfo's nr_zslab) so that a teardown can tell them from a
 * leak.  Invariant: 0 <= nr_zslab <= allocated pages of the zone.
 */
static inline void zs_mod_zone_zslab(const struct page *page, long delta)
{
	atomic_fetch_add_explicit(&zs_zones[page->zone].nr_zslab, delta,
				  memory_order_relaxed);
}

/* watermark.c */
void zs_setup_watermarks(void);
/*
 * zs_update_watermarks() - after memory hot-add: the watermarks and
 * lowmem reserves for the zones' new sizes (per-thread list sizes stay).
 */
void zs_update_watermarks(void);
/*
 * zs_memory_hotadd() - memory hotplug (the kernel's add_memory() of a new
 * range, onlined into ZONE_NORMAL): grow the machine by at least
 * @min_pages pages when ram_max= and the host allow.  Returns 1 when this
 * call added a range (the caller, the page allocator's slow path, then
 * calls zs_update_watermarks() for the zones' new sizes), 0 when another
 * thread was adding one (try again), else -ENOSPC (at ram_max=, no struct
 * page room, no range slot, a Movable zone on top) or -ENOMEM (the host
 * refused).  memmap.c.
 */
int zs_memory_hotadd(unsigned long min_pages);
/* fork(): no range is half added in the child (between pcp and zone locks). */
void zs_memory_hotplug_fork_prepare(void);
void zs_memory_hotplug_fork_done(void);

/* gfp.c: warn once per boot about each invalid zone-bit combination */
void zs_gfp_zone_reset_warnings(void);
/* gfp.c: GFP_ZONE_TABLE, indexed by the zone bits; -1: an invalid mix */
extern const signed char zs_gfp_zone_table[16];

/* gfp_zone() inline for the allocator's fast path; an invalid mix of
 * zone bits takes the exported one, which reports it. */
static inline enum zone_type zs_gfp_zone(gfp_t gfp)
{
	int z = zs_gfp_zone_table[gfp & GFP_ZONEMASK];

	if (__builtin_expect(z >= 0, 1))
		return (enum zone_type)z;
	return gfp_zone(gfp);
}
/* gfp.c: "GFP_KERNEL|__GFP_ZERO" */
void zs_gfp_names(gfp_t gfp, char *buf, size_t len);

extern const char *const zs_zone_names[MAX_NR_ZONES];

#pragma GCC visibility pop

#endif
