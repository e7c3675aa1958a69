// SPDX-License-Identifier: MIT
/*
 * static_stub.c - per-test function replacements: one resource per
 * replaced function, found by the real function's address.
 */
#include <kunit/static_stub.h>
#include <kunit/test.h>

struct stub {
	void *real;
	void *replacement;
};

static void stub_free(struct kunit_resource *res)
{
	kfree(res->data);
}

static bool stub_match(struct kunit *test, struct kunit_resource *res, void *real)
{
	(void)test;
	return res->free == stub_free && ((struct stub *)res->data)->real == real;
}

void *__kunit_get_static_stub_address(struct kunit *test, void *real_fn_addr)
{
	struct kunit_resource *res = kunit_find_resource(test, stub_match, real_fn_addr);
	void *replacement;

	if (!res)
		return NULL;
	replacement = ((struct stub *)res->data)->replacement;
	kunit_put_resource(res);
	return replacement;
}

static int stub_init(struct kunit_resource *res, void *context)
{
	res->data = context;
	return 0;
}

void __kunit_activate_static_stub(struct kunit *test, void *real_fn_addr, void *replacement_addr)
{
	struct kunit_resource *res = kunit_find_resource(test, stub_match, real_fn_addr);
	struct stub *s;

	if (res) {
		((struct stub *)res->data)->replacement = replacement_addr;
		kunit_put_resource(res);
		return;
	}
	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s || !kunit_alloc_resource(test, stub_init, stub_free, GFP_KERNEL, s)) {
		kfree(s);
		KUNIT_FAIL(test, "could not activate the static stub");
		return;
	}
	s->real = real_fn_addr;
	s->replacement = replacement_addr;
}

#undef kunit_deactivate_static_stub
void kunit_deactivate_static_stub(struct kunit *test, void *real_fn_addr)
{
	kunit_destroy_resource(test, stub_match, real_fn_addr);
}
