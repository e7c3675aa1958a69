/* SPDX-License-Identifier: MIT */
/*
 * linux/kasan.h - KASAN hooks.  CONFIG_KASAN is off in zslab-kernel (even
 * when zslab is built with AddressSanitizer, which does not watch slub_debug
 * caches), so these do nothing, as in the kernel without KASAN.
 */
#ifndef _ZSK_LINUX_KASAN_H
#define _ZSK_LINUX_KASAN_H

#include <linux/types.h>

#define kasan_disable_current() do { } while (0)
#define kasan_enable_current() do { } while (0)
#define kasan_reset_tag(addr) ((void *)(addr))
#define kasan_enabled() false
#define kasan_check_read(p, size) true
#define kasan_check_write(p, size) true
#define kasan_unpoison_range(addr, size) do { } while (0)
#define kasan_poison_range(addr, size) do { } while (0)

#endif
