/* SPDX-License-Identifier: MIT */
/*
 * dmapool.c - dma_pool, the kernel's small-block coherent allocator
 * (mm/dmapool.c as rewritten for 6.4): one free list per pool, blocks
 * carved from dma_alloc_coherent() pages of the pool's device.
 *
 * Layout.  A pool page is `allocation` bytes (max(size, PAGE_SIZE)) of
 * coherent memory.  It is cut into blocks of `size` bytes from offset 0;
 * a block that would cross a multiple of `boundary` is skipped to it:
 *
 *   page:  [blk][blk][blk]..[gap]|[blk][blk]..|...     | = boundary
 *   free block:  [ next_block | dma | (debug: 0xa7 ...) ]
 *
 * A free block stores the free list's link and its own bus address in its
 * first 16 bytes (struct dma_block), so the minimum block is 16 bytes.
 *
 * Invariants (pool->lock held): nr_blocks = sum over pages of the blocks
 * carved from it; nr_active = nr_blocks - (blocks on the free list);
 * every block on the free list lies in a page on page_list and does not
 * cross a boundary; pages are freed only by dma_pool_destroy(), and only
 * those with no block in use.
 *
 * Locks: pool->lock (DMA_POOL) guards the free list, the page list and
 * the counters; pages are allocated outside it.  The pool's place on its
 * device's list is guarded by zs_dma_lock, taken before pool->lock when
 * both are held (the pools view).
 */
#include <errno.h>
#include <stdarg.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <zslab/slab.h>

#include "common/assert.h"
#include "common/list.h"
#include "common/report.h"
#include "dma/dma_internal.h"

#define POOL_POISON_FREED     0xa7   /* !inuse */
#define POOL_POISON_ALLOCATED 0xa9   /* !initted */

struct dma_block {
	struct dma_block *next_block;
	dma_addr_t dma;
};

/*
 * A block may sit at any byte offset (align 1, odd sizes), so its header
 * is read and written with memcpy, never through a misaligned struct.
 */
static struct dma_block *block_next(const struct dma_block *b)
{
	struct dma_block *next;

	memcpy(&next, (const char *)b + offsetof(struct dma_block, next_block), sizeof(next));
	return next;
}

static dma_addr_t block_dma(const struct dma_block *b)
{
	dma_addr_t dma;

	memcpy(&dma, (const char *)b + offsetof(struct dma_block, dma), sizeof(dma));
	return dma;
}

static void block_set(struct dma_block *b, struct dma_block *next, dma_addr_t dma)
{
	memcpy((char *)b + offsetof(struct dma_block, next_block), &next, sizeof(next));
	memcpy((char *)b + offsetof(struct dma_block, dma), &dma, sizeof(dma));
}

static void block_set_next(struct dma_block *b, struct dma_block *next)
{
	memcpy((char *)b + offsetof(struct dma_block, next_block), &next, sizeof(next));
}

struct dma_page {
	struct list_head page_list;
	void *vaddr;
	dma_addr_t dma;
};

struct dma_pool {
	struct list_head page_list;
	zs_spinlock_t lock;
	struct dma_block *next_block;
	size_t nr_blocks;
	size_t nr_active;
	size_t nr_pages;
	struct device *dev;
	size_t size;
	size_t allocation;
	size_t boundary;
	bool debug;
	char name[32];
	struct zslab_dev_list pools;   /* on dev->_pools, under zs_dma_lock */
};

static bool is_pow2(size_t x)
{
	return x && !(x & (x - 1));
}

static struct dma_pool *create_refused(const char *name, const char *why, size_t v)
{
	zs_report(ZS_ERR, "dma_pool_create: pool %s: %s (%zu)", name ? name : "(null)", why, v);
	return NULL;
}

