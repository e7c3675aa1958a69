/* SPDX-License-Identifier: MIT */
/*
 * linux/random.h - random numbers from the host's getrandom()
 * (kernel/lib/random.c), with the kernel's names of each era.  The system
 * has a UAPI <linux/random.h> (ioctls only); kernel code never wants it.
 */
#ifndef _ZSK_LINUX_RANDOM_H
#define _ZSK_LINUX_RANDOM_H

#include <linux/types.h>

void get_random_bytes(void *buf, size_t len);
u8 get_random_u8(void);
u16 get_random_u16(void);
u32 get_random_u32(void);
u64 get_random_u64(void);
/** get_random_u32_below() - uniform in [0, @ceil) (@ceil > 0). */
u32 get_random_u32_below(u32 ceil);

static inline unsigned long get_random_long(void)
{
	return (unsigned long)get_random_u64();
}
static inline u32 get_random_u32_inclusive(u32 floor, u32 ceil)
{
	return floor + get_random_u32_below(ceil - floor + 1);
}
static inline u32 get_random_u32_above(u32 floor)
{
	return floor + 1 + get_random_u32_below(U32_MAX - floor);
}
#define get_random_int() get_random_u32()
#define prandom_u32() get_random_u32()
#define prandom_u32_max(ceil) get_random_u32_below(ceil)
#define prandom_bytes(buf, len) get_random_bytes(buf, len)
#define get_random_bytes_arch(buf, len) (get_random_bytes(buf, len), (int)(len))
#define add_device_randomness(buf, len) do { (void)(buf); (void)(len); } while (0)

#include <linux/prandom.h>

#endif
