/* SPDX-License-Identifier: MIT */
/*
 * linux/sprintf.h - the kernel's printf family, with its %p extensions
 * (see linux/printk.h).  The C library's sprintf/snprintf/vsnprintf are
 * replaced by these names in files that include the compat tree; the
 * return values follow the kernel (scnprintf: bytes written).
 */
#ifndef _ZSK_LINUX_SPRINTF_H
#define _ZSK_LINUX_SPRINTF_H

#include <linux/compiler.h>
#include <linux/types.h>
#include <stdio.h>

__printf(3, 0) int zsk_vsnprintf(char *buf, size_t size, const char *fmt, va_list args);
__printf(3, 4) int zsk_snprintf(char *buf, size_t size, const char *fmt, ...);
__printf(2, 3) int zsk_sprintf(char *buf, const char *fmt, ...);
__printf(2, 0) int zsk_vsprintf(char *buf, const char *fmt, va_list args);
__printf(3, 0) int vscnprintf(char *buf, size_t size, const char *fmt, va_list args);
__printf(3, 4) int scnprintf(char *buf, size_t size, const char *fmt, ...);
/** kasprintf() - kmalloc'ed formatted string (free with kfree). */
__printf(2, 3) __malloc char *kasprintf(gfp_t gfp, const char *fmt, ...);
__printf(2, 0) __malloc char *kvasprintf(gfp_t gfp, const char *fmt, va_list args);
__printf(2, 0) const char *kvasprintf_const(gfp_t gfp, const char *fmt, va_list args);
int num_to_str(char *buf, int size, unsigned long long num, unsigned int width);

#define vsnprintf zsk_vsnprintf
#define snprintf zsk_snprintf
#define sprintf zsk_sprintf
#define vsprintf zsk_vsprintf

#endif
