/* SPDX-License-Identifier: MIT */
/*
 * test_slub_kunit.c - the kernel's lib/slub_kunit.c cases, counted
 * through the report hook as the kernel counts slab_errors: one per BUG
 * report and one per FIX.  kmem_cache_validate() returns the same count.
 *
 *   red-zone clobber after alloc            2
 *   corrupted free pointer                  3, then 2 after restoring, then 0
 *   first word of a freed object            2
 *   50th byte of a freed object             2
 *   red-zone clobber after free             2
 *   kmalloc red zone past 18 of 32 bytes    2
 *   destroy with a leaked object            2
 */
#include "zt.h"

#include "slab/slab.h"

static struct kmem_cache *mk(const char *name, unsigned int size, slab_flags_t flags)
{
	struct kmem_cache *s = kmem_cache_create(name, size, 0, flags, NULL);

	REQUIRE(s);
	return s;
}

/* validate, check its return equals the hook count, return the count */
static long validate_counted(struct kmem_cache *s)
{
	long n;

	zt_reports_reset();
	n = kmem_cache_validate(s);
	CHECK_EQ(n, (long)zt_reports);
	return n;
}

static void test_clobber_zone(void)
{
	struct kmem_cache *s = mk("TestSlub_RZ_alloc", 64, SLAB_RED_ZONE);
	unsigned char *p = kmem_cache_alloc(s, GFP_KERNEL);

	REQUIRE(p);
	p[64] = 0x12;
	CHECK_EQ(validate_counted(s), 2);
	CHECK(strstr(zt_last_report, "FIX TestSlub_RZ_alloc: Restoring Right Redzone") != NULL);
	CHECK_EQ(p[64], 0xcc);
	CHECK_EQ(validate_counted(s), 0);
	kmem_cache_free(s, p);
	kmem_cache_destroy(s);
}

static void test_next_pointer(void)
{
	struct kmem_cache *s = mk("TestSlub_next_ptr_free", 64, SLAB_POISON);
	unsigned char *p = kmem_cache_alloc(s, GFP_KERNEL);
	unsigned long tmp, *ptr_addr;

	REQUIRE(p);
	kmem_cache_free(s, p);
	ptr_addr = (unsigned long *)(p + s->offset);
	tmp = *ptr_addr;
	p[s->offset] = (unsigned char)~p[s->offset];
	CHECK_EQ(validate_counted(s), 3);
	*ptr_addr = tmp;
	CHECK_EQ(validate_counted(s), 2);
	CHECK_EQ(validate_counted(s), 0);
	kmem_cache_destroy(s);
}

static void test_freed_byte(const char *name, unsigned int at, unsigned char v)
{
	struct kmem_cache *s = mk(name, 64, SLAB_POISON);
	unsigned char *p = kmem_cache_alloc(s, GFP_KERNEL);

	REQUIRE(p);
	kmem_cache_free(s, p);
	p[at] = v;
	CHECK_EQ(validate_counted(s), 2);
	CHECK(strstr(zt_last_report, "Restoring Poison") != NULL);
	CHECK_EQ(p[at], 0x6b);
	CHECK_EQ(validate_counted(s), 0);
	kmem_cache_destroy(s);
}

static void test_clobber_redzone_free(void)
{
	struct kmem_cache *s = mk("TestSlub_RZ_free", 64, SLAB_RED_ZONE);
	unsigned char *p = kmem_cache_alloc(s, GFP_KERNEL);

	REQUIRE(p);
	kmem_cache_free(s, p);
	p[64] = 0xab;
	CHECK_EQ(validate_counted(s), 2);
	CHECK_EQ(p[64], 0xbb);
	CHECK_EQ(validate_counted(s), 0);
	kmem_cache_destroy(s);
}

/* kmalloc-32 under slub_debug=ZU (booted so in main) */
static void test_kmalloc_redzone_access(void)
{
	unsigned char *p = kmalloc(18, GFP_KERNEL);
	struct kmem_cache *s;

	REQUIRE(p);
	s = ((struct page *)virt_to_page(p))->slab_cache;
	REQUIRE(s && !strcmp(s->name, "kmalloc-32"));
	p[18] = 0xab;
	p[19] = 0xab;
	CHECK_EQ(validate_counted(s), 2);
	CHECK(strstr(zt_last_report, "Restoring kmalloc Redzone") != NULL);
	CHECK_EQ(p[18], 0xcc);
	CHECK_EQ(validate_counted(s), 0);
	/* krealloc within the object moves the red zone, no false report */
	p = krealloc(p, 24, GFP_KERNEL);
	REQUIRE(p);
	memset(p, 0x11, 24);
	CHECK_EQ(validate_counted(s), 0);
	kfree(p);
	CHECK_EQ(validate_counted(s), 0);
}

static void test_leak_destroy(void)
{
	struct kmem_cache *s = mk("TestSlub_leak_destroy", 64, SLAB_NO_MERGE);
	void *p = kmem_cache_alloc(s, GFP_KERNEL);

	REQUIRE(p);
	zt_reports_reset();
	kmem_cache_destroy(s);
	CHECK_EQ(zt_reports, 2);
	kmem_cache_free(s, p);
	kmem_cache_destroy(s);
}

int main(void)
{
	zt_capture_reports();
	REQUIRE(zslab_init("slub_debug=ZU,kmalloc-32") == 0);
	test_clobber_zone();
	test_next_pointer();
	test_freed_byte("TestSlub_1th_word_free", 0, 0x78);
	test_freed_byte("TestSlub_50th_word_free", 50, 0x9a);
	test_clobber_redzone_free();
	test_kmalloc_redzone_access();
	test_leak_destroy();
	CHECK_EQ(zslab_validate(), 0);
	zslab_exit();
	return zt_summary("test_slub_kunit");
}
