/* SPDX-License-Identifier: MIT */
/*
 * slub_debug.c - the kernel's slub_debug checks and repairs for caches
 * with SLAB_DEBUG_FLAGS: fill bytes, tracks, the checks at alloc, free,
 * slab free and validate.  See slub_debug.h for the slot layout and
 * slub_debug_report.c for the report texts.  Each problem is one BUG
 * report, then the repair and its FIX report.
 *
 * Locking: every entry point runs under the cache's node lock, so the
 * reports wait for its unlock (common/report.h); under panic_on_warn the
 * process aborts there, at the BUG report, before the FIX report is out.
 */
#include <string.h>

#include "config/config.h"
#include "common/report.h"
#include "host/host.h"
#include "slab/slab_map.h"
#include "slab/slub_debug_layout.h"

/* --- layout -------------------------------------------------------------- */

/*
 * kmem_cache_flags(): SLAB_NO_USER_FLAGS caches take nothing from the
 * command line; SLAB_NOLEAKTRACE ones take the global letters without U
 * (a list naming the cache still gives it U).
 */
slab_flags_t zs_kmem_cache_flags(slab_flags_t flags, const char *name)
{
	unsigned int debug;

	if (flags & SLAB_NO_USER_FLAGS)
		return flags;
	debug = zs_slub_debug_flags(name);
	if ((flags & SLAB_NOLEAKTRACE) && !zs_slub_debug_listed(name))
		debug &= ~SLAB_STORE_USER;
	return flags | debug;
}

unsigned int zs_debug_orig_size_bytes(slab_flags_t flags)
{
	return (flags & SLAB_ORIG_SIZE_FLAGS) && (flags & SLAB_KMALLOC) ?
	       (unsigned int)sizeof(unsigned int) : 0;
}

/* --- byte checks ----------------------------------------------------------- */

/* The first of @n bytes at @p that is not @v, or NULL: eight at a time
 * (every alloc, free and validate of a debug cache runs it over the
 * object, its red zones and padding). */
static unsigned char *first_other(unsigned char *p, unsigned char v, size_t n)
{
	const uint64_t pattern = 0x0101010101010101ull * v;
	size_t i = 0;

	for (; i < n && ((uintptr_t)(p + i) & 7); i++)
		if (p[i] != v)
			return p + i;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, p + i, sizeof(w));
		if (w != pattern)
			break;
	}
	for (; i < n; i++)
		if (p[i] != v)
			return p + i;
	return NULL;
}

/* check_bytes_and_report(): report and restore the first mismatching run. */
static bool check_bytes(struct kmem_cache *s, const struct page *page,
			unsigned char *obj, const char *what,
			unsigned char *start, unsigned char value, size_t bytes)
{
	unsigned char *fault = first_other(start, value, bytes), *end;

	if (!fault)
		return true;
	end = start + bytes;
	while (end > fault && end[-1] == value)
		end--;
	zs_debug_bytes_bug(s, page, obj, what, fault, end, value);
	memset(fault, value, (size_t)(end - fault));
	zs_debug_fix(s, "Restoring %s 0x%lx-0x%lx=0x%x", what, PTR(fault),
		 PTR(end - 1), value);
	return false;
}

static void check_pad_bytes(struct kmem_cache *s, const struct page *page,
			    unsigned char *p)
{
	unsigned int off = info_end(s);

	if (s->flags & SLAB_STORE_USER)
		off += 2 * TRACK_SIZE;
	off += zs_debug_orig_size_bytes(s->flags);
	if (size_from_object(s) == off)
		return;
	check_bytes(s, page, p, "Object padding", p + off, POISON_INUSE,
		    size_from_object(s) - off);
}

