/* SPDX-License-Identifier: MIT */
/* linux/hex.h - hex digits (kernel/lib/string.c). */
#ifndef _ZSK_LINUX_HEX_H
#define _ZSK_LINUX_HEX_H

#include <linux/types.h>

extern const char hex_asc[];
extern const char hex_asc_upper[];
#define hex_asc_lo(x) hex_asc[((x) & 0x0f)]
#define hex_asc_hi(x) hex_asc[((x) & 0xf0) >> 4]
#define hex_asc_upper_lo(x) hex_asc_upper[((x) & 0x0f)]
#define hex_asc_upper_hi(x) hex_asc_upper[((x) & 0xf0) >> 4]

static inline char *hex_byte_pack(char *buf, u8 byte)
{
	*buf++ = hex_asc_hi(byte);
	*buf++ = hex_asc_lo(byte);
	return buf;
}
static inline char *hex_byte_pack_upper(char *buf, u8 byte)
{
	*buf++ = hex_asc_upper_hi(byte);
	*buf++ = hex_asc_upper_lo(byte);
	return buf;
}

/** hex_to_bin() - the value of hex digit @ch, or -1. */
int hex_to_bin(unsigned char ch);
/** hex2bin() - decode @count bytes of hex text; 0 or -EINVAL. */
int __must_check hex2bin(u8 *dst, const char *src, size_t count);
/** bin2hex() - encode @count bytes as hex; returns the end of @dst. */
char *bin2hex(char *dst, const void *src, size_t count);

#endif
