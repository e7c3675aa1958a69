/* SPDX-License-Identifier: MIT */
/*
 * sheaf.c - per-thread sheaves and the allocation and free fast paths.
 *
 * Each thread has a table, indexed by cache id, of pointers to its sheaves
 * (arrays of free objects).  Unused entries point at a shared empty sheaf,
 * so the fast paths test only counts:
 *
 *   alloc: sheaf not empty   -> pop
 *   free:  object's page says cache s, sheaf of s not full -> push
 *
 * The free fast path serves every thread alike: an object freed by a
 * thread other than the one that allocated it is pushed on the freeing
 * thread's sheaf, and reaches its slab when that sheaf flushes.  The one
 * exception is an object smaller than a cache line whose slab another
 * thread owns (last refilled its sheaf from): it goes straight back to
 * its slab, so that the freeing thread does not reuse it while the owner
 * writes its neighbours on the same line (zs_obj_foreign()).
 *
 * An empty sheaf is traded for a full one from the cache's barn (barn.c),
 * or else refills half its capacity from the slabs; a full sheaf is traded
 * for an empty one, or else flushes its older half to the slabs.  On
 * thread exit every sheaf is flushed and freed; zslab_exit() empties
 * every registered thread's table.
 * Sheaf memory comes from the internal "kmem_cache_sheaf" cache, which has
 * no sheaves itself (SLAB_NO_SHEAF), so there is no recursion.
 *
 * Locks (order: common/lock_rank.h): thread exit and cache destruction
 * take zs_slab_caches_lock, then node locks.  The fast paths take none.
 */
#include <string.h>

#include "common/report.h"
#include "host/host.h"
#include "mm/page_alloc.h"
#include "slab/meminit.h"
#include "slab/slab.h"
#include "slab/slub_debug.h"
#include "slab/slub_internal.h"
#include "slab/sheaf_fast.h"

__thread struct slab_tls zs_tl_slab __attribute__((tls_model("initial-exec"))) = {
	.mode = ZS_TLS_MODE_INIT,
};
/* Registered threads, under tls_lock (SLAB_TLS in common/lock_rank.h). */
static zs_spinlock_t tls_lock = ZS_SPINLOCK_INIT(ZS_RANK_SLAB_TLS);
static struct slab_tls *tls_registry;
struct sheaf zs_empty_sheaf;   /* count 0, cap 0, s NULL */

/* --- per-thread table ------------------------------------------------- */

/* Give @t's table back (its pages are zslab's own, zs_mod_zone_zslab). */
static void table_free(const struct slab_tls *t)
{
	struct page *page = zs_virt_to_page(t->tab);

	zs_mod_zone_zslab(page, -(1L << t->order));
	zs_free_pages(page, t->order);
}

static bool table_grow(struct slab_tls *t, unsigned int id)
{
	unsigned int order = t->tab ? t->order + 1 : 0;
	unsigned int n;
	struct page *page;

	while ((n = (unsigned int)((PAGE_SIZE << order) / sizeof(void *))) <= id)
		order++;
	page = zs_alloc_pages(GFP_KERNEL | __GFP_NOWARN, order);
	if (!page)
		return false;
	zs_mod_zone_zslab(page, 1L << order);
	struct sheaf **tab = zs_page_address(page);
	for (unsigned int i = 0; i < n; i++)
		tab[i] = i < t->n ? t->tab[i] : &zs_empty_sheaf;
	if (t->tab)
		table_free(t);
	__atomic_store_n(&t->tab, tab, __ATOMIC_RELEASE);
	t->order = order;
	t->n = n;
	return true;
}

static struct slab_tls *this_tls(void)
{
	struct slab_tls *t = &zs_tl_slab;

	if (!t->registered) {
		t->n = 0;
		t->order = 0;
		t->tab = NULL;      /* mode is the layer above's: kept */
		zs_spin_lock(&tls_lock);
		t->registered = true;
		t->next = tls_registry;
		tls_registry = t;
		zs_spin_unlock(&tls_lock);
		zs_host_thread_exit_hook(2, zs_slab_thread_exit, t);
	}
	return t;
}

