/* SPDX-License-Identifier: MIT */
/*
 * test_dma_debug.c - dma_debug=1, the kernel's DMA-API debug messages:
 *  - correct use says nothing: map/unmap, sg, coherent alloc/free,
 *    devres-managed coherent memory at release;
 *  - an unmap of an address never mapped, and of DMA_MAPPING_ERROR;
 *  - an unmap with another size, another direction, another function
 *    (a coherent buffer unmapped as single), a coherent free with
 *    another size;
 *  - an unmap of a single or page mapping whose address was never passed
 *    to dma_mapping_error() ("failed to check map error"; sg and coherent
 *    memory are not checked);
 *  - syncs: of what is not mapped, past the end (a range inside a mapping
 *    is fine), in another direction (with the read-only/write-only
 *    forms), and any direction on a bidirectional mapping;
 *  - mappings and coherent memory live at the device's release, counted,
 *    with one of them described;
 *  - each is a WARN naming the driver and the device, in the kernel's
 *    words and numbers; without dma_debug the same mistakes are silent.
 */
#include "zt.h"
#include "zt_dma.h"
#include "zt_mm.h"
#include "zt_rlog.h"

#include "slab/slab.h"

#define BOOT "memmap=512M@0 memmap=512M@0x100000000 "

static void test_quiet_when_right(void)
{
	struct device d;
	unsigned long long m;
	struct scatterlist sg[2];
	unsigned char *buf = (unsigned char *)__get_free_pages(GFP_KERNEL | GFP_DMA32, 0);
	dma_addr_t a, c;
	void *cpu;

	REQUIRE(buf);
	zt_dev_setup(&d, &m, "nic0", 32);
	rlog_reset();
	a = dma_map_single(&d, buf, 512, DMA_TO_DEVICE);
	REQUIRE(!dma_mapping_error(&d, a));
	dma_unmap_single(&d, a, 512, DMA_TO_DEVICE);
	sg_init_table(sg, 2);
	sg_set_buf(&sg[0], buf, 100);
	sg_set_buf(&sg[1], buf + 256, 200);
	REQUIRE(dma_map_sg(&d, sg, 2, DMA_FROM_DEVICE) == 2);
	dma_unmap_sg(&d, sg, 2, DMA_FROM_DEVICE);
	cpu = dma_alloc_coherent(&d, 3000, &c, GFP_KERNEL);
	REQUIRE(cpu);
	dma_free_coherent(&d, 3000, cpu, c);
	REQUIRE(dmam_alloc_coherent(&d, 100, &c, GFP_KERNEL));   /* freed by devres */
	put_device(&d);
	CHECK_EQ(rlog_n, 0);
	if (rlog_n)
		rlog_dump("correct use");
	free_page((unsigned long)buf);
}

