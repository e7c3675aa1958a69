/* SPDX-License-Identifier: MIT */
/*
 * memmap.c - RAM ranges, their host backing, the struct page array and the
 * page/pfn/phys/virt conversions.  See mm_internal.h for the layout.
 *
 * Booting does no work per page: host memory and struct pages are
 * reservations that cost nothing until touched, and zones record their
 * memory as "fresh" spans that the buddy allocator carves on demand.
 */
#include <errno.h>
#include <string.h>

#include "common/report.h"
#include "host/host.h"
#include "mm/mm_internal.h"

struct zs_ram_range zs_ranges[ZSLAB_MAX_MEMMAP];
unsigned int zs_nr_ranges;
struct page *zs_mem_map;
uintptr_t zs_range0_bytes;
static size_t mem_map_bytes;
static bool ram_memfd;          /* ram_backing=memfd for this boot */
/*
 * Memory hot-add.  zs_mem_map is reserved with room for mem_map_cap
 * struct pages (it cannot move: struct page pointers are handed out), at
 * most ram_max_pages of them in use; a hot-added range takes the next
 * struct pages and sits above every other range, so ranges stay sorted
 * by pfn and by idx_start.  Under hotplug_lock.
 */
static unsigned long mem_map_cap, ram_max_pages;
static zs_spinlock_t hotplug_lock = ZS_SPINLOCK_INIT(ZS_RANK_HOTPLUG);

#define DEFAULT_RAM_MAX (1ULL << 40)          /* auto, default machine: 1 TiB */
#define HOTADD_MIN_PAGES (1UL << 18)           /* grow by 1 GiB at least */
#define HOTADD_FLOOR_PAGES (RAM_FLOOR >> PAGE_SHIFT)
#define BLOCK_PAGES (1UL << (MAX_ORDER - 1))   /* ranges start and end on 4 MiB */
struct zone zs_zones[MAX_NR_ZONES] = {
	[0 ... MAX_NR_ZONES - 1] = { .lock = ZS_SPINLOCK_INIT(ZS_RANK_ZONE) },
};
unsigned long zs_dma_pfn, zs_dma32_pfn, zs_movable_pfn;

const char *const zs_zone_names[MAX_NR_ZONES] = {
	"DMA", "DMA32", "Normal", "Movable"
};

#define DEFAULT_RAM (8ULL << 30)
#define PHYS_LIMIT_BYTES (1ULL << 52)      /* physical address bits modelled */
/*
 * The least a shrunk default machine keeps: all of ZONE_DMA and 48 MiB of
 * DMA32 (issue 13, defect 2).  Below it boot fails with -ENOMEM.
 */
#define RAM_FLOOR (64ULL << 20)

/* Copy the configured ranges (or the default) into @out, sorted by base. */
static unsigned int collect_ranges(const struct zs_config *cfg,
				   struct zs_range *out)
{
	unsigned int n = cfg->nr_ram;

	if (n == 0) {
		out[0] = (struct zs_range){ .base = 0, .size = DEFAULT_RAM };
		return 1;
	}
	memcpy(out, cfg->ram, n * sizeof(*out));
	for (unsigned int i = 1; i < n; i++)          /* insertion sort */
		for (unsigned int j = i; j > 0 && out[j].base < out[j - 1].base; j--) {
			struct zs_range t = out[j];
			out[j] = out[j - 1];
			out[j - 1] = t;
		}
	return n;
}

static int check_ranges(const struct zs_range *r, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		if (r[i].size == 0 || (r[i].base | r[i].size) & (PAGE_SIZE - 1) ||
		    ((uintptr_t)r[i].host & (PAGE_SIZE - 1))) {
			zs_report(ZS_ERR, "zslab: memmap: range %#llx+%#llx is empty or not page aligned",
				  (unsigned long long)r[i].base, (unsigned long long)r[i].size);
			return -EINVAL;
		}
		if (i && r[i - 1].base + r[i - 1].size > r[i].base) {
			zs_report(ZS_ERR, "zslab: memmap: ranges [%#llx-%#llx] and [%#llx-%#llx] overlap",
				  (unsigned long long)r[i - 1].base,
				  (unsigned long long)(r[i - 1].base + r[i - 1].size - 1),
				  (unsigned long long)r[i].base,
				  (unsigned long long)(r[i].base + r[i].size - 1));
			return -EINVAL;
		}
	}
	return 0;
}

