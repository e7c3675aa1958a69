/* SPDX-License-Identifier: MIT */
/*
 * genalloc.c - the kernel's general-purpose special-memory allocator.
 *
 * pool->lock (GENPOOL in common/lock_rank.h) is taken only by
 * gen_pool_add_virt(), which calls nothing under it.  Everything else is
 * lock-free:
 *
 *  - the chunk list is a singly linked list published with a release store
 *    of pool->chunks and read with acquire loads; a chunk's fields other
 *    than avail and bits never change after publication (the kernel's RCU
 *    list, where nothing is ever removed before gen_pool_destroy());
 *  - a chunk's bitmap words change only by compare-and-swap: a range is
 *    claimed word by word, and a word that already has one of the wanted
 *    bits set aborts the claim, which is rolled back and retried;
 *  - chunk->avail is updated with atomic adds after the bits change, so it
 *    can lag the bitmap but is exact whenever nothing is in flight.
 *
 * Memory handed from gen_pool_free() in one thread to gen_pool_alloc() in
 * another is ordered by the release CAS of the free and the acquire CAS of
 * the claim on the same word.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>

#include <zslab/genalloc.h>
#include <zslab/slab.h>

#include "common/lock_rank.h"
#include "common/report.h"
#include "host/host.h"

#define BITS_PER_LONG  64
#define BIT_WORD(nr)   ((nr) / BITS_PER_LONG)
#define FIRST_WORD_MASK(start) (~0UL << ((start) % BITS_PER_LONG))
#define LAST_WORD_MASK(nbits)  (~0UL >> (-(nbits) % BITS_PER_LONG))

/* --- bitmap reads (relaxed: other threads change words concurrently) -- */

static unsigned long map_word(const unsigned long *map, unsigned long i)
{
	return __atomic_load_n(&map[i], __ATOMIC_RELAXED);
}

/*
 * The first bit >= @start of value @want (1: set, 0: clear) below @size,
 * or @size.
 */
static unsigned long find_next(const unsigned long *map, unsigned long size,
			       unsigned long start, int want)
{
	unsigned long i, w;

	if (start >= size)
		return size;
	i = BIT_WORD(start);
	w = (want ? map_word(map, i) : ~map_word(map, i)) & FIRST_WORD_MASK(start);
	while (!w) {
		if ((++i) * BITS_PER_LONG >= size)
			return size;
		w = want ? map_word(map, i) : ~map_word(map, i);
	}
	start = i * BITS_PER_LONG + (unsigned long)__builtin_ctzl(w);
	return start < size ? start : size;
}

static unsigned long find_next_bit(const unsigned long *map, unsigned long size,
				   unsigned long start)
{
	return find_next(map, size, start, 1);
}

static unsigned long find_next_zero_bit(const unsigned long *map,
					unsigned long size, unsigned long start)
{
	return find_next(map, size, start, 0);
}

/*
 * The kernel's bitmap_find_next_zero_area_off(): the first index >= @start
 * with (index + @align_off) a multiple of (@align_mask + 1) and @nr clear
 * bits from there.  Return: the index, or a value > @size.
 */
static unsigned long find_zero_area_off(const unsigned long *map,
					unsigned long size, unsigned long start,
					unsigned int nr, unsigned long align_mask,
					unsigned long align_off)
{
	for (;;) {
		unsigned long index = find_next_zero_bit(map, size, start);
		unsigned long end, busy;

		index = ((index + align_off + align_mask) & ~align_mask) - align_off;
		end = index + nr;
		if (end > size)
			return end;
		busy = find_next_bit(map, end, index);
		if (busy >= end)
			return index;
		start = busy + 1;
	}
}

static unsigned long find_zero_area(const unsigned long *map, unsigned long size,
				    unsigned long start, unsigned int nr,
				    unsigned long align_mask)
{
	return find_zero_area_off(map, size, start, nr, align_mask, 0);
}

/* --- bitmap updates (compare-and-swap, one word at a time) ------------ */

/* Set @mask in *@p if none of its bits is set; false otherwise. */
static bool set_bits_ll(unsigned long *p, unsigned long mask)
{
	unsigned long val = __atomic_load_n(p, __ATOMIC_RELAXED);

	do {
		if (val & mask)
			return false;
	} while (!__atomic_compare_exchange_n(p, &val, val | mask, false,
					      __ATOMIC_ACQ_REL, __ATOMIC_RELAXED));
	return true;
}

/* Clear @mask in *@p if all of its bits are set; false otherwise. */
static bool clear_bits_ll(unsigned long *p, unsigned long mask)
{
	unsigned long val = __atomic_load_n(p, __ATOMIC_RELAXED);

	do {
		if ((val & mask) != mask)
			return false;
	} while (!__atomic_compare_exchange_n(p, &val, val & ~mask, false,
					      __ATOMIC_RELEASE, __ATOMIC_RELAXED));
	return true;
}