/* check_object(): red zones, poison, padding and the free pointer. */
static bool check_object(struct kmem_cache *s, struct page *page, void *obj,
			 unsigned char val)
{
	unsigned char *p = obj, *endobject = p + s->object_size;

	if (s->flags & SLAB_RED_ZONE) {
		if (!check_bytes(s, page, p, "Left Redzone", p - s->red_left_pad,
				 val, s->red_left_pad))
			return false;
		if (!check_bytes(s, page, p, "Right Redzone", endobject, val,
				 s->inuse - s->object_size))
			return false;
		unsigned int orig = get_orig_size(s, obj);
		if (val == SLUB_RED_ACTIVE && orig < s->object_size &&
		    !check_bytes(s, page, p, "kmalloc Redzone", p + orig, val,
				 s->object_size - orig))
			return false;
	} else if ((s->flags & SLAB_POISON) && s->object_size < s->inuse) {
		check_bytes(s, page, p, "Alignment padding", endobject,
			    POISON_INUSE, s->inuse - s->object_size);
	}
	if (s->flags & SLAB_POISON) {
		if (val != SLUB_RED_ACTIVE && (s->flags & __OBJECT_POISON) &&
		    (!check_bytes(s, page, p, "Poison", p, POISON_FREE, s->object_size - 1) ||
		     !check_bytes(s, page, p, "End Poison", p + s->object_size - 1,
				  POISON_END, 1)))
			return false;
		check_pad_bytes(s, page, p);
	}
	if (!freeptr_outside(s) && val == SLUB_RED_ACTIVE)
		return true;   /* the free pointer is user data while in use */
	if (!valid_pointer(s, page, get_freepointer(s, obj))) {
		zs_debug_object_err(s, page, obj, "Freepointer corrupt");
		set_freepointer(s, obj, NULL);
		return false;
	}
	return true;
}

/* slab_pad_check(): the slab tail after the last object is 0x5a. */
static void slab_pad_check(struct kmem_cache *s, struct page *page)
{
	unsigned char *start = (unsigned char *)slab_base(page);
	size_t length = PAGE_SIZE << page->order;
	size_t remainder = length % s->size;
	unsigned char *end = start + length, *fault;

	if (!(s->flags & SLAB_POISON) || !remainder)
		return;
	unsigned char *pad = end - remainder;

	fault = first_other(pad, POISON_INUSE, remainder);
	if (!fault)
		return;
	while (end > fault && end[-1] == POISON_INUSE)
		end--;
	zs_debug_padding_bug(s, page, fault, end, pad, remainder);
	memset(fault, POISON_INUSE, (size_t)(end - fault));
	zs_debug_fix(s, "Restoring %s 0x%lx-0x%lx=0x%x", "slab padding", PTR(fault),
		 PTR(end - 1), POISON_INUSE);
}

/* check_slab(): object counts within bounds, then the slab padding. */
static bool check_slab(struct kmem_cache *s, struct page *page)
{
	unsigned int maxobj = max_objects(s, page);

	if (!(page->flags & PG_slab) || (page->flags & PG_tail)) {
		zs_debug_slab_err(s, page, "Not a valid slab page");
		return false;
	}
	if (page->objects > maxobj) {
		zs_debug_slab_err(s, page, "objects %u > max %u", page->objects, maxobj);
		return false;
	}
	if (page->inuse > page->objects) {
		zs_debug_slab_err(s, page, "inuse %u > max %u", page->inuse, page->objects);
		return false;
	}
	slab_pad_check(s, page);
	return true;
}

/* --- object state ---------------------------------------------------------- */

static void init_object(struct kmem_cache *s, void *obj, unsigned char val)
{
	unsigned char *p = obj;

	if (s->flags & SLAB_RED_ZONE) {
		memset(p - s->red_left_pad, val, s->red_left_pad);
		if (val == SLUB_RED_ACTIVE && get_orig_size(s, obj) < s->object_size)
			memset(p + get_orig_size(s, obj), val,
			       s->object_size - get_orig_size(s, obj));
	}
	if (s->flags & __OBJECT_POISON) {
		memset(p, POISON_FREE, s->object_size - 1);
		p[s->object_size - 1] = POISON_END;
	}
	if (s->flags & SLAB_RED_ZONE)
		memset(p + s->object_size, val, s->inuse - s->object_size);
}

/*
 * Linked into the program (see below), zslab's own frames are told by
 * their symbols: a frame belongs to zslab when it lies in one of the
 * public allocation entry points or has no dynamic symbol (zslab's
 * internal functions are hidden).  Slow: dladdr() under the loader's
 * lock.  Returns true for a frame of zslab's.
 */
