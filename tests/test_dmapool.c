/* SPDX-License-Identifier: MIT */
/*
 * test_dmapool.c - dma_pool with the kernel's rules (mm/dmapool.c, 6.4+):
 *  - creation: NULL device, size 0, a non-power-of-two alignment, a
 *    boundary below the size or not a power of two are refused with a
 *    report naming the pool; sizes below 16 become 16, sizes are rounded
 *    to the alignment, the boundary is clamped to the allocation;
 *  - carving: the block counts worked out by hand (68/32 in 4 KiB: 42;
 *    96 with a 1 KiB boundary: 40; a 5000-byte pool: 1 block a page);
 *  - the `pools` file, newest first, in the kernel's format, through
 *    zslab_device_pools_show() and the views (/sys/devices/<name>/pools);
 *  - dma_pool_destroy() with blocks in use: "dma_pool_destroy <name>,
 *    <page> busy" for the busy page only, which leaks; the idle page goes;
 *  - debugging (slub_debug): 0xa9 on a block handed out, 0xa7 on a free
 *    one, a double free and a bad dma refused with the kernel's texts and
 *    nothing freed, a scribbled free block reported "(corrupted)" with a
 *    hex dump when handed out again;
 *  - zslab_dma_pool_validate() finds a free block whose header was
 *    overwritten, and nothing in a sound pool;
 *  - the property: random sizes, alignments and boundaries on 24-, 30-
 *    and 32-bit devices; no block crosses its boundary, leaves its
 *    device's mask or overlaps another live block; each keeps its pattern;
 *    every pool validates; afterwards ZONE_DMA and ZONE_DMA32 are exactly
 *    as at boot.
 */
#include "zt.h"
#include "zt_mm.h"
#include "zt_rlog.h"

#include <errno.h>
#include <zslab/zslab.h>

#include "slab/sysfs.h"

static void nop_release(struct device *dev)
{
	(void)dev;
}

static void dev_setup(struct device *dev, unsigned long long *mask, const char *name, unsigned int bits)
{
	memset(dev, 0, sizeof(*dev));
	dev_set_name(dev, "%s", name);
	REQUIRE(device_register(dev) == 0);
	dev->release = nop_release;
	dev->dma_mask = mask;
	REQUIRE(dma_set_mask_and_coherent(dev, DMA_BIT_MASK(bits)) == 0);
}

static size_t carved(struct dma_pool *pool)
{
	struct zslab_dma_pool_info info;
	dma_addr_t dma;
	void *b = dma_pool_alloc(pool, GFP_KERNEL, &dma);

	REQUIRE(b);
	zslab_dma_pool_get_info(pool, &info);
	dma_pool_free(pool, b, dma);
	return info.nr_blocks;
}

static void test_create_rules(struct device *dev)
{
	struct zslab_dma_pool_info info;
	struct dma_pool *p;

	rlog_reset();
	CHECK(!dma_pool_create("p0", NULL, 64, 8, 0));
	CHECK_EQ(rlog_count("dma_pool_create: pool p0: NULL device"), 1);
	CHECK(!dma_pool_create("p1", dev, 64, 24, 0));
	CHECK_EQ(rlog_count("pool p1: alignment is not a power of two (24)"), 1);
	CHECK(!dma_pool_create("p2", dev, 0, 8, 0));
	CHECK_EQ(rlog_count("pool p2: bad block size (0)"), 1);
	CHECK(!dma_pool_create("p3", dev, 64, 8, 32));
	CHECK(!dma_pool_create("p4", dev, 64, 8, 96));
	CHECK_EQ(rlog_count("boundary is below the block size or not a power of two"), 2);

	p = dma_pool_create("a-very-long-pool-name-of-more-than-31-chars", dev, 8, 0, 0);
	REQUIRE(p);
	zslab_dma_pool_get_info(p, &info);
	CHECK_EQ(info.size, 16);
	CHECK_EQ(strlen(info.name), 31);
	CHECK_EQ(info.boundary, PAGE_SIZE);
	CHECK_EQ(carved(p), 256);
	dma_pool_destroy(p);

	p = dma_pool_create("odd", dev, 68, 32, 4096);
	zslab_dma_pool_get_info(p, &info);
	CHECK_EQ(info.size, 96);
	CHECK_EQ(carved(p), 42);
	dma_pool_destroy(p);

	p = dma_pool_create("bound", dev, 96, 32, 1024);
	CHECK_EQ(carved(p), 40);
	dma_pool_destroy(p);

	p = dma_pool_create("big", dev, 5000, 8, 1 << 20);
	zslab_dma_pool_get_info(p, &info);
	CHECK_EQ(info.allocation, 5000);
	CHECK_EQ(info.boundary, 5000 < (1 << 20) ? 5000 : 1 << 20);
	CHECK_EQ(carved(p), 1);
	dma_pool_destroy(p);
	dma_pool_destroy(NULL);
}

