/* SPDX-License-Identifier: MIT */
/* asm/cacheflush.h - caches are coherent with the CPU: nothing to flush. */
#ifndef _ZSK_ASM_CACHEFLUSH_H
#define _ZSK_ASM_CACHEFLUSH_H

#define flush_cache_all() do { } while (0)
#define flush_dcache_page(page) do { (void)(page); } while (0)
#define flush_icache_range(start, end) do { } while (0)

#endif
