/* SPDX-License-Identifier: MIT */
/*
 * pcp.c - per-thread lists of order-0 pages (the kernel's per-cpu
 * pagesets, kept per thread), so that page allocation scales with threads.
 *
 * Each thread owns one zs_pcp in thread-local storage, registered in a
 * global list on first use so that a failing allocation can drain every
 * thread's pages (drain_all_pages) and validation can count them.  A
 * thread that exits hands its lists to the reserve, which the next thread
 * to start takes whole (so thread churn does not drain and refill them);
 * when the reserve is full its pages go back to the zones.  The reserve
 * is one more pcp on the registry, so every drain (zs_pcp_drain_all(),
 * the shrinks) empties it.  The pages a thread has allocated are counted
 * by alloc_count.c, below this file.
 *
 * Locks: the registry lock, then one pcp lock, then one zone lock
 * (common/lock_rank.h).
 *
 * Invariants: count[z] == length of list[z] <= zone->pcp_high + batch;
 * every page on list[z] has PG_pcp and belongs to zone z.
 */
#include <string.h>

#include "common/assert.h"
#include "common/report.h"
#include "host/host.h"
#include "mm/alloc_count.h"
#include "mm/buddy.h"
#include "mm/page_alloc.h"

#define PCP_EXIT_SLOT 1   /* before alloc_count.c's hook (host.h) */

struct zs_pcp {
	zs_spinlock_t lock;
	unsigned long gen;               /* boot generation; 0: unused */
	struct zs_pcp *next;             /* registry link */
	int id;
	int count[MAX_NR_ZONES];
	struct list_head list[MAX_NR_ZONES];
};

static __thread struct zs_pcp tl_pcp __attribute__((tls_model("initial-exec")));
/* The lists of an exited thread, for the next one (on the registry iff
 * its gen is boot_gen; its lock is a pcp lock like any other). */
static struct zs_pcp reserve;
static zs_spinlock_t registry_lock = ZS_SPINLOCK_INIT(ZS_RANK_PCP_REGISTRY);
static struct zs_pcp *registry;
static unsigned long boot_gen;
static int next_id;

/* Move up to @n pages from the tail of @p's list for @zone to the buddy. */
static void pcp_drain(struct zs_pcp *p, unsigned int zone, int n)
{
	struct zone *z = &zs_zones[zone];
	int done = 0;

	if (!n || !p->count[zone])
		return;
	zs_spin_lock(&z->lock);
	while (done < n && !list_empty(&p->list[zone])) {
		struct page *page = container_of(p->list[zone].prev, struct page, lru);
		list_del(&page->lru);
		pg_set_flags(page, 0);
		zs_buddy_free(z, page, 0, false);
		done++;
	}
	__atomic_store_n(&p->count[zone], p->count[zone] - done, __ATOMIC_RELAXED);
	atomic_fetch_add_explicit(&z->nr_free, done, memory_order_relaxed);
	zs_assert(zs_zone_counts_ok(z));
	zs_spin_unlock(&z->lock);
	zs_purge_zone(z);
}

static void pcp_drain_every_zone(struct zs_pcp *p)
{
	for (unsigned int zi = 0; zi < MAX_NR_ZONES; zi++)
		pcp_drain(p, zi, p->count[zi]);
}

static bool pcp_empty(const struct zs_pcp *p)
{
	for (unsigned int zi = 0; zi < MAX_NR_ZONES; zi++)
		if (p->count[zi])
			return false;
	return true;
}

/* Move every page of @from's lists to @to's (empty) lists.  Both are
 * off the registry, or the one on it is locked. */
static void pcp_move(struct zs_pcp *from, struct zs_pcp *to)
{
	for (unsigned int zi = 0; zi < MAX_NR_ZONES; zi++) {
		while (!list_empty(&from->list[zi])) {
			struct list_head *pos = from->list[zi].prev;
			list_del(pos);
			list_add(pos, &to->list[zi]);
		}
		__atomic_store_n(&to->count[zi], from->count[zi], __ATOMIC_RELAXED);
		__atomic_store_n(&from->count[zi], 0, __ATOMIC_RELAXED);
	}
}

/* Put the reserve on the registry if it is not (registry lock held). */
static void reserve_register(void)
{
	if (reserve.gen == boot_gen)
		return;
	memset(&reserve, 0, sizeof(reserve));
	zs_spin_init(&reserve.lock, ZS_RANK_PCP);
	for (unsigned int zi = 0; zi < MAX_NR_ZONES; zi++)
		list_init(&reserve.list[zi]);
	reserve.gen = boot_gen;
	reserve.id = -1;
	reserve.next = registry;
	registry = &reserve;
}

