/* SPDX-License-Identifier: MIT */
/* linux/ktime.h - ktime_t: nanoseconds (monotonic, real and boot clocks). */
#ifndef _ZSK_LINUX_KTIME_H
#define _ZSK_LINUX_KTIME_H

#include <linux/jiffies.h>
#include <linux/time64.h>
#include <linux/types.h>

typedef s64 ktime_t;

/* kernel/lib/time.c */
ktime_t ktime_get(void);
ktime_t ktime_get_real(void);
ktime_t ktime_get_boottime(void);
#define ktime_get_raw() ktime_get()
#define ktime_get_ns() ((u64)ktime_get())
#define ktime_get_raw_ns() ((u64)ktime_get())
#define ktime_get_real_ns() ((u64)ktime_get_real())
#define ktime_get_boottime_ns() ((u64)ktime_get_boottime())
#define ktime_get_mono_fast_ns() ((u64)ktime_get())
#define ktime_get_boot_fast_ns() ((u64)ktime_get_boottime())
#define ktime_get_seconds() ((time64_t)(ktime_get() / NSEC_PER_SEC))
#define ktime_get_real_seconds() ((time64_t)(ktime_get_real() / NSEC_PER_SEC))
#define local_clock() ((u64)ktime_get())
#define sched_clock() ((u64)ktime_get())

#define ktime_set(secs, nsecs) ((ktime_t)(secs) * NSEC_PER_SEC + (nsecs))
#define ktime_sub(lhs, rhs) ((lhs) - (rhs))
#define ktime_add(lhs, rhs) ((lhs) + (rhs))
#define ktime_add_ns(kt, nsval) ((kt) + (nsval))
#define ktime_sub_ns(kt, nsval) ((kt) - (nsval))
#define ktime_add_us(kt, usec) ((kt) + (s64)(usec) * NSEC_PER_USEC)
#define ktime_add_ms(kt, msec) ((kt) + (s64)(msec) * NSEC_PER_MSEC)
#define ktime_compare(a, b) ((a) < (b) ? -1 : (a) > (b) ? 1 : 0)
#define ktime_after(a, b) ((a) > (b))
#define ktime_before(a, b) ((a) < (b))
#define ktime_to_ns(kt) ((s64)(kt))
#define ktime_to_us(kt) ((s64)(kt) / NSEC_PER_USEC)
#define ktime_to_ms(kt) ((s64)(kt) / NSEC_PER_MSEC)
#define ns_to_ktime(ns) ((ktime_t)(ns))
#define ms_to_ktime(ms) ((ktime_t)(ms) * NSEC_PER_MSEC)
#define us_to_ktime(us) ((ktime_t)(us) * NSEC_PER_USEC)
#define ktime_us_delta(later, earlier) ktime_to_us(ktime_sub(later, earlier))
#define ktime_ms_delta(later, earlier) ktime_to_ms(ktime_sub(later, earlier))
#define ktime_divns(kt, div) ((s64)(kt) / (div))
#define KTIME_MAX ((s64)~((u64)1 << 63))

#endif
