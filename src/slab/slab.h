/* SPDX-License-Identifier: MIT */
/*
 * slab.h - the slab layer's internal structures: struct kmem_cache, its
 * per-thread sheaves, and the helpers shared by slab_common.c (registry,
 * merging, kmalloc) and slub.c (layout, slabs, fast and slow paths).
 *
 * Two levels hold free objects:
 *
 *   per thread:  a sheaf per cache, an array of up to sheaf_cap object
 *                pointers.  Allocation pops, free pushes, whatever thread
 *                allocated the object - except an object smaller than a
 *                cache line whose slab another thread last refilled from,
 *                which goes back to its slab (false sharing; sheaf_fast.h).
 *                No locks, no object memory touched.
 *   per cache:   the slabs ("node" level), under s->node_lock: a partial
 *                list (slabs with free objects, empties included up to
 *                min_partial) and a full list.  Each slab links its free
 *                objects through an encoded free pointer at s->offset.
 *
 * Between the two sits the cache's barn (as in the kernel's 6.18 sheaves):
 * a stash of full and empty sheaves under the node lock.  A thread whose
 * sheaf runs empty swaps it for a full one from the barn; a thread whose
 * sheaf fills up swaps it for an empty one.  Only when the barn has none
 * to give (or holds barn_max full sheaves) do objects move one by one
 * between a sheaf and the slabs, in one locked batch.  Objects in sheaves
 * and in the barn count as allocated at the slab level.
 *
 * Invariants (checked by zs_slab_validate_cache(), slab_validate.c):
 *  - per slab: inuse + (length of its freelist) == objects;
 *  - a slab is on s->partial iff it has free objects, else on s->full;
 *  - nr_partial / nr_full equal the list lengths; nr_slabs their sum;
 *  - every object on a freelist lies at a slot start inside its slab;
 *  - per sheaf: count <= cap, and every pointer is an object of s; a
 *    sheaf detached from its cache (s == NULL) has count == cap == 0;
 *  - a sheaf is on exactly one of s->sheaves (owned by a thread),
 *    s->barn_full (count == cap) or s->barn_empty (count == 0);
 *    nr_barn_full / nr_barn_empty equal the barn list lengths.
 */
#ifndef ZSLAB_SLAB_INTERNAL_H
#define ZSLAB_SLAB_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <zslab/slab.h>

#include "common/list.h"
#include "common/lock.h"
#include "mm/mm_internal.h"

#pragma GCC visibility push(hidden)

/* Flags beyond the public ones. */
#define __OBJECT_POISON        0x80000000u
/* zslab-internal: no per-thread sheaves (bootstrap caches, debugging). */
#define SLAB_NO_SHEAF          0x40000000u
/* zslab-internal: slab colouring (malloc's classes; slub.c). */
#define SLAB_COLOUR            0x20000000u
/* zslab-internal: an idle cache's barn decays (malloc's classes; barn.c).
 * kmalloc's caches decay too, by SLAB_KMALLOC. */
#define SLAB_BARN_DECAY        0x08000000u

#define SLAB_DEBUG_FLAGS (SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER | \
			  SLAB_TRACE | SLAB_CONSISTENCY_CHECKS)
#define SLAB_CORE_FLAGS  (SLAB_HWCACHE_ALIGN | SLAB_CACHE_DMA | \
			  SLAB_CACHE_DMA32 | SLAB_PANIC | SLAB_TYPESAFE_BY_RCU)
#define SLAB_CACHE_FLAGS (SLAB_NOLEAKTRACE | SLAB_RECLAIM_ACCOUNT | SLAB_ACCOUNT)
/* What kmem_cache_create() accepts: every flag <zslab/slab.h> names. */
#define SLAB_FLAGS_PERMITTED (SLAB_CORE_FLAGS | SLAB_DEBUG_FLAGS | \
			      SLAB_CACHE_FLAGS | SLAB_NO_MERGE | SLAB_KMALLOC | \
			      SLAB_NO_USER_FLAGS | SLAB_FAILSLAB)
#define SLAB_NEVER_MERGE (SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER | \
			  SLAB_TRACE | SLAB_TYPESAFE_BY_RCU | SLAB_NOLEAKTRACE | \
			  SLAB_FAILSLAB | SLAB_KASAN | SLAB_NO_MERGE)
