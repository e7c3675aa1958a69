/* SPDX-License-Identifier: MIT */
/* linux/compiler_attributes.h - in linux/compiler_types.h. */
#include <linux/compiler_types.h>
