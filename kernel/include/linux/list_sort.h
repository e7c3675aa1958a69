/* SPDX-License-Identifier: MIT */
/*
 * linux/list_sort.h - stable merge sort of a list_head list: @cmp > 0
 * puts @a after @b (kernel/lib/list_sort.c).
 */
#ifndef _ZSK_LINUX_LIST_SORT_H
#define _ZSK_LINUX_LIST_SORT_H

#include <linux/types.h>

struct list_head;
typedef int __attribute__((nonnull(2, 3))) (*list_cmp_func_t)(void *,
		const struct list_head *, const struct list_head *);
void list_sort(void *priv, struct list_head *head, list_cmp_func_t cmp);

#endif
