/* SPDX-License-Identifier: MIT */
/*
 * test_scatterlist.c - scatterlists (src/dma/scatterlist.c) and their
 * DMA mapping:
 *  - the kernel's layout: page_link holds the page and SG_END/SG_CHAIN;
 *    sg_chain() links arrays and sg_next() steps over the chain entry;
 *    sg_nents, sg_nents_for_len (-EINVAL when short), sg_last;
 *  - sg_alloc_table() of 1, 127, 128, 129, 300 and 1000 entries: arrays
 *    of SG_MAX_SINGLE_ALLOC chained, every entry reached once; a failure
 *    at any array (fail-nth) is -ENOMEM with nothing kept; 0 entries is
 *    -EINVAL;
 *  - sg_alloc_table_from_pages(_segment): contiguous pages merge into one
 *    entry up to max_segment, others do not; offset and size shape the
 *    first and last entries; bad arguments are -EINVAL with a report;
 *  - the page iterator visits every page once (chained tables too), the
 *    mapping iterator honours a partial @consumed, and the copies with
 *    and without skip move exactly the bytes asked, across entries and
 *    pages;
 *  - dma_map_sgtable(): nents set, bus addresses right; a page beyond the
 *    mask is -EIO with nothing left mapped (dma_strict counts them); a
 *    list shorter than the nents asked is refused with a report, not
 *    walked off its end; sg_set_buf() of non-zslab memory is reported;
 *  - the buddy state of boot is back at the end (no array leaked).
 */
#include "zt.h"
#include "zt_dma.h"
#include "zt_mm.h"
#include "zt_rlog.h"

#include <errno.h>
#include <zslab/zslab.h>

#define BOOT "memmap=256M@0 memmap=256M@0x100000000 dma_strict swiotlb=noforce " \
	"failslab=1,100,0,-1 failslab_task_filter failslab_verbose=0"

static void test_layout_and_chain(void)
{
	struct scatterlist a[3], b[2], *sg;
	char *buf = kmalloc(512, GFP_KERNEL);
	int i, n = 0;

	REQUIRE(buf);
	sg_init_table(a, 3);
	sg_init_table(b, 2);
	CHECK(sg_is_last(&a[2]) && !sg_is_last(&a[1]) && !sg_is_chain(&a[2]));
	sg_set_buf(&a[0], buf, 100);
	sg_set_buf(&a[1], buf + 100, 100);
	sg_set_buf(&b[0], buf + 200, 100);
	sg_set_buf(&b[1], buf + 300, 212);
	CHECK(sg_page(&a[0]) == virt_to_page(buf));
	CHECK_EQ(a[0].page_link & SG_PAGE_LINK_MASK, 0);
	CHECK(sg_virt(&a[1]) == buf + 100);
	CHECK_EQ(sg_phys(&b[0]), virt_to_phys(buf + 200));
	sg_chain(a, 3, b);                 /* a[2] becomes the chain entry */
	CHECK(sg_is_chain(&a[2]) && !sg_is_last(&a[2]) && sg_chain_ptr(&a[2]) == b);
	CHECK(sg_next(&a[1]) == &b[0]);
	CHECK(sg_next(&b[1]) == NULL);
	CHECK_EQ(sg_nents(a), 4);
	CHECK_EQ(sg_nents_for_len(a, 0), 0);
	CHECK_EQ(sg_nents_for_len(a, 201), 3);
	CHECK_EQ(sg_nents_for_len(a, 512), 4);
	CHECK_EQ(sg_nents_for_len(a, 513), -EINVAL);
	CHECK(sg_last(a, 4) == &b[1]);
	CHECK(sg_last(a, 2) == &a[1]);
	for_each_sg(a, sg, 4, i)
		n += (int)sg->length;
	CHECK_EQ(n, 512);
	sg_unmark_end(&b[1]);
	CHECK(!sg_is_last(&b[1]));
	sg_mark_end(&a[1]);                /* truncate at a[1] */
	CHECK_EQ(sg_nents(a), 2);
	kfree(buf);
}

