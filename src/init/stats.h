/* SPDX-License-Identifier: MIT */
/*
 * stats.h - the statistics text (stats.c): zslab_stats_print() and the
 * boot option stats=exit print the same report.
 */
#ifndef ZSLAB_INIT_STATS_H
#define ZSLAB_INIT_STATS_H

#include "common/report.h"

#pragma GCC visibility push(hidden)

/*
 * zs_stats_format() - append the statistics report to @rb: the slab
 * summary, the top caches, the zones, then the section of the layer
 * registered with zs_stats_set_extra(), if any.
 */
void zs_stats_format(struct zs_rbuf *rb);

/*
 * zs_stats_set_extra() - have @fn append a section of its own to every
 * statistics report (libzslab-malloc.so: its heap).  A layer above
 * registers itself here, so the report never calls upwards by name.
 */
void zs_stats_set_extra(void (*fn)(struct zs_rbuf *rb));

/*
 * zs_stats_at_exit() - with stats=exit, emit the report as one ZS_INFO
 * report (the report hook, or stderr).  zslab_exit() calls it before
 * tearing down; a process that exits while booted, from a destructor.
 */
void zs_stats_at_exit(void);

/* zs_stats_size() - @v as slabinfo prints sizes: "123.4K", "1000". */
const char *zs_stats_size(char buf[24], unsigned long long v);

#pragma GCC visibility pop

#endif
