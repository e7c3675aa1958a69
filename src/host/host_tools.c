/* SPDX-License-Identifier: MIT */
/*
 * host_tools.c - AddressSanitizer and valgrind client requests behind
 * host_tools.h.  See there for the contract.
 */
#include "host/host_tools.h"

#if ZS_ASAN
#include <sanitizer/asan_interface.h>
#endif
#ifdef ZSLAB_HAVE_MEMCHECK
#include <stdlib.h>
#include <string.h>
#include <valgrind/memcheck.h>
#endif

bool zs_on_valgrind;

/*
 * Only memcheck reads the client requests: under another valgrind tool
 * (cachegrind, callgrind, which measure zslab's instruction counts and
 * cache misses) they do nothing, and the path that issues them is not the
 * path being measured.  Valgrind preloads vgpreload_<tool> for memcheck
 * (and helgrind, drd), never for cachegrind or callgrind; boot runs
 * before the program can have changed its environment.
 */
void zs_tools_detect(void)
{
#ifdef ZSLAB_HAVE_MEMCHECK
	const char *pre = getenv("LD_PRELOAD");

	zs_on_valgrind = RUNNING_ON_VALGRIND != 0 && pre &&
			 strstr(pre, "vgpreload_") &&
			 (strstr(pre, "memcheck") || strstr(pre, "helgrind") ||
			  strstr(pre, "drd"));
#endif
}

/* What one call does to ASan's shadow, and to memcheck's view. */
enum asan_op { ASAN_KEEP, ASAN_POISON, ASAN_UNPOISON };
enum vg_op { VG_NONE, VG_DEFINED, VG_NOACCESS, VG_MALLOCLIKE, VG_FREELIKE };

/* The one place that speaks to the tools: @a for ASan, @v for memcheck. */
static void mark(void *p, size_t size, enum asan_op a, enum vg_op v)
{
#if ZS_ASAN
	if (a == ASAN_POISON)
		ASAN_POISON_MEMORY_REGION(p, size);
	else if (a == ASAN_UNPOISON)
		ASAN_UNPOISON_MEMORY_REGION(p, size);
#endif
#ifdef ZSLAB_HAVE_MEMCHECK
	if (zs_on_valgrind) {
		switch (v) {
		case VG_NONE: break;
		case VG_DEFINED: VALGRIND_MAKE_MEM_DEFINED(p, size); break;
		case VG_NOACCESS: VALGRIND_MAKE_MEM_NOACCESS(p, size); break;
		case VG_MALLOCLIKE: VALGRIND_MALLOCLIKE_BLOCK(p, size, 0, 0); break;
		case VG_FREELIKE: VALGRIND_FREELIKE_BLOCK(p, 0); break;
		}
	}
#endif
	(void)p, (void)size, (void)a, (void)v;
}

void zs_tool_obj_alloc(void *p, size_t size, bool defined)
{
	mark(p, size, ASAN_UNPOISON, VG_MALLOCLIKE);
	if (defined)
		mark(p, size, ASAN_KEEP, VG_DEFINED);
}

void zs_tool_obj_free(void *p, size_t size)
{
	mark(p, size, ASAN_POISON, VG_FREELIKE);
}

void zs_tool_noaccess(void *p, size_t size)
{
	mark(p, size, ASAN_POISON, VG_NOACCESS);
}

void zs_tool_reset(void *p, size_t size)
{
	mark(p, size, ASAN_UNPOISON, VG_DEFINED);
}

/* The window is memcheck's only: ASan does not instrument its accessors. */
void zs_tool_open(void *p, size_t size)
{
	mark(p, size, ASAN_KEEP, VG_DEFINED);
}

void zs_tool_close(void *p, size_t size)
{
	mark(p, size, ASAN_KEEP, VG_NOACCESS);
}
