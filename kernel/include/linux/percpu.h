/* SPDX-License-Identifier: MIT */
/*
 * linux/percpu.h - dynamic per-CPU areas (linux/percpu-defs.h has the
 * model).  An area is one object per possible CPU, each zeroed; CPU k's
 * copy of an address in CPU 0's object is k * ZSK_PERCPU_UNIT bytes
 * above it, in one reservation the compat library makes at the first
 * allocation, so per_cpu_ptr() on a dynamic address is one addition.
 */
#ifndef _ZSK_LINUX_PERCPU_H
#define _ZSK_LINUX_PERCPU_H

#include <linux/gfp_types.h>
#include <linux/percpu-defs.h>

/* The most bytes of dynamic per-CPU memory each CPU has: the kernel grows
 * its chunks as they fill; this model reserves one chunk this large (less
 * if the host refuses the address space), touched only where used. */
#define ZSK_PERCPU_UNIT (256UL << 20)
#define PCPU_MIN_UNIT_SIZE (32UL << 10)
#define PERCPU_DYNAMIC_RESERVE (28UL << 10)

/**
 * __alloc_percpu_gfp() - a zeroed object of @size bytes for every possible CPU
 * @size: bytes, 1 .. ZSK_PERCPU_UNIT (at most the chunk's size)
 * @align: a power of two up to PAGE_SIZE
 * @gfp: GFP_KERNEL or GFP_NOWAIT; __GFP_NOWARN silences the failure warning
 *
 * Return: CPU 0's object, or NULL (with a warning naming @size and @align)
 * when the arguments are invalid or the area is full.
 */
void __percpu *__alloc_percpu_gfp(size_t size, size_t align, gfp_t gfp);
/**
 * __alloc_percpu() - __alloc_percpu_gfp() with GFP_KERNEL
 * @size: bytes
 * @align: alignment
 */
void __percpu *__alloc_percpu(size_t size, size_t align);
/**
 * free_percpu() - free what __alloc_percpu_gfp() returned (NULL is ignored)
 * @ptr: CPU 0's object; any other address is reported and ignored
 */
void free_percpu(void __percpu *ptr);
/**
 * is_kernel_percpu_address() - whether @addr is inside a static per-CPU variable
 * @addr: an address
 */
bool is_kernel_percpu_address(unsigned long addr);

#define alloc_percpu_gfp(type, gfp) \
	((__typeof__(type) __percpu *)__alloc_percpu_gfp(sizeof(type), __alignof__(type), gfp))
#define alloc_percpu(type) \
	((__typeof__(type) __percpu *)__alloc_percpu(sizeof(type), __alignof__(type)))
#define alloc_percpu_noprof(type) alloc_percpu(type)

#endif
