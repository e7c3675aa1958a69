/* SPDX-License-Identifier: MIT */
/*
 * linux/stringhash.h - the dcache's string hashes, in the kernel's
 * byte-at-a-time form (the one architectures without word-at-a-time
 * loads use; x86's word form gives other values, as two kernels' hashes
 * of a name differ).  A hashlen is the 32-bit hash with the length above.
 */
#ifndef _ZSK_LINUX_STRINGHASH_H
#define _ZSK_LINUX_STRINGHASH_H

#include <linux/hash.h>
#include <linux/types.h>

#define init_name_hash(salt) ((unsigned long)(salt))

/** partial_name_hash() - mix byte @c into the running hash @prevhash. */
static inline unsigned long partial_name_hash(unsigned long c, unsigned long prevhash)
{
	return (prevhash + (c << 4) + (c >> 4)) * 11;
}

/** end_name_hash() - the 32-bit hash of a running @hash. */
static inline unsigned int end_name_hash(unsigned long hash)
{
	return hash_long(hash, 32);
}

#define hashlen_hash(hashlen) ((u32)(hashlen))
#define hashlen_len(hashlen) ((u32)((hashlen) >> 32))
#define hashlen_create(hash, len) ((u64)(len) << 32 | (u32)(hash))

/** full_name_hash() - the hash of the @len bytes at @name, with @salt. */
static inline unsigned int full_name_hash(const void *salt, const char *name, unsigned int len)
{
	unsigned long hash = init_name_hash(salt);

	while (len--)
		hash = partial_name_hash((unsigned char)*name++, hash);
	return end_name_hash(hash);
}

/** hashlen_string() - hash and length of the NUL-terminated @name. */
static inline u64 hashlen_string(const void *salt, const char *name)
{
	unsigned long hash = init_name_hash(salt);
	unsigned long len = 0;

	for (unsigned char c; (c = (unsigned char)name[len]) != 0; len++)
		hash = partial_name_hash(c, hash);
	return hashlen_create(end_name_hash(hash), len);
}

#define hash_string(salt, name) hashlen_hash(hashlen_string((salt), (name)))

#endif
