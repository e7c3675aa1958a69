/* SPDX-License-Identifier: MIT */
/*
 * linux/numa.h - memory nodes: zslab's (<zslab/mm.h>), where node 0 has
 * all the RAM.
 */
#ifndef _ZSK_LINUX_NUMA_H
#define _ZSK_LINUX_NUMA_H

#include <zslab/mm.h>

#define NUMA_NO_MEMBLK (-1)

#endif
