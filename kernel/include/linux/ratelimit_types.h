/* SPDX-License-Identifier: MIT */
/* linux/ratelimit_types.h - struct ratelimit_state, as the kernel's. */
#ifndef _ZSK_LINUX_RATELIMIT_TYPES_H
#define _ZSK_LINUX_RATELIMIT_TYPES_H

#include <linux/types.h>

#define DEFAULT_RATELIMIT_INTERVAL (5 * 1000)   /* jiffies: 5 s at HZ=1000 */
#define DEFAULT_RATELIMIT_BURST 10

/*
 * struct ratelimit_state - at most @burst events per @interval jiffies.
 * @lock guards the counters (a flag taken with an atomic exchange).
 */
struct ratelimit_state {
	int lock;
	int interval;
	int burst;
	int printed;
	int missed;
	unsigned int flags;
	unsigned long begin;
};

#define RATELIMIT_STATE_INIT(name, interval_init, burst_init) { \
	.interval = (interval_init), .burst = (burst_init) }
#define DEFINE_RATELIMIT_STATE(name, interval_init, burst_init) \
	struct ratelimit_state name = RATELIMIT_STATE_INIT(name, interval_init, burst_init)

/** ___ratelimit() - true when the event may happen (and counts it). */
int ___ratelimit(struct ratelimit_state *rs, const char *func);
#define __ratelimit(state) ___ratelimit(state, __func__)

#endif
