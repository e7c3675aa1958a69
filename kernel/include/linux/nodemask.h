/* SPDX-License-Identifier: MIT */
/*
 * linux/nodemask.h - nodemask_t, a bitmap of MAX_NUMNODES nodes (zslab's
 * <zslab/mm.h> type), with the bitmap operations it is built on, as the
 * kernel's nodemask.h brings <linux/bitmap.h> to every user of
 * <linux/gfp.h>.  zslab's machine has one node, node 0.
 */
#ifndef _ZSK_LINUX_NODEMASK_H
#define _ZSK_LINUX_NODEMASK_H

#include <linux/bitmap.h>
#include <linux/numa.h>
#include <zslab/mm.h>

#endif