/* Count entries and check each is reached once, chain entries excluded. */
static void check_table(struct sg_table *t, unsigned int nents)
{
	struct scatterlist *sg;
	unsigned int i, seen = 0, chains = 0;

	CHECK_EQ(t->orig_nents, nents);
	CHECK_EQ(t->nents, nents);
	CHECK_EQ(sg_nents(t->sgl), (int)nents);
	for_each_sgtable_sg(t, sg, i) {
		CHECK(!sg_is_chain(sg) && sg_page(sg) == NULL && sg->length == 0);
		sg->length = i + 1;        /* mark it, so a revisit would show */
		seen++;
	}
	CHECK_EQ(seen, nents);
	CHECK(sg_is_last(sg_last(t->sgl, nents)));
	for (sg = t->sgl, i = 0; i < nents; i++, sg++) {
		if (sg_is_chain(sg)) {
			chains++;
			sg = sg_chain_ptr(sg);
		}
		CHECK_EQ(sg->length, i + 1);
	}
	CHECK_EQ(chains, nents > SG_MAX_SINGLE_ALLOC ?
		 (nents - 2) / (SG_MAX_SINGLE_ALLOC - 1) : 0);
}

static void test_alloc_table(void)
{
	static const unsigned int sizes[] = { 1, 127, 128, 129, 254, 255, 300, 1000 };
	struct sg_table t;
	struct zm_buddy boot;

	zslab_shrink_all();
	zm_buddy_snap(&boot);
	CHECK_EQ(SG_MAX_SINGLE_ALLOC, 128);
	for (unsigned int k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		REQUIRE(sg_alloc_table(&t, sizes[k], GFP_KERNEL) == 0);
		check_table(&t, sizes[k]);
		sg_free_table(&t);
		CHECK(t.sgl == NULL && t.orig_nents == 0);
	}
	CHECK_EQ(sg_alloc_table(&t, 0, GFP_KERNEL), -EINVAL);
	sg_free_table(&t);                 /* a zeroed table frees nothing */

	/* 1000 entries are 8 arrays: fail the 1st .. 8th, nothing is kept */
	for (int nth = 1; nth <= 8; nth++) {
		zslab_fail_nth_set(nth);
		zslab_make_it_fail(1);
		CHECK_EQ(sg_alloc_table(&t, 1000, GFP_KERNEL), -ENOMEM);
		zslab_make_it_fail(0);
		zslab_fail_nth_set(0);
		CHECK(t.sgl == NULL && t.orig_nents == 0 && t.nents == 0);
	}
	zslab_shrink_all();
	CHECK(zm_buddy_equal(&boot, "after sg tables"));
}

static void test_from_pages(void)
{
	struct page *four = alloc_pages(GFP_KERNEL, 2), *other = alloc_pages(GFP_DMA32, 0);
	struct page *pages[6];
	struct scatterlist *sg;
	struct sg_table t;

	REQUIRE(four && other);
	for (int i = 0; i < 4; i++)
		pages[i] = four + i;
	pages[4] = other;
	pages[5] = four;                   /* not after other */
	REQUIRE(sg_alloc_table_from_pages(&t, pages, 6, 100, 6 * PAGE_SIZE - 300,
					  GFP_KERNEL) == 0);
	CHECK_EQ(t.orig_nents, 3);
	sg = t.sgl;
	CHECK(sg_page(sg) == four && sg->offset == 100 && sg->length == 4 * PAGE_SIZE - 100);
	sg = sg_next(sg);
	CHECK(sg_page(sg) == other && sg->offset == 0 && sg->length == PAGE_SIZE);
	sg = sg_next(sg);
	CHECK(sg_page(sg) == four && sg->length == PAGE_SIZE - 200 && sg_is_last(sg));
	sg_free_table(&t);

	/* two pages per segment at most */
	REQUIRE(sg_alloc_table_from_pages_segment(&t, pages, 4, 0, 4 * PAGE_SIZE,
						  2 * PAGE_SIZE + 100, GFP_KERNEL) == 0);
	CHECK_EQ(t.orig_nents, 2);
	CHECK_EQ(t.sgl->length, 2 * PAGE_SIZE);
	CHECK(sg_page(sg_next(t.sgl)) == four + 2);
	sg_free_table(&t);

	rlog_reset();
	CHECK_EQ(sg_alloc_table_from_pages_segment(&t, pages, 4, 0, PAGE_SIZE, 100, GFP_KERNEL),
		 -EINVAL);
	CHECK_EQ(rlog_count("a segment limit below one page"), 1);
	CHECK_EQ(sg_alloc_table_from_pages(&t, pages, 2, 0, 2 * PAGE_SIZE + 1, GFP_KERNEL),
		 -EINVAL);
	CHECK_EQ(rlog_count("more bytes than the pages hold"), 1);
	CHECK_EQ(sg_alloc_table_from_pages(&t, pages, 2, PAGE_SIZE, 1, GFP_KERNEL), -EINVAL);
	CHECK_EQ(sg_alloc_table_from_pages(&t, NULL, 0, 0, 0, GFP_KERNEL), -EINVAL);
	CHECK(t.sgl == NULL);
	__free_pages(four, 2);
	__free_pages(other, 0);
}

