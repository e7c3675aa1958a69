/* SPDX-License-Identifier: MIT */
/*
 * cxx_new.c - every C++ operator new and delete (plain, array, nothrow,
 * sized, aligned, aligned + sized, aligned nothrow), exported by
 * libzslab-malloc.so under their Itanium-ABI names, so that a C++
 * program's new/delete reach zslab directly instead of through
 * libstdc++'s wrappers, and a sized delete's size is not lost.
 *
 * Written in C, with the mangled names, rather than in C++: the preload
 * then depends on libc alone and costs a C program nothing, while in a
 * C++ program the C++ runtime is there and its pieces are reached by
 * weak references, resolved when the program's libraries are loaded:
 *
 *   - the new_handler loop of a throwing new (the standard's "calls the
 *     current new_handler until it returns a block or there is none")
 *     reads std::get_new_handler(), and throws std::bad_alloc through the
 *     runtime's own __throw_bad_alloc() (libstdc++, or libc++'s std::__1
 *     spellings);
 *   - a nothrow new must turn a handler's std::bad_alloc into NULL, which
 *     needs a catch: C has none, so when malloc fails and a handler is
 *     installed, the runtime's own nothrow operator (found with
 *     dlsym(RTLD_NEXT), i.e. libstdc++'s) does the loop in its try block,
 *     calling our throwing operator new.
 * Without a C++ runtime (a C program that somehow calls _Znwm) a failed
 * throwing new is a fatal report: there is nothing that could catch it.
 * The file is built with -fexceptions, so a handler's exception unwinds
 * through these frames.
 *
 * Alignment: a std::align_val_t not above malloc's 16 bytes is plain
 * malloc; a larger one is zm_aligned() (power of two, as the standard
 * requires of align_val_t).
 */
#include <dlfcn.h>
#include <stdint.h>

#include "init/malloc_iface.h"
#include "zmalloc.h"

_Static_assert(sizeof(size_t) == sizeof(unsigned long),
	       "the mangled names below spell size_t as unsigned long (m)");

#define CXX_EXPORT __attribute__((visibility("default")))

typedef void (*zm_new_handler)(void);

/* The operators, as the C++ ABI names them (size_t = m, std::align_val_t
 * a size_t, std::nothrow_t & a pointer). */
CXX_EXPORT void *_Znwm(size_t size);
CXX_EXPORT void *_Znam(size_t size);
CXX_EXPORT void *_ZnwmRKSt9nothrow_t(size_t size, const void *t);
CXX_EXPORT void *_ZnamRKSt9nothrow_t(size_t size, const void *t);
CXX_EXPORT void *_ZnwmSt11align_val_t(size_t size, size_t al);
CXX_EXPORT void *_ZnamSt11align_val_t(size_t size, size_t al);
CXX_EXPORT void *_ZnwmSt11align_val_tRKSt9nothrow_t(size_t size, size_t al, const void *t);
CXX_EXPORT void *_ZnamSt11align_val_tRKSt9nothrow_t(size_t size, size_t al, const void *t);
CXX_EXPORT void _ZdlPv(void *p);
CXX_EXPORT void _ZdaPv(void *p);
CXX_EXPORT void _ZdlPvRKSt9nothrow_t(void *p, const void *t);
CXX_EXPORT void _ZdaPvRKSt9nothrow_t(void *p, const void *t);
CXX_EXPORT void _ZdlPvm(void *p, size_t size);
CXX_EXPORT void _ZdaPvm(void *p, size_t size);
CXX_EXPORT void _ZdlPvSt11align_val_t(void *p, size_t al);
CXX_EXPORT void _ZdaPvSt11align_val_t(void *p, size_t al);
CXX_EXPORT void _ZdlPvSt11align_val_tRKSt9nothrow_t(void *p, size_t al, const void *t);
CXX_EXPORT void _ZdaPvSt11align_val_tRKSt9nothrow_t(void *p, size_t al, const void *t);
CXX_EXPORT void _ZdlPvmSt11align_val_t(void *p, size_t size, size_t al);
CXX_EXPORT void _ZdaPvmSt11align_val_t(void *p, size_t size, size_t al);

/* libstdc++ */
extern zm_new_handler _ZSt15get_new_handlerv(void) __attribute__((weak));
extern void _ZSt17__throw_bad_allocv(void) __attribute__((weak));
/* libc++ (inline namespace std::__1) */
extern zm_new_handler _ZNSt3__115get_new_handlerEv(void) __attribute__((weak));
extern void _ZNSt3__117__throw_bad_allocEv(void) __attribute__((weak));

/* The C++ runtime's current new_handler, or NULL (none, or no runtime). */
static zm_new_handler new_handler(void)
{
	if (_ZSt15get_new_handlerv)
		return _ZSt15get_new_handlerv();
	if (_ZNSt3__115get_new_handlerEv)
		return _ZNSt3__115get_new_handlerEv();
	return NULL;
}

static __attribute__((noreturn)) void throw_bad_alloc(size_t size)
{
	struct zs_rbuf rb;

	if (_ZSt17__throw_bad_allocv)
		_ZSt17__throw_bad_allocv();
	if (_ZNSt3__117__throw_bad_allocEv)
		_ZNSt3__117__throw_bad_allocEv();
	zs_rbuf_init(&rb);
	zs_rbuf_add(&rb, "operator new: out of memory for %zu bytes, and no C++ runtime "
		    "is loaded to throw std::bad_alloc\n", size);
	zs_report_fatal(&rb);
}

static void *get(size_t size, size_t align)
{
	return align <= ZM_MIN_ALIGN ? zm_malloc(size) : zm_aligned(align, size);
}

