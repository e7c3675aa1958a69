/* SPDX-License-Identifier: MIT */
/* mm_proc.h - the page allocator's /proc views (mm_proc.c). */
#ifndef ZSLAB_MM_PROC_H
#define ZSLAB_MM_PROC_H

#include <stdio.h>

#pragma GCC visibility push(hidden)

void zs_show_buddyinfo(FILE *out);
void zs_show_zoneinfo(FILE *out);
void zs_show_iomem(FILE *out);
/* The number buddyinfo shows for @zone and @order. */
unsigned long zs_buddyinfo_count(unsigned int zone, unsigned int order);
/* Check every free list; returns the number of problems (reported). */
long zs_mm_validate(void);

#pragma GCC visibility pop

#endif