static bool symbol_is_zslab_frame(const void *pc)
{
	static const char *const entries[] = {
		"kmem_cache_", "kmalloc", "__kmalloc", "kzalloc", "kcalloc",
		"krealloc", "kfree", "kmemdup", "kstrdup", "kstrndup",
	};
	char sym[128];

	zs_host_symbolize(pc, sym, sizeof(sym));
	if (!strncmp(sym, "0x", 2))
		return true;                 /* no symbol: hidden */
	for (size_t i = 0; i < sizeof(entries) / sizeof(entries[0]); i++)
		if (!strncmp(sym, entries[i], strlen(entries[i])))
			return true;
	return false;
}

/*
 * symbol_is_zslab_frame(), remembered by return address: symbolizing
 * happens once per distinct address, not at every allocation; reports
 * symbolize when they print.  Each entry is the address with ZSLAB_BIT
 * set for a zslab frame, in the first free one of FRAME_PROBE slots from
 * the address's hash (so two hot addresses with one hash do not evict
 * each other at every call); with all of them taken the first is
 * overwritten (the answer is then computed again).  Code addresses stay
 * valid for the process (a library dlclose()d and another loaded at the
 * same address could make a track start a frame off, nothing worse).
 */
#define FRAME_MEMO 4096u
#define FRAME_PROBE 4u
#define ZSLAB_BIT ((uintptr_t)1 << 63)
static uintptr_t frame_memo[FRAME_MEMO];

static bool is_zslab_frame(const void *pc)
{
	uintptr_t key = (uintptr_t)pc & ~ZSLAB_BIT;
	unsigned int h = (unsigned int)((key * 0x9e3779b97f4a7c15ull) >> 52) % FRAME_MEMO;
	unsigned int slot = h;
	bool mine;

	for (unsigned int i = 0; key && i < FRAME_PROBE; i++) {
		unsigned int at = (h + i) % FRAME_MEMO;
		uintptr_t e = __atomic_load_n(&frame_memo[at], __ATOMIC_RELAXED);

		if ((e & ~ZSLAB_BIT) == key)
			return (e & ZSLAB_BIT) != 0;
		if (!e) {
			slot = at;
			break;
		}
	}
	mine = symbol_is_zslab_frame(pc);
	__atomic_store_n(&frame_memo[slot], key | (mine ? ZSLAB_BIT : 0), __ATOMIC_RELAXED);
	return mine;
}

/*
 * Where zslab's own code lies, when it is a shared library of its own
 * (libzslab.so, libzslab-malloc.so): every frame in it is zslab's, so a
 * track starts at the first frame outside, no symbol needed.  Linked
 * into the program, zslab's code is the program's: its frames are then
 * told by their symbols (a program's own unexported functions right
 * above an entry point are skipped with them: link with -rdynamic to
 * see them).  0: not known yet; 1: own library; 2: in the program.
 */
static int code_kind;
static uintptr_t code_lo, code_hi;

static int zslab_code_kind(void)
{
	int kind = __atomic_load_n(&code_kind, __ATOMIC_ACQUIRE);
	uintptr_t lo, hi;

	if (kind)
		return kind;
	kind = zs_host_code_range((const void *)zs_debug_alloc, &lo, &hi) == 1 ? 1 : 2;
	code_lo = lo;   /* same values in every racing thread */
	code_hi = hi;
	__atomic_store_n(&code_kind, kind, __ATOMIC_RELEASE);
	return kind;
}

/* The index of the first frame that is not zslab's own (see above). */
static int first_caller_frame(void *const *pcs, int n)
{
	int k = 0;

	if (zslab_code_kind() == 1) {
		while (k < n && (uintptr_t)pcs[k] >= code_lo && (uintptr_t)pcs[k] < code_hi)
			k++;
		return k;
	}
	while (k < n && k < 16 && is_zslab_frame(pcs[k]))
		k++;
	return k < n && k < 16 ? k : (n > 3 ? 3 : 0);   /* no symbols at all */
}

/*
 * Record the call stack from the caller of the outermost allocation entry
 * point (kmalloc, kmem_cache_free ...) on.  Only return addresses are
 * stored: print_track() symbolizes when a report prints.
 */
