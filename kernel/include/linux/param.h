/* SPDX-License-Identifier: MIT */
/*
 * linux/param.h - HZ, over the UAPI <linux/param.h> (EXEC_PAGESIZE ...),
 * which the C library's <sys/param.h> includes.  zslab's jiffies count
 * milliseconds, so HZ is 1000 (CONFIG_HZ).
 */
#ifndef _ZSK_LINUX_PARAM_H
#define _ZSK_LINUX_PARAM_H

#ifndef HZ
#define HZ 1000
#endif
#include_next <linux/param.h>
#define USER_HZ 100
#define CLOCKS_PER_SEC_KERNEL USER_HZ

#endif