/* Take @t off the registry (tls_lock taken here). */
static void tls_unregister(struct slab_tls *t)
{
	zs_spin_lock(&tls_lock);
	for (struct slab_tls **pp = &tls_registry; *pp; pp = &(*pp)->next)
		if (*pp == t) {
			*pp = t->next;
			break;
		}
	t->registered = false;
	t->n = 0;
	t->tab = NULL;
	zs_spin_unlock(&tls_lock);
}

/* This thread's sheaf for @s, attached and registered; NULL if no memory. */
static struct sheaf *get_sheaf(struct kmem_cache *s)
{
	struct slab_tls *t = this_tls();
	struct sheaf *sh;

	if (s->id >= t->n && !table_grow(t, s->id))
		return NULL;
	sh = t->tab[s->id];
	if (sh->s == s)
		return sh;
	if (sh == &zs_empty_sheaf) {
		sh = zs_slab_alloc(zs_sheaf_cache, GFP_KERNEL | __GFP_NOWARN);
		if (!sh)
			return NULL;
		t->tab[s->id] = sh;
	}
	sh->owner = t;
	sh->count = 0;
	sh->cap = s->sheaf_cap;
	zs_spin_lock(&s->node_lock);
	list_add(&sh->node, &s->sheaves);
	__atomic_store_n(&sh->s, s, __ATOMIC_RELEASE);
	zs_spin_unlock(&s->node_lock);
	return sh;
}

/* --- slow paths --------------------------------------------------------- */

/* __GFP_ZERO, init_on_alloc and init_on_free's pointer wipe (meminit.h). */
static void *post_alloc(struct kmem_cache *s, void *obj, gfp_t gfp)
{
	if ((gfp & __GFP_ZERO) && s->ctor &&
	    !__atomic_exchange_n(&s->ctor_zero_warned, true, __ATOMIC_RELAXED))
		zs_warn("kmem_cache_alloc: __GFP_ZERO on cache %s with a constructor", s->name);
	zs_slab_init_on_alloc(s, obj, gfp);
	return obj;
}

/* The kernel's slab_out_of_memory(): rate-limited, silenced by NOWARN. */
static void slab_out_of_memory(struct kmem_cache *s, gfp_t gfp)
{
	static struct zs_ratelimit rs = ZS_RATELIMIT_INIT;

	if (!(gfp & __GFP_NOWARN) && zs_ratelimit(&rs))
		zs_report(ZS_INFO, "SLUB: Unable to allocate memory on node -1, gfp=%#x\n  cache: %s, object size: %u, buffer size: %u, default order: %u, min order: %u",
			  gfp, s->name, s->object_size, s->size, s->order, s->min_order);
}

static void free_sheaf(struct sheaf *sh)
{
	if (sh)
		zs_node_put_objects(zs_sheaf_cache, (void **)&sh, 1);
}

/* Make @sh this thread's sheaf of @s (after a trade with the barn). */
static void set_my_sheaf(struct kmem_cache *s, struct sheaf *sh)
{
	zs_tl_slab.tab[s->id] = sh;
}

/* Refill an empty sheaf: a full one from the barn, else objects from slabs. */
static bool sheaf_refill(struct kmem_cache *s, struct sheaf **shp, gfp_t gfp)
{
	struct sheaf *spare = NULL;
	struct sheaf *full = zs_barn_take_full(s, *shp, &spare);

	free_sheaf(spare);
	if (full) {
		set_my_sheaf(s, full);
		*shp = full;
		return true;
	}
	(*shp)->count = zs_node_take_objects(s, gfp, (*shp)->objs,
					     (*shp)->cap / 2 ? (*shp)->cap / 2 : 1);
	zs_sheaf_claim(s, (*shp)->objs, (*shp)->count);
	return (*shp)->count != 0;
}

