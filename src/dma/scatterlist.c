/* SPDX-License-Identifier: MIT */
/*
 * scatterlist.c - scatterlists without a device (lib/scatterlist.c):
 * entries, chained arrays, sg_table, tables over page arrays, the page
 * and mapping iterators, and the copies.  Mapping them for a device is
 * direct.c's.  The layout and its invariants are in <zslab/scatterlist.h>.
 */
#include <errno.h>
#include <string.h>

#include <zslab/scatterlist.h>
#include <zslab/slab.h>

#include "common/report.h"

/* ---- entries ---------------------------------------------------------------- */

void sg_init_table(struct scatterlist *sgl, unsigned int nents)
{
	memset(sgl, 0, sizeof(*sgl) * nents);
	if (nents)
		sg_mark_end(&sgl[nents - 1]);
}

void sg_set_page(struct scatterlist *sg, struct page *page, unsigned int len, unsigned int offset)
{
	sg_assign_page(sg, page);
	sg->offset = offset;
	sg->length = len;
}

void sg_set_buf(struct scatterlist *sg, const void *buf, unsigned int buflen)
{
	if (!buf || !virt_addr_valid(buf)) {
		zs_report(ZS_ERR, "sg_set_buf: %p is not in zslab's memory (linear map); "
			  "the entry has no page", buf);
		sg_set_page(sg, NULL, buflen, 0);
		return;
	}
	sg_set_page(sg, virt_to_page(buf), buflen,
		    (unsigned int)((uintptr_t)buf & (PAGE_SIZE - 1)));
}

void sg_init_one(struct scatterlist *sg, const void *buf, unsigned int buflen)
{
	sg_init_table(sg, 1);
	sg_set_buf(sg, buf, buflen);
}

struct scatterlist *sg_next(struct scatterlist *sg)
{
	if (sg_is_last(sg))
		return NULL;
	sg++;
	if (sg_is_chain(sg))
		sg = sg_chain_ptr(sg);
	return sg;
}

void *sg_virt(struct scatterlist *sg)
{
	return (char *)page_address(sg_page(sg)) + sg->offset;
}

phys_addr_t sg_phys(struct scatterlist *sg)
{
	return page_to_phys(sg_page(sg)) + sg->offset;
}

int sg_nents(struct scatterlist *sg)
{
	int n = 0;

	for (; sg; sg = sg_next(sg))
		n++;
	return n;
}

int sg_nents_for_len(struct scatterlist *sg, unsigned long long len)
{
	unsigned long long total = 0;
	int n = 0;

	if (!len)
		return 0;
	for (; sg; sg = sg_next(sg)) {
		n++;
		total += sg->length;
		if (total >= len)
			return n;
	}
	return -EINVAL;
}

struct scatterlist *sg_last(struct scatterlist *sgl, unsigned int nents)
{
	struct scatterlist *sg, *last = NULL;
	unsigned int i;

	for_each_sg(sgl, sg, nents, i) {
		last = sg;
		if (sg_is_last(sg))
			break;
	}
	return last;
}

/* ---- sg_table ------------------------------------------------------------------ */

/*
 * The arrays of a table: every array but the last holds
 * SG_MAX_SINGLE_ALLOC entries, the last of them a chain entry, so an
 * array is full and chained exactly when more than SG_MAX_SINGLE_ALLOC
 * data entries remain from it (a last array may be full of data).
 */
void sg_free_table(struct sg_table *table)
{
	struct scatterlist *sgl = table->sgl;
	unsigned int left = table->orig_nents;

	while (sgl && left) {
		struct scatterlist *next = NULL;
		unsigned int data = left;

		if (left > SG_MAX_SINGLE_ALLOC) {
			next = sg_chain_ptr(&sgl[SG_MAX_SINGLE_ALLOC - 1]);
			data = SG_MAX_SINGLE_ALLOC - 1;
		}
		kfree(sgl);
		left -= data;
		sgl = next;
	}
	memset(table, 0, sizeof(*table));
}

int sg_alloc_table(struct sg_table *table, unsigned int nents, gfp_t gfp)
{
	struct scatterlist *prev = NULL;
	unsigned int left = nents;

	memset(table, 0, sizeof(*table));
	if (!nents)
		return -EINVAL;
	while (left) {
		unsigned int n = left > SG_MAX_SINGLE_ALLOC ? SG_MAX_SINGLE_ALLOC : left;
		unsigned int data = left > SG_MAX_SINGLE_ALLOC ? n - 1 : n;
		struct scatterlist *sg = kmalloc_array(n, sizeof(*sg), gfp);

		if (!sg) {
			sg_free_table(table);   /* orig_nents counts what is chained */
			return -ENOMEM;
		}
		sg_init_table(sg, n);
		if (prev)
			sg_chain(prev, SG_MAX_SINGLE_ALLOC, sg);
		else
			table->sgl = sg;
		table->orig_nents += data;
		left -= data;
		prev = sg;
	}
	table->nents = table->orig_nents;
	return 0;
}

