/* SPDX-License-Identifier: MIT */
/* linux/workqueue_types.h - struct work_struct (workqueues: a gap). */
#ifndef _ZSK_LINUX_WORKQUEUE_TYPES_H
#define _ZSK_LINUX_WORKQUEUE_TYPES_H

#include <linux/types.h>

struct work_struct;
typedef void (*work_func_t)(struct work_struct *work);

#endif
