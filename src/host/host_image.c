/* SPDX-License-Identifier: MIT */
/*
 * host_image.c - the program image: where the main program's read-only
 * segments lie (zs_host_in_rodata(), host.h).
 *
 * dl_iterate_phdr() reports the main program first; its PT_LOAD segments
 * without PF_W are its text and read-only data.  They never move, so they
 * are read once, under pthread_once (no malloc: this may run inside a
 * malloc replacement).
 */
#include "host/host.h"

#include <link.h>
#include <pthread.h>

#define MAX_RO_SEGMENTS 8

static struct { uintptr_t start, end; } ro_seg[MAX_RO_SEGMENTS];
static unsigned int nr_ro_seg;
static pthread_once_t ro_once = PTHREAD_ONCE_INIT;

static int take_main_program(struct dl_phdr_info *info, size_t size, void *arg)
{
	(void)size;
	(void)arg;
	for (unsigned int i = 0; i < info->dlpi_phnum && nr_ro_seg < MAX_RO_SEGMENTS; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		if (ph->p_type != PT_LOAD || (ph->p_flags & PF_W) || !ph->p_memsz)
			continue;
		ro_seg[nr_ro_seg].start = info->dlpi_addr + ph->p_vaddr;
		ro_seg[nr_ro_seg].end = info->dlpi_addr + ph->p_vaddr + ph->p_memsz;
		nr_ro_seg++;
	}
	return 1;   /* the first object is the main program: stop */
}

static void find_ro_segments(void)
{
	dl_iterate_phdr(take_main_program, NULL);
}

bool zs_host_in_rodata(const void *p)
{
	uintptr_t a = (uintptr_t)p;

	pthread_once(&ro_once, find_ro_segments);
	for (unsigned int i = 0; i < nr_ro_seg; i++)
		if (a >= ro_seg[i].start && a < ro_seg[i].end)
			return true;
	return false;
}
