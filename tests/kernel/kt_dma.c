// SPDX-License-Identifier: MIT
/*
 * kt_dma.c - a KUnit suite in the kernel's spelling for the device side
 * of DMA: struct device with its release, dev_err() formatting %pad with
 * the kernel's vsprintf and the "<drv> <name>: " prefix, masks,
 * dma_alloc_coherent() within a 32-bit coherent mask, dma_map_single()
 * as dma-direct, dma_pool's boundary rule and zeroing, and a managed pool
 * that goes with its device, and a driver's scatter-gather I/O: a table
 * over a page array, dma_map_sgtable(), the device writing each segment
 * and sg_copy_to_buffer() reading it back.  Console output is captured to check texts.
 */
#include <kunit/test.h>
#include <linux/device.h>
#include <linux/dma-map-ops.h>
#include <linux/dma-mapping.h>
#include <linux/dmapool.h>
#include <linux/init.h>
#include <linux/module.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <zslab-kernel.h>

static char console[4096];
static size_t console_len;

static void capture(const char *text, size_t len, int level, void *arg)
{
	(void)level;
	(void)arg;
	if (console_len + len < sizeof(console)) {
		memcpy(console + console_len, text, len);
		console_len += len;
		console[console_len] = 0;
	}
}

static int releases;

static void kt_release(struct device *dev)
{
	(void)dev;
	releases++;
}

static u64 kt_mask;

static void kt_dev_init(struct kunit *test, struct device *dev, const char *name, int bits)
{
	memset(dev, 0, sizeof(*dev));
	KUNIT_ASSERT_EQ(test, dev_set_name(dev, "%s", name), 0);
	KUNIT_ASSERT_EQ(test, device_register(dev), 0);
	dev->release = kt_release;
	set_dma_ops(dev, NULL);
	dev->dma_mask = &kt_mask;
	KUNIT_ASSERT_EQ(test, dma_set_mask_and_coherent(dev, DMA_BIT_MASK(bits)), 0);
}

static void kt_dev_printk(struct kunit *test)
{
	static struct device_driver drv = { .name = "ktdrv" };
	struct device dev;
	dma_addr_t a = 0x1234;

	kt_dev_init(test, &dev, "kt-print", 32);
	dev.driver = &drv;
	console_len = 0;
	zsk_set_console(capture, NULL);
	dev_err(&dev, "at %pad\n", &a);
	dev_info(&dev, "%s", "plain");
	zsk_set_console(NULL, NULL);
	KUNIT_EXPECT_STREQ(test, console,
			   "ktdrv kt-print: at 0x0000000000001234\nktdrv kt-print: plain\n");
	dev.driver = NULL;
	releases = 0;
	device_unregister(&dev);
	KUNIT_EXPECT_EQ(test, releases, 1);
}

