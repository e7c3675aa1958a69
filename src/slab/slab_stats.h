/* SPDX-License-Identifier: MIT */
/* slab_stats.h - the slab layer's /proc view (slab_stats.c). */
#ifndef ZSLAB_SLAB_STATS_H
#define ZSLAB_SLAB_STATS_H

#include <stdbool.h>
#include <stdio.h>

#pragma GCC visibility push(hidden)

void zs_show_slabinfo(FILE *out);

struct kmem_cache;
/* May other caches merge into @s?  (Its sysfs name is then its unique id.) */
bool zs_slab_mergeable(const struct kmem_cache *s);

#pragma GCC visibility pop

#endif
