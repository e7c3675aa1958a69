/* SPDX-License-Identifier: MIT */
/*
 * test_dma_direct.c - dma-direct without an IOMMU, and the device's view:
 *  - dma_alloc_coherent() takes the zone the coherent mask picks (24 bits:
 *    DMA, 32 bits: DMA32, 64 bits: Normal), zeroed, page rounded; a page
 *    above the mask is retried lower (a 30-bit mask on a board whose
 *    DMA32 zone starts at 2 GiB ends in ZONE_DMA); a mask nothing meets
 *    fails with a report; the handle is the bus address (a bus offset
 *    board); bad arguments are refused with reports;
 *  - dma_map_single/page/sg: the bus address; a buffer beyond the mask is
 *    DMA_MAPPING_ERROR with the kernel's "DMA addr ... overflow" WARN and
 *    dma_mapping_error() -ENOMEM; a device without dma_mask, an invalid
 *    direction and non-zslab memory are refused; a table with one bad
 *    entry maps to 0 and nothing stays mapped;
 *  - zslab_dma_read/write: the device sees what the CPU wrote and the
 *    reverse; beyond the mask -EIO; with dma_strict only coherent memory
 *    and live mappings, nothing after the unmap, -EFAULT; each refusal
 *    names the device and the address;
 *  - every page is back at the end (the buddy state of boot).
 */
#include "zt.h"
#include "zt_dma.h"
#include "zt_mm.h"
#include "zt_rlog.h"

#include <errno.h>
#include <zslab/zslab.h>

#include "dma/dma_internal.h"

static enum zone_type zone_of(const void *cpu)
{
	return page_zonenum(virt_to_page(cpu));
}

static void test_zones(void)
{
	struct device d24, d32, d64;
	unsigned long long m24, m32, m64;
	struct zm_buddy boot;
	dma_addr_t h;
	void *p;

	zt_dev_setup(&d24, &m24, "isa0", 24);
	zt_dev_setup(&d32, &m32, "pci32", 32);
	zt_dev_setup(&d64, &m64, "pci64", 64);
	zm_buddy_snap(&boot);

	p = dma_alloc_coherent(&d24, 100, &h, GFP_KERNEL);
	REQUIRE(p);
	CHECK_EQ(zone_of(p), ZONE_DMA);
	CHECK_EQ(h, virt_to_phys(p));
	CHECK(h + PAGE_SIZE - 1 <= DMA_BIT_MASK(24));
	memset(p, 0x5a, PAGE_SIZE);
	dma_free_coherent(&d24, 100, p, h);

	p = dma_alloc_coherent(&d32, 3 * PAGE_SIZE, &h, GFP_KERNEL | __GFP_DMA);
	REQUIRE(p);
	CHECK_EQ(zone_of(p), ZONE_DMA32);    /* zone flags ignored */
	CHECK(h + 4 * PAGE_SIZE - 1 <= DMA_BIT_MASK(32));
	CHECK_EQ(((unsigned char *)p)[3 * PAGE_SIZE + 17], 0);   /* whole order zeroed */
	dma_free_coherent(&d32, 3 * PAGE_SIZE, p, h);

	p = dma_alloc_coherent(&d64, PAGE_SIZE, &h, GFP_KERNEL);
	REQUIRE(p);
	CHECK_EQ(zone_of(p), ZONE_NORMAL);
	CHECK(h >= (1ULL << 32));
	dma_free_coherent(&d64, PAGE_SIZE, p, h);

	/* refusals */
	rlog_reset();
	CHECK(dma_alloc_coherent(&d64, 0, &h, GFP_KERNEL) == NULL);
	CHECK_EQ(rlog_count("dma_alloc_attrs: pci64: bad size 0"), 1);
	CHECK(dma_alloc_coherent(&d64, 64, &h, GFP_KERNEL | __GFP_COMP) == NULL);
	CHECK_EQ(rlog_count("__GFP_COMP is not allowed"), 1);
	d64.coherent_dma_mask = 0;
	CHECK(dma_alloc_coherent(&d64, 64, &h, GFP_KERNEL) == NULL);
	CHECK_EQ(rlog_count("has no coherent_dma_mask"), 1);
	CHECK(zm_buddy_equal(&boot, "zones"));
	put_device(&d24);
	put_device(&d32);
	put_device(&d64);
}

