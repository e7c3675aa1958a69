/* SPDX-License-Identifier: MIT */
/*
 * slab_common.c - what does not depend on the allocation strategy: the
 * cache registry, argument checks, merging and unique ids, destruction,
 * shrinking, and the slab layer's boot, teardown and fork hooks.
 *
 * Locks: zs_slab_caches_lock guards the registry; then at most one cache's
 * node lock (common/lock_rank.h).
 */
#include <errno.h>
#include <string.h>

#include <zslab/zslab.h>
#include "common/lazy_boot.h"
#include "common/report.h"
#include "host/host.h"
#include "mm/page_alloc.h"
#include "slab/class_map.h"
#include "slab/failslab.h"
#include "slab/slab.h"
#include "slab/slab_init.h"
#include "slab/slab_rcu.h"
#include "slab/slub_debug.h"
#include "slab/slub_debug.h"
#include "slab/slub_internal.h"

#define MAX_CACHE_IDS 65536u

struct list_head zs_slab_caches = { &zs_slab_caches, &zs_slab_caches };   /* empty before boot */
zs_spinlock_t zs_slab_caches_lock = ZS_SPINLOCK_INIT(ZS_RANK_SLAB_CACHES);
static unsigned char id_map[MAX_CACHE_IDS / 8];
static struct kmem_cache boot_kmem_cache, boot_sheaf_cache;
static struct kmem_cache *kmem_cache;   /* the cache of struct kmem_cache */
struct kmem_cache *zs_sheaf_cache;

/* --- ids ------------------------------------------------------------------ */

static int id_alloc(void)
{
	for (unsigned int i = 0; i < MAX_CACHE_IDS; i++)
		if (!(id_map[i / 8] & (1u << (i % 8)))) {
			id_map[i / 8] |= (unsigned char)(1u << (i % 8));
			return (int)i;
		}
	return -ENOSPC;
}

static void id_free(unsigned int id)
{
	id_map[id / 8] &= (unsigned char)~(1u << (id % 8));
}

/* --- argument checks -------------------------------------------------------- */

/*
 * Why these arguments cannot make a cache, or NULL when they can.  The
 * refusals are the kernel's (kmem_cache_sanity_check(), flags outside
 * SLAB_FLAGS_PERMITTED), plus two where the kernel would fail later or
 * crash: an empty name (sysfs refuses it) and size 0 (its order
 * computation divides by the size).
 */
static const char *bad_args(const char *name, unsigned int size,
			    slab_flags_t flags)
{
	if (!name)
		return "name is NULL";
	if (!*name)
		return "name is empty";
	if (size == 0)
		return "size is 0";
	if (size > KMALLOC_MAX_SIZE)
		return "size is larger than KMALLOC_MAX_SIZE (4 MiB)";
	if (flags & ~SLAB_FLAGS_PERMITTED)
		return "unknown or unsupported flags";
	return NULL;
}

/* What the kernel lets through with a warning (or silently). */
static void odd_args(const char *name, unsigned int align, slab_flags_t flags)
{
	if (strpbrk(name, " \t\n"))   /* the kernel's WARN_ON(strchr(name, ' ')) */
		zs_warn("kmem_cache_create: cache name '%s' contains white space, which confuses parsers of /proc/slabinfo",
			name);
	if (align & (align - 1))
		zs_warn("kmem_cache_create(%s): alignment %u is not a power of two; objects are %u-byte aligned, as calculate_alignment() rounds it",
			name, align, SLAB_WORD);
	if ((flags & SLAB_CACHE_DMA) && (flags & SLAB_CACHE_DMA32))
		zs_warn("kmem_cache_create(%s): SLAB_CACHE_DMA and SLAB_CACHE_DMA32 both given; slabs come from ZONE_DMA (GFP_ZONE_BAD resolves to it)",
			name);
}

static void create_failed(const char *name, slab_flags_t flags, int err,
			  const char *why)
{
	if (flags & SLAB_PANIC) {
		zs_report(ZS_ERR, "Kernel panic - not syncing: kmem_cache_create: Failed to create slab '%s'. Error %d (%s)",
			  name ? name : "(null)", err, why);
		zs_host_abort();
	}
	zs_report(ZS_ERR, "kmem_cache_create(%s) failed with error %d: %s (flags %#x)",
		  name ? name : "(null)", err, why, flags);
}

/* --- merging --------------------------------------------------------------- */

