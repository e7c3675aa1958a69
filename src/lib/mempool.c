/* SPDX-License-Identifier: MIT */
/*
 * mempool.c - the kernel's memory pools: a reserve of preallocated
 * elements that lets allocations make progress when the allocator
 * behind the pool cannot.  See <zslab/mempool.h>.
 *
 * Locking.  pool->lock (MEMPOOL in common/lock_rank.h) is a spinlock word
 * in the public structure, held only to move elements in and out of the
 * reserve and to swap the reserve array.  Nothing is called under it:
 * alloc_fn, free_fn, kmalloc and kfree all run with it dropped, as the
 * kernel's mempool_resize() and mempool_free() drop theirs around the
 * callbacks (the kernel does call kfree() on the old array under its
 * lock; here the old array is freed after the unlock).
 *
 * Sleeping.  The kernel's sleeper sits on a wait queue that mempool_free()
 * wakes.  Here it is a word, pool->wait, that every refill bumps under
 * the lock: a sleeper reads it and counts itself in pool->waiters under
 * the lock, drops the lock, and sleeps while the word is unchanged (a
 * futex, zs_host_wait()), for at most 5 seconds, as the kernel's
 * io_schedule_timeout(5*HZ), before it tries the allocator again.  A
 * refill that happens after the sleeper's critical section moves the
 * word, so the sleep returns at once; one that happened before it left
 * an element the sleeper would have taken.  No wakeup is lost.
 *
 * The racy reads of curr_nr, min_nr and elements outside the lock
 * (mempool_free()'s first test, mempool_is_saturated(), the "is it set
 * up" test of every call) are relaxed atomic loads, and every store to
 * them that another thread may meet is atomic, as the kernel's
 * READ_ONCE/WRITE_ONCE.
 */
#include <errno.h>
#include <string.h>

#include <zslab/mempool.h>
#include <zslab/slab.h>
#include <zslab/zslab.h>

#include "common/assert.h"
#include "common/lock_rank.h"
#include "common/report.h"
#include "host/host.h"
#include "slab/slab.h"
#include "slab/slub_debug.h"

/* io_schedule_timeout(5*HZ): a sleeper retries the allocator this often. */
#define MEMPOOL_WAIT_NS (5ULL * 1000 * 1000 * 1000)

/* --- the pool lock (a spinlock in the public struct's int) -------------- */

static void pool_lock(mempool_t *pool)
{
	zs_lock_acquiring(ZS_RANK_MEMPOOL);
	while (__atomic_exchange_n(&pool->lock, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&pool->lock, __ATOMIC_RELAXED))
			zs_host_relax();
	zs_lock_acquired(ZS_RANK_MEMPOOL);
}

static void pool_unlock(mempool_t *pool)
{
	__atomic_store_n(&pool->lock, 0, __ATOMIC_RELEASE);
	zs_lock_released(ZS_RANK_MEMPOOL);
}

static int read_curr(const mempool_t *pool)
{
	return __atomic_load_n(&pool->curr_nr, __ATOMIC_RELAXED);
}

static int read_min(const mempool_t *pool)
{
	return __atomic_load_n(&pool->min_nr, __ATOMIC_RELAXED);
}

/* --- poisoning reserve elements (the kernel's CONFIG_SLUB_DEBUG_ON) --- */

/*
 * While an element sits in the reserve nobody may touch it, so under
 * slub_debug poisoning the kernel fills it with POISON_FREE (the last
 * byte POISON_END) when it goes in and checks the fill when it comes
 * out, then fills it with POISON_INUSE.  Here: slab and kmalloc elements
 * whose cache poisons (slub_debug=P for it), and page elements when
 * slub_debug poisons every cache.  Elements are poisoned and checked
 * outside the pool lock: only their owner touches them then.
 */
static size_t poison_size(const mempool_t *pool, void *element, void **addr)
{
	if (pool->alloc == mempool_alloc_slab || pool->alloc == mempool_kmalloc) {
		const struct kmem_cache *s = zs_obj_cache(element);

		*addr = element;
		return s && (s->flags & SLAB_POISON) ? ksize(element) : 0;
	}
	if (pool->alloc == mempool_alloc_pages &&
	    (zs_config.slub_debug_global & SLAB_POISON)) {
		*addr = page_address(element);
		return PAGE_SIZE << (long)pool->pool_data;
	}
	return 0;
}

static void poison_element(const mempool_t *pool, void *element)
{
	void *addr;
	size_t size = poison_size(pool, element, &addr);

	if (!size)
		return;
	memset(addr, POISON_FREE, size - 1);
	((unsigned char *)addr)[size - 1] = POISON_END;
}

