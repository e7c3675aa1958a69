/* SPDX-License-Identifier: MIT */
/*
 * host_tools.h - telling memory checkers which bytes are objects.
 *
 * AddressSanitizer (a build with -fsanitize=address): free objects and
 * slab memory not handed out are poisoned with ASan's manual poisoning
 * interface, so a use-after-free of a kmem object is reported.  Decided
 * at compile time (__SANITIZE_ADDRESS__).
 *
 * Valgrind memcheck (when <valgrind/memcheck.h> was found at build time,
 * ZSLAB_HAVE_MEMCHECK): objects handed out are MALLOCLIKE blocks, freed
 * ones FREELIKE, slab memory not handed out NOACCESS, so memcheck reports
 * leaks and invalid accesses as for malloc.  Decided at boot: the client
 * requests run only when the process runs under valgrind.
 *
 * Every function is a no-op when neither tool applies; the fast paths test
 * zs_tools_on() first, a constant or one predictable load.
 */
#ifndef ZSLAB_HOST_TOOLS_H
#define ZSLAB_HOST_TOOLS_H

#include <stdbool.h>
#include <stddef.h>

#pragma GCC visibility push(hidden)

#if defined(__SANITIZE_ADDRESS__)
#define ZS_ASAN 1
#else
#define ZS_ASAN 0
#endif

/* Set at boot: running under valgrind with memcheck support built in. */
extern bool zs_on_valgrind;

/* zs_tools_detect() - set zs_on_valgrind (boot). */
void zs_tools_detect(void);

static inline bool zs_tools_on(void)
{
	return ZS_ASAN || __builtin_expect(zs_on_valgrind, 0);
}

/* An object of @size bytes at @p is handed out; @defined: its bytes are
 * initialised (a constructor ran, or they were zeroed). */
void zs_tool_obj_alloc(void *p, size_t size, bool defined);
/* The object at @p (@size bytes) is free again. */
void zs_tool_obj_free(void *p, size_t size);
/* Slab memory that is no object in use: no access at all. */
void zs_tool_noaccess(void *p, size_t size);
/* Memory going back to the page allocator: plain accessible memory. */
void zs_tool_reset(void *p, size_t size);
/* Open / close a window for zslab's own access to a free object's word
 * (valgrind only; under ASan these accessors are not instrumented). */
void zs_tool_open(void *p, size_t size);
void zs_tool_close(void *p, size_t size);

#pragma GCC visibility pop

#endif