/* Pages from @pages[@i] that are physically contiguous, within @max bytes. */
static unsigned int run_pages(struct page **pages, unsigned int i, unsigned int n_pages,
			      unsigned long max)
{
	unsigned int j = i + 1;

	while (j < n_pages && (unsigned long)(j - i + 1) * PAGE_SIZE <= max &&
	       page_to_pfn(pages[j]) == page_to_pfn(pages[j - 1]) + 1)
		j++;
	return j - i;
}

static bool from_pages_ok(struct page **pages, unsigned int n_pages, unsigned int offset,
			  unsigned long size, unsigned long max_segment)
{
	const char *why = NULL;

	if (max_segment < PAGE_SIZE)
		why = "a segment limit below one page";
	else if (!pages || !n_pages)
		why = "no pages";
	else if (offset >= PAGE_SIZE)
		why = "an offset beyond the first page";
	else if (size > (unsigned long)n_pages * PAGE_SIZE - offset)
		why = "more bytes than the pages hold";
	if (!why)
		return true;
	zs_report(ZS_ERR, "sg_alloc_table_from_pages_segment: %s (%u pages, offset %u, "
		  "size %lu, max_segment %lu): -EINVAL", why, n_pages, offset, size, max_segment);
	return false;
}

int sg_alloc_table_from_pages_segment(struct sg_table *sgt, struct page **pages,
				      unsigned int n_pages, unsigned int offset,
				      unsigned long size, unsigned int max_segment, gfp_t gfp)
{
	unsigned long max = (unsigned long)max_segment & PAGE_MASK;
	unsigned int i, chunks = 0;
	struct scatterlist *sg;
	int ret;

	memset(sgt, 0, sizeof(*sgt));
	if (!from_pages_ok(pages, n_pages, offset, size, max))
		return -EINVAL;
	for (i = 0; i < n_pages; i += run_pages(pages, i, n_pages, max))
		chunks++;
	ret = sg_alloc_table(sgt, chunks, gfp);
	if (ret)
		return ret;
	sg = sgt->sgl;
	for (i = 0; i < n_pages; sg = sg_next(sg)) {
		unsigned int run = run_pages(pages, i, n_pages, max);
		unsigned long len = (unsigned long)run * PAGE_SIZE - offset;

		if (len > size)
			len = size;
		sg_set_page(sg, pages[i], (unsigned int)len, offset);
		size -= len;
		offset = 0;
		i += run;
	}
	return 0;
}

/* ---- page iterators ------------------------------------------------------------ */

static unsigned int sg_pages(const struct scatterlist *sg, unsigned int len)
{
	return (unsigned int)((((unsigned long)sg->offset + len + PAGE_SIZE - 1) >> PAGE_SHIFT));
}

void __sg_page_iter_start(struct sg_page_iter *piter, struct scatterlist *sglist,
			  unsigned int nents, unsigned long pgoffset)
{
	piter->sg = sglist;
	piter->sg_pgoffset = (unsigned int)pgoffset;
	piter->__nents = nents;
	piter->__pg_advance = 0;
}

/* Step @piter to its next page, entries measured by @dma (the mapped lengths). */
static bool page_iter_next(struct sg_page_iter *piter, bool dma)
{
	if (!piter->__nents || !piter->sg)
		return false;
	piter->sg_pgoffset += (unsigned int)piter->__pg_advance;
	piter->__pg_advance = 1;
	for (;;) {
		unsigned int pages = sg_pages(piter->sg, dma ? sg_dma_len(piter->sg) :
						      piter->sg->length);

		if (piter->sg_pgoffset < pages)
			break;
		piter->sg_pgoffset -= pages;
		piter->sg = sg_next(piter->sg);
		if (!--piter->__nents || !piter->sg)
			return false;
	}
	return true;
}

bool __sg_page_iter_next(struct sg_page_iter *piter)
{
	return page_iter_next(piter, false);
}

bool __sg_page_iter_dma_next(struct sg_dma_page_iter *dma_iter)
{
	return page_iter_next(&dma_iter->base, true);
}

struct page *sg_page_iter_page(struct sg_page_iter *piter)
{
	return pfn_to_page(page_to_pfn(sg_page(piter->sg)) + piter->sg_pgoffset);
}

dma_addr_t sg_page_iter_dma_address(struct sg_dma_page_iter *dma_iter)
{
	return sg_dma_address(dma_iter->base.sg) +
	       ((dma_addr_t)dma_iter->base.sg_pgoffset << PAGE_SHIFT);
}

/* ---- the mapping iterator ------------------------------------------------------- */

