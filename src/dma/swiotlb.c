/* SPDX-License-Identifier: MIT */
/*
 * swiotlb.c - the kernel's software IO TLB: bounce buffers in low memory
 * for streaming mappings of buffers a device cannot reach.  See
 * <zslab/swiotlb.h>; dma-direct (direct.c) calls it through zs_dma_bounce
 * (dma_internal.h).
 *
 * The pool.  swiotlb= (config) gives its slots, a multiple of
 * IO_TLB_SEGSIZE.  Each segment of 128 slots (256 KiB) is one order-6
 * block of GFP_DMA32 memory, so a segment is physically contiguous and a
 * mapping, which never crosses a segment, is too.  The segments are kept
 * sorted by physical address, so an address finds its segment by binary
 * search.  The kernel takes one contiguous range at boot; zslab takes the
 * blocks when the first mapping needs them and gives them back at
 * zslab_exit().
 *
 * Slots.  A segment's busy map has one bit per slot.  Each slot records
 * the original address it stands for (INVALID_PHYS_ADDR: free) and the
 * bytes of its mapping from that slot on (the kernel's orig_addr and
 * alloc_size), so a sync of any part of a mapping finds its source.
 * Mappings of a page or more start on a page (the kernel's stride).  The
 * search is next-fit: it starts in the segment after the last mapping.
 *
 * Locking.  tlb.lock (SWIOTLB in common/lock_rank.h) guards the busy
 * maps, the slot records of mappings being made or released, the
 * counters, the next-fit index and the pool's state.  The pool is made
 * under it (the page allocator and kmalloc rank below it); the copies
 * are made outside it, by the mapping's owner.
 *
 * Invariants (zs_swiotlb_validate()): used == the set bits of every busy
 * map; a segment's nfree == 128 - its set bits; a slot is busy iff its
 * orig_addr is valid; used <= hiwater <= nslabs.
 */
#include <errno.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/types.h>

#include <zslab/slab.h>
#include <zslab/swiotlb.h>

#include "common/assert.h"
#include "common/lock.h"
#include "common/report.h"
#include "config/config.h"
#include "dma/dma_internal.h"
#include "dma/swiotlb_internal.h"

#define INVALID_PHYS_ADDR (~(phys_addr_t)0)
#define SEG_ORDER 6                           /* 128 slots * 2 KiB = 2^6 pages */
#define SEG_BYTES ((size_t)IO_TLB_SIZE * IO_TLB_SEGSIZE)
#define SLOTS_PER_PAGE (PAGE_SIZE / IO_TLB_SIZE)

struct seg {
	phys_addr_t start;
	unsigned char *vaddr;
	struct page *page;
	uint64_t busy[IO_TLB_SEGSIZE / 64];   /* bit i: slot i in use */
	unsigned int nfree;
};

struct slot {
	phys_addr_t orig_addr;   /* the buffer this slot bounces, or INVALID */
	size_t alloc_size;       /* bytes of its mapping from this slot on */
	bool head;               /* the first slot of its mapping */
};

enum pool_state { POOL_NONE, POOL_READY, POOL_FAILED };

static struct {
	zs_spinlock_t lock;
	_Atomic int state;        /* enum pool_state; READY published with release */
	unsigned long nslabs;
	unsigned int nsegs;
	struct seg *segs;         /* sorted by start; fixed while READY */
	struct slot *slots;       /* nslabs, segment-major */
	unsigned long used, hiwater;
	unsigned int index;       /* next-fit: the segment to try first */
} tlb = { .lock = ZS_SPINLOCK_INIT(ZS_RANK_SWIOTLB) };

static struct zs_ratelimit full_rs = ZS_RATELIMIT_INIT;
static struct zs_ratelimit nomem_rs = ZS_RATELIMIT_INIT;
static _Atomic bool overflow_warned, truncate_warned;

static unsigned long config_nslabs(void)
{
	return zs_config.swiotlb_nslabs;
}

static unsigned int nr_slots(size_t size)
{
	size_t n = (size + IO_TLB_SIZE - 1) >> IO_TLB_SHIFT;

	return n ? (unsigned int)n : 1;
}

