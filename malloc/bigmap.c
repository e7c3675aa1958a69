/* SPDX-License-Identifier: MIT */
/*
 * bigmap.c - blocks larger than the page allocator's largest order (or
 * that it cannot align) get a host mapping of their own.  A hash table of
 * registered blocks lets free() and realloc() recognise them, so a
 * pointer malloc never returned is never unmapped.  A block or growth
 * the host would not commit under its overcommit policy is refused
 * (zs_host_can_commit()), as glibc's mmap of it would be: the mapping is
 * MAP_NORESERVE, which the kernel would otherwise let promise anything.
 *
 * Invariant: a block is in the table from its mapping until its unmap;
 * node->len is the mapping's length (a page multiple), node->addr its
 * start and the pointer handed out.  The table is under big_lock (lock
 * order: zmalloc.h).
 *
 * The cache of freed mappings (issue 12, direction 8).  A freed block of
 * at most CACHE_ENTRY_MAX bytes is not unmapped: the mapping waits in
 * cache[] for a later big allocation, which takes the best fit: a cached
 * mapping at least as long (kept whole up to CACHE_WHOLE_MAX times the
 * length, shrunk in place beyond), else one at least half as long grown
 * with mremap.  Whole up to four times, not two: with sizes spread over
 * 4..16 MiB (malloc-large) a twice rule shrank every other reuse and the
 * next longer request then grew it back, 670 mremap calls where 55 are
 * left; the tail costs address space, not memory (its pages are the
 * kept ones, or none).
 *
 * Its pages.  Giving them back costs a system call that walks the page
 * tables of the whole mapping whatever is resident (7.5 us for 16 MiB
 * holding two pages, measured here), and deciding what to give back costs
 * a mincore(): 41% of malloc-large's time when every free did both.  So
 * a freed mapping is first kept as it is, with no system call, up to
 * CACHE_REUSES_MAX times in a row (node->uses counts them) while such
 * "kept" entries' lengths stay within CACHE_KEPT_MAX: what a program
 * touched in that many uses stays resident, and no more.  (32 uses and
 * three quarters of the cache's length, not 16 and half of it:
 * malloc-large's 16 live blocks of up to 16 MiB kept the cache above the
 * half, so most frees
 * paid a mincore() and a MADV_DONTNEED of a mapping holding a few dozen
 * pages, walking all its page tables; 1431 madvise calls became 459,
 * for 1.6 MiB more peak RSS.  The whole cache gained nothing more, 160
 * MiB a tenth less; the bound on what the cache may hold resident went
 * from 144 to 208 MiB, until it decays or malloc_trim().)  At the next
 * free the pages are looked at: a block the program filled
 * (CACHE_FILL_SAMPLES pages spread over it all resident, mincore()) keeps
 * them while the resident bytes of such entries stay within
 * CACHE_RESIDENT_MAX, so a loop that fills and frees big blocks pays no
 * fault per page per round.  Any other block's pages go back
 * (MADV_DONTNEED) but its first page (CACHE_HEAD_KEPT: the page a program
 * writes first, a block's header), so pages a sparse user touched here
 * and there do not pile up in the RSS over the mapping's reuses.
 * (MADV_FREE did let them pile up: LazyFree pages count in the RSS until
 * the host runs short, 80 of malloc-large's 92 MiB of peak RSS, and each
 * later MADV_FREE walked them all again, a fifth of that workload's CPU.)
 * calloc clears what may hold old bytes: the first page, or all of a filled
 * entry; a kept one's pages beyond the first are given back first.
 * Entries decay: one
 * older than CACHE_DECAY_NS is unmapped at the next big allocation or free,
 * or at the next look of zm_big_decay(), which malloc's small slow path
 * calls, so a program that stops making big calls does not keep the
 * cache's pages for good; malloc_trim() unmaps them all (zm_big_trim()).  Invariants, under
 * big_lock: cache[0 .. nr_cached) are mappings no block and no table node
 * owns, each of len <= CACHE_ENTRY_MAX, their lengths summing to
 * cached_bytes <= CACHE_BYTES_MAX; cached_resident is the sum of their
 * resident fields (about CACHE_RESIDENT_MAX at most: the test is made
 * before the lock is taken, so racing frees may each pass it), cached_kept
 * the sum of the kept entries' lengths (the same "about" CACHE_KEPT_MAX);
 * an entry's uses is at most CACHE_REUSES_MAX, and 0 unless it is kept.  Unmapping,
 * mincore and madvise happen with the lock dropped.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "init/malloc_iface.h"
#include "zmalloc.h"
#include <zslab/slab.h>

#define BIG_BUCKETS 1024
#define CACHE_SLOTS 16
#define CACHE_ENTRY_MAX (64UL << 20)
#define CACHE_BYTES_MAX (256UL << 20)
#define CACHE_DECAY_NS 1000000000ull    /* 1 s */
#define CACHE_HEAD_KEPT ZS_HOST_PAGE     /* resident bytes at a cached start */
#define CACHE_RESIDENT_MAX (16UL << 20)  /* filled entries' pages kept */
#define CACHE_FILL_SAMPLES 4             /* pages mincore() looks at */
#define CACHE_REUSES_MAX 32              /* frees in a row kept as they are */
#define CACHE_KEPT_MAX (192UL << 20)     /* kept entries' bytes */
#define CACHE_WHOLE_MAX 4                /* a fit is kept whole up to this many times */