/*
 * Apply @op to bits [@start, @start + @nr), word by word, stopping at the
 * first word it refuses.  Return: the number of bits not done (0: all
 * done); the done bits are the first ones of the range.
 */
static unsigned long range_ll(unsigned long *map, unsigned long start,
			      unsigned long nr,
			      bool (*op)(unsigned long *p, unsigned long mask))
{
	unsigned long *p = map + BIT_WORD(start);
	unsigned long end = start + nr;
	unsigned long todo = BITS_PER_LONG - start % BITS_PER_LONG;
	unsigned long mask = FIRST_WORD_MASK(start);

	while (nr >= todo) {
		if (!op(p, mask))
			return nr;
		nr -= todo;
		todo = BITS_PER_LONG;
		mask = ~0UL;
		p++;
	}
	if (nr) {
		mask &= LAST_WORD_MASK(end);
		if (!op(p, mask))
			return nr;
	}
	return 0;
}

static unsigned long bitmap_set_ll(unsigned long *map, unsigned long start,
				   unsigned long nr)
{
	return range_ll(map, start, nr, set_bits_ll);
}

static unsigned long bitmap_clear_ll(unsigned long *map, unsigned long start,
				     unsigned long nr)
{
	return range_ll(map, start, nr, clear_bits_ll);
}

/* --- chunks ------------------------------------------------------------ */

static struct gen_pool_chunk *first_chunk(const struct gen_pool *pool)
{
	return __atomic_load_n(&pool->chunks, __ATOMIC_ACQUIRE);
}

static unsigned long chunk_size(const struct gen_pool_chunk *chunk)
{
	return chunk->end_addr - chunk->start_addr + 1;
}

static long chunk_avail(const struct gen_pool_chunk *chunk)
{
	return __atomic_load_n(&chunk->avail, __ATOMIC_RELAXED);
}

static void chunk_avail_add(struct gen_pool_chunk *chunk, long delta)
{
	__atomic_fetch_add(&chunk->avail, delta, __ATOMIC_RELAXED);
}

/* The chunk holding @addr, or NULL. */
static struct gen_pool_chunk *find_chunk(const struct gen_pool *pool,
					 unsigned long addr)
{
	for (struct gen_pool_chunk *c = first_chunk(pool); c; c = c->next_chunk)
		if (addr >= c->start_addr && addr <= c->end_addr)
			return c;
	return NULL;
}

/* Bits needed for @size bytes. */
static unsigned long size_to_bits(const struct gen_pool *pool, size_t size)
{
	unsigned long gran = 1UL << pool->min_alloc_order;

	return (size + gran - 1) >> pool->min_alloc_order;
}

/* --- the pool lock (a leaf spinlock in the public struct's int) ------- */

static void pool_lock(struct gen_pool *pool)
{
	zs_lock_acquiring(ZS_RANK_GENPOOL);
	while (__atomic_exchange_n(&pool->lock, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&pool->lock, __ATOMIC_RELAXED))
			zs_host_relax();
	zs_lock_acquired(ZS_RANK_GENPOOL);
}

static void pool_unlock(struct gen_pool *pool)
{
	__atomic_store_n(&pool->lock, 0, __ATOMIC_RELEASE);
	zs_lock_released(ZS_RANK_GENPOOL);
}

/* --- the API ------------------------------------------------------------ */

struct gen_pool *gen_pool_create(int min_alloc_order, int nid)
{
	struct gen_pool *pool;

	(void)nid;
	if (min_alloc_order < 0 || min_alloc_order >= BITS_PER_LONG) {
		zs_report(ZS_ERR, "gen_pool_create: min_alloc_order %d out of range",
			  min_alloc_order);
		return NULL;
	}
	pool = kzalloc(sizeof(*pool), GFP_KERNEL);
	if (!pool)
		return NULL;
	pool->min_alloc_order = min_alloc_order;
	pool->algo = gen_pool_first_fit;
	return pool;
}

int gen_pool_add_virt(struct gen_pool *pool, unsigned long addr,
		      phys_addr_t phys, size_t size, int nid)
{
	unsigned long nbits = size >> pool->min_alloc_order;
	size_t words = (nbits + BITS_PER_LONG - 1) / BITS_PER_LONG;
	struct gen_pool_chunk *chunk;

	(void)nid;
	chunk = kzalloc(sizeof(*chunk) + words * sizeof(unsigned long), GFP_KERNEL);
	if (!chunk)
		return -ENOMEM;
	chunk->phys_addr = phys;
	chunk->start_addr = addr;
	chunk->end_addr = addr + size - 1;
	chunk->avail = (long)size;

	pool_lock(pool);
	chunk->next_chunk = pool->chunks;
	__atomic_store_n(&pool->chunks, chunk, __ATOMIC_RELEASE);
	pool_unlock(pool);
	return 0;
}

