/* SPDX-License-Identifier: MIT */
/*
 * linux/err.h - error values in pointers: the top MAX_ERRNO addresses of
 * the address space encode -errno, as in the kernel.
 */
#ifndef _ZSK_LINUX_ERR_H
#define _ZSK_LINUX_ERR_H

#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/types.h>

#define MAX_ERRNO 4095
#define IS_ERR_VALUE(x) unlikely((unsigned long)(void *)(x) >= (unsigned long)-MAX_ERRNO)

/** ERR_PTR() - the pointer that encodes @error (a negative errno). */
static inline void *__must_check ERR_PTR(long error)
{
	return (void *)error;
}

/** PTR_ERR() - the errno that @ptr encodes. */
static inline long __must_check PTR_ERR(const void *ptr)
{
	return (long)ptr;
}

/** IS_ERR() - true when @ptr encodes an errno. */
static inline bool __must_check IS_ERR(const void *ptr)
{
	return IS_ERR_VALUE((unsigned long)ptr);
}

/** IS_ERR_OR_NULL() - true for NULL and for an encoded errno. */
static inline bool __must_check IS_ERR_OR_NULL(const void *ptr)
{
	return unlikely(!ptr) || IS_ERR_VALUE((unsigned long)ptr);
}

/** ERR_CAST() - an error pointer as another pointer type. */
static inline void *__must_check ERR_CAST(const void *ptr)
{
	return (void *)ptr;
}

/** PTR_ERR_OR_ZERO() - the errno @ptr encodes, or 0. */
static inline int __must_check PTR_ERR_OR_ZERO(const void *ptr)
{
	return IS_ERR(ptr) ? (int)PTR_ERR(ptr) : 0;
}

#define PTR_RET(p) PTR_ERR_OR_ZERO(p)

#endif
