/* SPDX-License-Identifier: MIT */
/*
 * linux/mempool.h - memory pools: zslab's mempool (<zslab/mempool.h>),
 * which has the kernel's names, structure fields (lock, min_nr, curr_nr,
 * elements, pool_data, alloc, free) and semantics, plus the _noprof names
 * of memory allocation profiling (6.10+), which are the plain functions.
 * The wait queue of the kernel's struct is a futex word here: code that
 * reaches into pool->wait is not supported.
 */
#ifndef _ZSK_LINUX_MEMPOOL_H
#define _ZSK_LINUX_MEMPOOL_H

#include <linux/alloc_tag.h>
#include <linux/compiler.h>
#include <linux/gfp.h>
#include <linux/slab.h>
#include <linux/wait.h>
#include <zslab/mempool.h>

#define mempool_init_noprof        mempool_init
#define mempool_create_node_noprof mempool_create_node
#define mempool_alloc_noprof       mempool_alloc
#define mempool_alloc_slab_noprof  mempool_alloc_slab
#define mempool_kmalloc_noprof     mempool_kmalloc
#define mempool_alloc_pages_noprof mempool_alloc_pages

#endif
