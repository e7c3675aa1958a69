/* SPDX-License-Identifier: MIT */
/* linux/kmod.h - request_module(): there are no modules to load. */
#ifndef _ZSK_LINUX_KMOD_H
#define _ZSK_LINUX_KMOD_H

#include <linux/errno.h>

#define request_module(mod...) (-ENOSYS)
#define request_module_nowait(mod...) (-ENOSYS)

#endif