/* The kernel's poison_error(): the bytes around the first bad one. */
static void poison_error(const mempool_t *pool, const unsigned char *obj,
			 size_t size, size_t bad)
{
	size_t start = bad > 8 ? bad - 8 : 0;
	size_t end = bad + 8 < size ? bad + 8 : size;
	struct zs_rbuf rb;

	zs_rbuf_init(&rb);
	zs_rbuf_add(&rb, "BUG: mempool element poison mismatch\n");
	zs_rbuf_add(&rb, "Mempool %p size %zu\n", (const void *)pool, size);
	zs_rbuf_add(&rb, " nr=%d @ %p: %s0x", read_curr(pool), (const void *)obj,
		    start > 0 ? "... " : "");
	for (size_t i = start; i < end; i++)
		zs_rbuf_add(&rb, "%x ", obj[i]);
	zs_rbuf_add(&rb, "%s\n", end < size ? "..." : "");
	zs_rbuf_stack(&rb, 2);
	zs_report_emit(ZS_BUG, &rb);
}

static void check_element(const mempool_t *pool, void *element)
{
	void *addr;
	size_t size = poison_size(pool, element, &addr);
	unsigned char *obj = addr;

	if (!size)
		return;
	for (size_t i = 0; i < size; i++) {
		unsigned char want = i < size - 1 ? POISON_FREE : POISON_END;

		if (obj[i] != want) {
			poison_error(pool, obj, size, i);
			break;
		}
	}
	memset(obj, POISON_INUSE, size);
}

/* --- the reserve (under the lock, or before the pool is published) ----- */

/* The most elements the reserve may hold: min_nr, or 1 when min_nr is 0. */
static int reserve_limit(const mempool_t *pool)
{
	return pool->min_nr > 0 ? pool->min_nr : 1;
}

static void add_element(mempool_t *pool, void *element)
{
	zs_assert(pool->curr_nr < reserve_limit(pool));
	zs_assert(pool->curr_nr < pool->capacity);
	pool->elements[pool->curr_nr] = element;
	__atomic_store_n(&pool->curr_nr, pool->curr_nr + 1, __ATOMIC_RELAXED);
}

static void *remove_element(mempool_t *pool)
{
	zs_assert(pool->curr_nr > 0);
	__atomic_store_n(&pool->curr_nr, pool->curr_nr - 1, __ATOMIC_RELAXED);
	return pool->elements[pool->curr_nr];
}

/*
 * Put @element in the reserve, with the lock held; drop the lock and wake
 * the sleepers (the kernel's add_element(), unlock, wake_up()).
 */
static void refill_and_wake(mempool_t *pool, void *element)
{
	add_element(pool, element);
	__atomic_fetch_add(&pool->wait, 1, __ATOMIC_RELAXED);
	pool_unlock(pool);
	if (__atomic_load_n(&pool->waiters, __ATOMIC_RELAXED))
		zs_host_wake_all(&pool->wait);
}

/* --- set-up and teardown ----------------------------------------------- */

/* Refuse what the kernel would BUG on, naming the caller. */
static bool init_args_ok(const char *fn, const mempool_t *pool, int min_nr,
			 mempool_alloc_t *alloc_fn, mempool_free_t *free_fn,
			 void *pool_data)
{
	if (!pool) {
		zs_report(ZS_ERR, "%s: pool is NULL", fn);
		return false;
	}
	if (min_nr < 0) {
		zs_report(ZS_ERR, "%s: min_nr %d is negative", fn, min_nr);
		return false;
	}
	if (!alloc_fn || !free_fn) {
		zs_report(ZS_ERR, "%s: %s is NULL", fn,
			  !alloc_fn ? "alloc_fn" : "free_fn");
		return false;
	}
	if (alloc_fn == mempool_alloc_slab) {
		const struct kmem_cache *s = pool_data;

		if (!s) {
			zs_report(ZS_ERR, "%s: a slab pool needs its cache in pool_data, which is NULL",
				  fn);
			return false;
		}
		if (s->ctor) {
			/* the kernel's VM_BUG_ON(mem->ctor) in mempool_alloc_slab() */
			zs_report(ZS_ERR, "%s: cache %s has a constructor; a mempool's slab cache may not",
				  fn, s->name);
			return false;
		}
	}
	if (alloc_fn == mempool_alloc_pages) {
		long order = (long)pool_data;

		if (order < 0 || order >= MAX_ORDER) {
			zs_report(ZS_ERR, "%s: page order %ld is outside 0..%d",
				  fn, order, MAX_ORDER - 1);
			return false;
		}
	}
	return true;
}