static bool slab_unmergeable(const struct kmem_cache *s)
{
	/* refcount 0: being destroyed; < 0: a boot cache */
	return zs_config.slab_nomerge || (s->flags & (SLAB_NEVER_MERGE | SLAB_NO_SHEAF)) ||
	       s->ctor || s->usersize || s->refcount <= 0;
}

static struct kmem_cache *find_mergeable(unsigned int size, unsigned int align,
					 slab_flags_t flags, void (*ctor)(void *))
{
	struct list_head *pos;

	if (zs_config.slab_nomerge || ctor || (flags & SLAB_NEVER_MERGE))
		return NULL;
	size = (size + SLAB_WORD - 1) & ~(SLAB_WORD - 1);
	align = zs_calculate_alignment(flags, align, size);
	size = (size + align - 1) & ~(align - 1);
	list_for_each(pos, &zs_slab_caches) {
		struct kmem_cache *s = container_of(pos, struct kmem_cache, list);
		if (slab_unmergeable(s) || size > s->size)
			continue;
		if ((flags & SLAB_MERGE_SAME) != (s->flags & SLAB_MERGE_SAME))
			continue;
		if ((s->size & ~(align - 1)) != s->size)
			continue;
		if (s->size - size >= SLAB_WORD)
			continue;
		return s;
	}
	return NULL;
}

/*
 * Record @name as an alias of @s.  As with the kernel's sysfs links, a
 * name that is already an alias (created again after its destroy) or is
 * the cache's own name is not recorded twice.
 */
static int add_alias_name(struct kmem_cache *s, const char *name)
{
	char *copy;

	if (!strcmp(name, s->name))
		return 0;
	for (unsigned int i = 0; i < s->nr_aliases; i++)
		if (!strcmp(name, s->aliases[i]))
			return 0;
	copy = kstrdup(name, GFP_KERNEL);
	if (!copy)
		return -ENOMEM;
	if (s->nr_aliases == s->alias_cap) {
		unsigned int cap = s->alias_cap ? 2 * s->alias_cap : 4;
		const char **a = krealloc(s->aliases, cap * sizeof(*a), GFP_KERNEL);
		if (!a) {
			kfree(copy);
			return -ENOMEM;
		}
		s->aliases = a;
		s->alias_cap = cap;
	}
	s->aliases[s->nr_aliases++] = copy;
	return 0;
}

/* __kmem_cache_alias(): make @name an alias of a compatible cache. */
static struct kmem_cache *cache_alias(const char *name, unsigned int size,
				      unsigned int align, slab_flags_t flags,
				      void (*ctor)(void *))
{
	struct kmem_cache *s = find_mergeable(size, align, flags, ctor);
	unsigned int wsize = (size + SLAB_WORD - 1) & ~(SLAB_WORD - 1);

	if (!s || add_alias_name(s, name))
		return NULL;
	s->refcount++;
	if (s->object_size < size)
		s->object_size = size;
	if (s->inuse < wsize)
		s->inuse = wsize;
	return s;
}

int zs_slab_unique_id(const struct kmem_cache *s, char *buf, size_t len)
{
	char letters[8];
	int n = 0;

	if (s->flags & SLAB_CACHE_DMA)
		letters[n++] = 'd';
	if (s->flags & SLAB_CACHE_DMA32)
		letters[n++] = 'D';
	if (s->flags & SLAB_RECLAIM_ACCOUNT)
		letters[n++] = 'a';
	if (s->flags & SLAB_CONSISTENCY_CHECKS)
		letters[n++] = 'F';
	if (s->flags & SLAB_ACCOUNT)
		letters[n++] = 'A';
	letters[n] = 0;
	return snprintf(buf, len, ":%s%s%07u", letters, n ? "-" : "", s->size);
}

/* --- creation -------------------------------------------------------------- */

static const struct kmem_cache_args no_args;

/* Fill @s and register it.  The name is used as given (not copied). */
static int init_cache(struct kmem_cache *s, const char *name, unsigned int size,
		      slab_flags_t flags, const struct kmem_cache_args *args)
{
	int id = id_alloc();

	if (id < 0)
		return id;
	memset(s, 0, sizeof(*s));
	s->id = (unsigned int)id;
	s->sheaf_id = zs_slab_hooks ? ZS_DEAD_ID : s->id;
	s->name = name;
	s->object_size = size;
	s->flags = flags;
	s->align = zs_calculate_alignment(flags, args->align, size);
	s->ctor = args->ctor;
	s->useroffset = args->useroffset;
	s->usersize = args->usersize;
	s->use_freeptr_offset = args->use_freeptr_offset;
	s->freeptr_offset = args->freeptr_offset;
	s->sheaf_cap_req = args->sheaf_capacity;
	s->refcount = 1;
	if (zs_kmem_cache_open(s)) {
		id_free(s->id);
		return -EINVAL;
	}
	if (s->flags & SLAB_DEBUG_FLAGS)
		s->flags |= SLAB_NO_SHEAF;   /* debug caches take the slow path */
	list_add_tail(&s->list, &zs_slab_caches);
	return 0;
}