#define SLAB_MERGE_SAME  (SLAB_RECLAIM_ACCOUNT | SLAB_CACHE_DMA | \
			  SLAB_CACHE_DMA32 | SLAB_ACCOUNT)

/* What the caller's gfp may contribute to a slab page request. */
#define GFP_RECLAIM_MASK (__GFP_RECLAIM | __GFP_HIGH | __GFP_IO | __GFP_FS | \
			  __GFP_NOWARN | __GFP_RETRY_MAYFAIL | __GFP_NOFAIL | \
			  __GFP_NORETRY | __GFP_MEMALLOC | __GFP_NOMEMALLOC | \
			  __GFP_ATOMIC)
#define GFP_CONSTRAINT_MASK (__GFP_HARDWALL | __GFP_THISNODE)
#define GFP_SLAB_BUG_MASK (__GFP_DMA32 | __GFP_HIGHMEM | ~__GFP_BITS_MASK)

#define MAX_OBJS_PER_PAGE 32767
#define SLAB_WORD ((unsigned int)sizeof(void *))
#define CACHE_LINE 64u
#define SHEAF_MAX 64u
#define TRACK_SIZE 152u      /* struct track on 64-bit, as in the kernel */

struct kmem_cache;

/*
 * A per-thread array of free objects of one cache.
 * Invariant: guard == NULL and objs follows it directly, so that the slot
 * below the top, objs[count - 1], is readable at every count: at count 0
 * it is the guard (zs_sheaf_top()), never an object, and the fast path's
 * "freed just now" test needs no count test of its own.
 *
 * The sheaf in a thread's table (its main sheaf) may have a spare, the
 * kernel's pcs->spare: a second sheaf of the same cache and thread, on
 * s->sheaves, holding no foreign tail and no spare of its own, always
 * empty or full (count 0 or count == cap == s->sheaf_cap), which the slow
 * paths swap with the main sheaf when that runs empty or full (sheaf.c).
 * A barn sheaf has none.  A detached main sheaf's spare is detached too
 * (both were on s->sheaves).
 */
struct sheaf {
	struct kmem_cache *s;     /* NULL: detached (cache destroyed) */
	unsigned int count, cap;
	struct list_head node;    /* on s->sheaves, under s->node_lock */
	void *owner;              /* the owning thread's slab state */
	struct sheaf *spare;      /* a main sheaf's spare, or NULL */
	bool flush_req;           /* atomic: a shrink of s asked its owner to flush */
	void *guard;              /* NULL: "objs[-1]" */
	void *objs[SHEAF_MAX];
};

_Static_assert(offsetof(struct sheaf, objs) == offsetof(struct sheaf, guard) + sizeof(void *),
	       "objs directly follows the guard");

