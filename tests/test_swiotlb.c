/* SPDX-License-Identifier: MIT */
/*
 * test_swiotlb.c - the software IO TLB under dma-direct:
 *  - the property: random buffers above 4 GiB (sizes to 64 KiB, odd
 *    offsets) mapped for a 32-bit device in every direction land in the
 *    pool below 4 GiB; the device (zslab_dma_read) reads what the CPU
 *    wrote; after sync_for_cpu and after the unmap the CPU sees what the
 *    device wrote (zslab_dma_write) for DMA_FROM_DEVICE and
 *    DMA_BIDIRECTIONAL, and its own data for DMA_TO_DEVICE;
 *    sync_for_device carries new CPU data for DMA_TO_DEVICE and
 *    DMA_BIDIRECTIONAL only; the pool's used count is exactly the slots of
 *    the live mappings; it fills, and the error is DMA_MAPPING_ERROR with
 *    the kernel's "swiotlb buffer is full" text and numbers; everything
 *    is given back;
 *  - what does not bounce: a buffer the device reaches, a 64-bit device;
 *    what bounces anyway: everything under swiotlb=force;
 *  - refusals: a mapping over 256 KiB (one segment), a pool the device's
 *    mask cannot reach ("swiotlb addr ... overflow"), a pool that cannot
 *    be made ("Can not allocate SWIOTLB buffer earlier ..."), an unmap of
 *    an address that starts no bounce buffer, swiotlb=noforce (dma-direct
 *    refuses), and the option's bad forms;
 *  - the pool is made on first use from low memory, and buddyinfo is back
 *    to what it was then after the last unmap; zslab_exit gives it back.
 */
#include "zt.h"
#include "zt_dma.h"
#include "zt_mm.h"
#include "zt_rlog.h"

#include <zslab/swiotlb.h>

#include "dma/swiotlb_internal.h"
#include "slab/slab.h"

#define BOOT "memmap=512M@0 memmap=512M@0x100000000 "
#define NSLABS 512
#define MAXLIVE 64

static unsigned long pool_used(void)
{
	struct zslab_swiotlb_info info;

	REQUIRE(zslab_swiotlb_get_info(&info) == 0);
	return info.used;
}

static unsigned int slots_of(size_t len)
{
	return (unsigned int)((len + IO_TLB_SIZE - 1) / IO_TLB_SIZE);
}

static void fill_random(uint64_t *seed, unsigned char *p, size_t len)
{
	for (size_t i = 0; i < len; i++)
		p[i] = (unsigned char)zm_rand(seed);
}

/* --- the property ------------------------------------------------------------ */

struct live {
	unsigned char *mem;      /* kmalloc'd, above 4 GiB */
	unsigned char *buf;      /* mem + an odd offset */
	unsigned char *want;     /* what the CPU must see after the unmap */
	size_t len;
	dma_addr_t dma;
	enum dma_data_direction dir;
};

static const enum dma_data_direction dirs[] = {
	DMA_TO_DEVICE, DMA_FROM_DEVICE, DMA_BIDIRECTIONAL,
};

static bool device_sees(struct device *dev, const struct live *m, const unsigned char *what)
{
	unsigned char *got = malloc(m->len);
	bool same;

	REQUIRE(got);
	REQUIRE(zslab_dma_read(dev, m->dma, got, m->len) == 0);
	same = !memcmp(got, what, m->len);
	free(got);
	return same;
}

static unsigned long full_reports;

