/* SPDX-License-Identifier: MIT */
/* linux/timekeeping.h - in linux/ktime.h. */
#include <linux/ktime.h>
