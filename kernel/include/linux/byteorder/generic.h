/* SPDX-License-Identifier: MIT */
/* linux/byteorder/generic.h - the kernel's byte-order names; <asm/byteorder.h> holds them. */
#include <asm/byteorder.h>