static void test_mistakes(void)
{
	struct device d;
	unsigned long long m;
	unsigned char *buf = (unsigned char *)__get_free_pages(GFP_KERNEL | GFP_DMA32, 0);
	char want[256];
	dma_addr_t a, c;
	void *cpu;

	REQUIRE(buf);
	zt_dev_setup(&d, &m, "nic0", 32);

	/* never mapped */
	rlog_reset();
	dma_unmap_single(&d, 0x1000000, 64, DMA_TO_DEVICE);
	CHECK_EQ(rlog_count("WARNING: CPU: 0 PID: "), 1);
	CHECK_EQ(rlog_count("DMA-API:  nic0: device driver tries to free DMA memory it has not allocated "
			    "[device address=0x0000000001000000] [size=64 bytes]\n"), 1);
	dma_unmap_page(&d, DMA_MAPPING_ERROR, 64, DMA_TO_DEVICE);
	CHECK_EQ(rlog_count("DMA-API:  nic0: device driver tries to free an invalid DMA memory address\n"), 1);
	CHECK_EQ(rlog_n, 2);

	/* another size */
	rlog_reset();
	a = dma_map_single(&d, buf, 256, DMA_TO_DEVICE);
	REQUIRE(!dma_mapping_error(&d, a));
	dma_unmap_single(&d, a, 128, DMA_TO_DEVICE);
	snprintf(want, sizeof(want), "DMA-API:  nic0: device driver frees DMA memory with different size "
		 "[device address=0x%016llx] [map size=256 bytes] [unmap size=128 bytes]\n",
		 (unsigned long long)a);
	CHECK_EQ(rlog_count(want), 1);
	CHECK_EQ(rlog_n, 1);

	/* another direction */
	rlog_reset();
	a = dma_map_single(&d, buf, 300, DMA_BIDIRECTIONAL);
	REQUIRE(!dma_mapping_error(&d, a));
	dma_unmap_single(&d, a, 300, DMA_FROM_DEVICE);
	snprintf(want, sizeof(want), "DMA-API:  nic0: device driver frees DMA memory with different direction "
		 "[device address=0x%016llx] [size=300 bytes] [mapped with DMA_BIDIRECTIONAL] "
		 "[unmapped with DMA_FROM_DEVICE]\n", (unsigned long long)a);
	CHECK_EQ(rlog_count(want), 1);
	CHECK_EQ(rlog_n, 1);

	/* the mapping's error never checked: the kernel's most common report */
	rlog_reset();
	a = dma_map_page(&d, virt_to_page(buf), 16, 200, DMA_TO_DEVICE);
	dma_unmap_page(&d, a, 200, DMA_TO_DEVICE);
	snprintf(want, sizeof(want), "DMA-API:  nic0: device driver failed to check map error"
		 "[device address=0x%016llx] [size=200 bytes] [mapped as single]\n",
		 (unsigned long long)a);
	CHECK_EQ(rlog_count(want), 1);
	CHECK_EQ(rlog_n, 1);

	/* syncs */
	rlog_reset();
	a = dma_map_single(&d, buf, 256, DMA_FROM_DEVICE);
	REQUIRE(!dma_mapping_error(&d, a));
	dma_sync_single_for_cpu(&d, a + 64, 128, DMA_FROM_DEVICE);      /* inside: fine */
	dma_sync_single_for_device(&d, a, 256, DMA_FROM_DEVICE);
	CHECK_EQ(rlog_n, 0);
	dma_sync_single_for_cpu(&d, a + 200, 100, DMA_FROM_DEVICE);
	snprintf(want, sizeof(want), "DMA-API:  nic0: device driver syncs DMA memory outside allocated "
		 "range [device address=0x%016llx] [allocation size=256 bytes] [sync offset+size=300]\n",
		 (unsigned long long)a);
	CHECK_EQ(rlog_count(want), 1);
	dma_sync_single_for_cpu(&d, a, 256, DMA_TO_DEVICE);
	snprintf(want, sizeof(want), "DMA-API:  nic0: device driver syncs DMA memory with different "
		 "direction [device address=0x%016llx] [size=256 bytes] [mapped with DMA_FROM_DEVICE] "
		 "[synced with DMA_TO_DEVICE]\n", (unsigned long long)a);
	CHECK_EQ(rlog_count(want), 1);
	dma_sync_single_for_device(&d, a, 256, DMA_TO_DEVICE);
	CHECK_EQ(rlog_count("device driver syncs device write-only DMA memory to device "), 1);
	CHECK_EQ(rlog_n, 4);
	dma_unmap_single(&d, a, 256, DMA_FROM_DEVICE);
	rlog_reset();
	dma_sync_single_for_cpu(&d, a, 16, DMA_FROM_DEVICE);             /* unmapped now */
	snprintf(want, sizeof(want), "DMA-API:  nic0: device driver tries to sync DMA memory it has not "
		 "allocated [device address=0x%016llx] [size=16 bytes]\n", (unsigned long long)a);
	CHECK_EQ(rlog_count(want), 1);
	a = dma_map_single(&d, buf, 64, DMA_BIDIRECTIONAL);
	REQUIRE(!dma_mapping_error(&d, a));
	dma_sync_single_for_cpu(&d, a, 64, DMA_TO_DEVICE);               /* bidirectional: any */
	dma_sync_single_for_device(&d, a, 64, DMA_FROM_DEVICE);
	dma_unmap_single(&d, a, 64, DMA_BIDIRECTIONAL);
	CHECK_EQ(rlog_n, 1);

	/* another function: coherent memory unmapped as a streaming mapping */
	rlog_reset();
	cpu = dma_alloc_coherent(&d, 4096, &c, GFP_KERNEL);
	REQUIRE(cpu);
	dma_unmap_single(&d, c, 4096, DMA_BIDIRECTIONAL);
	snprintf(want, sizeof(want), "DMA-API:  nic0: device driver frees DMA memory with wrong function "
		 "[device address=0x%016llx] [size=4096 bytes] [mapped as coherent] [unmapped as single]\n",
		 (unsigned long long)c);
	CHECK_EQ(rlog_count(want), 1);
	dma_free_coherent(&d, 4096, cpu, c);     /* the right way: silent */
	CHECK_EQ(rlog_n, 1);

	/* a coherent free with another size */
	rlog_reset();
	cpu = dma_alloc_coherent(&d, 2000, &c, GFP_KERNEL);
	REQUIRE(cpu);
	dma_free_coherent(&d, 1000, cpu, c);
	snprintf(want, sizeof(want), "DMA-API:  nic0: device driver frees DMA memory with different size "
		 "[device address=0x%016llx] [map size=2000 bytes] [unmap size=1000 bytes]\n",
		 (unsigned long long)c);
	CHECK_EQ(rlog_count(want), 1);
	CHECK_EQ(rlog_n, 1);

	/* leaks at release: two mappings and a coherent buffer */
	rlog_reset();
	a = dma_map_single(&d, buf, 64, DMA_FROM_DEVICE);
	(void)dma_map_single(&d, buf + 1024, 128, DMA_TO_DEVICE);
	cpu = dma_alloc_coherent(&d, 512, &c, GFP_KERNEL);
	REQUIRE(cpu);
	CHECK_EQ(rlog_n, 0);
	put_device(&d);
	CHECK_EQ(rlog_count("DMA-API:  nic0: device driver has pending DMA allocations while released "
			    "from device [count=3]\n"), 1);
	snprintf(want, sizeof(want), "One of leaked entries details: [device address=0x%016llx] "
		 "[size=64 bytes] [mapped with DMA_FROM_DEVICE] [mapped as single]\n",
		 (unsigned long long)a);
	CHECK_EQ(rlog_count(want), 1);
	CHECK_EQ(rlog_n, 1);
	free_pages((unsigned long)cpu, 0);       /* the leak, given back by hand */
	free_page((unsigned long)buf);
}

