/* SPDX-License-Identifier: MIT */
/* linux/swab.h - byte swapping: the UAPI __swab forms, then swab16/32/64, their pointer (p) and in-place (s) forms, swahw32/swahb32. */
#ifndef _ZSK_LINUX_SWAB_H
#define _ZSK_LINUX_SWAB_H

#include_next <linux/swab.h>
#include <linux/types.h>

#define swab16(x) ((__u16)__builtin_bswap16((__u16)(x)))
#define swab32(x) ((__u32)__builtin_bswap32((__u32)(x)))
#define swab64(x) ((__u64)__builtin_bswap64((__u64)(x)))
/** swahw32() - swap the 16-bit halves of a 32-bit word. */
#define swahw32(x) ((__u32)((((__u32)(x)) << 16) | (((__u32)(x)) >> 16)))
/** swahb32() - swap the bytes within each 16-bit half. */
#define swahb32(x) ((__u32)((((__u32)(x) & 0x00ff00ffU) << 8) | (((__u32)(x) & 0xff00ff00U) >> 8)))

static inline __u16 swab16p(const __u16 *p) { return swab16(*p); }
static inline __u32 swab32p(const __u32 *p) { return swab32(*p); }
static inline __u64 swab64p(const __u64 *p) { return swab64(*p); }
static inline void swab16s(__u16 *p) { *p = swab16(*p); }
static inline void swab32s(__u32 *p) { *p = swab32(*p); }
static inline void swab64s(__u64 *p) { *p = swab64(*p); }

#endif
