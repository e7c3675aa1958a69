/* SPDX-License-Identifier: MIT */
/*
 * linux/siphash.h - SipHash-2-4, the keyed 64-bit hash for data an
 * attacker may choose, and hsiphash (on 64-bit hosts SipHash-1-3 cut to
 * 32 bits), the faster one for hash tables (kernel/lib/siphash.c).  The
 * fixed-width forms hash their arguments' little-endian bytes, as the
 * kernel's do.
 */
#ifndef _ZSK_LINUX_SIPHASH_H
#define _ZSK_LINUX_SIPHASH_H

#include <linux/types.h>

#define SIPHASH_ALIGNMENT __alignof__(u64)
typedef struct {
	u64 key[2];
} siphash_key_t;

#define HSIPHASH_ALIGNMENT __alignof__(unsigned long)
typedef struct {
	unsigned long key[2];
} hsiphash_key_t;

#define siphash_key_is_zero(k) (!((k)->key[0] | (k)->key[1]))

/** siphash() - SipHash-2-4 of @len bytes at @data under @key. */
u64 siphash(const void *data, size_t len, const siphash_key_t *key);
#define __siphash_aligned(data, len, key) siphash(data, len, key)
#define __siphash_unaligned(data, len, key) siphash(data, len, key)
u64 siphash_1u64(u64 a, const siphash_key_t *key);
u64 siphash_2u64(u64 a, u64 b, const siphash_key_t *key);
u64 siphash_3u64(u64 a, u64 b, u64 c, const siphash_key_t *key);
u64 siphash_4u64(u64 a, u64 b, u64 c, u64 d, const siphash_key_t *key);
u64 siphash_1u32(u32 a, const siphash_key_t *key);
u64 siphash_3u32(u32 a, u32 b, u32 c, const siphash_key_t *key);

static inline u64 siphash_2u32(u32 a, u32 b, const siphash_key_t *key)
{
	return siphash_1u64((u64)b << 32 | a, key);
}

static inline u64 siphash_4u32(u32 a, u32 b, u32 c, u32 d, const siphash_key_t *key)
{
	return siphash_2u64((u64)b << 32 | a, (u64)d << 32 | c, key);
}

/** hsiphash() - the half-strength hash of @len bytes at @data under @key. */
u32 hsiphash(const void *data, size_t len, const hsiphash_key_t *key);
#define __hsiphash_aligned(data, len, key) hsiphash(data, len, key)
#define __hsiphash_unaligned(data, len, key) hsiphash(data, len, key)
u32 hsiphash_1u32(u32 a, const hsiphash_key_t *key);
u32 hsiphash_2u32(u32 a, u32 b, const hsiphash_key_t *key);
u32 hsiphash_3u32(u32 a, u32 b, u32 c, const hsiphash_key_t *key);
u32 hsiphash_4u32(u32 a, u32 b, u32 c, u32 d, const hsiphash_key_t *key);

#endif
