/* SPDX-License-Identifier: MIT */
/*
 * test_dma_device.c - struct device and devres, with the kernel's rules:
 *  - device_initialize/add/del/put: names from dev_set_name(), init_name
 *    or the bus's dev_name; device_add refuses a nameless, uninitialised,
 *    added or duplicate device with -EINVAL/-EEXIST and a report; the
 *    final put calls release once (and WARNs without one); get/put of
 *    NULL are no-ops; an underflow is a WARN;
 *  - dev_err() and friends print "<drv> <name>: msg" (driver, else bus,
 *    else " name: "), "(NULL device *): " for NULL;
 *  - devres: released newest first at the final put (and at device_del
 *    with a driver bound, not without), devm_kfree of a foreign pointer
 *    WARNs and frees nothing, devm_kcalloc overflow is NULL, size 0 is
 *    ZERO_SIZE_PTR, devm_add_action_or_reset runs the action on failure;
 *  - masks: dma_set_mask() needs dma_mask storage, -EIO for a mask that
 *    reaches no RAM or is below ZONE_DMA's end; set_mask_and_coherent
 *    sets the coherent mask only when the first succeeded;
 *  - the views: /sys/devices/<name> while added.
 */
#include "zt.h"
#include "zt_rlog.h"

#include <errno.h>
#include <zslab/zslab.h>

#include "slab/sysfs.h"

static int released;
static struct device *released_dev;

static void release_count(struct device *dev)
{
	released++;
	released_dev = dev;
}

static void test_names_and_lifecycle(void)
{
	static const struct bus_type bus = { .name = "platform", .dev_name = "plat" };
	struct device a = { 0 }, b = { 0 }, c = { 0 }, d = { 0 };
	struct zs_sysfs_node node;

	/* dev_set_name() before device_initialize(), as dmapool_test does */
	CHECK_EQ(dev_set_name(&a, "dev-%d", 7), 0);
	CHECK(!strcmp(dev_name(&a), "dev-7"));
	a.release = release_count;
	CHECK_EQ(device_register(&a), 0);
	CHECK(!strcmp(dev_name(&a), "dev-7"));
	CHECK_EQ(zs_sysfs_stat("/sys/devices/dev-7", &node), 0);
	CHECK_EQ(node.type, ZS_SYSFS_DIR);

	/* already added, duplicate name, no name, not initialised */
	rlog_reset();
	CHECK_EQ(device_add(&a), -EEXIST);
	CHECK_EQ(rlog_count("device_add: dev-7 is already added"), 1);
	device_initialize(&b);
	b.init_name = "dev-7";
	b.release = release_count;
	CHECK_EQ(device_add(&b), -EEXIST);
	CHECK_EQ(rlog_count("sysfs: cannot create duplicate filename '/devices/dev-7'"), 1);
	put_device(&b);
	CHECK_EQ(released, 1);
	released = 0;
	device_initialize(&c);
	c.release = release_count;
	CHECK_EQ(device_add(&c), -EINVAL);
	CHECK_EQ(rlog_count("has no name"), 1);
	/* the bus names it */
	c.bus = &bus;
	c.id = 3;
	CHECK_EQ(device_add(&c), 0);
	CHECK(!strcmp(dev_name(&c), "plat3"));
	CHECK_EQ(device_add(&d), -EINVAL);
	CHECK_EQ(rlog_count("was not initialised"), 1);

	/* references: release once, at the last put */
	CHECK(get_device(&a) == &a);
	CHECK(get_device(NULL) == NULL);
	put_device(NULL);
	device_del(&a);
	CHECK_EQ(zs_sysfs_stat("/sys/devices/dev-7", &node), -ENOENT);
	put_device(&a);
	CHECK_EQ(released, 0);
	put_device(&a);
	CHECK_EQ(released, 1);
	CHECK(released_dev == &a);
	rlog_reset();
	put_device(&a);
	CHECK_EQ(rlog_count("refcount_t: underflow; use-after-free."), 1);
	CHECK_EQ(released, 1);

	/* device_unregister; no release: the kernel's WARN */
	c.release = NULL;
	rlog_reset();
	device_unregister(&c);
	CHECK_EQ(rlog_count("Device 'plat3' does not have a release() function, it is broken and must be fixed. "
			    "See Documentation/core-api/kobject.rst."), 1);
	CHECK_EQ(rlog_count("WARNING:"), 1);
	device_del(&c);
	CHECK_EQ(rlog_count("device_del: "), 1);
}

