/* SPDX-License-Identifier: MIT */
/*
 * linux/vmalloc.h - virtually contiguous memory from order-0 pages of the
 * simulated RAM: zslab's <zslab/vmalloc.h> (vmalloc, vzalloc, vfree,
 * vmalloc_to_page, is_vmalloc_addr, the kvmalloc family), when this zslab
 * has it.  kvrealloc() took the old size before 6.12; with an older
 * ZSLAB_KERNEL_API that is its signature here.
 */
#ifndef _ZSK_LINUX_VMALLOC_H
#define _ZSK_LINUX_VMALLOC_H

#include <linux/gfp.h>
#include <linux/types.h>
#include <linux/version.h>

#if __has_include(<zslab/vmalloc.h>)
#include <zslab/vmalloc.h>
#define ZSK_HAVE_VMALLOC 1
#if ZSLAB_KERNEL_BEFORE(6, 12, 0)
#define kvrealloc(p, oldsize, newsize, flags) kvrealloc(p, newsize, flags)
#endif
#endif
#define vmalloc_noprof(size) vmalloc(size)
#define vzalloc_noprof(size) vzalloc(size)
#define kvmalloc_noprof(size, flags) kvmalloc(size, flags)
#define kvzalloc_noprof(size, flags) kvzalloc(size, flags)

#endif
