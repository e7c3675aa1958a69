/* SPDX-License-Identifier: MIT */
/*
 * zslab/gfp.h - GFP ("get free pages") flags with the kernel's names and
 * values (the post-5.13 bit layout, so GFP_KERNEL == 0xcc0 as current kernel
 * logs print it).
 *
 * The low four bits select a zone through gfp_zone(); the rest modify how an
 * allocation behaves.  zslab has no reclaim, so the reclaim bits only matter
 * for what they say about a caller (GFP_ATOMIC may dip into reserves).
 */
#ifndef ZSLAB_GFP_H
#define ZSLAB_GFP_H

#include <stdint.h>

/* The API is what libzslab exports; everything else is hidden. */
#pragma GCC visibility push(default)

typedef unsigned int gfp_t;

#define __GFP_DMA            0x01u
#define __GFP_HIGHMEM        0x02u
#define __GFP_DMA32          0x04u
#define __GFP_MOVABLE        0x08u
#define __GFP_RECLAIMABLE    0x10u
#define __GFP_HIGH           0x20u
#define __GFP_IO             0x40u
#define __GFP_FS             0x80u
#define __GFP_ZERO           0x100u
#define __GFP_ATOMIC         0x200u
#define __GFP_DIRECT_RECLAIM 0x400u
#define __GFP_KSWAPD_RECLAIM 0x800u
#define __GFP_WRITE          0x1000u
#define __GFP_NOWARN         0x2000u
#define __GFP_RETRY_MAYFAIL  0x4000u
#define __GFP_NOFAIL         0x8000u
#define __GFP_NORETRY        0x10000u
#define __GFP_MEMALLOC       0x20000u
#define __GFP_COMP           0x40000u
#define __GFP_NOMEMALLOC     0x80000u
#define __GFP_HARDWALL       0x100000u
#define __GFP_THISNODE       0x200000u
#define __GFP_ACCOUNT        0x400000u

#define __GFP_BITS_SHIFT 25
#define __GFP_BITS_MASK  ((gfp_t)((1u << __GFP_BITS_SHIFT) - 1))

#define __GFP_RECLAIM (__GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM)

#define GFP_ATOMIC          (__GFP_HIGH | __GFP_ATOMIC | __GFP_KSWAPD_RECLAIM)
#define GFP_KERNEL          (__GFP_RECLAIM | __GFP_IO | __GFP_FS)
#define GFP_KERNEL_ACCOUNT  (GFP_KERNEL | __GFP_ACCOUNT)
#define GFP_NOWAIT          (__GFP_KSWAPD_RECLAIM)
#define GFP_NOIO            (__GFP_RECLAIM)
#define GFP_NOFS            (__GFP_RECLAIM | __GFP_IO)
#define GFP_USER            (GFP_KERNEL | __GFP_HARDWALL)
#define GFP_DMA             __GFP_DMA
#define GFP_DMA32           __GFP_DMA32
#define GFP_HIGHUSER        (GFP_USER | __GFP_HIGHMEM)
#define GFP_HIGHUSER_MOVABLE (GFP_HIGHUSER | __GFP_MOVABLE)

/* The bits that select a zone. */
#define GFP_ZONEMASK (__GFP_DMA | __GFP_HIGHMEM | __GFP_DMA32 | __GFP_MOVABLE)

/**
 * enum zone_type - the memory zones, lowest first, with the x86-64
 * kernel's values (no ZONE_HIGHMEM on 64-bit; no ZONE_DEVICE either:
 * zslab has no device memory, so it is the kernel built without
 * CONFIG_ZONE_DEVICE).
 * @ZONE_DMA:     below the DMA limit (16 MiB by default).
 * @ZONE_DMA32:   from the DMA limit to the DMA32 limit (4 GiB by default).
 * @ZONE_NORMAL:  everything above, up to the Movable zone.
 * @ZONE_MOVABLE: the top of memory set aside by kernelcore= or
 *                movablecore= (empty without them), for allocations that
 *                can move: __GFP_HIGHMEM | __GFP_MOVABLE
 *                (GFP_HIGHUSER_MOVABLE).
 * @__MAX_NR_ZONES: the number of zones.
 *
 * A request for zone Z may be served from Z or any lower zone, never a
 * higher one.
 */
enum zone_type {
	ZONE_DMA,
	ZONE_DMA32,
	ZONE_NORMAL,
	ZONE_MOVABLE,
	__MAX_NR_ZONES
};
#define MAX_NR_ZONES __MAX_NR_ZONES

/**
 * gfp_zone() - the highest zone a request with these flags may use.
 * @flags: GFP flags.
 *
 * The kernel's GFP_ZONE_TABLE on x86-64: no zone bits, __GFP_MOVABLE or
 * __GFP_HIGHMEM alone give ZONE_NORMAL, __GFP_DMA ZONE_DMA, __GFP_DMA32
 * ZONE_DMA32, and __GFP_HIGHMEM | __GFP_MOVABLE ZONE_MOVABLE; the
 * allocator falls back down the zonelist from there (an empty Movable
 * zone costs nothing).  Invalid combinations (more than one of DMA,
 * DMA32 and HIGHMEM) are warned about once per mask and resolve to
 * ZONE_DMA, the table's value for them.
 *
 * Return: the zone index.
 */
enum zone_type gfp_zone(gfp_t flags);

#pragma GCC visibility pop

#endif /* ZSLAB_GFP_H */
