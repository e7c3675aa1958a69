/* SPDX-License-Identifier: MIT */
/* slab_stats.h - the slab layer's /proc view (slab_stats.c). */
#ifndef ZSLAB_SLAB_STATS_H
#define ZSLAB_SLAB_STATS_H

#include <stdio.h>

#pragma GCC visibility push(hidden)

void zs_show_slabinfo(FILE *out);

#pragma GCC visibility pop

#endif
