/* SPDX-License-Identifier: MIT */
/*
 * vmalloc.c - virtually contiguous memory from order-0 pages of the
 * simulated RAM (<zslab/vmalloc.h>), and the kvmalloc family over it.
 *
 * Why here (lib) and not in mm: kvmalloc() tries kmalloc() first and
 * krealloc() and ksize() serve kvrealloc(), so vmalloc sits above the
 * slab layer, where ARCHITECTURE.md puts the kernel's library
 * allocators.  mm gives it what only mm knows: each page's memory file.
 *
 * Two ways to make pages virtually contiguous, by the RAM's backing:
 *
 * ram_backing=memfd.  Every zslab-reserved RAM range is a memory file
 * (mm/memmap.c), so a page can be mapped a second time.  Boot reserves the
 * vmalloc area, untouchable address space outside RAM of twice the RAM's
 * size (at most 64 GiB), and a bitmap of its pages (vm.used, next fit
 * from vm.hint, under vm_lock) hands out page runs of it.  Only host
 * memory backs this metadata: boot makes it before kmalloc may be called,
 * and no slab object outlives a program's last vfree().  An
 * area of n pages takes n + 1 (a guard page after it, never mapped), gets
 * n order-0 pages from alloc_pages(), and the host maps each run of
 * physically adjacent pages with one call.  Per page of the vmalloc area:
 *
 *	vm.map[i]  the struct page mapped at vm.start + i * PAGE_SIZE, or NULL
 *	vm.len[i]  n when an area of n pages starts at page i, ORed with
 *	           VM_LEN_RAM for a vm_map_ram() mapping; else 0
 *
 * Invariants: for an area starting at i with n = vm.len[i] > 0,
 * vm.map[i .. i+n-1] are its pages, each allocated with PG_vmalloc set,
 * vm.map[i+n] is NULL (the guard), vm.len[i+1 .. i+n] are 0, and the
 * bits [i, i+n+1) of vm.used are set; vm.live counts the areas.  The
 * pages of a VM_LEN_RAM area are the caller's: not PG_vmalloc, not
 * freed by vm_unmap_ram(), and vfree() does not know the area (as the
 * kernel's has no vm_struct for it).  An aligned area (__vmalloc_node())
 * starts at a page i whose address is a multiple of the alignment.  vfree()
 * turns the area back into untouchable address space before it frees the
 * pages, so no page is ever reachable through a stale alias.  Both arrays
 * are reservations that cost nothing until touched; each area's entries
 * are written only by the thread that allocates or frees it, so no lock.
 *
 * ram_backing=anon (default).  A private mapping cannot be mapped twice,
 * and moving pages out of RAM would break page_address(), so an area is
 * one physically contiguous block (at most MAX_ORDER - 1: 4 MiB), split
 * into order-0 pages (split_page()) of which the ones past the size go
 * back at once, as alloc_pages_exact() does.  Its pages carry PG_vmalloc,
 * and its first page's @objects holds n (no slab page is ever PG_vmalloc).
 * is_vmalloc_addr() asks the page.  Larger sizes fail with a report that
 * names ram_backing=memfd.  An alignment is the block's own (a block of
 * order k is 2^k pages aligned in RAM; the address is checked), and
 * vm_map_ram() maps only physically adjacent pages, at their address.
 */
#include <errno.h>
#include <limits.h>
#include <stdatomic.h>
#include <string.h>

#include <zslab/slab.h>
#include <zslab/vmalloc.h>

#include "common/lazy_boot.h"
#include "common/lock.h"
#include "common/report.h"
#include "config/config.h"
#include "host/host.h"
#include "lib/vmalloc.h"
#include "mm/mm_internal.h"

#define VM_MAX_PAGES (1UL << 24)         /* 64 GiB of vmalloc area */
#define VM_LEN_RAM (1u << 31)            /* vm.len[i]: a vm_map_ram() area */

