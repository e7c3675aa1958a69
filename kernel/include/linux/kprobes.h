/* SPDX-License-Identifier: MIT */
/*
 * linux/kprobes.h - CONFIG_KPROBES is not set in zslab-kernel
 * (linux/kconfig.h): probing a function means patching its first
 * instruction with a breakpoint and taking the trap in the kernel, which a
 * process cannot do to itself.  Kernel code keeps its kprobe paths under
 * #ifdef CONFIG_KPROBES and compiles without them, as in a kernel
 * configured without kprobes.
 */
#ifndef _ZSK_LINUX_KPROBES_H
#define _ZSK_LINUX_KPROBES_H

#include <linux/types.h>

struct kprobe;
struct pt_regs;

#endif