struct big_node {
	struct big_node *next;
	void *addr;
	size_t len;
	unsigned int uses;      /* frees kept as they were since the last look */
};

static struct big_node *buckets[BIG_BUCKETS];
static zs_spinlock_t big_lock = ZS_SPINLOCK_INIT(ZS_RANK_MALLOC_BIG);

struct cached_map {
	void *addr;
	size_t len;
	uint64_t freed_ns;      /* when it was freed: the decay clock */
	size_t resident;        /* bytes charged to CACHE_RESIDENT_MAX, from the
	                           start: what may hold old contents, unless kept */
	unsigned int uses;      /* > 0: kept as freed (all of it may hold old
	                           contents), the uses-th time in a row */
};

static struct cached_map cache[CACHE_SLOTS];
static unsigned int nr_cached;  /* stored atomically: zm_big_decay() peeks */
static size_t cached_bytes, cached_resident, cached_kept;

/* Take entry @i off the cache (big_lock held); returns it. */
static struct cached_map cache_remove(unsigned int i)
{
	struct cached_map m = cache[i];

	cache[i] = cache[nr_cached - 1];
	__atomic_store_n(&nr_cached, nr_cached - 1, __ATOMIC_RELAXED);
	cached_bytes -= m.len;
	__atomic_store_n(&cached_resident, cached_resident - m.resident, __ATOMIC_RELAXED);
	if (m.uses)
		__atomic_store_n(&cached_kept, cached_kept - m.len, __ATOMIC_RELAXED);
	return m;
}

/*
 * Move the entries freed before @now - CACHE_DECAY_NS (all with @now 0)
 * into @out (big_lock held); returns how many, for the caller to unmap
 * with the lock dropped.
 */
static unsigned int cache_expire(uint64_t now, struct cached_map *out)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < nr_cached;)
		if (!now || now - cache[i].freed_ns > CACHE_DECAY_NS)
			out[n++] = cache_remove(i);
		else
			i++;
	return n;
}

static void unmap_all(const struct cached_map *m, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		zs_host_unmap(m[i].addr, m[i].len);
}

/*
 * The cached mapping a block of @len bytes aligned to @align should take
 * (big_lock held), or -1: the shortest at least @len long, else (page
 * alignment only: mremap may move it) the longest at least @len / 2.
 */
static int cache_pick(size_t len, size_t align)
{
	int fit = -1, grow = -1;

	for (unsigned int i = 0; i < nr_cached; i++) {
		const struct cached_map *m = &cache[i];
		if ((uintptr_t)m->addr & (align - 1))
			continue;
		if (m->len >= len) {
			if (fit < 0 || m->len < cache[fit].len)
				fit = (int)i;
		} else if (align <= ZS_HOST_PAGE && m->len >= len / 2 &&
			   (grow < 0 || m->len > cache[grow].len)) {
			grow = (int)i;
		}
	}
	return fit >= 0 ? fit : grow;
}

/*
 * A mapping of at least @len bytes from the cache, shrunk or grown to
 * fit, or NULL; *@whole is its length.  *@dirty: how many bytes at its
 * start may hold old contents (the rest reads as zero); *@uses: the
 * entry's uses (kept as freed when non-zero).
 */