/* The first pfn above @pfn where zs_pfn_zone() changes, or ~0UL. */
static unsigned long zone_boundary(unsigned long pfn)
{
	const unsigned long b[] = { zs_dma_pfn, zs_dma32_pfn, zs_movable_pfn };
	unsigned long next = ~0UL;

	for (unsigned int i = 0; i < sizeof(b) / sizeof(b[0]); i++)
		if (b[i] > pfn && b[i] < next)
			next = b[i];
	return next;
}

/* Record [start, end) of range @ri as fresh memory of the zones it spans. */
static void add_fresh(unsigned long start, unsigned long end, unsigned int ri)
{
	while (start < end) {
		unsigned long b = zone_boundary(start);
		unsigned long e = end < b ? end : b;
		struct zone *z = &zs_zones[zs_pfn_zone(start)];
		z->fresh[z->nr_fresh++] = (struct zs_span){ start, e, (uint8_t)ri };
		if (!z->present_pages)
			z->zone_start_pfn = start;
		z->present_pages += e - start;
		z->spanned_pages = e - z->zone_start_pfn;
		start = e;
	}
}

/* Count how @sp decomposes into aligned buddy blocks, without touching it. */
static void count_fresh_blocks(const struct zs_span *sp, unsigned long *nr)
{
	const unsigned long max = 1UL << (MAX_ORDER - 1);
	unsigned long pfn = sp->start, end = sp->end;

	while (pfn < end && (pfn & (max - 1)) && pfn + 1 <= end) {
		unsigned int o = (unsigned int)__builtin_ctzl(pfn);
		while (pfn + (1UL << o) > end)
			o--;
		nr[o]++;
		pfn += 1UL << o;
	}
	if (end - pfn >= max) {
		unsigned long n = (end - pfn) / max;
		nr[MAX_ORDER - 1] += n;
		pfn += n * max;
	}
	while (pfn < end) {
		unsigned int o = 63 - (unsigned int)__builtin_clzl(end - pfn);
		nr[o]++;
		pfn += 1UL << o;
	}
}

static void setup_zones(void)
{
	for (unsigned int i = 0; i < NR_NODE_STATS; i++)
		atomic_store(&zs_node_stat[i], 0);
	for (unsigned int z = 0; z < MAX_NR_ZONES; z++) {
		struct zone *zone = &zs_zones[z];
		memset(zone, 0, sizeof(*zone));
		zs_spin_init(&zone->lock, ZS_RANK_ZONE);
		zone->name = zs_zone_names[z];
		for (unsigned int o = 0; o < MAX_ORDER; o++)
			list_init(&zone->free_area[o].list);
	}
	for (unsigned int r = 0; r < zs_nr_ranges; r++)
		add_fresh(zs_ranges[r].pfn_start, zs_ranges[r].pfn_end, r);
	for (unsigned int z = 0; z < MAX_NR_ZONES; z++) {
		struct zone *zone = &zs_zones[z];
		zone->managed_pages = zone->present_pages;
		atomic_store(&zone->nr_free, (long)zone->managed_pages);
		for (unsigned int i = 0; i < zone->nr_fresh; i++)
			count_fresh_blocks(&zone->fresh[i], zone->fresh_nr);
	}
}

/* Bytes of the struct page array for @pages frames, in host pages. */
static size_t mem_map_size(unsigned long pages)
{
	return (pages * sizeof(struct page) + ZS_HOST_PAGE - 1) & ~(ZS_HOST_PAGE - 1);
}

