// SPDX-License-Identifier: MIT
/*
 * kt_leak.c - a module that leaks on purpose: a cache it never destroys,
 * with one object, and a kmalloc it never frees.  The runner must fail
 * the run and name both (tests/kernel/CMakeLists.txt checks the text).
 */
#include <linux/init.h>
#include <linux/module.h>
#include <linux/slab.h>

static struct kmem_cache *leaky;
static void *kept;

/* global and not inlined: the allocation site the report names */
noinline void *kt_leak_alloc(struct kmem_cache *s);
noinline void *kt_leak_alloc(struct kmem_cache *s)
{
	return kmem_cache_alloc(s, GFP_KERNEL);
}

static int __init kt_leak_init(void)
{
	leaky = kmem_cache_create("kt_leaky", 48, 0, SLAB_STORE_USER, NULL);
	if (!leaky)
		return -ENOMEM;
	kept = kt_leak_alloc(leaky);
	return kept && kmalloc(40, GFP_KERNEL) ? 0 : -ENOMEM;
}
module_init(kt_leak_init);

MODULE_LICENSE("GPL");
