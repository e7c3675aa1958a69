/* SPDX-License-Identifier: MIT */
/*
 * linux/ctype.h - character classes: the C library's, plus the kernel's
 * _tolower() (which assumes a letter: it only sets bit 5).
 */
#ifndef _ZSK_LINUX_CTYPE_H
#define _ZSK_LINUX_CTYPE_H

#include <ctype.h>

#undef _tolower
#define _tolower(c) ((char)((c) | 0x20))

static inline int isodigit(const char c)
{
	return c >= '0' && c <= '7';
}
#ifndef isascii
#define isascii(c) (((unsigned char)(c)) <= 0x7f)
#endif
#ifndef toascii
#define toascii(c) (((unsigned char)(c)) & 0x7f)
#endif

#endif
