/* SPDX-License-Identifier: MIT */
/*
 * linux/preempt.h - preemption and interrupt control.  A process cannot
 * turn either off; these only keep the kernel's bracketing compilable.
 */
#ifndef _ZSK_LINUX_PREEMPT_H
#define _ZSK_LINUX_PREEMPT_H

#define preempt_disable() barrier()
#define preempt_enable() barrier()
#define preempt_enable_no_resched() barrier()
#define preempt_disable_notrace() barrier()
#define preempt_enable_notrace() barrier()
#define preempt_count() 0
#define migrate_disable() barrier()
#define migrate_enable() barrier()
#define local_irq_disable() barrier()
#define local_irq_enable() barrier()
#define local_irq_save(flags) do { (flags) = 0; barrier(); } while (0)
#define local_irq_restore(flags) do { (void)(flags); barrier(); } while (0)
#define local_bh_disable() barrier()
#define local_bh_enable() barrier()
#define local_save_flags(flags) do { (flags) = 0; } while (0)
#define raw_local_irq_save(flags) local_irq_save(flags)
#define raw_local_irq_restore(flags) local_irq_restore(flags)

#endif