static struct {
	char *start;            /* NULL: no area (anon, or not booted) */
	unsigned long pages;    /* size of the area in pages */
	struct page **map;
	uint32_t *len;
	unsigned long *used;    /* bit i: page i of the area is taken */
	unsigned long hint;     /* where the next search starts */
	atomic_long live;
	atomic_long lost;       /* pages the host would not give back (area_retire()) */
} vm;

static zs_spinlock_t vm_lock = ZS_SPINLOCK_INIT(ZS_RANK_VMALLOC);

#define BITS 64UL

static bool used_bit(unsigned long i)
{
	return vm.used[i / BITS] >> (i % BITS) & 1;
}

static void set_bits(unsigned long i, unsigned long n, bool on)
{
	for (unsigned long k = i; k < i + n; k++) {
		if (on)
			vm.used[k / BITS] |= 1UL << (k % BITS);
		else
			vm.used[k / BITS] &= ~(1UL << (k % BITS));
	}
}

/* The first page index from @i on whose address is a multiple of @apg
 * pages (a power of two). */
static unsigned long align_index(unsigned long i, unsigned long apg)
{
	unsigned long base = (uintptr_t)vm.start >> PAGE_SHIFT;

	return ((base + i + apg - 1) & ~(apg - 1)) - base;
}

/* First index of @n free pages in [@from, @to) whose address is a
 * multiple of @apg pages, or -1 (vm_lock held). */
static long find_run(unsigned long from, unsigned long to, unsigned long n,
		     unsigned long apg)
{
	unsigned long i = align_index(from, apg), k;

	while (i < to && to - i >= n) {
		if (!(i % BITS) && vm.used[i / BITS] == ~0UL) {
			i = align_index(i + BITS, apg);   /* a full word: skip it */
			continue;
		}
		for (k = 0; k < n && !used_bit(i + k); k++)
			;
		if (k == n)
			return (long)i;
		i = align_index(i + k + 1, apg);
	}
	return -1;
}

/* Claim @n pages of the area starting at a multiple of @apg pages (next
 * fit, wrapping once); -1 when none is free. */
static long area_claim(unsigned long n, unsigned long apg)
{
	long i;

	zs_spin_lock(&vm_lock);
	i = find_run(vm.hint, vm.pages, n, apg);
	if (i < 0)
		i = find_run(0, vm.pages, n, apg);
	if (i >= 0) {
		set_bits((unsigned long)i, n, true);
		vm.hint = (unsigned long)i + n;
	}
	zs_spin_unlock(&vm_lock);
	return i;
}

static void area_release(unsigned long i, unsigned long n)
{
	zs_spin_lock(&vm_lock);
	set_bits(i, n, false);
	zs_spin_unlock(&vm_lock);
}

static void put_vm_page(struct page *page)
{
	pg_set_flags(page, pg_flags(page) & ~PG_vmalloc);
	__free_pages(page, 0);
}

/*
 * Give back the n pages at i of the area (and the guard after them):
 * untouchable address space first, then their vm.map entries (the
 * pages freed when @ours: vmalloc's, not vm_map_ram()'s callers'), then
 * their bits.  When the host unmapped the range but would not reserve it
 * again (at vm.max_map_count, or another mapping placed there
 * meanwhile), the bits stay set for good (vm.lost), so that nothing is
 * ever mapped over a mapping that is not ours.
 */
static void area_retire(unsigned long i, unsigned long n, bool ours)
{
	bool back = zs_host_clear_none(vm.start + (i << PAGE_SHIFT), n << PAGE_SHIFT);

	for (unsigned long k = 0; k < n; k++) {
		if (ours && vm.map[i + k])
			put_vm_page(vm.map[i + k]);
		vm.map[i + k] = NULL;
	}
	if (back)
		area_release(i, n + 1);
	else if (!atomic_fetch_add(&vm.lost, (long)n + 1))
		zs_report(ZS_INFO, "zslab: vmalloc: the host refused to take freed vmalloc space back "
			  "(at vm.max_map_count?): %lu pages of the vmalloc area are lost", n + 1);
}

