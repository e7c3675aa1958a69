/* SPDX-License-Identifier: MIT */
/* failslab.h - slab fault injection; see failslab.c. */
#ifndef ZSLAB_FAILSLAB_H
#define ZSLAB_FAILSLAB_H

#include <stdbool.h>

#include <zslab/gfp.h>

#pragma GCC visibility push(hidden)

struct kmem_cache;

/* The fast paths take the hooked paths (failslab, ASan, valgrind,
 * init_on_alloc, init_on_free, stats=exit): the one "not plain" switch. */
extern bool zs_slab_hooks;
/* The switch as a mask for a sheaf_id: ZS_DEAD_ID while it is set, else 0
 * (zs_slab_hooks_set() writes both). */
extern unsigned int zs_slab_hooks_mask;

/* Arm failslab from zs_config (after boot) / disarm it (boot, exit). */
void zs_failslab_arm(void);
void zs_failslab_disarm(void);
/* Should this allocation from @s fail?  Counts it as a candidate. */
bool zs_should_failslab(const struct kmem_cache *s, gfp_t gfp);
/* Failures injected since the last arm. */
unsigned long zs_failslab_injected(void);

#pragma GCC visibility pop

#endif
