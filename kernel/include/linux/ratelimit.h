/* SPDX-License-Identifier: MIT */
/* linux/ratelimit.h - rate limiting of events. */
#ifndef _ZSK_LINUX_RATELIMIT_H
#define _ZSK_LINUX_RATELIMIT_H

#include <linux/ratelimit_types.h>

static inline void ratelimit_state_init(struct ratelimit_state *rs, int interval, int burst)
{
	*rs = (struct ratelimit_state)RATELIMIT_STATE_INIT(*rs, interval, burst);
}

#endif
