/* SPDX-License-Identifier: MIT */
/* slab_random.h - free-list randomisation; see slab_random.c. */
#ifndef ZSLAB_SLAB_RANDOM_H
#define ZSLAB_SLAB_RANDOM_H

#include <stdint.h>

#pragma GCC visibility push(hidden)

/* The image of @i (< @n) under the permutation of [0, @n) keyed by @key. */
uint32_t zs_slab_perm(uint32_t i, uint32_t n, uint64_t key);
/* A random starting position in [0, @n), @n >= 1. */
uint32_t zs_slab_random_start(uint32_t n);

#pragma GCC visibility pop

#endif
