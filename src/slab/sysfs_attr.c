/* SPDX-License-Identifier: MIT */
/*
 * sysfs_attr.c - the files of one /sys/kernel/slab/<cache>/ directory:
 * what each shows, in the kernel's format, and what writes do (the 5.9+
 * rules of Documentation/ABI/testing/sysfs-kernel-slab).
 *
 * Only attributes zslab honours are here, among them every one the
 * kernel's tools/mm/slabinfo reads (less the SLUB_STATS counters, which
 * need CONFIG_SLUB_STATS, and its misspelt objects_total): cpu_slabs is 0,
 * because zslab keeps no slab per CPU (per-thread sheaves hold objects,
 * not slabs).  Absent on purpose: the NUMA remote_node_defrag_ratio (one
 * node), slabs_cpu_partial (no per-cpu slabs), alloc_calls/free_calls
 * (slub_debug tracking) and the SLUB_STATS files.
 *
 * Stores run with zs_slab_caches_lock held, so the cache cannot go away.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "host/host.h"
#include "slab/slab.h"
#include "slab/slub_internal.h"
#include "slab/sysfs.h"

/* --- shows ------------------------------------------------------------ */

/* A per-node count: the total, then " N0=<n>" when non-zero (NUMA style). */
static int show_nodes(unsigned long n, char *buf, size_t len)
{
	if (!n)
		return snprintf(buf, len, "0\n");
	return snprintf(buf, len, "%lu N0=%lu\n", n, n);
}

#define SHOW_UINT(attr, expr)                                                 \
	static int attr##_show(const struct zslab_cache_info *ci, char *buf, size_t len) \
	{ return snprintf(buf, len, "%u\n", (unsigned int)(expr)); }
#define SHOW_ULONG(attr, expr)                                                \
	static int attr##_show(const struct zslab_cache_info *ci, char *buf, size_t len) \
	{ return snprintf(buf, len, "%lu\n", (unsigned long)(expr)); }
#define SHOW_FLAG(attr, flag)                                                 \
	static int attr##_show(const struct zslab_cache_info *ci, char *buf, size_t len) \
	{ return snprintf(buf, len, "%d\n", !!(ci->flags & (flag))); }
#define SHOW_NODES(attr, expr)                                                \
	static int attr##_show(const struct zslab_cache_info *ci, char *buf, size_t len) \
	{ return show_nodes((expr), buf, len); }

SHOW_UINT(aliases, ci->aliases)
SHOW_UINT(align, ci->align)
SHOW_UINT(object_size, ci->object_size)
SHOW_UINT(slab_size, ci->slab_size)
SHOW_UINT(objs_per_slab, ci->objs_per_slab)
SHOW_UINT(order, ci->order)
SHOW_UINT(usersize, ci->usersize)
SHOW_UINT(cpu_partial, ci->cpu_partial)
SHOW_ULONG(min_partial, ci->min_partial)
SHOW_FLAG(cache_dma, SLAB_CACHE_DMA)
SHOW_FLAG(cache_dma32, SLAB_CACHE_DMA32)
SHOW_FLAG(hwcache_align, SLAB_HWCACHE_ALIGN)
SHOW_FLAG(reclaim_account, SLAB_RECLAIM_ACCOUNT)
SHOW_FLAG(sanity_checks, SLAB_CONSISTENCY_CHECKS)
SHOW_FLAG(red_zone, SLAB_RED_ZONE)
SHOW_FLAG(poison, SLAB_POISON)
SHOW_FLAG(store_user, SLAB_STORE_USER)
SHOW_FLAG(trace, SLAB_TRACE)
SHOW_FLAG(failslab, SLAB_FAILSLAB)
SHOW_FLAG(destroy_by_rcu, SLAB_TYPESAFE_BY_RCU)
SHOW_NODES(objects, ci->objects)
SHOW_NODES(objects_partial, ci->objects_partial)
SHOW_NODES(total_objects, ci->total_objects)
SHOW_NODES(slabs, ci->slabs)
SHOW_NODES(partial, ci->partial)

/* Slabs held by CPUs (cpu slabs and cpu partials): none in zslab. */
static int cpu_slabs_show(const struct zslab_cache_info *ci, char *buf, size_t len)
{
	(void)ci;
	return show_nodes(0, buf, len);
}

