/* SPDX-License-Identifier: MIT */
/*
 * page_frag.c - the kernel's page fragment allocator, as mm/page_alloc.c
 * had it up to 6.x: fragments carved downwards from the end of a block,
 * one reference per fragment, a large bias held by the cache.
 *
 * No locks.  The caller serialises the calls on one cache; page_frag_free()
 * may run on any thread at any time.  They meet only on the block's
 * reference count, which every party changes with one atomic
 * read-modify-write:
 *
 *  - the cache takes a block with refcount = BIAS and pagecnt_bias = BIAS;
 *    each fragment handed out costs one pagecnt_bias, not a refcount change;
 *  - page_frag_free() subtracts 1; the cache, when it lets go of the
 *    block, subtracts what is left of its bias;
 *  - whoever brings the count to 0 owns the block alone: the cache reuses
 *    it from the end, a freeing thread gives it back to the page allocator.
 *    The subtractions are acquire-release, so the last owner sees every
 *    write the others made to their fragments.
 *
 * Block representation: the block is an allocated block (order 3 and
 * compound for a __GFP_COMP refill, else one page) whose head carries
 * PG_frag; its reference count is the page's own (page_ref.c), so
 * get_page()/put_page() on a fragment's page work as in the kernel, and a
 * fragment's block is found with compound_head().  PG_frag is set before
 * any fragment exists and goes with the block, so page_frag_free() on a
 * live fragment always finds it, and a stale address after the block
 * went back is reported instead of corrupting whatever the page became.
 */
#include <stdint.h>
#include <string.h>

#include <zslab/page_frag.h>

#include "common/report.h"
#include "mm/mm_internal.h"
#include "mm/page_alloc.h"

/* The cache's share of a new block: more than fragments can ever take. */
#define PAGE_FRAG_BIAS (PAGE_FRAG_CACHE_MAX_SIZE + 1u)

/* --- the block's marks and reference count ------------------------------ */

/* Make the allocated block at @head a fragment block with count BIAS. */
static void frag_block_mark(struct page *head)
{
	set_page_count(head, PAGE_FRAG_BIAS);
	pg_set_flags(head, pg_flags(head) | PG_frag);
}

/* Take the mark off a block whose count reached 0 and free it. */
static void frag_block_release(struct page *head)
{
	pg_set_flags(head, pg_flags(head) & ~PG_frag);
	zs_free_pages(head, head->order);
}

/* Drop @nr references to the block at @head; true when none is left. */
static bool frag_ref_sub_and_test(struct page *head, unsigned int nr)
{
	return page_ref_sub_and_test(head, (int)nr);
}

/* --- the cache ---------------------------------------------------------- */

/*
 * Get a new block for @nc: an order-3 compound block without warnings,
 * retries or reserves, else one page with the caller's @gfp.
 */
static struct page *frag_cache_refill(struct page_frag_cache *nc, gfp_t gfp)
{
	gfp_t big = gfp | __GFP_COMP | __GFP_NOWARN | __GFP_NORETRY |
		    __GFP_NOMEMALLOC;
	struct page *page = alloc_pages(big, PAGE_FRAG_CACHE_MAX_ORDER);

	nc->size = page ? PAGE_FRAG_CACHE_MAX_SIZE : PAGE_SIZE;
	if (!page)
		page = alloc_pages(gfp, 0);
	nc->va = page ? zs_page_address(page) : NULL;
	return page;
}

/* Start handing out fragments from the end of the cache's block. */
static void frag_cache_reset(struct page_frag_cache *nc)
{
	nc->pagecnt_bias = PAGE_FRAG_BIAS;
	nc->offset = nc->size;
}

/* Give @nc a new block; false (and no block) when memory is short. */
static bool frag_cache_new_block(struct page_frag_cache *nc, gfp_t gfp)
{
	struct page *head = frag_cache_refill(nc, gfp);

	if (!head)
		return false;
	frag_block_mark(head);
	nc->pfmemalloc = false;
	frag_cache_reset(nc);
	return true;
}

/*
 * The current block has no room for @fragsz: let go of it.  Return true
 * when the cache may go on carving the same block (every fragment of it
 * was already freed); false when the block was left to its fragments.
 */
static bool frag_cache_recycle(struct page_frag_cache *nc)
{
	struct page *head = zs_virt_to_page(nc->va);

	if (!frag_ref_sub_and_test(head, nc->pagecnt_bias))
		return false;
	/* Ours alone: reuse it from the end, with a fresh bias. */
	set_page_count(head, PAGE_FRAG_BIAS);
	frag_cache_reset(nc);
	return true;
}

/* Round a bad alignment up to a power of two, warning once. */
static unsigned int frag_align(unsigned int align)
{
	static int warned;
	unsigned int fixed;

	if (align && !(align & (align - 1)))
		return align;
	if (align > 1u << 31)
		fixed = 1u << 31;
	else
		fixed = align <= 1 ? 1 : 1u << (32 - __builtin_clz(align - 1));
	if (!__atomic_exchange_n(&warned, 1, __ATOMIC_RELAXED))
		zs_warn("page_frag_alloc_align: align %u is not a power of two; using %u",
			align, fixed);
	return fixed;
}

void *page_frag_alloc_align(struct page_frag_cache *nc, unsigned int fragsz,
			    gfp_t gfp, unsigned int align)
{
	unsigned int offset;

	if (!fragsz) {
		zs_warn("page_frag_alloc: a fragment of 0 bytes; nothing allocated");
		return NULL;
	}
	align = frag_align(align);
	if (!nc->va && !frag_cache_new_block(nc, gfp))
		return NULL;
	/* No room: reuse the block if all of it came back, else a new one. */
	if (fragsz > nc->offset && !frag_cache_recycle(nc) &&
	    !frag_cache_new_block(nc, gfp))
		return NULL;
	if (fragsz > nc->offset)
		return NULL;   /* bigger than a whole block: the block is kept */
	nc->pagecnt_bias--;
	offset = (nc->offset - fragsz) & ~(align - 1);
	nc->offset = offset;
	return (char *)nc->va + offset;
}

void *page_frag_alloc(struct page_frag_cache *nc, unsigned int fragsz, gfp_t gfp)
{
	return page_frag_alloc_align(nc, fragsz, gfp, 1);
}

/* The head page of the fragment block holding @addr, or NULL (reported). */
static struct page *frag_head_of(const void *addr)
{
	struct page *page = addr ? zs_virt_to_page(addr) : NULL;
	struct page *head = page ? compound_head(page) : NULL;

	if (!head || !(pg_flags(head) & PG_frag)) {
		zs_warn("page_frag_free: %p is not in a page fragment block; ignored",
			addr);
		return NULL;
	}
	return head;
}

void page_frag_free(void *addr)
{
	struct page *head = frag_head_of(addr);

	if (head && frag_ref_sub_and_test(head, 1))
		frag_block_release(head);
}

void page_frag_cache_drain(struct page_frag_cache *nc)
{
	if (nc->va) {
		struct page *head = zs_virt_to_page(nc->va);

		if (frag_ref_sub_and_test(head, nc->pagecnt_bias))
			frag_block_release(head);
	}
	memset(nc, 0, sizeof(*nc));
}
