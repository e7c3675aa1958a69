/* SPDX-License-Identifier: MIT */
/*
 * slub.c - SLUB's slab level: object layout, order selection, making and
 * freeing slabs, and moving objects between slabs and sheaves under the
 * cache's node lock.  The per-thread sheaves are in sheaf.c.
 *
 * Locks: s->node_lock of one cache (SLAB_NODE in common/lock_rank.h, the
 * library's one lock order); never two caches' node locks at once but in
 * the fork handler, the one checked exception.  The
 * page allocator is never called with a node lock held: new slabs are
 * made, and empty slabs freed, outside it.
 *
 * Object layout of one slot (s->size bytes), as in the kernel's
 * calculate_sizes():
 *
 *   [red_left_pad][object_size bytes | pad to word][right red zone word]
 *   [free pointer word, when it cannot live inside the object]
 *   [2 x struct track (STORE_USER)][right red zone word][pad to align]
 *
 * Without POISON, a ctor or TYPESAFE_BY_RCU (or a red-zoned object smaller
 * than a word), the free pointer lives inside the object
 * at ALIGN_DOWN(object_size / 2, word) (the 5.7+ position), stored as
 * ptr ^ s->random ^ bswap(address it is stored at).
 */
#include <errno.h>
#include <string.h>

#include <zslab/zslab.h>
#include "common/assert.h"
#include "common/report.h"
#include "host/host.h"
#include "mm/page_alloc.h"
#include "slab/class_map.h"
#include "slab/slab.h"
#include "slab/slab_map.h"
#include "slab/slab_random.h"
#include "slab/slab_rcu.h"
#include "slab/slub_debug.h"
#include "slab/slub_internal.h"

#define ALIGN_UP(x, a)   (((x) + (a) - 1) & ~((a) - 1))
#define ALIGN_DOWN(x, a) ((x) & ~((a) - 1))

/* --- layout and order ------------------------------------------------ */

unsigned int zs_calculate_alignment(slab_flags_t flags, unsigned int align,
				    unsigned int size)
{
	if (flags & SLAB_HWCACHE_ALIGN) {
		unsigned int ralign = CACHE_LINE;
		while (size <= ralign / 2)
			ralign /= 2;
		if (align < ralign)
			align = ralign;
	}
	if (align < SLAB_WORD)
		align = SLAB_WORD;
	return ALIGN_UP(align, SLAB_WORD);
}

static unsigned int order_objects(unsigned int order, unsigned int size)
{
	return (unsigned int)((PAGE_SIZE << order) / size);
}

static unsigned int fls_uint(unsigned int x)
{
	return x ? 32 - (unsigned int)__builtin_clz(x) : 0;
}

/* The first order from the minimum whose leftover is at most 1/fract. */
static unsigned int slab_order(unsigned int size, unsigned int min_objects,
			       unsigned int max_order, unsigned int fract)
{
	unsigned int min_order = zs_config.slub_min_order;
	unsigned int order;

	if (order_objects(min_order, size) > MAX_OBJS_PER_PAGE)
		return (unsigned int)get_order((unsigned long)size * MAX_OBJS_PER_PAGE) - 1;
	order = (unsigned int)get_order((unsigned long)min_objects * size);
	if (order < min_order)
		order = min_order;
	for (; order <= max_order; order++) {
		unsigned long slab_size = PAGE_SIZE << order;
		if (slab_size % size <= slab_size / fract)
			break;
	}
	return order;
}

unsigned int zs_nr_cpu_ids;

/* calculate_order(): see spec/kernel-mm.md 4.9.  Returns -ENOSYS if none. */
int zs_calculate_order(unsigned int size)
{
	unsigned int max_order = zs_config.slub_max_order;
	unsigned int min_objects = zs_config.slub_min_objects;
	unsigned int order;

	if (!min_objects)
		min_objects = 4 * (fls_uint(zs_nr_cpu_ids ? zs_nr_cpu_ids : zs_host_ncpus()) + 1);
	if (min_objects > order_objects(max_order, size))
		min_objects = order_objects(max_order, size);
	while (min_objects > 1) {
		for (unsigned int fract = 16; fract >= 4; fract /= 2) {
			order = slab_order(size, min_objects, max_order, fract);
			if (order <= max_order)
				return (int)order;
		}
		min_objects--;
	}
	order = slab_order(size, 1, max_order, 1);
	if (order <= max_order)
		return (int)order;
	order = slab_order(size, 1, MAX_ORDER - 1, 1);
	return order < MAX_ORDER ? (int)order : -ENOSYS;
}

/*
 * The colour of @s's next slab of @objects objects and @order: cycling
 * over the cache lines of the slab's leftover bytes (at most 256 colours,
 * page->colour's range); 0 without SLAB_COLOUR or under slub_debug, whose
 * layout checks the padding from the slab's start.
 */
static unsigned int next_colour(struct kmem_cache *s, unsigned int order,
				unsigned int objects)
{
	size_t left = (PAGE_SIZE << order) - (size_t)objects * s->size;
	size_t n = left / ZS_COLOUR_ALIGN + 1;

	if (!(s->flags & SLAB_COLOUR) || (s->flags & SLAB_DEBUG_FLAGS) || n < 2)
		return 0;
	if (n > 256)
		n = 256;
	return __atomic_fetch_add(&s->colour_next, 1, __ATOMIC_RELAXED) % n;
}