static void test_iterators_and_copies(void)
{
	enum { N = 3 * PAGE_SIZE };
	unsigned char *a = (unsigned char *)__get_free_pages(GFP_KERNEL, 1);
	unsigned char *b = (unsigned char *)__get_free_pages(GFP_KERNEL, 1);
	static unsigned char src[N], dst[N];
	struct scatterlist sg[3];
	struct sg_page_iter piter;
	struct sg_mapping_iter m;
	int pages = 0;
	size_t total = 0;

	REQUIRE(a && b);
	/* 4000 bytes from a+200 (2 pages), 2 pages of b, 96 bytes at the end */
	sg_init_table(sg, 3);
	sg_set_buf(&sg[0], a + 200, 4000);
	sg_set_buf(&sg[1], b, 2 * PAGE_SIZE);
	sg_set_buf(&sg[2], a + PAGE_SIZE + 1000, 96);
	for_each_sg_page(sg, &piter, 3, 0)
		pages++;
	CHECK_EQ(pages, 2 + 2 + 1);
	pages = 0;
	for_each_sg_page(sg, &piter, 3, 1) {   /* from page 1 of the first entry */
		if (!pages)
			CHECK(sg_page_iter_page(&piter) == virt_to_page(a + PAGE_SIZE));
		pages++;
	}
	CHECK_EQ(pages, 4);

	for (int i = 0; i < N; i++)
		src[i] = (unsigned char)(i * 7 + 3);
	CHECK_EQ(sg_copy_from_buffer(sg, 3, src, N), 4000 + 2 * PAGE_SIZE + 96);
	CHECK(!memcmp(a + 200, src, 4000));
	CHECK(!memcmp(b, src + 4000, 2 * PAGE_SIZE));
	CHECK(!memcmp(a + PAGE_SIZE + 1000, src + 4000 + 2 * PAGE_SIZE, 96));
	memset(dst, 0, sizeof(dst));
	CHECK_EQ(sg_pcopy_to_buffer(sg, 3, dst, 5000, 3999), 5000);
	CHECK(!memcmp(dst, src + 3999, 5000));
	CHECK_EQ(sg_pcopy_to_buffer(sg, 3, dst, 100, 4000 + 2 * PAGE_SIZE + 90), 6);
	CHECK_EQ(sg_pcopy_to_buffer(sg, 3, dst, 100, 1 << 20), 0);  /* skip past the end */
	CHECK_EQ(sg_copy_to_buffer(sg, 1, dst, N), 4000);            /* nents bounds it */
	CHECK_EQ(sg_zero_buffer(sg, 3, 10, 3995), 10);
	CHECK(a[200 + 3994] != 0 && b[4] == 0 && b[5] != 0);
	CHECK_EQ(sg_pcopy_from_buffer(sg, 3, "xyz", 3, 4000), 3);
	CHECK(!memcmp(b, "xyz", 3));

	/* pieces never cross a page; a partial consumed is handed out again */
	sg_miter_start(&m, sg, 3, SG_MITER_FROM_SG);
	REQUIRE(sg_miter_next(&m));
	CHECK(m.addr == a + 200 && m.length == PAGE_SIZE - 200);
	m.consumed = 10;
	REQUIRE(sg_miter_next(&m));
	CHECK(m.addr == a + 210 && m.length == PAGE_SIZE - 210);
	total = 10 + m.length;
	while (sg_miter_next(&m)) {
		CHECK(m.length <= PAGE_SIZE);
		total += m.length;
	}
	sg_miter_stop(&m);
	CHECK_EQ(total, 4000 + 2 * PAGE_SIZE + 96);
	free_pages((unsigned long)a, 1);
	free_pages((unsigned long)b, 1);
}