/*
 * Thread exit: hand the lists to the reserve if it is empty, else give
 * the pages back to the zones.  @p is taken off the registry first, so
 * no other thread reaches it and only the reserve's lock is needed.
 */
static void pcp_thread_exit(void *arg)
{
	struct zs_pcp *p = arg;

	zs_spin_lock(&registry_lock);
	if (p->gen == boot_gen) {
		for (struct zs_pcp **pp = &registry; *pp; pp = &(*pp)->next)
			if (*pp == p) {
				*pp = p->next;
				break;
			}
		reserve_register();
		zs_spin_lock(&reserve.lock);
		if (pcp_empty(&reserve))
			pcp_move(p, &reserve);
		zs_spin_unlock(&reserve.lock);
		pcp_drain_every_zone(p);   /* the reserve was full */
	}
	p->gen = 0;
	zs_spin_unlock(&registry_lock);
}

static void pcp_register(struct zs_pcp *p)
{
	memset(p, 0, sizeof(*p));
	zs_spin_init(&p->lock, ZS_RANK_PCP);
	for (unsigned int zi = 0; zi < MAX_NR_ZONES; zi++)
		list_init(&p->list[zi]);
	zs_spin_lock(&registry_lock);
	if (reserve.gen == boot_gen) {      /* an exited thread's lists */
		zs_spin_lock(&reserve.lock);
		pcp_move(&reserve, p);      /* @p is not on the registry yet */
		zs_spin_unlock(&reserve.lock);
	}
	p->gen = boot_gen;
	p->id = next_id++;
	p->next = registry;
	registry = p;
	zs_spin_unlock(&registry_lock);
	zs_count_ready();   /* before any pcp lock: alloc_count.h */
	zs_host_thread_exit_hook(PCP_EXIT_SLOT, pcp_thread_exit, p);
}

static inline struct zs_pcp *this_pcp(void)
{
	struct zs_pcp *p = &tl_pcp;

	if (__builtin_expect(p->gen != __atomic_load_n(&boot_gen, __ATOMIC_RELAXED), 0))
		pcp_register(p);
	return p;
}

/* Take up to a batch of pages from the buddy lists onto @p's list
 * (@p's lock held); how many it took. */
static __attribute__((noinline)) int pcp_refill(struct zs_pcp *p, unsigned int zone)
{
	struct zone *z = &zs_zones[zone];
	int got = 0;
	bool clean;

	zs_spin_lock(&z->lock);
	while (got < (int)z->pcp_batch) {
		struct page *page = zs_buddy_take(z, 0, &clean);
		if (!page)
			break;
		pg_set_flags(page, PG_pcp | (clean ? PG_clean : 0));
		list_add_tail(&page->lru, &p->list[zone]);
		got++;
	}
	atomic_fetch_sub_explicit(&z->nr_free, got, memory_order_relaxed);
	zs_assert(zs_zone_counts_ok(z));
	zs_spin_unlock(&z->lock);
	__atomic_store_n(&p->count[zone], p->count[zone] + got, __ATOMIC_RELAXED);
	return got;
}

/*
 * The thread's counts were registered with its pcp (pcp_register() calls
 * zs_count_ready()), and both are dropped together at boot and thread
 * exit, so the pcp paths count without the registration test.
 */
static inline void pcp_count(unsigned int zone, long delta)
{
	zs_assert(zs_tl_count.gen == __atomic_load_n(&zs_count_gen, __ATOMIC_RELAXED));
	__atomic_store_n(&zs_tl_count.alloc[zone], zs_tl_count.alloc[zone] + delta,
			 __ATOMIC_RELAXED);
}

struct page *zs_pcp_alloc(unsigned int zone, bool *clean)
{
	struct zs_pcp *p = this_pcp();
	struct page *page = NULL;
	int count;

	zs_spin_lock(&p->lock);
	count = p->count[zone];
	if (__builtin_expect(!count, 0))
		count = pcp_refill(p, zone);
	if (__builtin_expect(count != 0, 1)) {
		page = container_of(p->list[zone].next, struct page, lru);
		zs_assert((page->flags & PG_pcp) && page->zone == zone);
		list_del(&page->lru);
		__atomic_store_n(&p->count[zone], count - 1, __ATOMIC_RELAXED);
		pcp_count(zone, 1);
		*clean = page->flags & PG_clean;
		pg_set_flags(page, 0);
	}
	zs_spin_unlock(&p->lock);
	return page;
}

