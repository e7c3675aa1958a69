/* SPDX-License-Identifier: MIT */
/*
 * host_wait.c - sleeping on a word until another thread changes it (Linux
 * futexes, private to the process).  See zs_host_wait() in host.h.
 */
#include "host/host.h"

#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

void zs_host_wait(const unsigned int *word, unsigned int val, uint64_t timeout_ns)
{
	struct timespec ts = {
		.tv_sec = (time_t)(timeout_ns / 1000000000u),
		.tv_nsec = (long)(timeout_ns % 1000000000u),
	};

	/* EAGAIN (the word moved), EINTR and ETIMEDOUT all mean: recheck. */
	(void)syscall(SYS_futex, word, FUTEX_WAIT_PRIVATE, val, &ts, NULL, 0);
}

void zs_host_wake_all(const unsigned int *word)
{
	(void)syscall(SYS_futex, word, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
}
