/* SPDX-License-Identifier: MIT */
/*
 * linux/string.h - the kernel's string and memory functions: the C
 * library's, plus the kernel's own (kernel/lib/string.c).  strscpy()
 * returns the copied length or -E2BIG on truncation, and takes an
 * optional size (2-argument form for arrays, 6.8+).
 */
#ifndef _ZSK_LINUX_STRING_H
#define _ZSK_LINUX_STRING_H

#include <linux/build_bug.h>
#include <linux/compiler.h>
#include <linux/err.h>
#include <linux/types.h>
#include <string.h>
#include <strings.h>

ssize_t sized_strscpy(char *dst, const char *src, size_t count);
ssize_t zsk_strscpy_pad(char *dst, const char *src, size_t count);
#define __zsk_strscpy_2(dst, src) sized_strscpy(dst, src, sizeof(dst) + __must_be_array(dst))
#define __zsk_strscpy_3(dst, src, size) sized_strscpy(dst, src, size)
#define __zsk_strscpy_pad_2(dst, src) zsk_strscpy_pad(dst, src, sizeof(dst) + __must_be_array(dst))
#define __zsk_strscpy_pad_3(dst, src, size) zsk_strscpy_pad(dst, src, size)
#define __zsk_pick(_1, _2, _3, name, ...) name
/* strscpy(dst, src[, size]) */
#define strscpy(...) __zsk_pick(__VA_ARGS__, __zsk_strscpy_3, __zsk_strscpy_2, _)(__VA_ARGS__)
#define strscpy_pad(...) __zsk_pick(__VA_ARGS__, __zsk_strscpy_pad_3, __zsk_strscpy_pad_2, _)(__VA_ARGS__)

#if !defined(__GLIBC__) || __GLIBC__ < 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ < 38)
size_t strlcpy(char *dst, const char *src, size_t size);
size_t strlcat(char *dst, const char *src, size_t count);
#endif
char *strnchr(const char *s, size_t count, int c);
char *skip_spaces(const char *str);
char *strim(char *s);
static inline __must_check char *strstrip(char *str)
{
	return strim(str);
}
char *strreplace(char *str, char old, char new_char);
bool sysfs_streq(const char *s1, const char *s2);
int match_string(const char *const *array, size_t n, const char *string);
int __sysfs_match_string(const char *const *array, size_t n, const char *str);
#define sysfs_match_string(_a, _s) __sysfs_match_string(_a, ARRAY_SIZE(_a), _s)
void *memchr_inv(const void *start, int c, size_t bytes);
void *memscan(void *addr, int c, size_t size);
void memzero_explicit(void *s, size_t count);
static inline const char *kbasename(const char *path)
{
	const char *tail = strrchr(path, '/');

	return tail ? tail + 1 : path;
}

static inline bool strstarts(const char *str, const char *prefix)
{
	return strncmp(str, prefix, strlen(prefix)) == 0;
}
/** str_has_prefix() - strlen(@prefix) when @str starts with it, else 0. */
static inline size_t str_has_prefix(const char *str, const char *prefix)
{
	size_t len = strlen(prefix);

	return strncmp(str, prefix, len) == 0 ? len : 0;
}
static inline bool strends(const char *str, const char *suffix)
{
	size_t n = strlen(str), m = strlen(suffix);

	return n >= m && !strcmp(str + n - m, suffix);
}
static inline void *memset16(u16 *s, u16 v, size_t count)
{
	for (size_t i = 0; i < count; i++)
		s[i] = v;
	return s;
}
static inline void *memset32(u32 *s, u32 v, size_t count)
{
	for (size_t i = 0; i < count; i++)
		s[i] = v;
	return s;
}
static inline void *memset64(u64 *s, u64 v, size_t count)
{
	for (size_t i = 0; i < count; i++)
		s[i] = v;
	return s;
}
static inline void *memset_l(unsigned long *p, unsigned long v, size_t n)
{
	return memset64((u64 *)p, v, n);
}
static inline void *memset_p(void **p, void *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = v;
	return p;
}
static inline void memcpy_and_pad(void *dest, size_t dest_len, const void *src,
				  size_t count, int pad)
{
	if (dest_len > count) {
		memcpy(dest, src, count);
		memset((char *)dest + count, pad, dest_len - count);
	} else {
		memcpy(dest, src, dest_len);
	}
}
#define memset_after(obj, v, member) \
	memset((u8 *)(obj) + offsetofend(typeof(*(obj)), member), v, \
	       sizeof(*(obj)) - offsetofend(typeof(*(obj)), member))
#define memset_startat(obj, v, member) \
	memset((u8 *)(obj) + offsetof(typeof(*(obj)), member), v, \
	       sizeof(*(obj)) - offsetof(typeof(*(obj)), member))
#define unsafe_memcpy(dst, src, bytes, justification) memcpy(dst, src, bytes)

/*
 * Fixed-size byte arrays that need not hold a NUL (on-disk and hardware
 * records): strtomem() copies what fits of the string @src into the array
 * @dest, strtomem_pad() fills the rest with @pad; memtostr() copies such
 * an array @src into the string array @dest, always NUL-terminated,
 * memtostr_pad() zeroes the rest.  Both sizes are the arrays' own.
 */
#define strtomem_pad(dest, src, pad) do { \
	const size_t __zsk_dl = sizeof(dest) + __must_be_array(dest); \
	memcpy_and_pad(dest, __zsk_dl, src, strnlen(src, __zsk_dl), pad); \
} while (0)
#define strtomem(dest, src) do { \
	const size_t __zsk_dl = sizeof(dest) + __must_be_array(dest); \
	memcpy(dest, src, strnlen(src, __zsk_dl)); \
} while (0)
#define __zsk_memtostr(dest, src, pad) do { \
	const size_t __zsk_dl = sizeof(dest) + __must_be_array(dest); \
	const size_t __zsk_n = strnlen((const char *)(src), sizeof(src) + __must_be_array(src)); \
	const size_t __zsk_c = __zsk_n < __zsk_dl - 1 ? __zsk_n : __zsk_dl - 1; \
	BUILD_BUG_ON(sizeof(dest) == 0); \
	memcpy(dest, src, __zsk_c); \
	memset((char *)(dest) + __zsk_c, 0, (pad) ? __zsk_dl - __zsk_c : 1); \
} while (0)
#define memtostr(dest, src) __zsk_memtostr(dest, src, 0)
#define memtostr_pad(dest, src) __zsk_memtostr(dest, src, 1)


#include <linux/string_choices.h>

/* kmemdup() and friends are zslab's (kmalloc'ed copies). */
#include <zslab/slab.h>

#endif
