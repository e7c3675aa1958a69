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
#include <valgrind/memcheck.h>
#endif

bool zs_on_valgrind;

void zs_tools_detect(void)
{
#ifdef ZSLAB_HAVE_MEMCHECK
	zs_on_valgrind = RUNNING_ON_VALGRIND != 0;
#endif
}

void zs_tool_obj_alloc(void *p, size_t size, bool defined)
{
#if ZS_ASAN
	ASAN_UNPOISON_MEMORY_REGION(p, size);
#endif
#ifdef ZSLAB_HAVE_MEMCHECK
	if (zs_on_valgrind) {
		VALGRIND_MALLOCLIKE_BLOCK(p, size, 0, 0);
		if (defined)
			VALGRIND_MAKE_MEM_DEFINED(p, size);
	}
#endif
	(void)p, (void)size, (void)defined;
}

void zs_tool_obj_free(void *p, size_t size)
{
#if ZS_ASAN
	ASAN_POISON_MEMORY_REGION(p, size);
#endif
#ifdef ZSLAB_HAVE_MEMCHECK
	if (zs_on_valgrind)
		VALGRIND_FREELIKE_BLOCK(p, 0);
#endif
	(void)p, (void)size;
}

void zs_tool_noaccess(void *p, size_t size)
{
#if ZS_ASAN
	ASAN_POISON_MEMORY_REGION(p, size);
#endif
#ifdef ZSLAB_HAVE_MEMCHECK
	if (zs_on_valgrind)
		VALGRIND_MAKE_MEM_NOACCESS(p, size);
#endif
	(void)p, (void)size;
}

void zs_tool_reset(void *p, size_t size)
{
#if ZS_ASAN
	ASAN_UNPOISON_MEMORY_REGION(p, size);
#endif
#ifdef ZSLAB_HAVE_MEMCHECK
	if (zs_on_valgrind)
		VALGRIND_MAKE_MEM_DEFINED(p, size);
#endif
	(void)p, (void)size;
}

void zs_tool_open(void *p, size_t size)
{
#ifdef ZSLAB_HAVE_MEMCHECK
	if (zs_on_valgrind)
		VALGRIND_MAKE_MEM_DEFINED(p, size);
#endif
	(void)p, (void)size;
}

void zs_tool_close(void *p, size_t size)
{
#ifdef ZSLAB_HAVE_MEMCHECK
	if (zs_on_valgrind)
		VALGRIND_MAKE_MEM_NOACCESS(p, size);
#endif
	(void)p, (void)size;
}
