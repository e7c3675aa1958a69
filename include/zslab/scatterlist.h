/* SPDX-License-Identifier: MIT */
/*
 * zslab/scatterlist.h - scatterlists with the kernel's layout and names
 * (include/linux/scatterlist.h, lib/scatterlist.c): entries whose
 * page_link holds the page and two mark bits, chained tables, sg_table,
 * tables built from page arrays, page iterators, the mapping iterator and
 * the copy helpers.  The DMA calls on them are in <zslab/dma.h>.
 *
 * An entry describes @length bytes from @offset into its page; the bytes
 * of one entry are physically contiguous, so they are contiguous in the
 * host too (zslab's RAM is one linear mapping per range).  A table is an
 * array of entries; its last entry carries SG_END.  Chained tables link
 * arrays: the last slot of an array is then a chain entry (SG_CHAIN, the
 * next array's address in page_link, no data) that sg_next() steps over.
 *
 * Invariants: page_link's low two bits are the marks and the rest a
 * struct page pointer (or, with SG_CHAIN, the next array); a chain entry
 * has offset 0 and length 0 and never carries SG_END; an sg_table's
 * orig_nents counts its data entries (chain entries excluded) and nents
 * those a DMA mapping produced (equal to orig_nents until mapped).
 */
#ifndef ZSLAB_SCATTERLIST_H
#define ZSLAB_SCATTERLIST_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <zslab/gfp.h>
#include <zslab/mm.h>

#pragma GCC visibility push(default)

