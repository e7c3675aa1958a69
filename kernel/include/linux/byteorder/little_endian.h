/* SPDX-License-Identifier: MIT */
/* linux/byteorder/little_endian.h - the UAPI __cpu_to_le32() forms, then the kernel's names (<asm/byteorder.h>). */
#ifndef _ZSK_LINUX_BYTEORDER_LITTLE_ENDIAN_H
#define _ZSK_LINUX_BYTEORDER_LITTLE_ENDIAN_H
#include_next <linux/byteorder/little_endian.h>
#include <asm/byteorder.h>
#endif
