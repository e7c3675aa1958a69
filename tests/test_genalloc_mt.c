/* SPDX-License-Identifier: MIT */
/*
 * test_genalloc_mt.c - genalloc under concurrent allocation and freeing.
 *
 * Four threads allocate ranges of random sizes from one pool with random
 * algorithms (first fit, best fit, order-aligned, aligned), stamp each
 * range with their own id and serial number, keep up to 48 live and free
 * them in random order after checking the stamp; a fifth thread adds
 * chunks while they run.  Then:
 *  - no stamp was overwritten (no two live ranges ever overlapped), every
 *    range lay inside one chunk and was aligned as its algorithm promised;
 *  - with everything freed, every bitmap word is 0 and avail == size;
 *  - no report.
 * Lock-freedom: a second phase holds the pool's lock (as a gen_pool_add()
 * stuck inside it would) while the threads run; they must all finish.
 * Under TSan the bitmap compare-and-swaps are what order one thread's
 * stamp before the next owner's.
 */
#include "zt.h"
#include "zt_mm.h"

#define THREADS 4
#define OPS 40000
#define LIVE 48
#define ORDER 6                      /* 64-byte granules */
#define CHUNK (256UL << 10)
#define EXTRA_CHUNKS 6

struct range {
	unsigned long addr;
	size_t size;
	uint32_t stamp;
};

static struct gen_pool *pool;
static unsigned char *memory;        /* the chunks' host memory */
static atomic_long bad, done_threads, allocs, failures;
static atomic_int go;

static bool in_one_chunk(unsigned long addr, size_t size)
{
	for (struct gen_pool_chunk *c = __atomic_load_n(&pool->chunks, __ATOMIC_ACQUIRE);
	     c; c = c->next_chunk)
		if (addr >= c->start_addr && addr + size - 1 <= c->end_addr)
			return true;
	return false;
}

static void stamp(struct range *r)
{
	uint32_t *p = (uint32_t *)r->addr;

	for (size_t i = 0; i < r->size / 4; i++)
		p[i] = r->stamp;
}

static void check_and_free(struct range *r)
{
	const uint32_t *p = (const uint32_t *)r->addr;

	for (size_t i = 0; i < r->size / 4; i++)
		if (p[i] != r->stamp) {
			atomic_fetch_add(&bad, 1);
			break;
		}
	gen_pool_free(pool, r->addr, r->size);
}

/* One allocation with a random algorithm; false when the pool was full. */
static bool alloc_one(uint64_t *seed, struct range *r, uint32_t stamp_val)
{
	static struct genpool_data_align a256 = { .align = 256 };
	size_t size = (1 + zm_below(seed, 64)) * 64;
	unsigned long align = 4;
	unsigned long addr;

	switch (zm_below(seed, 4)) {
	case 0:
		addr = gen_pool_alloc(pool, size);
		break;
	case 1:
		addr = gen_pool_alloc_algo(pool, size, gen_pool_best_fit, NULL);
		break;
	case 2: {
		unsigned long bits = size >> ORDER;
		align = 64UL << (bits <= 1 ? 0 : 64 - __builtin_clzl(bits - 1));
		addr = gen_pool_alloc_algo(pool, size, gen_pool_first_fit_order_align, NULL);
		break;
	}
	default:
		align = 256;
		addr = gen_pool_alloc_algo(pool, size, gen_pool_first_fit_align, &a256);
		break;
	}
	if (!addr)
		return false;
	/* Chunks start on 4 KiB boundaries, so bit alignment is address
	 * alignment for the order-aligned algorithm. */
	if ((addr & (align - 1)) || !in_one_chunk(addr, size))
		atomic_fetch_add(&bad, 1);
	r->addr = addr;
	r->size = size;
	r->stamp = stamp_val;
	stamp(r);
	return true;
}

