/* SPDX-License-Identifier: MIT */
/*
 * test_slab_owner_mt.c - slab ownership stays put (issue 12, rptest).
 * Two threads share a small cache (objects under a cache line, whose
 * slabs' owners the free path reads: test_slab_foreign_mt.c).  Each keeps
 * a set of live objects and replaces half of them per phase; one free in
 * REMOTE is handed to the other thread, which frees it at the start of
 * its next phase - the true remote frees.  The threads run their phases
 * in turn, so the count does not depend on the scheduler.
 *
 * A refill prefers the slabs the refilling thread owns already: the
 * owner's objects freed remotely come back to its slabs, and it takes
 * them again, instead of both threads taking whatever partial slab is
 * first and making each other's next frees foreign.  So after a warm-up
 * the foreign frees (s->foreign_frees) stay near the remote ones and
 * slabs rarely change owner (s->owner_changes).  Before the preference,
 * the foreign frees ran at about 6 times the remote ones here (and in
 * rptest at up to 44 % of the small frees, where 6 % are remote).
 */
#include "zt.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "slab/slab.h"

#define LIVE    2048u     /* live objects per thread */
#define STRIDE  1597u     /* odd: a permutation of the slots */
#define REMOTE  16u       /* one free in REMOTE is the other thread's */
#define WARM    40u       /* phases per thread before counting */
#define PHASES  120u      /* phases per thread in all */

struct msg {
	struct msg *next;
};

struct worker {
	struct kmem_cache *s;
	unsigned int self;
	uint64_t seed;
	void *slot[LIVE];
	struct msg *out;              /* handed over during this phase */
	unsigned long frees, remote;  /* counted phases only */
};

static struct worker w[2];
static struct msg *mailbox[2];    /* written only by the thread whose turn it is */
static atomic_uint turn;          /* phase number; thread turn % 2 runs */
static unsigned long foreign0, owners0;   /* at the end of the warm-up */
static unsigned long foreign1, owners1;   /* at the end */

static uint64_t next_rand(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

static void phase(struct worker *me, unsigned int n, bool counted)
{
	struct msg *m = mailbox[me->self];

	mailbox[me->self] = NULL;
	while (m) {   /* the other thread's objects: remote frees */
		struct msg *next = m->next;
		kmem_cache_free(me->s, m);
		if (counted) {
			me->frees++;
			me->remote++;
		}
		m = next;
	}
	for (unsigned int j = 0; j < LIVE / 2; j++) {
		unsigned int k = (unsigned int)(((uint64_t)n * (LIVE / 2) + j) * STRIDE % LIVE);
		void *old = me->slot[k];
		if (old && next_rand(&me->seed) % REMOTE == 0) {
			struct msg *h = old;
			h->next = me->out;
			me->out = h;
		} else if (old) {
			kmem_cache_free(me->s, old);
			if (counted)
				me->frees++;
		}
		me->slot[k] = kmem_cache_alloc(me->s, GFP_KERNEL);
		REQUIRE(me->slot[k]);
	}
	/* the hand-overs go out with the turn */
	struct msg **to = &mailbox[!me->self];
	while (me->out) {
		struct msg *h = me->out;
		me->out = h->next;
		h->next = *to;
		*to = h;
	}
}

static void *run(void *arg)
{
	struct worker *me = arg;

	for (unsigned int n = 0; n < PHASES; n++) {
		unsigned int t = 2 * n + me->self;
		while (atomic_load_explicit(&turn, memory_order_acquire) != t)
			sched_yield();
		if (t == 2 * WARM) {
			foreign0 = __atomic_load_n(&me->s->foreign_frees, __ATOMIC_RELAXED);
			owners0 = __atomic_load_n(&me->s->owner_changes, __ATOMIC_RELAXED);
		}
		phase(me, n, n >= WARM);
		if (t == 2 * PHASES - 1) {
			foreign1 = __atomic_load_n(&me->s->foreign_frees, __ATOMIC_RELAXED);
			owners1 = __atomic_load_n(&me->s->owner_changes, __ATOMIC_RELAXED);
		}
		atomic_store_explicit(&turn, t + 1, memory_order_release);
	}
	/* after every phase of both: free what is left, in turn again */
	while (atomic_load_explicit(&turn, memory_order_acquire) != 2 * PHASES + me->self)
		sched_yield();
	for (struct msg *m = mailbox[me->self], *next; m; m = next) {
		next = m->next;
		kmem_cache_free(me->s, m);
	}
	mailbox[me->self] = NULL;
	for (unsigned int k = 0; k < LIVE; k++)
		if (me->slot[k])
			kmem_cache_free(me->s, me->slot[k]);
	atomic_store_explicit(&turn, 2 * PHASES + me->self + 1, memory_order_release);
	return NULL;
}

static void test_foreign_near_remote(unsigned int size)
{
	struct kmem_cache *s = kmem_cache_create("owner-test", size, 0, SLAB_NO_MERGE, NULL);
	pthread_t t[2];

	REQUIRE(s);
	REQUIRE(s->size < CACHE_LINE);   /* a cache whose free path reads owners */
	atomic_store(&turn, 0);
	for (unsigned int i = 0; i < 2; i++) {
		memset(&w[i], 0, sizeof(w[i]));
		w[i].s = s;
		w[i].self = i;
		w[i].seed = 0x9e3779b97f4a7c15ull * (i + 1);
	}
	for (unsigned int i = 0; i < 2; i++)
		REQUIRE(pthread_create(&t[i], NULL, run, &w[i]) == 0);
	for (unsigned int i = 0; i < 2; i++)
		REQUIRE(pthread_join(t[i], NULL) == 0);

	unsigned long frees = w[0].frees + w[1].frees;
	unsigned long remote = w[0].remote + w[1].remote;
	unsigned long foreign = foreign1 - foreign0;
	unsigned long owners = owners1 - owners0;
	unsigned long refills_min = frees / s->sheaf_cap;   /* a loose yardstick */
	printf("# ""size %u: %lu frees, %lu remote, %lu foreign, %lu owner changes\n",
		size, frees, remote, foreign, owners);
	CHECK(remote > frees / (2 * REMOTE));               /* the test ran as meant */
	/* foreign frees near the remote ones (before: about 6 times them):
	 * a thread whose own slabs have nothing free still claims another's
	 * now and then, whose objects the other then frees as foreign */
	CHECK(foreign <= 2 * remote);
	CHECK(owners <= refills_min / 4);   /* before: 0.7 to 2.3 per refill_min */
	CHECK_EQ(kmem_cache_validate(s), 0);
	CHECK_EQ(kmem_cache_shrink(s), 0);
	CHECK_EQ(kmem_cache_validate(s), 0);
	kmem_cache_destroy(s);
}

int main(void)
{
	REQUIRE(zslab_init(NULL) == 0);

	test_foreign_near_remote(16);
	test_foreign_near_remote(48);

	CHECK_EQ(zslab_validate(), 0);
	zslab_exit();
	return zt_summary("test_slab_owner_mt");
}
