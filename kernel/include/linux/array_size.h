/* SPDX-License-Identifier: MIT */
/* linux/array_size.h - ARRAY_SIZE(), which refuses a pointer. */
#ifndef _ZSK_LINUX_ARRAY_SIZE_H
#define _ZSK_LINUX_ARRAY_SIZE_H

#include <linux/compiler.h>

#define ARRAY_SIZE(arr) (sizeof(arr) / sizeof((arr)[0]) + __must_be_array(arr))

#endif
