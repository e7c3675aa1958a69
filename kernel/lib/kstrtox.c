// SPDX-License-Identifier: MIT
/*
 * kstrtox.c - kstrto*() with the kernel's rules (see linux/kstrtox.h) and
 * the simple_strto*() family (which stop at the first non-digit).
 */
#include <linux/ctype.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/kstrtox.h>

/* Skip a base prefix; returns the base to use. */
static const char *parse_base(const char *s, unsigned int *base)
{
	if (*base == 0) {
		if (s[0] == '0') {
			if (_tolower(s[1]) == 'x' && isxdigit((unsigned char)s[2]))
				*base = 16;
			else
				*base = 8;
		} else {
			*base = 10;
		}
	}
	if (*base == 16 && s[0] == '0' && _tolower(s[1]) == 'x')
		s += 2;
	return s;
}

/* Digits of @s into @res; the number of characters used, or -ERANGE. */
static int parse_digits(const char *s, unsigned int base, unsigned long long *res)
{
	unsigned long long v = 0;
	int n = 0;

	for (;; n++, s++) {
		unsigned int d;

		if (isdigit((unsigned char)*s))
			d = (unsigned int)(*s - '0');
		else if (isalpha((unsigned char)*s))
			d = (unsigned int)(_tolower(*s) - 'a' + 10);
		else
			break;
		if (d >= base)
			break;
		if (__builtin_mul_overflow(v, base, &v) || __builtin_add_overflow(v, d, &v))
			return -ERANGE;
	}
	*res = v;
	return n;
}

/* kstrtoull() after its optional '+': so that kstrtoll() takes no "-+1". */
static int kstrtoull_unsigned(const char *s, unsigned int base, unsigned long long *res)
{
	unsigned long long v;
	int n;

	s = parse_base(s, &base);
	n = parse_digits(s, base, &v);
	if (n < 0)
		return n;
	if (n == 0)
		return -EINVAL;
	s += n;
	if (*s == '\n')
		s++;
	if (*s)
		return -EINVAL;
	*res = v;
	return 0;
}

int kstrtoull(const char *s, unsigned int base, unsigned long long *res)
{
	return kstrtoull_unsigned(s[0] == '+' ? s + 1 : s, base, res);
}

int kstrtoll(const char *s, unsigned int base, long long *res)
{
	unsigned long long tmp;
	int rv;

	if (s[0] == '-') {
		rv = kstrtoull_unsigned(s + 1, base, &tmp);
		if (rv < 0)
			return rv;
		if (tmp > (unsigned long long)LLONG_MAX + 1)
			return -ERANGE;
		*res = (long long)(0 - tmp);  /* LLONG_MIN too, without overflow */
	} else {
		rv = kstrtoull(s, base, &tmp);
		if (rv < 0)
			return rv;
		if (tmp > (unsigned long long)LLONG_MAX)
			return -ERANGE;
		*res = (long long)tmp;
	}
	return 0;
}

#define ZSK_KSTRTO_U(name, type, maxv) \
int name(const char *s, unsigned int base, type *res) \
{ \
	unsigned long long tmp; \
	int rv = kstrtoull(s, base, &tmp); \
	if (rv < 0) \
		return rv; \
	if (tmp > (unsigned long long)(maxv)) \
		return -ERANGE; \
	*res = (type)tmp; \
	return 0; \
}
#define ZSK_KSTRTO_S(name, type, minv, maxv) \
int name(const char *s, unsigned int base, type *res) \
{ \
	long long tmp; \
	int rv = kstrtoll(s, base, &tmp); \
	if (rv < 0) \
		return rv; \
	if (tmp < (long long)(minv) || tmp > (long long)(maxv)) \
		return -ERANGE; \
	*res = (type)tmp; \
	return 0; \
}
ZSK_KSTRTO_U(kstrtoul, unsigned long, ULONG_MAX)
ZSK_KSTRTO_S(kstrtol, long, LONG_MIN, LONG_MAX)
ZSK_KSTRTO_U(kstrtouint, unsigned int, UINT_MAX)
ZSK_KSTRTO_S(kstrtoint, int, INT_MIN, INT_MAX)
ZSK_KSTRTO_U(kstrtou64, u64, U64_MAX)
ZSK_KSTRTO_S(kstrtos64, s64, S64_MIN, S64_MAX)
ZSK_KSTRTO_U(kstrtou32, u32, U32_MAX)
ZSK_KSTRTO_S(kstrtos32, s32, S32_MIN, S32_MAX)
ZSK_KSTRTO_U(kstrtou16, u16, U16_MAX)
ZSK_KSTRTO_S(kstrtos16, s16, S16_MIN, S16_MAX)
ZSK_KSTRTO_U(kstrtou8, u8, U8_MAX)
ZSK_KSTRTO_S(kstrtos8, s8, S8_MIN, S8_MAX)