static bool map_one(struct device *dev, uint64_t *seed, struct live *m, unsigned long *slots)
{
	size_t off = zm_below(seed, 64);

	m->len = 1 + zm_below(seed, zm_below(seed, 2) ? 4096 : 65536);
	m->dir = dirs[zm_below(seed, 3)];
	m->mem = kmalloc(m->len + off, GFP_KERNEL);
	REQUIRE(m->mem);
	CHECK(virt_to_phys(m->mem) >= (1ULL << 32));
	m->buf = m->mem + off;
	m->want = malloc(m->len);
	REQUIRE(m->want);
	fill_random(seed, m->buf, m->len);
	memcpy(m->want, m->buf, m->len);

	rlog_reset();
	m->dma = dma_map_single(dev, m->buf, m->len, m->dir);
	if (dma_mapping_error(dev, m->dma)) {
		char text[160];

		snprintf(text, sizeof(text),
			 " pci32: swiotlb buffer is full (sz: %zu bytes), total %d (slots), used %lu (slots)",
			 m->len, NSLABS, *slots);
		/* dev_warn_ratelimited: 10 per 5 s; each one said is exact */
		CHECK(rlog_n == 0 || (rlog_n == 1 && rlog_count(text) == 1));
		full_reports += rlog_n;
		kfree(m->mem);
		free(m->want);
		return false;
	}
	CHECK_EQ(rlog_n, 0);
	*slots += slots_of(m->len);
	CHECK(m->dma + m->len - 1 <= DMA_BIT_MASK(32));
	CHECK(is_swiotlb_buffer(dev, dma_to_phys(dev, m->dma)));
	CHECK_EQ(pool_used(), *slots);
	/* the bounce buffer holds the CPU's data, in every direction (5.19+) */
	CHECK(device_sees(dev, m, m->buf));
	/* the device writes: the CPU buffer does not change until a sync */
	if (m->dir != DMA_TO_DEVICE || zm_below(seed, 2)) {
		unsigned char *dw = malloc(m->len);

		REQUIRE(dw);
		fill_random(seed, dw, m->len);
		REQUIRE(zslab_dma_write(dev, m->dma, dw, m->len) == 0);
		CHECK(!memcmp(m->buf, m->want, m->len));
		if (m->dir != DMA_TO_DEVICE)
			memcpy(m->want, dw, m->len);
		free(dw);
	}
	return true;
}

static void sync_one(struct device *dev, uint64_t *seed, struct live *m)
{
	/* for the CPU: FROM/BIDIR bring the device's data back, TO nothing */
	dma_sync_single_for_cpu(dev, m->dma, m->len, m->dir);
	CHECK(!memcmp(m->buf, m->want, m->len));
	/* the CPU writes again, then for the device: TO/BIDIR carry it */
	fill_random(seed, m->buf, m->len);
	dma_sync_single_for_device(dev, m->dma, m->len, m->dir);
	if (m->dir == DMA_FROM_DEVICE) {
		CHECK(device_sees(dev, m, m->want));    /* the device's own data */
		/* the unmap copies the bounce buffer back over the CPU's writes */
	} else {
		CHECK(device_sees(dev, m, m->buf));
		memcpy(m->want, m->buf, m->len);
	}
}

static void unmap_one(struct device *dev, struct live *m, unsigned long *slots)
{
	dma_unmap_single(dev, m->dma, m->len, m->dir);
	*slots -= slots_of(m->len);
	CHECK_EQ(pool_used(), *slots);
	CHECK(!memcmp(m->buf, m->want, m->len));
	kfree(m->mem);
	free(m->want);
}

static void test_property(void)
{
	uint64_t seed = zm_seed(0x5107b);
	struct device d32;
	unsigned long long m32;
	struct live live[MAXLIVE];
	unsigned long slots = 0;
	int nlive = 0, maps = 0, fulls = 0;
	struct zm_buddy boot;

	REQUIRE(zslab_init(BOOT "swiotlb=512") == 0);
	zt_dev_setup(&d32, &m32, "pci32", 32);
	rlog_reset();
	swiotlb_print_info();                  /* makes the pool */
	CHECK_EQ(rlog_count("software IO TLB: mapped [mem 0x"), 1);
	CHECK_EQ(rlog_count("] (1MB)"), 1);
	zs_slab_shrink_all();
	zm_buddy_snap(&boot);
	printf("test_swiotlb: seed %#llx\n", (unsigned long long)seed);

	for (int round = 0; round < 3000; round++) {
		unsigned int op = (unsigned int)zm_below(&seed, 10);

		if (nlive < MAXLIVE && op < 5) {
			if (map_one(&d32, &seed, &live[nlive], &slots)) {
				nlive++;
				maps++;
			} else {
				fulls++;
			}
		} else if (nlive && op < 7) {
			sync_one(&d32, &seed, &live[zm_below(&seed, (unsigned long)nlive)]);
		} else if (nlive) {
			int i = (int)zm_below(&seed, (unsigned long)nlive);

			unmap_one(&d32, &live[i], &slots);
			live[i] = live[--nlive];
		}
	}
	CHECK(maps > 500);
	CHECK(fulls > 0);                      /* it filled under the random load */
	CHECK_EQ(zs_swiotlb_validate(), 0);

	while (nlive)
		unmap_one(&d32, &live[--nlive], &slots);
	CHECK_EQ(pool_used(), 0);
	CHECK_EQ(zs_swiotlb_validate(), 0);
	CHECK(full_reports > 0);
	printf("test_swiotlb: %d mappings, %d refused while full\n", maps, fulls);
	zs_slab_shrink_all();
	CHECK(zm_buddy_equal(&boot, "after the swiotlb property"));
	put_device(&d32);
	zslab_exit();
}

