/* SPDX-License-Identifier: MIT */
/*
 * test_dmapool_mt.c - dma_pool and devices from several threads: four
 * threads allocate and free blocks of one shared pool (each block keeps
 * its owner's pattern until freed: no block is handed out twice), create
 * and destroy pools of their own on the shared device, and map and unmap
 * buffers with dma_strict recording them, while a fifth reads the
 * device's pools file from the views and adds and deletes a device of its
 * own.  At the end the shared pool's counts add up: every block free.
 */
#include "zt.h"
#include "zt_mm.h"

#include <pthread.h>
#include <zslab/zslab.h>

#include "slab/sysfs.h"

#define THREADS 4
#define ROUNDS 3000

static struct device dev;
static unsigned long long mask;
static struct dma_pool *shared;
static atomic_int bad, stop;

static void nop_release(struct device *d)
{
	(void)d;
}

static void *worker(void *arg)
{
	unsigned char pat = (unsigned char)(uintptr_t)arg;
	uint64_t seed = 7 + (uintptr_t)arg;
	struct { unsigned char *v; dma_addr_t d; } held[32];
	int n = 0;
	char *buf = (char *)__get_free_page(GFP_DMA32);

	for (int r = 0; r < ROUNDS; r++) {
		if (n < 32 && (n == 0 || zm_rand(&seed) % 2)) {
			held[n].v = dma_pool_alloc(shared, GFP_KERNEL, &held[n].d);
			if (!held[n].v) {
				bad++;
				continue;
			}
			memset(held[n].v, pat, 48);
			n++;
		} else {
			int k = (int)(zm_rand(&seed) % (uint64_t)n);

			for (int j = 0; j < 48; j++)
				if (held[k].v[j] != pat) {
					bad++;
					break;
				}
			dma_pool_free(shared, held[k].v, held[k].d);
			held[k] = held[--n];
		}
		if (r % 100 == 0) {
			struct dma_pool *own = dma_pool_create("own", &dev, 128, 64, 0);
			dma_addr_t d, a;
			void *b = own ? dma_pool_alloc(own, GFP_KERNEL, &d) : NULL;

			if (!b)
				bad++;
			else
				dma_pool_free(own, b, d);
			dma_pool_destroy(own);
			a = dma_map_single(&dev, buf, 64, DMA_TO_DEVICE);
			if (dma_mapping_error(&dev, a) || zslab_dma_read(&dev, a, &d, 8))
				bad++;
			dma_unmap_single(&dev, a, 64, DMA_TO_DEVICE);
		}
	}
	while (n)
		dma_pool_free(shared, held[n - 1].v, held[n - 1].d), n--;
	free_page((unsigned long)buf);
	return NULL;
}

static void *viewer(void *arg)
{
	(void)arg;
	while (!atomic_load(&stop)) {
		struct device mine;
		char *text = NULL;
		size_t len = 0;

		if (zs_sysfs_read("/sys/devices/mt0/pools", &text, &len) || !text ||
		    strncmp(text, "poolinfo - 0.1\n", 15))
			bad++;
		free(text);
		memset(&mine, 0, sizeof(mine));
		dev_set_name(&mine, "viewer-dev");
		if (device_register(&mine))
			bad++;
		mine.release = nop_release;
		device_unregister(&mine);
	}
	return NULL;
}

int main(void)
{
	struct zslab_dma_pool_info info;
	pthread_t t[THREADS], v;

	REQUIRE(zslab_init("dma_strict") == 0);
	dev_set_name(&dev, "mt0");
	REQUIRE(device_register(&dev) == 0);
	dev.release = nop_release;
	dev.dma_mask = &mask;
	REQUIRE(dma_set_mask_and_coherent(&dev, DMA_BIT_MASK(32)) == 0);
	shared = dma_pool_create("shared", &dev, 48, 16, 1024);
	REQUIRE(shared);
	pthread_create(&v, NULL, viewer, NULL);
	for (int i = 0; i < THREADS; i++)
		pthread_create(&t[i], NULL, worker, (void *)(uintptr_t)(0x10 + i));
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	atomic_store(&stop, 1);
	pthread_join(v, NULL);
	CHECK_EQ(bad, 0);
	CHECK_EQ(zslab_dma_pool_validate(shared), 0);
	zslab_dma_pool_get_info(shared, &info);
	CHECK_EQ(info.nr_active, 0);
	CHECK(info.nr_blocks > 0 && info.nr_blocks % 84 == 0);   /* 21 blocks per 1 KiB, 4 per page */
	CHECK_EQ(dev._nr_tracked, info.nr_pages);     /* the pool's coherent pages */
	dma_pool_destroy(shared);
	CHECK_EQ(dev._nr_tracked, 0);
	device_unregister(&dev);
	zslab_exit();
	return zt_summary("test_dmapool_mt");
}