/* --- making and freeing the pool ---------------------------------------- */

static int seg_cmp(const void *a, const void *b)
{
	const struct seg *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

static void free_pool_locked(void)
{
	for (unsigned int i = 0; i < tlb.nsegs; i++)
		if (tlb.segs[i].page)
			__free_pages(tlb.segs[i].page, SEG_ORDER);
	kfree(tlb.segs);
	kfree(tlb.slots);
	tlb.segs = NULL;
	tlb.slots = NULL;
	tlb.nsegs = 0;
	tlb.used = tlb.hiwater = 0;
	tlb.index = 0;
}

/* Sort the segments by address (insertion: done once, a few hundred). */
static void sort_segs(void)
{
	for (unsigned int i = 1; i < tlb.nsegs; i++) {
		struct seg s = tlb.segs[i];
		unsigned int j = i;

		while (j > 0 && seg_cmp(&tlb.segs[j - 1], &s) > 0) {
			tlb.segs[j] = tlb.segs[j - 1];
			j--;
		}
		tlb.segs[j] = s;
	}
}

/* Make the pool, lock held; false (pool stays unmade) when memory is short. */
static bool make_pool_locked(void)
{
	const gfp_t gfp = GFP_KERNEL | GFP_DMA32 | __GFP_NOWARN | __GFP_ZERO;

	tlb.nslabs = config_nslabs();
	tlb.nsegs = (unsigned int)(tlb.nslabs / IO_TLB_SEGSIZE);
	tlb.segs = kcalloc(tlb.nsegs, sizeof(*tlb.segs), GFP_KERNEL | __GFP_NOWARN);
	tlb.slots = kcalloc(tlb.nslabs, sizeof(*tlb.slots), GFP_KERNEL | __GFP_NOWARN);
	if (!tlb.segs || !tlb.slots)
		goto fail;
	for (unsigned int i = 0; i < tlb.nsegs; i++) {
		struct page *page = alloc_pages(gfp, SEG_ORDER);

		if (!page)
			goto fail;
		tlb.segs[i] = (struct seg){
			.start = page_to_phys(page), .vaddr = page_address(page),
			.page = page, .nfree = IO_TLB_SEGSIZE,
		};
	}
	sort_segs();
	for (unsigned long i = 0; i < tlb.nslabs; i++)
		tlb.slots[i].orig_addr = INVALID_PHYS_ADDR;
	return true;
fail:
	free_pool_locked();
	return false;
}

/* The pool, made on first use; false when it cannot be (reported by the caller). */
static bool pool_ready(void)
{
	int state = atomic_load_explicit(&tlb.state, memory_order_acquire);

	if (state == POOL_READY)
		return true;
	if (state == POOL_FAILED)
		return false;
	zs_spin_lock(&tlb.lock);
	state = atomic_load_explicit(&tlb.state, memory_order_relaxed);
	if (state == POOL_NONE) {
		state = make_pool_locked() ? POOL_READY : POOL_FAILED;
		atomic_store_explicit(&tlb.state, state, memory_order_release);
	}
	zs_spin_unlock(&tlb.lock);
	return state == POOL_READY;
}

/* The segment holding @paddr, or -1 (pool READY). */
static long seg_of(phys_addr_t paddr)
{
	unsigned int lo = 0, hi = tlb.nsegs;

	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;
		const struct seg *s = &tlb.segs[mid];

		if (paddr < s->start)
			hi = mid;
		else if (paddr >= s->start + SEG_BYTES)
			lo = mid + 1;
		else
			return mid;
	}
	return -1;
}

/* --- slots ------------------------------------------------------------------ */

static bool slot_busy(const struct seg *s, unsigned int i)
{
	return s->busy[i / 64] >> (i % 64) & 1;
}

static void mark(struct seg *s, unsigned int first, unsigned int n, bool busy)
{
	for (unsigned int i = first; i < first + n; i++) {
		zs_assert(slot_busy(s, i) != busy);
		if (busy)
			s->busy[i / 64] |= 1ULL << (i % 64);
		else
			s->busy[i / 64] &= ~(1ULL << (i % 64));
	}
	if (busy) {
		s->nfree -= n;
		tlb.used += n;
		if (tlb.used > tlb.hiwater)
			tlb.hiwater = tlb.used;
	} else {
		s->nfree += n;
		tlb.used -= n;
	}
}

