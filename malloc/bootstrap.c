/* SPDX-License-Identifier: MIT */
/*
 * bootstrap.c - the bootstrap arena (see zmalloc.h).  A lock-free bump
 * pointer over a static buffer: each block is preceded by a 16-byte
 * header holding its size.
 *
 * Invariant: arena_used only grows; every block lies in
 * [arena, arena + arena_used) and its header at block - ZM_MIN_ALIGN.
 */
#include <stdatomic.h>
#include <stdint.h>

#include "zmalloc.h"

#define ARENA_SIZE (1UL << 20)

static unsigned char arena[ARENA_SIZE] __attribute__((aligned(4096)));
static atomic_size_t arena_used;

void *zm_boot_alloc(size_t size, size_t align)
{
	size_t old = atomic_load_explicit(&arena_used, memory_order_relaxed);
	size_t start, end;

	if (align < ZM_MIN_ALIGN)
		align = ZM_MIN_ALIGN;
	if (size > ARENA_SIZE || align > ARENA_SIZE / 2)
		return NULL;
	do {
		start = (old + ZM_MIN_ALIGN + align - 1) & ~(align - 1);
		end = start + ((size + ZM_MIN_ALIGN - 1) & ~(ZM_MIN_ALIGN - 1));
		if (end > ARENA_SIZE)
			return NULL;
	} while (!atomic_compare_exchange_weak(&arena_used, &old, end));
	*(size_t *)(arena + start - ZM_MIN_ALIGN) = end - start;
	return arena + start;
}

bool zm_boot_owns(const void *p)
{
	return (uintptr_t)p - (uintptr_t)arena < ARENA_SIZE;
}

size_t zm_boot_size(const void *p)
{
	return *(const size_t *)((const unsigned char *)p - ZM_MIN_ALIGN);
}