static void *cache_take(size_t len, size_t align, size_t *dirty, size_t *whole,
			unsigned int *uses)
{
	struct cached_map m, old[CACHE_SLOTS];
	unsigned int n_old;
	void *q;
	int i;

	zs_spin_lock(&big_lock);
	n_old = cache_expire(zs_host_now_ns(), old);
	i = cache_pick(len, align);
	m = i >= 0 ? cache_remove((unsigned int)i) : (struct cached_map){ 0 };
	zs_spin_unlock(&big_lock);
	unmap_all(old, n_old);
	if (!m.addr)
		return NULL;
	*dirty = m.uses ? m.len : m.resident;
	*uses = m.uses;
	if (m.len >= len && m.len / CACHE_WHOLE_MAX <= len) {
		*whole = m.len;         /* close enough: kept whole */
		return m.addr;
	}
	if (m.len < len && !zs_host_can_commit(len - m.len))
		q = NULL;
	else
		q = zs_host_remap(m.addr, m.len, len);
	if (!q)
		zs_host_unmap(m.addr, m.len);
	*whole = len;
	return q;
}

/*
 * What the freed mapping @m (addr, len; @uses frees kept in a row before
 * this one) keeps of its pages in the cache: all as they are, no system
 * call, while its run of kept frees and the kept budget last; all of a
 * filled one while the resident budget lasts; else the first page (the
 * rest discarded here).  False: unmap it instead.
 */
static bool cache_keep(struct cached_map *m, unsigned int uses)
{
	if (uses < CACHE_REUSES_MAX &&
	    __atomic_load_n(&cached_kept, __ATOMIC_RELAXED) + m->len <= CACHE_KEPT_MAX) {
		m->uses = uses + 1;
		return true;
	}
	if (__atomic_load_n(&cached_resident, __ATOMIC_RELAXED) + m->len <= CACHE_RESIDENT_MAX &&
	    zs_host_mostly_resident(m->addr, m->len, CACHE_FILL_SAMPLES)) {
		m->resident = m->len;
		return true;
	}
	if (!zs_host_discard((char *)m->addr + CACHE_HEAD_KEPT, m->len - CACHE_HEAD_KEPT))
		return false;   /* locked memory: madvise cannot drop it */
	m->resident = CACHE_HEAD_KEPT;
	return true;
}

/* Keep the freed mapping [@addr, +@len), kept @uses times in a row
 * before, for reuse; false: unmap it. */
static bool cache_put(void *addr, size_t len, unsigned int uses)
{
	struct cached_map old[CACHE_SLOTS + 1];
	struct cached_map m = { .addr = addr, .len = len };
	unsigned int n_old;
	uint64_t now;

	if (len > CACHE_ENTRY_MAX || len <= CACHE_HEAD_KEPT || !cache_keep(&m, uses))
		return false;
	now = m.freed_ns = zs_host_now_ns();
	zs_spin_lock(&big_lock);
	n_old = cache_expire(now, old);
	/* room: the oldest entries go first */
	while (nr_cached && (nr_cached == CACHE_SLOTS || cached_bytes + len > CACHE_BYTES_MAX)) {
		unsigned int oldest = 0;
		for (unsigned int i = 1; i < nr_cached; i++)
			if (cache[i].freed_ns < cache[oldest].freed_ns)
				oldest = i;
		old[n_old++] = cache_remove(oldest);
	}
	cache[nr_cached] = m;
	__atomic_store_n(&nr_cached, nr_cached + 1, __ATOMIC_RELAXED);
	cached_bytes += len;
	__atomic_store_n(&cached_resident, cached_resident + m.resident, __ATOMIC_RELAXED);
	if (m.uses)
		__atomic_store_n(&cached_kept, cached_kept + len, __ATOMIC_RELAXED);
	zs_spin_unlock(&big_lock);
	unmap_all(old, n_old);
	return true;
}

/* Unmap the entries freed before @now - CACHE_DECAY_NS (all with @now 0),
 * the lock taken here and dropped for the unmaps; returns their bytes. */
static size_t cache_drop(uint64_t now)
{
	struct cached_map old[CACHE_SLOTS];
	unsigned int n;
	size_t bytes = 0;

	zs_spin_lock(&big_lock);
	n = cache_expire(now, old);
	zs_spin_unlock(&big_lock);
	for (unsigned int i = 0; i < n; i++)
		bytes += old[i].len;
	unmap_all(old, n);
	return bytes;
}

size_t zm_big_trim(void)
{
	return cache_drop(0);
}

/* Per thread, how many zm_big_decay() calls pass before one looks. */
#define DECAY_LOOK_EVERY 256u
static __thread unsigned int decay_calls __attribute__((tls_model("initial-exec")));

void zm_big_decay(void)
{
	if (++decay_calls % DECAY_LOOK_EVERY ||
	    !__atomic_load_n(&nr_cached, __ATOMIC_RELAXED))
		return;
	cache_drop(zs_host_now_ns());
}

