/* SPDX-License-Identifier: MIT */
/*
 * test_slab_hardening.c - free-list hardening (spec kernel-mm.md 4.11):
 * stored free pointers are next ^ secret ^ bswap(storage address), so
 * neither a pointer nor NULL is stored in the clear; each new slab links
 * its objects in a random order (a permutation of its slots, entered at a
 * random point); both switch off with slab_freelist_hardened=0 and
 * slab_freelist_random=0.  An object freed onto itself (A-A) is reported.
 */
#include "zt.h"

#include <stdint.h>

#include "slab/slab.h"
#include "slab/slab_random.h"
#include "slab/slub_internal.h"

static void test_perm_is_bijection(void)
{
	static unsigned char seen[1200];
	bool ok = true;

	for (uint32_t n = 1; n <= 1200; n += (n < 70 ? 1 : 37)) {
		memset(seen, 0, n);
		for (uint32_t i = 0; i < n; i++) {
			uint32_t v = zs_slab_perm(i, n, 0x1234567890abcdefull + n);
			if (v >= n || seen[v]++)
				ok = false;
		}
	}
	CHECK(ok);
}

/* Take a whole slab's objects in freelist order (internal, node level). */
static unsigned int take_slab(struct kmem_cache *s, void **objs, unsigned int cap)
{
	unsigned int n = zs_node_take_objects(s, GFP_KERNEL, objs, 1);
	struct page *pg;

	REQUIRE(n == 1);
	pg = zs_obj_slab(objs[0]);
	REQUIRE(pg && pg->objects <= cap);
	n += zs_node_take_objects(s, GFP_KERNEL, objs + 1, pg->objects - 1);
	REQUIRE(n == pg->objects);
	for (unsigned int i = 0; i < n; i++)
		REQUIRE(zs_obj_slab(objs[i]) == pg);
	return n;
}

static bool address_order(void **objs, unsigned int n)
{
	for (unsigned int i = 1; i < n; i++)
		if ((char *)objs[i] < (char *)objs[i - 1])
			return false;
	return true;
}

static void test_random_order(bool on)
{
	char cmd[96];
	void *objs[5][512];
	unsigned int n[5];
	struct kmem_cache *s;
	bool differs = false;

	snprintf(cmd, sizeof(cmd), "slab_freelist_random=%d", on);
	REQUIRE(zslab_init(cmd) == 0);
	s = kmem_cache_create("hard-order", 64, 0, SLAB_NO_MERGE, NULL);
	REQUIRE(s);
	for (int k = 0; k < 5; k++) {
		n[k] = take_slab(s, objs[k], 512);
		CHECK(n[k] >= 32);
		CHECK_EQ(address_order(objs[k], n[k]), !on);
	}
	/* the slot order differs between slabs (random starts) */
	for (int k = 1; k < 5; k++) {
		char *b0 = page_address(zs_obj_slab(objs[0][0]));
		char *bk = page_address(zs_obj_slab(objs[k][0]));
		differs |= (char *)objs[0][0] - b0 != (char *)objs[k][0] - bk;
	}
	CHECK_EQ(differs, on);
	for (int k = 0; k < 5; k++)
		zs_node_put_objects(s, objs[k], n[k]);
	CHECK_EQ(kmem_cache_validate(s), 0);
	kmem_cache_destroy(s);
	CHECK_EQ(zslab_validate(), 0);
	zslab_exit();
}

/* A free object's word, read past ASan's poison (zslab poisons free objects). */
__attribute__((no_sanitize_address))
static uintptr_t read_raw_word(const void *p)
{
	return *(const volatile uintptr_t *)p;
}

static void test_encoding(bool on)
{
	char cmd[96];
	void *objs[512];
	struct kmem_cache *s;
	struct page *pg;
	unsigned int n;
	bool clear = true;

	snprintf(cmd, sizeof(cmd), "slab_freelist_hardened=%d", on);
	REQUIRE(zslab_init(cmd) == 0);
	s = kmem_cache_create("hard-enc", 64, 0, SLAB_NO_MERGE, NULL);
	REQUIRE(s);
	n = take_slab(s, objs, 512);
	pg = zs_obj_slab(objs[0]);
	zs_node_put_objects(s, objs, n);    /* back on the slab's freelist */
	for (void *o = pg->freelist; o; o = get_freepointer(s, o)) {
		uintptr_t raw = read_raw_word((char *)o + s->offset);
		clear &= raw == (uintptr_t)get_freepointer(s, o);
	}
	CHECK_EQ(clear, !on);
	CHECK_EQ(kmem_cache_validate(s), 0);
	kmem_cache_destroy(s);
	zslab_exit();
}

int main(void)
{
	zt_capture_reports();
	test_perm_is_bijection();
	test_random_order(true);
	test_random_order(false);
	test_encoding(true);
	test_encoding(false);
	return zt_summary("test_slab_hardening");
}
