/* SPDX-License-Identifier: MIT */
/*
 * gfp.c - gfp_zone() and the kernel's %pGg names for GFP masks.
 */
#include <stdio.h>
#include <string.h>

#include "common/report.h"
#include "mm/mm_internal.h"

/*
 * GFP_ZONE_TABLE for x86-64 (ZONE_DMA and ZONE_DMA32, no HIGHMEM, so
 * OPT_ZONE_HIGHMEM is ZONE_NORMAL): only HIGHMEM | MOVABLE reaches
 * ZONE_MOVABLE.  The eight combinations of more than one of DMA, DMA32 and
 * HIGHMEM are GFP_ZONE_BAD; their table entry is 0, i.e. ZONE_DMA.
 */
const signed char zs_gfp_zone_table[16] = {
	[0x0] = ZONE_NORMAL, [0x8] = ZONE_NORMAL,
	[0x1] = ZONE_DMA,    [0x9] = ZONE_DMA,
	[0x2] = ZONE_NORMAL, [0xa] = ZONE_MOVABLE,
	[0x4] = ZONE_DMA32,  [0xc] = ZONE_DMA32,
	[0x3] = -1, [0x5] = -1, [0x6] = -1, [0x7] = -1,
	[0xb] = -1, [0xd] = -1, [0xe] = -1, [0xf] = -1,
};

/* One bit per bad zone-bit combination already warned about this boot. */
static unsigned int gfp_zone_warned;

void zs_gfp_zone_reset_warnings(void)
{
	__atomic_store_n(&gfp_zone_warned, 0, __ATOMIC_RELAXED);
}

enum zone_type gfp_zone(gfp_t flags)
{
	unsigned int bits = flags & GFP_ZONEMASK;

	if (zs_gfp_zone_table[bits] >= 0)
		return (enum zone_type)zs_gfp_zone_table[bits];
	if (!(__atomic_fetch_or(&gfp_zone_warned, 1u << bits, __ATOMIC_RELAXED) & (1u << bits))) {
		char names[256];
		zs_gfp_names(flags, names, sizeof(names));
		zs_warn("gfp_zone: invalid zone bits %#x in gfp %#x (%s): using ZONE_DMA",
			bits, flags, names);
	}
	return ZONE_DMA;
}

struct gfp_name {
	gfp_t mask;
	const char *name;
};

/* The kernel's __def_gfpflag_names order: composites before single bits. */
static const struct gfp_name gfp_names[] = {
	{ GFP_HIGHUSER_MOVABLE, "GFP_HIGHUSER_MOVABLE" },
	{ GFP_HIGHUSER, "GFP_HIGHUSER" },
	{ GFP_USER, "GFP_USER" },
	{ GFP_KERNEL_ACCOUNT, "GFP_KERNEL_ACCOUNT" },
	{ GFP_KERNEL, "GFP_KERNEL" },
	{ GFP_NOFS, "GFP_NOFS" },
	{ GFP_ATOMIC, "GFP_ATOMIC" },
	{ GFP_NOIO, "GFP_NOIO" },
	{ GFP_NOWAIT, "GFP_NOWAIT" },
	{ GFP_DMA, "GFP_DMA" },
	{ __GFP_HIGHMEM, "__GFP_HIGHMEM" },
	{ GFP_DMA32, "GFP_DMA32" },
	{ __GFP_HIGH, "__GFP_HIGH" },
	{ __GFP_ATOMIC, "__GFP_ATOMIC" },
	{ __GFP_IO, "__GFP_IO" },
	{ __GFP_FS, "__GFP_FS" },
	{ __GFP_NOWARN, "__GFP_NOWARN" },
	{ __GFP_RETRY_MAYFAIL, "__GFP_RETRY_MAYFAIL" },
	{ __GFP_NOFAIL, "__GFP_NOFAIL" },
	{ __GFP_NORETRY, "__GFP_NORETRY" },
	{ __GFP_COMP, "__GFP_COMP" },
	{ __GFP_ZERO, "__GFP_ZERO" },
	{ __GFP_NOMEMALLOC, "__GFP_NOMEMALLOC" },
	{ __GFP_MEMALLOC, "__GFP_MEMALLOC" },
	{ __GFP_HARDWALL, "__GFP_HARDWALL" },
	{ __GFP_THISNODE, "__GFP_THISNODE" },
	{ __GFP_RECLAIMABLE, "__GFP_RECLAIMABLE" },
	{ __GFP_MOVABLE, "__GFP_MOVABLE" },
	{ __GFP_ACCOUNT, "__GFP_ACCOUNT" },
	{ __GFP_WRITE, "__GFP_WRITE" },
	{ __GFP_RECLAIM, "__GFP_RECLAIM" },
	{ __GFP_DIRECT_RECLAIM, "__GFP_DIRECT_RECLAIM" },
	{ __GFP_KSWAPD_RECLAIM, "__GFP_KSWAPD_RECLAIM" },
};

void zs_gfp_names(gfp_t gfp, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = 0;
	if (!gfp) {
		snprintf(buf, len, "none");
		return;
	}
	for (size_t i = 0; i < sizeof(gfp_names) / sizeof(gfp_names[0]); i++) {
		const struct gfp_name *n = &gfp_names[i];
		if ((gfp & n->mask) != n->mask)
			continue;
		gfp &= ~n->mask;
		used += (size_t)snprintf(buf + used, used < len ? len - used : 0,
					 "%s%s", used ? "|" : "", n->name);
		if (!gfp)
			break;
	}
	if (gfp)
		snprintf(buf + used, used < len ? len - used : 0, "%s%#x",
			 used ? "|" : "", gfp);
}