void *zs_slab_alloc_slow(struct kmem_cache *s, gfp_t gfp)
{
	struct sheaf *sh;
	void *obj = NULL;

	if (zs_cache_destroyed(s))
		return zs_cache_destroyed_call(s, "kmem_cache_alloc", "returning NULL");
	sh = (s->flags & SLAB_NO_SHEAF) ? NULL : get_sheaf(s);

	if (!sh)
		zs_sheaf_claim(s, &obj, zs_node_take_objects(s, gfp, &obj, 1));
	else if (sheaf_refill(s, &sh, gfp))
		obj = sh->objs[--sh->count];
	if (!obj) {
		slab_out_of_memory(s, gfp);
		return NULL;
	}
	if (zs_obj_tracked(s)) {
		zs_tool_obj_alloc(obj, s->object_size, s->ctor != NULL);
		if (sh)
			sh->objs[sh->count] = NULL;   /* no stale root for leak checks */
	}
	return post_alloc(s, obj, gfp);
}

/* Flush the older half of a full sheaf to the slabs. */
static void sheaf_flush_half(struct kmem_cache *s, struct sheaf *sh)
{
	unsigned int half = sh->count / 2 ? sh->count / 2 : sh->count;

	zs_node_put_objects(s, sh->objs, half);
	memmove(sh->objs, sh->objs + half, (sh->count - half) * sizeof(void *));
	sh->count -= half;
}

/*
 * Make room in a full sheaf: trade it for an empty one from the barn
 * (allocating the empty one if the barn has none), else flush half.
 */
static struct sheaf *sheaf_make_room(struct kmem_cache *s, struct sheaf *sh)
{
	struct sheaf *spare = NULL, *empty;
	bool want_spare;

	empty = zs_barn_put_full(s, sh, &spare, &want_spare);
	if (want_spare) {
		spare = zs_slab_alloc(zs_sheaf_cache, GFP_KERNEL | __GFP_NOWARN);
		if (spare)
			empty = zs_barn_put_full(s, sh, &spare, &want_spare);
	}
	free_sheaf(spare);
	if (empty) {
		set_my_sheaf(s, empty);
		return empty;
	}
	sheaf_flush_half(s, sh);
	return sh;
}

static void report_wrong_cache(struct kmem_cache *s, struct kmem_cache *real,
			       const void *obj)
{
	zs_warn("cache_from_obj: Wrong slab cache. %s but object is from %s (object %p)",
		s ? s->name : "(null)", real->name, obj);
}

static void report_double_free(struct kmem_cache *s, const void *obj)
{
	struct zs_rbuf rb;

	zs_rbuf_init(&rb);
	zs_rbuf_add(&rb, "BUG %s (Not tainted): Object already free (double free)\n", s->name);
	zs_rbuf_add(&rb, "INFO: Object %p freed twice in a row; second free ignored\n", obj);
	zs_rbuf_stack(&rb, 2);
	zs_report_emit(ZS_BUG, &rb);
}

void zs_slab_free_slow(struct kmem_cache *s, void *obj)
{
	struct sheaf *sh = NULL;

	if (!(s->flags & SLAB_NO_SHEAF))
		sh = get_sheaf(s);
	if (!sh) {
		zs_node_put_objects(s, &obj, 1);
		return;
	}
	if (sh->count && sh->objs[sh->count - 1] == obj) {
		report_double_free(s, obj);
		return;
	}
	if (sh->count >= sh->cap)
		sh = sheaf_make_room(s, sh);
	sh->objs[sh->count++] = obj;
}

/*
 * A small object of a slab another thread owns: straight back to its
 * slab (whose freelist reports a double free), never onto this thread's
 * sheaf.  The owner's next refill takes it back.
 */
void zs_slab_free_foreign(struct kmem_cache *s, void *obj)
{
	zs_node_put_objects(s, &obj, 1);
}

/* --- the hooked paths (zs_slab_hooks) --------------------------------------- */

/*
 * zs_sheaf_alloc_fast() with failslab, ASan, valgrind, init_on_alloc or
 * init_on_free active: the failslab decision, then the pop with the object
 * described to the tool and initialised (meminit.h).
 */
void *zs_sheaf_alloc_hooked(struct kmem_cache *s, gfp_t gfp)
{
	struct sheaf *sh = zs_my_sheaf(s);
	void *obj;

	if (zs_should_failslab(s, gfp))
		return NULL;
	if (!sh->count)
		return zs_slab_alloc_slow(s, gfp);
	obj = sh->objs[--sh->count];
	if (zs_obj_tracked(s)) {
		zs_tool_obj_alloc(obj, s->object_size, s->ctor != NULL);
		sh->objs[sh->count] = NULL;   /* no stale root for leak checks */
	}
	return post_alloc(s, obj, gfp);
}