/* Place the free pointer, metadata and red zones; returns the stride. */
static unsigned int layout_slot(struct kmem_cache *s)
{
	slab_flags_t flags = s->flags;
	unsigned int size = ALIGN_UP(s->object_size, SLAB_WORD);

	if ((flags & SLAB_POISON) && !s->ctor && !(flags & SLAB_TYPESAFE_BY_RCU))
		s->flags |= __OBJECT_POISON;
	else
		s->flags &= ~__OBJECT_POISON;
	if ((flags & SLAB_RED_ZONE) && size == s->object_size)
		size += SLAB_WORD;
	s->inuse = size;
	if ((flags & SLAB_POISON) ||
	    (((flags & SLAB_TYPESAFE_BY_RCU) || s->ctor) && !s->use_freeptr_offset) ||
	    ((flags & SLAB_RED_ZONE) && s->object_size < SLAB_WORD)) {
		s->offset = size;
		size += SLAB_WORD;
	} else if (s->use_freeptr_offset) {
		s->offset = s->freeptr_offset;   /* checked by __kmem_cache_create_args */
	} else {
		s->offset = ALIGN_DOWN(s->object_size / 2, SLAB_WORD);
	}
	if (flags & SLAB_STORE_USER)
		size += 2 * TRACK_SIZE;
	size += zs_debug_orig_size_bytes(flags);
	s->red_left_pad = 0;
	if (flags & SLAB_RED_ZONE) {
		size += SLAB_WORD;
		s->red_left_pad = ALIGN_UP(SLAB_WORD, s->align);
		size += s->red_left_pad;
	}
	return ALIGN_UP(size, s->align);
}

static unsigned long ilog2_ul(unsigned long x)
{
	return 63 - (unsigned long)__builtin_clzl(x);
}

static void set_limits(struct kmem_cache *s)
{
	unsigned long mp = ilog2_ul(s->size) / 2;

	s->min_partial = mp < 5 ? 5 : mp > 10 ? 10 : mp;
	if (s->flags & SLAB_DEBUG_FLAGS)
		s->cpu_partial = 0;
	else if (s->size >= PAGE_SIZE)
		s->cpu_partial = 2;
	else if (s->size >= 1024)
		s->cpu_partial = 6;
	else if (s->size >= 256)
		s->cpu_partial = 13;
	else
		s->cpu_partial = 30;
	s->sheaf_cap = s->size <= 256 ? 64 : s->size <= 8192 ? 32 : 8;
	if (s->sheaf_cap_req)   /* kmem_cache_args.sheaf_capacity */
		s->sheaf_cap = s->sheaf_cap_req < SHEAF_MAX ? s->sheaf_cap_req : SHEAF_MAX;
	/* the barn holds at most ~1 MiB of free objects per cache */
	unsigned long bm = (1UL << 20) / ((unsigned long)s->sheaf_cap * s->size);
	s->barn_max = bm < 4 ? 4 : bm > 256 ? 256 : (unsigned int)bm;
}

/*
 * zs_kmem_cache_open() - compute @s's layout, order and limits from its
 * object_size, align, flags and ctor.  Returns 0 or -EINVAL.
 */
int zs_kmem_cache_open(struct kmem_cache *s)
{
	int order;

	s->size = layout_slot(s);
	/* slub_debug=O: no metadata that would raise the minimum order */
	if (zs_config.slub_debug_order_off &&
	    (s->flags & (SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER)) &&
	    get_order(s->size) > get_order(s->object_size)) {
		s->flags &= ~(SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER);
		s->size = layout_slot(s);
	}
	zs_slot_divisor_init(s);
	/* power-of-two slots from the slab's start tile every slab exactly
	 * (its bytes are a power of two, at least size); up to a page, they
	 * tile every page from its start too (obj_mask) */
	bool pow2_slots = !(s->size & (s->size - 1)) && !s->red_left_pad;
	s->obj_mask = pow2_slots && s->size <= PAGE_SIZE ? s->size - 1 : ~(uintptr_t)0;
	order = zs_calculate_order(s->size);
	if (order < 0)
		return -EINVAL;
	s->order = (unsigned int)order;
	s->objects = order_objects(s->order, s->size);
	/* colours need a cache line of leftover; power-of-two slots tile
	 * the slab exactly and keep their one-test validity checks (obj_mask,
	 * the class map) */
	if (pow2_slots || (PAGE_SIZE << s->order) - (size_t)s->objects * s->size < ZS_COLOUR_ALIGN)
		s->flags &= ~SLAB_COLOUR;
	s->min_order = (unsigned int)get_order(s->size);
	s->min_objects = order_objects(s->min_order, s->size);
	s->allocflags = 0;
	if (s->flags & SLAB_CACHE_DMA)
		s->allocflags |= GFP_DMA;
	if ((s->flags & SLAB_CACHE_DMA32) && !(s->flags & SLAB_CACHE_DMA))
		s->allocflags |= GFP_DMA32;   /* both: ZONE_DMA, as gfp_zone() */
	if (s->flags & SLAB_RECLAIM_ACCOUNT)
		s->allocflags |= __GFP_RECLAIMABLE;
	s->random = 0;
	s->fp_addr_mask = 0;
	if (zs_config.slab_freelist_hardened) {
		zs_host_random(&s->random, sizeof(s->random));
		s->fp_addr_mask = ~(uintptr_t)0;
	}
	set_limits(s);
	zs_spin_init(&s->grow_lock, ZS_RANK_SLAB_GROW);
	list_init(&s->growing);
	s->nr_growing = 0;
	zs_spin_init(&s->node_lock, ZS_RANK_SLAB_NODE);
	list_init(&s->partial);
	list_init(&s->full);
	list_init(&s->sheaves);
	list_init(&s->barn_full);
	list_init(&s->barn_empty);
	return 0;
}

