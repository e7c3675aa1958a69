// SPDX-License-Identifier: MIT
/* string.c - the kernel's string helpers that the C library lacks. */
#include <linux/ctype.h>
#include <linux/errno.h>
#include <linux/hex.h>
#include <linux/kernel.h>
#include <linux/string.h>

const char hex_asc[] = "0123456789abcdef";
const char hex_asc_upper[] = "0123456789ABCDEF";

ssize_t sized_strscpy(char *dst, const char *src, size_t count)
{
	size_t len;

	if (count == 0 || count > INT_MAX)
		return -E2BIG;
	len = strnlen(src, count);
	if (len == count) {
		memcpy(dst, src, count - 1);
		dst[count - 1] = 0;
		return -E2BIG;
	}
	memcpy(dst, src, len + 1);
	return (ssize_t)len;
}

ssize_t zsk_strscpy_pad(char *dst, const char *src, size_t count)
{
	ssize_t written = sized_strscpy(dst, src, count);

	if (written < 0 || (size_t)written == count - 1)
		return written;
	memset(dst + written + 1, 0, count - (size_t)written - 1);
	return written;
}

#if !defined(__GLIBC__) || __GLIBC__ < 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ < 38)
size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t ret = strlen(src);

	if (size) {
		size_t len = ret >= size ? size - 1 : ret;

		memcpy(dst, src, len);
		dst[len] = 0;
	}
	return ret;
}

size_t strlcat(char *dst, const char *src, size_t count)
{
	size_t dsize = strnlen(dst, count), len = strlen(src), res = dsize + len;

	if (dsize == count)
		return res;
	dst += dsize;
	count -= dsize;
	if (len >= count)
		len = count - 1;
	memcpy(dst, src, len);
	dst[len] = 0;
	return res;
}
#endif

char *strnchr(const char *s, size_t count, int c)
{
	while (count--) {
		if (*s == (char)c)
			return (char *)s;
		if (*s++ == '\0')
			break;
	}
	return NULL;
}

char *skip_spaces(const char *str)
{
	while (isspace((unsigned char)*str))
		++str;
	return (char *)str;
}

char *strim(char *s)
{
	size_t size = strlen(s);
	char *end;

	if (!size)
		return s;
	end = s + size - 1;
	while (end >= s && isspace((unsigned char)*end))
		end--;
	*(end + 1) = '\0';
	return skip_spaces(s);
}

char *strreplace(char *str, char old, char new_char)
{
	char *s = str;

	for (; *s; ++s)
		if (*s == old)
			*s = new_char;
	return s;
}

bool sysfs_streq(const char *s1, const char *s2)
{
	while (*s1 && *s1 == *s2) {
		s1++;
		s2++;
	}
	if (*s1 == *s2)
		return true;
	if (!*s1 && *s2 == '\n' && !s2[1])
		return true;
	if (*s1 == '\n' && !s1[1] && !*s2)
		return true;
	return false;
}

int match_string(const char *const *array, size_t n, const char *string)
{
	for (size_t index = 0; index < n; index++) {
		if (!array[index])
			break;
		if (!strcmp(array[index], string))
			return (int)index;
	}
	return -EINVAL;
}

int __sysfs_match_string(const char *const *array, size_t n, const char *str)
{
	for (size_t index = 0; index < n; index++)
		if (array[index] && sysfs_streq(array[index], str))
			return (int)index;
	return -EINVAL;
}

void *memchr_inv(const void *start, int c, size_t bytes)
{
	const u8 *p = start;

	for (size_t i = 0; i < bytes; i++)
		if (p[i] != (u8)c)
			return (void *)(p + i);
	return NULL;
}

void *memscan(void *addr, int c, size_t size)
{
	unsigned char *p = addr;

	while (size) {
		if (*p == (unsigned char)c)
			return p;
		p++;
		size--;
	}
	return p;
}

void memzero_explicit(void *s, size_t count)
{
	explicit_bzero(s, count);
}

int hex_to_bin(unsigned char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	ch = (unsigned char)tolower(ch);
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	return -1;
}

int hex2bin(u8 *dst, const char *src, size_t count)
{
	while (count--) {
		int hi = hex_to_bin((unsigned char)*src++), lo;

		if (hi < 0)
			return -EINVAL;
		lo = hex_to_bin((unsigned char)*src++);
		if (lo < 0)
			return -EINVAL;
		*dst++ = (u8)((hi << 4) | lo);
	}
	return 0;
}

char *bin2hex(char *dst, const void *src, size_t count)
{
	const unsigned char *_src = src;

	while (count--)
		dst = hex_byte_pack(dst, *_src++);
	return dst;
}
