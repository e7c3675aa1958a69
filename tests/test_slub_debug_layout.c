/* SPDX-License-Identifier: MIT */
/*
 * test_slub_debug_layout.c - the debug slot layout and fill bytes of spec
 * kernel-mm.md 4.8: left/right red zones 0xbb free and 0xcc in use,
 * poison 0x6b ending in 0xa5, padding and the slab tail 0x5a, the free
 * pointer after the object, two 152-byte tracks recording the call
 * sites, and 1 KiB alignment kept under full debugging (slab_size 3072).
 */
#include "zt.h"

#include <stdint.h>

#include "slab/slab.h"
#include "slab/slub_internal.h"

static bool all(const unsigned char *p, size_t n, unsigned char v)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != v)
			return false;
	return true;
}

static void check_free_slot(struct kmem_cache *s, unsigned char *p)
{
	CHECK(all(p - s->red_left_pad, s->red_left_pad, 0xbb));
	CHECK(all(p, s->object_size - 1, 0x6b));
	CHECK_EQ(p[s->object_size - 1], 0xa5);
	CHECK(all(p + s->object_size, s->inuse - s->object_size, 0xbb));
}

static void test_full_debug_1k(void)
{
	struct kmem_cache *s = kmem_cache_create("layout-1k", 1024, 1024,
		SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER, NULL);
	unsigned char *p;
	struct page *pg;

	REQUIRE(s);
	CHECK_EQ(s->size, 3072);
	CHECK_EQ(s->red_left_pad, 1024);
	CHECK_EQ(s->inuse, 1032);
	CHECK_EQ(s->offset, 1032);   /* after the object: P */
	p = kmem_cache_alloc(s, GFP_KERNEL);
	REQUIRE(p);
	CHECK_EQ((uintptr_t)p % 1024, 0);
	CHECK(all(p - 1024, 1024, 0xcc));
	CHECK(all(p + 1024, 8, 0xcc));
	/* the padding after the tracks (and the slab tail) stay 0x5a */
	CHECK(all(p + 1040 + 304, 3072 - 1024 - 1040 - 304, 0x5a));
	pg = zs_obj_slab(p);
	REQUIRE(pg);
	size_t bytes = (size_t)4096 << pg->order, tail = bytes % s->size;
	CHECK(all((unsigned char *)page_address(pg) + bytes - tail, tail, 0x5a));
	/* the next slot is free: its zones and poison read as free */
	if (zs_obj_slab(p + 3072) == pg)
		check_free_slot(s, p + 3072);
	memset(p, 0x12, 1024);
	kmem_cache_free(s, p);
	check_free_slot(s, p);
	/* the tracks name this file's functions where the binary has them */
	p[100] = 0;
	zt_reports_reset();
	CHECK_EQ(kmem_cache_validate(s), 2);
	CHECK(strstr(zt_last_report, "FIX layout-1k: Restoring Poison") != NULL);
	kmem_cache_destroy(s);
}

static char track_report[16384];
static void keep(const char *text, void *arg)
{
	(void)arg;
	if (!strncmp(text, "BUG ", 4))
		snprintf(track_report, sizeof(track_report), "%s", text);
}

static void test_tracks_in_report(void)
{
	struct kmem_cache *s = kmem_cache_create("layout-tracks", 64, 0,
		SLAB_RED_ZONE | SLAB_STORE_USER, NULL);
	unsigned char *p;

	REQUIRE(s);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	REQUIRE(p);
	kmem_cache_free(s, p);
	p[64] = 0;                     /* right red zone of a free object */
	zslab_set_report_hook(keep, NULL);
	CHECK_EQ(kmem_cache_validate(s), 2);
	zt_capture_reports();
	CHECK(strstr(track_report, "INFO: Allocated in ") != NULL);
	CHECK(strstr(track_report, "INFO: Freed in ") != NULL);
	CHECK(strstr(track_report, " age=") && strstr(track_report, " pid="));
	CHECK(strstr(track_report, "\nRedzone  0x") != NULL);
	CHECK(strstr(track_report, "\nObject   0x") != NULL);
	CHECK(strstr(track_report, "INFO: Slab 0x") != NULL);
	kmem_cache_destroy(s);
}

/* Z alone, a word-sized object: right red zone a word, pointer inside */
static void test_redzone_only(void)
{
	struct kmem_cache *s = kmem_cache_create("layout-rz", 24, 0, SLAB_RED_ZONE, NULL);
	unsigned char *p;

	REQUIRE(s);
	CHECK_EQ(s->inuse, 32);
	CHECK(s->offset < s->inuse);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	REQUIRE(p);
	CHECK(all(p + 24, 8, 0xcc));
	CHECK(all(p - s->red_left_pad, s->red_left_pad, 0xcc));
	kmem_cache_free(s, p);
	CHECK(all(p + 24, 8, 0xbb));
	kmem_cache_destroy(s);
}

/* TYPESAFE_BY_RCU: free pointer after the object, freed objects not
 * poisoned (RCU readers may still read them) */
static void test_rcu_poison(void)
{
	struct kmem_cache *s = kmem_cache_create("layout-rcu", 64, 0,
		SLAB_TYPESAFE_BY_RCU | SLAB_POISON, NULL);
	unsigned char *p;

	REQUIRE(s);
	CHECK_EQ(s->offset, 64);
	CHECK(!(s->flags & __OBJECT_POISON));
	p = kmem_cache_alloc(s, GFP_KERNEL);
	REQUIRE(p);
	memset(p, 0x31, 64);
	kmem_cache_free(s, p);
	CHECK(all(p, 64, 0x31));
	zt_reports_reset();
	CHECK_EQ(kmem_cache_validate(s), 0);
	kmem_cache_destroy(s);
}

/* T: one TRACE report per alloc and per free, naming cache and object */
static void test_trace(void)
{
	struct kmem_cache *s = kmem_cache_create("layout-trace", 48, 0, SLAB_TRACE, NULL);
	char line[128];
	void *p;

	REQUIRE(s);
	zt_reports_reset();
	p = kmem_cache_alloc(s, GFP_KERNEL);
	REQUIRE(p);
	CHECK_EQ(zt_reports, 1);
	snprintf(line, sizeof(line), "TRACE layout-trace alloc 0x%lx inuse=", (unsigned long)(uintptr_t)p);
	CHECK(!strncmp(zt_last_report, line, strlen(line)));
	kmem_cache_free(s, p);
	CHECK_EQ(zt_reports, 2);
	snprintf(line, sizeof(line), "TRACE layout-trace free 0x%lx inuse=", (unsigned long)(uintptr_t)p);
	CHECK(!strncmp(zt_last_report, line, strlen(line)));
	CHECK(strstr(zt_last_report, "\nObject 0x") != NULL);
	kmem_cache_destroy(s);
}

int main(void)
{
	zt_capture_reports();
	REQUIRE(zslab_init(NULL) == 0);
	test_full_debug_1k();
	test_tracks_in_report();
	test_redzone_only();
	test_trace();
	test_rcu_poison();
	CHECK_EQ(zslab_validate(), 0);
	zslab_exit();
	return zt_summary("test_slub_debug_layout");
}
