/* SPDX-License-Identifier: MIT */
/*
 * linux/swiotlb.h - the software IO TLB: zslab's swiotlb
 * (<zslab/swiotlb.h>), with the kernel's constants (IO_TLB_SHIFT,
 * IO_TLB_SIZE, IO_TLB_SEGSIZE, IO_TLB_DEFAULT_SIZE), its map, unmap and
 * sync calls (6.10+ signatures: swiotlb_tbl_map_single() takes an
 * alloc_align_mask) and its queries.  The pool is sized by the boot
 * option swiotlb=<nslabs>[,<nareas>][,force|noforce].
 */
#ifndef _ZSK_LINUX_SWIOTLB_H
#define _ZSK_LINUX_SWIOTLB_H

#include <linux/device.h>
#include <linux/dma-direction.h>
#include <linux/init.h>
#include <linux/types.h>
#include <zslab/swiotlb.h>

#endif
