/* SPDX-License-Identifier: MIT */
/*
 * linux/version.h - the kernel interface era.
 *
 * zslab-kernel spells the current mainline interface by default.  A file
 * that defines ZSLAB_KERNEL_API (for instance as KERNEL_VERSION(5,1,0),
 * the era of the SLAB_CACHE_DMA32 series) before its first include, or
 * passes it with -D, gets the interfaces of that era where they differ
 * (docs/kernel-eras.md lists every difference), and LINUX_VERSION_CODE
 * follows the choice.  The system's UAPI <linux/version.h>, which
 * describes the host's headers, is not included.
 */
#ifndef _ZSK_LINUX_VERSION_H
#define _ZSK_LINUX_VERSION_H

#define KERNEL_VERSION(a, b, c) (((a) << 16) + ((b) << 8) + ((c) > 255 ? 255 : (c)))

/* The interface zslab-kernel calls mainline. */
#define ZSLAB_KERNEL_MAINLINE KERNEL_VERSION(6, 18, 0)

#ifndef ZSLAB_KERNEL_API
#define ZSLAB_KERNEL_API ZSLAB_KERNEL_MAINLINE
#endif
#if ZSLAB_KERNEL_API < KERNEL_VERSION(4, 19, 0) || ZSLAB_KERNEL_API > ZSLAB_KERNEL_MAINLINE
#error "zslab-kernel: ZSLAB_KERNEL_API must lie between KERNEL_VERSION(4,19,0) and the mainline KERNEL_VERSION(6,18,0)"
#endif

#define LINUX_VERSION_CODE ZSLAB_KERNEL_API
#define LINUX_VERSION_MAJOR (LINUX_VERSION_CODE >> 16)
#define LINUX_VERSION_PATCHLEVEL ((LINUX_VERSION_CODE >> 8) & 0xff)
#define LINUX_VERSION_SUBLEVEL (LINUX_VERSION_CODE & 0xff)

/* ZSLAB_KERNEL_BEFORE(a,b,c): the chosen era predates kernel a.b.c. */
#define ZSLAB_KERNEL_BEFORE(a, b, c) (ZSLAB_KERNEL_API < KERNEL_VERSION(a, b, c))

#endif
