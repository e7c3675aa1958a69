/* SPDX-License-Identifier: MIT */
/*
 * slub_internal.h - free pointer encoding, object-to-slab lookup, and the
 * slab-level operations slub.c offers to sheaf.c and slab_common.c.
 */
#ifndef ZSLAB_SLUB_INTERNAL_H
#define ZSLAB_SLUB_INTERNAL_H

#include "host/host_tools.h"
#include "slab/slab.h"

#pragma GCC visibility push(hidden)

/*
 * Free pointers are stored as ptr ^ s->random ^ bswap(storage address)
 * (CONFIG_SLAB_FREELIST_HARDENED, 5.7+ form): a leaked or overwritten
 * pointer does not reveal or redirect the freelist.  With the boot option
 * slab_freelist_hardened=0 random and fp_addr_mask are 0: plain pointers.
 */
static inline uintptr_t freeptr_mask(const struct kmem_cache *s, uintptr_t addr)
{
	return s->random ^ (__builtin_bswap64(addr) & s->fp_addr_mask);
}

/*
 * Are @s's objects described to ASan / valgrind (host_tools.h)?  Not for
 * debug caches (their own poison and red zones are read by the checks),
 * not for TYPESAFE_BY_RCU (freed objects may still be read), not for
 * caches without sheaves (zslab's internal ones, debug caches).
 */
static inline bool zs_obj_tracked(const struct kmem_cache *s)
{
	return zs_tools_on() &&
	       !(s->flags & (SLAB_DEBUG_FLAGS | SLAB_TYPESAFE_BY_RCU | SLAB_NO_SHEAF));
}

typedef uintptr_t __attribute__((may_alias)) zs_fp_word;

/* Not instrumented by ASan: free objects are poisoned, and this is
 * zslab's own access to their free pointer word. */
__attribute__((no_sanitize_address))
static inline void *get_freepointer(const struct kmem_cache *s, void *obj)
{
	uintptr_t addr = (uintptr_t)obj + s->offset;
	bool window = !ZS_ASAN && zs_obj_tracked(s);
	uintptr_t v;

	if (window)
		zs_tool_open((void *)addr, sizeof(v));
	v = *(zs_fp_word *)addr;
	if (window)
		zs_tool_close((void *)addr, sizeof(v));
	return (void *)(v ^ freeptr_mask(s, addr));
}

__attribute__((no_sanitize_address))
static inline void set_freepointer(const struct kmem_cache *s, void *obj,
				   void *fp)
{
	uintptr_t addr = (uintptr_t)obj + s->offset;
	bool window = !ZS_ASAN && zs_obj_tracked(s);

	if (window)
		zs_tool_open((void *)addr, sizeof(uintptr_t));
	*(zs_fp_word *)addr = (uintptr_t)fp ^ freeptr_mask(s, addr);
	if (window)
		zs_tool_close((void *)addr, sizeof(uintptr_t));
}

/*
 * Slab colouring (SLAB_COLOUR): slot 0 of a slab starts page->colour
 * units of ZS_COLOUR_ALIGN (a cache line) into it, the colour cycling
 * over what the slab's leftover bytes allow, as the kernel's SLAB
 * allocator did with colour_off: same-offset objects of different slabs
 * then fall into different cache sets.
 * Invariant: colour * ZS_COLOUR_ALIGN + objects * size <= slab bytes;
 * colour is 0 on every page of a cache without SLAB_COLOUR and on every
 * page that is not a slab's.
 */
#define ZS_COLOUR_ALIGN 64u

/* The head page of the slab that page @page (or NULL) is part of, or NULL
 * when it is no slab's. */
static inline struct page *zs_page_slab(struct page *page)
{
	if (!page || !(page->flags & PG_slab))
		return NULL;
	return (page->flags & PG_tail) ? page->head : page;
}

/* The head page of the slab holding @obj, or NULL when not a slab object. */
static inline struct page *zs_obj_slab(const void *obj)
{
	return zs_page_slab(zs_virt_to_page(obj));
}

/*
 * zs_slot_index_by() - @off / size when size divides @off, and above
 * (2^64 - 1) / size otherwise, without a division: with size = m * 2^k,
 * m odd and @inv its inverse mod 2^64, (off * inv) rotated right by @k (a
 * multiple maps to off / size; everything else, to a larger value or one
 * with low bits set that the rotation lifts high).  The class map
 * compares it with a page's count of slots (class_map.h).
 */
