/* SPDX-License-Identifier: MIT */
/* linux/const.h - UL() and ULL(), over the UAPI <linux/const.h>. */
#ifndef _ZSK_LINUX_CONST_H
#define _ZSK_LINUX_CONST_H

#include_next <linux/const.h>

#define UL(x) (_UL(x))
#define ULL(x) (_ULL(x))

#endif
