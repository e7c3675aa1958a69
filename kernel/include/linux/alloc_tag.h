/* SPDX-License-Identifier: MIT */
/* linux/alloc_tag.h - memory allocation profiling (6.10+): not profiled. */
#ifndef _ZSK_LINUX_ALLOC_TAG_H
#define _ZSK_LINUX_ALLOC_TAG_H

#define alloc_hooks(_do_alloc) (_do_alloc)
#define alloc_hooks_tag(_tag, _do_alloc) (_do_alloc)
#define mem_alloc_profiling_enabled() false

#endif
