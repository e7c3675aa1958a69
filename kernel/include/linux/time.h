/* SPDX-License-Identifier: MIT */
/*
 * linux/time.h - kernel time helpers.  The system's UAPI <linux/time.h>
 * clashes with the C library's <time.h> and is not included.
 */
#ifndef _ZSK_LINUX_TIME_H
#define _ZSK_LINUX_TIME_H

#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/time64.h>

#endif