/* The first free run of @n slots at a multiple of @stride in @s, or -1. */
static int find_in_seg(const struct seg *s, unsigned int n, unsigned int stride)
{
	if (s->nfree < n)
		return -1;
	for (unsigned int i = 0; i + n <= IO_TLB_SEGSIZE; i += stride) {
		unsigned int k = 0;

		while (k < n && !slot_busy(s, i + k))
			k++;
		if (k == n)
			return (int)i;
	}
	return -1;
}

/* Take @n slots, next-fit; the global slot index, or -1.  Lock held. */
static long find_slots_locked(unsigned int n, unsigned int stride)
{
	for (unsigned int k = 0; k < tlb.nsegs; k++) {
		unsigned int si = (tlb.index + k) % tlb.nsegs;
		struct seg *s = &tlb.segs[si];
		int i = find_in_seg(s, n, stride);

		if (i < 0)
			continue;
		mark(s, (unsigned int)i, n, true);
		tlb.index = (unsigned int)i + n < IO_TLB_SEGSIZE ? si : (si + 1) % tlb.nsegs;
		return (long)si * IO_TLB_SEGSIZE + i;
	}
	return -1;
}

static phys_addr_t slot_phys(unsigned long index)
{
	return tlb.segs[index / IO_TLB_SEGSIZE].start +
	       ((phys_addr_t)(index % IO_TLB_SEGSIZE) << IO_TLB_SHIFT);
}

static void *tlb_virt(phys_addr_t tlb_addr)
{
	long s = seg_of(tlb_addr);

	return tlb.segs[s].vaddr + (tlb_addr - tlb.segs[s].start);
}

/* The slot index of @tlb_addr inside the pool, or -1. */
static long slot_of(phys_addr_t tlb_addr)
{
	long s;

	if (atomic_load_explicit(&tlb.state, memory_order_acquire) != POOL_READY)
		return -1;
	s = seg_of(tlb_addr);
	if (s < 0)
		return -1;
	return s * IO_TLB_SEGSIZE + (long)((tlb_addr - tlb.segs[s].start) >> IO_TLB_SHIFT);
}

/* --- copying ------------------------------------------------------------------ */

/*
 * Copy between the bounce buffer at @tlb_addr and the buffer its slots
 * stand for, @size bytes: to the bounce buffer for DMA_TO_DEVICE, back
 * for DMA_FROM_DEVICE (the kernel's swiotlb_bounce()).  A size past the
 * mapping's end is cut to it, with the kernel's warning (once).
 */
static void bounce(struct device *dev, phys_addr_t tlb_addr, size_t size,
		   enum dma_data_direction dir)
{
	long index = slot_of(tlb_addr);
	size_t in_slot = tlb_addr & (IO_TLB_SIZE - 1);
	const struct slot *sl;
	phys_addr_t orig;
	unsigned char *buf, *bb;

	if (index < 0)
		return;
	sl = &tlb.slots[index];
	orig = __atomic_load_n(&sl->orig_addr, __ATOMIC_ACQUIRE);
	if (orig == INVALID_PHYS_ADDR)
		return;
	if (size > sl->alloc_size - in_slot) {
		if (!atomic_exchange(&truncate_warned, true)) {
			struct zs_dev_label l;

			zs_warn("%s: Buffer overflow detected. Allocation size: %zu. Mapping size: %zu.",
				zs_dev_prefix(dev, &l), sl->alloc_size - in_slot, size);
		}
		size = sl->alloc_size - in_slot;
	}
	buf = phys_to_virt(orig + in_slot);
	bb = tlb_virt(tlb_addr);
	if (dir == DMA_TO_DEVICE)
		memcpy(bb, buf, size);
	else
		memcpy(buf, bb, size);
}

/* --- the kernel's API ------------------------------------------------------------ */

