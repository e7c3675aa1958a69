/* SPDX-License-Identifier: MIT */
/*
 * test_hotadd_mt - memory hot-add while other threads allocate: four
 * threads take 2 MiB blocks from a 64 MiB machine with ram_max=2G at once,
 * so that ranges are added while the others allocate, translate and free
 * pages of the ranges already there.  Every block comes, every page
 * translates both ways, and zslab_validate() holds.  Under ThreadSanitizer
 * (make tsan) this checks the publication of a new range and the zones'
 * new sizes.
 */
#include <pthread.h>

#include "zt.h"
#include "mm/mm_internal.h"

#define THREADS 4
#define BLOCKS 100                      /* 2 MiB each: 800 MiB in all */
#define ORDER 9

static pthread_barrier_t start;
static int got[THREADS];

static void *worker(void *arg)
{
	int id = (int)(intptr_t)arg;
	struct page *b[BLOCKS];
	int n = 0;

	pthread_barrier_wait(&start);
	for (int i = 0; i < BLOCKS; i++) {
		b[n] = alloc_pages(GFP_KERNEL | __GFP_NOWARN, ORDER);
		if (!b[n])
			break;
		char *p = page_address(b[n]);
		p[0] = (char)id;
		if (virt_to_page(p) != b[n] || phys_to_virt(page_to_phys(b[n])) != p)
			break;
		n++;
		if (i % 10 == 9) {              /* give some back as we go */
			__free_pages(b[--n], ORDER);
		}
	}
	got[id] = n;
	while (n)
		__free_pages(b[--n], ORDER);
	return NULL;
}

int main(void)
{
	pthread_t t[THREADS];
	int total = 0;

	zt_capture_reports();
	REQUIRE(zslab_init("memmap=64M@0 ram_max=2G") == 0);
	pthread_barrier_init(&start, NULL, THREADS);
	for (int i = 0; i < THREADS; i++)
		pthread_create(&t[i], NULL, worker, (void *)(intptr_t)i);
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	for (int i = 0; i < THREADS; i++) {
		CHECK_EQ(got[i], BLOCKS - BLOCKS / 10);
		total += got[i];
	}
	printf("test_hotadd_mt: %d blocks of 2 MiB held when the threads ended, %u ranges\n",
	       total, zs_nr_ranges);
	CHECK(zs_nr_ranges >= 2);
	zslab_shrink_all();
	CHECK_EQ(zslab_validate(), 0);
	zslab_exit();
	return zt_summary("test_hotadd_mt");
}
