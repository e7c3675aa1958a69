/* SPDX-License-Identifier: MIT */
/*
 * linux/scatterlist.h - scatterlists as zslab has them
 * (<zslab/scatterlist.h>): the kernel's entry layout (page_link with
 * SG_CHAIN and SG_END), chained arrays, sg_table, tables over page
 * arrays, page and mapping iterators and the copy helpers.
 */
#ifndef _ZSK_LINUX_SCATTERLIST_H
#define _ZSK_LINUX_SCATTERLIST_H

#include <linux/mm.h>
#include <linux/types.h>
#include <zslab/scatterlist.h>

#endif
