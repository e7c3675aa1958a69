/* SPDX-License-Identifier: MIT */
/*
 * node.c - the one-node machine's rule for node numbers (mm.h, "Memory
 * nodes"), shared by the slab and page _node entry points.
 */
#include "common/report.h"
#include "mm/mm_internal.h"

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
