/* SPDX-License-Identifier: MIT */
/* leaks.h - the runner's end-of-run check of caches and pages. */
#ifndef ZSK_RUNNER_LEAKS_H
#define ZSK_RUNNER_LEAKS_H

#include <linux/types.h>

#define ZSK_MAX_BASE_CACHES 64

/*
 * struct zsk_leak_baseline - the state before the first initcall: the
 * caches that existed (zslab's own and the kmalloc caches) with their
 * allocated objects, and the pages allocated outside slabs.
 */
struct zsk_leak_baseline {
	struct kmem_cache *cache[ZSK_MAX_BASE_CACHES];
	unsigned long objects[ZSK_MAX_BASE_CACHES];
	unsigned int nr;
	long pages;
};

void zsk_leak_baseline(struct zsk_leak_baseline *base);
/* Validate every cache and report what was left allocated; the failures. */
int zsk_leak_check(const struct zsk_leak_baseline *base);

#endif