bool zs_pcp_free(struct page *page)
{
	unsigned int zone = page->zone;
	struct zone *z = &zs_zones[zone];
	unsigned int high = z->pcp_high;
	struct zs_pcp *p;
	int count;

	if (!high)
		return false;
	p = this_pcp();
	zs_spin_lock(&p->lock);
	zs_assert(!(pg_flags(page) & (PG_buddy | PG_pcp)) && page->order == 0);
	pg_set_flags(page, PG_pcp);
	list_add(&page->lru, &p->list[zone]);
	count = p->count[zone] + 1;
	__atomic_store_n(&p->count[zone], count, __ATOMIC_RELAXED);
	pcp_count(zone, -1);
	if (__builtin_expect(count > (int)high, 0))
		pcp_drain(p, zone, (int)z->pcp_batch);
	zs_assert(p->count[zone] <= (int)(z->pcp_high + z->pcp_batch));
	zs_spin_unlock(&p->lock);
	return true;
}

void zs_pcp_drain_all(void)
{
	zs_spin_lock(&registry_lock);
	for (struct zs_pcp *p = registry; p; p = p->next) {
		zs_spin_lock(&p->lock);
		pcp_drain_every_zone(p);
		zs_spin_unlock(&p->lock);
	}
	zs_spin_unlock(&registry_lock);
}

long zs_pcp_walk_count(unsigned int zone)
{
	long n = 0;

	zs_spin_lock(&registry_lock);
	for (struct zs_pcp *p = registry; p; p = p->next) {
		zs_spin_lock(&p->lock);
		struct list_head *pos;
		long len = 0;
		list_for_each(pos, &p->list[zone]) {
			struct page *page = container_of(pos, struct page, lru);
			if (!(page->flags & PG_pcp) || page->zone != zone)
				zs_report(ZS_BUG, "zslab: pcp list of zone %s holds a page of zone %u (flags %#x)",
					  zs_zone_names[zone], page->zone, page->flags);
			len++;
		}
		if (len != p->count[zone])
			zs_report(ZS_BUG, "zslab: pcp %d zone %s: count %d but %ld pages listed",
				  p->id, zs_zone_names[zone], p->count[zone], len);
		n += len;
		zs_spin_unlock(&p->lock);
	}
	zs_spin_unlock(&registry_lock);
	return n;
}

void zs_pcp_show(unsigned int zone, FILE *out)
{
	const struct zone *z = &zs_zones[zone];

	zs_spin_lock(&registry_lock);
	for (struct zs_pcp *p = registry; p; p = p->next)
		if (p != &reserve)   /* not a cpu */
			fprintf(out, "    cpu: %i\n              count: %i\n              high:  %u\n              batch: %u\n",
				p->id, __atomic_load_n(&p->count[zone], __ATOMIC_RELAXED),
				z->pcp_high, z->pcp_batch);
	zs_spin_unlock(&registry_lock);
}

void zs_pcp_init(void)
{
	zs_spin_lock(&registry_lock);
	registry = NULL;
	next_id = 0;
	__atomic_store_n(&boot_gen, boot_gen + 1, __ATOMIC_RELAXED);
	zs_spin_unlock(&registry_lock);
}

void zs_pcp_exit(void)
{
	zs_pcp_drain_all();
	zs_spin_lock(&registry_lock);
	registry = NULL;
	__atomic_store_n(&boot_gen, boot_gen + 1, __ATOMIC_RELAXED);
	zs_spin_unlock(&registry_lock);
}

/* fork(): hold the registry and every thread's lock across fork(). */
void zs_pcp_fork_prepare(void)
{
	zs_spin_lock(&registry_lock);
	for (struct zs_pcp *p = registry; p; p = p->next)
		zs_spin_lock(&p->lock);
}

void zs_pcp_fork_parent(void)
{
	for (struct zs_pcp *p = registry; p; p = p->next)
		zs_spin_unlock(&p->lock);
	zs_spin_unlock(&registry_lock);
}

/*
 * In the child (every lock released already) only this thread exists:
 * the other threads' pcps are copies of memory nobody will use again, so
 * their pages go back to the zones.
 */
void zs_pcp_fork_child(void)
{
	struct zs_pcp *mine = &tl_pcp;

	zs_spin_lock(&registry_lock);
	for (struct zs_pcp **pp = &registry; *pp;) {
		struct zs_pcp *p = *pp;
		if (p == mine) {
			pp = &p->next;
			continue;
		}
		*pp = p->next;
		pcp_drain_every_zone(p);
	}
	reserve.gen = 0;   /* drained and off the registry, as the others */
	zs_spin_unlock(&registry_lock);
}
