/* SPDX-License-Identifier: MIT */
/* linux/stringify.h - __stringify(): a string of the macro-expanded argument. */
#ifndef _ZSK_LINUX_STRINGIFY_H
#define _ZSK_LINUX_STRINGIFY_H

#define __stringify_1(x...) #x
#define __stringify(x...) __stringify_1(x)

#define FILE_LINE __FILE__ ":" __stringify(__LINE__)

#endif