/* "%pS\n" of the constructor, or nothing at all when there is none. */
static int ctor_show(const struct zslab_cache_info *ci, char *buf, size_t len)
{
	char sym[256];

	if (!ci->ctor)
		return 0;
	zs_host_symbolize((const void *)(uintptr_t)ci->ctor, sym, sizeof(sym));
	return snprintf(buf, len, "%s\n", sym);
}

/* --- stores ------------------------------------------------------------ */

/*
 * The kernel's kstrtoul(@buf, 10): an optional '+', decimal digits, one
 * optional trailing newline.  -EINVAL for anything else, -ERANGE above
 * @max.
 */
static int parse_ulong(const char *buf, size_t len, unsigned long max,
		       unsigned long *out)
{
	unsigned long v = 0;
	size_t i = 0;

	if (len && buf[len - 1] == '\n')
		len--;
	if (i < len && buf[i] == '+')
		i++;
	if (i == len)
		return -EINVAL;
	for (; i < len; i++) {
		unsigned int d = (unsigned int)(buf[i] - '0');
		if (d > 9)
			return -EINVAL;
		if (v > (max - d) / 10)
			return -ERANGE;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

/* min_partial: any ulong, clamped to [5, 10] as set_min_partial() does. */
static int min_partial_store(struct kmem_cache *s, const char *buf, size_t len)
{
	unsigned long v;
	int err = parse_ulong(buf, len, ~0UL, &v);

	if (err)
		return err;
	v = v < 5 ? 5 : v > 10 ? 10 : v;
	zs_spin_lock(&s->node_lock);
	__atomic_store_n(&s->min_partial, v, __ATOMIC_RELAXED);
	zs_spin_unlock(&s->node_lock);
	return 0;
}

/*
 * cpu_partial: a uint; non-zero on a debug cache (which keeps no per-cpu
 * partials) is -EINVAL.  As the kernel flushes the cpu slabs, the write
 * gives the barn's objects back to the slabs.  zslab stores and shows
 * the limit; its per-thread sheaves are sized separately.
 */
static int cpu_partial_store(struct kmem_cache *s, const char *buf, size_t len)
{
	unsigned long v;
	int err = parse_ulong(buf, len, ~0U, &v);

	if (err)
		return err;
	if (v && (s->flags & SLAB_DEBUG_FLAGS))
		return -EINVAL;
	__atomic_store_n(&s->cpu_partial, (unsigned int)v, __ATOMIC_RELAXED);
	zs_sheaf_flush_all_threads(s);
	return 0;
}

/* shrink and validate: a '1' first runs the action, anything else -EINVAL. */
static int shrink_store(struct kmem_cache *s, const char *buf, size_t len)
{
	if (!len || buf[0] != '1')
		return -EINVAL;
	kmem_cache_shrink(s);
	return 0;
}

/* Problems found are reported; the write itself succeeds, as in the kernel. */
static int validate_store(struct kmem_cache *s, const char *buf, size_t len)
{
	if (!len || buf[0] != '1')
		return -EINVAL;
	kmem_cache_validate(s);
	return 0;
}

/* --- the table ---------------------------------------------------------- */

#define RO(n)     { #n, 0400, n##_show, NULL }
#define RW(n)     { #n, 0600, n##_show, n##_store }
#define WO(n)     { #n, 0600, NULL, n##_store }

const struct zs_sysfs_attr zs_sysfs_attrs[] = {
	RO(aliases), RO(align), RO(cache_dma), RO(cache_dma32), RW(cpu_partial),
	RO(cpu_slabs), RO(ctor), RO(destroy_by_rcu), RO(failslab),
	RO(hwcache_align), RW(min_partial), RO(object_size),
	RO(objects), RO(objects_partial), RO(objs_per_slab), RO(order),
	RO(partial), RO(poison), RO(reclaim_account), RO(red_zone),
	RO(sanity_checks), WO(shrink), RO(slab_size), RO(slabs),
	RO(store_user), RO(total_objects), RO(trace), RO(usersize), WO(validate),
};
const unsigned int zs_sysfs_nr_attrs = sizeof(zs_sysfs_attrs) / sizeof(zs_sysfs_attrs[0]);

const struct zs_sysfs_attr *zs_sysfs_find_attr(const char *name)
{
	for (unsigned int i = 0; i < zs_sysfs_nr_attrs; i++)
		if (!strcmp(zs_sysfs_attrs[i].name, name))
			return &zs_sysfs_attrs[i];
	return NULL;
}