/* --- making and freeing slabs ----------------------------------------- */

/* Warn about zone bits a slab allocation must not carry, and strip them. */
gfp_t zs_kmalloc_fix_flags(gfp_t flags)
{
	gfp_t invalid = flags & GFP_SLAB_BUG_MASK;
	char bad[256], fixed[256];
	struct zs_rbuf rb;

	flags &= ~GFP_SLAB_BUG_MASK;
	zs_gfp_names(invalid, bad, sizeof(bad));
	zs_gfp_names(flags, fixed, sizeof(fixed));
	zs_rbuf_init(&rb);
	zs_rbuf_add(&rb, "Unexpected gfp: %#x (%s). Fixing up to gfp: %#x (%s). Fix your code!\n",
		    invalid, bad, flags, fixed);
	zs_rbuf_stack(&rb, 1);
	zs_report_emit(ZS_WARN, &rb);
	return flags;
}

/*
 * Link objects [0, n) of the slab at @base: in address order, or with
 * slab_freelist_random in the cache's random order from a random start
 * (slab_random.c).  Returns the freelist head.
 */
static void *link_objects(struct kmem_cache *s, char *base, unsigned int n)
{
	void *next = NULL;

	if (zs_config.slab_freelist_random && n >= 2) {
		uint32_t start = zs_slab_random_start(n);
		for (unsigned int j = n; j-- > 0;) {
			uint32_t pos = (start + j) % n;
			void *obj = zs_slab_object(s, base, zs_slab_perm(pos, n, s->random ^ s->id));
			set_freepointer(s, obj, next);
			next = obj;
		}
		return next;
	}
	for (unsigned int i = n; i-- > 0;) {
		void *obj = zs_slab_object(s, base, i);
		set_freepointer(s, obj, next);
		next = obj;
	}
	return next;
}

static void mark_slab_pages(struct kmem_cache *s, struct page *page,
			    unsigned int objects)
{
	unsigned long n = 1UL << page->order;
	uint8_t colour = (uint8_t)next_colour(s, page->order, objects);

	pg_set_flags(page, pg_flags(page) | PG_slab);
	page->slab_cache = s;
	page->slab_idx = 0;
	page->head = NULL;
	page->inuse = 0;
	page->objects = objects;
	page->discarded = 0;
	page->colour = colour;
	for (unsigned long i = 1; i < n; i++) {
		pg_set_flags(&page[i], PG_slab | PG_tail);
		page[i].colour = colour;
		page[i].slab_cache = s;
		page[i].slab_idx = (uint16_t)i;
		page[i].objects = objects;
		page[i].head = page;
	}
	zs_class_map_slab(s, page);
}

/*
 * The pages of a new slab, marked and accounted, and already on
 * s->growing: grow_lock covers the gap between the page allocator and
 * that list, so fork() (which takes every grow lock) never finds the
 * pages in neither.  The lock is held for the page allocation only; the
 * objects are set up (page faults, ctor) after it.
 */
static struct page *grow_pages(struct kmem_cache *s, gfp_t flags, unsigned int *objects)
{
	gfp_t first = (flags | __GFP_NOWARN | __GFP_NORETRY) & ~__GFP_NOFAIL;
	struct page *page;

	zs_spin_lock(&s->grow_lock);
	page = zs_alloc_pages(first, s->order);
	*objects = s->objects;
	if (!page) {
		page = zs_alloc_pages(flags, s->min_order);
		if (!page) {
			zs_spin_unlock(&s->grow_lock);
			return NULL;
		}
		*objects = s->min_objects;
		__atomic_fetch_add(&s->order_fallback, 1, __ATOMIC_RELAXED);
	}
	mark_slab_pages(s, page, *objects);
	zs_mod_node_stat((s->flags & SLAB_RECLAIM_ACCOUNT) ? NR_SLAB_RECLAIMABLE :
			 NR_SLAB_UNRECLAIMABLE, 1L << page->order);
	if (zs_cache_internal(s))
		zs_mod_zone_zslab(page, 1L << page->order);
	page->freelist = NULL;
	zs_spin_lock(&s->node_lock);
	list_add(&page->lru, &s->growing);
	s->nr_growing++;
	s->barn_ops++;   /* a growing cache is not idle (barn.c's decay) */
	zs_spin_unlock(&s->node_lock);
	zs_spin_unlock(&s->grow_lock);
	return page;
}

static struct page *allocate_slab(struct kmem_cache *s, gfp_t gfp)
{
	gfp_t flags = (gfp & (GFP_RECLAIM_MASK | GFP_CONSTRAINT_MASK)) | s->allocflags;
	unsigned int objects;
	struct page *page = grow_pages(s, flags, &objects);

