/* SPDX-License-Identifier: MIT */
/*
 * work_rptest.c - rptest, the pattern of rpmalloc's benchmark, written
 * here from its description: threads allocate and free blocks of a size
 * distribution weighted towards small sizes, over several loops, and hand
 * a fraction of their blocks to other threads, which free them.
 *
 * Each of T threads keeps RP_SLOTS live blocks.  A loop replaces half of
 * them, visited in a scattered order (slot (loop * RP_SLOTS/2 + j) *
 * RP_STRIDE mod RP_SLOTS, so a block lives two loops and the frees do not
 * retrace the allocations): the old block is freed, or - one time in
 * RP_CROSS - handed to another thread, and a new block takes its place.
 * At the start of each loop a thread frees every block handed to it
 * (cross-thread frees); hand-overs are batched per target and published
 * at the end of the loop with one compare-and-swap, so the measure is the
 * allocator, not the mailbox.  Sizes: bucket b in 0..8 with probability
 * 2^-(b+1) (b = 8 taking the rest), then uniform in [32 << b, 64 << b):
 * half the blocks are 32..63 B, the largest up to 16 KiB, about 240 B on
 * average.
 *
 * A handed-over block carries the mailbox link and its size after the
 * stamp (hence 32 B at least), checked by the thread that frees it.
 * Checksum: the bytes allocated, which depends only on each thread's own
 * seeded generator (T = 1 hands blocks to itself).
 */
#include "work.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>

#define RP_SLOTS  4096u		/* live blocks per thread (power of 2) */
#define RP_HALF   (RP_SLOTS / 2)
#define RP_STRIDE 1597u		/* odd: a permutation of the slots */
#define RP_LOOPS  3000u		/* at scale 1 */
#define RP_CROSS  16u		/* one block in RP_CROSS freed remotely */
#define RP_MIN    32u
#define RP_BUCKETS 9u		/* 32 B .. 16 KiB */

/* The head of a handed-over block (after the 8-byte stamp). */
struct rp_msg {
	uint64_t stamp;
	struct rp_msg *next;
	size_t size;
};

/* Blocks handed to one thread: pushed by any, taken whole by it. */
struct rp_mailbox {
	_Atomic(struct rp_msg *) head;
	char pad[64 - sizeof(struct rp_msg *)];
};

/* A batch being gathered for one target during a loop. */
struct rp_chain {
	struct rp_msg *head, *tail;
};

struct rp_thread {
	unsigned int self, threads;
	uint64_t loops, seed, sum;
	struct rp_mailbox *mail;	/* every thread's, indexed by thread */
	struct rp_chain *out;		/* this thread's batches, by target */
	void *slot[RP_SLOTS];
	uint32_t size[RP_SLOTS];
};

/*
 * One draw @r decides a step: bits 0..8 the size's bucket, bits 20..32
 * its offset, bits 40..55 the target of a hand-over and bits 56..59
 * whether there is one, so the size of the new block and the fate of
 * the old one are independent.
 */
static bool rp_crosses(uint64_t r)
{
	return (r >> 56) % RP_CROSS == 0;
}

static size_t rp_size(uint64_t r)
{
	unsigned int b = (unsigned int)__builtin_ctzll(r | 1ull << (RP_BUCKETS - 1));
	size_t lo = (size_t)RP_MIN << b;

	return lo + (size_t)((r >> 20) % lo);
}

/* Free every block handed to thread @self so far. */
static void rp_drain(struct rp_mailbox *mb)
{
	struct rp_msg *m = atomic_exchange_explicit(&mb->head, NULL,
						    memory_order_acquire);

	while (m) {
		struct rp_msg *next = m->next;

		work_free(m, m->size, "rptest handed over");
		m = next;
	}
}

/* Queue @p (@size bytes) for a thread other than this one. */
static void rp_hand(struct rp_thread *t, uint64_t r, void *p, size_t size)
{
	unsigned int to = t->threads == 1 ? t->self : (t->self + 1 +
		(unsigned int)((r >> 40) & 0xffff) % (t->threads - 1)) %
		t->threads;
	struct rp_chain *c = &t->out[to];
	struct rp_msg *m = p;

	work_check(p, size, "rptest hand-over");
	m->size = size;
	m->next = NULL;
	if (c->tail)
		c->tail->next = m;
	else
		c->head = m;
	c->tail = m;
}

/* Publish this loop's batches, one splice per target. */
static void rp_publish(struct rp_thread *t)
{
	for (unsigned int to = 0; to < t->threads; to++) {
		struct rp_chain *c = &t->out[to];
		struct rp_mailbox *mb = &t->mail[to];
		struct rp_msg *old;

		if (!c->head)
			continue;
		old = atomic_load_explicit(&mb->head, memory_order_relaxed);
		do
			c->tail->next = old;
		while (!atomic_compare_exchange_weak_explicit(&mb->head, &old,
				c->head, memory_order_release,
				memory_order_relaxed));
		c->head = c->tail = NULL;
	}
}

static void rp_loop(struct rp_thread *t, uint64_t loop)
{
	for (unsigned int j = 0; j < RP_HALF; j++) {
		unsigned int k = (unsigned int)((loop * RP_HALF + j) *
						RP_STRIDE % RP_SLOTS);
		uint64_t r = work_rand(&t->seed);
		size_t size = rp_size(r);

		if (t->slot[k] && rp_crosses(r))
			rp_hand(t, r, t->slot[k], t->size[k]);
		else if (t->slot[k])
			work_free(t->slot[k], t->size[k], "rptest");
		t->slot[k] = work_alloc(size);
		t->size[k] = (uint32_t)size;
		t->sum += size;
	}
}

static void *rp_thread_main(void *arg)
{
	struct rp_thread *t = *(struct rp_thread **)arg;

	for (uint64_t loop = 0; loop < t->loops; loop++) {
		rp_drain(&t->mail[t->self]);
		rp_loop(t, loop);
		rp_publish(t);
	}
	for (unsigned int k = 0; k < RP_SLOTS; k++)
		if (t->slot[k])
			work_free(t->slot[k], t->size[k], "rptest end");
	return NULL;
}

uint64_t work_rptest(const struct work_args *a)
{
	unsigned int n = a->threads;
	struct rp_mailbox *mail = aligned_alloc(64, n * sizeof(*mail));
	struct rp_thread **th = calloc(n, sizeof(*th));
	uint64_t sum = 0;

	if (!mail || !th)
		work_oom("alloc(rptest)");
	for (unsigned int i = 0; i < n; i++) {
		atomic_init(&mail[i].head, NULL);
		th[i] = calloc(1, sizeof(**th));
		if (!th[i] || !(th[i]->out = calloc(n, sizeof(*th[i]->out))))
			work_oom("calloc(rptest)");
		th[i]->self = i;
		th[i]->threads = n;
		th[i]->loops = work_scaled(a, RP_LOOPS, 4);
		th[i]->seed = work_seed(19, i);
		th[i]->mail = mail;
	}
	work_run_threads(n, rp_thread_main, th, sizeof(*th));
	for (unsigned int i = 0; i < n; i++) {
		rp_drain(&mail[i]);	/* the last loop's hand-overs */
		sum += th[i]->sum;
		free(th[i]->out);
		free(th[i]);
	}
	free(th);
	free(mail);
	return sum;
}
