/* SPDX-License-Identifier: MIT */
/* Temporary: the slab layer's hooks until slab_common.c provides them. */
#include "slab/slab_init.h"

int zs_slab_init(void) { return 0; }
void zs_slab_exit(void) { }
void zs_slab_fork_prepare(void) { }
void zs_slab_fork_parent(void) { }
void zs_slab_fork_child(void) { }