/* *@v = *@v * 10 + @d, false on overflow. */
static bool dec_push(u64 *v, unsigned int d)
{
	return !__builtin_mul_overflow(*v, 10, v) && !__builtin_add_overflow(*v, d, v);
}

/* The magnitude of a decimal after its sign, scaled by 10^@scale. */
static int parse_decimal(const char *s, unsigned int scale, u64 *res)
{
	bool digits = false, range = true;
	unsigned int k = 0;
	u64 v = 0;

	for (; *s >= '0' && *s <= '9'; s++, digits = true)
		range = range && dec_push(&v, (unsigned int)(*s - '0'));
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++, k++, digits = true)
			if (k < scale)   /* digits past the scale are dropped */
				range = range && dec_push(&v, (unsigned int)(*s - '0'));
	/* and missing ones are zeros: 0 stays 0, anything else overflows
	 * within 20 of them, so a huge @scale costs no more than that */
	for (; k < scale && v && range; k++)
		range = dec_push(&v, 0);
	if (*s == '\n')
		s++;
	if (!digits || *s)
		return -EINVAL;
	*res = v;
	return range ? 0 : -ERANGE;
}

int kstrtoudec64(const char *s, unsigned int scale, u64 *res)
{
	u64 v;
	int err = parse_decimal(*s == '+' ? s + 1 : s, scale, &v);

	if (!err)
		*res = v;
	return err;
}

int kstrtodec64(const char *s, unsigned int scale, s64 *res)
{
	bool neg = *s == '-';
	u64 v;
	int err = parse_decimal(neg || *s == '+' ? s + 1 : s, scale, &v);

	if (err)
		return err;
	if (v > (u64)S64_MAX + neg)
		return -ERANGE;
	*res = neg ? (s64)(0 - v) : (s64)v;
	return 0;
}

int kstrtobool(const char *s, bool *res)
{
	if (!s)
		return -EINVAL;
	switch (s[0]) {
	case 'y': case 'Y': case 't': case 'T': case '1':
		*res = true;
		return 0;
	case 'n': case 'N': case 'f': case 'F': case '0':
		*res = false;
		return 0;
	case 'o': case 'O':
		switch (s[1]) {
		case 'n': case 'N':
			*res = true;
			return 0;
		case 'f': case 'F':
			*res = false;
			return 0;
		}
		break;
	}
	return -EINVAL;
}

unsigned long long simple_strtoull(const char *cp, char **endp, unsigned int base)
{
	unsigned long long v = 0;
	const char *s = parse_base(cp, &base);
	int n = parse_digits(s, base, &v);

	if (n < 0)
		n = 0;
	if (endp)
		*endp = (char *)(s + n);
	return v;
}

long long simple_strtoll(const char *cp, char **endp, unsigned int base)
{
	if (*cp == '-')
		return -(long long)simple_strtoull(cp + 1, endp, base);
	return (long long)simple_strtoull(cp, endp, base);
}

unsigned long simple_strtoul(const char *cp, char **endp, unsigned int base)
{
	return (unsigned long)simple_strtoull(cp, endp, base);
}

long simple_strtol(const char *cp, char **endp, unsigned int base)
{
	return (long)simple_strtoll(cp, endp, base);
}