static void set_track(struct kmem_cache *s, void *obj, enum track_item i)
{
	void *pcs[TRACK_ADDRS + 16];
	struct track t;
	int n, first;

	memset(&t, 0, sizeof(t));
	n = zs_host_backtrace(pcs, TRACK_ADDRS + 16, 1);
	first = first_caller_frame(pcs, n);
	for (int k = first; k < n && k - first < TRACK_ADDRS - 1; k++)
		t.addrs[k - first] = pcs[k];
	t.addr = t.addrs[0];
	t.cpu = 0;
	t.pid = zs_host_pid();
	t.when = now_jiffies();
	memcpy(get_track(s, obj, i), &t, sizeof(t));
}

void zs_debug_setup_slab(struct kmem_cache *s, struct page *page)
{
	char *base = slab_base(page), *obj;

	if (s->flags & SLAB_POISON)
		memset(base, POISON_INUSE, PAGE_SIZE << page->order);
	for_each_object(obj, s, base, page->objects) {
		init_object(s, obj, SLUB_RED_INACTIVE);
		if (s->flags & SLAB_STORE_USER)
			memset(get_track(s, obj, TRACK_ALLOC), 0, 2 * TRACK_SIZE);
		if (tracks_orig_size(s))
			*orig_size_at(s, obj) = s->object_size;
	}
}

/* --- alloc and free -------------------------------------------------------- */

bool zs_debug_alloc(struct kmem_cache *s, struct page *page, void *obj)
{
	if (s->flags & SLAB_CONSISTENCY_CHECKS) {
		if (!check_slab(s, page))
			return false;
		if (!valid_pointer(s, page, obj)) {
			zs_debug_object_err(s, page, obj, "Freelist Pointer check fails");
			return false;
		}
		if (!check_object(s, page, obj, SLUB_RED_INACTIVE))
			return false;
	}
	if (tracks_orig_size(s))
		*orig_size_at(s, obj) = s->object_size;
	if (s->flags & SLAB_STORE_USER)
		set_track(s, obj, TRACK_ALLOC);
	zs_debug_trace(s, page, obj, true);
	init_object(s, obj, SLUB_RED_ACTIVE);
	return true;
}

void zs_debug_mark_used(struct kmem_cache *s, struct page *page)
{
	void *obj = page->freelist;

	/* the free objects become "in use" for good: give them in-use red
	 * zones so that later validation agrees with the counters */
	for (unsigned int n = 0; obj && n < page->objects; n++) {
		void *next = get_freepointer(s, obj);
		if (!valid_pointer(s, page, obj))
			break;
		if (!valid_pointer(s, page, next)) {
			set_freepointer(s, obj, NULL);
			next = NULL;
		}
		init_object(s, obj, SLUB_RED_ACTIVE);
		obj = next;
	}
	page->freelist = NULL;
	page->inuse = page->objects;
	zs_debug_fix(s, "Marking all objects used");
}

bool zs_debug_next_ok(struct kmem_cache *s, struct page *page, void *obj)
{
	if (!(s->flags & SLAB_CONSISTENCY_CHECKS) ||
	    valid_pointer(s, page, get_freepointer(s, obj)))
		return true;
	zs_debug_object_err(s, page, obj, "Freechain corrupt");
	zs_debug_fix(s, "Isolate corrupted freechain");
	return false;
}

/* Objects on pages given back to the host: free, off the freelist. */
static unsigned int discarded_objects(struct kmem_cache *s, struct page *page)
{
	struct zs_objmap map;

	if (!page->discarded)
		return 0;
	zs_objmap_clear(&map, page);
	zs_objmap_add_discarded(s, page, &map);
	return zs_objmap_count(&map, page->objects);
}

bool zs_debug_on_freelist(struct kmem_cache *s, struct page *page, void *search)
{
	void *fp = page->freelist, *object = NULL;
	unsigned int nr = 0, maxobj;

	while (fp && nr <= page->objects) {
		if (fp == search)
			return true;
		if (!valid_pointer(s, page, fp)) {
			if (object) {
				zs_debug_object_err(s, page, object, "Freechain corrupt");
				set_freepointer(s, object, NULL);
				break;
			}
			zs_debug_slab_err(s, page, "Freepointer corrupt");
			page->freelist = NULL;
			page->inuse = page->objects;
			zs_debug_fix(s, "Freelist cleared");
			return false;
		}
		object = fp;
		fp = get_freepointer(s, object);
		nr++;
	}
	if (nr > page->objects && object) {
		zs_debug_object_err(s, page, object, "Freechain corrupt");
		set_freepointer(s, object, NULL);
		nr = page->objects;
	}
	nr += discarded_objects(s, page);
	maxobj = max_objects(s, page);
	if (page->objects != maxobj) {
		zs_debug_slab_err(s, page, "Wrong number of objects. Found %u but should be %u",
			 page->objects, maxobj);
		page->objects = maxobj;
		zs_debug_fix(s, "Number of objects adjusted.");
	}
	if (page->inuse != page->objects - nr) {
		zs_debug_slab_err(s, page, "Wrong object count. Counter is %u but counted were %u",
			 page->inuse, page->objects - nr);
		page->inuse = page->objects - nr;
		zs_debug_fix(s, "Object count adjusted.");
	}
	return search == NULL;
}

