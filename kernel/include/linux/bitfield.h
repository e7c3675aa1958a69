/* SPDX-License-Identifier: MIT */
/* linux/bitfield.h - FIELD_PREP/FIELD_GET on contiguous masks. */
#ifndef _ZSK_LINUX_BITFIELD_H
#define _ZSK_LINUX_BITFIELD_H

#include <asm/byteorder.h>
#include <linux/bits.h>
#include <linux/build_bug.h>
#include <linux/compiler.h>
#include <linux/types.h>

#define __bf_shf(x) (__builtin_ffsll(x) - 1)
#define FIELD_MAX(_mask) ((typeof(_mask))((_mask) >> __bf_shf(_mask)))
#define FIELD_FIT(_mask, _val) (!((((typeof(_mask))(_val)) << __bf_shf(_mask)) & ~(_mask)))
#define FIELD_PREP(_mask, _val) ((typeof(_mask))(((typeof(_mask))(_val) << __bf_shf(_mask)) & (_mask)))
#define FIELD_GET(_mask, _reg) ((typeof(_mask))(((_reg) & (_mask)) >> __bf_shf(_mask)))
#define FIELD_MODIFY(_mask, _reg_p, _val) \
	(*(_reg_p) = (*(_reg_p) & ~(_mask)) | FIELD_PREP(_mask, _val))

/*
 * The typed forms: <type>_encode_bits(v, field) puts @v into the bits of
 * the contiguous mask @field, <type>_get_bits(x, field) takes it out,
 * <type>_replace_bits(old, v, field) and <type>p_replace_bits(p, v, field)
 * swap it in; the le/be types convert from and to the CPU's order.  The
 * lowest set bit of @field is its multiplier.
 */
#define __zsk_bf_mult(field) ((field) & -(field))
#define __zsk_bf_mask(field) ((field) / __zsk_bf_mult(field))
#define __ZSK_MAKE_BITS(name, type, base, to, from) \
static __always_inline type name##_encode_bits(base v, base field) \
{ \
	return to((base)((v & __zsk_bf_mask(field)) * __zsk_bf_mult(field))); \
} \
static __always_inline base name##_get_bits(type v, base field) \
{ \
	return (base)((from(v) & field) / __zsk_bf_mult(field)); \
} \
static __always_inline type name##_replace_bits(type old, base val, base field) \
{ \
	return (old & ~to(field)) | name##_encode_bits(val, field); \
} \
static __always_inline void name##p_replace_bits(type *p, base val, base field) \
{ \
	*p = (*p & ~to(field)) | name##_encode_bits(val, field); \
}
#define __zsk_bf_same(x) (x)
__ZSK_MAKE_BITS(u8, u8, u8, __zsk_bf_same, __zsk_bf_same)
__ZSK_MAKE_BITS(u16, u16, u16, __zsk_bf_same, __zsk_bf_same)
__ZSK_MAKE_BITS(u32, u32, u32, __zsk_bf_same, __zsk_bf_same)
__ZSK_MAKE_BITS(u64, u64, u64, __zsk_bf_same, __zsk_bf_same)
__ZSK_MAKE_BITS(le16, __le16, u16, cpu_to_le16, le16_to_cpu)
__ZSK_MAKE_BITS(le32, __le32, u32, cpu_to_le32, le32_to_cpu)
__ZSK_MAKE_BITS(le64, __le64, u64, cpu_to_le64, le64_to_cpu)
__ZSK_MAKE_BITS(be16, __be16, u16, cpu_to_be16, be16_to_cpu)
__ZSK_MAKE_BITS(be32, __be32, u32, cpu_to_be32, be32_to_cpu)
__ZSK_MAKE_BITS(be64, __be64, u64, cpu_to_be64, be64_to_cpu)

#endif