	if (!page)
		return NULL;
	char *base = zs_slab_base(page);
	if (zs_debug_cache(s))
		zs_debug_setup_slab(s, page);
	if (s->ctor)
		for (unsigned int i = 0; i < objects; i++)
			s->ctor(zs_slab_object(s, base, i));
	page->freelist = link_objects(s, base, objects);
	if (zs_obj_tracked(s))
		zs_tool_noaccess(zs_page_address(page), PAGE_SIZE << page->order);
	return page;
}

/* new_slab(): check the caller's gfp, then allocate.  No lock held. */
struct page *zs_new_slab(struct kmem_cache *s, gfp_t gfp)
{
	struct page *page;

	if (gfp & GFP_SLAB_BUG_MASK)
		gfp = zs_kmalloc_fix_flags(gfp);
	page = allocate_slab(s, gfp);
	if (page)
		zs_barn_decay_tick();
	return page;
}

/*
 * Return an empty slab's pages to the page allocator.  No lock held.  A
 * SLAB_TYPESAFE_BY_RCU slab stays a slab of its cache until the RCU
 * engine's grace period has passed (slab_rcu.c).
 */
void zs_discard_slab(struct page *page)
{
	if ((page->slab_cache->flags & SLAB_TYPESAFE_BY_RCU) && zs_slab_rcu_defer(page))
		return;
	zs_slab_free_pages(page);
}

static void slab_free_pages(struct page *page, bool made);

/* Free the pages of the empty slab @page now (zs_discard_slab's work). */
void zs_slab_free_pages(struct page *page)
{
	slab_free_pages(page, true);
}

/*
 * The pages of @page back to the page allocator; @made: its objects were
 * set up (false: a slab of s->growing that a forked child drops, whose
 * debug layout may be half written, so it is not checked).
 */
static void slab_free_pages(struct page *page, bool made)
{
	unsigned long n = 1UL << page->order;

	zs_class_unmap_slab(page);
	page->colour = 0;
	for (unsigned long i = 1; i < n; i++) {
		pg_set_flags(&page[i], 0);
		page[i].colour = 0;
		page[i].slab_cache = NULL;
		page[i].slab_idx = 0;
		page[i].objects = 0;
		page[i].head = NULL;
	}
	zs_mod_node_stat((page->slab_cache->flags & SLAB_RECLAIM_ACCOUNT) ?
			 NR_SLAB_RECLAIMABLE : NR_SLAB_UNRECLAIMABLE, -(1L << page->order));
	if (zs_cache_internal(page->slab_cache))
		zs_mod_zone_zslab(page, -(1L << page->order));
	if (made && zs_debug_cache(page->slab_cache))
		zs_debug_discard_slab(page->slab_cache, page);
	if (zs_obj_tracked(page->slab_cache))
		zs_tool_reset(zs_page_address(page), PAGE_SIZE << page->order);
	pg_set_flags(page, pg_flags(page) & ~PG_slab);
	page->slab_cache = NULL;
	page->freelist = NULL;
	zs_free_pages(page, page->order);
}

/* --- objects between slabs and sheaves (node lock held) --------------- */

static void restore_discarded(struct kmem_cache *s, struct page *page);

/*
 * A debug cache's checks on taking @obj, the head of @page's freelist.
 * False: the slab is quarantined as the kernel does ("Marking all objects
 * used": its freelist is dropped) and @obj is not handed out.  A corrupt
 * next pointer isolates the rest of the chain but @obj is still good.
 */
static __attribute__((noinline, cold)) bool
debug_take(struct kmem_cache *s, struct page *page, void *obj, unsigned int got)
{
	if (!zs_debug_alloc(s, page, obj)) {
		zs_debug_mark_used(s, page);
		return false;
	}
	if (!zs_debug_next_ok(s, page, obj)) {
		set_freepointer(s, obj, NULL);
		page->inuse = page->objects - 1 - got;   /* the rest written off */
	}
	return true;
}

/* Move partial slab @page, whose freelist is empty, to the full list. */
static void slab_to_full(struct kmem_cache *s, struct page *page)
{
	zs_assert(s->nr_partial > 0);
	list_del(&page->lru);
	list_add(&page->lru, &s->full);
	s->nr_partial--;
	s->nr_full++;
}

/* Take up to @want objects from slab @page into @dst; returns how many. */
static unsigned int slab_take(struct kmem_cache *s, struct page *page,
			      void **dst, unsigned int want)
{
	unsigned int got = 0;

	while (got < want) {
		void *obj = page->freelist;
		if (!obj) {
			if (!page->discarded)
				break;
			restore_discarded(s, page);
			continue;
		}
		if (zs_debug_cache(s) && !debug_take(s, page, obj, got)) {
			page->inuse -= got;   /* quarantined: += got below */
			break;
		}
		page->freelist = get_freepointer(s, obj);
		dst[got++] = obj;
	}
	page->inuse += got;
	zs_assert(page->inuse <= page->objects);
	if (!page->freelist && !page->discarded)
		slab_to_full(s, page);
	return got;
}

/* A new slab from s->growing to the partial list (node lock held). */
static void add_new_slab(struct kmem_cache *s, struct page *page)
{
	zs_assert(page->inuse == 0 && page->freelist && page->slab_cache == s &&
		  s->nr_growing > 0);
	list_del(&page->lru);
	s->nr_growing--;
	list_add(&page->lru, &s->partial);
	s->nr_partial++;
	s->total_objects += page->objects;
}

