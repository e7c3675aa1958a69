// SPDX-License-Identifier: MIT
/* time.c - jiffies, ktime and sleeping, on the host's clocks. */
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <errno.h>
#include <time.h>
#include <zslab/zslab.h>

static s64 clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (s64)ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
}

/* Jiffies count from the first call, so they stay small and readable. */
static s64 jiffies_base;

unsigned long zsk_jiffies(void)
{
	s64 now = clock_ns(CLOCK_MONOTONIC), base = __atomic_load_n(&jiffies_base, __ATOMIC_RELAXED);

	if (!base) {
		s64 zero = 0;

		base = now - NSEC_PER_MSEC;   /* jiffies start at 1 */
		if (!__atomic_compare_exchange_n(&jiffies_base, &zero, base, false,
						 __ATOMIC_RELAXED, __ATOMIC_RELAXED))
			base = zero;
	}
	return (unsigned long)((now - base) / NSEC_PER_MSEC);
}

ktime_t ktime_get(void)
{
	return clock_ns(CLOCK_MONOTONIC);
}

ktime_t ktime_get_real(void)
{
	return clock_ns(CLOCK_REALTIME);
}

ktime_t ktime_get_boottime(void)
{
	return clock_ns(CLOCK_BOOTTIME);
}

void zsk_nsleep(u64 ns)
{
	struct timespec ts = { (time_t)(ns / NSEC_PER_SEC), (long)(ns % NSEC_PER_SEC) };

	zslab_thread_park();   /* a shrink may take this thread's cache meanwhile */
	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
	zslab_thread_unpark();
}