static void *worker(void *arg)
{
	uintptr_t id = (uintptr_t)arg;
	uint64_t seed = zm_seed(0x6e4a) * (id + 1);
	struct range live[LIVE];
	unsigned int n = 0;

	while (!atomic_load(&go))
		;
	for (uint32_t op = 0; op < OPS; op++) {
		if (n < LIVE && (n == 0 || zm_below(&seed, 3) != 0)) {
			if (alloc_one(&seed, &live[n], (uint32_t)(id << 24) | op)) {
				n++;
				atomic_fetch_add(&allocs, 1);
			} else {
				atomic_fetch_add(&failures, 1);
			}
			continue;
		}
		unsigned int k = (unsigned int)zm_below(&seed, n);
		check_and_free(&live[k]);
		live[k] = live[--n];
	}
	while (n)
		check_and_free(&live[--n]);
	atomic_fetch_add(&done_threads, 1);
	return NULL;
}

static void *adder(void *arg)
{
	(void)arg;
	while (!atomic_load(&go))
		;
	for (int i = 1; i <= EXTRA_CHUNKS; i++) {
		unsigned long base = (unsigned long)memory + (unsigned long)i * CHUNK;
		if (gen_pool_add(pool, base, CHUNK, -1))
			atomic_fetch_add(&bad, 1);
		usleep(2000);
	}
	return NULL;
}

static void run_phase(bool with_adder)
{
	pthread_t t[THREADS], add;

	atomic_store(&go, 0);
	atomic_store(&done_threads, 0);
	for (uintptr_t i = 0; i < THREADS; i++)
		REQUIRE(pthread_create(&t[i], NULL, worker, (void *)i) == 0);
	if (with_adder)
		REQUIRE(pthread_create(&add, NULL, adder, NULL) == 0);
	atomic_store(&go, 1);
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	if (with_adder)
		pthread_join(add, NULL);
}

/* Every chunk's bitmap is clear and its avail is its size. */
static void check_empty(void)
{
	unsigned long nchunks = 0;

	for (struct gen_pool_chunk *c = pool->chunks; c; c = c->next_chunk) {
		unsigned long words = ((c->end_addr - c->start_addr + 1) >> ORDER) / 64;
		unsigned long set = 0;
		for (unsigned long w = 0; w < words; w++)
			set += c->bits[w] != 0;
		CHECK_EQ(set, 0);
		CHECK_EQ(c->avail, (long)CHUNK);
		nchunks++;
	}
	CHECK_EQ(nchunks, 1 + EXTRA_CHUNKS);
	CHECK_EQ(gen_pool_avail(pool), gen_pool_size(pool));
	CHECK_EQ(gen_pool_size(pool), (1 + EXTRA_CHUNKS) * CHUNK);
}

int main(void)
{
	zm_watchdog(300);
	zm_log_start();
	REQUIRE(zslab_init(NULL) == 0);
	memory = aligned_alloc(4096, (1 + EXTRA_CHUNKS) * CHUNK);
	REQUIRE(memory);
	pool = gen_pool_create(ORDER, -1);
	REQUIRE(pool);
	/* One chunk to start with: the threads fill it and fail until the
	 * adder's chunks arrive. */
	REQUIRE(gen_pool_add(pool, (unsigned long)memory, CHUNK, -1) == 0);
	zm_log_reset();

	run_phase(true);
	CHECK_EQ(atomic_load(&done_threads), THREADS);
	CHECK_EQ(atomic_load(&bad), 0);
	CHECK(atomic_load(&allocs) > THREADS * OPS / 3);
	check_empty();

	/* Phase 2: the pool's lock is held throughout; nobody may need it. */
	__atomic_store_n(&pool->lock, 1, __ATOMIC_RELEASE);
	run_phase(false);
	__atomic_store_n(&pool->lock, 0, __ATOMIC_RELEASE);
	CHECK_EQ(atomic_load(&done_threads), THREADS);
	CHECK_EQ(atomic_load(&bad), 0);
	check_empty();

	CHECK_EQ(zm_reports(), 0);
	gen_pool_destroy(pool);
	CHECK_EQ(zm_reports(), 0);
	free(memory);
	zslab_exit();
	return zt_summary("test_genalloc_mt");
}