struct kmem_cache {
	/* read on every allocation; the first four members are the public
	 * ZSLAB_KMEM_CACHE_PUBLIC (size, object_size, offset, flags) */
	ZSLAB_KMEM_CACHE_PUBLIC
	unsigned long random;       /* free pointer encoding secret (0: plain) */
	uintptr_t fp_addr_mask;     /* ~0: mix in the storage address; 0: plain */
	uint64_t div_inv;           /* the inverse mod 2^64 of size's odd part */
	uint64_t div_lim;           /* (2^64 - 1) / size (zs_slot_multiple()) */
	unsigned int div_shift;     /* size's trailing zero bits */
	unsigned int sheaf_id;      /* the index the fast paths use: id, or
	                               ZS_DEAD_ID (the empty sheaf, so the slow
	                               path) while zs_slab_hooks is set or the
	                               cache is destroyed (zs_slab_hooks_set()) */
	uintptr_t obj_mask;         /* size - 1 when size is a power of 2 no
	                               larger than a page and slot 0 starts the
	                               slab (no left red zone, no colour): then
	                               an address with these bits clear is a
	                               slot start; else ~0 (zs_valid_object_at()) */
	unsigned int id;            /* index into per-thread sheaf tables */
	uint8_t class_code;         /* its class map code (class_map.h), 0: none */
	unsigned int sheaf_cap;
	void (*ctor)(void *);
	/* layout */
	unsigned int inuse;         /* end of object + red zone: metadata start */
	unsigned int align;
	unsigned int red_left_pad;
	unsigned int order, objects;         /* preferred slab (oo) */
	unsigned int min_order, min_objects; /* fallback slab (min) */
	unsigned int colour_next;   /* SLAB_COLOUR: the next slab's colour, cycling */
	gfp_t allocflags;
	unsigned int useroffset, usersize;
	unsigned int freeptr_offset;   /* with use_freeptr_offset: kmem_cache_args */
	bool use_freeptr_offset;
	unsigned int sheaf_cap_req;    /* kmem_cache_args.sheaf_capacity, 0: ours */
	unsigned long min_partial;
	unsigned int cpu_partial;
	/* identity */
	const char *name;           /* kstrdup'ed unless name_static */
	bool name_static;
	bool kept_by_test;           /* a destroy in a counting test kept it */
	bool destroyed;             /* destroyed: quarantined, see below */
	int refcount;               /* creator + merged aliases */
	const char **aliases;       /* names merged into this cache */
	unsigned int nr_aliases, alias_cap;
	struct list_head list;      /* slab_caches, oldest first */
	/*
	 * Slabs in transit (lock_rank.h SLAB_GROW).  A new slab is put on
	 * @growing, under the node lock, while grow_lock still covers its
	 * page allocation; add_new_slab() moves it to the partial list.  An
	 * empty slab leaves the lists with grow_lock taken (trylock, under
	 * the node lock) and keeps it until its pages are back in the buddy
	 * allocator.  So with both locks of every cache held (fork), each
	 * slab page of a cache is on partial, full or growing.
	 * Invariant: nr_growing == length of @growing; its slabs hold no
	 * object a caller has (inuse == 0) and are in no total_objects.
	 */
	zs_spinlock_t grow_lock;
	struct list_head growing;   /* node lock */
	unsigned long nr_growing;   /* node lock */
	/* the node: slabs and sheaves */
	zs_spinlock_t node_lock;
	struct list_head partial;
	struct list_head full;
	struct list_head sheaves;    /* sheaves owned by threads */
	struct list_head barn_full, barn_empty;
	unsigned int nr_barn_full, nr_barn_empty, barn_max;
	unsigned long barn_ops;      /* node lock: barn trades and new slabs, ever */
	unsigned long barn_ops_seen; /* node lock: barn_ops at the last decay pass */
	bool decayed;                /* registry lock: decayed since it was last busy */
	unsigned long nr_partial, nr_full;
	unsigned long total_objects;
	unsigned long order_fallback;
	/* atomic, ever: small objects freed back to a slab another thread
	 * owned (sheaf.c's foreign tail), and refills that took a slab
	 * another thread owned (zs_sheaf_claim()) */
	unsigned long foreign_frees, owner_changes;
	bool ctor_zero_warned;
};

/* slab_common.c */
extern struct list_head zs_slab_caches;
extern struct kmem_cache *zs_sheaf_cache;
extern zs_spinlock_t zs_slab_caches_lock;
/* Write @s's unique id (":D-0001024") into @buf; returns its length. */
int zs_slab_unique_id(const struct kmem_cache *s, char *buf, size_t len);
/* Create a kmalloc cache at boot; its name is static and not copied. */
struct kmem_cache *zs_create_boot_kmalloc(const char *name, unsigned int size,
					  slab_flags_t flags, unsigned int usersize);
/*
 * zs_kmem_cache_create_internal() - __kmem_cache_create_args() with
 * zslab-internal flags (@internal: SLAB_COLOUR, SLAB_NO_SHEAF) added
 * after the caller's @flags were checked against what the API permits.
 */
struct kmem_cache *zs_kmem_cache_create_internal(const char *name, unsigned int size,
						 struct kmem_cache_args *args,
						 slab_flags_t flags, slab_flags_t internal);
/* Flush this thread's sheaves and shrink every cache. */
void zs_slab_shrink_all(void);
/*
 * zs_slab_hooks_set() - set the one "not plain" switch, zs_slab_hooks
 * (failslab.c), and every live cache's sheaf_id with it: ZS_DEAD_ID while
 * the switch is on, so that the fast paths' one bound test sends every
 * call to the slow path, where the switch is tested.  Boot and teardown
 * only (no cache is in use by another thread).
 */
void zs_slab_hooks_set(bool on);

