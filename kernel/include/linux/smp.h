/* SPDX-License-Identifier: MIT */
/*
 * linux/smp.h - processors.  zslab's own per-CPU structures are per
 * thread, so the kernel's CPU number is always 0 here; num_online_cpus()
 * is the host's processor count, at most CONFIG_NR_CPUS, as nr_cpu_ids
 * is.  Per-CPU variables have a copy for each of those CPUs
 * (linux/percpu-defs.h).
 */
#ifndef _ZSK_LINUX_SMP_H
#define _ZSK_LINUX_SMP_H

#include <linux/compiler.h>

unsigned int zsk_num_cpus(void);
#define smp_processor_id() 0
#define raw_smp_processor_id() 0
#define get_cpu() ({ preempt_disable(); 0; })
#define put_cpu() preempt_enable()
#define num_online_cpus() zsk_num_cpus()
#define num_possible_cpus() zsk_num_cpus()
#define num_present_cpus() zsk_num_cpus()
#define nr_cpu_ids zsk_num_cpus()
#define for_each_possible_cpu(cpu) for ((cpu) = 0; (cpu) < (int)zsk_num_cpus(); (cpu)++)
#define for_each_online_cpu(cpu) for_each_possible_cpu(cpu)
#define for_each_present_cpu(cpu) for_each_possible_cpu(cpu)
#define cpu_online(cpu) ((unsigned int)(cpu) < zsk_num_cpus())

#endif