/* Reserve host memory for @n ranges and their struct pages; @quiet: no report. */
static int map_ranges(const struct zs_range *r, unsigned int n, bool quiet)
{
	unsigned long idx = 0;

	for (unsigned int i = 0; i < n; i++) {
		struct zs_ram_range *rr = &zs_ranges[i];
		rr->pfn_start = r[i].base >> PAGE_SHIFT;
		rr->pfn_end = (r[i].base + r[i].size) >> PAGE_SHIFT;
		rr->idx_start = idx;
		rr->owned = r[i].host == NULL;
		rr->fd = -1;
		if (r[i].host)
			rr->host = r[i].host;
		else if (ram_memfd)
			rr->host = zs_host_reserve_shared(r[i].size, &rr->fd);
		else
			rr->host = zs_host_reserve(r[i].size);
		zs_nr_ranges = i + 1;
		if (!rr->host) {
			if (!quiet)
				zs_report(ZS_ERR, "zslab: memmap: cannot reserve %llu MiB of host memory for [%#llx-%#llx]",
				  (unsigned long long)(r[i].size >> 20),
				  (unsigned long long)r[i].base,
				  (unsigned long long)(r[i].base + r[i].size - 1));
			return -ENOMEM;
		}
		idx += rr->pfn_end - rr->pfn_start;
	}
	zs_range0_bytes = (zs_ranges[0].pfn_end - zs_ranges[0].pfn_start) << PAGE_SHIFT;
	/* room for the struct pages of hot-added RAM: a reservation that
	 * costs nothing until touched, at most a quarter of what RLIMIT_AS
	 * leaves; without it, exactly the boot RAM's */
	mem_map_cap = ram_max_pages > idx ? ram_max_pages : idx;
	for (size_t room = zs_host_as_room();
	     mem_map_cap > idx && room != SIZE_MAX && mem_map_size(mem_map_cap) > room / 4;)
		mem_map_cap = mem_map_cap / 2 > idx ? mem_map_cap / 2 : idx;
	mem_map_bytes = mem_map_size(mem_map_cap);
	zs_mem_map = zs_host_reserve(mem_map_bytes);
	if (!zs_mem_map && mem_map_cap > idx) {
		mem_map_cap = idx;
		mem_map_bytes = mem_map_size(idx);
		zs_mem_map = zs_host_reserve(mem_map_bytes);
	}
	if (!zs_mem_map) {
		if (!quiet)
			zs_report(ZS_ERR, "zslab: cannot reserve the struct page array (%zu MiB)",
			  mem_map_bytes >> 20);
		return -ENOMEM;
	}
	return 0;
}

/*
 * map_default() - the default machine (no memmap=) fitted to the host:
 * RAM and its struct pages take at most half of the address space that
 * RLIMIT_AS leaves, and the size halves while the host refuses it, down
 * to RAM_FLOOR.  A shrunk machine is reported once, at this boot.
 * An explicit memmap= is the machine the caller described: it is mapped
 * as given or refused whole (map_ranges()).
 */
static int map_default(struct zs_range *r)
{
	const uint64_t want = r->size;
	const size_t room = zs_host_as_room();
	uint64_t size = want;
	int err;

	while (size > RAM_FLOOR && size + mem_map_size(size >> PAGE_SHIFT) > room / 2)
		size >>= 1;
	for (;;) {
		r->size = size;
		err = map_ranges(r, 1, size > RAM_FLOOR);
		if (err != -ENOMEM || size <= RAM_FLOOR)
			break;
		zs_memmap_exit();
		size >>= 1;
	}
	if (!err && size < want) {
		if (room == SIZE_MAX)
			zs_report(ZS_INFO, "zslab: memmap: RAM shrunk from %llu MiB to %llu MiB: the host refused more",
				  (unsigned long long)(want >> 20), (unsigned long long)(size >> 20));
		else
			zs_report(ZS_INFO, "zslab: memmap: RAM shrunk from %llu MiB to %llu MiB: RLIMIT_AS leaves %zu MiB of address space",
				  (unsigned long long)(want >> 20), (unsigned long long)(size >> 20),
				  room >> 20);
	}
	return err;
}

/*
 * zs_memmap_init() - lay out RAM from @cfg: ranges sorted and checked,
 * host memory reserved, zones given their fresh spans.  On failure nothing
 * stays reserved.
 */
