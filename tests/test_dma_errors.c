/* SPDX-License-Identifier: MIT */
/*
 * test_dma_errors.c - every refusal of the DMA layer, each with its
 * message and its return value, and nothing changed by it:
 * device_initialize/dev_set_name/device_register of NULL, get_device()
 * of an uninitialised device (the kobject WARN), dma_set_mask on NULL,
 * dma_direct_set_offset with size 0, a device with dma_ops (zslab has
 * dma-direct only), dma_alloc_attrs without a handle, dma_free_attrs of
 * foreign memory, dmam_free_coherent and dmam_pool_destroy of what is not
 * managed, devm_add_action without an action, zslab_dma_read/write with
 * NULL or beyond RAM, dma_pool calls with NULL, an uninitialised device
 * refused by dma_pool_create, and the fail-safe of a device's own refs.
 */
#include "zt.h"
#include "zt_rlog.h"

#include <errno.h>
#include <zslab/zslab.h>

static void nop_release(struct device *dev)
{
	(void)dev;
}

struct dma_map_ops { int unused; };
static const struct dma_map_ops some_ops;

int main(void)
{
	struct device dev = { 0 }, raw = { 0 };
	unsigned long long mask;
	struct dma_pool *pool;
	dma_addr_t h;
	char local[16];
	void *p;

	zslab_set_report_hook(rlog_hook, NULL);
	REQUIRE(zslab_init(NULL) == 0);

	rlog_reset();
	device_initialize(NULL);
	CHECK_EQ(rlog_count("device_initialize: NULL device"), 1);
	CHECK_EQ(dev_set_name(NULL, "x"), -EINVAL);
	CHECK_EQ(rlog_count("dev_set_name: NULL device"), 1);
	CHECK_EQ(device_register(NULL), -EINVAL);
	CHECK_EQ(device_add(NULL), -EINVAL);
	CHECK_EQ(rlog_count("device_register: NULL device (-EINVAL)"), 1);
	CHECK_EQ(rlog_count("device_add: NULL device (-EINVAL)"), 1);
	rlog_reset();
	CHECK(get_device(&raw) == &raw);
	CHECK_EQ(rlog_count("kobject: '(null)' ("), 1);
	CHECK_EQ(rlog_count("): is not initialized, yet kobject_get() is being called."), 1);
	CHECK_EQ(raw._refs, 0);

	device_initialize(&dev);
	dev_set_name(&dev, "err0");
	dev.release = nop_release;
	dev.dma_mask = &mask;
	rlog_reset();
	CHECK_EQ(dma_set_mask(NULL, DMA_BIT_MASK(32)), -EIO);
	CHECK_EQ(rlog_count("dma_set_mask: (NULL device *): mask 0xffffffff refused: NULL device (-EIO)"), 1);
	CHECK_EQ(dma_direct_set_offset(&dev, 0, 4096, 0), -EINVAL);
	CHECK_EQ(rlog_count("dma_direct_set_offset: size 0 (-EINVAL)"), 1);
	REQUIRE(dma_set_mask_and_coherent(&dev, DMA_BIT_MASK(32)) == 0);

	/* a device with ops */
	dev.dma_ops = &some_ops;
	rlog_reset();
	CHECK(dma_alloc_coherent(&dev, 64, &h, GFP_KERNEL) == NULL);
	CHECK_EQ(dma_map_single(&dev, local, 8, DMA_TO_DEVICE), DMA_MAPPING_ERROR);
	CHECK_EQ(rlog_count("err0: the device has dma_map_ops; zslab has only dma-direct"), 2);
	dev.dma_ops = NULL;

	rlog_reset();
	CHECK(dma_alloc_attrs(&dev, 64, NULL, GFP_KERNEL, 0) == NULL);
	CHECK_EQ(rlog_count("dma_alloc_attrs: NULL dma_handle"), 1);
	dma_free_coherent(&dev, 64, local, 0x1000);
	CHECK_EQ(rlog_count("dma_free_attrs: not zslab memory:"), 1);
	dma_free_coherent(&dev, 64, NULL, 0);          /* NULL: nothing */
	CHECK_EQ(rlog_n, 2);

	/* managed frees of what is not managed */
	p = dma_alloc_coherent(&dev, 64, &h, GFP_KERNEL);
	REQUIRE(p);
	rlog_reset();
	dmam_free_coherent(&dev, 64, p, h);
	CHECK_EQ(rlog_count("is not a dmam_alloc_coherent() allocation of this device"), 1);
	dma_free_coherent(&dev, 64, p, h);
	pool = dma_pool_create("plain", &dev, 64, 8, 0);
	REQUIRE(pool);
	dmam_pool_destroy(pool);
	CHECK_EQ(rlog_count("dmam_pool_destroy: pool plain is not a dmam_pool_create() pool"), 1);
	CHECK_EQ(zslab_dma_pool_validate(pool), 0);     /* still there */
	dma_pool_destroy(pool);
	CHECK_EQ(devm_add_action(&dev, NULL, NULL), -EINVAL);
	CHECK_EQ(rlog_count("devm_add_action: NULL action"), 1);

	/* the device's view */
	rlog_reset();
	CHECK_EQ(zslab_dma_read(NULL, 0, local, 4), -EINVAL);
	CHECK_EQ(zslab_dma_write(&dev, 0x1000, NULL, 4), -EINVAL);
	CHECK_EQ(rlog_count("zslab_dma_read: NULL device (-EINVAL)"), 1);
	CHECK_EQ(rlog_count("zslab_dma_write: NULL buffer (-EINVAL)"), 1);
	REQUIRE(zslab_init("memmap=1G@0") == -EBUSY);   /* still the 8 GiB machine */

	/* dma_pool calls with NULL; an uninitialised device */
	rlog_reset();
	CHECK(dma_pool_alloc(NULL, GFP_KERNEL, &h) == NULL);
	dma_pool_free(NULL, local, 0);
	CHECK(dma_pool_create("raw", &raw, 64, 8, 0) == NULL);
	CHECK_EQ(rlog_count("dma_pool_alloc: NULL pool"), 1);
	CHECK_EQ(rlog_count("dma_pool_free: NULL pool"), 1);
	CHECK_EQ(rlog_count("dma_pool_create: device"), 1);
	CHECK_EQ(rlog_count("was not initialised (device_initialize())"), 1);
	CHECK_EQ(zslab_dma_pool_validate(NULL), 1);

	put_device(&dev);
	zslab_exit();

	/* a device on a machine of 1 GiB: RAM ends at 1 GiB, reads past it refused */
	REQUIRE(zslab_init("memmap=1G@0") == 0);
	memset(&dev, 0, sizeof(dev));
	device_initialize(&dev);
	dev_set_name(&dev, "small0");
	dev.release = nop_release;
	dev.dma_mask = &mask;
	REQUIRE(dma_set_mask_and_coherent(&dev, DMA_BIT_MASK(32)) == 0);
	rlog_reset();
	CHECK_EQ(zslab_dma_read(&dev, (1ULL << 30) - 4, local, 8), -EFAULT);
	CHECK_EQ(rlog_count("zslab_dma_read: small0: bus address 0x40000000 is not RAM (-EFAULT)"), 1);
	put_device(&dev);
	zslab_exit();
	return zt_summary("test_dma_errors");
}