/* "pool <name> (<address>)" for reports. */
static const char *pool_label(const struct gen_pool *pool, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s(%p)", pool->name ? pool->name : "",
		 pool->name ? " " : "", (const void *)pool);
	return buf;
}

/*
 * The first allocated range of @chunk: its first bit in *@bit and its
 * length in bits in *@nbits.  Return: false when nothing is allocated.
 */
static bool chunk_first_used(const struct gen_pool *pool,
			     const struct gen_pool_chunk *chunk,
			     unsigned long *bit, unsigned long *nbits)
{
	unsigned long end_bit = chunk_size(chunk) >> pool->min_alloc_order;
	unsigned long first = find_next_bit(chunk->bits, end_bit, 0);

	if (first >= end_bit)
		return false;
	*bit = first;
	*nbits = find_next_zero_bit(chunk->bits, end_bit, first) - first;
	return true;
}

void gen_pool_destroy(struct gen_pool *pool)
{
	struct gen_pool_chunk *chunk, *next;
	unsigned long bit, nbits;
	char label[64];

	if (!pool)
		return;
	for (chunk = pool->chunks; chunk; chunk = chunk->next_chunk) {
		if (!chunk_first_used(pool, chunk, &bit, &nbits))
			continue;
		zs_report(ZS_BUG, "BUG: gen_pool_destroy: pool %s still has %#lx+%lu "
			  "allocated; not destroyed",
			  pool_label(pool, label, sizeof(label)),
			  chunk->start_addr + (bit << pool->min_alloc_order),
			  nbits << pool->min_alloc_order);
		return;
	}
	for (chunk = pool->chunks; chunk; chunk = next) {
		next = chunk->next_chunk;
		kfree(chunk);
	}
	kfree(pool);
}

/*
 * Claim @nbits bits in @chunk with @algo.  Return: the first bit claimed,
 * or a value >= the chunk's bit count when nothing fits.
 */
static unsigned long chunk_claim(struct gen_pool *pool,
				 struct gen_pool_chunk *chunk,
				 unsigned long nbits, genpool_algo_t algo,
				 void *data)
{
	unsigned long end_bit = chunk_size(chunk) >> pool->min_alloc_order;
	unsigned long start_bit = 0, remain;

	for (;;) {
		start_bit = algo(chunk->bits, end_bit, start_bit,
				 (unsigned int)nbits, data, pool,
				 chunk->start_addr);
		if (start_bit >= end_bit)
			return end_bit;
		remain = bitmap_set_ll(chunk->bits, start_bit, nbits);
		if (!remain)
			return start_bit;
		/* Lost a race: give back the part we took, search again. */
		remain = bitmap_clear_ll(chunk->bits, start_bit, nbits - remain);
		if (remain)
			zs_report(ZS_BUG, "BUG: genalloc: rollback of bits %lu+%lu failed",
				  start_bit, nbits);
	}
}

unsigned long gen_pool_alloc_algo(struct gen_pool *pool, size_t size,
				  genpool_algo_t algo, void *data)
{
	unsigned long nbits;

	if (!size)
		return 0;
	nbits = size_to_bits(pool, size);
	for (struct gen_pool_chunk *c = first_chunk(pool); c; c = c->next_chunk) {
		unsigned long end_bit, bit;

		if (size > (size_t)chunk_avail(c))
			continue;
		end_bit = chunk_size(c) >> pool->min_alloc_order;
		bit = chunk_claim(pool, c, nbits, algo, data);
		if (bit >= end_bit)
			continue;
		chunk_avail_add(c, -(long)(nbits << pool->min_alloc_order));
		return c->start_addr + (bit << pool->min_alloc_order);
	}
	return 0;
}

unsigned long gen_pool_alloc(struct gen_pool *pool, size_t size)
{
	return gen_pool_alloc_algo(pool, size, pool->algo, pool->data);
}

