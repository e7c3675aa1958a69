/* SPDX-License-Identifier: MIT */
/* linux/sort.h - the kernel's in-place heapsort (not stable) (kernel/lib/sort.c). */
#ifndef _ZSK_LINUX_SORT_H
#define _ZSK_LINUX_SORT_H

#include <linux/types.h>

typedef void (*swap_func_t)(void *a, void *b, int size);
typedef int (*cmp_func_t)(const void *a, const void *b);
typedef void (*swap_r_func_t)(void *a, void *b, int size, const void *priv);
typedef int (*cmp_r_func_t)(const void *a, const void *b, const void *priv);

void sort_r(void *base, size_t num, size_t size, cmp_r_func_t cmp_func,
	    swap_r_func_t swap_func, const void *priv);
void sort(void *base, size_t num, size_t size, cmp_func_t cmp_func, swap_func_t swap_func);

#endif
