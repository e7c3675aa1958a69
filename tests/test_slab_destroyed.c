/* SPDX-License-Identifier: MIT */
/*
 * test_slab_destroyed.c - calls on a destroyed cache (issue 13, defect 1).
 * Every call on a cache whose last reference was destroyed makes exactly
 * one report that names the cache and its address; allocation returns
 * NULL (bulk: 0), free and destroy do nothing, and nothing else changes
 * (an object handed to the dead cache's free is still allocated where it
 * belongs; validation stays clean).  The dead struct is not handed out
 * again while it is quarantined, so a stale pointer never aliases a new
 * cache there.  The same holds with failslab active (the hooked fast
 * path) and for debug caches, and for a merged cache only once its last
 * alias is gone.  Under ASan (make asan) none of this reads freed memory.
 */
#include "zt.h"

#include <stdint.h>

#include "slab/slab.h"

static char want_addr[64];

/* One report since the last reset, naming @name and the dead cache. */
static bool one_report_naming(const char *name)
{
	static char text[sizeof(zt_last_report)];
	unsigned long n;

	snprintf(text, sizeof(text), "%s", zt_last_report);
	n = zt_reports_reset();
	if (n != 1 || !strstr(text, name) || !strstr(text, want_addr) ||
	    !strstr(text, "was destroyed")) {
		fprintf(stderr, "expected 1 report naming %s %s, got %lu: %s\n", name,
			want_addr, n, text);
		return false;
	}
	return true;
}

/* Every entry point on the destroyed cache @s (named @name). */
static void calls_on_dead(struct kmem_cache *s, const char *name)
{
	void *objs[4] = { 0 };
	void *other = kmalloc(64, GFP_KERNEL);
	struct zslab_cache_info info;

	REQUIRE(other);
	memset(other, 0x3c, 64);
	snprintf(want_addr, sizeof(want_addr), "0x%lx", (unsigned long)(uintptr_t)s);
	zt_reports_reset();
	CHECK(kmem_cache_alloc(s, GFP_KERNEL) == NULL);
	CHECK(one_report_naming(name));
	CHECK(kmem_cache_zalloc(s, GFP_KERNEL) == NULL);
	CHECK(one_report_naming(name));
	CHECK_EQ(kmem_cache_alloc_bulk(s, GFP_KERNEL, 4, objs), 0);
	CHECK(one_report_naming(name));
	CHECK(objs[0] == NULL);
	kmem_cache_free(s, other);          /* not freed: still kmalloc's */
	CHECK(one_report_naming(name));
	kmem_cache_free(s, NULL);
	CHECK(one_report_naming(name));
	objs[0] = other;
	kmem_cache_free_bulk(s, 1, objs);
	CHECK(one_report_naming(name));
	kmem_cache_destroy(s);
	CHECK(one_report_naming(name));
	kmem_cache_destroy(s);
	CHECK(one_report_naming(name));
	CHECK_EQ(kmem_cache_shrink(s), 0);
	CHECK(one_report_naming(name));
	CHECK_EQ(kmem_cache_size(s), 0);
	CHECK(one_report_naming(name));
	CHECK_EQ(kmem_cache_validate(s), -EINVAL);
	CHECK(one_report_naming(name));
	CHECK_EQ(zslab_cache_get_info(s, &info), -EINVAL);
	CHECK(one_report_naming(name));
	/* the object given to the dead cache is intact and still allocated */
	unsigned char *b = other;
	bool intact = true;
	for (int i = 0; i < 64; i++)
		intact &= b[i] == 0x3c;
	CHECK(intact);
	CHECK(ksize(other) >= 64);
	kfree(other);
	CHECK_EQ(zt_reports_reset(), 0);
	CHECK_EQ(zslab_validate(), 0);
}

static void plain_cache(const char *cmdline)
{
	struct kmem_cache *s, *fresh[16];
	void *p;

	REQUIRE(zslab_init(cmdline) == 0);
	zt_capture_reports();
	s = kmem_cache_create("doomed", 72, 0, SLAB_NO_MERGE, NULL);
	REQUIRE(s);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	REQUIRE(p);
	kmem_cache_free(s, p);
	zt_reports_reset();
	kmem_cache_destroy(s);
	CHECK_EQ(zt_reports_reset(), 0);     /* a good destroy is silent */
	/* new caches never get the quarantined struct */
	for (int i = 0; i < 16; i++) {
		char name[32];
		snprintf(name, sizeof(name), "fresh-%d", i);
		fresh[i] = kmem_cache_create(name, 72, 0, SLAB_NO_MERGE, NULL);
		REQUIRE(fresh[i]);
		CHECK(fresh[i] != s);
	}
	calls_on_dead(s, "doomed");
	for (int i = 0; i < 16; i++)
		kmem_cache_destroy(fresh[i]);
	CHECK_EQ(zt_reports_reset(), 0);
	/* the name can be created again at once */
	s = kmem_cache_create("doomed", 72, 0, SLAB_NO_MERGE, NULL);
	CHECK(s != NULL);
	p = s ? kmem_cache_alloc(s, GFP_KERNEL) : NULL;
	CHECK(p != NULL);
	if (p)
		kmem_cache_free(s, p);
	kmem_cache_destroy(s);
	CHECK_EQ(zt_reports_reset(), 0);
	zslab_exit();
	zslab_set_report_hook(NULL, NULL);
}

/* Two merged names: the cache dies with its last reference only (M20). */
static void merged_cache(void)
{
	struct kmem_cache *a, *b;
	void *p;

	REQUIRE(zslab_init(NULL) == 0);
	zt_capture_reports();
	a = kmem_cache_create("merge-a", 200, 0, 0, NULL);
	b = kmem_cache_create("merge-b", 200, 0, 0, NULL);
	REQUIRE(a && b);
	CHECK(a == b);
	kmem_cache_destroy(a);
	p = kmem_cache_alloc(b, GFP_KERNEL);
	CHECK(p != NULL);
	kmem_cache_free(b, p);
	CHECK_EQ(zt_reports_reset(), 0);
	kmem_cache_destroy(b);
	CHECK_EQ(zt_reports_reset(), 0);
	calls_on_dead(b, "merge-a");
	zslab_exit();
	zslab_set_report_hook(NULL, NULL);
}

/* A cache destroyed with a live object is not dead: it stays usable. */
static void kept_cache(void)
{
	struct kmem_cache *s;
	void *p, *q;

	REQUIRE(zslab_init(NULL) == 0);
	zt_capture_reports();
	s = kmem_cache_create("kept", 40, 0, SLAB_NO_MERGE, NULL);
	REQUIRE(s);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	REQUIRE(p);
	kmem_cache_destroy(s);
	CHECK_EQ(zt_reports_reset(), 2);     /* M14: objects remaining */
	q = kmem_cache_alloc(s, GFP_KERNEL);
	CHECK(q != NULL);
	kmem_cache_free(s, q);
	kmem_cache_free(s, p);
	CHECK_EQ(zt_reports_reset(), 0);
	kmem_cache_destroy(s);
	CHECK_EQ(zt_reports_reset(), 0);
	calls_on_dead(s, "kept");
	zslab_exit();
	zslab_set_report_hook(NULL, NULL);
}

int main(void)
{
	plain_cache(NULL);
	plain_cache("failslab=1000000,100,0,-1");  /* the hooked fast path */
	plain_cache("slub_debug=FZPU");             /* debug caches */
	merged_cache();
	kept_cache();
	return zt_summary("test_slab_destroyed");
}
