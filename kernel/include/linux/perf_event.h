/* SPDX-License-Identifier: MIT */
/*
 * linux/perf_event.h - CONFIG_PERF_EVENTS is not set in zslab-kernel
 * (linux/kconfig.h): a process has no PMU to program and no NMI to
 * deliver an overflow in, so kernel code keeps its perf paths under
 * #ifdef CONFIG_PERF_EVENTS and compiles without them, as in a kernel
 * configured without perf.  This header exists for that code's include.
 */
#ifndef _ZSK_LINUX_PERF_EVENT_H
#define _ZSK_LINUX_PERF_EVENT_H

#include <linux/types.h>

struct perf_event;
struct perf_event_attr;
struct perf_sample_data;
struct pt_regs;

#endif
