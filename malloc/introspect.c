/* SPDX-License-Identifier: MIT */
/*
 * introspect.c - what glibc's malloc tells about its heap, told about
 * zslab's: malloc_stats(), mallinfo2(), mallinfo() and malloc_trim(),
 * and the heap's section of the statistics report (zslab_stats_print(),
 * stats=exit): peak RSS, bytes requested, bytes held.
 *
 * mallinfo2's fields, in zslab's terms (glibc's meaning in brackets);
 * "resident free pages" are the zones' pages on per-thread lists and the
 * dirty ones (freed, host memory not yet given back):
 *   arena    bytes of zslab's RAM allocated (slabs, page blocks) plus its
 *            resident free pages [non-mmapped space allocated]
 *   ordblks  free objects in slabs [free chunks]
 *   hblks    big blocks, each its own mapping [mmapped regions]
 *   hblkhd   bytes of those mappings [bytes in mmapped regions]
 *   uordblks arena - fordblks: bytes handed out, with their slabs'
 *            metadata and padding [allocated space]
 *   fordblks bytes of the free objects in slabs and of the resident free
 *            pages [free space]
 *   keepcost what malloc_trim() gives back at once: empty slabs and the
 *            resident free pages [releasable top-most space]
 *   smblks, usmblks, fsmblks: 0 (no fastbins; usmblks is unused in glibc).
 *
 * Bytes requested are counted only with stats=exit, on the hooked path
 * (zmalloc.h: ZM_COUNT), in per-thread shards so that threads do not
 * share a counter's cache line: exact, summed when read.
 */
#include <limits.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>

#include "init/malloc_iface.h"
#include "zmalloc.h"
#include "zslab_malloc.h"
#include <zslab/zslab.h>

#define SHARDS 64

struct shard {
	_Atomic uint64_t bytes, calls;
} __attribute__((aligned(64)));

static struct shard shards[SHARDS];
static atomic_uint next_shard;
static __thread unsigned int tl_shard __attribute__((tls_model("initial-exec")));

void zm_count_request(size_t size)
{
	unsigned int i = tl_shard;

	if (!i)     /* first count on this thread: take the next shard, 1-based */
		tl_shard = i = atomic_fetch_add_explicit(&next_shard, 1,
							memory_order_relaxed) % SHARDS + 1;
	atomic_fetch_add_explicit(&shards[i - 1].bytes, size, memory_order_relaxed);
	atomic_fetch_add_explicit(&shards[i - 1].calls, 1, memory_order_relaxed);
}

static void requested(uint64_t *bytes, uint64_t *calls)
{
	*bytes = *calls = 0;
	for (unsigned int i = 0; i < SHARDS; i++) {
		*bytes += atomic_load_explicit(&shards[i].bytes, memory_order_relaxed);
		*calls += atomic_load_explicit(&shards[i].calls, memory_order_relaxed);
	}
}

/* --- the heap in numbers -------------------------------------------------- */

struct heap {
	struct zslab_stats st;
	unsigned long long free_bytes, free_objects, keep_bytes, resident_free;
	size_t big_bytes, big_nr;
};

static int add_free(const struct zslab_cache_info *ci, void *arg)
{
	struct heap *h = arg;
	unsigned long free = ci->total_objects - ci->objects;

	h->free_objects += free;
	h->free_bytes += (unsigned long long)free * ci->object_size;
	h->keep_bytes += (unsigned long long)ci->empty * (PAGE_SIZE << ci->order);
	return 0;
}

static void heap_read(struct heap *h)
{
	memset(h, 0, sizeof(*h));
	zslab_stats_get(&h->st);
	zslab_cache_for_each(add_free, h);
	for (int z = 0; z < 3; z++)
		h->resident_free += (unsigned long long)(h->st.zones[z].cached +
							 h->st.zones[z].dirty) * PAGE_SIZE;
	h->keep_bytes += h->resident_free;
	h->free_bytes += h->resident_free;
	h->big_bytes = zm_big_held(&h->big_nr);
}

