/* SPDX-License-Identifier: MIT */
/*
 * linux/thread_info.h - a kernel thread's stack size and alignment, as
 * x86-64 and arm64 have them without KASAN: 16 KiB (zslab's tasks are
 * host threads, whose stacks are the host's; the constants are for code
 * that sizes or aligns buffers by them).
 */
#ifndef _ZSK_LINUX_THREAD_INFO_H
#define _ZSK_LINUX_THREAD_INFO_H

#include <asm/page.h>

#define THREAD_SIZE_ORDER 2
#define THREAD_SIZE (PAGE_SIZE << THREAD_SIZE_ORDER)
#ifndef THREAD_ALIGN
#define THREAD_ALIGN THREAD_SIZE
#endif

#endif