/* --- filling the pool: the error and its numbers --------------------------- */

static void test_fill(void)
{
	struct device d32;
	unsigned long long m32;
	struct live live[NSLABS / 16 + 1];
	unsigned long slots = 0;
	int nlive = 0;
	char text[160];

	REQUIRE(zslab_init(BOOT "swiotlb=512") == 0);
	zt_dev_setup(&d32, &m32, "pci32", 32);
	/* 32 KiB mappings until the pool says no */
	rlog_reset();
	for (;;) {
		struct live *m = &live[nlive];

		REQUIRE(nlive <= NSLABS / 16);
		m->len = 16 * IO_TLB_SIZE;
		m->dir = DMA_TO_DEVICE;
		m->mem = m->buf = kmalloc(m->len, GFP_KERNEL);
		m->want = malloc(m->len);
		REQUIRE(m->mem && m->want);
		memset(m->buf, 0x33, m->len);
		memcpy(m->want, m->buf, m->len);
		m->dma = dma_map_single(&d32, m->buf, m->len, m->dir);
		if (m->dma == DMA_MAPPING_ERROR) {
			kfree(m->mem);
			free(m->want);
			break;
		}
		slots += 16;
		nlive++;
	}
	snprintf(text, sizeof(text),
		 " pci32: swiotlb buffer is full (sz: 32768 bytes), total 512 (slots), used %lu (slots)",
		 slots);
	CHECK_EQ(rlog_count(text), 1);
	CHECK_EQ(rlog_n, 1);
	CHECK_EQ(slots, NSLABS);               /* 8 to a segment: no slot is lost */
	CHECK_EQ(pool_used(), slots);
	while (nlive)
		unmap_one(&d32, &live[--nlive], &slots);
	CHECK_EQ(pool_used(), 0);
	CHECK_EQ(zs_swiotlb_validate(), 0);
	put_device(&d32);
	zslab_exit();
}

/* --- what bounces and what does not ----------------------------------------- */