static void test_view_and_busy(struct device *dev)
{
	struct dma_pool *a, *b;
	dma_addr_t d[3], e;
	void *v[3];
	char *text = NULL, *buf = NULL;
	size_t len = 0, n = 0;
	FILE *f;
	long before;

	a = dma_pool_create("alpha", dev, 2048, 2048, 0);
	b = dma_pool_create("beta", dev, 32, 32, 0);
	REQUIRE(a && b);
	for (int i = 0; i < 3; i++) {
		v[i] = dma_pool_alloc(a, GFP_KERNEL, &d[i]);
		REQUIRE(v[i]);
		CHECK_EQ(d[i], virt_to_phys(v[i]));
	}
	CHECK_EQ(d[1], d[0] + 2048);        /* in address order */
	CHECK(dma_pool_zalloc(b, GFP_KERNEL, &e) != NULL);
	f = open_memstream(&text, &len);
	CHECK_EQ(zslab_device_pools_show(dev, f), 2);
	fclose(f);
	CHECK(!strcmp(text, "poolinfo - 0.1\n"
			    "beta                1  128   32  1\n"
			    "alpha               3    4 2048  2\n"));
	CHECK_EQ(zs_sysfs_read("/sys/devices/pool0/pools", &buf, &n), 0);
	CHECK(buf && n == len && !memcmp(buf, text, n));
	free(buf);
	free(text);
	dma_pool_destroy(b);   /* its one block is in use: busy */

	/* alpha: page one idle, page two (v[2]) busy */
	dma_pool_free(a, v[0], d[0]);
	dma_pool_free(a, v[1], d[1]);
	zm_drain();
	before = zm_free(ZONE_DMA32);
	rlog_reset();
	dma_pool_destroy(a);
	CHECK_EQ(rlog_count("dma_pool_destroy alpha, "), 1);
	CHECK_EQ(rlog_count(" busy"), 1);
	zm_drain();
	CHECK_EQ(zm_free(ZONE_DMA32), before + 1);      /* one page back, one leaked */
	CHECK_EQ(zs_sysfs_read("/sys/devices/pool0/pools", &buf, &n), -ENOENT);
	/* the leaked pages go back by hand */
	dma_free_coherent(dev, PAGE_SIZE, (void *)((uintptr_t)v[2] & PAGE_MASK), d[2] & PAGE_MASK);
}

static void test_debug(void)
{
	struct device dev;
	struct dma_pool *p;
	unsigned long long mask;
	dma_addr_t d, e;
	unsigned char *v, *w;

	REQUIRE(zslab_init("slub_debug") == 0);
	dev_setup(&dev, &mask, "dbg0", 32);
	p = dma_pool_create("dbg", &dev, 64, 8, 0);
	v = dma_pool_alloc(p, GFP_KERNEL, &d);
	REQUIRE(v);
	CHECK(v[0] == 0xa9 && v[63] == 0xa9);
	w = dma_pool_zalloc(p, GFP_KERNEL, &e);
	CHECK(w && w[0] == 0 && w[63] == 0);
	dma_pool_free(p, v, d);
	CHECK(v[16] == 0xa7 && v[63] == 0xa7);
	rlog_reset();
	dma_pool_free(p, v, d);
	CHECK_EQ(rlog_count("dbg0: pool_block_err dbg, dma 0x"), 1);
	CHECK_EQ(rlog_count(" already free"), 1);
	dma_pool_free(p, w, e + (1 << 20));
	CHECK_EQ(rlog_count("(bad dma)"), 1);
	/* scribble on the free block: its next hand-out reports it */
	v[40] = 0x11;
	rlog_reset();
	CHECK(dma_pool_alloc(p, GFP_KERNEL, &d) == v);
	CHECK_EQ(rlog_count("dbg0: pool_check_block dbg, "), 1);
	CHECK_EQ(rlog_count(" (corrupted)"), 1);
	CHECK_EQ(rlog_count("00000020: a7 a7 a7 a7 a7 a7 a7 a7 11 a7"), 1);
	dma_pool_free(p, v, d);
	dma_pool_free(p, w, e);
	/* the validator: a free block whose bus address was overwritten */
	CHECK_EQ(zslab_dma_pool_validate(p), 0);
	memcpy(&d, v + 8, sizeof(d));
	memset(v + 8, 0x5a, 8);
	rlog_reset();
	CHECK_EQ(zslab_dma_pool_validate(p), 1);
	CHECK_EQ(rlog_count("zslab_dma_pool_validate: pool dbg: free block"), 1);
	CHECK_EQ(rlog_count("is in no page of the pool"), 1);
	memcpy(v + 8, &d, sizeof(d));
	CHECK_EQ(zslab_dma_pool_validate(p), 0);
	rlog_reset();
	dma_pool_destroy(p);
	CHECK_EQ(rlog_n, 0);
	/* managed: destroyed with the device */
	p = dmam_pool_create("managed", &dev, 128, 128, 0);
	CHECK(p && dma_pool_alloc(p, GFP_KERNEL, &d));
	rlog_reset();
	device_unregister(&dev);
	CHECK_EQ(rlog_count("dma_pool_destroy managed, "), 1);   /* its block was live */
	zslab_exit();
}