static size_t host_pages(size_t bytes)
{
	return (bytes + ZS_HOST_PAGE - 1) & ~(ZS_HOST_PAGE - 1);
}

static void release_area_space(void)
{
	zs_host_unmap(vm.start, vm.pages << PAGE_SHIFT);
	zs_host_unmap(vm.map, host_pages(vm.pages * sizeof(*vm.map)));
	zs_host_unmap(vm.len, host_pages(vm.pages * sizeof(*vm.len)));
	zs_host_unmap(vm.used, host_pages((vm.pages + BITS - 1) / BITS * sizeof(long)));
	memset(&vm, 0, sizeof(vm));
}

int zs_vmalloc_init(void)
{
	unsigned long ram = 0;

	if (!zs_config.ram_memfd)
		return 0;

	for (unsigned int r = 0; r < zs_nr_ranges; r++)
		ram += zs_ranges[r].pfn_end - zs_ranges[r].pfn_start;
	vm.pages = 2 * ram < VM_MAX_PAGES ? 2 * ram : VM_MAX_PAGES;
	vm.start = zs_host_reserve_none(vm.pages << PAGE_SHIFT);
	vm.map = zs_host_reserve(host_pages(vm.pages * sizeof(*vm.map)));
	vm.len = zs_host_reserve(host_pages(vm.pages * sizeof(*vm.len)));
	vm.used = zs_host_reserve(host_pages((vm.pages + BITS - 1) / BITS * sizeof(long)));
	if (!vm.start || !vm.map || !vm.len || !vm.used) {
		zs_report(ZS_ERR, "zslab: vmalloc: cannot reserve the vmalloc area (%lu MiB)",
			  vm.pages >> (20 - PAGE_SHIFT));
		release_area_space();
		return -ENOMEM;
	}
	return 0;
}

void zs_vmalloc_exit(void)
{
	if (!vm.start)
		return;
	/* areas never freed die with the RAM and the area */
	release_area_space();
}

/* The kernel's warn_alloc() line for a failed vmalloc, unless __GFP_NOWARN. */
static void *vm_fail(gfp_t gfp, unsigned long size, const char *why)
{
	if (!(gfp & __GFP_NOWARN))
		zs_report(ZS_WARN, "zslab: vmalloc error: size %lu, %s", size, why);
	return NULL;
}

static bool in_area(const void *addr)
{
	return vm.start && (uintptr_t)addr - (uintptr_t)vm.start < (vm.pages << PAGE_SHIFT);
}

static unsigned long area_index(const void *addr)
{
	return (unsigned long)(((uintptr_t)addr - (uintptr_t)vm.start) >> PAGE_SHIFT);
}

/* Why map_area() failed, for the report. */
static const char *map_error(int err)
{
	if (err == -EXDEV)
		return "a page of caller-supplied RAM cannot be mapped twice";
	if (err == -ENOMEM)  /* each area is a mapping of its own */
		return "the host refused the mapping (more areas than vm.max_map_count allows?)";
	return "the host refused the mapping";
}

/* Map vm.map[i .. i+n-1] at their area addresses, one call per run;
 * 0 or the host's -errno (-EXDEV: a range that is no memory file). */
static int map_area(unsigned long i, unsigned long n)
{
	for (unsigned long k = 0, run; k < n; k += run) {
		struct page *first = vm.map[i + k];
		unsigned int r = zs_range_of_page(first);
		const struct zs_ram_range *rr = &zs_ranges[r];
		uint64_t off = (uint64_t)(first - zs_mem_map - rr->idx_start) << PAGE_SHIFT;

		if (rr->fd < 0)
			return -EXDEV;    /* caller-supplied RAM: not a memory file */
		for (run = 1; k + run < n && vm.map[i + k + run] == first + run &&
			      zs_range_of_page(first + run) == r; run++)
			;
		int err = zs_host_map_file(vm.start + ((i + k) << PAGE_SHIFT), run << PAGE_SHIFT,
					   rr->fd, off);
		if (err)
			return err;
	}
	return 0;
}