/*
 * A slab's whole freelist, detached under the node lock (slab_take_all())
 * and walked after the unlock: the walk reads each free object's free
 * pointer, a cache miss apiece when another thread freed the objects, and
 * under the lock every other thread refilling or flushing this cache
 * waited for those misses (issue 12: three quarters of the refill's time
 * in rptest was that load).
 */
struct taken_chain {
	void *head;
	unsigned int at, n;     /* its objects go to dst[at .. at + n) */
};
#define TAKE_CHAINS 8

/*
 * Can the whole freelist of @page, @free objects, go to a caller with
 * room for @room?  Not for debug caches (each object is checked as it is
 * taken) nor for slabs with discarded pages (restore_discarded()).
 */
static bool can_take_all(const struct kmem_cache *s, const struct page *page,
			 unsigned int free, unsigned int room)
{
	return free && free <= room && !page->discarded && !zs_debug_cache(s);
}

/* Detach @page's freelist (node lock held): the slab is full from now on. */
static void *slab_take_all(struct kmem_cache *s, struct page *page)
{
	void *head = page->freelist;

	page->freelist = NULL;
	page->inuse = page->objects;
	slab_to_full(s, page);
	return head;
}

/* Walk a detached chain into @dst (no lock: its objects are the caller's). */
static unsigned int chain_walk(struct kmem_cache *s, void *obj, void **dst,
			       unsigned int n)
{
	unsigned int got = 0;

	for (; obj && got < n; obj = get_freepointer(s, obj))
		dst[got++] = obj;
	return got;   /* < n only on a freelist already corrupt */
}

/*
 * The partial slab a take goes on with (node lock held, list not empty),
 * moved to the list's head: with no @prefer, the head; else, among the
 * first PREFER_SCAN, the first whose slab_owner is @prefer (*@mine set),
 * else the one with the fewest objects in use, an empty or ownerless one
 * first: the fewest objects another thread holds, whose frees the new
 * owner's claim would make foreign.  The node level keeps no notion of
 * owners; it only honours the caller's hint (sheaf.c's refill).
 */
#define PREFER_SCAN 32
static struct page *pick_partial(struct kmem_cache *s, const void *prefer, bool *mine)
{
	struct list_head *pos = s->partial.next;
	struct page *best = container_of(pos, struct page, lru);

	*mine = false;
	if (!prefer)
		return best;
	for (unsigned int i = 0; i < PREFER_SCAN && pos != &s->partial; i++, pos = pos->next) {
		struct page *page = container_of(pos, struct page, lru);
		/* written by claims outside the node lock (sheaf_fast.h) */
		void *owner = __atomic_load_n(&page->slab_owner, __ATOMIC_RELAXED);
		if (owner == prefer) {
			*mine = true;
			best = page;
			break;
		}
		if (!owner || page->inuse < best->inuse)
			best = page;
		if (!owner || !page->inuse)
			break;
	}
	if (best->lru.prev != &s->partial) {
		list_del(&best->lru);
		list_add(&best->lru, &s->partial);
	}
	return best;
}

/*
 * zs_node_take_batch() - fill @dst with @want objects and up to @max:
 * partial slabs whose free objects all fit are taken whole, their
 * freelists walked after the unlock; others give what is asked under
 * the lock.  A new slab is made when the partial list is empty; a batch
 * (@max > @want) that already holds objects returns them first, fewer
 * than @want, so that free objects are handed out before a fresh slab is
 * touched.  Returns how many (0: out of memory).  Takes the lock.
 */
unsigned int zs_node_take_batch(struct kmem_cache *s, gfp_t gfp, void **dst,
				unsigned int want, unsigned int max)
{
	return zs_node_take_batch_pref(s, gfp, dst, want, max, NULL);
}

unsigned int zs_node_take_batch_pref(struct kmem_cache *s, gfp_t gfp, void **dst,
				     unsigned int want, unsigned int max, const void *prefer)
{
	struct taken_chain chain[TAKE_CHAINS];
	unsigned int got = 0, nchain = 0, out;

	zs_assert(want <= max);
	zs_spin_lock(&s->node_lock);
	while (got < want) {
		if (list_empty(&s->partial)) {
			if (got && max > want)
				break;   /* a batch: what is free goes first */
			zs_spin_unlock(&s->node_lock);
			struct page *page = zs_new_slab(s, gfp);
			zs_spin_lock(&s->node_lock);
			if (!page)
				break;
			add_new_slab(s, page);
		}
		bool mine;
		struct page *page = pick_partial(s, prefer, &mine);
		if (prefer && got && !mine)
			break;   /* some from our own slabs: no claim on another's */
		unsigned int free = page->objects - page->inuse;
		if (nchain < TAKE_CHAINS && can_take_all(s, page, free, max - got)) {
			chain[nchain++] = (struct taken_chain){ slab_take_all(s, page), got, free };
			got += free;
		} else {
			got += slab_take(s, page, dst + got, want - got);
		}
	}
	zs_spin_unlock(&s->node_lock);
	if (!nchain)
		return got;
	/* the chains' slots are reserved in @dst; fill them, closing any gap
	 * a corrupt (short) chain leaves */
	out = chain[0].at;
	for (unsigned int c = 0; c < nchain; c++) {
		unsigned int end = c + 1 < nchain ? chain[c + 1].at : got;
		unsigned int at = chain[c].at + chain[c].n;
		out += chain_walk(s, chain[c].head, dst + out, chain[c].n);
		memmove(dst + out, dst + at, (end - at) * sizeof(void *));
		out += end - at;
	}
	return out;
}