static bool free_checks(struct kmem_cache *s, struct page *page, void *obj)
{
	if (!page || !page->slab_cache) {
		zs_debug_outside_slab(s, "kmem_cache_free", obj);
		return false;
	}
	if (page->slab_cache != s) {
		zs_debug_object_err(s, page, obj, "page slab pointer corrupt.");
		return false;
	}
	if (!check_slab(s, page))
		return false;
	if (!valid_pointer(s, page, obj)) {
		zs_debug_slab_err(s, page, "Invalid object pointer 0x%lx", PTR(obj));
		return false;
	}
	if (zs_debug_on_freelist(s, page, obj)) {
		zs_debug_object_err(s, page, obj, "Object already free");
		return false;
	}
	return check_object(s, page, obj, SLUB_RED_ACTIVE);
}

bool zs_debug_free(struct kmem_cache *s, struct page *page, void *obj)
{
	/* without F a bad pointer is left to the plain checks: touch nothing */
	if (!(s->flags & SLAB_CONSISTENCY_CHECKS) &&
	    (!page || page->slab_cache != s || !valid_pointer(s, page, obj)))
		return true;
	if ((s->flags & SLAB_CONSISTENCY_CHECKS) && !free_checks(s, page, obj)) {
		zs_debug_fix(s, "Object at 0x%lx not freed", PTR(obj));
		return false;
	}
	if (s->flags & SLAB_STORE_USER)
		set_track(s, obj, TRACK_FREE);
	zs_debug_trace(s, page, obj, false);
	init_object(s, obj, SLUB_RED_INACTIVE);
	return true;
}

void zs_debug_discard_slab(struct kmem_cache *s, struct page *page)
{
	char *base = slab_base(page), *p;

	if (!(s->flags & SLAB_CONSISTENCY_CHECKS))
		return;
	slab_pad_check(s, page);
	for_each_object(p, s, base, page->objects)
		check_object(s, page, p, SLUB_RED_INACTIVE);
}

size_t zs_debug_orig_size(const struct kmem_cache *s, const void *obj)
{
	return tracks_orig_size(s) ? get_orig_size(s, (void *)obj) : 0;
}

/* Takes the node lock itself: validation must see size and zone agree. */
void zs_debug_set_orig_size(struct kmem_cache *s, void *obj, size_t size)
{
	if (!tracks_orig_size(s) || size > s->object_size)
		return;
	zs_spin_lock(&s->node_lock);
	*orig_size_at(s, obj) = (unsigned int)size;
	if (s->flags & SLAB_RED_ZONE)
		memset((char *)obj + size, SLUB_RED_ACTIVE, s->object_size - size);
	zs_spin_unlock(&s->node_lock);
}

/* --- validate --------------------------------------------------------------- */

void zs_debug_validate_slab(struct kmem_cache *s, struct page *page)
{
	char *base = slab_base(page), *p;
	struct zs_objmap map;
	unsigned int i = 0;

	/* on_freelist() repaired the freelist, so the map walk sees it whole */
	if (!check_slab(s, page) || !zs_debug_on_freelist(s, page, NULL))
		return;
	zs_slab_get_map(s, page, &map);
	if (page->discarded)
		return;   /* objects on given-back pages cannot be read */
	for_each_object(p, s, base, page->objects) {
		if (!check_object(s, page, p, zs_objmap_test(&map, i++) ?
				  SLUB_RED_INACTIVE : SLUB_RED_ACTIVE))
			break;
	}
}
