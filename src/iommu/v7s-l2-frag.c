/* SPDX-License-Identifier: MIT */
/*
 * v7s-l2-frag.c - the page_frag level-2 table source: 1 KiB fragments of a
 * per-page-table struct page_frag_cache refilled with GFP_DMA32 blocks
 * (the v3 RFC of the DMA32 series), freed with page_frag_free(), plus the
 * bookkeeping that says how much memory the fragments pin: a block goes
 * back to the page allocator only when every fragment of it is free and
 * the cache has moved on to another block.
 *
 * One lock, f->lock (V7S_FRAG in common/lock_rank.h): it serialises the
 * page_frag cache (the kernel's rule: its owner serialises page_frag_alloc
 * on it) and the block list; page_frag calls the page allocator under it.
 */
#include <errno.h>
#include <string.h>

#include <zslab/page_frag.h>
#include <zslab/slab.h>

#include "common/assert.h"
#include "common/lock.h"
#include "common/report.h"
#include "iommu/v7s-l2.h"

/*
 * struct frag_block - one page_frag block that still pins memory.
 * @va:      its first byte.
 * @size:    its bytes (32 KiB, or 4 KiB after a fallback).
 * @live:    L2 tables carved from it and not yet freed.
 * @current: the cache is still carving from it.
 * Invariant: @live > 0 || @current (else the block went back and the
 * record was dropped).
 */
struct frag_block {
	unsigned long va;
	unsigned int size;
	unsigned int live;
	bool current;
};

/*
 * struct v7s_l2_frag - the source's state.
 * @nc:     the fragment cache.
 * @blocks: records sorted by @va, @nr of @cap used.
 * @held:   sum of the records' sizes.
 */
struct v7s_l2_frag {
	zs_spinlock_t lock;
	struct page_frag_cache nc;
	struct frag_block *blocks;
	unsigned int nr, cap;
	size_t held;
};

/* The record whose block holds @addr, or NULL. */
static struct frag_block *find_block(struct v7s_l2_frag *f, unsigned long addr)
{
	unsigned int lo = 0, hi = f->nr;

	while (lo < hi) {
		unsigned int mid = (lo + hi) / 2;
		struct frag_block *b = &f->blocks[mid];

		if (addr < b->va)
			hi = mid;
		else if (addr >= b->va + b->size)
			lo = mid + 1;
		else
			return b;
	}
	return NULL;
}

static void drop_block(struct v7s_l2_frag *f, struct frag_block *b)
{
	unsigned int i = (unsigned int)(b - f->blocks);

	f->held -= b->size;
	memmove(b, b + 1, (f->nr - i - 1) * sizeof(*b));
	f->nr--;
}

static bool add_block(struct v7s_l2_frag *f, unsigned long va, unsigned int size)
{
	unsigned int i = 0;

	if (f->nr == f->cap)
		return false;
	while (i < f->nr && f->blocks[i].va < va)
		i++;
	memmove(&f->blocks[i + 1], &f->blocks[i], (f->nr - i) * sizeof(*f->blocks));
	f->blocks[i] = (struct frag_block){ .va = va, .size = size, .current = true };
	f->nr++;
	f->held += size;
	return true;
}

/*
 * The cache now carves from block @va (0: none): the record that was
 * current no longer is, and goes when no table of it is live; @va gets a
 * record if it has none.  Return: false when the list is full.
 */
static bool set_current(struct v7s_l2_frag *f, unsigned long va, unsigned int size)
{
	for (unsigned int i = 0; i < f->nr; i++) {
		struct frag_block *b = &f->blocks[i];

		if (b->current && b->va != va) {
			b->current = false;
			if (!b->live)
				drop_block(f, b);
			break;
		}
	}
	if (!va || find_block(f, va))
		return true;
	return add_block(f, va, size);
}

int v7s_l2_frag_init(struct v7s_l2_src *src, unsigned int max_tables)
{
	struct v7s_l2_frag *f = kzalloc(sizeof(*f), GFP_KERNEL);

	if (!f)
		return -ENOMEM;
	zs_spin_init(&f->lock, ZS_RANK_V7S_FRAG);
	/* every block with a live table, plus the cache's own */
	f->cap = max_tables + 1;
	if (!max_tables)
		f->cap = 1;
	f->blocks = kcalloc(f->cap, sizeof(*f->blocks), GFP_KERNEL);
	if (!f->blocks) {
		kfree(f);
		return -ENOMEM;
	}
	src->frag = f;
	return 0;
}

void v7s_l2_frag_destroy(struct v7s_l2_src *src)
{
	struct v7s_l2_frag *f = src->frag;

	if (!f)
		return;
	page_frag_cache_drain(&f->nc);
	set_current(f, 0, 0);
	kfree(f->blocks);
	kfree(f);
	src->frag = NULL;
}

void *v7s_l2_frag_alloc(struct v7s_l2_src *src, gfp_t gfp)
{
	struct v7s_l2_frag *f = src->frag;
	gfp_t g = (gfp & ~GFP_ZONEMASK) | GFP_DMA32 | __GFP_ZERO;
	void *t;

	zs_spin_lock(&f->lock);
	t = page_frag_alloc_align(&f->nc, V7S_L2_SIZE, g, V7S_L2_SIZE);
	if (!set_current(f, (unsigned long)f->nc.va, f->nc.size) && t) {
		page_frag_free(t);
		t = NULL;
	}
	if (t)
		find_block(f, (unsigned long)t)->live++;
	zs_spin_unlock(&f->lock);
	/* __GFP_ZERO clears a new block only, not one reused after a drain. */
	if (t)
		memset(t, 0, V7S_L2_SIZE);
	return t;
}

void v7s_l2_frag_free(struct v7s_l2_src *src, void *table)
{
	struct v7s_l2_frag *f = src->frag;
	struct frag_block *b;

	zs_spin_lock(&f->lock);
	b = find_block(f, (unsigned long)table);
	zs_assert(!b || b->live > 0);
	page_frag_free(table);
	if (b && !--b->live && !b->current)
		drop_block(f, b);
	zs_spin_unlock(&f->lock);
}

size_t v7s_l2_frag_held(struct v7s_l2_src *src)
{
	struct v7s_l2_frag *f = src->frag;
	size_t held;

	if (!f)
		return 0;
	zs_spin_lock(&f->lock);
	held = f->held;
	zs_spin_unlock(&f->lock);
	return held;
}