struct dma_pool *dma_pool_create(const char *name, struct device *dev, size_t size,
				 size_t align, size_t boundary)
{
	struct dma_pool *pool;
	size_t allocation;

	if (!name)
		return create_refused(name, "no name", 0);
	if (!dev)
		return create_refused(name, "NULL device", 0);
	if (!zs_dev_ready(__func__, dev))
		return NULL;
	if (align == 0)
		align = 1;
	else if (!is_pow2(align))
		return create_refused(name, "alignment is not a power of two", align);
	if (size == 0 || size > INT_MAX)
		return create_refused(name, "bad block size", size);
	if (size < sizeof(struct dma_block))
		size = sizeof(struct dma_block);
	size = (size + align - 1) & ~(align - 1);
	allocation = size > PAGE_SIZE ? size : PAGE_SIZE;
	if (!boundary)
		boundary = allocation;
	else if (boundary < size || !is_pow2(boundary))
		return create_refused(name, "boundary is below the block size or not a power of two",
				      boundary);
	if (boundary > allocation)
		boundary = allocation;

	pool = kzalloc(sizeof(*pool), GFP_KERNEL);
	if (!pool)
		return NULL;
	snprintf(pool->name, sizeof(pool->name), "%s", name);
	list_init(&pool->page_list);
	zs_spin_init(&pool->lock, ZS_RANK_DMA_POOL);
	pool->dev = dev;
	pool->size = size;
	pool->allocation = allocation;
	pool->boundary = boundary;
	pool->debug = zs_slub_debug_flags(pool->name) != 0;
	zs_spin_lock(&zs_dma_lock);
	zs_dl_add(&pool->pools, &dev->_pools);
	zs_spin_unlock(&zs_dma_lock);
	return pool;
}

/* Blocks one page gives: the carve of pool_init_page(), counted. */
static size_t blocks_per_page(const struct dma_pool *pool)
{
	size_t offset = 0, next_boundary = pool->boundary, n = 0;

	while (offset + pool->size <= pool->allocation) {
		if (offset + pool->size > next_boundary) {
			offset = next_boundary;
			next_boundary += pool->boundary;
			continue;
		}
		n++;
		offset += pool->size;
	}
	return n;
}

/* Carve @page into blocks at the head of the free list; pool->lock held. */
static void pool_init_page(struct dma_pool *pool, struct dma_page *page)
{
	size_t offset = 0, next_boundary = pool->boundary, n = 0;
	struct dma_block *first = NULL, *last = NULL;

	while (offset + pool->size <= pool->allocation) {
		struct dma_block *block;

		if (offset + pool->size > next_boundary) {
			offset = next_boundary;
			next_boundary += pool->boundary;
			continue;
		}
		block = (struct dma_block *)((char *)page->vaddr + offset);
		block_set(block, NULL, page->dma + offset);
		if (last)
			block_set_next(last, block);
		else
			first = block;
		last = block;
		offset += pool->size;
		n++;
	}
	zs_assert(n && n == blocks_per_page(pool));
	block_set_next(last, pool->next_block);
	pool->next_block = first;
	pool->nr_blocks += n;
	pool->nr_pages++;
	list_add(&page->page_list, &pool->page_list);
}

static struct dma_page *pool_alloc_page(struct dma_pool *pool, gfp_t gfp)
{
	struct dma_page *page = kmalloc(sizeof(*page), gfp);

	if (!page)
		return NULL;
	page->vaddr = dma_alloc_coherent(pool->dev, pool->allocation, &page->dma, gfp);
	if (!page->vaddr) {
		kfree(page);
		return NULL;
	}
	if (pool->debug)
		memset(page->vaddr, POOL_POISON_FREED, pool->allocation);
	return page;
}

/* The kernel's print_hex_dump(DUMP_PREFIX_OFFSET, 16, 1, ascii) into @rb. */
static void hex_dump(struct zs_rbuf *rb, const unsigned char *p, size_t len)
{
	for (size_t off = 0; off < len; off += 16) {
		size_t n = len - off < 16 ? len - off : 16;

		zs_rbuf_add(rb, "%08zx:", off);
		for (size_t i = 0; i < 16; i++)
			if (i < n)
				zs_rbuf_add(rb, " %02x", p[off + i]);
			else
				zs_rbuf_add(rb, "   ");
		zs_rbuf_add(rb, "  ");
		for (size_t i = 0; i < n; i++)
			zs_rbuf_add(rb, "%c", p[off + i] >= 0x20 && p[off + i] < 0x7f ? p[off + i] : '.');
		zs_rbuf_add(rb, "\n");
	}
}

/* Debug: the block handed out must still hold the free poison. */
static void pool_check_block(struct dma_pool *pool, struct dma_block *block, gfp_t gfp)
{
	const unsigned char *data = (const unsigned char *)block;

	if (!pool->debug)
		return;
	for (size_t i = sizeof(*block); i < pool->size; i++) {
		if (data[i] == POOL_POISON_FREED)
			continue;
		struct zs_dev_label l;
		struct zs_rbuf rb;

		zs_rbuf_init(&rb);
		zs_rbuf_add(&rb, "%s: pool_check_block %s, %p (corrupted)\n",
			    zs_dev_prefix(pool->dev, &l), pool->name, (void *)block);
		hex_dump(&rb, data, pool->size);
		zs_report_emit(ZS_ERR, &rb);
		break;
	}
	if (!(gfp & __GFP_ZERO) && !zs_config.init_on_alloc)
		memset(block, POOL_POISON_ALLOCATED, pool->size);
}