static void kt_coherent_and_map(struct kunit *test)
{
	struct device dev;
	dma_addr_t h, a;
	void *p, *buf;

	kt_dev_init(test, &dev, "kt-dma32", 32);
	p = dma_alloc_coherent(&dev, 3000, &h, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_EXPECT_LE(test, h + PAGE_SIZE - 1, DMA_BIT_MASK(32));
	KUNIT_EXPECT_EQ(test, h, (dma_addr_t)virt_to_phys(p));
	KUNIT_EXPECT_EQ(test, ((u8 *)p)[2999], 0);
	dma_free_coherent(&dev, 3000, p, h);

	buf = (void *)__get_free_page(GFP_DMA32);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	a = dma_map_single(&dev, buf, 64, DMA_BIDIRECTIONAL);
	KUNIT_EXPECT_FALSE(test, dma_mapping_error(&dev, a));
	KUNIT_EXPECT_EQ(test, a, (dma_addr_t)virt_to_phys(buf));
	KUNIT_EXPECT_EQ(test, zslab_dma_write(&dev, a, "dev", 4), 0);
	dma_sync_single_for_cpu(&dev, a, 64, DMA_BIDIRECTIONAL);
	KUNIT_EXPECT_STREQ(test, (char *)buf, "dev");
	dma_unmap_single(&dev, a, 64, DMA_BIDIRECTIONAL);
	free_page((unsigned long)buf);
	KUNIT_EXPECT_TRUE(test, valid_dma_direction(DMA_TO_DEVICE));
	KUNIT_EXPECT_FALSE(test, valid_dma_direction(DMA_NONE));
	device_unregister(&dev);
}

static void kt_pool(struct kunit *test)
{
	struct dma_pool *pool;
	struct device dev;
	dma_addr_t d[64];
	u8 *v[64];

	kt_dev_init(test, &dev, "kt-pool", 32);
	pool = dma_pool_create("kt", &dev, 200, 8, 1024);
	KUNIT_ASSERT_NOT_NULL(test, pool);
	for (int i = 0; i < 64; i++) {
		v[i] = dma_pool_zalloc(pool, GFP_KERNEL, &d[i]);
		KUNIT_ASSERT_NOT_NULL(test, v[i]);
		KUNIT_EXPECT_EQ(test, d[i] / 1024, (d[i] + 199) / 1024);
		KUNIT_EXPECT_EQ(test, d[i] % 8, 0);
		KUNIT_EXPECT_EQ(test, v[i][199], 0);
		KUNIT_EXPECT_LE(test, d[i] + 199, DMA_BIT_MASK(32));
	}
	for (int i = 0; i < 64; i++)
		dma_pool_free(pool, v[i], d[i]);
	dma_pool_destroy(pool);

	/* a managed pool goes with the device's resources */
	pool = dmam_pool_create("kt-managed", &dev, 64, 64, 0);
	KUNIT_ASSERT_NOT_NULL(test, pool);
	v[0] = dma_pool_alloc(pool, GFP_KERNEL, &d[0]);
	KUNIT_ASSERT_NOT_NULL(test, v[0]);
	dma_pool_free(pool, v[0], d[0]);
	releases = 0;
	device_unregister(&dev);
	KUNIT_EXPECT_EQ(test, releases, 1);
}

static void kt_sgtable(struct kunit *test)
{
	struct page *pages[8];
	struct scatterlist *sg;
	struct sg_table sgt;
	struct device dev;
	unsigned int i, segs = 0;
	char *out;

	kt_dev_init(test, &dev, "kt-sg", 32);
	for (i = 0; i < 8; i++) {
		pages[i] = alloc_page(GFP_DMA32);
		KUNIT_ASSERT_NOT_NULL(test, pages[i]);
	}
	KUNIT_ASSERT_EQ(test, sg_alloc_table_from_pages(&sgt, pages, 8, 16, 8 * PAGE_SIZE - 32,
							GFP_KERNEL), 0);
	KUNIT_ASSERT_EQ(test, dma_map_sgtable(&dev, &sgt, DMA_FROM_DEVICE, 0), 0);
	for_each_sgtable_dma_sg(&sgt, sg, i) {
		KUNIT_EXPECT_LE(test, sg_dma_address(sg) + sg_dma_len(sg) - 1, DMA_BIT_MASK(32));
		KUNIT_EXPECT_EQ(test, zslab_dma_write(&dev, sg_dma_address(sg), "seg", 3), 0);
		segs++;
	}
	KUNIT_EXPECT_EQ(test, segs, sgt.nents);
	dma_unmap_sgtable(&dev, &sgt, DMA_FROM_DEVICE, 0);
	out = kmalloc(8 * PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, out);
	KUNIT_EXPECT_EQ(test, sg_copy_to_buffer(sgt.sgl, sgt.orig_nents, out, 8 * PAGE_SIZE),
			(size_t)(8 * PAGE_SIZE - 32));
	KUNIT_EXPECT_EQ(test, memcmp(out, "seg", 3), 0);
	kfree(out);
	sg_free_table(&sgt);
	for (i = 0; i < 8; i++)
		__free_page(pages[i]);
	device_unregister(&dev);
}

static struct kunit_case kt_dma_cases[] = {
	KUNIT_CASE(kt_dev_printk),
	KUNIT_CASE(kt_coherent_and_map),
	KUNIT_CASE(kt_pool),
	KUNIT_CASE(kt_sgtable),
	{}
};

static struct kunit_suite kt_dma_suite = {
	.name = "kt_dma",
	.test_cases = kt_dma_cases,
};
kunit_test_suite(kt_dma_suite);

MODULE_DESCRIPTION("zslab: the device side of DMA in the kernel's spelling");
MODULE_LICENSE("GPL");
