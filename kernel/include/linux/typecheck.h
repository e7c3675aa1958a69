/* SPDX-License-Identifier: MIT */
/* linux/typecheck.h - warn when a variable is not of the expected type. */
#ifndef _ZSK_LINUX_TYPECHECK_H
#define _ZSK_LINUX_TYPECHECK_H

#define typecheck(type, x) ({ \
	type __zsk_dummy; \
	typeof(x) __zsk_dummy2; \
	(void)(&__zsk_dummy == &__zsk_dummy2); \
	1; })
#define typecheck_fn(type, function) ({ \
	typeof(type) __zsk_tmp = function; \
	(void)__zsk_tmp; })
#define typecheck_pointer(x) ({ \
	typeof(x) __zsk_dummy; \
	(void)sizeof(*__zsk_dummy); \
	1; })

#endif