phys_addr_t swiotlb_tbl_map_single(struct device *dev, phys_addr_t phys,
				   size_t mapping_size, unsigned int alloc_align_mask,
				   enum dma_data_direction dir, unsigned long attrs)
{
	unsigned int n = nr_slots(mapping_size), stride = 1;
	unsigned long used;
	phys_addr_t tlb_addr;
	long index;

	(void)dir;
	if (zs_config.swiotlb_disable || !pool_ready()) {
		if (zs_ratelimit(&nomem_rs))
			dev_warn(dev, "Can not allocate SWIOTLB buffer earlier and can't now provide you with the DMA bounce buffer");
		return (phys_addr_t)DMA_MAPPING_ERROR;
	}
	if (mapping_size >= PAGE_SIZE)
		stride = SLOTS_PER_PAGE;
	if (alloc_align_mask >= IO_TLB_SIZE) {
		unsigned int want = (alloc_align_mask + 1) >> IO_TLB_SHIFT;

		stride = want > stride ? want : stride;
	}
	zs_spin_lock(&tlb.lock);
	index = n <= IO_TLB_SEGSIZE && stride <= IO_TLB_SEGSIZE ?
		find_slots_locked(n, stride) : -1;
	used = tlb.used;
	if (index >= 0) {
		for (unsigned int i = 0; i < n; i++) {
			tlb.slots[index + i].alloc_size = mapping_size - ((size_t)i << IO_TLB_SHIFT);
			tlb.slots[index + i].head = i == 0;
			__atomic_store_n(&tlb.slots[index + i].orig_addr,
					 phys + ((phys_addr_t)i << IO_TLB_SHIFT), __ATOMIC_RELEASE);
		}
	}
	zs_spin_unlock(&tlb.lock);
	if (index < 0) {
		if (!(attrs & DMA_ATTR_NO_WARN) && zs_ratelimit(&full_rs))
			dev_warn(dev, "swiotlb buffer is full (sz: %zd bytes), total %lu (slots), used %lu (slots)",
				 (ssize_t)mapping_size, tlb.nslabs, used);
		return (phys_addr_t)DMA_MAPPING_ERROR;
	}
	tlb_addr = slot_phys((unsigned long)index);
	/* every direction: a partial device write keeps the rest (5.19+) */
	bounce(dev, tlb_addr, mapping_size, DMA_TO_DEVICE);
	return tlb_addr;
}

void swiotlb_tbl_unmap_single(struct device *dev, phys_addr_t tlb_addr,
			      size_t mapping_size, enum dma_data_direction dir,
			      unsigned long attrs)
{
	long index = slot_of(tlb_addr);
	struct zs_dev_label l;
	unsigned int n;
	size_t alloc;

	if (index < 0 ||
	    __atomic_load_n(&tlb.slots[index].orig_addr, __ATOMIC_ACQUIRE) == INVALID_PHYS_ADDR ||
	    !tlb.slots[index].head || (tlb_addr & (IO_TLB_SIZE - 1))) {
		zs_report(ZS_BUG, "BUG: swiotlb: %s: unmap of %#llx, which is not the start of a bounce buffer; nothing freed",
			  zs_dev_label(dev, &l), (unsigned long long)tlb_addr);
		return;
	}
	if (!(attrs & DMA_ATTR_SKIP_CPU_SYNC) &&
	    (dir == DMA_FROM_DEVICE || dir == DMA_BIDIRECTIONAL))
		bounce(dev, tlb_addr, mapping_size, DMA_FROM_DEVICE);

	zs_spin_lock(&tlb.lock);
	alloc = tlb.slots[index].alloc_size;
	n = nr_slots(alloc);
	for (unsigned int i = 0; i < n; i++) {
		__atomic_store_n(&tlb.slots[index + i].orig_addr, INVALID_PHYS_ADDR,
				 __ATOMIC_RELAXED);
		tlb.slots[index + i].alloc_size = 0;
		tlb.slots[index + i].head = false;
	}
	mark(&tlb.segs[index / IO_TLB_SEGSIZE], (unsigned int)(index % IO_TLB_SEGSIZE), n, false);
	zs_spin_unlock(&tlb.lock);
}