void zs_sheaf_free_hooked(struct kmem_cache *s, void *obj)
{
	zs_slab_init_on_free(s, obj);
	if (zs_obj_tracked(s))
		zs_tool_obj_free(obj, s->object_size);
	zs_sheaf_push_unhooked(s, obj);
}

void zs_sheaf_push_unhooked(struct kmem_cache *s, void *obj)
{
	struct sheaf *sh = zs_my_sheaf(s);
	unsigned int n = sh->count;

	if (zs_obj_foreign(s, obj)) {
		zs_slab_free_foreign(s, obj);
	} else if (n < sh->cap && (!n || sh->objs[n - 1] != obj)) {
		sh->objs[n] = obj;
		sh->count = n + 1;
	} else {
		zs_slab_free_slow(s, obj);
	}
}

void zs_sheaf_free_missed(struct kmem_cache *s, void *obj)
{
	if (zs_slab_hooks)
		zs_sheaf_free_hooked(s, obj);
	else
		zs_sheaf_push_unhooked(s, obj);
}

/* --- entry points ------------------------------------------------------ */

void *kmem_cache_alloc(struct kmem_cache *s, gfp_t gfp)
{
	return zs_sheaf_alloc_fast(s, gfp);
}

void *zs_slab_alloc(struct kmem_cache *s, gfp_t gfp)
{
	return zs_sheaf_alloc_fast(s, gfp);
}

void zs_slab_free(struct kmem_cache *s, void *obj)
{
	zs_sheaf_free_fast(s, obj);
}

/* The cache an object belongs to, or NULL (not a slab object). */
struct kmem_cache *zs_obj_cache(const void *obj)
{
	struct page *page = zs_virt_to_page(obj);

	return page ? page->slab_cache : NULL;   /* NULL on non-slab pages */
}

/* Everything kmem_cache_free() does not do inline: NULL, other RAM
 * ranges, wrong caches and pointers that are not objects. */
static __attribute__((noinline, cold)) void
kmem_cache_free_slow(struct kmem_cache *s, void *obj)
{
	struct page *page;
	enum zs_ptr_kind kind;

	if (s && zs_cache_destroyed(s)) {
		zs_cache_destroyed_call(s, "kmem_cache_free", "not freed");
		return;
	}
	if (!obj)
		return;
	kind = zs_ptr_classify(obj, &page);
	if (kind != ZS_PTR_OBJECT && kind != ZS_PTR_IN_SLAB) {
		zs_debug_outside_slab(s, "kmem_cache_free", obj);
		return;
	}
	if (page->slab_cache != s) {
		report_wrong_cache(s, page->slab_cache, obj);
		s = page->slab_cache;
	}
	if (s->flags & SLAB_CONSISTENCY_CHECKS) {
		zs_node_put_objects(s, &obj, 1);   /* "Invalid object pointer" */
		return;
	}
	if (kind != ZS_PTR_OBJECT) {
		zs_warn("kmem_cache_free: %s: %p is not the start of an object; not freed",
			s->name, obj);
		return;
	}
	zs_sheaf_free_fast(s, obj);
}

void kmem_cache_free(struct kmem_cache *s, void *obj)
{
	uintptr_t off = (uintptr_t)obj - (uintptr_t)zs_ranges[0].host;

	if (__builtin_expect(off < zs_range0_bytes, 1)) {
		struct page *page = zs_mem_map + (off >> PAGE_SHIFT);
		if (__builtin_expect(page->slab_cache == s &&
				     zs_valid_object_at(s, page, obj), 1)) {
			zs_sheaf_free_fast(s, obj);
			return;
		}
	}
	kmem_cache_free_slow(s, obj);
}

/* --- bulk ---------------------------------------------------------------- */

/* Move up to @n objects from the top of @sh to @p; returns how many. */
static size_t sheaf_take(struct sheaf *sh, void **p, size_t n)
{
	if (n > sh->count)
		n = sh->count;
	if (!n)
		return 0;      /* never write the shared empty sheaf */
	sh->count -= (unsigned int)n;
	memcpy(p, &sh->objs[sh->count], n * sizeof(void *));
	return n;
}