/*
 * Destroyed caches.  A cache whose last reference is destroyed keeps its
 * struct: it is marked destroyed, its id is made ZS_DEAD_ID (so every
 * fast path finds the empty sheaf and takes its slow path) and it sits in
 * a quarantine of the last ZS_DEAD_QUARANTINE destroyed caches before the
 * struct goes back to the kmem_cache cache.  So a stale pointer to a
 * recently destroyed cache reads memory that is still a kmem_cache, never
 * freed memory nor a new cache; each slow path and every other entry
 * point tests ->destroyed and reports instead of acting.
 * Invariant: destroyed == (the struct is in the quarantine) == (id ==
 * ZS_DEAD_ID); a destroyed cache is on no list and owns no slab or sheaf.
 */
#define ZS_DEAD_ID UINT32_MAX
#define ZS_DEAD_QUARANTINE 64

/* One of zslab's two internal caches (kmem_cache, kmem_cache_sheaf)? */
static inline bool zs_cache_internal(const struct kmem_cache *s)
{
	return s->refcount < 0;
}

static inline bool zs_cache_destroyed(const struct kmem_cache *s)
{
	return __builtin_expect(s->destroyed, 0);
}

/*
 * Report "@fn: cache <name> (0x<addr>) was destroyed: <what>" once (a
 * WARN) for a call on destroyed @s; returns NULL for the callers' use.
 */
void *zs_cache_destroyed_call(const struct kmem_cache *s, const char *fn,
			      const char *what);
/* Check the quarantine's invariants (zs_slab_caches_lock held); problems found. */
long zs_slab_validate_dead(void);

/* kmalloc.c */
enum kmalloc_cache_type { KMALLOC_NORMAL, KMALLOC_RECLAIM, KMALLOC_DMA, NR_KMALLOC_TYPES };
/*
 * The kmalloc caches by type and kmalloc_index() (1: 96, 2: 192, else
 * log2 of the size; 0 unused).  Written at boot (zs_kmalloc_init) and
 * zeroed by zs_kmalloc_exit(): a reader that did not boot sees NULL.
 */
extern struct kmem_cache *zs_kmalloc_caches[NR_KMALLOC_TYPES][KMALLOC_SHIFT_HIGH + 1];
int zs_kmalloc_init(void);
void zs_kmalloc_exit(void);
/* The cache kmalloc(@size, @flags) uses (size 1..8192). */
struct kmem_cache *zs_kmalloc_slab(size_t size, gfp_t flags);
/* Does @s (a kmalloc cache) run slub_debug's checks? */
static inline bool zs_kmalloc_debug(const struct kmem_cache *s)
{
	return (s->flags & SLAB_DEBUG_FLAGS) != 0;
}
/*
 * malloc's own size classes (issue 12), beside kmalloc's, which keep the
 * kernel's: 16-byte steps up to 128 B, then four per doubling up to
 * 64 KiB (160, 192, 224, 256, 320 ...), 44 classes, 8.5 % average
 * rounding waste against kmalloc's 33 %.  They are ordinary SLUB caches,
 * "malloc-16" ... "malloc-64k" (sizes that are a multiple of 1 KiB are
 * named in k, as kmalloc's), 16-byte aligned, never merged, coloured up
 * to 32 KiB (slub.c), made on malloc's first need
 * (zs_malloc_caches_create()) so that a program that never calls
 * malloc() does not have them.  Until then, after a failure to make one,
 * and after zs_kmalloc_exit(), a class's entry is &zs_malloc_unmade,
 * never NULL: a cache whose sheaf_id fails every fast path's bound and
 * that no slab belongs to, so the fast paths need no NULL test.
 * zs_malloc_class_idx[(n - 1) / 16] is the class of a request of n bytes
 * up to ZS_MALLOC_MAX_SIZE, the inline paths' reach: a constant table,
 * so a reader never pairs a stale index with a new cache; the four
 * classes above it (one object a slab) are reached from the slow path,
 * where zs_malloc_class_of() computes the class.  Above 64 KiB a block
 * is a page block: freed, it goes back to the buddy allocator, which
 * gives untouched memory back to the host (alloc-test, which writes two
 * bytes of each block of up to 256 KiB, held 61 MiB with classes up to
 * 64 KiB and 67 MiB with classes up to 256 KiB).
 */
