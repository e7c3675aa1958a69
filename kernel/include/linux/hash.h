/* SPDX-License-Identifier: MIT */
/* linux/hash.h - the kernel's multiplicative hashes (golden-ratio constants). */
#ifndef _ZSK_LINUX_HASH_H
#define _ZSK_LINUX_HASH_H

#include <linux/types.h>

#define GOLDEN_RATIO_32 0x61C88647
#define GOLDEN_RATIO_64 0x61C8864680B583EBull
#define hash_long(val, bits) hash_64(val, bits)

/*
 * The generic forms are the kernel's names for the portable code; an
 * architecture with faster multiplies would define HAVE_ARCH_*, none does
 * here, so the plain names are the generic ones (as in the kernel).
 */
static inline u32 __hash_32_generic(u32 val)
{
	return val * GOLDEN_RATIO_32;
}
/** hash_32_generic() - the top @bits bits of @val times the golden ratio. */
static inline u32 hash_32_generic(u32 val, unsigned int bits)
{
	return __hash_32_generic(val) >> (32 - bits);
}
/** hash_64_generic() - as hash_32_generic() for 64-bit values. */
static inline u32 hash_64_generic(u64 val, unsigned int bits)
{
	return (u32)(val * GOLDEN_RATIO_64 >> (64 - bits));
}
#define __hash_32 __hash_32_generic
#define hash_32 hash_32_generic
#define hash_64 hash_64_generic
static inline u32 hash_ptr(const void *ptr, unsigned int bits)
{
	return hash_long((unsigned long)ptr, bits);
}
static inline u32 hash32_ptr(const void *ptr)
{
	unsigned long val = (unsigned long)ptr;

	return (u32)(val ^ (val >> 32));
}

#endif
