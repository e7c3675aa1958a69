/* SPDX-License-Identifier: MIT */
/*
 * asm/byteorder.h - this machine's byte order in the kernel's words: the
 * UAPI header gives the __cpu_to_le32() forms, and the names kernel code
 * uses (cpu_to_le32, be16_to_cpup, le32_add_cpu, cpu_to_le32_array, ...)
 * follow (the kernel's linux/byteorder/generic.h).
 */
#ifndef _ZSK_ASM_BYTEORDER_H
#define _ZSK_ASM_BYTEORDER_H

#include_next <asm/byteorder.h>
#include <linux/swab.h>
#include <linux/types.h>

#define cpu_to_le64 __cpu_to_le64
#define le64_to_cpu __le64_to_cpu
#define cpu_to_le32 __cpu_to_le32
#define le32_to_cpu __le32_to_cpu
#define cpu_to_le16 __cpu_to_le16
#define le16_to_cpu __le16_to_cpu
#define cpu_to_be64 __cpu_to_be64
#define be64_to_cpu __be64_to_cpu
#define cpu_to_be32 __cpu_to_be32
#define be32_to_cpu __be32_to_cpu
#define cpu_to_be16 __cpu_to_be16
#define be16_to_cpu __be16_to_cpu
#define cpu_to_le64p __cpu_to_le64p
#define le64_to_cpup __le64_to_cpup
#define cpu_to_le32p __cpu_to_le32p
#define le32_to_cpup __le32_to_cpup
#define cpu_to_le16p __cpu_to_le16p
#define le16_to_cpup __le16_to_cpup
#define cpu_to_be64p __cpu_to_be64p
#define be64_to_cpup __be64_to_cpup
#define cpu_to_be32p __cpu_to_be32p
#define be32_to_cpup __be32_to_cpup
#define cpu_to_be16p __cpu_to_be16p
#define be16_to_cpup __be16_to_cpup

/* Add @val to a stored little- or big-endian value (le32_add_cpu, ...). */
#define __ZSK_ADD_CPU(order, bits)                                                  \
	static inline void order##bits##_add_cpu(__##order##bits *var, u##bits val) \
	{                                                                           \
		*var = cpu_to_##order##bits((u##bits)(order##bits##_to_cpu(*var) + val)); \
	}
__ZSK_ADD_CPU(le, 16)
__ZSK_ADD_CPU(le, 32)
__ZSK_ADD_CPU(le, 64)
__ZSK_ADD_CPU(be, 16)
__ZSK_ADD_CPU(be, 32)
__ZSK_ADD_CPU(be, 64)
#undef __ZSK_ADD_CPU

/* Convert @len words in place (the _array forms of 5.x and later). */
static inline void cpu_to_le32_array(u32 *buf, unsigned int len)
{
	while (len--) {
		*buf = (__force u32)cpu_to_le32(*buf);
		buf++;
	}
}

static inline void le32_to_cpu_array(u32 *buf, unsigned int len)
{
	while (len--) {
		*buf = le32_to_cpu((__force __le32)*buf);
		buf++;
	}
}

static inline void cpu_to_be32_array(__be32 *dst, const u32 *src, size_t len)
{
	for (size_t i = 0; i < len; i++)
		dst[i] = cpu_to_be32(src[i]);
}

static inline void be32_to_cpu_array(u32 *dst, const __be32 *src, size_t len)
{
	for (size_t i = 0; i < len; i++)
		dst[i] = be32_to_cpu(src[i]);
}

#endif