static inline uint64_t zs_slot_index_by(uint64_t inv, unsigned int k, uint64_t off)
{
	uint64_t y = off * inv;

	return (y >> k) | (y << ((64 - k) & 63));
}

/*
 * zs_slot_multiple() - is @off a multiple of @s's slot size?  Multiply,
 * rotate, compare with (2^64 - 1) / size, on every free of a
 * non-power-of-two class outside the class map, where a 128-bit multiply
 * by a reciprocal, a shift and a multiply back used to be.
 */
static inline bool zs_slot_multiple(const struct kmem_cache *s, uint64_t off)
{
	return zs_slot_index_by(s->div_inv, s->div_shift, off) <= s->div_lim;
}

/* Set @s's zs_slot_multiple() constants from s->size (non-zero). */
static inline void zs_slot_divisor_init(struct kmem_cache *s)
{
	uint64_t m = s->size, inv;

	s->div_shift = (unsigned int)__builtin_ctzll(m);
	m >>= s->div_shift;
	inv = m;                /* right to 3 bits; each step doubles them */
	for (int i = 0; i < 5; i++)
		inv *= 2 - m * inv;
	s->div_inv = inv;
	s->div_lim = UINT64_MAX / s->size;
}

/*
 * Is @obj, which lies in slab page @op of cache @s, the start of an object
 * slot?  Power-of-two slots up to a page that start the slab tile every
 * page of it from the page's start, so there an address is a slot start
 * exactly when its low bits (obj_mask) are clear: one test of the pointer
 * itself, no field of the struct page (the free fast paths' case).  Every
 * other layout has obj_mask ~0, which no pointer passes, and takes
 * zs_valid_object_general().
 */
static inline bool zs_valid_object_general(const struct kmem_cache *s,
					   const struct page *op, const void *obj);

static inline bool zs_valid_object_at(const struct kmem_cache *s,
				      const struct page *op, const void *obj)
{
	if (__builtin_expect(!((uintptr_t)obj & s->obj_mask), 1))
		return true;
	return s->obj_mask == ~(uintptr_t)0 && zs_valid_object_general(s, op, obj);
}

/*
 * The general test: the offset from the slab's first slot (past the left
 * red zone and the colour; @op's own struct page keeps its index in the
 * slab and the slab's object count) must be a multiple of the size
 * (zs_slot_multiple()) below objects * size, a test that an offset before
 * the first slot also fails (it wraps to a huge value).
 */
static inline bool zs_valid_object_general(const struct kmem_cache *s,
					   const struct page *op, const void *obj)
{
	uintptr_t in_slab = ((uintptr_t)op->slab_idx << PAGE_SHIFT) +
			    ((uintptr_t)obj & ~PAGE_MASK);
	uintptr_t off = in_slab - (s->red_left_pad + (uintptr_t)op->colour * ZS_COLOUR_ALIGN);

	return zs_slot_multiple(s, off) && off < (uintptr_t)op->objects * s->size;
}

/* As zs_valid_object_at(), for @obj on page @op, in the slab headed by
 * @head. */
static inline bool zs_valid_object_page(const struct kmem_cache *s, const struct page *head,
					const struct page *op, const void *obj)
{
	return (uintptr_t)(op - head) < (1UL << head->order) &&
	       (op->flags & PG_slab) && zs_valid_object_at(s, op, obj);
}

/* As zs_valid_object_at(), for an object of the slab headed by @head. */
static inline bool zs_valid_object(const struct kmem_cache *s,
				   const struct page *head, const void *obj)
{
	const struct page *op = zs_virt_to_page(obj);

	return op && zs_valid_object_page(s, head, op, obj);
}

/*
 * What a pointer handed to a free is: the one "range -> struct page ->
 * valid object" lookup, made once per call (zs_ptr_classify()).
 */
enum zs_ptr_kind {
	ZS_PTR_NOT_RAM,    /* no struct page: not zslab's memory */
	ZS_PTR_OBJECT,     /* the start of an object of the slab *@pagep is in */
	ZS_PTR_IN_SLAB,    /* inside a slab, not at an object start */
	ZS_PTR_LARGE,      /* the start of a large kmalloc block (*@pagep: head) */
	ZS_PTR_PAGE,       /* RAM, but none of the above */
};