/* ---- the property ------------------------------------------------------------ */

struct live {
	void *v;
	dma_addr_t dma;
	size_t size;
	int pool;
	unsigned char pat;
};

static int cmp_live(const void *a, const void *b)
{
	const struct live *x = a, *y = b;

	return x->dma < y->dma ? -1 : x->dma > y->dma;
}

static void test_property(void)
{
	enum { NDEV = 3, NPOOL = 9, MAXLIVE = 1500 };
	static const unsigned int bits[NDEV] = { 24, 30, 32 };
	static const char *const names[NDEV] = { "isa", "dev30", "dev32" };
	static struct live live[MAXLIVE];
	struct device devs[NDEV];
	unsigned long long masks[NDEV];
	struct dma_pool *pools[NPOOL];
	size_t psize[NPOOL], palign[NPOOL], pbound[NPOOL];
	struct zm_buddy boot, now;
	uint64_t seed = 12345;
	int nlive = 0, bad = 0;

	REQUIRE(zslab_init(NULL) == 0);
	for (int i = 0; i < NDEV; i++)
		dev_setup(&devs[i], &masks[i], names[i], bits[i]);
	zm_buddy_snap(&boot);
	for (int round = 0; round < 6; round++) {
		for (int i = 0; i < NPOOL; i++) {
			size_t size = 1 + (size_t)(zm_rand(&seed) % 3000);
			size_t align = (size_t)1 << (zm_rand(&seed) % 13);
			size_t s = size < 16 ? 16 : size;
			size_t bound = 0;

			s = (s + align - 1) & ~(align - 1);
			if (zm_rand(&seed) % 2) {
				bound = 16;
				while (bound < s)
					bound <<= 1;
				bound <<= zm_rand(&seed) % 3;
			}
			pools[i] = dma_pool_create("prop", &devs[i % NDEV], size, align, bound);
			REQUIRE(pools[i]);
			psize[i] = s;
			palign[i] = align;
			pbound[i] = bound ? bound : (s > PAGE_SIZE ? s : PAGE_SIZE);
			if (pbound[i] > (s > PAGE_SIZE ? s : PAGE_SIZE))
				pbound[i] = s > PAGE_SIZE ? s : PAGE_SIZE;
		}
		for (int step = 0; step < 4000; step++) {
			if (nlive < MAXLIVE && (nlive == 0 || zm_rand(&seed) % 3)) {
				int i = (int)(zm_rand(&seed) % NPOOL);
				struct live *l = &live[nlive];

				l->v = dma_pool_alloc(pools[i], GFP_KERNEL, &l->dma);
				if (!l->v)
					continue;
				l->size = psize[i];
				l->pool = i;
				l->pat = (unsigned char)zm_rand(&seed);
				memset(l->v, l->pat, l->size);
				bad += l->dma % palign[i] != 0;
				bad += l->dma / pbound[i] != (l->dma + l->size - 1) / pbound[i];
				bad += l->dma + l->size - 1 > masks[i % NDEV];
				bad += virt_to_phys(l->v) != l->dma;
				nlive++;
			} else {
				int k = (int)(zm_rand(&seed) % (uint64_t)nlive);
				struct live *l = &live[k];

				for (size_t j = 0; j < l->size; j++)
					if (((unsigned char *)l->v)[j] != l->pat) {
						bad++;
						break;
					}
				dma_pool_free(pools[l->pool], l->v, l->dma);
				live[k] = live[--nlive];
			}
		}
		for (int i = 0; i < NPOOL; i++)
			CHECK_EQ(zslab_dma_pool_validate(pools[i]), 0);
		qsort(live, (size_t)nlive, sizeof(live[0]), cmp_live);
		for (int k = 1; k < nlive; k++)
			bad += live[k - 1].dma + live[k - 1].size > live[k].dma;
		for (int k = 0; k < nlive; k++)
			dma_pool_free(pools[live[k].pool], live[k].v, live[k].dma);
		nlive = 0;
		rlog_reset();
		for (int i = 0; i < NPOOL; i++)
			dma_pool_destroy(pools[i]);
		CHECK_EQ(rlog_n, 0);
	}
	CHECK_EQ(bad, 0);
	zm_buddy_snap(&now);
	for (int z = ZONE_DMA; z <= ZONE_DMA32; z++) {
		CHECK_EQ(now.free[z], boot.free[z]);
		for (int o = 0; o < MAX_ORDER; o++)
			CHECK_EQ(now.n[z][o], boot.n[z][o]);
	}
	for (int i = 0; i < NDEV; i++)
		device_unregister(&devs[i]);
	zslab_exit();
}

int main(void)
{
	struct device dev;
	unsigned long long mask;

	zslab_set_report_hook(rlog_hook, NULL);
	REQUIRE(zslab_init(NULL) == 0);
	dev_setup(&dev, &mask, "pool0", 32);
	test_create_rules(&dev);
	test_view_and_busy(&dev);
	device_unregister(&dev);
	zslab_exit();
	test_debug();
	test_property();
	return zt_summary("test_dmapool");
}
