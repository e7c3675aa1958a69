/* SPDX-License-Identifier: MIT */
/*
 * test_page_frag_mt.c - fragments freed by other threads while their
 * cache's owner goes on allocating from the same blocks.
 *
 * Two owners, each with its own cache, carve fragments of random sizes and
 * alignments (GFP_DMA32), fill each with a stamp of its serial number and
 * pass it to one of three freers through a queue.  A freer checks the
 * stamp (a block reused while a fragment lived would have overwritten
 * it), poisons the fragment and frees it, sometimes after holding a few
 * for a while so that blocks are abandoned and later released by the
 * freer, sometimes at once so that the owner recycles its block.
 * Afterwards: no stamp was wrong, every fragment was below 4 GiB, no
 * report, and the page allocator is exactly as at boot.  Under TSan the
 * block's reference count is what orders a freer's poison before the
 * owner's (or the page allocator's) next use of that memory.
 */
#include "zt.h"
#include "zt_mm.h"

#define OWNERS 2
#define FREERS 3
#define PER_OWNER 60000
#define QCAP 256
#define HOLD 64

struct frag {
	unsigned char *p;
	unsigned int len;
	unsigned char stamp;
};

/* A bounded queue of fragments, owner -> freer. */
struct queue {
	pthread_mutex_t lock;
	pthread_cond_t more, room;
	struct frag ring[QCAP];
	unsigned int head, tail;
	int producers;
};

static struct queue queues[FREERS];
static atomic_long bad_stamps, high_frags, frees_done;

static void q_push(struct queue *q, struct frag f)
{
	pthread_mutex_lock(&q->lock);
	while (q->tail - q->head == QCAP)
		pthread_cond_wait(&q->room, &q->lock);
	q->ring[q->tail++ % QCAP] = f;
	pthread_cond_signal(&q->more);
	pthread_mutex_unlock(&q->lock);
}

/* The next fragment, or false when every producer is done and q empty. */
static bool q_pop(struct queue *q, struct frag *f)
{
	bool got = false;

	pthread_mutex_lock(&q->lock);
	while (q->tail == q->head && q->producers)
		pthread_cond_wait(&q->more, &q->lock);
	if (q->tail != q->head) {
		*f = q->ring[q->head++ % QCAP];
		pthread_cond_signal(&q->room);
		got = true;
	}
	pthread_mutex_unlock(&q->lock);
	return got;
}

static void q_producer_done(struct queue *q)
{
	pthread_mutex_lock(&q->lock);
	q->producers--;
	pthread_cond_broadcast(&q->more);
	pthread_mutex_unlock(&q->lock);
}

static void check_and_free(struct frag *f)
{
	for (unsigned int i = 0; i < f->len; i++)
		if (f->p[i] != f->stamp) {
			atomic_fetch_add(&bad_stamps, 1);
			break;
		}
	memset(f->p, 0xee, f->len);
	page_frag_free(f->p + f->len / 2);
	atomic_fetch_add(&frees_done, 1);
}

static void *freer(void *arg)
{
	struct queue *q = arg;
	struct frag held[HOLD], f;
	unsigned int nheld = 0;
	uint64_t seed = zm_seed(0x51ab) ^ (uintptr_t)arg;

	while (q_pop(q, &f)) {
		/* One in four is held back, to abandon blocks under the owner. */
		if (zm_below(&seed, 4) == 0 && nheld < HOLD) {
			held[nheld++] = f;
			continue;
		}
		check_and_free(&f);
		if (nheld == HOLD || (nheld && zm_below(&seed, 16) == 0)) {
			unsigned int k = (unsigned int)zm_below(&seed, nheld);
			check_and_free(&held[k]);
			held[k] = held[--nheld];
		}
	}
	while (nheld)
		check_and_free(&held[--nheld]);
	return NULL;
}

static void *owner(void *arg)
{
	struct page_frag_cache nc = { 0 };
	uint64_t seed = zm_seed(0xf4a9) + (uintptr_t)arg;

	for (unsigned int n = 0; n < PER_OWNER; n++) {
		unsigned int len = 16 + (unsigned int)zm_below(&seed, 2048);
		unsigned int align = 1u << zm_below(&seed, 11);
		struct frag f = { .len = len, .stamp = (unsigned char)(n | 1) };

		f.p = page_frag_alloc_align(&nc, len, GFP_KERNEL | GFP_DMA32, align);
		if (!f.p || ((uintptr_t)f.p & (align - 1))) {
			atomic_fetch_add(&bad_stamps, 1);
			continue;
		}
		if (virt_to_phys(f.p) + len > (1ULL << 32))
			atomic_fetch_add(&high_frags, 1);
		memset(f.p, f.stamp, len);
		q_push(&queues[zm_below(&seed, FREERS)], f);
	}
	page_frag_cache_drain(&nc);
	for (int i = 0; i < FREERS; i++)
		q_producer_done(&queues[i]);
	return NULL;
}

int main(void)
{
	pthread_t own[OWNERS], fr[FREERS];
	struct zm_buddy boot;

	zm_watchdog(300);
	zm_log_start();
	REQUIRE(zslab_init("memmap=4G@0x40000000") == 0);
	zm_buddy_snap(&boot);
	for (int i = 0; i < FREERS; i++) {
		pthread_mutex_init(&queues[i].lock, NULL);
		pthread_cond_init(&queues[i].more, NULL);
		pthread_cond_init(&queues[i].room, NULL);
		queues[i].producers = OWNERS;
		REQUIRE(pthread_create(&fr[i], NULL, freer, &queues[i]) == 0);
	}
	for (long i = 0; i < OWNERS; i++)
		REQUIRE(pthread_create(&own[i], NULL, owner, (void *)i) == 0);
	for (int i = 0; i < OWNERS; i++)
		pthread_join(own[i], NULL);
	for (int i = 0; i < FREERS; i++)
		pthread_join(fr[i], NULL);

	CHECK_EQ(atomic_load(&bad_stamps), 0);
	CHECK_EQ(atomic_load(&high_frags), 0);
	CHECK_EQ(atomic_load(&frees_done), OWNERS * PER_OWNER);
	CHECK_EQ(zm_reports(), 0);
	CHECK(zm_buddy_equal(&boot, "after all frees"));
	CHECK_EQ(zslab_validate(), 0);
	zslab_exit();
	return zt_summary("test_page_frag_mt");
}