/* The heap's section of the statistics report (zs_stats_set_extra). */
static void heap_section(struct zs_rbuf *rb)
{
	char a[24], b[24], c[24];
	size_t rss, peak;
	uint64_t bytes, calls;
	size_t big_nr;
	size_t big = zm_big_held(&big_nr);
	struct zslab_zone_info zi;
	unsigned long long ram = 0;

	for (int z = 0; z < 3; z++)
		if (!zslab_zone_get_info((enum zone_type)z, &zi))
			ram += (unsigned long long)zi.allocated * PAGE_SIZE;
	zs_host_rss(&rss, &peak);
	zs_rbuf_add(rb, "\nmalloc (libzslab-malloc.so)\n");
	zs_rbuf_add(rb, "Peak RSS   : %9s   RSS now: %9s\n", zs_stats_size(a, peak),
		    zs_stats_size(b, rss));
	if (zs_config.stats_exit) {
		requested(&bytes, &calls);
		zs_rbuf_add(rb, "Requested  : %9s in %llu calls (blocks handed out, since boot)\n",
			    zs_stats_size(a, bytes), (unsigned long long)calls);
	} else {
		zs_rbuf_add(rb, "Requested  : not counted (boot with stats=exit to count)\n");
	}
	zs_rbuf_add(rb, "Held       : %9s = %s of zslab's RAM in use + %s in %zu big mappings\n",
		    zs_stats_size(a, ram + big), zs_stats_size(b, ram),
		    zs_stats_size(c, big), big_nr);
}

__attribute__((constructor)) static void introspect_register(void)
{
	zs_stats_set_extra(heap_section);
}

/* --- the C library's calls ------------------------------------------------ */

ZM_EXPORT void ZM_API(malloc_stats)(void)
{
	struct zs_rbuf rb;

	if (!zm_enter())
		return;
	zs_rbuf_init(&rb);
	zs_stats_format(&rb);
	zm_leave();
	zs_host_write_err(rb.buf, rb.len);
}

ZM_EXPORT struct mallinfo2 ZM_API(mallinfo2)(void)
{
	struct mallinfo2 mi;
	struct heap h;

	memset(&mi, 0, sizeof(mi));
	if (!zm_enter())
		return mi;
	heap_read(&h);
	zm_leave();
	mi.arena = h.st.allocated_bytes + h.resident_free;
	mi.ordblks = h.free_objects;
	mi.hblks = h.big_nr;
	mi.hblkhd = h.big_bytes;
	mi.fordblks = h.free_bytes;
	mi.uordblks = mi.arena > mi.fordblks ? mi.arena - mi.fordblks : 0;
	mi.keepcost = h.keep_bytes;
	return mi;
}

static int clamp(size_t v)
{
	return v > INT_MAX ? INT_MAX : (int)v;
}

/* The old interface: int fields, so values above INT_MAX read INT_MAX. */
ZM_EXPORT struct mallinfo ZM_API(mallinfo)(void)
{
	struct mallinfo2 m2 = ZM_API(mallinfo2)();
	struct mallinfo mi;

	memset(&mi, 0, sizeof(mi));
	mi.arena = clamp(m2.arena);
	mi.ordblks = clamp(m2.ordblks);
	mi.hblks = clamp(m2.hblks);
	mi.hblkhd = clamp(m2.hblkhd);
	mi.uordblks = clamp(m2.uordblks);
	mi.fordblks = clamp(m2.fordblks);
	mi.keepcost = clamp(m2.keepcost);
	return mi;
}

/*
 * malloc_trim() - shrink every cache and give free memory back to the OS
 * (zslab_shrink_all()).  @pad is ignored: zslab keeps no top of heap.
 * Return: 1 when memory went back (zslab's resident pages fell, or the
 * RSS fell by more than 64 KiB: pages inside partial slabs), else 0.
 */
ZM_EXPORT int ZM_API(malloc_trim)(size_t pad)
{
	struct heap before, after;
	size_t rss_before, rss_after;

	(void)pad;
	if (!zm_enter())
		return 0;
	zs_host_rss(&rss_before, NULL);
	heap_read(&before);
	zslab_shrink_all();
	heap_read(&after);
	zs_host_rss(&rss_after, NULL);
	zm_leave();
	return after.st.allocated_bytes + after.resident_free <
	       before.st.allocated_bytes + before.resident_free ||
	       rss_after + (64 << 10) < rss_before;
}
