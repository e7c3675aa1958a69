/* SPDX-License-Identifier: MIT */
/* asm/unaligned.h - the pre-6.12 name of <linux/unaligned.h>. */
#include <linux/unaligned.h>
