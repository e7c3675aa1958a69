// SPDX-License-Identifier: MIT
/*
 * kt_slab_api_mt.c - a KUnit suite for the slab API as kernel code calls
 * it: the _node entry points with NUMA_NO_NODE and node 0, the kmalloc
 * helpers, the kv family (where this zslab has vmalloc), kfree_rcu() of
 * cache objects, krealloc()'s zeroing, and SLAB_TYPESAFE_BY_RCU: an
 * object freed and reused while a reader on another thread holds a
 * read-side section stays an object of its cache, and the slab's pages
 * stay in place until the grace period ends.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/numa.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <pthread.h>

#define MAGIC 0x5a17c0deu

struct obj {
	unsigned int magic;    /* set by the constructor, once per slab */
	int key;
	struct rcu_head rcu;
};

static void obj_ctor(void *p)
{
	((struct obj *)p)->magic = MAGIC;
}

static void node_variants(struct kunit *test)
{
	struct kmem_cache *s = kmem_cache_create("kt_node", sizeof(struct obj), 0, 0, NULL);
	int nodes[] = { NUMA_NO_NODE, 0 };
	void *p;

	KUNIT_ASSERT_NOT_NULL(test, s);
	for (int i = 0; i < 2; i++) {
		int nid = nodes[i];
		u8 *z;

		p = kmem_cache_alloc_node(s, GFP_KERNEL, nid);
		KUNIT_EXPECT_NOT_NULL(test, p);
		kmem_cache_free(s, p);
		p = kmalloc_node(100, GFP_KERNEL, nid);
		KUNIT_EXPECT_GE(test, ksize(p), 100);
		kfree(p);
		z = kzalloc_node(200, GFP_KERNEL, nid);
		KUNIT_ASSERT_NOT_NULL(test, z);
		KUNIT_EXPECT_PTR_EQ(test, memchr_inv(z, 0, 200), NULL);
		kfree(z);
		z = kcalloc_node(16, 16, GFP_KERNEL, nid);
		KUNIT_ASSERT_NOT_NULL(test, z);
		KUNIT_EXPECT_PTR_EQ(test, memchr_inv(z, 0, 256), NULL);
		kfree(z);
		p = kmalloc_array_node(4, 8, GFP_KERNEL, nid);
		KUNIT_EXPECT_NOT_NULL(test, p);
		kfree(p);
		KUNIT_EXPECT_NULL(test, kmalloc_array_node(SIZE_MAX / 2, 4, GFP_KERNEL, nid));
		KUNIT_EXPECT_EQ(test, page_to_nid(virt_to_page(s)), 0);
	}
	kmem_cache_destroy(s);
}

