/* SPDX-License-Identifier: MIT */
/*
 * kunit/resource.h - resources attached to a running case, released when
 * it ends (newest first), with the kernel's API: named resources, actions
 * (kunit_add_action), lookup with a reference (kunit_find_*; release it
 * with kunit_put_resource).
 */
#ifndef _ZSK_KUNIT_RESOURCE_H
#define _ZSK_KUNIT_RESOURCE_H

#include <linux/kref.h>
#include <linux/list.h>
#include <linux/slab.h>
#include <linux/types.h>

struct kunit;
struct kunit_resource;

typedef int (*kunit_resource_init_t)(struct kunit_resource *, void *);
typedef void (*kunit_resource_free_t)(struct kunit_resource *);
typedef bool (*kunit_resource_match_t)(struct kunit *test, struct kunit_resource *res,
				       void *match_data);
typedef void (kunit_action_t)(void *);

/**
 * struct kunit_resource - a resource of a case.
 * @data: what it holds.
 * @name: its name, or NULL.
 * @free: how to release it, or NULL.
 * @refcount: references (the case's, plus each kunit_find_*()).
 * @node: on the case's list.
 * @should_kfree: allocated by KUnit (kunit_alloc_resource()).
 */
struct kunit_resource {
	void *data;
	const char *name;
	kunit_resource_free_t free;
	struct kref refcount;
	struct list_head node;
	bool should_kfree;
};

static inline void kunit_get_resource(struct kunit_resource *res)
{
	kref_get(&res->refcount);
}
/** kunit_put_resource() - drop a reference; the last one releases it. */
void kunit_put_resource(struct kunit_resource *res);

int __kunit_add_resource(struct kunit *test, kunit_resource_init_t init,
			 kunit_resource_free_t free, struct kunit_resource *res, void *data);
static inline int kunit_add_resource(struct kunit *test, kunit_resource_init_t init,
				     kunit_resource_free_t free, struct kunit_resource *res,
				     void *data)
{
	res->should_kfree = false;
	return __kunit_add_resource(test, init, free, res, data);
}
/** kunit_add_named_resource() - 0, or -EEXIST when the name is taken. */
int kunit_add_named_resource(struct kunit *test, kunit_resource_init_t init,
			     kunit_resource_free_t free, struct kunit_resource *res,
			     const char *name, void *data);
struct kunit_resource *kunit_alloc_and_get_resource(struct kunit *test,
						    kunit_resource_init_t init,
						    kunit_resource_free_t free,
						    gfp_t internal_gfp, void *context);
/** kunit_alloc_resource() - allocate and add a resource; its data, or NULL. */
void *kunit_alloc_resource(struct kunit *test, kunit_resource_init_t init,
			   kunit_resource_free_t free, gfp_t internal_gfp, void *context);
void kunit_remove_resource(struct kunit *test, struct kunit_resource *res);

static inline bool kunit_resource_name_match(struct kunit *test, struct kunit_resource *res,
					     void *match_name)
{
	(void)test;
	return res->name && strcmp(res->name, match_name) == 0;
}
static inline bool kunit_resource_instance_match(struct kunit *test,
						 struct kunit_resource *res, void *match_data)
{
	(void)test;
	return res->data == match_data;
}
/** kunit_find_resource() - the newest match, with a reference taken, or NULL. */
struct kunit_resource *kunit_find_resource(struct kunit *test, kunit_resource_match_t match,
					   void *match_data);
static inline struct kunit_resource *kunit_find_named_resource(struct kunit *test,
								const char *name)
{
	return kunit_find_resource(test, kunit_resource_name_match, (void *)name);
}
/** kunit_destroy_resource() - release the newest match now; 0 or -ENOENT. */
int kunit_destroy_resource(struct kunit *test, kunit_resource_match_t match, void *match_data);
static inline int kunit_destroy_named_resource(struct kunit *test, const char *name)
{
	return kunit_destroy_resource(test, kunit_resource_name_match, (void *)name);
}

/** kunit_add_action() - call @action(@ctx) when the case ends; 0 or -ENOMEM. */
int kunit_add_action(struct kunit *test, kunit_action_t *action, void *ctx);
/** kunit_add_action_or_reset() - as kunit_add_action(), calling it now on failure. */
int kunit_add_action_or_reset(struct kunit *test, kunit_action_t *action, void *ctx);
void kunit_remove_action(struct kunit *test, kunit_action_t *action, void *ctx);
void kunit_release_action(struct kunit *test, kunit_action_t *action, void *ctx);
#define KUNIT_DEFINE_ACTION_WRAPPER(wrapper, orig, arg_type) \
	static void wrapper(void *in) \
	{ \
		arg_type arg = (arg_type)in; \
		orig(arg); \
	}

#endif
