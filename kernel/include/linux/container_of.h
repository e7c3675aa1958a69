/* SPDX-License-Identifier: MIT */
/* linux/container_of.h - the structure that contains a member. */
#ifndef _ZSK_LINUX_CONTAINER_OF_H
#define _ZSK_LINUX_CONTAINER_OF_H

#include <linux/build_bug.h>
#include <linux/stddef.h>

/**
 * container_of() - the address of the @type whose @member is at @ptr.
 * @ptr must point to a @member of a @type (checked at compile time).
 */
#define container_of(ptr, type, member) ({ \
	void *__zsk_mptr = (void *)(ptr); \
	_Static_assert(__same_type(*(ptr), ((type *)0)->member) || \
		       __same_type(*(ptr), void), \
		       "pointer type mismatch in container_of()"); \
	((type *)((char *)__zsk_mptr - offsetof(type, member))); })

/** container_of_const() - container_of() keeping @ptr's constness. */
#define container_of_const(ptr, type, member) \
	_Generic(ptr, \
		 const typeof(*(ptr)) *: ((const type *)container_of(ptr, type, member)), \
		 default: ((type *)container_of(ptr, type, member)))

#endif