/* A throwing new whose first try failed: the new_handler loop. */
static __attribute__((noinline, cold)) void *new_loop(size_t size, size_t align)
{
	for (;;) {
		zm_new_handler h = new_handler();
		void *p;

		if (!h)
			throw_bad_alloc(size);
		h();
		p = get(size, align);
		if (p)
			return p;
	}
}

static inline void *new_throw(size_t size, size_t align)
{
	void *p = get(size, align);

	return __builtin_expect(p != NULL, 1) ? p : new_loop(size, align);
}

/* A plain new that zm_pop_class() could not serve. */
static __attribute__((noinline)) void *new_slow(size_t size)
{
	void *p = zm_malloc_slow(size);

	return __builtin_expect(p != NULL, 1) ? p : new_loop(size, 0);
}

/* operator new(size_t): malloc's inline pop, then the slow path. */
static inline void *new_plain(size_t size)
{
	struct kmem_cache *s;
	void *p = zm_pop_class(size, &s);

	return __builtin_expect(p != NULL, 1) ? p : new_slow(size);
}

typedef void *(*nothrow_fn)(size_t, const void *);
typedef void *(*nothrow_al_fn)(size_t, size_t, const void *);

/*
 * A nothrow new whose first try failed.  No handler: NULL.  Else the
 * runtime's nothrow operator (@name, of RTLD_NEXT) runs the loop where a
 * handler's bad_alloc is caught; without one, a handler that returns is
 * retried here once per call and a handler that throws ends the program
 * (the C++ runtime then has no nothrow operator new, which it always has).
 */
static __attribute__((noinline, cold)) void *
new_nothrow_slow(size_t size, size_t align, const void *tag)
{
	const char *name = align <= ZM_MIN_ALIGN ? "_ZnwmRKSt9nothrow_t" :
			   "_ZnwmSt11align_val_tRKSt9nothrow_t";
	zm_new_handler h = new_handler();
	void *next;

	if (!h)
		return NULL;
	next = dlsym(RTLD_NEXT, name);
	if (next && align <= ZM_MIN_ALIGN)
		return ((nothrow_fn)next)(size, tag);
	if (next)
		return ((nothrow_al_fn)next)(size, align, tag);
	h();
	return get(size, align);
}

static inline void *new_nothrow(size_t size, size_t align, const void *tag)
{
	void *p = get(size, align);

	return __builtin_expect(p != NULL, 1) ? p : new_nothrow_slow(size, align, tag);
}

/* operator new(size_t), new[](size_t) */
CXX_EXPORT void *_Znwm(size_t size) { return new_plain(size); }
CXX_EXPORT void *_Znam(size_t size) { return new_plain(size); }
/* operator new(size_t, const std::nothrow_t &), new[] */
CXX_EXPORT void *_ZnwmRKSt9nothrow_t(size_t size, const void *t) { return new_nothrow(size, 0, t); }
CXX_EXPORT void *_ZnamRKSt9nothrow_t(size_t size, const void *t) { return new_nothrow(size, 0, t); }
/* operator new(size_t, std::align_val_t), new[] */
CXX_EXPORT void *_ZnwmSt11align_val_t(size_t size, size_t al) { return new_throw(size, al); }
CXX_EXPORT void *_ZnamSt11align_val_t(size_t size, size_t al) { return new_throw(size, al); }
/* operator new(size_t, std::align_val_t, const std::nothrow_t &), new[] */
CXX_EXPORT void *_ZnwmSt11align_val_tRKSt9nothrow_t(size_t size, size_t al, const void *t)
{
	return new_nothrow(size, al, t);
}
CXX_EXPORT void *_ZnamSt11align_val_tRKSt9nothrow_t(size_t size, size_t al, const void *t)
{
	return new_nothrow(size, al, t);
}

/* operator delete(void *), delete[], and their nothrow forms */
CXX_EXPORT void _ZdlPv(void *p) { zm_free(p); }
CXX_EXPORT void _ZdaPv(void *p) { zm_free(p); }
CXX_EXPORT void _ZdlPvRKSt9nothrow_t(void *p, const void *t) { (void)t; zm_free(p); }
CXX_EXPORT void _ZdaPvRKSt9nothrow_t(void *p, const void *t) { (void)t; zm_free(p); }
/* operator delete(void *, size_t), delete[]: the class map names the
 * cache and tests the pointer in one load (malloc.c, free_block()), a
 * test the size cannot spare, so the size is not read */
CXX_EXPORT void _ZdlPvm(void *p, size_t size) { (void)size; zm_free(p); }
CXX_EXPORT void _ZdaPvm(void *p, size_t size) { (void)size; zm_free(p); }
/* operator delete(void *, std::align_val_t), delete[], nothrow forms */
CXX_EXPORT void _ZdlPvSt11align_val_t(void *p, size_t al) { (void)al; zm_free(p); }
CXX_EXPORT void _ZdaPvSt11align_val_t(void *p, size_t al) { (void)al; zm_free(p); }
CXX_EXPORT void _ZdlPvSt11align_val_tRKSt9nothrow_t(void *p, size_t al, const void *t)
{
	(void)al, (void)t;
	zm_free(p);
}
CXX_EXPORT void _ZdaPvSt11align_val_tRKSt9nothrow_t(void *p, size_t al, const void *t)
{
	(void)al, (void)t;
	zm_free(p);
}
/* operator delete(void *, size_t, std::align_val_t), delete[] */
CXX_EXPORT void _ZdlPvmSt11align_val_t(void *p, size_t size, size_t al)
{
	(void)size, (void)al;
	zm_free(p);
}
CXX_EXPORT void _ZdaPvmSt11align_val_t(void *p, size_t size, size_t al)
{
	(void)size, (void)al;
	zm_free(p);
}