int kmem_cache_alloc_bulk(struct kmem_cache *s, gfp_t gfp, size_t size, void **p)
{
	size_t i;

	if (zs_cache_destroyed(s)) {
		zs_cache_destroyed_call(s, "kmem_cache_alloc_bulk", "returning 0");
		return 0;
	}
	if (__builtin_expect(zs_slab_hooks, 0) && zs_should_failslab(s, gfp))
		return 0;
	i = sheaf_take(zs_my_sheaf(s), p, size);

	while (i < size) {
		struct sheaf *sh = (s->flags & SLAB_NO_SHEAF) ? NULL : get_sheaf(s);
		if (sh && sheaf_refill(s, &sh, gfp)) {
			i += sheaf_take(sh, p + i, size - i);
			continue;
		}
		if (!zs_node_take_objects(s, gfp, p + i, 1)) {
			if (i)
				kmem_cache_free_bulk(s, i, p);
			slab_out_of_memory(s, gfp);
			return 0;
		}
		zs_sheaf_claim(s, p + i, 1);
		i++;
	}
	if (zs_obj_tracked(s)) {
		struct sheaf *sh = zs_my_sheaf(s);
		for (i = 0; i < size; i++)
			zs_tool_obj_alloc(p[i], s->object_size, s->ctor != NULL);
		/* no stale copies above the count: leak checks scan sheaves */
		if (sh->cap)
			memset(&sh->objs[sh->count], 0, (sh->cap - sh->count) * sizeof(void *));
	}
	if ((gfp & __GFP_ZERO) || zs_slab_hooks)
		for (i = 0; i < size; i++)
			post_alloc(s, p[i], gfp);
	return (int)size;
}

/*
 * kmem_cache_free_bulk() - free @size objects of @s (or, with @s NULL, of
 * whatever cache or large kmalloc each belongs to: kfree_bulk()).  The
 * common case pushes straight onto this thread's sheaf.
 */
void kmem_cache_free_bulk(struct kmem_cache *s, size_t size, void **p)
{
	if (!size) {
		zs_warn("kmem_cache_free_bulk: called with 0 objects");
		return;
	}
	if (!s || zs_slab_hooks) {   /* kfree_bulk(), or every free hooked */
		for (size_t i = 0; i < size; i++)
			s ? kmem_cache_free(s, p[i]) : kfree(p[i]);
		return;
	}
	if (zs_cache_destroyed(s)) {
		zs_cache_destroyed_call(s, "kmem_cache_free_bulk", "nothing freed");
		return;
	}
	for (size_t i = 0; i < size; i++) {
		void *obj = p[i];
		uintptr_t off = (uintptr_t)obj - (uintptr_t)zs_ranges[0].host;
		struct page *page = zs_mem_map + (off >> PAGE_SHIFT);
		if (__builtin_expect(off < zs_range0_bytes && page->slab_cache == s &&
				     zs_valid_object_at(s, page, obj) &&
				     zs_sheaf_push(s, obj), 1))
			continue;
		kmem_cache_free(s, obj);
	}
}

/* --- flushing ------------------------------------------------------------ */

/* Flush this thread's sheaf of @s and the barn (kmem_cache_shrink). */
void zs_sheaf_flush_mine(struct kmem_cache *s)
{
	struct sheaf *sh = zs_my_sheaf(s);

	if (sh->s == s && sh->count) {
		zs_node_put_objects(s, sh->objs, sh->count);
		sh->count = 0;
	}
	zs_barn_flush(s);
}

/*
 * zs_sheaf_flush_all_of() - flush and detach every thread's sheaf of @s
 * (cache destruction).  The caller holds zs_slab_caches_lock and no thread is
 * using @s, as kmem_cache_destroy() requires.
 */
