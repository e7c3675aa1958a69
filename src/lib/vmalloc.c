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
 *	vm.len[i]  n when an area of n pages starts at page i, else 0
 *
 * Invariants: for an area starting at i with n = vm.len[i] > 0,
 * vm.map[i .. i+n-1] are its pages, each allocated with PG_vmalloc set,
 * vm.map[i+n] is NULL (the guard), vm.len[i+1 .. i+n] are 0, and the
 * bits [i, i+n+1) of vm.used are set; vm.live counts the areas.  vfree()
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
 * names ram_backing=memfd.
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

static struct {
	char *start;            /* NULL: no area (anon, or not booted) */
	unsigned long pages;    /* size of the area in pages */
	struct page **map;
	uint32_t *len;
	unsigned long *used;    /* bit i: page i of the area is taken */
	unsigned long hint;     /* where the next search starts */
	atomic_long live;
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

/* First index of @n free pages in [@from, @to), or -1 (vm_lock held). */
static long find_run(unsigned long from, unsigned long to, unsigned long n)
{
	unsigned long run = 0;

	for (unsigned long i = from; i < to;) {
		if (!(i % BITS) && vm.used[i / BITS] == ~0UL) {
			run = 0;            /* a full word: skip it */
			i += BITS;
			continue;
		}
		run = used_bit(i) ? 0 : run + 1;
		i++;
		if (run == n)
			return (long)(i - n);
	}
	return -1;
}

/* Claim @n pages of the area (next fit, wrapping once); -1 when full. */
static long area_claim(unsigned long n)
{
	long i;

	zs_spin_lock(&vm_lock);
	i = find_run(vm.hint, vm.pages, n);
	if (i < 0)
		i = find_run(0, vm.pages, n);
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

static void put_vm_page(struct page *page)
{
	pg_set_flags(page, pg_flags(page) & ~PG_vmalloc);
	__free_pages(page, 0);
}

/* Map vm.map[i .. i+n-1] at their area addresses, one call per run. */
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
		if (zs_host_map_file(vm.start + ((i + k) << PAGE_SHIFT), run << PAGE_SHIFT,
				     rr->fd, off))
			return -ENOMEM;
	}
	return 0;
}

/* ram_backing=memfd: n order-0 pages mapped again in the vmalloc area. */
static void *vmalloc_mapped(unsigned long size, unsigned long n, gfp_t gfp)
{
	long claim = area_claim(n + 1);
	unsigned long addr, i, k;
	int err = 0;

	if (claim < 0)
		return vm_fail(gfp, size, "vm_struct allocation failed");
	i = (unsigned long)claim;
	addr = (unsigned long)(vm.start + (i << PAGE_SHIFT));
	for (k = 0; k < n; k++) {
		struct page *page = alloc_pages(gfp | __GFP_NOWARN, 0);
		if (!page)
			break;
		pg_set_flags(page, pg_flags(page) | PG_vmalloc);
		vm.map[i + k] = page;
	}
	if (k == n)
		err = map_area(i, n);
	if (k < n || err) {
		zs_host_clear_none((void *)addr, n << PAGE_SHIFT);
		while (k--) {
			put_vm_page(vm.map[i + k]);
			vm.map[i + k] = NULL;
		}
		area_release(i, n + 1);
		return vm_fail(gfp, size, err == -EXDEV ?
			       "a page of caller-supplied RAM cannot be mapped twice" :
			       err ? "the host refused the mapping" :
			       "failed to allocate pages");
	}
	vm.len[i] = (uint32_t)n;
	atomic_fetch_add(&vm.live, 1);
	return (void *)addr;
}

/* ram_backing=anon: one contiguous run of n order-0 pages. */
static void *vmalloc_linear(unsigned long size, unsigned long n, gfp_t gfp)
{
	unsigned int order = (unsigned int)get_order(n << PAGE_SHIFT);
	struct page *page;

	if (order >= MAX_ORDER)
		return vm_fail(gfp, size, "more than one 4 MiB block, and RAM is not a memory file (boot with ram_backing=memfd)");
	page = alloc_pages(gfp | __GFP_NOWARN, order);
	if (!page)
		return vm_fail(gfp, size, "failed to allocate pages");
	split_page(page, order);
	for (unsigned long k = n; k < (1UL << order); k++)
		__free_pages(page + k, 0);
	for (unsigned long k = 0; k < n; k++)
		pg_set_flags(page + k, pg_flags(page + k) | PG_vmalloc);
	page->objects = (uint32_t)n;
	return zs_page_address(page);
}

void *__vmalloc(unsigned long size, gfp_t gfp_mask)
{
	unsigned long n = (size + PAGE_SIZE - 1) >> PAGE_SHIFT;
	unsigned long ram = 0;

	if (!size)
		return vm_fail(gfp_mask, size, "vm_struct allocation failed");
	if (!zs_nr_ranges)
		zs_lazy_boot();
	for (unsigned int r = 0; r < zs_nr_ranges; r++)
		ram += zs_ranges[r].pfn_end - zs_ranges[r].pfn_start;
	if (n > ram || n > UINT32_MAX)
		return vm_fail(gfp_mask, size, "exceeds total pages");
	if (!zs_host_can_commit(n << PAGE_SHIFT))
		return vm_fail(gfp_mask, size, "more than the host would commit");
	gfp_mask &= ~(__GFP_COMP | __GFP_NOFAIL);
	return vm.start ? vmalloc_mapped(size, n, gfp_mask)
			: vmalloc_linear(size, n, gfp_mask);
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
	if (in_area(addr))
		return vm.len[area_index(addr)];
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
		zs_host_clear_none((void *)addr, n << PAGE_SHIFT);
		for (unsigned long k = 0; k < n; k++) {
			put_vm_page(vm.map[i + k]);
			vm.map[i + k] = NULL;
		}
		area_release(i, n + 1);
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
