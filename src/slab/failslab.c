/* SPDX-License-Identifier: MIT */
/*
 * failslab.c - the kernel's failslab: fail kmem_cache_alloc(), kmalloc()
 * and kmem_cache_alloc_bulk() at their entry (should_failslab() in
 * slab_pre_alloc_hook), with the attributes of failslab=<interval>,
 * <probability>,<space>,<times> (space counted in bytes of object size).
 *
 * As fail_page_alloc, every request is a candidate except __GFP_NOFAIL
 * ones and zslab's own bootstrap caches (the kernel exempts kmem_cache
 * itself).  With failslab_cache_filter only caches carrying SLAB_FAILSLAB
 * (slub_debug=A,<names>) are candidates: "limited to named caches".
 *
 * The check costs the fast paths nothing, armed or not: zs_slab_hooks,
 * the one "not plain" switch, set when failslab, ASan, valgrind,
 * init_on_alloc or init_on_free is active, or stats=exit (malloc counts
 * the bytes it hands out on the hooked path), is folded into each cache's
 * sheaf_id (zs_slab_hooks_set()), so the fast paths find the empty sheaf
 * and only their slow paths test the switch.
 */
#include "common/fault.h"
#include "host/host_tools.h"
#include "slab/failslab.h"
#include "slab/slab.h"

bool zs_slab_hooks;
unsigned int zs_slab_hooks_mask;
static struct zs_fault failslab;

void zs_failslab_arm(void)
{
	zs_fault_init(&failslab, &zs_config.failslab);
	zs_slab_hooks_set(zs_tools_on() || zs_config.failslab.enabled ||
			  zs_config.init_on_alloc || zs_config.init_on_free ||
			  zs_config.stats_exit);
}

void zs_failslab_disarm(void)
{
	static const struct zs_fault_attr off = { .enabled = false };

	zs_fault_init(&failslab, &off);
	zs_slab_hooks_set(zs_tools_on());
}

bool zs_should_failslab(const struct kmem_cache *s, gfp_t gfp)
{
	if (!failslab.attr.enabled || s->refcount < 0 || s->destroyed ||
	    (gfp & __GFP_NOFAIL))
		return false;
	if (zs_config.failslab_cache_filter && !(s->flags & SLAB_FAILSLAB))
		return false;
	return zs_should_fail(&failslab, s->object_size, "failslab");
}

unsigned long zs_failslab_injected(void)
{
	return atomic_load(&failslab.injected);
}
