/* SPDX-License-Identifier: MIT */
/*
 * zslab/genalloc.h - the kernel's general-purpose special-memory allocator
 * (lib/genalloc.c), with its names, structures and signatures.
 *
 * A pool manages memory its user hands over up front, in chunks.  Each
 * chunk has a bitmap with one bit per 2^min_alloc_order bytes; a set bit
 * is allocated.  Allocation and freeing are lock-free: bits are claimed
 * and released with compare-and-swap, and a claim that collides with
 * another thread's is rolled back and retried.  Only gen_pool_add() takes
 * the pool's lock.  No call removes or shrinks a chunk: the pool never
 * gives memory back until it is destroyed.
 */
#ifndef ZSLAB_GENALLOC_H
#define ZSLAB_GENALLOC_H

#include <stddef.h>
#include <zslab/mm.h>

/* The API is what libzslab exports; everything else is hidden. */
#pragma GCC visibility push(default)

#ifdef __cplusplus
extern "C" {
#endif

struct gen_pool;

/**
 * typedef genpool_algo_t - an allocation algorithm: choose where @nr free
 * bits start in one chunk's bitmap.
 * @map:        the chunk's bitmap (read it only; other threads change it).
 * @size:       bits in the bitmap.
 * @start:      the first bit to consider.
 * @nr:         bits wanted.
 * @data:       the algorithm's data (pool->data, or gen_pool_alloc_algo()'s).
 * @pool:       the pool (for min_alloc_order).
 * @start_addr: the chunk's first address, for algorithms that align in the
 *              pool's address space.
 *
 * Return: the first bit of the chosen range, or any value >= @size when
 * nothing fits.
 */
typedef unsigned long (*genpool_algo_t)(unsigned long *map, unsigned long size,
					unsigned long start, unsigned int nr,
					void *data, struct gen_pool *pool,
					unsigned long start_addr);

/**
 * struct gen_pool - a pool of special memory.
 * @lock:            serialises gen_pool_add() (private: a spinlock word).
 * @chunks:          the chunks, newest first, as the kernel's list_add_rcu()
 *                   orders them; read without a lock (private).
 * @min_alloc_order: each bitmap bit covers 2^min_alloc_order bytes.
 * @algo:            the default algorithm (never NULL).
 * @data:            the default algorithm's data.
 * @name:            a name for reports, or NULL.
 *
 * Invariants: @chunks only grows until gen_pool_destroy(); a chunk is
 * fully built before it is published on @chunks.
 */
struct gen_pool {
	int lock;
	struct gen_pool_chunk *chunks;
	int min_alloc_order;
	genpool_algo_t algo;
	void *data;
	const char *name;
};

/**
 * struct gen_pool_chunk - one contiguous range of a pool's memory.
 * @next_chunk: the next (older) chunk, or NULL; fixed once published.
 * @avail:      bytes free in the chunk (atomic).
 * @phys_addr:  the physical address of @start_addr, or (phys_addr_t)-1
 *              when the chunk was added with gen_pool_add().
 * @owner:      kept for the kernel's layout; zslab does not track owners.
 * @start_addr: the chunk's first address.
 * @end_addr:   the chunk's last address (inclusive).
 * @bits:       one bit per 2^min_alloc_order bytes; set means allocated.
 *
 * Invariant: @avail == (bits in the bitmap - bits set) << min_alloc_order,
 * whenever no allocation or free is in progress.
 */
struct gen_pool_chunk {
	struct gen_pool_chunk *next_chunk;
	long avail;
	phys_addr_t phys_addr;
	void *owner;
	unsigned long start_addr;
	unsigned long end_addr;
	unsigned long bits[];
};

/**
 * struct genpool_data_align - data of gen_pool_first_fit_align().
 * @align: the alignment wanted, in bytes (a power of two), measured in the
 *         pool's address space.
 */
struct genpool_data_align {
	int align;
};

/**
 * struct genpool_data_fixed - data of gen_pool_fixed_alloc().
 * @offset: the offset from the start of a chunk at which the allocation
 *          must start (a multiple of 2^min_alloc_order).
 */
struct genpool_data_fixed {
	unsigned long offset;
};

/**
 * gen_pool_create() - create an empty pool.
 * @min_alloc_order: log2 of the allocation granule (0 .. 63).
 * @nid:             NUMA node, ignored (zslab has one node).
 *
 * The pool's algorithm is gen_pool_first_fit().  The pool structure comes
 * from kmalloc().
 *
 * Return: the pool, or NULL when memory is short or the order is out of
 * range.
 */
struct gen_pool *gen_pool_create(int min_alloc_order, int nid);

/**
 * gen_pool_add_virt() - hand a range of memory to a pool.
 * @pool: the pool.
 * @addr: the range's first address, as allocations will return it.
 * @phys: its physical address (what gen_pool_virt_to_phys() reports).
 * @size: bytes; only whole granules are used.
 * @nid:  NUMA node, ignored.
 *
 * The chunk header and bitmap are kzalloc()'ed, then the chunk is put at
 * the head of the pool's list under the pool's lock.  Safe to call while
 * other threads allocate from the pool.
 *
 * Return: 0, or -ENOMEM.
 */
int gen_pool_add_virt(struct gen_pool *pool, unsigned long addr,
		      phys_addr_t phys, size_t size, int nid);

/**
 * gen_pool_add() - gen_pool_add_virt() without a physical address.
 * @pool: the pool.
 * @addr: the range's first address.
 * @size: bytes.
 * @nid:  NUMA node, ignored.
 *
 * As in the kernel, the chunk's physical address is (phys_addr_t)-1.
 *
 * Return: 0, or -ENOMEM.
 */
static inline int gen_pool_add(struct gen_pool *pool, unsigned long addr,
			       size_t size, int nid)
{
	return gen_pool_add_virt(pool, addr, (phys_addr_t)-1, size, nid);
}

/**
 * gen_pool_destroy() - free a pool and its chunk structures (not the
 * memory the chunks describe, which belongs to the caller).
 * @pool: the pool, or NULL.
 *
 * The kernel BUGs when an allocation is outstanding.  zslab reports the
 * first outstanding range instead (naming the pool and the range) and
 * destroys nothing: the pool stays as it was and usable.  No other thread
 * may use the pool.
 */
void gen_pool_destroy(struct gen_pool *pool);

/**
 * gen_pool_alloc_algo() - allocate with a given algorithm.
 * @pool: the pool.
 * @size: bytes, rounded up to whole granules.
 * @algo: the algorithm.
 * @data: its data.
 *
 * Tries each chunk with at least @size bytes free, newest first.  Lock-free
 * and safe against concurrent gen_pool_alloc*() and gen_pool_free().
 *
 * Return: the address of the allocation, or 0 (also for @size 0).
 */
unsigned long gen_pool_alloc_algo(struct gen_pool *pool, size_t size,
				  genpool_algo_t algo, void *data);

/**
 * gen_pool_alloc() - allocate with the pool's algorithm.
 * @pool: the pool.
 * @size: bytes, rounded up to whole granules.
 *
 * Return: the address, or 0.
 */
unsigned long gen_pool_alloc(struct gen_pool *pool, size_t size);

/**
 * gen_pool_free() - give an allocation back.
 * @pool: the pool.
 * @addr: the address gen_pool_alloc*() returned.
 * @size: the size passed to it.
 *
 * The kernel BUGs on a range outside every chunk or on bits that were not
 * allocated; zslab reports the error and changes nothing.  Lock-free.
 */
void gen_pool_free(struct gen_pool *pool, unsigned long addr, size_t size);

/**
 * gen_pool_avail() - bytes free in the pool.
 * @pool: the pool.
 *
 * Return: the sum of every chunk's free bytes.
 */
size_t gen_pool_avail(struct gen_pool *pool);

/**
 * gen_pool_size() - bytes the pool manages.
 * @pool: the pool.
 *
 * Return: the sum of every chunk's size.
 */
size_t gen_pool_size(struct gen_pool *pool);

/**
 * gen_pool_set_algo() - choose the pool's algorithm.
 * @pool: the pool.
 * @algo: the algorithm; NULL selects gen_pool_first_fit().
 * @data: its data (for example a struct genpool_data_align).
 */
void gen_pool_set_algo(struct gen_pool *pool, genpool_algo_t algo, void *data);

/**
 * gen_pool_virt_to_phys() - the physical address of a pool address.
 * @pool: the pool.
 * @addr: an address inside one of its chunks.
 *
 * Return: the chunk's physical address plus @addr's offset in it, or
 * (phys_addr_t)-1 when no chunk holds @addr.  As in the kernel, the value
 * is meaningless for chunks added with gen_pool_add().
 */
phys_addr_t gen_pool_virt_to_phys(struct gen_pool *pool, unsigned long addr);

/**
 * gen_pool_first_fit() - the lowest free range of @nr bits.
 * @map: bitmap. @size: its bits. @start: first bit. @nr: bits wanted.
 * @data: unused. @pool: unused. @start_addr: unused.
 *
 * Return: the first bit, or a value >= @size.
 */
unsigned long gen_pool_first_fit(unsigned long *map, unsigned long size,
				 unsigned long start, unsigned int nr, void *data,
				 struct gen_pool *pool, unsigned long start_addr);

/**
 * gen_pool_first_fit_align() - the lowest free range whose address is a
 * multiple of ((struct genpool_data_align *)@data)->align.
 * @map: bitmap. @size: its bits. @start: first bit. @nr: bits wanted.
 * @data: a struct genpool_data_align. @pool: the pool.
 * @start_addr: the chunk's first address (alignment is of addresses, so a
 *              chunk that starts unaligned is handled).
 *
 * Return: the first bit, or a value >= @size.
 */
unsigned long gen_pool_first_fit_align(unsigned long *map, unsigned long size,
				       unsigned long start, unsigned int nr,
				       void *data, struct gen_pool *pool,
				       unsigned long start_addr);

/**
 * gen_pool_first_fit_order_align() - the lowest free range aligned (in
 * bits from the chunk's start) to @nr rounded up to a power of two.
 * @map: bitmap. @size: its bits. @start: first bit. @nr: bits wanted.
 * @data: unused. @pool: unused. @start_addr: unused.
 *
 * Return: the first bit, or a value >= @size.
 */
unsigned long gen_pool_first_fit_order_align(unsigned long *map,
					     unsigned long size,
					     unsigned long start, unsigned int nr,
					     void *data, struct gen_pool *pool,
					     unsigned long start_addr);

/**
 * gen_pool_fixed_alloc() - exactly the range at
 * ((struct genpool_data_fixed *)@data)->offset from the chunk's start.
 * @map: bitmap. @size: its bits. @start: first bit. @nr: bits wanted.
 * @data: a struct genpool_data_fixed. @pool: the pool.
 * @start_addr: unused.
 *
 * An offset that is not a multiple of the granule is warned about.
 *
 * Return: the offset's bit when that range is free, else @size.
 */
unsigned long gen_pool_fixed_alloc(unsigned long *map, unsigned long size,
				   unsigned long start, unsigned int nr,
				   void *data, struct gen_pool *pool,
				   unsigned long start_addr);

/**
 * gen_pool_best_fit() - the smallest free gap that holds @nr bits (the
 * lowest among equals), stopping early at an exact fit.
 * @map: bitmap. @size: its bits. @start: first bit. @nr: bits wanted.
 * @data: unused. @pool: unused. @start_addr: unused.
 *
 * Return: the first bit, or @size when nothing fits.
 */
unsigned long gen_pool_best_fit(unsigned long *map, unsigned long size,
				unsigned long start, unsigned int nr, void *data,
				struct gen_pool *pool, unsigned long start_addr);

#ifdef __cplusplus
}
#endif

#pragma GCC visibility pop

#endif /* ZSLAB_GENALLOC_H */