void *dma_pool_alloc(struct dma_pool *pool, gfp_t gfp, dma_addr_t *handle)
{
	struct dma_block *block;
	struct dma_page *page;

	if (!pool || !handle) {
		zs_report(ZS_ERR, "dma_pool_alloc: NULL %s", pool ? "handle" : "pool");
		return NULL;
	}
	zs_spin_lock(&pool->lock);
	block = pool->next_block;
	if (!block) {
		zs_spin_unlock(&pool->lock);
		page = pool_alloc_page(pool, gfp & ~__GFP_ZERO);
		if (!page)
			return NULL;
		zs_spin_lock(&pool->lock);
		pool_init_page(pool, page);
		block = pool->next_block;
	}
	pool->next_block = block_next(block);
	pool->nr_active++;
	zs_assert(pool->nr_active <= pool->nr_blocks);
	zs_spin_unlock(&pool->lock);
	*handle = block_dma(block);
	pool_check_block(pool, block, gfp);
	if ((gfp & __GFP_ZERO) || zs_config.init_on_alloc)
		memset(block, 0, pool->size);
	return block;
}

void *dma_pool_zalloc(struct dma_pool *pool, gfp_t gfp, dma_addr_t *handle)
{
	return dma_pool_alloc(pool, gfp | __GFP_ZERO, handle);
}

/* The page holding bus address @dma; pool->lock held. */
static struct dma_page *pool_find_page(struct dma_pool *pool, dma_addr_t dma)
{
	struct list_head *p;

	for (p = pool->page_list.next; p != &pool->page_list; p = p->next) {
		struct dma_page *page = container_of(p, struct dma_page, page_list);

		if (dma >= page->dma && dma - page->dma < pool->allocation)
			return page;
	}
	return NULL;
}

/* Debug: refuse a block of no page and a double free; poison the rest. */
static bool pool_block_err(struct dma_pool *pool, void *vaddr, dma_addr_t dma)
{
	struct dma_page *page;
	struct zs_dev_label l;

	if (!pool->debug) {
		if (zs_config.init_on_free)
			memset(vaddr, 0, pool->size);
		return false;
	}
	page = pool_find_page(pool, dma);
	if (!page || (char *)vaddr - (char *)page->vaddr != (ptrdiff_t)(dma - page->dma)) {
		zs_report(ZS_ERR, "%s: pool_block_err %s, %p/0x%016llx (bad dma)",
			  zs_dev_prefix(pool->dev, &l), pool->name, vaddr, (unsigned long long)dma);
		return true;
	}
	for (struct dma_block *b = pool->next_block; b; b = block_next(b))
		if (b == vaddr) {
			zs_report(ZS_ERR, "%s: pool_block_err %s, dma 0x%016llx already free",
				  zs_dev_prefix(pool->dev, &l), pool->name, (unsigned long long)dma);
			return true;
		}
	memset(vaddr, POOL_POISON_FREED, pool->size);
	return false;
}

void dma_pool_free(struct dma_pool *pool, void *vaddr, dma_addr_t dma)
{
	struct dma_block *block = vaddr;

	if (!pool || !vaddr) {
		zs_report(ZS_ERR, "dma_pool_free: NULL %s", pool ? "block" : "pool");
		return;
	}
	zs_spin_lock(&pool->lock);
	if (!pool_block_err(pool, vaddr, dma)) {
		zs_assert(pool->nr_active > 0);
		block_set(block, pool->next_block, dma);
		pool->next_block = block;
		pool->nr_active--;
	}
	zs_spin_unlock(&pool->lock);
}

static int cmp_page(const void *a, const void *b)
{
	const struct dma_page *x = *(struct dma_page *const *)a, *y = *(struct dma_page *const *)b;

	return x->vaddr < y->vaddr ? -1 : x->vaddr > y->vaddr;
}