static struct kmem_cache *create_cache(const char *name, unsigned int size,
				       slab_flags_t flags,
				       const struct kmem_cache_args *args, int *err)
{
	struct kmem_cache *s = zs_slab_alloc(kmem_cache, GFP_KERNEL | __GFP_NOWARN);
	char *copy = kstrdup(name, GFP_KERNEL | __GFP_NOWARN);

	*err = -ENOMEM;
	if (s && copy) {
		*err = init_cache(s, copy, size, flags, args);
		if (!*err)
			return s;
	}
	kfree(copy);
	if (s)
		zs_slab_free(kmem_cache, s);
	return NULL;
}

struct kmem_cache *zs_create_boot_kmalloc(const char *name, unsigned int size,
					  slab_flags_t flags, unsigned int usersize)
{
	/* the kernel's create_boot_cache() (5.4+): power-of-two kmalloc
	 * objects are naturally aligned, regardless of debugging options */
	struct kmem_cache_args args = { .usersize = usersize,
					.align = (size & (size - 1)) ? 0 : size };
	struct kmem_cache *s = zs_slab_alloc(kmem_cache, GFP_KERNEL);

	if (!s)
		return NULL;
	flags = zs_kmem_cache_flags(flags, name);
	zs_spin_lock(&zs_slab_caches_lock);
	if (init_cache(s, name, size, flags, &args)) {
		zs_spin_unlock(&zs_slab_caches_lock);
		zs_slab_free(kmem_cache, s);
		return NULL;
	}
	s->name_static = true;
	zs_spin_unlock(&zs_slab_caches_lock);
	return s;
}

/* The kernel's freeptr_offset rule; NULL when @a's offset may be used. */
static const char *bad_freeptr(const struct kmem_cache_args *a, unsigned int size,
			       slab_flags_t flags)
{
	if (!a->use_freeptr_offset)
		return NULL;
	if (a->freeptr_offset >= size)
		return "freeptr_offset is not inside the object";
	if (a->freeptr_offset & (SLAB_WORD - 1))
		return "freeptr_offset is not word aligned";
	if (!(flags & SLAB_TYPESAFE_BY_RCU) && !a->ctor)
		return "freeptr_offset needs SLAB_TYPESAFE_BY_RCU or a constructor";
	return NULL;
}

/* A usercopy region outside the object is dropped with a warning. */
static void check_usercopy(const char *name, unsigned int size,
			   struct kmem_cache_args *a)
{
	if ((!a->usersize && a->useroffset) || size < a->usersize ||
	    size - a->usersize < a->useroffset) {
		zs_warn("kmem_cache_create_usercopy(%s): usercopy region %u+%u outside the object; ignored",
			name, a->useroffset, a->usersize);
		a->usersize = a->useroffset = 0;
	}
}

struct kmem_cache *zs_kmem_cache_create_internal(const char *name, unsigned int size,
						 struct kmem_cache_args *args,
						 slab_flags_t flags, slab_flags_t internal)
{
	struct kmem_cache_args a = args ? *args : no_args;
	const char *why = bad_args(name, size, flags);
	struct kmem_cache *s;
	int err = -EINVAL;

	if (!why)
		why = bad_freeptr(&a, size, flags);
	if (why) {
		create_failed(name, flags, err, why);
		return NULL;
	}
	odd_args(name, a.align, flags);
	check_usercopy(name, size, &a);
	if (!zs_lazy_boot()) {   /* a program's first cache boots zslab */
		create_failed(name, flags, -ENOMEM, "zslab is not booted");
		return NULL;
	}
	flags = zs_kmem_cache_flags(flags, name) | internal;
	zs_spin_lock(&zs_slab_caches_lock);
	s = a.usersize ? NULL : cache_alias(name, size, a.align, flags, a.ctor);
	if (!s)
		s = create_cache(name, size, flags, &a, &err);
	zs_spin_unlock(&zs_slab_caches_lock);
	if (!s)
		create_failed(name, flags, err, err == -ENOMEM ? "out of memory" :
			      err == -ENOSPC ? "too many caches" : "no slab order fits");
	return s;
}