static void test_who_bounces(void)
{
	struct device d32, d64, d24;
	unsigned long long m32, m64, m24;
	struct zslab_swiotlb_info info;
	unsigned char *low, *high;
	dma_addr_t a;

	REQUIRE(zslab_init(BOOT "swiotlb=256") == 0);
	zt_dev_setup(&d32, &m32, "pci32", 32);
	zt_dev_setup(&d64, &m64, "pci64", 64);
	zt_dev_setup(&d24, &m24, "isa24", 24);
	CHECK_EQ(zslab_swiotlb_get_info(&info), 0);
	CHECK_EQ(info.nslabs, 256);
	CHECK(!info.allocated);                 /* nothing needed it yet */
	CHECK(is_swiotlb_active(&d32));
	CHECK(!is_swiotlb_force_bounce(&d32));
	CHECK_EQ(swiotlb_max_mapping_size(&d32), 256 * 1024);
	low = (unsigned char *)__get_free_pages(GFP_KERNEL | GFP_DMA32, 0);
	high = kmalloc(300 * 1024, GFP_KERNEL);
	REQUIRE(low && high);
	REQUIRE(virt_to_phys(low) < (1ULL << 32));
	REQUIRE(virt_to_phys(high) >= (1ULL << 32));

	/* reachable: direct */
	a = dma_map_single(&d32, low, 4096, DMA_BIDIRECTIONAL);
	CHECK_EQ(a, virt_to_phys(low));
	dma_unmap_single(&d32, a, 4096, DMA_BIDIRECTIONAL);
	a = dma_map_single(&d64, high, 4096, DMA_TO_DEVICE);
	CHECK_EQ(a, virt_to_phys(high));
	dma_unmap_single(&d64, a, 4096, DMA_TO_DEVICE);
	CHECK_EQ(zslab_swiotlb_get_info(&info), 0);
	CHECK(!info.allocated);

	/* one segment at most */
	rlog_reset();
	a = dma_map_single(&d32, high, 256 * 1024, DMA_TO_DEVICE);
	CHECK(a != DMA_MAPPING_ERROR);
	CHECK_EQ(pool_used(), 128);
	dma_unmap_single(&d32, a, 256 * 1024, DMA_TO_DEVICE);
	a = dma_map_single(&d32, high, 256 * 1024 + 1, DMA_TO_DEVICE);
	CHECK_EQ(a, DMA_MAPPING_ERROR);
	CHECK_EQ(rlog_count(" pci32: swiotlb buffer is full (sz: 262145 bytes), total 256 (slots), used 0 (slots)"), 1);
	/* DMA_ATTR_NO_WARN: refused in silence */
	rlog_reset();
	a = dma_map_single_attrs(&d32, high, 256 * 1024 + 1, DMA_TO_DEVICE, DMA_ATTR_NO_WARN);
	CHECK_EQ(a, DMA_MAPPING_ERROR);
	CHECK_EQ(rlog_n, 0);

	/* the pool is in DMA32: a 24-bit device cannot reach it */
	a = dma_map_single(&d24, high, 100, DMA_TO_DEVICE);
	CHECK_EQ(a, DMA_MAPPING_ERROR);
	CHECK_EQ(rlog_count(" isa24: swiotlb addr 0x"), 1);
	CHECK_EQ(rlog_count("overflow (mask ffffff, bus limit 0)."), 1);
	CHECK_EQ(pool_used(), 0);

	/* an unmap that starts no bounce buffer */
	rlog_reset();
	a = dma_map_single(&d32, high, 5000, DMA_FROM_DEVICE);
	REQUIRE(a != DMA_MAPPING_ERROR);
	swiotlb_tbl_unmap_single(&d32, dma_to_phys(&d32, a) + IO_TLB_SIZE, 100,
				 DMA_FROM_DEVICE, 0);
	CHECK_EQ(rlog_count("BUG: swiotlb: pci32: unmap of 0x"), 1);
	CHECK_EQ(rlog_count("which is not the start of a bounce buffer; nothing freed"), 1);
	CHECK_EQ(pool_used(), 3);
	/* a sync past the mapping's end is cut to it, with the kernel's warning */
	dma_sync_single_for_cpu(&d32, a, 6000, DMA_FROM_DEVICE);
	CHECK_EQ(rlog_count(" pci32: Buffer overflow detected. Allocation size: 5000. Mapping size: 6000."), 1);
	dma_unmap_single(&d32, a, 5000, DMA_FROM_DEVICE);
	CHECK_EQ(pool_used(), 0);
	CHECK_EQ(zs_swiotlb_validate(), 0);
	free_page((unsigned long)low);
	kfree(high);
	put_device(&d32);
	put_device(&d64);
	put_device(&d24);
	zslab_exit();
}