void zs_sheaf_flush_all_of(struct kmem_cache *s)
{
	struct list_head empty, *pos, *tmp;

	list_init(&empty);
	zs_spin_lock(&s->node_lock);
	list_for_each_safe(pos, tmp, &s->sheaves) {
		struct sheaf *sh = container_of(pos, struct sheaf, node);
		zs_node_put_objects_locked(s, sh->objs, sh->count, &empty);
		sh->count = 0;
		list_del(pos);
		sh->cap = 0;   /* the owner's fast paths now take the slow path */
		__atomic_store_n(&sh->s, NULL, __ATOMIC_RELEASE);
	}
	zs_spin_unlock(&s->node_lock);
	zs_free_empty_slabs(&empty);
	zs_barn_flush(s);
}

/*
 * Flush every sheaf of @t, free them and the table (zs_slab_caches_lock held,
 * @t registered).  The table is emptied first: the thread's fast paths
 * then find no sheaf, and its next slow path builds a new table.
 */
static void release_sheaves(struct slab_tls *t)
{
	struct sheaf **tab = t->tab;
	unsigned int n = t->n;

	t->n = 0;
	for (unsigned int i = 0; i < n; i++) {
		struct sheaf *sh = tab[i];
		if (sh == &zs_empty_sheaf)
			continue;
		struct kmem_cache *s = sh->s;
		if (s) {
			zs_node_put_objects(s, sh->objs, sh->count);
			zs_spin_lock(&s->node_lock);
			list_del(&sh->node);
			zs_spin_unlock(&s->node_lock);
		}
		zs_node_put_objects(zs_sheaf_cache, (void **)&sh, 1);
	}
	if (tab)
		table_free(t);
	t->tab = NULL;
}

/* Thread exit: flush every sheaf, free them and the table. */
void zs_slab_thread_exit(void *arg)
{
	struct slab_tls *t = arg;

	zs_spin_lock(&zs_slab_caches_lock);
	if (t->registered) {
		release_sheaves(t);
		tls_unregister(t);
	}
	zs_spin_unlock(&zs_slab_caches_lock);
}

/* Add the pages of every registered thread's table to @pages[zone]. */
void zs_sheaf_count_tables(long pages[MAX_NR_ZONES])
{
	zs_spin_lock(&tls_lock);
	for (struct slab_tls *t = tls_registry; t; t = t->next) {
		struct sheaf **tab = __atomic_load_n(&t->tab, __ATOMIC_ACQUIRE);
		if (tab)
			pages[zs_virt_to_page(tab)->zone] += 1L << t->order;
	}
	zs_spin_unlock(&tls_lock);
}

/* zslab_shrink_all(): this thread's sheaves and table go back too. */
void zs_sheaf_release_mine(void)
{
	if (zs_tl_slab.registered)
		release_sheaves(&zs_tl_slab);
}

/*
 * zslab_exit(): the memory behind every table and sheaf is about to go;
 * empty every registered thread's table so its next call starts afresh.
 * No other thread may be using zslab, as zslab_exit() requires.
 */
void zs_slab_threads_exit(void)
{
	zs_spin_lock(&tls_lock);
	for (struct slab_tls *t = tls_registry, *next; t; t = next) {
		next = t->next;
		t->registered = false;
		t->n = 0;
		t->tab = NULL;
	}
	tls_registry = NULL;
	zs_spin_unlock(&tls_lock);
}

/* fork(): hold the registry lock across fork (after the slab locks). */
void zs_sheaf_fork_lock(void)
{
	zs_spin_lock(&tls_lock);
}

void zs_sheaf_fork_unlock(void)
{
	zs_spin_unlock(&tls_lock);
}

/*
 * fork(): in the child only this thread runs.  The other registrations
 * are copies of threads that do not exist here: their sheaves hold
 * objects nobody can reach any more, so the objects go back to their
 * slabs and the sheaves and tables to zslab, as at those threads' exit.
 * (Called with zs_slab_caches_lock held and node locks free.)
 */
void zs_slub_fork_child(void)
{
	struct slab_tls *mine = &zs_tl_slab;

	for (struct slab_tls *t = tls_registry; t; t = t->next)
		if (t != mine)
			release_sheaves(t);
	zs_spin_lock(&tls_lock);
	tls_registry = mine->registered ? mine : NULL;
	if (mine->registered)
		mine->next = NULL;
	zs_spin_unlock(&tls_lock);
}
