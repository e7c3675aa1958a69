/* SPDX-License-Identifier: MIT */
/*
 * test_v7s_dma.c - io-pgtable-arm-v7s for a non-coherent walker
 * (coherent_walk false, iommu_dev set), as the kernel does it:
 *  - every table is a DMA_TO_DEVICE mapping of iommu_dev for its life
 *    (dma_strict records them: one for the L1, one per L2, none left after
 *    free_io_pgtable_ops()); written PTEs are synced for the device (a
 *    counting stand-in for swiotlb sees each sync's address);
 *  - the device's own reads (zslab_dma_read at the TTBR and the L2
 *    table's bus address) find the descriptors the CPU wrote: the mapping
 *    proven from the device's side;
 *  - a coherent walker maps nothing;
 *  - a bus whose DMA addresses are not physical ones: the table is
 *    refused with the kernel's "Cannot accommodate DMA translation for
 *    IOMMU page tables" and the page table is not made;
 *  - the case the kernel guards against: a 32-bit IOMMU device and L2
 *    tables above 4 GiB (the plain-cache source, fit check off).  Without
 *    a bounce, the map of the table fails (the DMA overflow WARN) and the
 *    IOVA map with -ENOMEM; with a bounce (here a stand-in for swiotlb:
 *    the walker would read a stale copy), the table is refused with the
 *    same "Cannot accommodate" message.
 */
#include "zt.h"
#include "zt_mm.h"
#include "zt_rlog.h"
#include "zt_v7s.h"

#include <errno.h>
#include <zslab/zslab.h>

#include "dma/dma_internal.h"

static void nop_release(struct device *dev)
{
	(void)dev;
}

/* A stand-in for swiotlb: counts what dma-direct asks of it. */
static atomic_ulong owns_calls, maps;
static bool bounce_all;
static dma_addr_t last_sync;

static bool fake_force(struct device *dev)
{
	(void)dev;
	return bounce_all;
}

static dma_addr_t fake_map(struct device *dev, phys_addr_t phys, size_t size,
			   enum dma_data_direction dir, unsigned long attrs)
{
	(void)dev; (void)size; (void)dir; (void)attrs;
	maps++;
	return (phys & 0xfff) | 0x1000;       /* "a slot" low in memory */
}

static bool fake_owns(struct device *dev, dma_addr_t dma)
{
	(void)dev;
	owns_calls++;
	last_sync = dma;
	return false;
}

static void fake_unmap(struct device *dev, dma_addr_t dma, size_t size,
		       enum dma_data_direction dir, unsigned long attrs)
{
	(void)dev; (void)dma; (void)size; (void)dir; (void)attrs;
}

static void fake_sync(struct device *dev, dma_addr_t dma, size_t size, enum dma_data_direction dir)
{
	(void)dev; (void)dma; (void)size; (void)dir;
}

static const struct zs_dma_bounce fake_bounce = {
	.force = fake_force, .map = fake_map, .owns = fake_owns, .unmap = fake_unmap,
	.sync_for_cpu = fake_sync, .sync_for_device = fake_sync,
};

static void iommu_setup(struct device *dev, unsigned long long *mask, unsigned int bits)
{
	memset(dev, 0, sizeof(*dev));
	dev_set_name(dev, "iommu0");
	REQUIRE(device_register(dev) == 0);
	dev->release = nop_release;
	dev->dma_mask = mask;
	REQUIRE(dma_set_mask_and_coherent(dev, DMA_BIT_MASK(bits)) == 0);
}

static int map4k(struct io_pgtable_ops *ops, unsigned long iova, phys_addr_t pa)
{
	size_t mapped = 0;

	return ops->map_pages(ops, iova, pa, SZ_4K, 1, IOMMU_READ | IOMMU_WRITE, GFP_KERNEL, &mapped);
}

