/* SPDX-License-Identifier: MIT */
/*
 * slub_debug_layout.h - where the debug metadata of a slot lives (see the
 * drawing in slub_debug.h): the track structure, the kmalloc request size,
 * and the pointer checks shared by slub_debug.c (checks and repairs) and
 * slub_debug_report.c (the report texts).
 */
#ifndef ZSLAB_SLUB_DEBUG_LAYOUT_H
#define ZSLAB_SLUB_DEBUG_LAYOUT_H

#include "host/host.h"
#include "slab/slub_debug.h"
#include "slab/slub_internal.h"

#pragma GCC visibility push(hidden)

#define TRACK_ADDRS 16
/* Addresses print as the kernel's "0x%p": hex after a literal 0x. */
#define PTR(x) ((unsigned long)(uintptr_t)(x))

/* struct track, 152 bytes on 64-bit as in the kernel. */
struct track {
	void *addr;                   /* the caller, first frame kept */
	void *addrs[TRACK_ADDRS];     /* call stack, NULL-terminated */
	int cpu;
	int pid;
	unsigned long when;           /* "jiffies": milliseconds */
};
_Static_assert(sizeof(struct track) == TRACK_SIZE, "struct track is 152 bytes");

enum track_item { TRACK_ALLOC, TRACK_FREE };

/* "jiffies" for track ages: milliseconds of the host's monotonic clock. */
static inline unsigned long now_jiffies(void)
{
	return (unsigned long)(zs_host_now_ns() / 1000000u);
}

static inline bool freeptr_outside(const struct kmem_cache *s)
{
	return s->offset >= s->inuse;
}

/* Where the metadata after the object (tracks) begins. */
static inline unsigned int info_end(const struct kmem_cache *s)
{
	return freeptr_outside(s) ? s->inuse + SLAB_WORD : s->inuse;
}

static inline unsigned int size_from_object(const struct kmem_cache *s)
{
	return s->size - s->red_left_pad;
}

static inline struct track *get_track(const struct kmem_cache *s, void *obj,
			       enum track_item i)
{
	return (struct track *)((char *)obj + info_end(s)) + i;
}

static inline bool tracks_orig_size(const struct kmem_cache *s)
{
	return zs_debug_orig_size_bytes(s->flags) != 0;
}

static inline unsigned int *orig_size_at(const struct kmem_cache *s, void *obj)
{
	unsigned int tracks = (s->flags & SLAB_STORE_USER) ? 2 * TRACK_SIZE : 0;

	return (unsigned int *)((char *)obj + info_end(s) + tracks);
}

static inline unsigned int get_orig_size(const struct kmem_cache *s, void *obj)
{
	return tracks_orig_size(s) ? *orig_size_at(s, obj) : s->object_size;
}

static inline char *slab_base(const struct page *page)
{
	return zs_page_address((struct page *)page);
}

static inline unsigned int max_objects(const struct kmem_cache *s, const struct page *page)
{
	unsigned long n = (PAGE_SIZE << page->order) / s->size;

	return n > MAX_OBJS_PER_PAGE ? MAX_OBJS_PER_PAGE : (unsigned int)n;
}

/* check_valid_pointer(): NULL, or an object start inside @page. */
static inline bool valid_pointer(const struct kmem_cache *s, const struct page *page,
			  const void *obj)
{
	uintptr_t base = (uintptr_t)slab_base(page);
	uintptr_t slot = (uintptr_t)obj - s->red_left_pad;

	if (!obj)
		return true;
	return slot >= base && slot < base + (size_t)page->objects * s->size &&
	       (slot - base) % s->size == 0;
}

/* --- reports (slub_debug_report.c); each BUG/FIX is one hook call ------- */

/* slab_fix(): "FIX <cache>: <fmt>" as its own report. */
__attribute__((format(printf, 2, 3)))
void zs_debug_fix(const struct kmem_cache *s, const char *fmt, ...);
/* object_err(): BUG @reason with the object's trailer. */
void zs_debug_object_err(struct kmem_cache *s, const struct page *page,
			 void *obj, const char *reason);
/* slab_err(): BUG with the slab line and a stack. */
__attribute__((format(printf, 3, 4)))
void zs_debug_slab_err(struct kmem_cache *s, const struct page *page,
		       const char *fmt, ...);
/* "<what> overwritten" for bytes [@fault, @end) of @obj that should be @value. */
void zs_debug_bytes_bug(struct kmem_cache *s, const struct page *page,
			unsigned char *obj, const char *what, unsigned char *fault,
			unsigned char *end, unsigned char value);
/* "Padding overwritten" for [@fault, @end) of the slab tail at @pad. */
void zs_debug_padding_bug(struct kmem_cache *s, const struct page *page,
			  unsigned char *fault, unsigned char *end,
			  unsigned char *pad, size_t remainder);

/* T: "TRACE <cache> alloc|free 0x.. inuse= fp=" (not an error). */
void zs_debug_trace(struct kmem_cache *s, struct page *page, void *obj, bool alloc);

#pragma GCC visibility pop

#endif
