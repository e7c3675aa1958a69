/* SPDX-License-Identifier: MIT */
/*
 * zslab/mempool.h - the kernel's memory pools (mm/mempool.c), with its
 * names, structure and signatures.
 *
 * A mempool keeps a reserve of min_nr elements, allocated when the pool is
 * made, so that an allocation can make progress when the allocator behind
 * it has no memory: mempool_alloc() first asks the pool's alloc_fn, then
 * takes a reserve element; with an empty reserve, a caller that may sleep
 * (__GFP_DIRECT_RECLAIM in its gfp) waits until mempool_free() gives one
 * back, and so never fails; a caller that may not sleep gets NULL.
 * mempool_free() refills the reserve before it hands anything back to
 * free_fn.
 *
 * The pool's lock (MEMPOOL in the library's lock order) guards only the
 * reserve.  alloc_fn and free_fn are never called under it, so they may
 * allocate, sleep, or call the pool's own functions.
 */
#ifndef ZSLAB_MEMPOOL_H
#define ZSLAB_MEMPOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <zslab/gfp.h>
#include <zslab/mm.h>
#include <zslab/slab.h>

/* The API is what libzslab exports; everything else is hidden. */
#pragma GCC visibility push(default)

#ifdef __cplusplus
extern "C" {
#endif

/**
 * typedef mempool_alloc_t - a pool's element allocator.
 * @gfp_mask:  the flags to allocate with (the pool adds __GFP_NOWARN,
 *             __GFP_NORETRY and __GFP_NOMEMALLOC, and strips
 *             __GFP_DIRECT_RECLAIM and __GFP_IO on the first try).
 * @pool_data: the pool's private data.
 *
 * Return: a new element, or NULL.
 */
typedef void *(mempool_alloc_t)(gfp_t gfp_mask, void *pool_data);

/**
 * typedef mempool_free_t - a pool's element destructor.
 * @element:   an element from the pool's mempool_alloc_t.
 * @pool_data: the pool's private data.
 */
typedef void (mempool_free_t)(void *element, void *pool_data);

/**
 * struct mempool - a memory pool (mempool_t).
 * @lock:      the reserve's lock (private: a spinlock word).
 * @min_nr:    the reserve's target: elements the pool keeps back.
 * @curr_nr:   elements in the reserve now (read it with
 *             mempool_is_saturated(); others change it).
 * @elements:  the reserve, elements[0..curr_nr); NULL: not initialised.
 * @pool_data: handed to @alloc and @free.
 * @alloc:     makes an element.
 * @free:      destroys an element.
 * @wait:      bumped by every refill; sleepers wait on it (private).
 * @waiters:   threads asleep in mempool_alloc() (private).
 * @capacity:  slots in @elements, at least max(1, @min_nr) (private).
 *
 * Invariants, under @lock: 0 <= @curr_nr <= @capacity; @curr_nr <=
 * @min_nr, except that a pool with @min_nr == 0 may hold one element
 * (so that a sleeper of such a pool can be handed one, as the kernel
 * does); every element in the reserve came from @alloc and is owned by
 * nobody else.
 */
typedef struct mempool {
	int lock;
	int min_nr;
	int curr_nr;
	void **elements;
	void *pool_data;
	mempool_alloc_t *alloc;
	mempool_free_t *free;
	unsigned int wait;
	unsigned int waiters;
	int capacity;
} mempool_t;

/**
 * mempool_initialized() - has @pool been set up by mempool_init*()?
 * @pool: a pool, initialised or zero-filled.
 *
 * Return: true between a successful mempool_init() and mempool_exit().
 */
static inline bool mempool_initialized(mempool_t *pool)
{
	return __atomic_load_n(&pool->elements, __ATOMIC_RELAXED) != NULL;
}

/**
 * mempool_is_saturated() - is the reserve full?
 * @pool: an initialised pool.
 *
 * Return: true when the reserve holds min_nr elements (a snapshot: other
 * threads may change it at once).
 */
static inline bool mempool_is_saturated(mempool_t *pool)
{
	return __atomic_load_n(&pool->curr_nr, __ATOMIC_RELAXED) >=
	       __atomic_load_n(&pool->min_nr, __ATOMIC_RELAXED);
}

/**
 * mempool_init_node() - set up a pool in caller-provided memory.
 * @pool:      the structure to set up (its old contents are ignored).
 * @min_nr:    elements to preallocate and keep in reserve (>= 0).
 * @alloc_fn:  the element allocator (not NULL).
 * @free_fn:   the element destructor (not NULL).
 * @pool_data: handed to both.
 * @gfp_mask:  flags for the reserve array and the preallocation.
 * @node_id:   memory node for the reserve array (NUMA_NO_NODE: any).
 *
 * Calls @alloc_fn(@gfp_mask, @pool_data) @min_nr times, with no lock held.
 *
 * Return: 0; -ENOMEM when the array or an element cannot be allocated
 * (everything made so far is freed and @pool is left uninitialised);
 * -EINVAL, with a report, for a NULL @pool or function or a negative
 * @min_nr.
 */
int mempool_init_node(mempool_t *pool, int min_nr, mempool_alloc_t *alloc_fn,
		      mempool_free_t *free_fn, void *pool_data, gfp_t gfp_mask,
		      int node_id);

/**
 * mempool_init() - mempool_init_node() with GFP_KERNEL on any node.
 * @pool:      the structure to set up.
 * @min_nr:    elements to keep in reserve.
 * @alloc_fn:  the element allocator.
 * @free_fn:   the element destructor.
 * @pool_data: handed to both.
 *
 * Return: as mempool_init_node().
 */
int mempool_init(mempool_t *pool, int min_nr, mempool_alloc_t *alloc_fn,
		 mempool_free_t *free_fn, void *pool_data);

/**
 * mempool_exit() - free the reserve of a pool set up by mempool_init().
 * @pool: an initialised or zero-filled pool; no element may be in use by
 *        a thread still calling the pool.
 *
 * Gives every reserve element to free_fn (no lock held) and frees the
 * array; @pool is uninitialised afterwards.  A zero-filled @pool is fine.
 */
void mempool_exit(mempool_t *pool);

/**
 * mempool_create_node() - allocate and set up a pool.
 * @min_nr:    elements to keep in reserve.
 * @alloc_fn:  the element allocator.
 * @free_fn:   the element destructor.
 * @pool_data: handed to both.
 * @gfp_mask:  flags for the pool, its array and the preallocation.
 * @nid:       memory node for the pool (NUMA_NO_NODE: any).
 *
 * Return: the pool, or NULL (as mempool_init_node() fails).
 */
mempool_t *mempool_create_node(int min_nr, mempool_alloc_t *alloc_fn,
			       mempool_free_t *free_fn, void *pool_data,
			       gfp_t gfp_mask, int nid);

/**
 * mempool_create() - mempool_create_node() with GFP_KERNEL on any node.
 * @min_nr:    elements to keep in reserve.
 * @alloc_fn:  the element allocator.
 * @free_fn:   the element destructor.
 * @pool_data: handed to both.
 *
 * Return: the pool, or NULL.
 */
mempool_t *mempool_create(int min_nr, mempool_alloc_t *alloc_fn,
			  mempool_free_t *free_fn, void *pool_data);

/**
 * mempool_destroy() - mempool_exit() a pool from mempool_create() and free it.
 * @pool: the pool, or NULL (nothing is done).
 */
void mempool_destroy(mempool_t *pool);

/**
 * mempool_resize() - change a pool's reserve target.
 * @pool:       an initialised pool.
 * @new_min_nr: the new target (> 0).
 *
 * Shrinking gives the extra reserve elements to free_fn at once.  Growing
 * allocates with GFP_KERNEL up to the new target; when the allocator runs
 * dry the pool keeps the new target and later mempool_free() calls fill
 * it.  May run beside mempool_alloc() and mempool_free(), never beside
 * mempool_exit().
 *
 * Return: 0; -ENOMEM when the bigger array cannot be allocated (the pool
 * is unchanged); -EINVAL, with a report, for @new_min_nr <= 0.
 */
int mempool_resize(mempool_t *pool, int new_min_nr);

/**
 * mempool_alloc() - allocate an element.
 * @pool:     an initialised pool.
 * @gfp_mask: the caller's flags; __GFP_ZERO is not supported (warned once).
 *
 * Tries alloc_fn without __GFP_DIRECT_RECLAIM and __GFP_IO, then the
 * reserve, then alloc_fn with the caller's flags.  Then, with
 * __GFP_DIRECT_RECLAIM, sleeps until mempool_free() refills the reserve
 * (or 5 seconds pass, as the kernel's io_schedule_timeout(5*HZ)) and tries
 * again: such a call never fails.  Without it, returns NULL.
 *
 * Return: an element, or NULL only without __GFP_DIRECT_RECLAIM.
 */
void *mempool_alloc(mempool_t *pool, gfp_t gfp_mask);

/**
 * mempool_alloc_preallocated() - take an element from the reserve only.
 * @pool: an initialised pool.
 *
 * Never calls alloc_fn and never sleeps.
 *
 * Return: a reserve element, or NULL when the reserve is empty.
 */
void *mempool_alloc_preallocated(mempool_t *pool);

/**
 * mempool_free() - give an element back.
 * @element: an element of @pool, or NULL (nothing is done).
 * @pool:    the pool it came from.
 *
 * Refills the reserve when it is below min_nr (and wakes the threads
 * waiting in mempool_alloc()); otherwise hands @element to free_fn, with
 * no lock held.
 */
void mempool_free(void *element, mempool_t *pool);

/**
 * mempool_alloc_slab() - a mempool_alloc_t: kmem_cache_alloc() from the
 * cache in @pool_data.
 * @gfp_mask:  allocation flags.
 * @pool_data: a struct kmem_cache * (without a constructor).
 *
 * Return: an object, or NULL.
 */
void *mempool_alloc_slab(gfp_t gfp_mask, void *pool_data);

/**
 * mempool_free_slab() - a mempool_free_t: kmem_cache_free() to the cache
 * in @pool_data.
 * @element:   an object of that cache.
 * @pool_data: the struct kmem_cache *.
 */
void mempool_free_slab(void *element, void *pool_data);

/**
 * mempool_kmalloc() - a mempool_alloc_t: kmalloc() of (size_t)@pool_data
 * bytes.
 * @gfp_mask:  allocation flags.
 * @pool_data: the size, cast to a pointer.
 *
 * Return: the memory, or NULL.
 */
void *mempool_kmalloc(gfp_t gfp_mask, void *pool_data);

/**
 * mempool_kfree() - a mempool_free_t: kfree().
 * @element:   memory from mempool_kmalloc().
 * @pool_data: unused.
 */
void mempool_kfree(void *element, void *pool_data);

/**
 * mempool_alloc_pages() - a mempool_alloc_t: alloc_pages() of order
 * (long)@pool_data; the element is the struct page *.
 * @gfp_mask:  allocation flags.
 * @pool_data: the order, cast to a pointer.
 *
 * Return: the first page, or NULL.
 */
void *mempool_alloc_pages(gfp_t gfp_mask, void *pool_data);

/**
 * mempool_free_pages() - a mempool_free_t: __free_pages() of order
 * (long)@pool_data.
 * @element:   the struct page * from mempool_alloc_pages().
 * @pool_data: the order.
 */
void mempool_free_pages(void *element, void *pool_data);

/**
 * mempool_init_slab_pool() - mempool_init() over a slab cache.
 * @pool:   the structure to set up.
 * @min_nr: elements to keep in reserve.
 * @kc:     the cache (without a constructor).
 *
 * Return: as mempool_init().
 */
static inline int mempool_init_slab_pool(mempool_t *pool, int min_nr,
					 struct kmem_cache *kc)
{
	return mempool_init(pool, min_nr, mempool_alloc_slab,
			    mempool_free_slab, (void *)kc);
}

/**
 * mempool_create_slab_pool() - mempool_create() over a slab cache.
 * @min_nr: elements to keep in reserve.
 * @kc:     the cache (without a constructor).
 *
 * Return: the pool, or NULL.
 */
static inline mempool_t *mempool_create_slab_pool(int min_nr,
						  struct kmem_cache *kc)
{
	return mempool_create(min_nr, mempool_alloc_slab, mempool_free_slab,
			      (void *)kc);
}

/**
 * mempool_init_kmalloc_pool() - mempool_init() of kmalloc(@size) elements.
 * @pool:   the structure to set up.
 * @min_nr: elements to keep in reserve.
 * @size:   bytes per element.
 *
 * Return: as mempool_init().
 */
static inline int mempool_init_kmalloc_pool(mempool_t *pool, int min_nr,
					    size_t size)
{
	return mempool_init(pool, min_nr, mempool_kmalloc, mempool_kfree,
			    (void *)size);
}

/**
 * mempool_create_kmalloc_pool() - mempool_create() of kmalloc(@size)
 * elements.
 * @min_nr: elements to keep in reserve.
 * @size:   bytes per element.
 *
 * Return: the pool, or NULL.
 */
static inline mempool_t *mempool_create_kmalloc_pool(int min_nr, size_t size)
{
	return mempool_create(min_nr, mempool_kmalloc, mempool_kfree,
			      (void *)size);
}

/**
 * mempool_init_page_pool() - mempool_init() of blocks of 2^@order pages.
 * @pool:   the structure to set up.
 * @min_nr: elements to keep in reserve.
 * @order:  the block order (0..MAX_ORDER-1).
 *
 * Return: as mempool_init().
 */
static inline int mempool_init_page_pool(mempool_t *pool, int min_nr,
					 int order)
{
	return mempool_init(pool, min_nr, mempool_alloc_pages,
			    mempool_free_pages, (void *)(long)order);
}

/**
 * mempool_create_page_pool() - mempool_create() of blocks of 2^@order
 * pages.
 * @min_nr: elements to keep in reserve.
 * @order:  the block order.
 *
 * Return: the pool, or NULL.
 */
static inline mempool_t *mempool_create_page_pool(int min_nr, int order)
{
	return mempool_create(min_nr, mempool_alloc_pages, mempool_free_pages,
			      (void *)(long)order);
}

/**
 * zslab_mempool_validate() - check @pool's invariants (struct mempool).
 * @pool: an initialised pool.
 *
 * Reports each broken invariant (room for the reserve, curr_nr within
 * 0..max(1, min_nr), no empty reserve slot) once, under the pool's lock.
 *
 * Return: the number of problems found (0: consistent); 1 with a report
 * for a NULL or uninitialised @pool.
 */
int zslab_mempool_validate(mempool_t *pool);

#ifdef __cplusplus
}
#endif

#pragma GCC visibility pop

#endif
