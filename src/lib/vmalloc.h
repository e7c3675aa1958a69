/* SPDX-License-Identifier: MIT */
/*
 * lib/vmalloc.h - boot and teardown of the vmalloc area (lib/vmalloc.c);
 * the API is <zslab/vmalloc.h>.
 */
#ifndef ZSLAB_LIB_VMALLOC_H
#define ZSLAB_LIB_VMALLOC_H

#pragma GCC visibility push(hidden)

/*
 * zs_vmalloc_init() - at boot, with ram_backing=memfd: reserve the vmalloc
 * area and its metadata (host memory only: no kmalloc before the boot
 * state is set).  On failure (reported, -ENOMEM) vmalloc works as with
 * anon RAM.
 */
int zs_vmalloc_init(void);

/* zs_vmalloc_exit() - before the slab layer goes: give the area back. */
void zs_vmalloc_exit(void);

#pragma GCC visibility pop

#endif