void sg_miter_start(struct sg_mapping_iter *miter, struct scatterlist *sgl,
		    unsigned int nents, unsigned int flags)
{
	memset(miter, 0, sizeof(*miter));
	__sg_page_iter_start(&miter->piter, sgl, nents, 0);
	miter->__flags = flags;
}

/*
 * Make the current page piece the next one holding data: page k of an
 * entry covers entry bytes [k * PAGE_SIZE, (k + 1) * PAGE_SIZE), its data
 * [offset, offset + length); the piece is their overlap.
 */
static bool miter_get_next_page(struct sg_mapping_iter *miter)
{
	while (!miter->__remaining) {
		struct scatterlist *sg;
		unsigned long pg, from, to;

		if (!__sg_page_iter_next(&miter->piter))
			return false;
		sg = miter->piter.sg;
		pg = (unsigned long)miter->piter.sg_pgoffset << PAGE_SHIFT;
		from = sg->offset > pg ? sg->offset : pg;
		to = (unsigned long)sg->offset + sg->length;
		if (to > pg + PAGE_SIZE)
			to = pg + PAGE_SIZE;
		if (from < to) {
			miter->__offset = (unsigned int)(from - pg);
			miter->__remaining = (unsigned int)(to - from);
		}
	}
	return true;
}

void sg_miter_stop(struct sg_mapping_iter *miter)
{
	if (miter->addr) {
		miter->__offset += (unsigned int)miter->consumed;
		miter->__remaining -= (unsigned int)miter->consumed;
	}
	miter->page = NULL;
	miter->addr = NULL;
	miter->length = 0;
	miter->consumed = 0;
}

bool sg_miter_skip(struct sg_mapping_iter *miter, off_t offset)
{
	sg_miter_stop(miter);
	while (offset > 0) {
		unsigned int step;

		if (!miter_get_next_page(miter))
			return false;
		step = (off_t)miter->__remaining < offset ? miter->__remaining :
							    (unsigned int)offset;
		miter->__offset += step;
		miter->__remaining -= step;
		offset -= step;
	}
	return true;
}

bool sg_miter_next(struct sg_mapping_iter *miter)
{
	sg_miter_stop(miter);
	if (!miter_get_next_page(miter))
		return false;
	miter->page = sg_page_iter_page(&miter->piter);
	miter->addr = (char *)page_address(miter->page) + miter->__offset;
	miter->length = miter->__remaining;
	miter->consumed = miter->length;
	return true;
}

/* ---- copies --------------------------------------------------------------------- */

enum sg_copy { SG_TO_BUFFER, SG_FROM_BUFFER, SG_ZERO };

/* Move @buflen bytes between the list, from @skip, and @buf (or zero them). */
static size_t copy_buffer(struct scatterlist *sgl, unsigned int nents, void *buf,
			  size_t buflen, off_t skip, enum sg_copy how)
{
	struct sg_mapping_iter m;
	size_t done = 0;

	sg_miter_start(&m, sgl, nents, SG_MITER_ATOMIC |
		       (how == SG_TO_BUFFER ? SG_MITER_FROM_SG : SG_MITER_TO_SG));
	if (!sg_miter_skip(&m, skip))
		return 0;
	while (done < buflen && sg_miter_next(&m)) {
		size_t len = m.length < buflen - done ? m.length : buflen - done;

		if (how == SG_TO_BUFFER)
			memcpy((char *)buf + done, m.addr, len);
		else if (how == SG_FROM_BUFFER)
			memcpy(m.addr, (const char *)buf + done, len);
		else
			memset(m.addr, 0, len);
		m.consumed = len;
		done += len;
	}
	sg_miter_stop(&m);
	return done;
}

size_t sg_copy_from_buffer(struct scatterlist *sgl, unsigned int nents,
			   const void *buf, size_t buflen)
{
	return copy_buffer(sgl, nents, (void *)buf, buflen, 0, SG_FROM_BUFFER);
}

size_t sg_copy_to_buffer(struct scatterlist *sgl, unsigned int nents, void *buf, size_t buflen)
{
	return copy_buffer(sgl, nents, buf, buflen, 0, SG_TO_BUFFER);
}

size_t sg_pcopy_from_buffer(struct scatterlist *sgl, unsigned int nents,
			    const void *buf, size_t buflen, off_t skip)
{
	return copy_buffer(sgl, nents, (void *)buf, buflen, skip, SG_FROM_BUFFER);
}

size_t sg_pcopy_to_buffer(struct scatterlist *sgl, unsigned int nents,
			  void *buf, size_t buflen, off_t skip)
{
	return copy_buffer(sgl, nents, buf, buflen, skip, SG_TO_BUFFER);
}

size_t sg_zero_buffer(struct scatterlist *sgl, unsigned int nents, size_t buflen, off_t skip)
{
	return copy_buffer(sgl, nents, NULL, buflen, skip, SG_ZERO);
}
