/* SPDX-License-Identifier: MIT */
/*
 * linux/mmzone.h - zones and page orders.
 *
 * The meaning of MAX_ORDER changed with the kernel: up to 6.3 it is one
 * more than the largest order (11), in 6.4-6.7 it is the largest order
 * (10), and from 6.8 it is gone in favour of MAX_PAGE_ORDER (10) and
 * NR_PAGE_ORDERS (11).  Each era gets its own; zslab's largest block is
 * order 10 (4 MiB) in all of them.
 */
#ifndef _ZSK_LINUX_MMZONE_H
#define _ZSK_LINUX_MMZONE_H

#include <linux/nodemask.h>
#include <linux/numa.h>
#include <linux/version.h>
#include <zslab/gfp.h>
#include <zslab/mm.h>
#include <zslab/slab.h>

#define ZSK_NR_PAGE_ORDERS 11

#undef MAX_ORDER
#if ZSLAB_KERNEL_BEFORE(6, 4, 0)
#define MAX_ORDER ZSK_NR_PAGE_ORDERS
#define MAX_ORDER_NR_PAGES (1 << (MAX_ORDER - 1))
#elif ZSLAB_KERNEL_BEFORE(6, 8, 0)
#define MAX_ORDER (ZSK_NR_PAGE_ORDERS - 1)
#define MAX_ORDER_NR_PAGES (1 << MAX_ORDER)
#else
#define MAX_PAGE_ORDER (ZSK_NR_PAGE_ORDERS - 1)
#define MAX_ORDER_NR_PAGES (1 << MAX_PAGE_ORDER)
#endif
#define NR_PAGE_ORDERS ZSK_NR_PAGE_ORDERS
#define MAX_NR_ZONES_ZSK MAX_NR_ZONES

/* <zslab/slab.h> spells KMALLOC_MAX_SIZE with MAX_ORDER: keep it whole. */
#undef KMALLOC_MAX_SIZE
#define KMALLOC_MAX_SIZE (PAGE_SIZE << (ZSK_NR_PAGE_ORDERS - 1))

#endif