struct kmem_cache *__kmem_cache_create_args(const char *name, unsigned int size,
					    struct kmem_cache_args *args,
					    slab_flags_t flags)
{
	return zs_kmem_cache_create_internal(name, size, args, flags, 0);
}

struct kmem_cache *kmem_cache_create_usercopy(const char *name, unsigned int size,
					      unsigned int align, slab_flags_t flags,
					      unsigned int useroffset,
					      unsigned int usersize,
					      void (*ctor)(void *))
{
	struct kmem_cache_args args = {
		.align = align, .useroffset = useroffset, .usersize = usersize,
		.ctor = ctor,
	};

	return __kmem_cache_create_args(name, size, &args, flags);
}

struct kmem_cache *kmem_cache_create(const char *name, unsigned int size,
				     unsigned int align, slab_flags_t flags,
				     void (*ctor)(void *))
{
	struct kmem_cache_args args = { .align = align, .ctor = ctor };

	return __kmem_cache_create_args(name, size, &args, flags);
}

/* --- destroyed caches: the quarantine (see slab.h) ---------------------------- */

/*
 * The last ZS_DEAD_QUARANTINE destroyed caches, oldest at dead_next once
 * the ring is full, each with its name: the heap copy is freed at destroy
 * (so that quarantined caches hold no kmalloc memory), the report reads
 * it here.  Under zs_slab_caches_lock.
 */
static struct dead_cache {
	struct kmem_cache *s;
	char name[48];
} dead_ring[ZS_DEAD_QUARANTINE];
static unsigned int dead_next;

/* Put @s, off every list and without memory of its own, in quarantine. */
static void quarantine(struct kmem_cache *s)
{
	struct dead_cache *d = &dead_ring[dead_next];

	if (d->s)
		zs_slab_free(kmem_cache, d->s);   /* the oldest leaves it */
	d->s = s;
	snprintf(d->name, sizeof(d->name), "%s", s->name);
	dead_next = (dead_next + 1) % ZS_DEAD_QUARANTINE;
	s->destroyed = true;
	zs_class_unregister(s);
	s->id = ZS_DEAD_ID;
	s->sheaf_id = ZS_DEAD_ID;
	s->flags |= SLAB_NO_SHEAF;
	s->refcount = 0;
	s->name = NULL;
	s->aliases = NULL;
	s->nr_aliases = s->alias_cap = 0;
}

/*
 * Empty the quarantine (zslab_shrink_all(), the call that gives back
 * everything): from here on those stale pointers are not recognised.
 */
static void quarantine_release(void)
{
	for (unsigned int i = 0; i < ZS_DEAD_QUARANTINE; i++) {
		if (dead_ring[i].s)
			zs_slab_free(kmem_cache, dead_ring[i].s);
		dead_ring[i].s = NULL;
	}
	dead_next = 0;
}

void *zs_cache_destroyed_call(const struct kmem_cache *s, const char *fn,
			      const char *what)
{
	const char *name = "(no longer known)";

	zs_spin_lock(&zs_slab_caches_lock);
	for (unsigned int i = 0; i < ZS_DEAD_QUARANTINE; i++)
		if (dead_ring[i].s == s)
			name = dead_ring[i].name;
	zs_spin_unlock(&zs_slab_caches_lock);
	zs_warn("%s: cache %s (0x%lx) was destroyed: %s", fn, name,
		(unsigned long)(uintptr_t)s, what);
	return NULL;
}

/* The quarantine's invariants (slab.h); under zs_slab_caches_lock.  Problems. */
long zs_slab_validate_dead(void)
{
	struct list_head *pos;
	long bad = 0;

	for (unsigned int i = 0; i < ZS_DEAD_QUARANTINE; i++) {
		const struct kmem_cache *s = dead_ring[i].s;
		if (s && (!s->destroyed || s->id != ZS_DEAD_ID ||
			  s->nr_partial || s->nr_full || !list_empty(&s->sheaves))) {
			zs_report(ZS_BUG, "BUG %s (Not tainted): quarantined cache 0x%lx is live",
				  dead_ring[i].name, (unsigned long)(uintptr_t)s);
			bad++;
		}
	}
	list_for_each(pos, &zs_slab_caches) {
		const struct kmem_cache *s = container_of(pos, struct kmem_cache, list);
		if (s->destroyed) {
			zs_report(ZS_BUG, "BUG (Not tainted): destroyed cache 0x%lx is registered",
				  (unsigned long)(uintptr_t)s);
			bad++;
		}
	}
	return bad;
}