void swiotlb_sync_single_for_device(struct device *dev, phys_addr_t tlb_addr,
				    size_t size, enum dma_data_direction dir)
{
	if (dir == DMA_TO_DEVICE || dir == DMA_BIDIRECTIONAL)
		bounce(dev, tlb_addr, size, DMA_TO_DEVICE);
}

void swiotlb_sync_single_for_cpu(struct device *dev, phys_addr_t tlb_addr,
				 size_t size, enum dma_data_direction dir)
{
	if (dir == DMA_FROM_DEVICE || dir == DMA_BIDIRECTIONAL)
		bounce(dev, tlb_addr, size, DMA_FROM_DEVICE);
}

dma_addr_t swiotlb_map(struct device *dev, phys_addr_t phys, size_t size,
		       enum dma_data_direction dir, unsigned long attrs)
{
	phys_addr_t tlb_addr = swiotlb_tbl_map_single(dev, phys, size, 0, dir, attrs);
	dma_addr_t dma;

	if (tlb_addr == (phys_addr_t)DMA_MAPPING_ERROR)
		return DMA_MAPPING_ERROR;
	dma = phys_to_dma(dev, tlb_addr);
	if (!zs_dma_fits(dma, size ? size : 1, zs_dma_stream_limit(dev))) {
		swiotlb_tbl_unmap_single(dev, tlb_addr, size, dir,
					 attrs | DMA_ATTR_SKIP_CPU_SYNC);
		if (!atomic_exchange(&overflow_warned, true)) {
			struct zs_dev_label l;

			zs_warn("%s: swiotlb addr 0x%016llx+%zu overflow (mask %llx, bus limit %llx).",
				zs_dev_prefix(dev, &l), (unsigned long long)dma, size,
				(unsigned long long)*dev->dma_mask,
				(unsigned long long)dev->bus_dma_limit);
		}
		return DMA_MAPPING_ERROR;
	}
	return dma;
}

bool is_swiotlb_buffer(struct device *dev, phys_addr_t paddr)
{
	(void)dev;
	return atomic_load_explicit(&tlb.state, memory_order_acquire) == POOL_READY &&
	       seg_of(paddr) >= 0;
}

bool is_swiotlb_force_bounce(struct device *dev)
{
	(void)dev;
	return zs_config.swiotlb_force && !zs_config.swiotlb_disable;
}

bool is_swiotlb_active(struct device *dev)
{
	(void)dev;
	return !zs_config.swiotlb_disable &&
	       atomic_load_explicit(&tlb.state, memory_order_acquire) != POOL_FAILED;
}

size_t swiotlb_max_mapping_size(struct device *dev)
{
	(void)dev;
	return SEG_BYTES;
}

void swiotlb_print_info(void)
{
	phys_addr_t lo = ~(phys_addr_t)0, hi = 0;

	if (zs_config.swiotlb_disable || !pool_ready()) {
		zs_report(ZS_INFO, "software IO TLB: No low mem");
		return;
	}
	for (unsigned int i = 0; i < tlb.nsegs; i++) {
		lo = tlb.segs[i].start < lo ? tlb.segs[i].start : lo;
		hi = tlb.segs[i].start + SEG_BYTES > hi ? tlb.segs[i].start + SEG_BYTES : hi;
	}
	zs_report(ZS_INFO, "software IO TLB: mapped [mem %#018llx-%#018llx] (%luMB)",
		  (unsigned long long)lo, (unsigned long long)(hi - 1),
		  (tlb.nslabs << IO_TLB_SHIFT) >> 20);
}

int zslab_swiotlb_get_info(struct zslab_swiotlb_info *out)
{
	if (!out) {
		zs_report(ZS_ERR, "zslab_swiotlb_get_info: out is NULL");
		return -EINVAL;
	}
	zs_spin_lock(&tlb.lock);
	*out = (struct zslab_swiotlb_info){
		.nslabs = config_nslabs(), .used = tlb.used,
		.used_hiwater = tlb.hiwater,
		.allocated = atomic_load(&tlb.state) == POOL_READY,
		.force = zs_config.swiotlb_force, .disabled = zs_config.swiotlb_disable,
	};
	zs_spin_unlock(&tlb.lock);
	return 0;
}

