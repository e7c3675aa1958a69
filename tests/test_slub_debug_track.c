/* SPDX-License-Identifier: MIT */
/*
 * test_slub_debug_track.c - slub_debug=U keeps return addresses and
 * symbolizes only when a report prints (issue 13, defect 4): tens of
 * thousands of tracked allocations and frees from a few call sites make
 * a few dozen symbol lookups (dladdr, which takes the dynamic loader's
 * lock), not one per frame per call; the report still names the caller
 * ("INFO: Allocated in <fn>+0x..", "INFO: Freed in <fn>+0x..") from the
 * addresses kept.  Tracks start at the caller of the outermost entry
 * point (kmalloc, kfree, kmem_cache_*), not inside zslab.
 *
 * dladdr() is interposed here (the test links zslab statically), counted
 * and passed on to the C library's.
 */
#include "zt.h"

#include <dlfcn.h>
#include <stdatomic.h>

#include "slab/slab.h"

static atomic_ulong lookups;

int dladdr(const void *addr, Dl_info *info)
{
	static int (*real)(const void *, Dl_info *);

	if (!real)
		*(void **)&real = dlsym(RTLD_NEXT, "dladdr");
	atomic_fetch_add(&lookups, 1);
	return real ? real(addr, info) : 0;
}

/* Named call sites, exported (ENABLE_EXPORTS) so that dladdr sees them. */
void *track_alloc_site(struct kmem_cache *s);
void track_free_site(struct kmem_cache *s, void *p);

__attribute__((noinline)) void *track_alloc_site(struct kmem_cache *s)
{
	void *p = s ? kmem_cache_alloc(s, GFP_KERNEL) : kmalloc(200, GFP_KERNEL);
	__asm__ volatile("" ::: "memory");
	return p;
}

__attribute__((noinline)) void track_free_site(struct kmem_cache *s, void *p)
{
	if (s)
		kmem_cache_free(s, p);
	else
		kfree(p);
	__asm__ volatile("" ::: "memory");
}

static char last[16384];
static unsigned long nrep;

static void hook(const char *text, void *arg)
{
	(void)arg;
	if (!nrep++)
		snprintf(last, sizeof(last), "%s", text);
}

static void many(struct kmem_cache *s)
{
	static void *p[64];

	atomic_store(&lookups, 0);
	for (int round = 0; round < 500; round++) {
		for (int i = 0; i < 64; i++)
			p[i] = track_alloc_site(s);
		for (int i = 0; i < 64; i++)
			track_free_site(s, p[i]);
	}
	/* 64000 tracks, each of up to 16 frames: a few dozen lookups */
	CHECK(atomic_load(&lookups) < 200);
	if (atomic_load(&lookups) >= 200)
		fprintf(stderr, "%lu dladdr calls for 64000 tracks\n", atomic_load(&lookups));
}

/* A double free's report names both call sites, symbolized now. */
static void report_names_callers(struct kmem_cache *s)
{
	void *p = track_alloc_site(s);

	REQUIRE(p);
	track_free_site(s, p);
	nrep = 0;
	last[0] = 0;
	track_free_site(s, p);
	CHECK(nrep >= 1);
	CHECK(strstr(last, "Object already free") != NULL);
	CHECK(strstr(last, "INFO: Allocated in track_alloc_site+0x") != NULL);
	CHECK(strstr(last, "INFO: Freed in track_free_site+0x") != NULL);
	if (!strstr(last, "INFO: Allocated in track_alloc_site+0x"))
		fputs(last, stderr);
}

int main(void)
{
	struct kmem_cache *s;

	zslab_set_report_hook(hook, NULL);
	REQUIRE(zslab_init("slub_debug=FZPU") == 0);
	s = kmem_cache_create("track-cache", 96, 0, 0, NULL);
	REQUIRE(s);
	many(s);
	many(NULL);               /* kmalloc-256 */
	report_names_callers(s);
	report_names_callers(NULL);
	kmem_cache_destroy(s);
	zslab_exit();
	return zt_summary("test_slub_debug_track");
}