/*
 * Up to @want order-0 pages for an area into @slot, PG_vmalloc set; how
 * many (0: none).  A block of up to order 3 (PAGE_ALLOC_COSTLY_ORDER, which
 * the per-thread lists serve and compaction never needs to make) is tried
 * first and split: its pages are adjacent, so the host maps them with one
 * call where scattered order-0 pages need one each (a 100-page area:
 * 13 calls for 100, and a host mapping is most of a vmalloc's cost).
 */
static unsigned int take_pages(struct page **slot, unsigned long want, gfp_t gfp)
{
	unsigned int order = want >= 8 ? 3 : want >= 4 ? 2 : want >= 2 ? 1 : 0;
	struct page *page = NULL;

	if (order)
		page = alloc_pages(gfp | __GFP_NOWARN | __GFP_NORETRY, order);
	if (page) {
		split_page(page, order);
	} else {
		order = 0;
		page = alloc_pages(gfp | __GFP_NOWARN, 0);
		if (!page)
			return 0;
	}
	for (unsigned int j = 0; j < 1u << order; j++) {
		pg_set_flags(page + j, pg_flags(page + j) | PG_vmalloc);
		slot[j] = page + j;
	}
	return 1u << order;
}

/* ram_backing=memfd: n order-0 pages mapped again in the vmalloc area,
 * at a multiple of @apg pages. */
static void *vmalloc_mapped(unsigned long size, unsigned long n, gfp_t gfp,
			    unsigned long apg)
{
	long claim = area_claim(n + 1, apg);
	unsigned long addr, i, k;
	int err = 0;

	if (claim < 0)
		return vm_fail(gfp, size, "vm_struct allocation failed");
	i = (unsigned long)claim;
	addr = (unsigned long)(vm.start + (i << PAGE_SHIFT));
	for (k = 0; k < n;) {
		unsigned int got = take_pages(&vm.map[i + k], n - k, gfp);
		if (!got)
			break;
		k += got;
	}
	if (k == n)
		err = map_area(i, n);
	if (k < n || err) {
		area_retire(i, n, true);	/* the slots past k are still NULL */
		return vm_fail(gfp, size, err ? map_error(err) : "failed to allocate pages");
	}
	vm.len[i] = (uint32_t)n;
	atomic_fetch_add(&vm.live, 1);
	return (void *)addr;
}

/* ram_backing=anon: one contiguous run of n order-0 pages, starting at a
 * multiple of @apg pages. */
static void *vmalloc_linear(unsigned long size, unsigned long n, gfp_t gfp,
			    unsigned long apg)
{
	unsigned long block = n > apg ? n : apg;
	unsigned int order = (unsigned int)get_order(block << PAGE_SHIFT);
	struct page *page;

	if (order >= MAX_ORDER)
		return vm_fail(gfp, size, apg > n ?
			       "alignment above one 4 MiB block, and RAM is not a memory file (boot with ram_backing=memfd)" :
			       "more than one 4 MiB block, and RAM is not a memory file (boot with ram_backing=memfd)");
	page = alloc_pages(gfp | __GFP_NOWARN, order);
	if (!page)
		return vm_fail(gfp, size, "failed to allocate pages");
	if ((uintptr_t)zs_page_address(page) & ((apg << PAGE_SHIFT) - 1)) {
		__free_pages(page, order);   /* the range itself is not so aligned */
		return vm_fail(gfp, size, "no block of RAM has that alignment");
	}
	split_page(page, order);
	for (unsigned long k = n; k < (1UL << order); k++)
		__free_pages(page + k, 0);
	for (unsigned long k = 0; k < n; k++)
		pg_set_flags(page + k, pg_flags(page + k) | PG_vmalloc);
	page->objects = (uint32_t)n;
	return zs_page_address(page);
}