/* zs_node_take_objects() - up to @want objects (zs_node_take_batch()). */
unsigned int zs_node_take_objects(struct kmem_cache *s, gfp_t gfp, void **dst,
				  unsigned int want)
{
	return zs_node_take_batch(s, gfp, dst, want, want);
}

static void report_bad_free(struct kmem_cache *s, const void *obj, const char *why)
{
	struct zs_rbuf rb;

	zs_rbuf_init(&rb);
	zs_rbuf_add(&rb, "BUG %s (Not tainted): %s\n", s->name, why);
	zs_rbuf_add(&rb, "INFO: Object %p not freed\n", obj);
	zs_rbuf_stack(&rb, 2);
	zs_report_emit(ZS_BUG, &rb);
}

/*
 * The cache whose grow lock this thread holds for the empty slabs it has
 * queued (may_discard()); zs_free_empty_slabs() lets it go once their
 * pages are back in the page allocator.  One cache at a time: every
 * queue of empty slabs is freed right after its node unlock.
 */
static __thread struct kmem_cache *tl_grow_held __attribute__((tls_model("initial-exec")));

/*
 * May an empty slab of @s leave its lists now (node lock held)?  Only
 * with @s's grow lock, which the node lock allows only by trylock (its
 * rank comes first); when another thread grows @s or fork() holds it,
 * the slab stays on the partial list, empty, for the next refill or
 * shrink.
 */
static bool may_discard(struct kmem_cache *s)
{
	if (tl_grow_held)
		return tl_grow_held == s;
	if (!zs_spin_trylock(&s->grow_lock))
		return false;
	tl_grow_held = s;
	return true;
}

/* Take @s's grow lock before its node lock, for a discard that must free. */
static void grow_lock_for_discard(struct kmem_cache *s)
{
	zs_assert(!tl_grow_held);
	zs_spin_lock(&s->grow_lock);
	tl_grow_held = s;
}

/* Let the grow lock of may_discard() go (no slab of it in transit now). */
static void grow_release(void)
{
	struct kmem_cache *s = tl_grow_held;

	if (s) {
		tl_grow_held = NULL;
		zs_spin_unlock(&s->grow_lock);
	}
}

/*
 * Put one object back on its slab; queue the slab on @empty if freed.
 * The object's struct page is looked up once: zs_obj_slab() and
 * zs_valid_object() each made the same lookup (issue 12: the foreign
 * frees of rptest put one object in fifteen back this way).  Inline in
 * both put loops.
 */
static inline __attribute__((always_inline)) void
slab_put(struct kmem_cache *s, void *obj, struct list_head *empty)
{
	struct page *op = zs_virt_to_page(obj);
	struct page *page = zs_page_slab(op);

	if (zs_debug_cache(s) && !zs_debug_free(s, page, obj))
		return;
	if (!page || page->slab_cache != s || !zs_valid_object_page(s, page, op, obj)) {
		report_bad_free(s, obj, "Invalid object pointer");
		return;
	}
	if (page->freelist == obj || page->inuse == 0) {
		report_bad_free(s, obj, "Object already free (double free)");
		return;
	}
	zs_assert(page->inuse > 0 && page->inuse <= page->objects);
	set_freepointer(s, obj, page->freelist);
	page->freelist = obj;
	if (page->inuse == page->objects && !page->discarded) {
		zs_assert(s->nr_full > 0);
		list_del(&page->lru);
		list_add_tail(&page->lru, &s->partial);
		s->nr_full--;
		s->nr_partial++;
	}
	page->inuse--;
	if (page->inuse == 0 && s->nr_partial > s->min_partial && may_discard(s)) {
		zs_assert(s->total_objects >= page->objects);
		list_del(&page->lru);
		s->nr_partial--;
		s->total_objects -= page->objects;
		list_add(&page->lru, empty);
	}
}

/*
 * Free the empty slabs queued on @empty (no node lock held), then let go
 * of the grow lock that covered them since they left their lists.  A
 * TYPESAFE_BY_RCU slab handed to the RCU engine is the engine's until
 * its grace period ends: the lock goes before that callback.
 */
void zs_free_empty_slabs(struct list_head *empty)
{
	struct list_head *pos, *tmp;

	list_for_each_safe(pos, tmp, empty) {
		struct page *page = container_of(pos, struct page, lru);
		list_del(pos);
		if ((page->slab_cache->flags & SLAB_TYPESAFE_BY_RCU) && zs_slab_rcu_active()) {
			grow_release();
			zs_discard_slab(page);
		} else {
			zs_slab_free_pages(page);
		}
	}
	grow_release();
}

/*
 * zs_node_fork_child() - in a forked child (the locks of @s held by the
 * fork handler, no other thread): the slabs that were growing belong to
 * threads that do not exist here, half made; they move to @gone, whose
 * pages zs_node_fork_free() gives back after the unlocks.
 */
