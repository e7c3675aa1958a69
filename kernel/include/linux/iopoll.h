/* SPDX-License-Identifier: MIT */
/*
 * linux/iopoll.h - poll a register until a condition holds or time runs
 * out.  read_poll_timeout(op, val, cond, sleep_us, timeout_us,
 * sleep_before_read, args...) reads val = op(args) until cond is true,
 * sleeping up to sleep_us between reads (0: spin), and after timeout_us
 * (0: no limit) reads once more; it gives 0 when cond held at the last
 * read, else -ETIMEDOUT, with val the last value read.  The _atomic
 * form waits with udelay() (here a sleep too: no thread can disable
 * preemption), and readX_poll_timeout(addr, val, cond, delay_us,
 * timeout_us) are the shorthands over readX().
 */
#ifndef _ZSK_LINUX_IOPOLL_H
#define _ZSK_LINUX_IOPOLL_H

#include <asm/barrier.h>
#include <linux/delay.h>
#include <linux/errno.h>
#include <linux/io.h>
#include <linux/ktime.h>

#define __zsk_poll_timeout(wait, op, val, cond, sleep_us, timeout_us, sleep_before_read, ...) \
({                                                                                       \
	u64 __poll_limit_us = (timeout_us);                                              \
	unsigned long __poll_sleep_us = (sleep_us);                                      \
	ktime_t __poll_end = ktime_add_us(ktime_get(), __poll_limit_us);                 \
	if ((sleep_before_read) && __poll_sleep_us)                                      \
		wait(__poll_sleep_us);                                                   \
	for (;;) {                                                                       \
		(val) = op(__VA_ARGS__);                                                 \
		if (cond)                                                                \
			break;                                                           \
		if (__poll_limit_us && ktime_compare(ktime_get(), __poll_end) > 0) {     \
			(val) = op(__VA_ARGS__);                                         \
			break;                                                           \
		}                                                                        \
		if (__poll_sleep_us)                                                     \
			wait(__poll_sleep_us);                                           \
		cpu_relax();                                                             \
	}                                                                                \
	(cond) ? 0 : -ETIMEDOUT;                                                         \
})

#define __zsk_poll_sleep(us) usleep_range(((us) >> 2) + 1, (us))
#define __zsk_poll_delay(us) udelay(us)

#define read_poll_timeout(op, val, cond, sleep_us, timeout_us, sleep_before_read, ...) \
	__zsk_poll_timeout(__zsk_poll_sleep, op, val, cond, sleep_us, timeout_us,      \
			   sleep_before_read, __VA_ARGS__)
#define read_poll_timeout_atomic(op, val, cond, delay_us, timeout_us, delay_before_read, ...) \
	__zsk_poll_timeout(__zsk_poll_delay, op, val, cond, delay_us, timeout_us,             \
			   delay_before_read, __VA_ARGS__)

#define readx_poll_timeout(op, addr, val, cond, sleep_us, timeout_us) \
	read_poll_timeout(op, val, cond, sleep_us, timeout_us, false, addr)
#define readx_poll_timeout_atomic(op, addr, val, cond, delay_us, timeout_us) \
	read_poll_timeout_atomic(op, val, cond, delay_us, timeout_us, false, addr)

#define readb_poll_timeout(addr, val, cond, d, t) readx_poll_timeout(readb, addr, val, cond, d, t)
#define readw_poll_timeout(addr, val, cond, d, t) readx_poll_timeout(readw, addr, val, cond, d, t)
#define readl_poll_timeout(addr, val, cond, d, t) readx_poll_timeout(readl, addr, val, cond, d, t)
#define readq_poll_timeout(addr, val, cond, d, t) readx_poll_timeout(readq, addr, val, cond, d, t)
#define readb_poll_timeout_atomic(addr, val, cond, d, t) \
	readx_poll_timeout_atomic(readb, addr, val, cond, d, t)
#define readw_poll_timeout_atomic(addr, val, cond, d, t) \
	readx_poll_timeout_atomic(readw, addr, val, cond, d, t)
#define readl_poll_timeout_atomic(addr, val, cond, d, t) \
	readx_poll_timeout_atomic(readl, addr, val, cond, d, t)
#define readq_poll_timeout_atomic(addr, val, cond, d, t) \
	readx_poll_timeout_atomic(readq, addr, val, cond, d, t)
#define readl_relaxed_poll_timeout(addr, val, cond, d, t) \
	readx_poll_timeout(readl_relaxed, addr, val, cond, d, t)
#define readl_relaxed_poll_timeout_atomic(addr, val, cond, d, t) \
	readx_poll_timeout_atomic(readl_relaxed, addr, val, cond, d, t)

#endif
