/* SPDX-License-Identifier: MIT */
/*
 * linux/jiffies.h - jiffies: milliseconds of the monotonic clock since the
 * process started (HZ=1000, the unit of zslab's slub_debug track ages),
 * and the wrap-safe comparisons.
 */
#ifndef _ZSK_LINUX_JIFFIES_H
#define _ZSK_LINUX_JIFFIES_H

#include <linux/math.h>
#include <linux/math64.h>
#include <linux/param.h>
#include <linux/timex.h>
#include <linux/typecheck.h>
#include <linux/types.h>

unsigned long zsk_jiffies(void);
#define jiffies zsk_jiffies()
#define jiffies_64 ((u64)zsk_jiffies())
#define get_jiffies_64() ((u64)zsk_jiffies())
#define INITIAL_JIFFIES 0UL
#define MAX_JIFFY_OFFSET ((LONG_MAX >> 1) - 1)

#define time_after(a, b) ((long)((b) - (a)) < 0)
#define time_before(a, b) time_after(b, a)
#define time_after_eq(a, b) ((long)((a) - (b)) >= 0)
#define time_before_eq(a, b) time_after_eq(b, a)
#define time_in_range(a, b, c) (time_after_eq(a, b) && time_before_eq(a, c))
#define time_in_range_open(a, b, c) (time_after_eq(a, b) && time_before(a, c))
#define time_after64(a, b) ((s64)((b) - (a)) < 0)
#define time_before64(a, b) time_after64(b, a)
#define time_is_before_jiffies(a) time_after(jiffies, a)
#define time_is_after_jiffies(a) time_before(jiffies, a)
#define time_is_before_eq_jiffies(a) time_after_eq(jiffies, a)
#define time_is_after_eq_jiffies(a) time_before_eq(jiffies, a)

static inline unsigned int jiffies_to_msecs(const unsigned long j)
{
	return (unsigned int)j;
}
static inline unsigned int jiffies_to_usecs(const unsigned long j)
{
	return (unsigned int)(j * 1000);
}
static inline u64 jiffies_to_nsecs(const unsigned long j)
{
	return (u64)j * 1000000;
}
static inline unsigned long msecs_to_jiffies(const unsigned int m)
{
	return m;
}
static inline unsigned long usecs_to_jiffies(const unsigned int u)
{
	return (u + 999) / 1000;
}
static inline unsigned long nsecs_to_jiffies(u64 n)
{
	return (unsigned long)(n / 1000000);
}
#define secs_to_jiffies(s) ((unsigned long)(s) * HZ)
#define jiffies_delta_to_msecs(delta) jiffies_to_msecs(delta)
#define round_jiffies(j) (j)
#define round_jiffies_relative(j) (j)
#define round_jiffies_up(j) (j)

#endif