static void test_streaming(void)
{
	struct device d32, nomask;
	struct scatterlist sg[3];
	unsigned long long m32;
	char *low, buf[64];
	struct page *hp;
	dma_addr_t a;

	zt_dev_setup(&d32, &m32, "nic0", 32);
	low = page_address(alloc_pages(GFP_DMA32, 0));
	hp = alloc_pages(GFP_KERNEL, 0);
	REQUIRE(low && hp);
	REQUIRE(page_to_phys(hp) >= (1ULL << 32));

	strcpy(low, "to the device");
	a = dma_map_single(&d32, low, 256, DMA_TO_DEVICE);
	CHECK_EQ(dma_mapping_error(&d32, a), 0);
	CHECK_EQ(a, virt_to_phys(low));
	CHECK_EQ(zslab_dma_read(&d32, a, buf, 14), 0);
	CHECK(!strcmp(buf, "to the device"));
	CHECK_EQ(zslab_dma_write(&d32, a + 3, "THE", 3), 0);
	dma_sync_single_for_cpu(&d32, a, 256, DMA_TO_DEVICE);
	CHECK(!memcmp(low, "to THE device", 13));
	dma_unmap_single(&d32, a, 256, DMA_TO_DEVICE);

	/* beyond the mask, no swiotlb: the error and the kernel's WARN */
	rlog_reset();
	a = dma_map_page(&d32, hp, 16, 100, DMA_FROM_DEVICE);
	CHECK_EQ(a, DMA_MAPPING_ERROR);
	CHECK_EQ(dma_mapping_error(&d32, a), -ENOMEM);
	CHECK_EQ(rlog_count("dma_map_page_attrs: nic0: DMA addr 0x"), 1);
	CHECK_EQ(rlog_count("+100 overflow (mask ffffffff, bus limit 0)."), 1);
	CHECK_EQ(rlog_count("WARNING:"), 1);
	memcpy(page_address(hp), "high", 4);
	CHECK_EQ(zslab_dma_read(&d32, page_to_phys(hp), buf, 4), -EIO);
	CHECK(rlog_count("zslab_dma_read: nic0: bus address 0x") == 1 &&
	      rlog_count("is beyond the device's mask 0xffffffff") == 1);

	/* a bus limit below the mask counts too */
	d32.bus_dma_limit = DMA_BIT_MASK(20);
	a = dma_map_single(&d32, low, 16, DMA_TO_DEVICE);
	CHECK(a == DMA_MAPPING_ERROR || a + 15 <= DMA_BIT_MASK(20));
	if (a != DMA_MAPPING_ERROR)
		dma_unmap_single(&d32, a, 16, DMA_TO_DEVICE);
	d32.bus_dma_limit = 0;

	/* refusals */
	memset(&nomask, 0, sizeof(nomask));
	device_initialize(&nomask);
	dev_set_name(&nomask, "nomask");
	nomask.release = zt_nop_release;
	rlog_reset();
	CHECK_EQ(dma_map_single(&nomask, low, 8, DMA_TO_DEVICE), DMA_MAPPING_ERROR);
	CHECK_EQ(rlog_count("DMA map on device without dma_mask"), 1);
	CHECK_EQ(dma_map_single(&d32, low, 8, DMA_NONE), DMA_MAPPING_ERROR);
	CHECK_EQ(rlog_count("invalid DMA direction 3"), 1);
	CHECK_EQ(dma_map_single(&d32, buf, 8, DMA_TO_DEVICE), DMA_MAPPING_ERROR);
	CHECK_EQ(rlog_count("is not in zslab's memory"), 1);
	put_device(&nomask);

	/* scatterlists: all or nothing */
	sg_init_table(sg, 3);
	sg_set_buf(&sg[0], low, 64);
	sg_set_buf(&sg[1], low + 128, 64);
	sg_set_page(&sg[2], hp, 64, 0);
	CHECK(sg_next(&sg[2]) == NULL && sg_next(&sg[0]) == &sg[1]);
	CHECK_EQ(dma_map_sg(&d32, sg, 2, DMA_BIDIRECTIONAL), 2);
	CHECK_EQ(sg_dma_address(&sg[1]), virt_to_phys(low + 128));
	CHECK_EQ(sg_dma_len(&sg[1]), 64);
	dma_sync_sg_for_device(&d32, sg, 2, DMA_BIDIRECTIONAL);
	dma_unmap_sg(&d32, sg, 2, DMA_BIDIRECTIONAL);
	rlog_reset();
	CHECK_EQ(dma_map_sg(&d32, sg, 3, DMA_BIDIRECTIONAL), 0);
	CHECK_EQ(rlog_count("overflow"), 1);

	free_page((unsigned long)low);
	__free_pages(hp, 0);
	put_device(&d32);
}

