/* SPDX-License-Identifier: MIT */
/*
 * linux/timex.h - get_cycles(): the CPU's cycle counter where a process
 * may read it (x86's TSC, arm64's virtual counter), else the monotonic
 * clock in nanoseconds.  Like the kernel's, its unit is the counter's.
 */
#ifndef _ZSK_LINUX_TIMEX_H
#define _ZSK_LINUX_TIMEX_H

#include <linux/types.h>
#include <time.h>

typedef unsigned long long cycles_t;

static inline cycles_t get_cycles(void)
{
#if defined(__x86_64__) || defined(__i386__)
	return __builtin_ia32_rdtsc();
#elif defined(__aarch64__)
	cycles_t c;

	__asm__ __volatile__("mrs %0, cntvct_el0" : "=r"(c));
	return c;
#else
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (cycles_t)ts.tv_sec * 1000000000ull + (cycles_t)ts.tv_nsec;
#endif
}

#define random_get_entropy() ((unsigned long)get_cycles())

#endif