#define ZS_MALLOC_NR_CLASSES 44
#define ZS_MALLOC_MAX_SIZE 32768u
#define ZS_MALLOC_BIG_SIZE 65536u
extern struct kmem_cache *zs_malloc_caches[ZS_MALLOC_NR_CLASSES];
extern struct kmem_cache zs_malloc_unmade;
extern const unsigned char zs_malloc_class_idx[ZS_MALLOC_MAX_SIZE / 16];
/* The malloc class of a request of @n bytes (1..ZS_MALLOC_BIG_SIZE): the
 * table's up to ZS_MALLOC_MAX_SIZE, four per doubling above. */
static inline unsigned int zs_malloc_class_of(size_t n)
{
	unsigned int e;

	if (n <= ZS_MALLOC_MAX_SIZE)
		return zs_malloc_class_idx[(n - 1) >> 4];
	e = 64 - (unsigned int)__builtin_clzl(n - 1);
	return 4 * e + (unsigned int)((n - 1) >> (e - 3)) - 28;
}
/* The object size of malloc class @i. */
unsigned int zs_malloc_class_size(unsigned int i);
/*
 * zs_malloc_caches_create() - make the malloc classes' caches, once per
 * boot (booting first if need be).  A caller that finds another thread
 * making them returns at once: until a class's cache is published the
 * callers use kmalloc's classes.  No zslab lock held.  Returns 0, or
 * -ENOMEM when a cache could not be made (the classes not made stay
 * NULL, and their requests keep using kmalloc's).
 */
int zs_malloc_caches_create(void);
/* Have the malloc classes been made (or tried) since boot? */
bool zs_malloc_caches_tried(void);
/* ksize() without its side effect (the red zone) nor its warning: 0 when
 * @p is no kmalloc block. */
size_t zs_ksize(const void *p);

/* barn.c: swaps under s->node_lock; see the comment at the top. */
/* The trades move @mine's spare sheaf (struct sheaf) to the sheaf that
 * replaces it in the thread's table: a barn sheaf has none. */
/* Trade empty @mine for a full barn sheaf; NULL if the barn has none.
 * *@extra: @mine, when the barn has no room for it (the caller frees it). */
struct sheaf *zs_barn_take_full(struct kmem_cache *s, struct sheaf *mine,
				struct sheaf **extra);
/* Trade full @mine for an empty sheaf (@extra, a new one, if the barn has
 * none); NULL when the barn is at its limit, or with *@want_extra set when
 * it would take @mine but has no empty sheaf and no extra was given. */
struct sheaf *zs_barn_put_full(struct kmem_cache *s, struct sheaf *mine,
			       struct sheaf **extra, bool *want_extra);
/* Detach @sh from @s, its objects back to the slabs (node lock held). */
void zs_sheaf_detach(struct kmem_cache *s, struct sheaf *sh, struct list_head *empty);
/* Free a list of sheaves detached from every cache list (no lock held). */
void zs_free_sheaves(struct list_head *list);
/* Give every barn sheaf's objects back to the slabs and free the sheaves. */
void zs_barn_flush(struct kmem_cache *s);
/*
 * zs_barn_decay_tick() - a new slab was made (no lock held by the
 * caller's caller but what zs_locks_held() counts): every
 * zs_config.slab_barn_decay-th one, the kmalloc and malloc caches that
 * had no barn trade and no new slab since the last pass give their barns
 * and their empty slabs back.  No thread, no clock, no OS call.
 */
void zs_barn_decay_tick(void);

/* slab_validate.c: check the invariants above for @s; returns problems. */
long zs_slab_validate_cache(struct kmem_cache *s);
long zs_slab_validate_all(void);

/* slub.c */
int zs_kmem_cache_open(struct kmem_cache *s);
void *zs_slab_alloc(struct kmem_cache *s, gfp_t gfp);
void zs_slab_free(struct kmem_cache *s, void *obj);
/* Free every empty slab; returns the number of live objects left. */
unsigned long zs_kmem_cache_shutdown(struct kmem_cache *s);
void zs_kmem_cache_release(struct kmem_cache *s);
/* Flush and free this thread's sheaves (thread exit, zslab_exit). */
void zs_sheaf_thread_exit(void *arg);
void zs_sheaf_threads_exit(void);
void zs_slub_fork_child(void);
unsigned int zs_calculate_alignment(slab_flags_t flags, unsigned int align,
				    unsigned int size);
/* The cache an object belongs to, from its struct page; NULL if none. */
struct kmem_cache *zs_obj_cache(const void *obj);

#pragma GCC visibility pop

#endif