static int pool_init(const char *fn, mempool_t *pool, int min_nr,
		     mempool_alloc_t *alloc_fn, mempool_free_t *free_fn,
		     void *pool_data, gfp_t gfp_mask, int node_id)
{
	int capacity = min_nr > 0 ? min_nr : 1;

	if (!init_args_ok(fn, pool, min_nr, alloc_fn, free_fn, pool_data))
		return -EINVAL;
	memset(pool, 0, sizeof(*pool));
	pool->elements = kmalloc_array_node((size_t)capacity, sizeof(void *),
					    gfp_mask, node_id);
	if (!pool->elements)
		return -ENOMEM;
	pool->capacity = capacity;
	pool->min_nr = min_nr;
	pool->pool_data = pool_data;
	pool->alloc = alloc_fn;
	pool->free = free_fn;

	/* Nobody else sees the pool yet: no lock. */
	while (pool->curr_nr < pool->min_nr) {
		void *element = alloc_fn(gfp_mask, pool_data);

		if (!element) {
			mempool_exit(pool);
			return -ENOMEM;
		}
		poison_element(pool, element);
		add_element(pool, element);
	}
	return 0;
}

int mempool_init_node(mempool_t *pool, int min_nr, mempool_alloc_t *alloc_fn,
		      mempool_free_t *free_fn, void *pool_data, gfp_t gfp_mask,
		      int node_id)
{
	return pool_init("mempool_init_node", pool, min_nr, alloc_fn, free_fn,
			 pool_data, gfp_mask, node_id);
}

int mempool_init(mempool_t *pool, int min_nr, mempool_alloc_t *alloc_fn,
		 mempool_free_t *free_fn, void *pool_data)
{
	return pool_init("mempool_init", pool, min_nr, alloc_fn, free_fn,
			 pool_data, GFP_KERNEL, NUMA_NO_NODE);
}

void mempool_exit(mempool_t *pool)
{
	unsigned int waiters;

	if (!pool) {
		zs_report(ZS_ERR, "mempool_exit: pool is NULL");
		return;
	}
	waiters = __atomic_load_n(&pool->waiters, __ATOMIC_RELAXED);
	if (waiters)
		zs_report(ZS_BUG, "BUG: mempool_exit: %u threads still wait in mempool_alloc() on pool %p",
			  waiters, (void *)pool);
	while (read_curr(pool)) {
		void *element = remove_element(pool);

		check_element(pool, element);
		pool->free(element, pool->pool_data);
	}
	kfree(pool->elements);
	pool->elements = NULL;
	pool->capacity = 0;
}

mempool_t *mempool_create_node(int min_nr, mempool_alloc_t *alloc_fn,
			       mempool_free_t *free_fn, void *pool_data,
			       gfp_t gfp_mask, int nid)
{
	mempool_t *pool;

	/* Check first, so that bad arguments cost no allocation. */
	if (!init_args_ok("mempool_create_node", &(mempool_t){ 0 }, min_nr,
			  alloc_fn, free_fn, pool_data))
		return NULL;
	pool = kzalloc_node(sizeof(*pool), gfp_mask, nid);
	if (!pool)
		return NULL;
	if (pool_init("mempool_create_node", pool, min_nr, alloc_fn, free_fn,
		      pool_data, gfp_mask, nid)) {
		kfree(pool);
		return NULL;
	}
	return pool;
}

mempool_t *mempool_create(int min_nr, mempool_alloc_t *alloc_fn,
			  mempool_free_t *free_fn, void *pool_data)
{
	return mempool_create_node(min_nr, alloc_fn, free_fn, pool_data,
				   GFP_KERNEL, NUMA_NO_NODE);
}

void mempool_destroy(mempool_t *pool)
{
	if (!pool)
		return;
	mempool_exit(pool);
	kfree(pool);
}

/* A pool a call may use: set up and not torn down.  Reports otherwise. */
static bool pool_ok(const char *fn, const mempool_t *pool)
{
	/* resize swaps the array under the lock: read the word atomically */
	if (__builtin_expect(pool && __atomic_load_n(&pool->elements, __ATOMIC_RELAXED), 1))
		return true;
	if (!pool)
		zs_report(ZS_ERR, "%s: pool is NULL", fn);
	else
		zs_report(ZS_ERR, "%s: pool %p is not initialised (mempool_init() not called, or mempool_exit() was)",
			  fn, (const void *)pool);
	return false;
}

