/* SPDX-License-Identifier: MIT */
/* linux/workqueue_types.h - struct work_struct (linux/workqueue.h has the rest). */
#ifndef _ZSK_LINUX_WORKQUEUE_TYPES_H
#define _ZSK_LINUX_WORKQUEUE_TYPES_H

#include <linux/atomic.h>
#include <linux/types.h>

struct work_struct;
typedef void (*work_func_t)(struct work_struct *work);

/*
 * struct work_struct - a work item.
 * @data: WORK_STRUCT_PENDING while queued (or its delayed timer armed)
 * @entry: its place on a workqueue's list while queued
 * @func: what a worker calls
 * @zsk_seq: the queue's sequence number when it was queued (flushes)
 *
 * Invariant (under the workqueue lock): @entry is linked exactly when the
 * item is queued; PENDING is set when it is queued or its timer armed.
 */
struct work_struct {
	atomic_long_t data;
	struct list_head entry;
	work_func_t func;
	unsigned long zsk_seq;
};

#endif