/*
 * zs_ptr_classify() - classify @p, and set *@pagep to its struct page
 * (NULL for ZS_PTR_NOT_RAM); for a slab, page->slab_cache is its cache.
 * A large block's head page is the only one with PG_head | PG_large, and
 * @p is its start exactly when @p is page aligned.
 */
static inline enum zs_ptr_kind zs_ptr_classify(const void *p, struct page **pagep)
{
	struct page *page = zs_virt_to_page(p);

	*pagep = page;
	if (!page)
		return ZS_PTR_NOT_RAM;
	if (page->slab_cache)
		return zs_valid_object_at(page->slab_cache, page, p) ?
		       ZS_PTR_OBJECT : ZS_PTR_IN_SLAB;
	if ((pg_flags(page) & (PG_head | PG_large)) == (PG_head | PG_large) &&
	    !((uintptr_t)p & ~PAGE_MASK))
		return ZS_PTR_LARGE;
	return ZS_PTR_PAGE;
}

int zs_calculate_order(unsigned int size);
/* The CPUs the process could run on at boot (zs_slab_init()), as the
 * kernel's nr_cpu_ids is fixed at boot: one sched_getaffinity() a boot,
 * where every cache's order asked again (81 calls in a preloaded
 * process's first malloc). */
extern unsigned int zs_nr_cpu_ids;
gfp_t zs_kmalloc_fix_flags(gfp_t flags);
struct page *zs_new_slab(struct kmem_cache *s, gfp_t gfp);
void zs_discard_slab(struct page *page);
void zs_slab_free_pages(struct page *page);
/*
 * zs_node_take_objects() - up to @want objects of @s into @dst, from its
 * partial slabs and new ones, slab by slab (one slab's objects adjacent
 * in @dst); returns how many (0: no memory).  Takes the node lock.  The
 * caller learns which slabs they came from by their addresses.
 */
unsigned int zs_node_take_objects(struct kmem_cache *s, gfp_t gfp, void **dst,
				  unsigned int want);
/* As zs_node_take_objects(), but at least @want and up to @max: partial
 * slabs whose free objects fit are taken whole (slub.c). */
unsigned int zs_node_take_batch(struct kmem_cache *s, gfp_t gfp, void **dst,
				unsigned int want, unsigned int max);
/* As zs_node_take_batch(), but with @prefer (a thread's slab owner word;
 * NULL: the list's order) the partial slabs owned by @prefer among the
 * first 32 go first, and once some objects are taken no other slab is:
 * a thread refills from the slabs it owns, and claims another's (the
 * least used of those 32) only when it has none with free objects. */
unsigned int zs_node_take_batch_pref(struct kmem_cache *s, gfp_t gfp, void **dst,
				     unsigned int want, unsigned int max, const void *prefer);
void zs_node_put_objects(struct kmem_cache *s, void **objs, unsigned int n);
void zs_node_put_objects_locked(struct kmem_cache *s, void **objs,
				unsigned int n, struct list_head *empty);
void zs_free_empty_slabs(struct list_head *empty);
void zs_node_fork_child(struct kmem_cache *s, struct list_head *gone);
void zs_node_fork_free(struct list_head *gone);
void zs_node_drop_empty(struct kmem_cache *s);
int zs_node_shrink(struct kmem_cache *s);
void zs_node_discard_free_pages(struct kmem_cache *s, struct page *page);

/* sheaf.c */
void zs_sheaf_flush_all_of(struct kmem_cache *s);
void zs_sheaf_flush_mine(struct kmem_cache *s);
/* kmem_cache_shrink(): ask running threads, flush parked ones and mine. */
void zs_sheaf_flush_all_threads(struct kmem_cache *s);
/* zslab_shrink_all() (zs_slab_caches_lock held): every cache, every thread. */
void zs_sheaf_flush_every_thread(void);
/* Objects of @s in the thread reserve's sheaf (an exited thread's). */
unsigned int zs_sheaf_reserve_objects(const struct kmem_cache *s);
/* zslab_thread_park() / _unpark(): this thread sleeps / is awake again. */
void zs_sheaf_park(void);
void zs_sheaf_unpark(void);
/* Free this thread's sheaves and table (zs_slab_caches_lock held). */
void zs_sheaf_release_mine(void);
/* Add the pages of every registered thread's sheaf table to @pages[zone]. */
void zs_sheaf_count_tables(long pages[MAX_NR_ZONES]);
void zs_sheaf_fork_lock(void);
void zs_sheaf_fork_unlock(void);

#pragma GCC visibility pop

#endif
