/* SPDX-License-Identifier: MIT */
/* linux/wordpart.h - parts of words (6.x; also reached via kernel.h). */
#ifndef _ZSK_LINUX_WORDPART_H
#define _ZSK_LINUX_WORDPART_H

#ifndef lower_32_bits
#define lower_32_bits(n) ((u32)((n) & 0xffffffff))
#define upper_32_bits(n) ((u32)(((n) >> 16) >> 16))
#endif
#define REPEAT_BYTE_U32(x) lower_32_bits(REPEAT_BYTE(x))
#define ALIGN_DOWN_BY_WORD(x) ((x) & ~(sizeof(long) - 1))

#endif
