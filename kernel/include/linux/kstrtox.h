/* SPDX-License-Identifier: MIT */
/*
 * linux/kstrtox.h - string to integer with the kernel's rules: base 0
 * accepts 0x/0 prefixes, one trailing newline is allowed, anything else
 * after the digits is -EINVAL, and a value out of the type's range is
 * -ERANGE (kernel/lib/kstrtox.c).
 */
#ifndef _ZSK_LINUX_KSTRTOX_H
#define _ZSK_LINUX_KSTRTOX_H

#include <linux/compiler.h>
#include <linux/types.h>

int __must_check kstrtoull(const char *s, unsigned int base, unsigned long long *res);
int __must_check kstrtoll(const char *s, unsigned int base, long long *res);
int __must_check kstrtoul(const char *s, unsigned int base, unsigned long *res);
int __must_check kstrtol(const char *s, unsigned int base, long *res);
int __must_check kstrtouint(const char *s, unsigned int base, unsigned int *res);
int __must_check kstrtoint(const char *s, unsigned int base, int *res);
int __must_check kstrtou64(const char *s, unsigned int base, u64 *res);
int __must_check kstrtos64(const char *s, unsigned int base, s64 *res);
int __must_check kstrtou32(const char *s, unsigned int base, u32 *res);
int __must_check kstrtos32(const char *s, unsigned int base, s32 *res);
int __must_check kstrtou16(const char *s, unsigned int base, u16 *res);
int __must_check kstrtos16(const char *s, unsigned int base, s16 *res);
int __must_check kstrtou8(const char *s, unsigned int base, u8 *res);
int __must_check kstrtos8(const char *s, unsigned int base, s8 *res);
int __must_check kstrtobool(const char *s, bool *res);
/*
 * kstrtoudec64() - a decimal "[+]int[.frac]" (either part may be empty, not
 * both) as a fixed-point integer: the value times 10^@scale, fractional
 * digits past @scale dropped.  -EINVAL for anything but one trailing
 * newline after the digits, -ERANGE when the result does not fit.
 * kstrtodec64() also takes a '-' and an s64.
 */
int __must_check kstrtoudec64(const char *s, unsigned int scale, u64 *res);
int __must_check kstrtodec64(const char *s, unsigned int scale, s64 *res);

unsigned long long simple_strtoull(const char *cp, char **endp, unsigned int base);
long long simple_strtoll(const char *cp, char **endp, unsigned int base);
unsigned long simple_strtoul(const char *cp, char **endp, unsigned int base);
long simple_strtol(const char *cp, char **endp, unsigned int base);

#define strtobool kstrtobool

#endif
