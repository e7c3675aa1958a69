/* SPDX-License-Identifier: MIT */
/*
 * linux/slab.h - kmem caches and kmalloc: zslab's SLUB (<zslab/slab.h>),
 * which has the kernel's names, flag values and semantics, plus the
 * spellings that changed between kernel eras:
 *
 *   kmalloc from a given cache   kmem_cache_alloc_trace() (<= 6.0),
 *                                kmalloc_trace() (6.1-6.9),
 *                                __kmalloc_cache_noprof() (6.10+)
 *   kfree_sensitive()            kzfree() before 5.10
 *   krealloc()                   before 6.12 (ZSLAB_KERNEL_API): the old
 *                                zeroing rules (zslab_krealloc_legacy())
 *   kmem_cache_destroy()         waits for kfree_rcu()s in flight (6.12)
 *
 * and the _noprof names of memory allocation profiling (6.10+), which
 * are the plain functions (zslab does not profile; alloc_hooks() is the
 * identity).
 */
#ifndef _ZSK_LINUX_SLAB_H
#define _ZSK_LINUX_SLAB_H

#include <linux/alloc_tag.h>
#include <linux/err.h>
#include <linux/gfp.h>
#include <linux/kasan.h>
#include <linux/kfence.h>
#include <linux/overflow.h>
#include <linux/rcupdate.h>
#include <linux/types.h>
#include <linux/version.h>
#include <linux/vmalloc.h>
#include <linux/workqueue.h>
#include <zslab/slab.h>

#ifndef ARCH_KMALLOC_MINALIGN
#define ARCH_KMALLOC_MINALIGN __alignof__(unsigned long long)
#endif
#ifndef ARCH_SLAB_MINALIGN
#define ARCH_SLAB_MINALIGN __alignof__(unsigned long long)
#endif
#ifndef ARCH_DMA_MINALIGN
#define ARCH_DMA_MINALIGN 64
#endif

#define kmem_cache_alloc_trace(s, gfp, size) kmalloc_trace(s, gfp, size)
#define __kmalloc_cache_noprof(s, gfp, size) kmalloc_trace(s, gfp, size)
#define kmalloc_trace_noprof(s, gfp, size) kmalloc_trace(s, gfp, size)
#define kzfree(p) kfree_sensitive(p)

#define kmalloc_noprof(size, flags) kmalloc(size, flags)
#define kzalloc_noprof(size, flags) kzalloc(size, flags)
#define kcalloc_noprof(n, size, flags) kcalloc(n, size, flags)
#define kmalloc_array_noprof(n, size, flags) kmalloc_array(n, size, flags)
#define krealloc_noprof(p, size, flags) krealloc(p, size, flags)
#define kmem_cache_alloc_noprof(s, flags) kmem_cache_alloc(s, flags)
#define kmemdup_noprof(p, size, flags) kmemdup(p, size, flags)
#define kmalloc_track_caller(size, flags) kmalloc(size, flags)
#define kmalloc_track_caller_noprof(size, flags) kmalloc(size, flags)
#define __kmalloc(size, flags) kmalloc(size, flags)
#define __kmalloc_noprof(size, flags) kmalloc(size, flags)

#if ZSLAB_KERNEL_BEFORE(6, 12, 0)
#define krealloc(p, new_size, flags) zslab_krealloc_legacy(p, new_size, flags)
#endif

/*
 * kmem_cache_destroy() first waits for the kfree_rcu()s in flight, which
 * may hold objects of the cache (the kernel's kvfree_rcu_barrier(), 6.12;
 * harmless in older eras, whose callers waited themselves).
 */
void zsk_kmem_cache_destroy(struct kmem_cache *s);
#define kmem_cache_destroy(s) zsk_kmem_cache_destroy(s)

/*
 * The typed allocators (2026): kmalloc_obj(VAR_OR_TYPE[, gfp]) is a
 * (typeof(VAR_OR_TYPE) *) of one object, _objs() of @COUNT (saturating:
 * an overflowed count fails), _flex() of one with @COUNT elements of its
 * flexible array @FAM; the gfp defaults to GFP_KERNEL.  A compiler
 * without __builtin_counted_by_ref() (gcc before 15) leaves a
 * __counted_by() counter to the caller, as the kernel's does.
 */
#define __zsk_gfp_or_kernel(a, b, ...) b
#define default_gfp(...) __zsk_gfp_or_kernel(, ##__VA_ARGS__, GFP_KERNEL)
#define __zsk_alloc_objs(ALLOC, GFP, TYPE, COUNT) \
	((TYPE *)ALLOC(size_mul(sizeof(TYPE), (COUNT)), GFP))
#define __zsk_alloc_flex(ALLOC, GFP, TYPE, FAM, COUNT) \
	((TYPE *)ALLOC(struct_size_t(TYPE, FAM, (COUNT)), GFP))
#define kmalloc_obj(V, ...) __zsk_alloc_objs(kmalloc, default_gfp(__VA_ARGS__), typeof(V), 1)
#define kmalloc_objs(V, N, ...) __zsk_alloc_objs(kmalloc, default_gfp(__VA_ARGS__), typeof(V), N)
#define kmalloc_flex(V, F, N, ...) __zsk_alloc_flex(kmalloc, default_gfp(__VA_ARGS__), typeof(V), F, N)
#define kzalloc_obj(V, ...) __zsk_alloc_objs(kzalloc, default_gfp(__VA_ARGS__), typeof(V), 1)
#define kzalloc_objs(V, N, ...) __zsk_alloc_objs(kzalloc, default_gfp(__VA_ARGS__), typeof(V), N)
#define kzalloc_flex(V, F, N, ...) __zsk_alloc_flex(kzalloc, default_gfp(__VA_ARGS__), typeof(V), F, N)
#define kvmalloc_obj(V, ...) __zsk_alloc_objs(kvmalloc, default_gfp(__VA_ARGS__), typeof(V), 1)
#define kvmalloc_objs(V, N, ...) __zsk_alloc_objs(kvmalloc, default_gfp(__VA_ARGS__), typeof(V), N)
#define kvmalloc_flex(V, F, N, ...) __zsk_alloc_flex(kvmalloc, default_gfp(__VA_ARGS__), typeof(V), F, N)
#define kvzalloc_obj(V, ...) __zsk_alloc_objs(kvzalloc, default_gfp(__VA_ARGS__), typeof(V), 1)
#define kvzalloc_objs(V, N, ...) __zsk_alloc_objs(kvzalloc, default_gfp(__VA_ARGS__), typeof(V), N)
#define kvzalloc_flex(V, F, N, ...) __zsk_alloc_flex(kvzalloc, default_gfp(__VA_ARGS__), typeof(V), F, N)

#include <linux/cleanup.h>
DEFINE_FREE(kfree, void *, if (!IS_ERR_OR_NULL(_T)) kfree(_T))

#endif
