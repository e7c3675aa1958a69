/* SPDX-License-Identifier: MIT */
/*
 * shifted.c - blocks whose start is not the kmalloc object's start.
 *
 * kmalloc's natural alignment holds for zslab's default layout, but not
 * for every configuration: a debug layout with a left red zone puts
 * objects at 8 mod 16, and a RAM range at an odd base breaks page-block
 * alignment above 4 KiB.  A request kmalloc cannot align is then served
 * by a larger object, with the block handed out shifted into it:
 *
 *   base (kmalloc object)      q = the block (aligned)
 *   |-- pad --|-- tag word --|-- size bytes ...
 *
 * The tag word just below q holds base ^ q ^ SHIFT_MAGIC, so free() and
 * malloc_usable_size() find the object from q; a pointer that is neither
 * an object start nor carries a tag that names a live object around it
 * is foreign.
 *
 * Invariant: base < q - 7, q + size <= base + ksize(base).
 */
#include <stdint.h>

#include "init/malloc_iface.h"
#include "zmalloc.h"
#include <zslab/slab.h>

#define SHIFT_MAGIC 0x5a51abf1f7ed0b1cull
#define TAG sizeof(uintptr_t)

bool zm_kmalloc_block(const void *p)
{
	struct page *page;
	enum zs_ptr_kind kind = zs_ptr_classify(p, &page);

	return kind == ZS_PTR_OBJECT || kind == ZS_PTR_LARGE;
}

void *zm_shift_alloc(size_t size, size_t align, gfp_t gfp)
{
	size_t want = size + align + TAG;
	uintptr_t base, q;

	if (want < size || want > KMALLOC_MAX_SIZE)
		return NULL;
	if (want <= KMALLOC_MAX_CACHE_SIZE)
		want = zm_class_size(want);   /* all of it writable: see zmalloc.h */
	base = (uintptr_t)kmalloc(want, gfp);
	if (!base)
		return NULL;
	q = (base + TAG + align - 1) & ~(uintptr_t)(align - 1);
	((uintptr_t *)q)[-1] = base ^ q ^ SHIFT_MAGIC;
	return (void *)q;
}

__attribute__((no_sanitize_address))
void *zm_shift_base(const void *q)
{
	uintptr_t u = (uintptr_t)q, base;

	if ((u & (TAG - 1)) || !zs_virt_to_page((const void *)(u - TAG)))
		return NULL;
	base = ((const uintptr_t *)q)[-1] ^ u ^ SHIFT_MAGIC;
	if (base >= u - (TAG - 1) || u - base > KMALLOC_MAX_SIZE ||
	    !zm_kmalloc_block((void *)base) || u - base >= zs_ksize((void *)base))
		return NULL;
	return (void *)base;
}

size_t zm_shift_size(const void *q, const void *base)
{
	return zs_ksize(base) - (size_t)((uintptr_t)q - (uintptr_t)base);
}