size_t zm_big_cached(void)
{
	size_t bytes;

	zs_spin_lock(&big_lock);
	bytes = cached_bytes;
	zs_spin_unlock(&big_lock);
	return bytes;
}

static struct big_node **bucket_of(const void *p)
{
	uint64_t h = ((uintptr_t)p >> 12) * 0x9e3779b97f4a7c15ull;

	return &buckets[h >> (64 - 10)];
}

void *zm_big_alloc(size_t size, size_t align, bool zero)
{
	size_t len = (size + ZS_HOST_PAGE - 1) & ~(ZS_HOST_PAGE - 1);
	struct big_node *n, **b;
	size_t dirty = 0;
	unsigned int uses = 0;

	if (len < size)
		return NULL;
	if (!len)
		len = ZS_HOST_PAGE;
	if (align < ZS_HOST_PAGE)
		align = ZS_HOST_PAGE;
	if (!zs_host_can_commit(len))
		return NULL;    /* more than the host would promise: ENOMEM */
	n = kmalloc(sizeof(*n), GFP_KERNEL | __GFP_NOWARN);
	if (!n)
		return NULL;
	n->addr = cache_take(len, align, &dirty, &len, &uses);
	if (!n->addr) {
		dirty = uses = 0;
		n->addr = zs_host_reserve_aligned(len, align);
	}
	if (!n->addr) {
		kfree(n);
		return NULL;
	}
	/* a kept mapping's old pages: given back rather than cleared one by one */
	if (zero && uses && zs_host_discard((char *)n->addr + CACHE_HEAD_KEPT,
					    len - CACHE_HEAD_KEPT)) {
		dirty = CACHE_HEAD_KEPT;
		uses = 0;
	}
	if (zero && dirty)
		memset(n->addr, 0, dirty < size ? dirty : size);
	n->len = len;
	n->uses = uses;
	b = bucket_of(n->addr);
	zs_spin_lock(&big_lock);
	n->next = *b;
	*b = n;
	zs_spin_unlock(&big_lock);
	return n->addr;
}

/* Take @p's node off the table (big_lock held); NULL if not there. */
static struct big_node *unlink_node(const void *p)
{
	for (struct big_node **pp = bucket_of(p); *pp; pp = &(*pp)->next)
		if ((*pp)->addr == p) {
			struct big_node *n = *pp;
			*pp = n->next;
			return n;
		}
	return NULL;
}

void *zm_big_take(void *p)
{
	struct big_node *n;

	zs_spin_lock(&big_lock);
	n = unlink_node(p);
	zs_spin_unlock(&big_lock);
	if (n && !cache_put(n->addr, n->len, n->uses))
		zs_host_unmap(n->addr, n->len);
	return n;
}

/*
 * The node is off the table while the mapping moves, so no other thread
 * can find (or free) the block half-moved; a concurrent free of the same
 * pointer is the caller's bug and is reported as foreign.
 */
void *zm_big_resize(void *p, size_t size)
{
	size_t len = (size + ZS_HOST_PAGE - 1) & ~(ZS_HOST_PAGE - 1);
	struct big_node *n, **b;
	void *q;

	if (len < size || !len)
		return NULL;
	zs_spin_lock(&big_lock);
	n = unlink_node(p);
	zs_spin_unlock(&big_lock);
	if (!n)
		return NULL;
	q = len > n->len && !zs_host_can_commit(len - n->len) ? NULL :
	    zs_host_remap(n->addr, n->len, len);
	if (q) {
		n->addr = q;
		n->len = len;
	}
	b = bucket_of(n->addr);
	zs_spin_lock(&big_lock);
	n->next = *b;
	*b = n;
	zs_spin_unlock(&big_lock);
	return q;
}

size_t zm_big_size(const void *p)
{
	size_t len = 0;

	zs_spin_lock(&big_lock);
	for (struct big_node *n = *bucket_of(p); n; n = n->next)
		if (n->addr == p) {
			len = n->len;
			break;
		}
	zs_spin_unlock(&big_lock);
	return len;
}

size_t zm_big_held(size_t *nr)
{
	size_t bytes = 0, n = 0;

	zs_spin_lock(&big_lock);
	for (unsigned int b = 0; b < BIG_BUCKETS; b++)
		for (const struct big_node *node = buckets[b]; node; node = node->next) {
			bytes += node->len;
			n++;
		}
	zs_spin_unlock(&big_lock);
	if (nr)
		*nr = n;
	return bytes;
}

void zm_big_fork_prepare(void)
{
	zs_spin_lock(&big_lock);
}

void zm_big_fork_done(void)
{
	zs_spin_unlock(&big_lock);
}