/* dma_strict: only what the device was given. */
static void test_strict(void)
{
	struct device dev;
	unsigned long long mask;
	dma_addr_t h, a;
	char *buf, *coh, tmp[8];

	REQUIRE(zslab_init("dma_strict") == 0);
	zt_dev_setup(&dev, &mask, "strict0", 32);
	buf = (char *)__get_free_page(GFP_DMA32);
	coh = dma_alloc_coherent(&dev, 1000, &h, GFP_KERNEL);
	REQUIRE(buf && coh);
	rlog_reset();
	CHECK_EQ(zslab_dma_read(&dev, virt_to_phys(buf), tmp, 8), -EFAULT);
	CHECK_EQ(rlog_count("zslab_dma_read: strict0: bus address"), 1);
	CHECK_EQ(rlog_count("is neither a coherent allocation nor a live mapping of the device"), 1);
	a = dma_map_single(&dev, buf, 512, DMA_FROM_DEVICE);
	CHECK_EQ(dev._nr_tracked, 2);
	CHECK_EQ(zslab_dma_write(&dev, a + 508, "12345678", 8), -EFAULT);  /* past the end */
	CHECK_EQ(zslab_dma_write(&dev, a + 504, "12345678", 8), 0);
	CHECK_EQ(zslab_dma_write(&dev, h + 992, "abcdefgh", 8), 0);
	CHECK_EQ(zslab_dma_write(&dev, h + 996, "abcdefgh", 8), -EFAULT);
	dma_unmap_single(&dev, a, 512, DMA_FROM_DEVICE);
	CHECK(!memcmp(buf + 504, "12345678", 8));
	CHECK(!memcmp(coh + 992, "abcdefgh", 8));
	CHECK_EQ(zslab_dma_read(&dev, a, tmp, 8), -EFAULT);
	dma_free_coherent(&dev, 1000, coh, h);
	CHECK_EQ(zslab_dma_read(&dev, h, tmp, 8), -EFAULT);
	CHECK_EQ(dev._nr_tracked, 0);
	/* records left at the final put are dropped with the device */
	a = dma_map_single(&dev, buf, 8, DMA_TO_DEVICE);
	CHECK_EQ(dev._nr_tracked, 1);
	put_device(&dev);
	CHECK_EQ(dev._nr_tracked, 0);
	free_page((unsigned long)buf);
	zslab_exit();
}

/* A board whose DMA32 zone starts at 2 GiB, and one whose bus sees RAM at 0. */
static void test_retry_and_offset(void)
{
	struct device dev;
	unsigned long long mask;
	dma_addr_t h;
	void *p;

	REQUIRE(zslab_init("memmap=16M@0 memmap=2G@0x80000000 memmap=1G@0x100000000") == 0);
	zt_dev_setup(&dev, &mask, "dev30", 30);
	p = dma_alloc_coherent(&dev, PAGE_SIZE, &h, GFP_KERNEL);
	REQUIRE(p);
	CHECK_EQ(zone_of(p), ZONE_DMA);             /* DMA32 was tried, above 1 GiB */
	CHECK(h < (1ULL << 30));
	dma_free_coherent(&dev, PAGE_SIZE, p, h);
	put_device(&dev);
	zslab_exit();

	/* memmap=4G@0x40000000 (a Chromebook); the bus sees RAM from 0 */
	REQUIRE(zslab_init("memmap=4G@0x40000000") == 0);
	memset(&dev, 0, sizeof(dev));
	device_initialize(&dev);
	dev_set_name(&dev, "offset0");
	dev.release = zt_nop_release;
	dev.dma_mask = &mask;
	REQUIRE(dma_direct_set_offset(&dev, 0x40000000, 0, 4ULL << 30) == 0);
	REQUIRE(dma_set_mask_and_coherent(&dev, DMA_BIT_MASK(32)) == 0);
	p = dma_alloc_coherent(&dev, PAGE_SIZE, &h, GFP_KERNEL);
	REQUIRE(p);
	CHECK_EQ(h, virt_to_phys(p) - 0x40000000);   /* the bus address */
	CHECK(h <= DMA_BIT_MASK(32));
	CHECK_EQ(zslab_dma_write(&dev, h + 8, "bus", 4), 0);
	CHECK(!strcmp((char *)p + 8, "bus"));
	dma_free_coherent(&dev, PAGE_SIZE, p, h);
	put_device(&dev);
	CHECK(dev.dma_range_map == NULL);
	zslab_exit();
}

int main(void)
{
	zslab_set_report_hook(rlog_hook, NULL);
	/* no bounce pool (swiotlb=noforce): dma-direct alone refuses */
	REQUIRE(zslab_init("swiotlb=noforce") == 0);
	test_zones();
	test_streaming();
	zslab_exit();
	test_strict();
	test_retry_and_offset();
	return zt_summary("test_dma_direct");
}
