/* SPDX-License-Identifier: MIT */
/*
 * linux/page_ref.h - page reference counts: zslab's (get_page, put_page,
 * page_count, page_ref_*, set_page_count, where the last put_page frees),
 * declared in <zslab/mm.h> when this zslab has them.
 */
#ifndef _ZSK_LINUX_PAGE_REF_H
#define _ZSK_LINUX_PAGE_REF_H

#include <zslab/mm.h>

#endif
