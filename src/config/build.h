/* SPDX-License-Identifier: MIT */
/*
 * build.h - build switches as constants, as jemalloc's config_debug: the
 * code they guard is compiled in every build (so it cannot rot), and the
 * optimizer removes it where the switch is off.
 *
 * zs_debug: a debug build (make debug: cmake -DZSLAB_DEBUG=ON).  Turns on
 * the lock-rank checker (common/lock_rank.h) and the invariant assertions
 * (common/assert.h).  Release builds pay nothing for either.
 */
#ifndef ZSLAB_BUILD_H
#define ZSLAB_BUILD_H

#include <stdbool.h>

#ifdef ZSLAB_DEBUG
static const bool zs_debug = true;
#else
static const bool zs_debug = false;
#endif

#endif