/* The page of @pages (sorted by vaddr) holding @p, or -1. */
static long page_index(struct dma_page **pages, size_t n, size_t allocation, const void *p)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *v = pages[mid]->vaddr;

		if ((const char *)p < v)
			hi = mid;
		else if ((const char *)p >= v + allocation)
			lo = mid + 1;
		else
			return (long)mid;
	}
	return -1;
}

/*
 * Free blocks per page, to tell busy pages from idle ones; NULL (all
 * pages count as busy) without memory.  @pages gets the pages sorted.
 */
static size_t *count_free(struct dma_pool *pool, struct dma_page ***pages_out)
{
	struct dma_page **pages = kcalloc(pool->nr_pages, sizeof(*pages), GFP_KERNEL);
	size_t *nfree = kcalloc(pool->nr_pages, sizeof(*nfree), GFP_KERNEL);
	size_t i = 0;

	if (!pages || !nfree) {
		kfree(pages);
		kfree(nfree);
		return NULL;
	}
	for (struct list_head *p = pool->page_list.next; p != &pool->page_list; p = p->next)
		pages[i++] = container_of(p, struct dma_page, page_list);
	qsort(pages, pool->nr_pages, sizeof(*pages), cmp_page);
	for (struct dma_block *b = pool->next_block; b; b = block_next(b)) {
		long k = page_index(pages, pool->nr_pages, pool->allocation, b);

		if (k >= 0)
			nfree[k]++;
	}
	*pages_out = pages;
	return nfree;
}

/* Free one pool page, or, when it still has blocks in use, leak it. */
static void destroy_page(struct dma_pool *pool, struct dma_page *page, bool busy)
{
	list_del(&page->page_list);
	if (busy)      /* leaked: the device may still be using it */
		zslab_dev_printk(3, pool->dev, "dma_pool_destroy %s, %p busy",
				 pool->name, page->vaddr);
	else
		dma_free_coherent(pool->dev, pool->allocation, page->vaddr, page->dma);
	kfree(page);
}

void dma_pool_destroy(struct dma_pool *pool)
{
	struct dma_page **pages = NULL;
	size_t *nfree = NULL;

	if (!pool)
		return;
	zs_spin_lock(&zs_dma_lock);
	zs_dl_del(&pool->pools);
	zs_spin_unlock(&zs_dma_lock);
	if (pool->nr_active && pool->nr_pages)
		nfree = count_free(pool, &pages);
	if (nfree) {          /* busy pages known: the idle ones go */
		size_t per_page = blocks_per_page(pool), n = pool->nr_pages;

		for (size_t k = 0; k < n; k++)
			destroy_page(pool, pages[k], nfree[k] < per_page);
	}
	while (!list_empty(&pool->page_list))   /* all idle, or not known */
		destroy_page(pool, container_of(pool->page_list.next, struct dma_page, page_list),
			     pool->nr_active != 0);
	kfree(pages);
	kfree(nfree);
	kfree(pool);
}

/* One problem found by zslab_dma_pool_validate(). */
__attribute__((format(printf, 2, 3)))
static void invalid(struct dma_pool *pool, const char *fmt, ...)
{
	struct zs_rbuf rb;
	va_list ap;

	zs_rbuf_init(&rb);
	zs_rbuf_add(&rb, "zslab_dma_pool_validate: pool %s: ", pool->name);
	va_start(ap, fmt);
	zs_rbuf_vadd(&rb, fmt, ap);
	va_end(ap);
	zs_rbuf_add(&rb, "\n");
	zs_report_emit(ZS_ERR, &rb);
}

long zslab_dma_pool_validate(struct dma_pool *pool)
{
	size_t per_page, free_blocks = 0, pages = 0;
	long problems = 0;

	if (!pool) {
		zs_report(ZS_ERR, "zslab_dma_pool_validate: NULL pool");
		return 1;
	}
	per_page = blocks_per_page(pool);
	zs_spin_lock(&pool->lock);
	for (struct list_head *p = pool->page_list.next; p != &pool->page_list; p = p->next)
		pages++;
	for (struct dma_block *b = pool->next_block; b && free_blocks <= pool->nr_blocks;
	     b = block_next(b), free_blocks++) {
		struct dma_page *page = pool_find_page(pool, block_dma(b));
		size_t off = page ? (size_t)((char *)b - (char *)page->vaddr) : 0;

		if (!page || (dma_addr_t)off != block_dma(b) - page->dma) {
			invalid(pool, "free block %p (dma %#llx) is in no page of the pool",
				(void *)b, (unsigned long long)block_dma(b));
			problems++;
			break;
		}
		if (off / pool->boundary != (off + pool->size - 1) / pool->boundary) {
			invalid(pool, "free block %p crosses a %zu-byte boundary", (void *)b,
				pool->boundary);
			problems++;
		}
	}
	if (pages != pool->nr_pages || pool->nr_blocks != pages * per_page) {
		invalid(pool, "%zu pages listed, %zu counted, %zu blocks for %zu a page",
			pages, pool->nr_pages, pool->nr_blocks, per_page);
		problems++;
	}
	if (!problems && free_blocks + pool->nr_active != pool->nr_blocks) {
		invalid(pool, "%zu free + %zu in use != %zu blocks", free_blocks,
			pool->nr_active, pool->nr_blocks);
		problems++;
	}
	zs_spin_unlock(&pool->lock);
	return problems;
}

