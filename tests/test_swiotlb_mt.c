/* SPDX-License-Identifier: MIT */
/*
 * test_swiotlb_mt.c - four threads bounce through one small pool (128
 * slots: swiotlb=100 rounded up to a segment): each maps buffers above
 * 4 GiB for a 32-bit device, acts as the device (reads what it wrote, writes back), syncs and unmaps, and checks
 * every byte; a full pool is a clean DMA_MAPPING_ERROR that a retry gets
 * past.  At the end no slot is used and the pool's invariants hold.
 */
#include "zt.h"
#include "zt_mm.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <zslab/swiotlb.h>

#include "dma/swiotlb_internal.h"

#define NTHREADS 4
#define ROUNDS 1500

static struct device d32;
static unsigned long long m32;
static atomic_long bad, fulls, done;

static void nop_release(struct device *dev)
{
	(void)dev;
}

static void *worker(void *arg)
{
	uint64_t seed = (uintptr_t)arg * 7919 + 1;
	unsigned char *buf = kmalloc(65536, GFP_KERNEL), dev_view[65536];

	if (!buf || virt_to_phys(buf) < (1ULL << 32)) {
		atomic_fetch_add(&bad, 1);
		kfree(buf);
		return NULL;
	}
	for (int r = 0; r < ROUNDS; r++) {
		size_t len = 1 + zm_below(&seed, 65536);
		unsigned char stamp = (unsigned char)zm_rand(&seed);
		dma_addr_t a;

		memset(buf, stamp, len);
		a = dma_map_single(&d32, buf, len, DMA_BIDIRECTIONAL);
		if (dma_mapping_error(&d32, a)) {
			atomic_fetch_add(&fulls, 1);
			sched_yield();
			continue;
		}
		if (a + len - 1 > DMA_BIT_MASK(32) ||
		    zslab_dma_read(&d32, a, dev_view, len) ||
		    memchr(dev_view, stamp ^ 0xff, len) || dev_view[len - 1] != stamp)
			atomic_fetch_add(&bad, 1);
		memset(dev_view, stamp ^ 0xff, len);
		if (zslab_dma_write(&d32, a, dev_view, len))
			atomic_fetch_add(&bad, 1);
		dma_sync_single_for_cpu(&d32, a, len, DMA_BIDIRECTIONAL);
		if (buf[0] != (unsigned char)(stamp ^ 0xff) || buf[len - 1] != (unsigned char)(stamp ^ 0xff))
			atomic_fetch_add(&bad, 1);
		dma_unmap_single(&d32, a, len, DMA_BIDIRECTIONAL);
		atomic_fetch_add(&done, 1);
	}
	kfree(buf);
	return NULL;
}

int main(void)
{
	pthread_t t[NTHREADS];
	struct zslab_swiotlb_info info;

	zm_watchdog(300);
	zm_log_start();
	REQUIRE(zslab_init("memmap=256M@0 memmap=256M@0x100000000 swiotlb=100") == 0);
	device_initialize(&d32);
	dev_set_name(&d32, "pci32");
	d32.release = nop_release;
	d32.dma_mask = &m32;
	REQUIRE(dma_set_mask_and_coherent(&d32, DMA_BIT_MASK(32)) == 0);
	for (uintptr_t i = 0; i < NTHREADS; i++)
		REQUIRE(!pthread_create(&t[i], NULL, worker, (void *)i));
	for (int i = 0; i < NTHREADS; i++)
		pthread_join(t[i], NULL);
	CHECK_EQ(atomic_load(&bad), 0);
	CHECK(atomic_load(&done) > NTHREADS * ROUNDS / 2);
	CHECK_EQ(zslab_swiotlb_get_info(&info), 0);
	CHECK_EQ(info.used, 0);
	CHECK(info.used_hiwater > 0 && info.used_hiwater <= 128);
	CHECK_EQ(zs_swiotlb_validate(), 0);
	CHECK_EQ(zm_log_has("BUG"), 0);
	printf("test_swiotlb_mt: %ld mapped, %ld refused while full, hiwater %lu of 128\n",
	       atomic_load(&done), atomic_load(&fulls), info.used_hiwater);
	put_device(&d32);
	zslab_exit();
	return zt_summary("test_swiotlb_mt");
}
