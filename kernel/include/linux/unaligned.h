/* SPDX-License-Identifier: MIT */
/*
 * linux/unaligned.h - loads and stores at any alignment (asm/unaligned.h
 * before 6.12): get_unaligned()/put_unaligned() of any scalar, and the
 * fixed-order forms get_unaligned_le16/32/64, _be16/32/64 and their put_
 * partners, plus the 24-bit and 48-bit ones.  They compile to memcpy, so
 * neither alignment nor strict aliasing is assumed.
 */
#ifndef _ZSK_LINUX_UNALIGNED_H
#define _ZSK_LINUX_UNALIGNED_H

#include <asm/byteorder.h>
#include <string.h>

#define get_unaligned(ptr) ({ __typeof__(*(ptr)) __v; memcpy(&__v, (ptr), sizeof(__v)); __v; })
#define put_unaligned(val, ptr) do {                          \
	__typeof__(*(ptr)) __v = (val);                       \
	memcpy((ptr), &__v, sizeof(__v));                     \
} while (0)

#define __ZSK_UNALIGNED(bits, order)                                                     \
	static inline u##bits get_unaligned_##order##bits(const void *p)                  \
	{                                                                                \
		__##order##bits v;                                                       \
		memcpy(&v, p, sizeof(v));                                                \
		return order##bits##_to_cpu(v);                                          \
	}                                                                                \
	static inline void put_unaligned_##order##bits(u##bits val, void *p)              \
	{                                                                                \
		__##order##bits v = cpu_to_##order##bits(val);                           \
		memcpy(p, &v, sizeof(v));                                                \
	}
__ZSK_UNALIGNED(16, le)
__ZSK_UNALIGNED(32, le)
__ZSK_UNALIGNED(64, le)
__ZSK_UNALIGNED(16, be)
__ZSK_UNALIGNED(32, be)
__ZSK_UNALIGNED(64, be)
#undef __ZSK_UNALIGNED

static inline u32 get_unaligned_le24(const void *p)
{
	const u8 *b = p;

	return b[0] | (u32)b[1] << 8 | (u32)b[2] << 16;
}

static inline u32 get_unaligned_be24(const void *p)
{
	const u8 *b = p;

	return (u32)b[0] << 16 | (u32)b[1] << 8 | b[2];
}

static inline void put_unaligned_le24(u32 val, void *p)
{
	u8 *b = p;

	b[0] = (u8)val;
	b[1] = (u8)(val >> 8);
	b[2] = (u8)(val >> 16);
}

static inline void put_unaligned_be24(u32 val, void *p)
{
	u8 *b = p;

	b[0] = (u8)(val >> 16);
	b[1] = (u8)(val >> 8);
	b[2] = (u8)val;
}

static inline u64 get_unaligned_be48(const void *p)
{
	const u8 *b = p;

	return (u64)get_unaligned_be16(b) << 32 | get_unaligned_be32(b + 2);
}

static inline void put_unaligned_be48(u64 val, void *p)
{
	u8 *b = p;

	put_unaligned_be16((u16)(val >> 32), b);
	put_unaligned_be32((u32)val, b + 2);
}

#endif