void zslab_dma_pool_get_info(struct dma_pool *pool, struct zslab_dma_pool_info *info)
{
	if (!pool || !info) {
		zs_report(ZS_ERR, "zslab_dma_pool_get_info: NULL %s", pool ? "info" : "pool");
		return;
	}
	zs_spin_lock(&pool->lock);
	*info = (struct zslab_dma_pool_info){
		.name = pool->name, .size = pool->size, .boundary = pool->boundary,
		.allocation = pool->allocation, .nr_blocks = pool->nr_blocks,
		.nr_active = pool->nr_active, .nr_pages = pool->nr_pages,
	};
	zs_spin_unlock(&pool->lock);
}

/* ---- the pools file ------------------------------------------------------ */

size_t zs_dmapool_show_locked(struct device *dev, char *buf, size_t len)
{
	size_t n = 0;
	int w;

	w = snprintf(buf, len, "poolinfo - 0.1\n");
	if (w > 0)
		n = (size_t)w < len ? (size_t)w : len - 1;
	for (struct zslab_dev_list *p = dev->_pools.next; p && p != &dev->_pools; p = p->next) {
		struct dma_pool *pool = zs_dl_entry(p, struct dma_pool, pools);

		zs_spin_lock(&pool->lock);
		w = snprintf(buf + n, len - n, "%-16s %4zu %4zu %4u %2zu\n", pool->name,
			     pool->nr_active, pool->nr_blocks, (unsigned int)pool->size,
			     pool->nr_pages);
		zs_spin_unlock(&pool->lock);
		if (w > 0)
			n += (size_t)w < len - n ? (size_t)w : len - n - 1;
	}
	return n;
}

int zslab_device_pools_show(struct device *dev, FILE *out)
{
	char buf[PAGE_SIZE];
	size_t n;
	int pools = 0;

	if (!zs_dev_ready(__func__, dev) || !out)
		return 0;
	zs_spin_lock(&zs_dma_lock);
	n = zs_dmapool_show_locked(dev, buf, sizeof(buf));
	for (struct zslab_dev_list *p = dev->_pools.next; p != &dev->_pools; p = p->next)
		pools++;
	zs_spin_unlock(&zs_dma_lock);
	fwrite(buf, 1, n, out);
	return pools;
}

/* ---- managed pools ----------------------------------------------------------- */

static void dmam_pool_release(struct device *dev, void *res)
{
	(void)dev;
	dma_pool_destroy(*(struct dma_pool **)res);
}

struct dma_pool *dmam_pool_create(const char *name, struct device *dev, size_t size,
				  size_t align, size_t allocation)
{
	struct dma_pool **res;

	if (!zs_dev_ready(__func__, dev))
		return NULL;
	res = zs_devres_alloc(dmam_pool_release, sizeof(*res), GFP_KERNEL);
	if (!res)
		return NULL;
	*res = dma_pool_create(name, dev, size, align, allocation);
	if (!*res) {
		zs_devres_free(res);
		return NULL;
	}
	zs_devres_add(dev, res);
	return *res;
}

static bool same_pool(void *res, void *data)
{
	return *(struct dma_pool **)res == data;
}

void dmam_pool_destroy(struct dma_pool *pool)
{
	void *res;

	if (!pool)
		return;
	res = zs_devres_remove(pool->dev, dmam_pool_release, same_pool, pool);
	if (!res) {
		zs_warn("dmam_pool_destroy: pool %s is not a dmam_pool_create() pool", pool->name);
		return;
	}
	dma_pool_destroy(pool);
	zs_devres_free(res);
}