static void test_off(void)
{
	struct device d;
	unsigned long long m;
	unsigned char *buf = (unsigned char *)__get_free_pages(GFP_KERNEL | GFP_DMA32, 0);
	dma_addr_t a;

	REQUIRE(buf);
	zt_dev_setup(&d, &m, "nic1", 32);
	rlog_reset();
	dma_unmap_single(&d, 0x1000000, 64, DMA_TO_DEVICE);
	a = dma_map_single(&d, buf, 256, DMA_TO_DEVICE);
	dma_unmap_single(&d, a, 128, DMA_FROM_DEVICE);
	(void)dma_map_single(&d, buf, 64, DMA_TO_DEVICE);
	put_device(&d);
	CHECK_EQ(rlog_n, 0);
	free_page((unsigned long)buf);
}

int main(void)
{
	struct zm_buddy boot;

	zslab_set_report_hook(rlog_hook, NULL);
	REQUIRE(zslab_init(BOOT "dma_debug=1") == 0);
	zm_buddy_snap(&boot);
	test_quiet_when_right();
	test_mistakes();
	zs_slab_shrink_all();
	CHECK(zm_buddy_equal(&boot, "after dma_debug"));
	zslab_exit();
	REQUIRE(zslab_init(BOOT) == 0);
	test_off();
	zslab_exit();
	return zt_summary("test_dma_debug");
}