void zs_node_fork_child(struct kmem_cache *s, struct list_head *gone)
{
	struct list_head *pos, *tmp;

	list_for_each_safe(pos, tmp, &s->growing) {
		list_del(pos);
		s->nr_growing--;
		list_add(pos, gone);
	}
}

void zs_node_fork_free(struct list_head *gone)
{
	struct list_head *pos, *tmp;

	list_for_each_safe(pos, tmp, gone) {
		list_del(pos);
		slab_free_pages(container_of(pos, struct page, lru), false);
	}
}

/*
 * zs_node_drop_empty() - free every empty slab on @s's partial list,
 * min_partial's reserve too: an idle cache's, for barn.c's decay, which
 * calls it once per idle stretch of a cache (it walks the whole list).
 */
void zs_node_drop_empty(struct kmem_cache *s)
{
	struct list_head empty, *pos, *tmp;

	list_init(&empty);
	zs_spin_lock(&s->node_lock);
	if (s->nr_partial && may_discard(s))
		list_for_each_safe(pos, tmp, &s->partial) {
			struct page *page = container_of(pos, struct page, lru);
			if (page->inuse)
				continue;
			list_del(pos);
			s->nr_partial--;
			s->total_objects -= page->objects;
			list_add(pos, &empty);
		}
	zs_spin_unlock(&s->node_lock);
	zs_free_empty_slabs(&empty);
}

/* zs_node_put_objects() - return @n objects to their slabs.  Takes the lock. */
void zs_node_put_objects(struct kmem_cache *s, void **objs, unsigned int n)
{
	struct list_head empty;

	list_init(&empty);
	zs_spin_lock(&s->node_lock);
	for (unsigned int i = 0; i < n; i++)
		slab_put(s, objs[i], &empty);
	zs_spin_unlock(&s->node_lock);
	zs_free_empty_slabs(&empty);
}

/* As zs_node_put_objects(), with the node lock already held. */
void zs_node_put_objects_locked(struct kmem_cache *s, void **objs,
				unsigned int n, struct list_head *empty)
{
	for (unsigned int i = 0; i < n; i++)
		slab_put(s, objs[i], empty);
}

/* --- giving free pages inside partial slabs back to the host ---------- */

/* Are all of objects [first, last] set in @m? */
static bool map_range_set(const struct zs_objmap *m, size_t first, size_t last)
{
	for (size_t i = first; i <= last; i++)
		if (!zs_objmap_test(m, i))
			return false;
	return true;
}

/* Rebuild @page's freelist from @m, leaving out discarded pages. */
static void relink_free(struct kmem_cache *s, struct page *page,
			const struct zs_objmap *m)
{
	char *base = zs_slab_base(page);
	void *next = NULL;

	for (size_t i = page->objects; i-- > 0;) {
		if (!zs_objmap_test(m, i))
			continue;
		size_t lo = zs_slab_colour(page) + i * s->size, hi = lo + s->size - 1;
		unsigned long mask = 0;
		for (size_t p = lo / PAGE_SIZE; p <= hi / PAGE_SIZE; p++)
			mask |= 1UL << p;
		if (mask & page->discarded)
			continue;
		void *obj = zs_slab_object(s, base, (unsigned int)i);
		set_freepointer(s, obj, next);
		next = obj;
	}
	page->freelist = next;
}

static bool can_discard(const struct kmem_cache *s, const struct page *page)
{
	/* TYPESAFE_BY_RCU: a free object must keep reading as one */
	return !(s->flags & (SLAB_DEBUG_FLAGS | SLAB_TYPESAFE_BY_RCU)) && !s->ctor &&
	       page->order > 0 &&
	       page->order <= 6 && !page->discarded;
}

/*
 * zs_node_discard_free_pages() - give back the host pages of @page that
 * hold only free objects (node lock held).  Their objects leave the
 * freelist until restore_discarded() brings them back.
 */
void zs_node_discard_free_pages(struct kmem_cache *s, struct page *page)
{
	unsigned long n = 1UL << page->order, mask = 0;
	struct zs_objmap map;
	size_t first, last;

	if (!can_discard(s, page) || zs_slab_get_map(s, page, &map) != ZS_MAP_OK)
		return;
	for (unsigned long p = 0; p < n; p++)
		if (!zs_slab_page_objects(s, page, p, &first, &last) ||
		    map_range_set(&map, first, last))
			mask |= 1UL << p;
	if (!mask)
		return;
	page->discarded = mask;
	relink_free(s, page, &map);
	for (unsigned long p = 0; p < n; p++)
		if (mask & (1UL << p))
			zs_page_discard(page + p, 1);
}

/* Bring the objects of discarded pages back onto the (empty) freelist. */
static void restore_discarded(struct kmem_cache *s, struct page *page)
{
	struct zs_objmap map;

	zs_objmap_clear(&map, page);
	zs_objmap_add_discarded(s, page, &map);
	page->discarded = 0;
	relink_free(s, page, &map);
}

/* --- shrink and shutdown ----------------------------------------------- */

/*
 * zs_node_shrink() - free every empty slab, sort the partial list
 * fullest first (buckets by free count 1..32, more than 32 last), and give
 * back free pages inside the remaining partial slabs.
 * Returns 1 if any slab remains.
 */
