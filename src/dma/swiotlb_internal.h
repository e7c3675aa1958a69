/* SPDX-License-Identifier: MIT */
/*
 * swiotlb_internal.h - what init and the tests see of swiotlb.c: boot
 * (plug into dma-direct, unless swiotlb=noforce), teardown (give the pool
 * back) and the validator of the pool's invariants.
 */
#ifndef ZSLAB_SWIOTLB_INTERNAL_H
#define ZSLAB_SWIOTLB_INTERNAL_H

#pragma GCC visibility push(hidden)

/* At boot, after the page allocator: plug into dma-direct (no memory yet). */
void zs_swiotlb_init(void);
/* At zslab_exit(), before the slab layer goes: unplug, free the pool. */
void zs_swiotlb_exit(void);
/* Check the pool's invariants (swiotlb.c); the problems found, reported. */
int zs_swiotlb_validate(void);

#pragma GCC visibility pop

#endif
