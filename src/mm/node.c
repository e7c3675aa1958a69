/* SPDX-License-Identifier: MIT */
/*
 * node.c - the one-node machine's rule for node numbers (mm.h, "Memory
 * nodes"), shared by the slab and page _node entry points, and the page
 * allocator's node entry points.
 */
#include "common/report.h"
#include "mm/mm_internal.h"
#include "mm/page_alloc.h"

enum zs_node_kind zs_node_kind(int nid, const char *who)
{
	static struct zs_ratelimit rs = ZS_RATELIMIT_INIT;

	if (nid == NUMA_NO_NODE || nid == 0)
		return ZS_NODE_LOCAL;
	if (nid > 0 && nid < MAX_NUMNODES)
		return ZS_NODE_EMPTY;
	if (zs_ratelimit(&rs))
		zs_warn("%s: node %d is not a node number (NUMA_NO_NODE or 0..%d); nothing allocated",
			who, nid, MAX_NUMNODES - 1);
	return ZS_NODE_INVALID;
}

static bool node_isset0(const nodemask_t *mask)
{
	return mask->bits[0] & 1UL;
}

struct page *__alloc_pages(gfp_t gfp, unsigned int order, int preferred_nid,
			   nodemask_t *nodemask)
{
	enum zs_node_kind kind = zs_node_kind(preferred_nid, "__alloc_pages");

	if (kind == ZS_NODE_INVALID)
		return NULL;
	/* node 0 not allowed, or another node with no fallback: no memory */
	if ((nodemask && !node_isset0(nodemask)) ||
	    (kind == ZS_NODE_EMPTY && (gfp & __GFP_THISNODE))) {
		zs_warn_alloc(gfp, order);
		return NULL;
	}
	return zs_alloc_pages(gfp, order);
}

struct page *alloc_pages_node(int nid, gfp_t gfp, unsigned int order)
{
	return __alloc_pages(gfp, order, nid == NUMA_NO_NODE ? 0 : nid, NULL);
}
