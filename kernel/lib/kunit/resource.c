// SPDX-License-Identifier: MIT
/*
 * resource.c - a case's resources and test-managed memory.  Resources
 * are released newest first when the case ends (kunit_cleanup()); a
 * reference from kunit_find_*() keeps one alive until kunit_put_resource().
 * test->lock guards test->resources.
 */
#include <kunit/resource.h>
#include <kunit/test.h>
#include <linux/slab.h>

static void release_resource(struct kref *kref)
{
	struct kunit_resource *res = container_of(kref, struct kunit_resource, refcount);

	if (res->free)
		res->free(res);
	if (res->should_kfree)
		kfree(res);
}

void kunit_put_resource(struct kunit_resource *res)
{
	kref_put(&res->refcount, release_resource);
}

int __kunit_add_resource(struct kunit *test, kunit_resource_init_t init,
			 kunit_resource_free_t free, struct kunit_resource *res, void *data)
{
	int ret = 0;

	res->free = free;
	kref_init(&res->refcount);
	if (init) {
		ret = init(res, data);
		if (ret)
			return ret;
	} else {
		res->data = data;
	}
	pthread_mutex_lock(&test->lock);
	list_add_tail(&res->node, &test->resources);
	pthread_mutex_unlock(&test->lock);
	return 0;
}

int kunit_add_named_resource(struct kunit *test, kunit_resource_init_t init,
			     kunit_resource_free_t free, struct kunit_resource *res,
			     const char *name, void *data)
{
	struct kunit_resource *existing;

	if (!name)
		return -EINVAL;
	existing = kunit_find_named_resource(test, name);
	if (existing) {
		kunit_put_resource(existing);
		return -EEXIST;
	}
	res->name = name;
	res->should_kfree = false;
	return __kunit_add_resource(test, init, free, res, data);
}

struct kunit_resource *kunit_alloc_and_get_resource(struct kunit *test,
						    kunit_resource_init_t init,
						    kunit_resource_free_t free,
						    gfp_t internal_gfp, void *context)
{
	struct kunit_resource *res = kzalloc(sizeof(*res), internal_gfp);

	if (!res)
		return NULL;
	res->should_kfree = true;
	if (__kunit_add_resource(test, init, free, res, context)) {
		kfree(res);
		return NULL;
	}
	kunit_get_resource(res);
	return res;
}

void *kunit_alloc_resource(struct kunit *test, kunit_resource_init_t init,
			   kunit_resource_free_t free, gfp_t internal_gfp, void *context)
{
	struct kunit_resource *res = kunit_alloc_and_get_resource(test, init, free,
								  internal_gfp, context);
	void *data;

	if (!res)
		return NULL;
	data = res->data;
	kunit_put_resource(res);
	return data;
}

void kunit_remove_resource(struct kunit *test, struct kunit_resource *res)
{
	bool was_linked;

	pthread_mutex_lock(&test->lock);
	was_linked = !list_empty(&res->node);
	list_del_init(&res->node);
	pthread_mutex_unlock(&test->lock);
	if (was_linked)
		kunit_put_resource(res);
}

struct kunit_resource *kunit_find_resource(struct kunit *test, kunit_resource_match_t match,
					   void *match_data)
{
	struct kunit_resource *res, *found = NULL;

	pthread_mutex_lock(&test->lock);
	list_for_each_entry_reverse(res, &test->resources, node) {
		if (match(test, res, match_data)) {
			found = res;
			kunit_get_resource(found);
			break;
		}
	}
	pthread_mutex_unlock(&test->lock);
	return found;
}

int kunit_destroy_resource(struct kunit *test, kunit_resource_match_t match, void *match_data)
{
	struct kunit_resource *res = kunit_find_resource(test, match, match_data);

	if (!res)
		return -ENOENT;
	kunit_remove_resource(test, res);
	kunit_put_resource(res);
	return 0;
}

/* Actions: a resource whose data is the context, freed by calling it. */
struct kunit_action_ctx {
	struct kunit_resource res;
	kunit_action_t *func;
	void *ctx;
};

static void action_free(struct kunit_resource *res)
{
	struct kunit_action_ctx *a = container_of(res, struct kunit_action_ctx, res);

	a->func(a->ctx);
}

int kunit_add_action(struct kunit *test, kunit_action_t *action, void *ctx)
{
	struct kunit_action_ctx *a = kzalloc(sizeof(*a), GFP_KERNEL);

	if (!a)
		return -ENOMEM;
	a->func = action;
	a->ctx = ctx;
	a->res.should_kfree = true;
	return __kunit_add_resource(test, NULL, action_free, &a->res, ctx);
}

int kunit_add_action_or_reset(struct kunit *test, kunit_action_t *action, void *ctx)
{
	int ret = kunit_add_action(test, action, ctx);

	if (ret)
		action(ctx);
	return ret;
}

static bool action_match(struct kunit *test, struct kunit_resource *res, void *match_data)
{
	const struct kunit_action_ctx *want = match_data;
	const struct kunit_action_ctx *a;

	(void)test;
	if (res->free != action_free)
		return false;
	a = container_of(res, struct kunit_action_ctx, res);
	return a->func == want->func && a->ctx == want->ctx;
}

void kunit_remove_action(struct kunit *test, kunit_action_t *action, void *ctx)
{
	struct kunit_action_ctx want = { .func = action, .ctx = ctx };
	struct kunit_resource *res = kunit_find_resource(test, action_match, &want);

	if (!res)
		return;
	res->free = NULL;   /* release without calling the action */
	kunit_remove_resource(test, res);
	kunit_put_resource(res);
}

void kunit_release_action(struct kunit *test, kunit_action_t *action, void *ctx)
{
	struct kunit_action_ctx want = { .func = action, .ctx = ctx };
	struct kunit_resource *res = kunit_find_resource(test, action_match, &want);

	if (!res)
		return;
	kunit_remove_resource(test, res);
	kunit_put_resource(res);
}

/* Test-managed memory: an action that kfree()s. */
static void kfree_action(void *p)
{
	kfree(p);
}

void *kunit_kmalloc_array(struct kunit *test, size_t n, size_t size, gfp_t gfp)
{
	void *data = kmalloc_array(n, size, gfp);

	if (!data)
		return NULL;
	if (kunit_add_action_or_reset(test, kfree_action, data))
		return NULL;
	return data;
}

void kunit_kfree(struct kunit *test, const void *ptr)
{
	if (!ptr)
		return;
	kunit_release_action(test, kfree_action, (void *)ptr);
}

void kunit_kfree_const(struct kunit *test, const void *x)
{
	kunit_kfree(test, x);
}

char *kunit_kstrdup(struct kunit *test, const char *str, gfp_t gfp)
{
	size_t len;
	char *buf;

	if (!str)
		return NULL;
	len = strlen(str) + 1;
	buf = kunit_kmalloc(test, len, gfp);
	if (buf)
		memcpy(buf, str, len);
	return buf;
}

const char *kunit_kstrdup_const(struct kunit *test, const char *str, gfp_t gfp)
{
	return kunit_kstrdup(test, str, gfp);
}

/* Release every resource of @test, newest first (the case has ended). */
void kunit_cleanup(struct kunit *test);
void kunit_cleanup(struct kunit *test)
{
	for (;;) {
		struct kunit_resource *res;

		pthread_mutex_lock(&test->lock);
		if (list_empty(&test->resources)) {
			pthread_mutex_unlock(&test->lock);
			return;
		}
		res = list_last_entry(&test->resources, struct kunit_resource, node);
		list_del_init(&res->node);
		pthread_mutex_unlock(&test->lock);
		kunit_put_resource(res);
	}
}
