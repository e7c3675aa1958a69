/* SPDX-License-Identifier: MIT */
/* linux/kfence.h - KFENCE is off: no address is a KFENCE address. */
#ifndef _ZSK_LINUX_KFENCE_H
#define _ZSK_LINUX_KFENCE_H

#define is_kfence_address(addr) false
#define kfence_ksize(addr) 0

#endif
