/* SPDX-License-Identifier: MIT */
/*
 * linux/delay.h - sleeping and delays (kernel/lib/time.c).  The delays
 * (udelay, ndelay, mdelay) sleep rather than spin: a process gains
 * nothing from burning a shared core.
 */
#ifndef _ZSK_LINUX_DELAY_H
#define _ZSK_LINUX_DELAY_H

#include <linux/types.h>

void zsk_nsleep(u64 ns);
static inline void msleep(unsigned int msecs)
{
	zsk_nsleep((u64)msecs * 1000000);
}
static inline unsigned long msleep_interruptible(unsigned int msecs)
{
	msleep(msecs);
	return 0;
}
static inline void ssleep(unsigned int seconds)
{
	msleep(seconds * 1000);
}
static inline void usleep_range(unsigned long min, unsigned long max)
{
	(void)max;
	zsk_nsleep((u64)min * 1000);
}
#define usleep_range_state(min, max, state) usleep_range(min, max)
static inline void fsleep(unsigned long usecs)
{
	zsk_nsleep((u64)usecs * 1000);
}
#define udelay(n) zsk_nsleep((u64)(n) * 1000)
#define ndelay(n) zsk_nsleep((u64)(n))
#define mdelay(n) zsk_nsleep((u64)(n) * 1000000)

#endif
