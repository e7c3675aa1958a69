/* SPDX-License-Identifier: MIT */
/*
 * debug_probe.c - misuse for debug.sh to run under LD_PRELOAD with
 * slub_debug: one mode per argument, each printing "survived" at the end
 * (zslab reports and carries on).  Its functions are exported
 * (-rdynamic) so that slub_debug's tracks can name them.
 *   overflow N  - write N bytes into malloc(24)
 *   calloc N    - write N bytes into calloc(3, 8)
 *   realloc N   - malloc(100), realloc to 70 (kept in place), write N
 *   memalign N  - memalign(64, 40), write N
 *   usable      - write malloc_usable_size() bytes into malloc(24)
 *   doublefree  - free a malloc(100) block twice
 *   freed N     - free a written malloc(N) block (a neighbour kept live)
 *                 and print how many of its bytes past the first 16 are
 *                 not zero after the free ("left K")
 */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *probe_alloc_site(size_t n);
void probe_free_site(void *p);
void probe_write(void *p, size_t n);

/* Not inlined, so that tracks and reports show these frames. */
__attribute__((noinline)) void *probe_alloc_site(size_t n)
{
	void *p = malloc(n);
	__asm__ volatile("" ::: "memory");
	return p;
}

__attribute__((noinline)) void probe_free_site(void *p)
{
	free(p);
	__asm__ volatile("" ::: "memory");
}

__attribute__((noinline)) void probe_write(void *p, size_t n)
{
	memset(p, 'x', n);
	__asm__ volatile("" ::: "memory");
}

/* The "freed" mode: reads the block after its free, on purpose. */
static int freed(size_t n)
{
	unsigned char *keep = probe_alloc_site(n), *p = probe_alloc_site(n);
	size_t left = 0;

	if (!keep || !p || n < 16)
		return 3;
	probe_write(p, n);
	probe_free_site(p);
	for (size_t i = 16; i < n; i++)
		left += ((volatile unsigned char *)p)[i] != 0;
	printf("left %zu\n", left);
	probe_free_site(keep);
	printf("survived\n");
	return 0;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	size_t n = argc > 2 ? strtoul(argv[2], NULL, 10) : 0;
	void *p = NULL;

	if (!strcmp(mode, "freed"))
		return freed(n);
	if (!strcmp(mode, "overflow")) {
		p = probe_alloc_site(24);
	} else if (!strcmp(mode, "calloc")) {
		p = calloc(3, 8);
	} else if (!strcmp(mode, "realloc")) {
		void *q = probe_alloc_site(100);
		p = realloc(q, 70);
		if (p != q)
			printf("moved\n");
	} else if (!strcmp(mode, "memalign")) {
		p = memalign(64, 40);
		if ((size_t)p % 64)
			printf("misaligned\n");
	} else if (!strcmp(mode, "usable")) {
		p = probe_alloc_site(24);
		n = malloc_usable_size(p);
		printf("usable %zu\n", n);
	} else if (!strcmp(mode, "doublefree")) {
		p = probe_alloc_site(100);
		probe_free_site(p);
	} else {
		fprintf(stderr, "debug_probe: unknown mode '%s'\n", mode);
		return 2;
	}
	if (!p)
		return 3;
	if (n)
		probe_write(p, n);
	probe_free_site(p);
	printf("survived\n");
	return 0;
}