static void test_dev_printk(void)
{
	static struct device_driver drv = { .name = "mydrv" };
	static const struct bus_type bus = { .name = "pci" };
	struct device dev = { 0 };

	device_initialize(&dev);
	dev.release = release_count;
	dev_set_name(&dev, "0000:00:1f.2");
	rlog_reset();
	dev_info(&dev, "hello %d", 1);
	CHECK(!strcmp(rlog, " 0000:00:1f.2: hello 1\n"));
	dev.bus = &bus;
	rlog_reset();
	dev_warn(&dev, "bus %s\n", "named");
	CHECK(!strcmp(rlog, "pci 0000:00:1f.2: bus named\n"));
	dev.driver = &drv;
	rlog_reset();
	dev_err(&dev, "driver");
	CHECK(!strcmp(rlog, "mydrv 0000:00:1f.2: driver\n"));
	rlog_reset();
	dev_err(NULL, "nobody");
	CHECK(!strcmp(rlog, "(NULL device *): nobody\n"));
	rlog_reset();
	dev_dbg(&dev, "not printed without DEBUG");
	CHECK_EQ(rlog_n, 0);
	dev.driver = NULL;
	put_device(&dev);
}

/* ---- devres ----------------------------------------------------------------- */

static int order[8], nr_order;

static void note(void *data)
{
	order[nr_order++] = (int)(intptr_t)data;
}

static void test_devres(void)
{
	static struct device_driver drv = { .name = "drv" };
	struct device dev = { 0 };
	dma_addr_t dma;
	void *p, *q, *z;
	char local;

	released = 0;
	device_initialize(&dev);
	dev_set_name(&dev, "devres0");
	dev.release = release_count;
	dev.coherent_dma_mask = DMA_BIT_MASK(32);

	p = devm_kzalloc(&dev, 100, GFP_KERNEL);
	REQUIRE(p);
	CHECK(((uintptr_t)p & 7) == 0);
	CHECK(((char *)p)[99] == 0);
	CHECK_EQ(devm_add_action(&dev, note, (void *)1), 0);
	q = devm_kcalloc(&dev, 4, 8, GFP_KERNEL);
	CHECK(q && ((long *)q)[3] == 0);
	CHECK_EQ(devm_add_action(&dev, note, (void *)2), 0);
	z = dmam_alloc_coherent(&dev, 5000, &dma, GFP_KERNEL);
	CHECK(z && dma < (1ULL << 32));
	CHECK(devm_kmalloc(&dev, 0, GFP_KERNEL) == ZERO_SIZE_PTR);
	rlog_reset();
	CHECK(devm_kcalloc(&dev, SIZE_MAX / 2, 4, GFP_KERNEL) == NULL);
	CHECK_EQ(rlog_count("devm_kmalloc_array:"), 1);

	/* a foreign pointer: WARN, nothing freed; then a real one */
	rlog_reset();
	devm_kfree(&dev, &local);
	CHECK_EQ(rlog_count("is not a devm_kmalloc() allocation of this device"), 1);
	devm_kfree(&dev, q);
	rlog_reset();
	devm_kfree(&dev, q);          /* gone now */
	CHECK_EQ(rlog_count("is not a devm_kmalloc() allocation"), 1);
	dmam_free_coherent(&dev, 5000, z, dma);

	/* device_del without a driver keeps devres; with one releases it */
	CHECK_EQ(device_add(&dev), 0);
	device_del(&dev);
	CHECK_EQ(nr_order, 0);
	CHECK_EQ(device_add(&dev), 0);
	dev.driver = &drv;
	device_del(&dev);
	CHECK_EQ(nr_order, 2);
	CHECK_EQ(order[0], 2);        /* newest first */
	CHECK_EQ(order[1], 1);
	CHECK(dev.driver == NULL);

	/* the rest at the final put */
	nr_order = 0;
	CHECK_EQ(devm_add_action(&dev, note, (void *)3), 0);
	CHECK(dmam_alloc_coherent(&dev, 100, &dma, GFP_KERNEL));
	CHECK_EQ(devm_add_action(&dev, note, (void *)4), 0);
	put_device(&dev);
	CHECK_EQ(released, 1);
	CHECK_EQ(nr_order, 2);
	CHECK_EQ(order[0], 4);
	CHECK_EQ(order[1], 3);

	/* uninitialised devices are refused */
	struct device raw = { 0 };

	rlog_reset();
	CHECK(devm_kmalloc(&raw, 8, GFP_KERNEL) == NULL);
	CHECK_EQ(rlog_count("devm_kmalloc: device"), 1);
	CHECK_EQ(devm_add_action_or_reset(&raw, note, (void *)9), -EINVAL);
	CHECK_EQ(order[nr_order - 1], 9);
}