/* --- dma-direct's hook, boot and teardown ------------------------------------ */

static bool hook_force(struct device *dev)
{
	return is_swiotlb_force_bounce(dev);
}

static bool hook_owns(struct device *dev, dma_addr_t dma)
{
	return is_swiotlb_buffer(dev, dma_to_phys(dev, dma));
}

static void hook_unmap(struct device *dev, dma_addr_t dma, size_t size,
		       enum dma_data_direction dir, unsigned long attrs)
{
	swiotlb_tbl_unmap_single(dev, dma_to_phys(dev, dma), size, dir, attrs);
}

static void hook_sync_for_cpu(struct device *dev, dma_addr_t dma, size_t size,
			      enum dma_data_direction dir)
{
	swiotlb_sync_single_for_cpu(dev, dma_to_phys(dev, dma), size, dir);
}

static void hook_sync_for_device(struct device *dev, dma_addr_t dma, size_t size,
				 enum dma_data_direction dir)
{
	swiotlb_sync_single_for_device(dev, dma_to_phys(dev, dma), size, dir);
}

static const struct zs_dma_bounce swiotlb_ops = {
	.force = hook_force,
	.map = swiotlb_map,
	.owns = hook_owns,
	.unmap = hook_unmap,
	.sync_for_cpu = hook_sync_for_cpu,
	.sync_for_device = hook_sync_for_device,
};

void zs_swiotlb_init(void)
{
	atomic_store_explicit(&tlb.state, POOL_NONE, memory_order_relaxed);
	atomic_store(&overflow_warned, false);
	full_rs = (struct zs_ratelimit)ZS_RATELIMIT_INIT;   /* a new machine's log */
	nomem_rs = (struct zs_ratelimit)ZS_RATELIMIT_INIT;
	atomic_store(&truncate_warned, false);
	atomic_store_explicit(&zs_dma_bounce,
			      zs_config.swiotlb_disable ? NULL : &swiotlb_ops,
			      memory_order_release);
}

void zs_swiotlb_exit(void)
{
	atomic_store_explicit(&zs_dma_bounce, NULL, memory_order_release);
	zs_spin_lock(&tlb.lock);
	if (atomic_load(&tlb.state) == POOL_READY)
		free_pool_locked();
	atomic_store_explicit(&tlb.state, POOL_NONE, memory_order_release);
	zs_spin_unlock(&tlb.lock);
}

int zs_swiotlb_validate(void)
{
	unsigned long used = 0;
	int bad = 0;

	zs_spin_lock(&tlb.lock);
	for (unsigned int s = 0; atomic_load(&tlb.state) == POOL_READY && s < tlb.nsegs; s++) {
		unsigned int busy = 0;

		for (unsigned int i = 0; i < IO_TLB_SEGSIZE; i++) {
			bool b = slot_busy(&tlb.segs[s], i);
			bool rec = tlb.slots[s * IO_TLB_SEGSIZE + i].orig_addr != INVALID_PHYS_ADDR;

			busy += b;
			if (b != rec && bad++ < 4)
				zs_report(ZS_BUG, "BUG: swiotlb: slot %u of segment %u is %s but records %s",
					  i, s, b ? "busy" : "free", rec ? "a buffer" : "none");
		}
		if (tlb.segs[s].nfree != IO_TLB_SEGSIZE - busy && bad++ < 4)
			zs_report(ZS_BUG, "BUG: swiotlb: segment %u counts %u free slots, has %u",
				  s, tlb.segs[s].nfree, IO_TLB_SEGSIZE - busy);
		used += busy;
	}
	if (used != tlb.used || tlb.used > tlb.hiwater) {
		zs_report(ZS_BUG, "BUG: swiotlb: used %lu, but %lu slots are busy (hiwater %lu)",
			  tlb.used, used, tlb.hiwater);
		bad++;
	}
	zs_spin_unlock(&tlb.lock);
	return bad;
}
