/* SPDX-License-Identifier: MIT */
/*
 * boot.h - boot state.  Every public entry point calls zs_ensure_booted()
 * first: a program that never calls zslab_init() boots on first use with
 * the options in ZSLAB_CMDLINE.
 */
#ifndef ZSLAB_INIT_BOOT_H
#define ZSLAB_INIT_BOOT_H

#include <stdatomic.h>

#pragma GCC visibility push(hidden)

extern atomic_int zs_booted;

/* Boot from ZSLAB_CMDLINE; aborts with a message if the options are bad. */
void zs_boot_lazy(void);

static inline void zs_ensure_booted(void)
{
	if (__builtin_expect(!atomic_load_explicit(&zs_booted, memory_order_acquire), 0))
		zs_boot_lazy();
}

#pragma GCC visibility pop

#endif
