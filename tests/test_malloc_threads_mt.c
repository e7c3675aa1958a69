/* SPDX-License-Identifier: MIT */
/*
 * test_malloc_threads_mt.c - libzslab-malloc under threads:
 *  - producers allocate blocks of every kind (small, page, big mapping),
 *    consumers check and free them (remote frees), with realloc and
 *    memalign in the mix; no block is ever corrupted or handed out twice;
 *  - short-lived threads whose pthread key destructors run after
 *    zslab's own exit hooks (their key is created later, so it has a
 *    higher index) and there free and allocate: the thread must not be
 *    registered again with zslab (the orphan list and the arena take
 *    these calls), and zslab_validate() stays clean after hundreds of
 *    such exits.
 */
#include "zt.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "zslab_malloc.h"

#define M(name) ZM_API(name)
#define NPROD 3
#define NCONS 3
#define PER_PRODUCER 20000
#define QLEN 256

struct block {
	size_t len;
	unsigned int seq;
	unsigned char body[];
};

static struct block *queue[QLEN];
static unsigned int q_head, q_tail;
static pthread_mutex_t q_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t q_cond = PTHREAD_COND_INITIALIZER;
static int producers_left = NPROD;
static atomic_int corrupt;

static void put(struct block *b)
{
	pthread_mutex_lock(&q_lock);
	while (q_tail - q_head == QLEN)
		pthread_cond_wait(&q_cond, &q_lock);
	queue[q_tail++ % QLEN] = b;
	pthread_cond_broadcast(&q_cond);
	pthread_mutex_unlock(&q_lock);
}

/* Next block, or NULL when every producer is done and the queue empty. */
static struct block *get(void)
{
	struct block *b = NULL;

	pthread_mutex_lock(&q_lock);
	while (q_tail == q_head && producers_left)
		pthread_cond_wait(&q_cond, &q_lock);
	if (q_tail != q_head) {
		b = queue[q_head++ % QLEN];
		pthread_cond_broadcast(&q_cond);
	}
	pthread_mutex_unlock(&q_lock);
	return b;
}

static size_t pick(uint64_t *rng)
{
	*rng = *rng * 6364136223846793005ull + 1442695040888963407ull;
	unsigned int r = (unsigned int)(*rng >> 33);
	if (r % 499 == 0)
		return (4u << 20) + r % 100000;     /* big mapping */
	if (r % 17 == 0)
		return 8192 + r % 60000;            /* page blocks */
	return r % 1500;
}

static struct block *produce(uint64_t *rng, unsigned int seq)
{
	size_t len = pick(rng);
	struct block *b;

	switch (seq % 4) {
	case 0:
		b = M(memalign)(64, sizeof(*b) + len);
		if (b && ((uintptr_t)b & 63))
			atomic_fetch_add(&corrupt, 1);
		break;
	case 1:         /* grow by realloc from something small */
		b = M(malloc)(sizeof(*b));
		if (b)
			b = M(realloc)(b, sizeof(*b) + len);
		break;
	default:
		b = M(malloc)(sizeof(*b) + len);
	}
	if (!b)
		return NULL;
	b->len = len;
	b->seq = seq;
	memset(b->body, (unsigned char)seq, len);
	return b;
}

static void *producer(void *arg)
{
	uint64_t rng = (uintptr_t)arg;

	for (unsigned int i = 0; i < PER_PRODUCER; i++) {
		struct block *b = produce(&rng, i);
		if (!b) {
			atomic_fetch_add(&corrupt, 1);
			continue;
		}
		put(b);
	}
	pthread_mutex_lock(&q_lock);
	producers_left--;
	pthread_cond_broadcast(&q_cond);
	pthread_mutex_unlock(&q_lock);
	return NULL;
}

static void *consumer(void *arg)
{
	struct block *b;

	(void)arg;
	while ((b = get())) {
		unsigned char want = (unsigned char)b->seq;
		for (size_t i = 0; i < b->len; i += 1 + i / 8)
			if (b->body[i] != want) {
				atomic_fetch_add(&corrupt, 1);
				break;
			}
		if (M(malloc_usable_size)(b) < sizeof(*b) + b->len)
			atomic_fetch_add(&corrupt, 1);
		M(free)(b);
	}
	return NULL;
}

/* --- threads whose key destructors allocate after zslab's exit hooks --- */

static pthread_key_t late_key;
static atomic_int late_ok;

static void late_destructor(void *p)
{
	unsigned char *q = p;
	bool ok = q[0] == 0xab && q[2999] == 0xab;

	M(free)(q);                              /* to the orphan list */
	unsigned char *r = M(malloc)(40);        /* from the arena */
	if (r) {
		memset(r, 1, 40);
		ok = ok && M(malloc_usable_size)(r) >= 40;
		M(free)(r);
	}
	if (ok && r)
		atomic_fetch_add(&late_ok, 1);
}

static void *short_lived(void *arg)
{
	unsigned char *p = M(malloc)(3000);

	(void)arg;
	if (p) {
		memset(p, 0xab, 3000);
		pthread_setspecific(late_key, p);
	}
	M(free)(M(malloc)(100));
	return NULL;
}

static void test_late_destructors(void)
{
	enum { N = 300 };

	REQUIRE(pthread_key_create(&late_key, late_destructor) == 0);
	for (int i = 0; i < N; i++) {
		pthread_t t;
		REQUIRE(pthread_create(&t, NULL, short_lived, NULL) == 0);
		pthread_join(t, NULL);
	}
	CHECK_EQ(atomic_load(&late_ok), N);
	CHECK_EQ(zt_reports, 0);
	CHECK_EQ(zslab_validate(), 0);
}

int main(void)
{
	pthread_t p[NPROD], c[NCONS];

	zt_capture_reports();
	M(free)(M(malloc)(1));   /* boot first: zslab's key is created now */
	for (uintptr_t i = 0; i < NCONS; i++)
		REQUIRE(pthread_create(&c[i], NULL, consumer, NULL) == 0);
	for (uintptr_t i = 0; i < NPROD; i++)
		REQUIRE(pthread_create(&p[i], NULL, producer, (void *)(i * 1000 + 17)) == 0);
	for (int i = 0; i < NPROD; i++)
		pthread_join(p[i], NULL);
	for (int i = 0; i < NCONS; i++)
		pthread_join(c[i], NULL);
	CHECK_EQ(atomic_load(&corrupt), 0);
	CHECK_EQ(zt_reports, 0);
	CHECK_EQ(zslab_validate(), 0);

	test_late_destructors();
	return zt_summary("test_malloc_threads_mt");
}