int zs_memmap_init(const struct zs_config *cfg)
{
	struct zs_range r[ZSLAB_MAX_MEMMAP];
	unsigned int n = collect_ranges(cfg, r);
	int err = check_ranges(r, n);

	if (err)
		return err;
	ram_memfd = cfg->ram_memfd;
	ram_max_pages = (cfg->ram_max ? cfg->ram_max : cfg->nr_ram ? 0 : DEFAULT_RAM_MAX) >> PAGE_SHIFT;
	zs_dma_pfn = cfg->dma_limit >> PAGE_SHIFT;
	zs_dma32_pfn = cfg->dma32_limit >> PAGE_SHIFT;
	err = cfg->nr_ram ? map_ranges(r, n, false) : map_default(&r[0]);
	if (err) {
		zs_memmap_exit();
		return err;
	}
	zs_movable_pfn = zs_find_movable_pfn(cfg);
	setup_zones();
	return 0;
}

/* zs_memmap_exit() - unmap everything zs_memmap_init() reserved. */
void zs_memmap_exit(void)
{
	for (unsigned int i = 0; i < zs_nr_ranges; i++) {
		struct zs_ram_range *rr = &zs_ranges[i];
		if (rr->owned)
			zs_host_unmap(rr->host, (rr->pfn_end - rr->pfn_start) << PAGE_SHIFT);
		if (rr->owned)
			zs_host_close(rr->fd);
	}
	zs_host_unmap(zs_mem_map, mem_map_bytes);
	memset(zs_ranges, 0, sizeof(zs_ranges));
	memset(zs_zones, 0, sizeof(zs_zones));
	zs_nr_ranges = 0;
	zs_movable_pfn = 0;
	zs_range0_bytes = 0;
	zs_mem_map = NULL;
	mem_map_bytes = 0;
	mem_map_cap = 0;
}

/*
 * The size of the next hot-added range in pages: at least @min (rounded
 * to 4 MiB), else the larger of 1 GiB and half of RAM, within ram_max=
 * and the struct page room, and within half of what RLIMIT_AS leaves.
 * 0: no room.
 */
static unsigned long hotadd_size(unsigned long total, unsigned long min)
{
	unsigned long limit = ram_max_pages < mem_map_cap ? ram_max_pages : mem_map_cap;
	unsigned long want = total / 2 > HOTADD_MIN_PAGES ? total / 2 : HOTADD_MIN_PAGES;
	size_t room = zs_host_as_room();

	min = (min + BLOCK_PAGES - 1) & ~(BLOCK_PAGES - 1);
	if (want < min)
		want = min;
	if (total >= limit)
		return 0;
	if (want > limit - total)
		want = (limit - total) & ~(BLOCK_PAGES - 1);
	while (room != SIZE_MAX && want > min && want > HOTADD_FLOOR_PAGES &&
	       (want << PAGE_SHIFT) > room / 2)
		want = (want / 2) & ~(BLOCK_PAGES - 1);
	return want >= min ? want : 0;
}

/* Give range @ri's new span [@start, @end) to ZONE_NORMAL (its lock held). */
static void online_pages(struct zone *z, unsigned long start, unsigned long end,
			 unsigned int ri)
{
	struct zs_span sp = { start, end, (uint8_t)ri };
	unsigned long nr[MAX_ORDER] = { 0 };

	count_fresh_blocks(&sp, nr);
	z->fresh[z->nr_fresh++] = sp;
	if (!z->present_pages)
		z->zone_start_pfn = start;
	z->present_pages += end - start;
	z->spanned_pages = end - z->zone_start_pfn;
	__atomic_store_n(&z->managed_pages, z->managed_pages + (end - start), __ATOMIC_RELAXED);
	for (unsigned int o = 0; o < MAX_ORDER; o++)
		if (nr[o])
			__atomic_store_n(&z->fresh_nr[o], z->fresh_nr[o] + nr[o], __ATOMIC_RELAXED);
	atomic_fetch_add(&z->nr_free, (long)(end - start));
}