void *__vmalloc_node(unsigned long size, unsigned long align, gfp_t gfp_mask,
		     int node, const void *caller)
{
	/* pages, rounded up without wrapping: SIZE_MAX is no 0-page area */
	unsigned long n = (size >> PAGE_SHIFT) + !!(size & (PAGE_SIZE - 1));
	unsigned long apg = align > PAGE_SIZE ? align >> PAGE_SHIFT : 1;
	unsigned long ram = 0;

	(void)node;
	(void)caller;
	if (!size)
		return vm_fail(gfp_mask, size, "vm_struct allocation failed");
	if (align & (align - 1))
		return vm_fail(gfp_mask, size, "alignment is no power of two");
	if (!zs_nr_ranges)
		zs_lazy_boot();
	for (unsigned int r = 0; r < zs_nr_ranges; r++)
		ram += zs_ranges[r].pfn_end - zs_ranges[r].pfn_start;
	if (n > ram || n >= VM_LEN_RAM)
		return vm_fail(gfp_mask, size, "exceeds total pages");
	if (!zs_host_can_commit(n << PAGE_SHIFT))
		return vm_fail(gfp_mask, size, "more than the host would commit");
	gfp_mask &= ~(__GFP_COMP | __GFP_NOFAIL);
	if (vm.start && apg > vm.pages)
		return vm_fail(gfp_mask, size, "vm_struct allocation failed");
	return vm.start ? vmalloc_mapped(size, n, gfp_mask, apg)
			: vmalloc_linear(size, n, gfp_mask, apg);
}

void *__vmalloc(unsigned long size, gfp_t gfp_mask)
{
	return __vmalloc_node(size, 1, gfp_mask, 0, __builtin_return_address(0));
}

void *vmalloc_huge_node(unsigned long size, gfp_t gfp_mask, int node)
{
	return __vmalloc_node(size, 1, gfp_mask, node, __builtin_return_address(0));
}

void *vmalloc_huge(unsigned long size, gfp_t gfp_mask)
{
	return __vmalloc_node(size, 1, gfp_mask, 0, __builtin_return_address(0));
}

void *vmalloc(unsigned long size)
{
	return __vmalloc(size, GFP_KERNEL);
}

void *vzalloc(unsigned long size)
{
	return __vmalloc(size, GFP_KERNEL | __GFP_ZERO);
}

void *vmalloc_node(unsigned long size, int node)
{
	(void)node;
	return vmalloc(size);
}

void *vzalloc_node(unsigned long size, int node)
{
	(void)node;
	return vzalloc(size);
}

void *vmalloc_array(size_t n, size_t size)
{
	size_t bytes;

	if (__builtin_mul_overflow(n, size, &bytes))
		return NULL;
	return vmalloc(bytes);
}

void *vcalloc(size_t n, size_t size)
{
	size_t bytes;

	if (__builtin_mul_overflow(n, size, &bytes))
		return NULL;
	return vzalloc(bytes);
}

/* The pages of the area starting at @addr, or 0 when none starts there. */
static unsigned long area_pages(const void *addr)
{
	struct page *page;

	if ((uintptr_t)addr & (PAGE_SIZE - 1))
		return 0;
	if (in_area(addr)) {
		uint32_t len = vm.len[area_index(addr)];
		return len & VM_LEN_RAM ? 0 : len;   /* vm_unmap_ram()'s */
	}
	page = zs_virt_to_page(addr);
	if (!page || !(pg_flags(page) & PG_vmalloc))
		return 0;
	return page->objects;
}

void vfree(const void *addr)
{
	unsigned long n, i;
	struct page *page;

	if (!addr)
		return;
	n = area_pages(addr);
	if (!n) {
		zs_report(ZS_WARN, "zslab: Trying to vfree() nonexistent vm area (%p)", addr);
		return;
	}
	if (in_area(addr)) {
		i = area_index(addr);
		vm.len[i] = 0;
		area_retire(i, n, true);
		atomic_fetch_sub(&vm.live, 1);
		return;
	}
	page = zs_virt_to_page(addr);
	page->objects = 0;
	for (unsigned long k = 0; k < n; k++)
		put_vm_page(page + k);
}