/* ---- masks -------------------------------------------------------------------- */

static void test_masks(void)
{
	struct device dev = { 0 };
	unsigned long long mask = 0;

	device_initialize(&dev);
	dev_set_name(&dev, "masks0");
	dev.release = release_count;
	rlog_reset();
	CHECK_EQ(dma_set_mask(&dev, DMA_BIT_MASK(32)), -EIO);   /* no storage */
	CHECK_EQ(rlog_count("no dma_mask storage"), 1);
	CHECK_EQ(dma_get_mask(&dev), DMA_BIT_MASK(32));
	dev.dma_mask = &mask;
	CHECK_EQ(dma_set_mask_and_coherent(&dev, DMA_BIT_MASK(64)), 0);
	CHECK_EQ(mask, DMA_BIT_MASK(64));
	CHECK_EQ(dev.coherent_dma_mask, DMA_BIT_MASK(64));
	CHECK_EQ(dma_set_mask_and_coherent(&dev, DMA_BIT_MASK(24)), 0);  /* ZONE_DMA's end */
	CHECK_EQ(dma_get_mask(&dev), DMA_BIT_MASK(24));
	rlog_reset();
	CHECK_EQ(dma_set_mask_and_coherent(&dev, DMA_BIT_MASK(23)), -EIO);
	CHECK_EQ(mask, DMA_BIT_MASK(24));
	CHECK_EQ(dev.coherent_dma_mask, DMA_BIT_MASK(24));          /* untouched */
	CHECK_EQ(rlog_count("dma_set_mask: masks0"), 1);
	CHECK_EQ(dma_set_coherent_mask(&dev, DMA_BIT_MASK(20)), -EIO);
	CHECK_EQ(DMA_BIT_MASK(64), ~0ULL);
	CHECK_EQ(DMA_BIT_MASK(12), 0xfffULL);
	put_device(&dev);
}

/* RAM only above 4 GiB: a 32-bit mask reaches none of it. */
static void test_masks_high_ram(void)
{
	struct device dev = { 0 };
	unsigned long long mask = 0;

	REQUIRE(zslab_init("memmap=1G@0x100000000") == 0);
	device_initialize(&dev);
	dev_set_name(&dev, "high0");
	dev.release = release_count;
	dev.dma_mask = &mask;
	rlog_reset();
	CHECK_EQ(dma_set_mask_and_coherent(&dev, DMA_BIT_MASK(32)), -EIO);
	CHECK_EQ(rlog_count("reaches no RAM"), 1);
	CHECK_EQ(dma_set_mask_and_coherent(&dev, DMA_BIT_MASK(33)), 0);
	/* a bus that sees this RAM at 0: the 32-bit mask now reaches it */
	CHECK_EQ(dma_direct_set_offset(&dev, 0x100000000ULL, 0, 1ULL << 30), 0);
	CHECK_EQ(dma_set_mask_and_coherent(&dev, DMA_BIT_MASK(32)), 0);
	CHECK_EQ(phys_to_dma(&dev, 0x100001000ULL), 0x1000);
	CHECK_EQ(dma_to_phys(&dev, 0x1000), 0x100001000ULL);
	CHECK_EQ(phys_to_dma(&dev, 0x1000), DMA_MAPPING_ERROR);
	CHECK_EQ(dma_direct_set_offset(&dev, 0, 0, 4096), -EINVAL);   /* has a map */
	put_device(&dev);
	zslab_exit();
}

int main(void)
{
	zslab_set_report_hook(rlog_hook, NULL);
	REQUIRE(zslab_init(NULL) == 0);
	test_names_and_lifecycle();
	test_dev_printk();
	test_devres();
	test_masks();
	zslab_exit();
	test_masks_high_ram();
	return zt_summary("test_dma_device");
}