static int hotadd_locked(unsigned long min_pages)
{
	const unsigned int n = zs_nr_ranges;
	const struct zs_ram_range *top = &zs_ranges[n - 1];
	unsigned long total = top->idx_start + (top->pfn_end - top->pfn_start);
	unsigned long base = top->pfn_end > zs_dma32_pfn ? top->pfn_end : zs_dma32_pfn;
	unsigned long want = hotadd_size(total, min_pages);
	struct zs_ram_range *rr = &zs_ranges[n];
	struct zone *z = &zs_zones[ZONE_NORMAL];
	int fd = -1;
	char *host = NULL;

	base = (base + BLOCK_PAGES - 1) & ~(BLOCK_PAGES - 1);
	if (n == ZSLAB_MAX_MEMMAP || zs_movable_pfn || !want || z->nr_fresh == ZSLAB_MAX_MEMMAP ||
	    base + want > (PHYS_LIMIT_BYTES >> PAGE_SHIFT))
		return -ENOSPC;
	for (;;) {
		host = ram_memfd ? zs_host_reserve_shared(want << PAGE_SHIFT, &fd)
				 : zs_host_reserve(want << PAGE_SHIFT);
		if (host || want / 2 < min_pages || want / 2 < HOTADD_FLOOR_PAGES)
			break;
		want = (want / 2) & ~(BLOCK_PAGES - 1);
	}
	if (!host)
		return -ENOMEM;
	*rr = (struct zs_ram_range){ .pfn_start = base, .pfn_end = base + want, .host = host,
				     .idx_start = total, .owned = true, .fd = fd };
	/* the range is visible before any page of it can be handed out */
	__atomic_store_n(&zs_nr_ranges, n + 1, __ATOMIC_RELEASE);
	zs_spin_lock(&z->lock);
	online_pages(z, base, base + want, n);
	zs_spin_unlock(&z->lock);
	zs_report(ZS_INFO, "zslab: memory hot-add: [mem %#llx-%#llx] (%lu MiB) onlined into Normal",
		  (unsigned long long)base << PAGE_SHIFT,
		  ((unsigned long long)(base + want) << PAGE_SHIFT) - 1, want >> (20 - PAGE_SHIFT));
	return 0;
}

int zs_memory_hotadd(unsigned long min_pages)
{
	int err;

	if (!zs_ranges_nr())
		return -ENOSPC;
	if (!zs_spin_trylock(&hotplug_lock)) {
		/* another thread is adding a range: wait for it, then retry */
		zs_spin_lock(&hotplug_lock);
		zs_spin_unlock(&hotplug_lock);
		return 0;
	}
	err = hotadd_locked(min_pages);
	zs_spin_unlock(&hotplug_lock);
	return err ? err : 1;
}

void zs_memory_hotplug_fork_prepare(void)
{
	zs_spin_lock(&hotplug_lock);
}

void zs_memory_hotplug_fork_done(void)
{
	zs_spin_unlock(&hotplug_lock);
}

/* The exported conversions (mm.h). */

unsigned long page_to_pfn(const struct page *page)
{
	return zs_page_to_pfn(page);
}

struct page *pfn_to_page(unsigned long pfn)
{
	return zs_pfn_to_page(pfn);
}

int pfn_valid(unsigned long pfn)
{
	return zs_range_of_pfn(pfn) >= 0;
}

phys_addr_t page_to_phys(const struct page *page)
{
	return (phys_addr_t)zs_page_to_pfn(page) << PAGE_SHIFT;
}

void *page_address(const struct page *page)
{
	return zs_page_address(page);
}

struct page *virt_to_page(const void *addr)
{
	return zs_virt_to_page(addr);
}

int virt_addr_valid(const volatile void *addr)
{
	return zs_range_of_virt((const void *)addr) >= 0;
}

phys_addr_t virt_to_phys(const volatile void *addr)
{
	int r = zs_range_of_virt((const void *)addr);

	if (r < 0)
		return (phys_addr_t)-1;
	return ((phys_addr_t)zs_ranges[r].pfn_start << PAGE_SHIFT) +
	       ((uintptr_t)addr - (uintptr_t)zs_ranges[r].host);
}

void *phys_to_virt(phys_addr_t phys)
{
	int r = zs_range_of_pfn((unsigned long)(phys >> PAGE_SHIFT));

	if (r < 0)
		return NULL;
	return zs_ranges[r].host +
	       (phys - ((phys_addr_t)zs_ranges[r].pfn_start << PAGE_SHIFT));
}

enum zone_type page_zonenum(const struct page *page)
{
	return zs_pfn_zone(zs_page_to_pfn(page));
}