struct page *vmalloc_to_page(const void *addr)
{
	struct page *page;

	if (in_area(addr))
		return vm.map[area_index(addr)];
	page = zs_virt_to_page(addr);
	return page && (pg_flags(page) & PG_vmalloc) ? page : NULL;
}

unsigned long vmalloc_to_pfn(const void *addr)
{
	struct page *page = vmalloc_to_page(addr);

	return page ? zs_page_to_pfn(page) : 0;
}

bool is_vmalloc_addr(const void *x)
{
	struct page *page;

	if (vm.start)
		return in_area(x);
	page = zs_virt_to_page(x);
	return page && (pg_flags(page) & PG_vmalloc);
}

/* --- vm_map_ram ------------------------------------------------------------ */

/* Is @page a struct page of RAM (not just any pointer)? */
static bool ram_page(const struct page *page)
{
	uintptr_t off = (uintptr_t)page - (uintptr_t)zs_mem_map;
	unsigned long idx = off / sizeof(*page);

	if (!page || off % sizeof(*page))
		return false;
	for (unsigned int r = 0; r < zs_nr_ranges; r++)
		if (idx - zs_ranges[r].idx_start <
		    zs_ranges[r].pfn_end - zs_ranges[r].pfn_start)
			return true;
	return false;
}

/* ram_backing=memfd: the caller's pages mapped again in the vmalloc area. */
static void *map_ram_mapped(struct page **pages, unsigned int count)
{
	long claim = area_claim(count + 1UL, 1);
	unsigned long i;
	int err;

	if (claim < 0) {
		zs_report(ZS_WARN, "zslab: vm_map_ram: no room for %u pages in the vmalloc area", count);
		return NULL;
	}
	i = (unsigned long)claim;
	for (unsigned long k = 0; k < count; k++)
		vm.map[i + k] = pages[k];
	err = map_area(i, count);
	if (err) {
		area_retire(i, count, false);
		zs_report(ZS_WARN, "zslab: vm_map_ram: %s", map_error(err));
		return NULL;
	}
	vm.len[i] = count | VM_LEN_RAM;
	atomic_fetch_add(&vm.live, 1);
	return vm.start + (i << PAGE_SHIFT);
}

/* ram_backing=anon: physically adjacent pages, at their own address. */
static void *map_ram_linear(struct page **pages, unsigned int count)
{
	unsigned int r = zs_range_of_page(pages[0]);

	for (unsigned int k = 1; k < count; k++)
		if (pages[k] != pages[0] + k || zs_range_of_page(pages[k]) != r) {
			zs_report(ZS_WARN, "zslab: vm_map_ram: page %u does not follow page %u in RAM, "
				  "and RAM is not a memory file (boot with ram_backing=memfd)", k, k - 1);
			return NULL;
		}
	return zs_page_address(pages[0]);
}

void *vm_map_ram(struct page **pages, unsigned int count, int node)
{
	(void)node;
	if (!count || count >= VM_LEN_RAM || !pages) {
		zs_report(ZS_ERR, "zslab: vm_map_ram: %u pages at %p: nothing to map", count, (void *)pages);
		return NULL;
	}
	for (unsigned int k = 0; k < count; k++)
		if (!ram_page(pages[k])) {
			zs_report(ZS_ERR, "zslab: vm_map_ram: pages[%u] = %p is no page of RAM",
				  k, (void *)pages[k]);
			return NULL;
		}
	return vm.start ? map_ram_mapped(pages, count) : map_ram_linear(pages, count);
}

void vm_unmap_ram(const void *mem, unsigned int count)
{
	struct page *first = zs_virt_to_page(mem);
	unsigned long i = in_area(mem) ? area_index(mem) : 0;

	if (in_area(mem) && !((uintptr_t)mem & (PAGE_SIZE - 1)) && count < VM_LEN_RAM &&
	    vm.len[i] == (count | VM_LEN_RAM)) {
		vm.len[i] = 0;
		area_retire(i, count, false);
		atomic_fetch_sub(&vm.live, 1);
		return;
	}
	/* ram_backing=anon: a run of RAM pages at their own address */
	if (!vm.start && first && count && !((uintptr_t)mem & (PAGE_SIZE - 1)) &&
	    zs_virt_to_page((const char *)mem + ((unsigned long)count - 1) * PAGE_SIZE) ==
	    first + count - 1)
		return;
	zs_report(ZS_ERR, "zslab: vm_unmap_ram: %p is no vm_map_ram() mapping of %u pages; nothing unmapped",
		  mem, count);
}

