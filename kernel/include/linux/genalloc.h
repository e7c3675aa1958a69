/* SPDX-License-Identifier: MIT */
/* linux/genalloc.h - general-purpose special-memory pools: zslab's genalloc. */
#ifndef _ZSK_LINUX_GENALLOC_H
#define _ZSK_LINUX_GENALLOC_H

#include <linux/types.h>
#include <zslab/genalloc.h>

#endif