static void test_noncoherent(void)
{
	struct io_pgtable_cfg cfg;
	struct io_pgtable_ops *ops;
	unsigned long long mask;
	struct device dev;
	uint32_t l1e, l2e;
	phys_addr_t l2;
	unsigned long syncs;

	REQUIRE(zslab_init("dma_strict") == 0);
	iommu_setup(&dev, &mask, 32);
	atomic_store(&zs_dma_bounce, &fake_bounce);
	zv_cfg_selftest(&cfg);
	cfg.coherent_walk = false;
	cfg.iommu_dev = &dev;
	ops = alloc_io_pgtable_ops(ARM_V7S, &cfg, &cfg);
	REQUIRE(ops);
	CHECK_EQ(dev._nr_tracked, 1);                    /* the L1 table */
	syncs = owns_calls;
	CHECK_EQ(map4k(ops, 0x100000 + 0x3000, 0x12345000), 0);
	CHECK_EQ(dev._nr_tracked, 2);                    /* + one L2 table */
	CHECK(owns_calls >= syncs + 2);                  /* L1 slot and L2 entry synced */
	CHECK_EQ(maps, 0);                               /* nothing bounced */
	/* the device reads what the CPU wrote, at bus addresses */
	CHECK_EQ(zslab_dma_read(&dev, (cfg.arm_v7s_cfg.ttbr & ~0x7fu) + 1 * 4, &l1e, 4), 0);
	CHECK_EQ(l1e & 3, 1);                            /* a table descriptor */
	l2 = l1e & ~0x3ffu;
	CHECK_EQ(last_sync, l2 + 3 * 4);                 /* the last sync: the L2 entry */
	CHECK_EQ(zslab_dma_read(&dev, l2 + 3 * 4, &l2e, 4), 0);
	CHECK_EQ(l2e & ~0xfffu, 0x12345000);
	CHECK_EQ(ops->iova_to_phys(ops, 0x103abc), 0x12345abc);
	CHECK_EQ(ops->unmap_pages(ops, 0x103000, SZ_4K, 1, NULL), SZ_4K);
	free_io_pgtable_ops(ops);
	CHECK_EQ(dev._nr_tracked, 0);                    /* every table unmapped */

	/* a coherent walker maps nothing */
	zv_cfg_selftest(&cfg);
	cfg.iommu_dev = &dev;
	ops = alloc_io_pgtable_ops(ARM_V7S, &cfg, &cfg);
	REQUIRE(ops);
	CHECK_EQ(map4k(ops, 0x200000, 0x1000), 0);
	CHECK_EQ(dev._nr_tracked, 0);
	free_io_pgtable_ops(ops);
	atomic_store(&zs_dma_bounce, NULL);
	device_unregister(&dev);
	zslab_exit();
}

static void test_refusals(void)
{
	struct io_pgtable_cfg cfg;
	struct io_pgtable_ops *ops;
	unsigned long long mask;
	struct device dev;

	/* no bounce pool (swiotlb=noforce): the stand-in below is the bounce */
	REQUIRE(zslab_init("swiotlb=noforce") == 0);
	/* a bus offset: DMA addresses are not physical ones */
	iommu_setup(&dev, &mask, 64);
	REQUIRE(dma_direct_set_offset(&dev, 0, 1ULL << 40, 8ULL << 30) == 0);
	zv_cfg_selftest(&cfg);
	cfg.coherent_walk = false;
	cfg.iommu_dev = &dev;
	rlog_reset();
	CHECK(alloc_io_pgtable_ops(ARM_V7S, &cfg, &cfg) == NULL);
	CHECK_EQ(rlog_count(" iommu0: Cannot accommodate DMA translation for IOMMU page tables"), 1);
	device_unregister(&dev);

	/* 32 bits, L2 tables above 4 GiB: no bounce, then a bounce */
	iommu_setup(&dev, &mask, 32);
	zv_cfg_selftest(&cfg);
	cfg.coherent_walk = false;
	cfg.iommu_dev = &dev;
	cfg.zslab_l2_source = IO_PGTABLE_L2_SLAB_PLAIN;
	cfg.zslab_no_fit_check = true;
	ops = alloc_io_pgtable_ops(ARM_V7S, &cfg, &cfg);
	REQUIRE(ops);
	rlog_reset();
	CHECK_EQ(map4k(ops, 0x300000, 0x5000), -ENOMEM);
	CHECK_EQ(rlog_count("dma_map_single: iommu0: DMA addr 0x0000000"), 1);
	CHECK_EQ(rlog_count("overflow (mask ffffffff, bus limit 0)."), 1);
	atomic_store(&zs_dma_bounce, &fake_bounce);
	rlog_reset();
	CHECK_EQ(map4k(ops, 0x300000, 0x5000), -ENOMEM);
	CHECK(maps >= 1);
	CHECK_EQ(rlog_count("Cannot accommodate DMA translation for IOMMU page tables"), 1);
	atomic_store(&zs_dma_bounce, NULL);
	CHECK_EQ(ops->iova_to_phys(ops, 0x300000), 0);
	free_io_pgtable_ops(ops);
	device_unregister(&dev);
	zslab_exit();
}

int main(void)
{
	zslab_set_report_hook(rlog_hook, NULL);
	test_noncoherent();
	test_refusals();
	return zt_summary("test_v7s_dma");
}