/* --- destruction ------------------------------------------------------------ */

/* Take a dead cache off the registry (zs_slab_caches_lock held). */
static void unlink_cache(struct kmem_cache *s)
{
	list_del(&s->list);
	id_free(s->id);
}

/* Free what an unlinked cache owns, and the cache itself (no lock held). */
static void free_cache(struct kmem_cache *s)
{
	for (unsigned int i = 0; i < s->nr_aliases; i++)
		kfree(s->aliases[i]);
	kfree(s->aliases);
	const char *name = s->name_static ? NULL : s->name;
	zs_spin_lock(&zs_slab_caches_lock);
	quarantine(s);
	zs_spin_unlock(&zs_slab_caches_lock);
	kfree(name);
}

/*
 * The registry lock is held only to decide and to unlink: refcount 0
 * marks the cache as dying (no alias merges into it), the sheaves are
 * detached under the lock (thread exits walk them under it), and the
 * shutdown, which frees slabs and reports what is left, runs with the
 * node lock alone.  A cache that still has objects is kept, usable.
 */
void kmem_cache_destroy(struct kmem_cache *s)
{
	unsigned long live;

	if (!s)
		return;
	if (zs_cache_destroyed(s)) {
		zs_cache_destroyed_call(s, "kmem_cache_destroy", "nothing done");
		return;
	}
	zs_spin_lock(&zs_slab_caches_lock);
	if (s->refcount < 0 || (s->refcount == 1 && s->name_static)) {   /* kmalloc */
		zs_spin_unlock(&zs_slab_caches_lock);
		zs_warn("kmem_cache_destroy: %s is a boot cache and cannot be destroyed", s->name);
		return;
	}
	if (--s->refcount > 0) {
		zs_spin_unlock(&zs_slab_caches_lock);
		return;
	}
	zs_sheaf_flush_all_of(s);
	zs_spin_unlock(&zs_slab_caches_lock);
	live = zs_kmem_cache_shutdown(s);
	zs_spin_lock(&zs_slab_caches_lock);
	if (live) {
		s->refcount = 1;   /* kept: still usable, destroy again later */
		zs_spin_unlock(&zs_slab_caches_lock);
		if (!zs_debug_kunit_error(false))   /* as 6.12+: not in KUnit tests */
			zs_warn("kmem_cache_destroy %s: Slab cache still has objects", s->name);
		else
			__atomic_store_n(&s->kept_by_test, true, __ATOMIC_RELAXED);
		return;
	}
	unlink_cache(s);
	zs_spin_unlock(&zs_slab_caches_lock);
	if (s->flags & SLAB_TYPESAFE_BY_RCU)
		zs_slab_rcu_barrier();   /* its deferred slab frees read s: rcu_barrier() */
	free_cache(s);
}

int kmem_cache_shrink(struct kmem_cache *s)
{
	int left;

	if (zs_cache_destroyed(s)) {
		zs_cache_destroyed_call(s, "kmem_cache_shrink", "nothing done");
		return 0;
	}
	zs_sheaf_flush_all_threads(s);   /* flush_all(): every thread's sheaf */
	left = zs_node_shrink(s);
	zs_mm_release_free();   /* the freed slabs' memory goes back to the OS */
	return left;
}

unsigned int kmem_cache_size(struct kmem_cache *s)
{
	if (zs_cache_destroyed(s)) {
		zs_cache_destroyed_call(s, "kmem_cache_size", "returning 0");
		return 0;
	}
	return s->object_size;
}

/* Flush every thread's sheaves and shrink every cache (tests, teardown). */
void zs_slab_shrink_all(void)
{
	struct list_head *pos;

	zs_spin_lock(&zs_slab_caches_lock);
	/* first every sheaf and barn, which frees sheaves into the sheaf
	 * cache, and the quarantine, which frees kmem_cache structs, then
	 * every cache's empty slabs: back to the boot state (R6) */
	zs_sheaf_flush_every_thread();
	quarantine_release();
	list_for_each(pos, &zs_slab_caches)
		zs_node_shrink(container_of(pos, struct kmem_cache, list));
	zs_spin_unlock(&zs_slab_caches_lock);
	zs_mm_release_free();
}

void zslab_shrink_all(void)
{
	if (zs_lazy_boot())
		zs_slab_shrink_all();
}

/* --- boot, teardown, fork ---------------------------------------------------- */

