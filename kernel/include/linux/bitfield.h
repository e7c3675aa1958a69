/* SPDX-License-Identifier: MIT */
/* linux/bitfield.h - FIELD_PREP/FIELD_GET on contiguous masks. */
#ifndef _ZSK_LINUX_BITFIELD_H
#define _ZSK_LINUX_BITFIELD_H

#include <linux/bits.h>
#include <linux/build_bug.h>

#define __bf_shf(x) (__builtin_ffsll(x) - 1)
#define FIELD_MAX(_mask) ((typeof(_mask))((_mask) >> __bf_shf(_mask)))
#define FIELD_FIT(_mask, _val) (!((((typeof(_mask))(_val)) << __bf_shf(_mask)) & ~(_mask)))
#define FIELD_PREP(_mask, _val) ((typeof(_mask))(((typeof(_mask))(_val) << __bf_shf(_mask)) & (_mask)))
#define FIELD_GET(_mask, _reg) ((typeof(_mask))(((_reg) & (_mask)) >> __bf_shf(_mask)))
#define FIELD_MODIFY(_mask, _reg_p, _val) \
	(*(_reg_p) = (*(_reg_p) & ~(_mask)) | FIELD_PREP(_mask, _val))

#endif
