/* SPDX-License-Identifier: MIT */
/*
 * slab_api.c - the slab API built on kmem_cache_alloc() and kmalloc()
 * without a fast path of its own: the _node variants (one node: see
 * "Memory nodes" in <zslab/mm.h>), kmalloc_size_roundup(), and the
 * string and buffer helpers kfree_sensitive(), kmemdup_nul(),
 * kstrdup_const() and kfree_const().
 */
#include <string.h>

#include "host/host.h"
#include "mm/mm_internal.h"
#include "slab/slab.h"

void *kmem_cache_alloc_node(struct kmem_cache *s, gfp_t gfp, int node)
{
	if (zs_node_kind(node, "kmem_cache_alloc_node") == ZS_NODE_INVALID)
		return NULL;
	return kmem_cache_alloc(s, gfp);
}

void *kmalloc_node(size_t size, gfp_t flags, int node)
{
	if (zs_node_kind(node, "kmalloc_node") == ZS_NODE_INVALID)
		return NULL;
	return kmalloc(size, flags);
}

size_t kmalloc_size_roundup(size_t size)
{
	if (size && size <= KMALLOC_MAX_CACHE_SIZE) {   /* the class's object_size */
		unsigned int i = kmalloc_index(size);
		return i == 1 ? 96 : i == 2 ? 192 : (size_t)1 << i;
	}
	if (size && size <= KMALLOC_MAX_SIZE)
		return PAGE_SIZE << get_order(size);
	return size;
}

void kfree_sensitive(const void *p)
{
	size_t ks = ksize(p);

	if (ks) {
		memset((void *)p, 0, ks);
		__asm__ __volatile__("" : : "r"(p) : "memory");   /* memzero_explicit */
	}
	kfree(p);
}

char *kmemdup_nul(const char *s, size_t len, gfp_t gfp)
{
	char *p;

	if (!s)
		return NULL;
	p = kmalloc(len + 1, gfp);
	if (p) {
		memcpy(p, s, len);
		p[len] = 0;
	}
	return p;
}

const char *kstrdup_const(const char *s, gfp_t gfp)
{
	if (s && zs_host_in_rodata(s))
		return s;
	return kstrdup(s, gfp);
}

void kfree_const(const void *x)
{
	if (x && !zs_host_in_rodata(x))
		kfree(x);
}