/* --- kvmalloc ------------------------------------------------------------ */

/*
 * The kmalloc attempt of the kv family (the kernel's kmalloc_gfp_adjust()):
 * above a page it may fail quietly and at once, since vmalloc follows.
 */
static gfp_t kmalloc_gfp_adjust(gfp_t flags, size_t size)
{
	if (size > PAGE_SIZE) {
		flags |= __GFP_NOWARN;
		if (!(flags & __GFP_RETRY_MAYFAIL))
			flags |= __GFP_NORETRY;
		flags &= ~__GFP_NOFAIL;
	}
	return flags;
}

void *kvmalloc_node(size_t size, gfp_t flags, int node)
{
	void *p;

	if (size <= KMALLOC_MAX_SIZE) {
		p = kmalloc_node(size, kmalloc_gfp_adjust(flags, size), node);
		if (p || size <= PAGE_SIZE)
			return p;
	}
	if (!(flags & __GFP_DIRECT_RECLAIM))
		return NULL;        /* vmalloc may sleep: not for atomic callers */
	if (size > INT_MAX) {
		if (!(flags & __GFP_NOWARN))
			zs_report(ZS_WARN, "zslab: kvmalloc: %zu bytes is more than INT_MAX", size);
		return NULL;
	}
	return __vmalloc(size, flags);
}

void *kvmalloc(size_t size, gfp_t flags)
{
	return kvmalloc_node(size, flags, NUMA_NO_NODE);
}

void *kvzalloc(size_t size, gfp_t flags)
{
	return kvmalloc_node(size, flags | __GFP_ZERO, NUMA_NO_NODE);
}

void *kvzalloc_node(size_t size, gfp_t flags, int node)
{
	return kvmalloc_node(size, flags | __GFP_ZERO, node);
}

void *kvmalloc_array(size_t n, size_t size, gfp_t flags)
{
	size_t bytes;

	if (__builtin_mul_overflow(n, size, &bytes))
		return NULL;
	return kvmalloc(bytes, flags);
}

void *kvcalloc(size_t n, size_t size, gfp_t flags)
{
	return kvmalloc_array(n, size, flags | __GFP_ZERO);
}

void *kvrealloc(const void *p, size_t size, gfp_t flags)
{
	size_t old;
	void *q;

	if (!p || p == ZERO_SIZE_PTR)
		return kvmalloc(size, flags);
	if (!size) {
		kvfree(p);
		return ZERO_SIZE_PTR;
	}
	if (!is_vmalloc_addr(p)) {
		if (size <= KMALLOC_MAX_SIZE) {
			q = krealloc(p, size, kmalloc_gfp_adjust(flags, size));
			if (q)
				return q;
		}
		old = ksize(p);
	} else {
		old = area_pages(p) << PAGE_SHIFT;
		if (size <= old) {
			if (flags & __GFP_ZERO)
				memset((char *)p + size, 0, old - size);
			return (void *)p;
		}
	}
	q = kvmalloc(size, flags);
	if (!q)
		return NULL;
	memcpy(q, p, old < size ? old : size);
	kvfree(p);
	return q;
}

void kvfree(const void *addr)
{
	if (is_vmalloc_addr(addr))
		vfree(addr);
	else
		kfree(addr);
}

void kvfree_sensitive(const void *addr, size_t len)
{
	if (addr) {
		memset((void *)addr, 0, len);
		__asm__ __volatile__("" : : "r"(addr) : "memory");
		kvfree(addr);
	}
}