static void test_map_sgtable(void)
{
	struct device dev;
	unsigned long long mask;
	struct page *low = alloc_pages(GFP_DMA32, 1), *high = alloc_pages(GFP_KERNEL, 0);
	struct sg_dma_page_iter di;
	struct scatterlist *sg, bad[2];
	struct sg_table t;
	unsigned int i;
	int n = 0;

	REQUIRE(low && high && page_to_phys(high) >= (1ULL << 32));
	zt_dev_setup(&dev, &mask, "sgdev", 32);

	REQUIRE(sg_alloc_table(&t, 200, GFP_KERNEL) == 0);   /* two arrays */
	for_each_sgtable_sg(&t, sg, i)
		sg_set_page(sg, low + (i & 1), 64, i / 2 * 64 % PAGE_SIZE);
	t.nents = 0;
	CHECK_EQ(dma_map_sgtable(&dev, &t, DMA_TO_DEVICE, 0), 0);
	CHECK_EQ(t.nents, 200);
	CHECK_EQ(dev._nr_tracked, 200);
	for_each_sgtable_dma_sg(&t, sg, i)
		if (sg_dma_address(sg) != page_to_phys(sg_page(sg)) + sg->offset ||
		    sg_dma_len(sg) != 64)
			break;
	CHECK_EQ(i, 200);
	n = 0;
	for_each_sgtable_dma_page(&t, &di, 0)
		n += sg_page_iter_dma_address(&di) == sg_dma_address(di.base.sg);
	CHECK_EQ(n, 200);
	dma_sync_sgtable_for_cpu(&dev, &t, DMA_TO_DEVICE);
	dma_unmap_sgtable(&dev, &t, DMA_TO_DEVICE, 0);
	CHECK_EQ(dev._nr_tracked, 0);

	/* entry 150 beyond the mask: -EIO and none of the 149 stays mapped */
	sg_set_page(sg_last(t.sgl, 151), high, 64, 0);
	rlog_reset();
	CHECK_EQ(dma_map_sgtable(&dev, &t, DMA_TO_DEVICE, 0), -EIO);
	CHECK_EQ(rlog_count("overflow"), 1);
	CHECK_EQ(dev._nr_tracked, 0);
	sg_free_table(&t);

	/* a list shorter than asked, NULL, and foreign memory */
	sg_init_table(bad, 2);
	sg_set_page(&bad[0], low, 8, 0);
	sg_set_page(&bad[1], low, 8, 8);
	rlog_reset();
	CHECK_EQ(dma_map_sg(&dev, bad, 3, DMA_TO_DEVICE), 0);
	CHECK_EQ(rlog_count("dma_map_sg_attrs: sgdev: 3 entries asked of a list that holds fewer"), 1);
	CHECK_EQ(dma_map_sg(&dev, NULL, 1, DMA_TO_DEVICE), 0);
	CHECK_EQ(rlog_count("of a list that is NULL"), 1);
	CHECK_EQ(dma_map_sg(&dev, bad, 0, DMA_TO_DEVICE), 0);
	CHECK_EQ(rlog_count("0 entries: at least 1"), 1);
	CHECK_EQ(dev._nr_tracked, 0);
	sg_init_one(&bad[0], &n, sizeof(n));
	CHECK_EQ(rlog_count("sg_set_buf: "), 1);
	CHECK(sg_page(&bad[0]) == NULL && sg_is_last(&bad[0]));
	CHECK_EQ(dma_map_sg(&dev, bad, 1, DMA_TO_DEVICE), 0);
	put_device(&dev);
	__free_pages(low, 1);
	__free_pages(high, 0);
}

int main(void)
{
	struct zm_buddy boot;

	zslab_set_report_hook(rlog_hook, NULL);
	REQUIRE(zslab_init(BOOT) == 0);
	zslab_shrink_all();
	zm_buddy_snap(&boot);
	test_layout_and_chain();
	test_alloc_table();
	test_from_pages();
	test_iterators_and_copies();
	test_map_sgtable();
	zslab_shrink_all();
	CHECK(zm_buddy_equal(&boot, "at the end"));
	zslab_exit();
	return zt_summary("test_scatterlist");
}