#ifdef __cplusplus
extern "C" {
#endif

/**
 * struct scatterlist - one piece of a scattered buffer.
 * @page_link:   the page, with SG_CHAIN and SG_END in the low bits.
 * @offset:      bytes into the page.
 * @length:      bytes.
 * @dma_address: the bus address dma_map_sg() gave it.
 * @dma_length:  the mapped length.
 */
struct scatterlist {
	unsigned long page_link;
	unsigned int offset;
	unsigned int length;
	dma_addr_t dma_address;
	unsigned int dma_length;
};

/** SG_CHAIN - page_link points to the next array, not to a page. */
#define SG_CHAIN 0x01UL
/** SG_END - the last entry of the list. */
#define SG_END 0x02UL
/** SG_PAGE_LINK_MASK - the mark bits of page_link. */
#define SG_PAGE_LINK_MASK (SG_CHAIN | SG_END)

/** SG_MAX_SINGLE_ALLOC - entries of one array of sg_alloc_table(): a page's worth. */
#define SG_MAX_SINGLE_ALLOC (PAGE_SIZE / sizeof(struct scatterlist))

#define sg_dma_address(sg) ((sg)->dma_address)
#define sg_dma_len(sg)     ((sg)->dma_length)

/** sg_is_chain() - is @sg a chain entry? */
#define sg_is_chain(sg) (((sg)->page_link & SG_CHAIN) != 0)
/** sg_is_last() - is @sg the last entry? */
#define sg_is_last(sg) (((sg)->page_link & SG_END) != 0)
/** sg_chain_ptr() - the array a chain entry points to. */
#define sg_chain_ptr(sg) ((struct scatterlist *)((sg)->page_link & ~SG_PAGE_LINK_MASK))

/** sg_page() - @sg's page (NULL when none was set). @sg: a data entry. */
static inline struct page *sg_page(struct scatterlist *sg)
{
	return (struct page *)(sg->page_link & ~SG_PAGE_LINK_MASK);
}

/** sg_assign_page() - set @sg's page, keeping its marks. @sg: entry. @page: the page. */
static inline void sg_assign_page(struct scatterlist *sg, struct page *page)
{
	sg->page_link = (sg->page_link & SG_PAGE_LINK_MASK) | (unsigned long)page;
}

/** sg_mark_end() - make @sg the last entry (it is no chain entry after). @sg: entry. */
static inline void sg_mark_end(struct scatterlist *sg)
{
	sg->page_link = (sg->page_link | SG_END) & ~SG_CHAIN;
}

/** sg_unmark_end() - @sg is no longer the last entry. @sg: entry. */
static inline void sg_unmark_end(struct scatterlist *sg)
{
	sg->page_link &= ~SG_END;
}

/**
 * sg_chain() - link array @prv to array @sgl.
 * @prv:       the first array.
 * @prv_nents: its entries, counting the last one, which becomes the chain
 *             entry (it must hold no data).
 * @sgl:       the next array.
 */
static inline void sg_chain(struct scatterlist *prv, unsigned int prv_nents,
			    struct scatterlist *sgl)
{
	struct scatterlist *c = &prv[prv_nents - 1];

	c->offset = 0;
	c->length = 0;
	c->page_link = (unsigned long)sgl | SG_CHAIN;
}

/** sg_init_table() - zero @nents entries and mark the last. @sgl: the array. @nents: entries. */
void sg_init_table(struct scatterlist *sgl, unsigned int nents);
/** sg_init_one() - a one-entry table of @buflen bytes at @buf. @sg: the entry. @buf: zslab memory. @buflen: bytes. */
void sg_init_one(struct scatterlist *sg, const void *buf, unsigned int buflen);
/** sg_set_page() - point @sg at @len bytes at @offset in @page. @sg: entry. @page: page. @len: bytes. @offset: offset. */
void sg_set_page(struct scatterlist *sg, struct page *page, unsigned int len, unsigned int offset);
/**
 * sg_set_buf() - point @sg at @buflen bytes of zslab memory at @buf.
 * @sg: entry. @buf: memory. @buflen: bytes.
 *
 * Memory outside zslab's RAM (the kernel's BUG under CONFIG_DEBUG_SG) is
 * reported and leaves @sg without a page, so mapping it fails.
 */
void sg_set_buf(struct scatterlist *sg, const void *buf, unsigned int buflen);
/** sg_next() - the next data entry, stepping over chain entries; NULL after the last. @sg: an entry. Return: the next. */
struct scatterlist *sg_next(struct scatterlist *sg);
/** sg_virt() - the CPU address of @sg's data. @sg: an entry with a page. Return: the address. */
void *sg_virt(struct scatterlist *sg);
/** sg_phys() - the physical address of @sg's data. @sg: an entry with a page. Return: the address. */
phys_addr_t sg_phys(struct scatterlist *sg);
/** sg_nents() - the data entries from @sg to the end. @sg: a list. Return: the count. */
int sg_nents(struct scatterlist *sg);
/**
 * sg_nents_for_len() - how many entries from @sg hold @len bytes.
 * @sg: a list. @len: bytes.
 *
 * Return: the count (0 for @len 0); -EINVAL when the list is shorter.
 */
int sg_nents_for_len(struct scatterlist *sg, unsigned long long len);
/** sg_last() - entry @nents of @sgl, or its last if shorter. @sgl: a list. @nents: entries. Return: the entry. */
struct scatterlist *sg_last(struct scatterlist *sgl, unsigned int nents);

#define for_each_sg(sglist, sg, nr, __i) \
	for ((__i) = 0, (sg) = (sglist); (__i) < (nr); (__i)++, (sg) = sg_next(sg))

/* ---- sg_table ----------------------------------------------------------- */

/**
 * struct sg_table - a chained list and its counts.
 * @sgl:        the first array.
 * @nents:      entries as mapped (dma_map_sgtable()).
 * @orig_nents: data entries.
 */
struct sg_table {
	struct scatterlist *sgl;
	unsigned int nents;
	unsigned int orig_nents;
};

/**
 * sg_alloc_table() - a table of @nents entries, in arrays of
 * SG_MAX_SINGLE_ALLOC chained together.
 * @table: filled in (zeroed first).
 * @nents: data entries, at least 1.
 * @gfp:   for the arrays (kmalloc).
 *
 * Return: 0; -EINVAL for 0 entries; -ENOMEM, with nothing kept.
 */
int sg_alloc_table(struct sg_table *table, unsigned int nents, gfp_t gfp);
/** sg_free_table() - free @table's arrays and zero it (a zeroed table is fine). @table: the table. */
void sg_free_table(struct sg_table *table);
/**
 * sg_alloc_table_from_pages_segment() - a table of @size bytes over
 * @pages, one entry per run of physically contiguous pages of at most
 * @max_segment bytes.
 * @sgt:         filled in.
 * @pages:       the pages.
 * @n_pages:     how many.
 * @offset:      where the data begins in the first page (below PAGE_SIZE).
 * @size:        bytes; they must fit in the pages after @offset.
 * @max_segment: an entry's largest size, rounded down to pages.
 * @gfp:         for the arrays.
 *
 * Return: 0; -EINVAL (reported) for a segment below a page, no pages or
 * a size or offset the pages cannot hold; -ENOMEM.
 */
int sg_alloc_table_from_pages_segment(struct sg_table *sgt, struct page **pages,
				      unsigned int n_pages, unsigned int offset,
				      unsigned long size, unsigned int max_segment, gfp_t gfp);

/** sg_alloc_table_from_pages() - the same without a segment limit. */
static inline int sg_alloc_table_from_pages(struct sg_table *sgt, struct page **pages,
					    unsigned int n_pages, unsigned int offset,
					    unsigned long size, gfp_t gfp)
{
	return sg_alloc_table_from_pages_segment(sgt, pages, n_pages, offset, size,
						 0xffffffffu, gfp);
}

#define for_each_sgtable_sg(sgt, sg, i) for_each_sg((sgt)->sgl, sg, (sgt)->orig_nents, i)
#define for_each_sgtable_dma_sg(sgt, sg, i) for_each_sg((sgt)->sgl, sg, (sgt)->nents, i)

/* ---- page iterators ----------------------------------------------------- */

/**
 * struct sg_page_iter - the pages of a list, one by one.
 * @sg:          the current entry.
 * @sg_pgoffset: the page's index from the entry's first page.
 * @__nents:     entries left (private).
 * @__pg_advance: pages to step at the next call (private).
 */
struct sg_page_iter {
	struct scatterlist *sg;
	unsigned int sg_pgoffset;
	unsigned int __nents;
	int __pg_advance;
};

/** struct sg_dma_page_iter - the same over the mapped (DMA) lengths. @base: the iterator. */
struct sg_dma_page_iter {
	struct sg_page_iter base;
};

/** __sg_page_iter_start() - begin at page @pgoffset of @sglist's @nents entries. */
void __sg_page_iter_start(struct sg_page_iter *piter, struct scatterlist *sglist,
			  unsigned int nents, unsigned long pgoffset);
/** __sg_page_iter_next() - step to the next page. Return: false at the end. */
bool __sg_page_iter_next(struct sg_page_iter *piter);
/** __sg_page_iter_dma_next() - step to the next page of the mapped lengths. Return: false at the end. */
bool __sg_page_iter_dma_next(struct sg_dma_page_iter *dma_iter);
/** sg_page_iter_page() - the current page. */
struct page *sg_page_iter_page(struct sg_page_iter *piter);
/** sg_page_iter_dma_address() - the current page's bus address. */
dma_addr_t sg_page_iter_dma_address(struct sg_dma_page_iter *dma_iter);

#define for_each_sg_page(sglist, piter, nents, pgoffset)                     \
	for (__sg_page_iter_start((piter), (sglist), (nents), (pgoffset));  \
	     __sg_page_iter_next(piter);)
#define for_each_sg_dma_page(sglist, dma_iter, dma_nents, pgoffset)                   \
	for (__sg_page_iter_start(&(dma_iter)->base, (sglist), (dma_nents), (pgoffset)); \
	     __sg_page_iter_dma_next(dma_iter);)
#define for_each_sgtable_page(sgt, piter, pgoffset) \
	for_each_sg_page((sgt)->sgl, piter, (sgt)->orig_nents, pgoffset)
#define for_each_sgtable_dma_page(sgt, dma_iter, pgoffset) \
	for_each_sg_dma_page((sgt)->sgl, dma_iter, (sgt)->nents, pgoffset)

/* ---- the mapping iterator and copies ------------------------------------ */

#define SG_MITER_ATOMIC  (1u << 0)  /* no sleeping between next and stop */
#define SG_MITER_TO_SG   (1u << 1)  /* the caller writes the list */
#define SG_MITER_FROM_SG (1u << 2)  /* the caller reads the list */

/**
 * struct sg_mapping_iter - a list's bytes, one page piece at a time.
 * @page:     the current page.
 * @addr:     the current piece.
 * @length:   its bytes.
 * @consumed: how many the caller used; set it lower than @length and the
 *            next sg_miter_next() returns the rest.
 * @piter:    the page iterator (private, as the fields below).
 */
struct sg_mapping_iter {
	struct page *page;
	void *addr;
	size_t length;
	size_t consumed;
	struct sg_page_iter piter;
	unsigned int __offset;
	unsigned int __remaining;
	unsigned int __flags;
};

/** sg_miter_start() - begin at @sgl's first byte. @miter: the iterator. @sgl: the list. @nents: entries. @flags: SG_MITER_*. */
void sg_miter_start(struct sg_mapping_iter *miter, struct scatterlist *sgl,
		    unsigned int nents, unsigned int flags);
/** sg_miter_skip() - step over @offset bytes. Return: false when the list ends first. */
bool sg_miter_skip(struct sg_mapping_iter *miter, off_t offset);
/** sg_miter_next() - the next piece in @miter's fields. Return: false at the end. */
bool sg_miter_next(struct sg_mapping_iter *miter);
/** sg_miter_stop() - end the current piece (counting @consumed). @miter: the iterator. */
void sg_miter_stop(struct sg_mapping_iter *miter);

/** sg_copy_from_buffer() - copy @buflen bytes of @buf into the list. Return: bytes copied. */
size_t sg_copy_from_buffer(struct scatterlist *sgl, unsigned int nents,
			   const void *buf, size_t buflen);
/** sg_copy_to_buffer() - copy up to @buflen bytes of the list into @buf. Return: bytes copied. */
size_t sg_copy_to_buffer(struct scatterlist *sgl, unsigned int nents,
			 void *buf, size_t buflen);
/** sg_pcopy_from_buffer() - the same, @skip bytes into the list. Return: bytes copied. */
size_t sg_pcopy_from_buffer(struct scatterlist *sgl, unsigned int nents,
			    const void *buf, size_t buflen, off_t skip);
/** sg_pcopy_to_buffer() - the same, @skip bytes into the list. Return: bytes copied. */
size_t sg_pcopy_to_buffer(struct scatterlist *sgl, unsigned int nents,
			  void *buf, size_t buflen, off_t skip);
/** sg_zero_buffer() - zero @buflen bytes of the list from @skip. Return: bytes zeroed. */
size_t sg_zero_buffer(struct scatterlist *sgl, unsigned int nents, size_t buflen, off_t skip);

#ifdef __cplusplus
}
#endif

#pragma GCC visibility pop

#endif
