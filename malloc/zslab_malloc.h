/* SPDX-License-Identifier: MIT */
/*
 * zslab_malloc.h - the names libzslab-malloc's functions are compiled
 * under.  The shared library exports the C library's own names (malloc,
 * free, ...).  Sanitizer builds compile the same code with the prefix
 * zsm_ (ZSLAB_MALLOC_PREFIX), since ASan and TSan own malloc themselves:
 * the tests then call zsm_malloc() etc. directly.  ZM_API(malloc) names
 * the function either way.
 */
#ifndef ZSLAB_MALLOC_API_H
#define ZSLAB_MALLOC_API_H

#include <stddef.h>

#ifdef ZSLAB_MALLOC_PREFIX
#define ZM_API(name) zsm_##name
#else
#define ZM_API(name) name
#endif

#define ZM_EXPORT __attribute__((visibility("default")))

#ifdef ZSLAB_MALLOC_PREFIX
ZM_EXPORT void *zsm_malloc(size_t size);
ZM_EXPORT void zsm_free(void *p);
ZM_EXPORT void *zsm_calloc(size_t n, size_t size);
ZM_EXPORT void *zsm_realloc(void *p, size_t size);
ZM_EXPORT void *zsm_reallocarray(void *p, size_t n, size_t size);
ZM_EXPORT int zsm_posix_memalign(void **out, size_t align, size_t size);
ZM_EXPORT void *zsm_aligned_alloc(size_t align, size_t size);
ZM_EXPORT void *zsm_memalign(size_t align, size_t size);
ZM_EXPORT void *zsm_valloc(size_t size);
ZM_EXPORT void *zsm_pvalloc(size_t size);
ZM_EXPORT size_t zsm_malloc_usable_size(void *p);
#include <malloc.h>   /* struct mallinfo, mallinfo2 */
ZM_EXPORT void zsm_malloc_stats(void);
ZM_EXPORT struct mallinfo2 zsm_mallinfo2(void);
ZM_EXPORT struct mallinfo zsm_mallinfo(void);
ZM_EXPORT int zsm_malloc_trim(size_t pad);
#else
#include <malloc.h>
#include <stdlib.h>
#endif

#endif