static void kmalloc_helpers(struct kunit *test)
{
	char *d, *c;
	const char *k;
	int *a;

	d = kmemdup_nul("abcdef", 3, GFP_KERNEL);
	KUNIT_EXPECT_STREQ(test, d, "abc");
	kfree(d);
	k = kstrdup_const("a literal", GFP_KERNEL);
	KUNIT_EXPECT_STREQ(test, k, "a literal");
	kfree_const(k);
	c = kstrndup("truncate me", 8, GFP_KERNEL);
	KUNIT_EXPECT_STREQ(test, c, "truncate");
	kfree_sensitive(c);
	a = kmalloc_array(4, sizeof(*a), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, a);
	a = krealloc_array(a, 1000, sizeof(*a), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_EXPECT_NULL(test, krealloc_array(a, SIZE_MAX / 2, 8, GFP_KERNEL));
	kfree(a);
	KUNIT_EXPECT_EQ(test, kmalloc_size_roundup(100), 128);
	KUNIT_EXPECT_EQ(test, kmalloc_size_roundup(65), 96);
	KUNIT_EXPECT_PTR_EQ(test, kmalloc(0, GFP_KERNEL), ZERO_SIZE_PTR);
	KUNIT_EXPECT_TRUE(test, ZERO_OR_NULL_PTR(NULL));
}

/* Mainline's krealloc() zeroes what the caller did not have before. */
static void krealloc_zeroing(struct kunit *test)
{
	u8 *p = kmalloc(64, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, p);
	memset(p, 0xff, 64);
	p = krealloc(p, 40, GFP_KERNEL | __GFP_ZERO);   /* shrink: spare zeroed */
	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_EXPECT_EQ(test, p[39], 0xff);
	KUNIT_EXPECT_EQ(test, p[40], 0);
	KUNIT_EXPECT_EQ(test, p[63], 0);
	p = krealloc(p, 200, GFP_KERNEL | __GFP_ZERO);  /* moves: tail zeroed */
	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_EXPECT_EQ(test, p[0], 0xff);
	KUNIT_EXPECT_EQ(test, p[199], 0);
	KUNIT_EXPECT_PTR_EQ(test, krealloc(p, 0, GFP_KERNEL), ZERO_SIZE_PTR);
}

static void kv_family(struct kunit *test)
{
#ifdef ZSK_HAVE_VMALLOC
	size_t big = 8 * PAGE_SIZE + 3;
	u8 *v = vmalloc(big), *kv;

	KUNIT_ASSERT_NOT_NULL(test, v);
	KUNIT_EXPECT_TRUE(test, is_vmalloc_addr(v));
	memset(v, 1, big);
	vfree(v);
	kv = kvzalloc(1 << 22, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, kv);
	KUNIT_EXPECT_PTR_EQ(test, memchr_inv(kv, 0, 1 << 22), NULL);
	kvfree(kv);
	kv = kvmalloc_array(16, 16, GFP_KERNEL);
	KUNIT_EXPECT_NOT_NULL(test, kv);
	kvfree(kv);
	kv = kvcalloc(8, 8, GFP_KERNEL);
	KUNIT_EXPECT_NOT_NULL(test, kv);
	kvfree_rcu(kv);
#else
	kunit_skip(test, "this zslab has no <zslab/vmalloc.h> (vmalloc, kvmalloc)");
#endif
}

static void kfree_rcu_of_cache_objects(struct kunit *test)
{
	struct kmem_cache *s = kmem_cache_create("kt_kfree_rcu", sizeof(struct obj), 0,
						 SLAB_NO_MERGE, NULL);
	struct obj *o[32];

	KUNIT_ASSERT_NOT_NULL(test, s);
	for (int i = 0; i < 32; i++) {
		o[i] = kmem_cache_alloc(s, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, o[i]);
	}
	for (int i = 0; i < 32; i++)
		kfree_rcu(o[i], rcu);
	kmem_cache_destroy(s);   /* waits for the frees, leaves nothing behind */
}

struct typesafe_reader {
	struct obj *o;
	struct completion in, go;
	unsigned int magic;
	int key;
};

static void *typesafe_read(void *arg)
{
	struct typesafe_reader *r = arg;

	rcu_read_lock();
	complete(&r->in);
	wait_for_completion(&r->go);
	r->magic = READ_ONCE(r->o->magic);   /* still an object of its cache */
	r->key = READ_ONCE(r->o->key);
	rcu_read_unlock();
	return NULL;
}

static void typesafe_by_rcu_reuse(struct kunit *test)
{
	struct kmem_cache *s = kmem_cache_create("kt_typesafe", sizeof(struct obj), 0,
						 SLAB_TYPESAFE_BY_RCU, obj_ctor);
	struct typesafe_reader r = { 0 };
	struct page *page;
	struct obj *o, *again = NULL;
	pthread_t t;

	KUNIT_ASSERT_NOT_NULL(test, s);
	o = kmem_cache_alloc(s, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, o);
	KUNIT_EXPECT_EQ(test, o->magic, MAGIC);
	o->key = 1;
	page = virt_to_page(o);
	r.o = o;
	init_completion(&r.in);
	init_completion(&r.go);
	pthread_create(&t, NULL, typesafe_read, &r);
	wait_for_completion(&r.in);
	kmem_cache_free(s, o);              /* reusable at once, as the same type */
	for (int i = 0; i < 64 && again != o; i++) {
		struct obj *n = kmem_cache_alloc(s, GFP_KERNEL);

		KUNIT_ASSERT_NOT_NULL(test, n);
		if (n == o)
			again = n;
		else
			kmem_cache_free(s, n);
	}
	KUNIT_EXPECT_PTR_EQ(test, again, o);
	KUNIT_EXPECT_EQ(test, again->magic, MAGIC);   /* no constructor re-run, no poison */
	again->key = 2;
	kmem_cache_free(s, again);
	kmem_cache_shrink(s);               /* the slab is empty, but a reader is inside */
	KUNIT_EXPECT_TRUE(test, PageSlab(page));
	complete(&r.go);
	pthread_join(t, NULL);
	KUNIT_EXPECT_EQ(test, r.magic, MAGIC);
	KUNIT_EXPECT_EQ(test, r.key, 2);
	kmem_cache_destroy(s);              /* rcu_barrier(), then the pages go */
}

static struct kunit_case slab_api_cases[] = {
	KUNIT_CASE(node_variants),
	KUNIT_CASE(kmalloc_helpers),
	KUNIT_CASE(krealloc_zeroing),
	KUNIT_CASE(kv_family),
	KUNIT_CASE(kfree_rcu_of_cache_objects),
	KUNIT_CASE(typesafe_by_rcu_reuse),
	{}
};

static struct kunit_suite slab_api_suite = {
	.name = "zslab_slab_api",
	.test_cases = slab_api_cases,
};
kunit_test_suite(slab_api_suite);

MODULE_LICENSE("GPL");
