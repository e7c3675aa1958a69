/* SPDX-License-Identifier: MIT */
/* asm/timex.h - the architecture's get_cycles(): linux/timex.h's. */
#ifndef _ZSK_ASM_TIMEX_H
#define _ZSK_ASM_TIMEX_H

#include <linux/timex.h>

#endif
