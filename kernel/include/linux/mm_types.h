/* SPDX-License-Identifier: MIT */
/*
 * linux/mm_types.h - struct page is zslab's and opaque (its fields are
 * private: use the accessors of linux/mm.h); struct page_frag_cache is
 * zslab's page_frag cache.
 */
#ifndef _ZSK_LINUX_MM_TYPES_H
#define _ZSK_LINUX_MM_TYPES_H

#include <linux/list.h>
#include <linux/page_frag_cache.h>
#include <linux/types.h>
#include <zslab/mm.h>

struct mm_struct;
struct vm_area_struct;
struct folio;

#endif