/* --- resizing ------------------------------------------------------------ */

/* Shrink to @new_min_nr, giving the surplus to free_fn; lock held on entry. */
static void shrink_locked(mempool_t *pool, int new_min_nr)
{
	while (new_min_nr < pool->curr_nr) {
		void *element = remove_element(pool);

		pool_unlock(pool);
		check_element(pool, element);
		pool->free(element, pool->pool_data);
		pool_lock(pool);
	}
	__atomic_store_n(&pool->min_nr, new_min_nr, __ATOMIC_RELAXED);
	pool_unlock(pool);
}

/* Fill the reserve up to min_nr with GFP_KERNEL, stopping when dry. */
static void fill_reserve(mempool_t *pool)
{
	for (;;) {
		void *element;

		pool_lock(pool);
		if (pool->curr_nr >= pool->min_nr) {
			pool_unlock(pool);
			return;
		}
		pool_unlock(pool);
		element = pool->alloc(GFP_KERNEL, pool->pool_data);
		if (!element)
			return;
		poison_element(pool, element);
		pool_lock(pool);
		if (pool->curr_nr >= pool->min_nr) {
			pool_unlock(pool);
			pool->free(element, pool->pool_data);   /* raced */
			return;
		}
		refill_and_wake(pool, element);
	}
}

int mempool_resize(mempool_t *pool, int new_min_nr)
{
	void **new_elements, **old;

	if (!pool_ok("mempool_resize", pool))
		return -EINVAL;
	if (new_min_nr <= 0) {
		zs_report(ZS_ERR, "mempool_resize: new_min_nr %d must be positive",
			  new_min_nr);
		return -EINVAL;
	}
	zs_lock_assert_none("mempool_resize");

	pool_lock(pool);
	if (new_min_nr <= pool->min_nr) {
		shrink_locked(pool, new_min_nr);
		return 0;
	}
	if (new_min_nr <= pool->capacity) {
		/* an earlier shrink left room: no new array */
		__atomic_store_n(&pool->min_nr, new_min_nr, __ATOMIC_RELAXED);
		pool_unlock(pool);
		fill_reserve(pool);
		return 0;
	}
	pool_unlock(pool);

	new_elements = kmalloc_array((size_t)new_min_nr, sizeof(*new_elements),
				     GFP_KERNEL);
	if (!new_elements)
		return -ENOMEM;

	pool_lock(pool);
	if (new_min_nr <= pool->capacity) {
		/* raced: another resize made room; use it */
		if (new_min_nr > pool->min_nr)
			__atomic_store_n(&pool->min_nr, new_min_nr, __ATOMIC_RELAXED);
		pool_unlock(pool);
		kfree(new_elements);
		fill_reserve(pool);
		return 0;
	}
	memcpy(new_elements, pool->elements,
	       (size_t)pool->curr_nr * sizeof(*new_elements));
	old = pool->elements;
	__atomic_store_n(&pool->elements, new_elements, __ATOMIC_RELAXED);
	pool->capacity = new_min_nr;
	__atomic_store_n(&pool->min_nr, new_min_nr, __ATOMIC_RELAXED);
	pool_unlock(pool);
	kfree(old);
	fill_reserve(pool);
	return 0;
}

/* --- allocating and freeing ---------------------------------------------- */

void *mempool_alloc(mempool_t *pool, gfp_t gfp_mask)
{
	static bool zero_warned;
	gfp_t gfp_temp;

	if (!pool_ok("mempool_alloc", pool))
		return NULL;
	if ((gfp_mask & __GFP_ZERO) &&
	    !__atomic_exchange_n(&zero_warned, true, __ATOMIC_RELAXED))
		zs_warn("mempool_alloc: __GFP_ZERO is not supported: reserve elements are not zeroed");
	if (gfp_mask & __GFP_DIRECT_RECLAIM)
		zs_lock_assert_none("mempool_alloc (may sleep)");

	gfp_mask |= __GFP_NOMEMALLOC | __GFP_NORETRY | __GFP_NOWARN;
	gfp_temp = gfp_mask & ~(__GFP_DIRECT_RECLAIM | __GFP_IO);

	for (;;) {
		void *element = pool->alloc(gfp_temp, pool->pool_data);
		unsigned int seq;

		if (element)
			return element;

		pool_lock(pool);
		if (pool->curr_nr) {
			element = remove_element(pool);
			pool_unlock(pool);
			check_element(pool, element);
			return element;
		}
		/* The first round went without reclaim: retry with it. */
		if (gfp_temp != gfp_mask) {
			pool_unlock(pool);
			gfp_temp = gfp_mask;
			continue;
		}
		if (!(gfp_mask & __GFP_DIRECT_RECLAIM)) {
			pool_unlock(pool);
			return NULL;
		}
		/* Sleep until a mempool_free() refills the reserve. */
		seq = __atomic_load_n(&pool->wait, __ATOMIC_RELAXED);
		__atomic_fetch_add(&pool->waiters, 1, __ATOMIC_RELAXED);
		pool_unlock(pool);
		zs_host_wait(&pool->wait, seq, MEMPOOL_WAIT_NS);
		__atomic_fetch_sub(&pool->waiters, 1, __ATOMIC_RELAXED);
	}
}