int zs_node_shrink(struct kmem_cache *s)
{
	struct list_head buckets[33], empty, *pos, *tmp;

	list_init(&empty);
	for (int i = 0; i < 33; i++)
		list_init(&buckets[i]);
	grow_lock_for_discard(s);
	zs_spin_lock(&s->node_lock);
	list_for_each_safe(pos, tmp, &s->partial) {
		struct page *page = container_of(pos, struct page, lru);
		unsigned long free = page->objects - page->inuse;
		list_del(pos);
		if (page->inuse == 0) {
			s->nr_partial--;
			s->total_objects -= page->objects;
			list_add(pos, &empty);
		} else {
			list_add_tail(pos, &buckets[free > 32 ? 0 : free]);
		}
	}
	for (int i = 1; i <= 33; i++) {
		struct list_head *b = &buckets[i % 33];
		list_for_each_safe(pos, tmp, b) {
			list_del(pos);
			list_add_tail(pos, &s->partial);
			zs_node_discard_free_pages(s, container_of(pos, struct page, lru));
		}
	}
	int left = s->nr_partial + s->nr_full > 0;
	zs_spin_unlock(&s->node_lock);
	zs_free_empty_slabs(&empty);
	return left;
}

static void report_live_objects(struct kmem_cache *s, struct page *page,
				struct zs_rbuf *rb)
{
	char *base = zs_slab_base(page);
	struct zs_objmap map;

	zs_slab_get_map(s, page, &map);   /* a bad freelist: the rest count as live */
	for (unsigned int i = 0; i < page->objects; i++)
		if (!zs_objmap_test(&map, i))
			zs_rbuf_add(rb, "INFO: Object %p @offset=%zu\n",
				    zs_slab_object(s, base, i),
				    zs_slab_colour(page) + (size_t)i * s->size + s->red_left_pad);
}

/* zslab_cache_for_each_object() on one list of slabs, under the node lock. */
static int each_live_on(struct kmem_cache *s, struct list_head *list,
			int (*fn)(const struct zslab_object_info *, void *), void *arg)
{
	static __thread struct zs_objmap map;
	struct list_head *pos;
	int ret = 0;

	list_for_each(pos, list) {
		struct page *page = container_of(pos, struct page, lru);
		char *base = zs_slab_base(page);

		zs_slab_get_map(s, page, &map);
		for (unsigned int i = 0; i < page->objects && !ret; i++)
			if (!zs_objmap_test(&map, i))
				ret = zs_debug_object_info(s, zs_slab_object(s, base, i), fn, arg);
		if (ret)
			break;
	}
	return ret;
}

int zslab_cache_for_each_object(struct kmem_cache *s,
				int (*fn)(const struct zslab_object_info *info, void *arg),
				void *arg)
{
	int ret;

	if (!s || !fn)
		return -EINVAL;
	zs_sheaf_flush_mine(s);
	zs_barn_flush(s);
	zs_spin_lock(&s->node_lock);
	ret = each_live_on(s, &s->partial, fn, arg);
	if (!ret)
		ret = each_live_on(s, &s->full, fn, arg);
	zs_spin_unlock(&s->node_lock);
	return ret;
}

/* 6.15+'s list_slab_objects() in a KUnit test: one more error per live object. */
static void count_live_objects(struct kmem_cache *s, struct page *page)
{
	struct zs_objmap map;

	zs_slab_get_map(s, page, &map);
	for (unsigned int i = 0; i < page->objects; i++)
		if (!zs_objmap_test(&map, i))
			zs_debug_kunit_error(true);
}

static void report_slab_objects(struct kmem_cache *s, struct list_head *list)
{
	struct list_head *pos;

	list_for_each(pos, list) {
		struct page *page = container_of(pos, struct page, lru);
		struct zs_rbuf rb;

		if (zs_debug_kunit_error(true)) {   /* slab_err() in a KUnit test */
			if (zs_debug_kunit_per_object())
				count_live_objects(s, page);
			continue;
		}
		zs_rbuf_init(&rb);
		zs_rbuf_add(&rb, "BUG %s (Not tainted): Objects remaining in %s on __kmem_cache_shutdown()\n",
			    s->name, s->name);
		zs_rbuf_add(&rb, "Slab %p objects=%u used=%u fp=%p flags=%#x\n",
			    (void *)page, page->objects, page->inuse, page->freelist, page->flags);
		report_live_objects(s, page, &rb);
		zs_report_emit(ZS_BUG, &rb);
	}
}

/*
 * zs_kmem_cache_shutdown() - with every sheaf already flushed, free the
 * empty slabs and report each slab still holding objects, as the kernel's
 * __kmem_cache_shutdown().  Returns the number of live objects.
 */
unsigned long zs_kmem_cache_shutdown(struct kmem_cache *s)
{
	unsigned long live = 0;
	struct list_head *pos;

	zs_node_shrink(s);
	zs_spin_lock(&s->node_lock);
	list_for_each(pos, &s->partial)
		live += container_of(pos, struct page, lru)->inuse;
	list_for_each(pos, &s->full)
		live += container_of(pos, struct page, lru)->inuse;
	if (live) {
		report_slab_objects(s, &s->partial);
		report_slab_objects(s, &s->full);
	}
	zs_spin_unlock(&s->node_lock);
	return live;
}
