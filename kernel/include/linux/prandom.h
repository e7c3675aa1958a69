/* SPDX-License-Identifier: MIT */
/*
 * linux/prandom.h - seeded pseudo-random state.  The generator is the
 * kernel's: the four-component Tausworthe generator of L'Ecuyer (taus113),
 * so a seeded state gives the kernel's sequence.
 */
#ifndef _ZSK_LINUX_PRANDOM_H
#define _ZSK_LINUX_PRANDOM_H

#include <linux/types.h>

struct rnd_state {
	u32 s1, s2, s3, s4;
};

u32 prandom_u32_state(struct rnd_state *state);
void prandom_seed_state(struct rnd_state *state, u64 seed);
void prandom_bytes_state(struct rnd_state *state, void *buf, size_t nbytes);

#endif