void *mempool_alloc_preallocated(mempool_t *pool)
{
	void *element = NULL;

	if (!pool_ok("mempool_alloc_preallocated", pool))
		return NULL;
	pool_lock(pool);
	if (pool->curr_nr)
		element = remove_element(pool);
	pool_unlock(pool);
	if (element)
		check_element(pool, element);
	return element;
}

void mempool_free(void *element, mempool_t *pool)
{
	if (!element)
		return;
	if (!pool_ok("mempool_free", pool)) {
		zs_report(ZS_ERR, "mempool_free: element %p is not freed", element);
		return;
	}

	/*
	 * An element is given back while the reserve is short: any thread
	 * that took the reserve below min_nr made curr_nr < min_nr visible
	 * before its element could reach here, so this test cannot miss a
	 * reserve that needs the element (the kernel's argument).
	 */
	if (__builtin_expect(read_curr(pool) < read_min(pool), 0)) {
		poison_element(pool, element);
		pool_lock(pool);
		if (pool->curr_nr < pool->min_nr) {
			refill_and_wake(pool, element);
			return;
		}
		pool_unlock(pool);
	}
	/*
	 * A pool without a reserve still keeps one element back when it has
	 * none, so that its sleepers are handed what is freed.
	 */
	if (__builtin_expect(read_min(pool) == 0 && read_curr(pool) == 0, 0)) {
		poison_element(pool, element);
		pool_lock(pool);
		if (pool->min_nr == 0 && pool->curr_nr == 0) {
			refill_and_wake(pool, element);
			return;
		}
		pool_unlock(pool);
	}
	pool->free(element, pool->pool_data);
}

/* --- the kernel's ready-made element functions ---------------------------- */

void *mempool_alloc_slab(gfp_t gfp_mask, void *pool_data)
{
	return kmem_cache_alloc(pool_data, gfp_mask);
}

void mempool_free_slab(void *element, void *pool_data)
{
	kmem_cache_free(pool_data, element);
}

void *mempool_kmalloc(gfp_t gfp_mask, void *pool_data)
{
	return kmalloc((size_t)pool_data, gfp_mask);
}

void mempool_kfree(void *element, void *pool_data)
{
	(void)pool_data;
	kfree(element);
}

void *mempool_alloc_pages(gfp_t gfp_mask, void *pool_data)
{
	return alloc_pages(gfp_mask, (unsigned int)(long)pool_data);
}

void mempool_free_pages(void *element, void *pool_data)
{
	__free_pages(element, (unsigned int)(long)pool_data);
}

/* --- validation ----------------------------------------------------------- */

int zslab_mempool_validate(mempool_t *pool)
{
	int bad = 0;

	if (!pool_ok("zslab_mempool_validate", pool))
		return 1;
	pool_lock(pool);
	if (pool->min_nr < 0 || pool->capacity < reserve_limit(pool)) {
		zs_report(ZS_BUG, "BUG: mempool %p: min_nr %d, but room for %d elements",
			  (void *)pool, pool->min_nr, pool->capacity);
		bad++;
	}
	if (pool->curr_nr < 0 || pool->curr_nr > pool->capacity ||
	    pool->curr_nr > reserve_limit(pool)) {
		zs_report(ZS_BUG, "BUG: mempool %p: curr_nr %d outside 0..%d (min_nr %d)",
			  (void *)pool, pool->curr_nr, reserve_limit(pool),
			  pool->min_nr);
		bad++;
	}
	for (int i = 0; !bad && i < pool->curr_nr; i++) {
		if (!pool->elements[i]) {
			zs_report(ZS_BUG, "BUG: mempool %p: reserve slot %d is NULL",
				  (void *)pool, i);
			bad++;
		}
	}
	pool_unlock(pool);
	return bad;
}