static void test_force_and_noforce(void)
{
	struct device d32;
	unsigned long long m32;
	unsigned char *low, *high, buf[16];
	dma_addr_t a;

	/* force: even a reachable buffer bounces */
	REQUIRE(zslab_init(BOOT "swiotlb=128,force") == 0);
	zt_dev_setup(&d32, &m32, "pci32", 32);
	CHECK(is_swiotlb_force_bounce(&d32));
	low = (unsigned char *)__get_free_pages(GFP_KERNEL | GFP_DMA32, 0);
	REQUIRE(low);
	memcpy(low, "bounced anyway", 15);
	a = dma_map_single(&d32, low, 64, DMA_TO_DEVICE);
	CHECK(a != virt_to_phys(low));
	CHECK(is_swiotlb_buffer(&d32, dma_to_phys(&d32, a)));
	CHECK_EQ(zslab_dma_read(&d32, a, buf, 15), 0);
	CHECK(!memcmp(buf, "bounced anyway", 15));
	dma_unmap_single(&d32, a, 64, DMA_TO_DEVICE);
	free_page((unsigned long)low);
	put_device(&d32);
	zslab_exit();

	/* noforce: no pool; dma-direct refuses what the device cannot reach */
	REQUIRE(zslab_init(BOOT "swiotlb=noforce") == 0);
	zt_dev_setup(&d32, &m32, "pci32", 32);
	CHECK(!is_swiotlb_active(&d32));
	high = kmalloc(64, GFP_KERNEL);
	REQUIRE(high);
	rlog_reset();
	a = dma_map_single(&d32, high, 64, DMA_TO_DEVICE);
	CHECK_EQ(a, DMA_MAPPING_ERROR);
	CHECK_EQ(rlog_count("DMA addr 0x"), 1);
	CHECK_EQ(rlog_count("overflow (mask ffffffff"), 1);
	kfree(high);
	put_device(&d32);
	zslab_exit();
}

static void test_no_low_memory(void)
{
	struct device d32;
	unsigned long long m32;
	struct zm_buddy before;
	unsigned char *high;
	dma_addr_t a;

	/* 32 MiB below 4 GiB cannot hold a 128 MiB pool */
	REQUIRE(zslab_init("memmap=32M@0 memmap=512M@0x100000000 swiotlb=65536") == 0);
	zt_dev_setup(&d32, &m32, "pci32", 32);
	high = kmalloc(64, GFP_KERNEL);
	REQUIRE(high);
	zm_buddy_snap(&before);
	rlog_reset();
	a = dma_map_single(&d32, high, 64, DMA_TO_DEVICE);
	CHECK_EQ(a, DMA_MAPPING_ERROR);
	CHECK_EQ(rlog_count(" pci32: Can not allocate SWIOTLB buffer earlier and can't now provide you with the DMA bounce buffer"), 1);
	CHECK(!is_swiotlb_active(&d32));
	CHECK(zm_buddy_equal(&before, "after a pool that could not be made"));
	swiotlb_print_info();
	CHECK_EQ(rlog_count("software IO TLB: No low mem"), 1);
	kfree(high);
	put_device(&d32);
	zslab_exit();
}

static void test_option(void)
{
	struct zslab_swiotlb_info info;

	rlog_reset();
	CHECK(zslab_init("swiotlb=banana") != 0);
	CHECK_EQ(rlog_count("zslab: swiotlb: bad value \"banana\": "), 1);
	CHECK_EQ(rlog_count("want <nslabs>[,<nareas>][,force|noforce]"), 1);
	CHECK(zslab_init("swiotlb=0") != 0);
	CHECK_EQ(rlog_count("nslabs must be 1..2097152 (2 KiB slots, at most 4 GiB)"), 1);
	CHECK(zslab_init("swiotlb=100,0") != 0);
	CHECK_EQ(rlog_count("nareas must be 1..1024"), 1);
	CHECK(zslab_init("swiotlb=128,forced") != 0);
	/* rounded up to whole segments, as the kernel does */
	REQUIRE(zslab_init(BOOT "swiotlb=200,4,force") == 0);
	CHECK_EQ(zslab_swiotlb_get_info(&info), 0);
	CHECK_EQ(info.nslabs, 256);
	CHECK(info.force && !info.disabled);
	CHECK_EQ(zslab_swiotlb_get_info(NULL), -EINVAL);
	zslab_exit();
	REQUIRE(zslab_init(BOOT) == 0);
	CHECK_EQ(zslab_swiotlb_get_info(&info), 0);
	CHECK_EQ(info.nslabs, IO_TLB_DEFAULT_SIZE / IO_TLB_SIZE);
	zslab_exit();
}

int main(void)
{
	zslab_set_report_hook(rlog_hook, NULL);
	zm_watchdog(300);
	test_option();
	test_who_bounces();
	test_force_and_noforce();
	test_no_low_memory();
	test_fill();
	test_property();
	return zt_summary("test_swiotlb");
}
