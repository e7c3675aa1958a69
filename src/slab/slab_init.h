/* SPDX-License-Identifier: MIT */
/* slab_init.h - the slab layer's boot, teardown and fork hooks. */
#ifndef ZSLAB_SLAB_INIT_H
#define ZSLAB_SLAB_INIT_H

#pragma GCC visibility push(hidden)

int zs_slab_init(void);
void zs_slab_exit(void);
void zs_slab_fork_prepare(void);
void zs_slab_fork_parent(void);
void zs_slab_fork_child(void);

#pragma GCC visibility pop

#endif