static int boot_cache(struct kmem_cache *s, const char *name, unsigned int size)
{
	int err = init_cache(s, name, size, SLAB_HWCACHE_ALIGN, &no_args);

	s->flags |= SLAB_NO_SHEAF;
	s->refcount = -1;
	s->name_static = true;
	return err;
}

int zs_slab_init(void)
{
	int err;

	list_init(&zs_slab_caches);
	zs_nr_cpu_ids = zs_host_ncpus();
	memset(id_map, 0, sizeof(id_map));
	memset(dead_ring, 0, sizeof(dead_ring));
	dead_next = 0;
	zs_tools_detect();
	zs_failslab_disarm();
	err = boot_cache(&boot_kmem_cache, "kmem_cache", sizeof(struct kmem_cache));
	if (!err)
		err = boot_cache(&boot_sheaf_cache, "kmem_cache_sheaf", sizeof(struct sheaf));
	if (err)
		return err;
	kmem_cache = &boot_kmem_cache;
	zs_sheaf_cache = &boot_sheaf_cache;
	err = zs_class_map_init();
	if (!err)
		err = zs_kmalloc_init();
	if (err)
		zs_class_map_exit();
	return err;
}

void zs_slab_hooks_set(bool on)
{
	struct list_head *pos;

	zs_slab_hooks = on;
	zs_slab_hooks_mask = on ? ZS_DEAD_ID : 0;
	list_for_each(pos, &zs_slab_caches) {
		struct kmem_cache *s = container_of(pos, struct kmem_cache, list);
		s->sheaf_id = on ? ZS_DEAD_ID : s->id;
	}
}

/* Slabs still held at teardown: their memory is plain memory again. */
static void reset_tool_state(void)
{
	struct list_head *pos, *sp;

	if (!zs_tools_on())
		return;
	list_for_each(pos, &zs_slab_caches) {
		struct kmem_cache *s = container_of(pos, struct kmem_cache, list);
		struct list_head *lists[2] = { &s->partial, &s->full };
		if (!zs_obj_tracked(s))
			continue;
		for (int i = 0; i < 2; i++)
			list_for_each(sp, lists[i]) {
				struct page *page = container_of(sp, struct page, lru);
				zs_tool_reset(zs_page_address(page), PAGE_SIZE << page->order);
			}
	}
}

void zs_slab_exit(void)
{
	zs_class_map_exit();
	reset_tool_state();
	zs_failslab_disarm();
	zs_sheaf_threads_exit();
	list_init(&zs_slab_caches);
	kmem_cache = NULL;
	zs_sheaf_cache = NULL;
	zs_kmalloc_exit();
}

/*
 * fork(): the registry lock, then tls_lock, then every cache's grow lock,
 * then every cache's node lock, each in registry order: the fork
 * exception of common/lock_rank.h, the one place that holds two locks of
 * one rank, allowed by the rank checker only inside init's fork handler.
 * With the grow locks no slab is between the page allocator and its
 * cache (slab.h, s->growing), so the child's pages all have an owner.
 */
void zs_slab_fork_prepare(void)
{
	struct list_head *pos;

	zs_spin_lock(&zs_slab_caches_lock);
	zs_sheaf_fork_lock();
	list_for_each(pos, &zs_slab_caches)
		zs_spin_lock(&container_of(pos, struct kmem_cache, list)->grow_lock);
	list_for_each(pos, &zs_slab_caches)
		zs_spin_lock(&container_of(pos, struct kmem_cache, list)->node_lock);
}

/*
 * The locks of zs_slab_fork_prepare() but the registry's; in a child
 * (@gone) the growing slabs are taken off first, to free after.
 */
static void unlock_nodes(struct list_head *gone)
{
	struct list_head *pos;

	list_for_each(pos, &zs_slab_caches) {
		struct kmem_cache *s = container_of(pos, struct kmem_cache, list);
		if (gone)
			zs_node_fork_child(s, gone);
		zs_spin_unlock(&s->node_lock);
	}
	list_for_each(pos, &zs_slab_caches)
		zs_spin_unlock(&container_of(pos, struct kmem_cache, list)->grow_lock);
	zs_sheaf_fork_unlock();
}

void zs_slab_fork_parent(void)
{
	unlock_nodes(NULL);
	zs_spin_unlock(&zs_slab_caches_lock);
}

void zs_slab_fork_child(void)
{
	struct list_head gone;

	list_init(&gone);
	unlock_nodes(&gone);
	zs_node_fork_free(&gone);
	zs_slub_fork_child();
	zs_spin_unlock(&zs_slab_caches_lock);
}