void gen_pool_free(struct gen_pool *pool, unsigned long addr, size_t size)
{
	unsigned long nbits = size_to_bits(pool, size), bit, remain;
	struct gen_pool_chunk *chunk = find_chunk(pool, addr);
	char label[64];

	if (!chunk) {
		zs_report(ZS_BUG, "BUG: gen_pool_free: %#lx+%zu is in no chunk of pool %s; not freed",
			  addr, size, pool_label(pool, label, sizeof(label)));
		return;
	}
	if (size && addr + size - 1 > chunk->end_addr) {
		zs_report(ZS_BUG, "BUG: gen_pool_free: %#lx+%zu runs past the end %#lx "
			  "of its chunk in pool %s; not freed", addr, size,
			  chunk->end_addr, pool_label(pool, label, sizeof(label)));
		return;
	}
	bit = (addr - chunk->start_addr) >> pool->min_alloc_order;
	remain = bitmap_clear_ll(chunk->bits, bit, nbits);
	if (remain) {
		/*
		 * Put back what was cleared: the range was not allocated
		 * whole.  Those bits were free for a moment, so a concurrent
		 * allocation may take them; only a misuse can get here.
		 */
		bitmap_set_ll(chunk->bits, bit, nbits - remain);
		zs_report(ZS_BUG, "BUG: gen_pool_free: %#lx+%zu was not allocated "
			  "in pool %s; not freed", addr, size,
			  pool_label(pool, label, sizeof(label)));
		return;
	}
	chunk_avail_add(chunk, (long)(nbits << pool->min_alloc_order));
}

size_t gen_pool_avail(struct gen_pool *pool)
{
	size_t avail = 0;

	for (struct gen_pool_chunk *c = first_chunk(pool); c; c = c->next_chunk)
		avail += (size_t)chunk_avail(c);
	return avail;
}

size_t gen_pool_size(struct gen_pool *pool)
{
	size_t size = 0;

	for (struct gen_pool_chunk *c = first_chunk(pool); c; c = c->next_chunk)
		size += chunk_size(c);
	return size;
}

void gen_pool_set_algo(struct gen_pool *pool, genpool_algo_t algo, void *data)
{
	pool->algo = algo ? algo : gen_pool_first_fit;
	pool->data = data;
}

phys_addr_t gen_pool_virt_to_phys(struct gen_pool *pool, unsigned long addr)
{
	struct gen_pool_chunk *chunk = find_chunk(pool, addr);

	if (!chunk)
		return (phys_addr_t)-1;
	return chunk->phys_addr + (addr - chunk->start_addr);
}

/* --- algorithms --------------------------------------------------------- */

unsigned long gen_pool_first_fit(unsigned long *map, unsigned long size,
				 unsigned long start, unsigned int nr, void *data,
				 struct gen_pool *pool, unsigned long start_addr)
{
	(void)data, (void)pool, (void)start_addr;
	return find_zero_area(map, size, start, nr, 0);
}

unsigned long gen_pool_first_fit_align(unsigned long *map, unsigned long size,
				       unsigned long start, unsigned int nr,
				       void *data, struct gen_pool *pool,
				       unsigned long start_addr)
{
	const struct genpool_data_align *alignment = data;
	int order = pool->min_alloc_order;
	unsigned long align = (unsigned long)alignment->align;
	unsigned long align_mask = ((align + (1UL << order) - 1) >> order) - 1;
	unsigned long align_off = (start_addr & (align - 1)) >> order;

	return find_zero_area_off(map, size, start, nr, align_mask, align_off);
}

unsigned long gen_pool_first_fit_order_align(unsigned long *map,
					     unsigned long size,
					     unsigned long start, unsigned int nr,
					     void *data, struct gen_pool *pool,
					     unsigned long start_addr)
{
	unsigned long pow2 = nr <= 1 ? 1 : 1UL << (BITS_PER_LONG - __builtin_clzl(nr - 1UL));

	(void)data, (void)pool, (void)start_addr;
	return find_zero_area(map, size, start, nr, pow2 - 1);
}

unsigned long gen_pool_fixed_alloc(unsigned long *map, unsigned long size,
				   unsigned long start, unsigned int nr,
				   void *data, struct gen_pool *pool,
				   unsigned long start_addr)
{
	const struct genpool_data_fixed *fixed = data;
	int order = pool->min_alloc_order;
	unsigned long offset_bit = fixed->offset >> order;
	unsigned long bit;

	(void)start_addr;
	if (fixed->offset & ((1UL << order) - 1)) {
		zs_warn("gen_pool_fixed_alloc: offset %#lx is not a multiple of %lu",
			fixed->offset, 1UL << order);
		return size;
	}
	bit = find_zero_area(map, size, start + offset_bit, nr, 0);
	return bit == offset_bit ? bit : size;
}

unsigned long gen_pool_best_fit(unsigned long *map, unsigned long size,
				unsigned long start, unsigned int nr, void *data,
				struct gen_pool *pool, unsigned long start_addr)
{
	unsigned long best = size, best_len = size + 1;
	unsigned long index = find_zero_area(map, size, start, nr, 0);

	(void)data, (void)pool, (void)start_addr;
	while (index < size) {
		unsigned long next_bit = find_next_bit(map, size, index + nr);

		if (next_bit - index < best_len) {
			best_len = next_bit - index;
			best = index;
			if (best_len == nr)
				return best;
		}
		index = find_zero_area(map, size, next_bit + 1, nr, 0);
	}
	return best;
}
