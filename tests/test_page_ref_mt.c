/* SPDX-License-Identifier: MIT */
/*
 * test_page_ref_mt.c - get_page()/put_page() from several threads on the
 * pages of one compound block: the count never goes wrong, and of the
 * final puts racing from every thread exactly one frees the block (once).
 */
#include <pthread.h>

#include "zt.h"
#include "zt_mm.h"

#define THREADS 4
#define ROUNDS 20000

static struct page *block;
static pthread_barrier_t start;

static void *hammer(void *arg)
{
	long id = (long)arg;

	pthread_barrier_wait(&start);
	for (int i = 0; i < ROUNDS; i++) {
		struct page *p = block + ((id + i) & 7);
		get_page(p);
		if (!get_page_unless_zero(compound_head(p)))
			abort();
		put_page(p);
		put_page(block + (i & 7));
	}
	put_page(block + id);          /* the reference main gave this thread */
	return NULL;
}

int main(void)
{
	pthread_t t[THREADS];
	long base;

	zm_watchdog(300);
	REQUIRE(zslab_init("memmap=1G@0") == 0);
	zm_log_start();
	zm_drain();
	base = zm_free(ZONE_DMA32);
	for (int round = 0; round < 5; round++) {
		block = alloc_pages(GFP_KERNEL | __GFP_COMP, 3);
		REQUIRE(block);
		page_ref_add(block, THREADS - 1);   /* one reference per thread */
		pthread_barrier_init(&start, NULL, THREADS);
		for (long i = 0; i < THREADS; i++)
			REQUIRE(pthread_create(&t[i], NULL, hammer, (void *)i) == 0);
		for (int i = 0; i < THREADS; i++)
			pthread_join(t[i], NULL);
		pthread_barrier_destroy(&start);
		CHECK_EQ(page_ref_count(block), 0);
		zm_drain();
		CHECK_EQ(zm_free(ZONE_DMA32), base);
	}
	CHECK_EQ(zm_reports(), 0);
	CHECK_EQ(zslab_validate(), 0);
	if (zt_failed)
		zm_log_dump("failure");
	zslab_exit();
	return zt_summary("test_page_ref_mt");
}
