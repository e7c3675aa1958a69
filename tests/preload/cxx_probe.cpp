// SPDX-License-Identifier: MIT
//
// cxx_probe.cpp - a plain C++ program (no zslab linked in) that cxx.sh
// runs under LD_PRELOAD=libzslab-malloc.so: every operator new and delete
// the C++ ABI names must be the preload's, and behave as the standard
// says.  Prints one line per failed check and exits 1; exits 0 when all
// hold.  Without the preload the "zslab's" checks fail (cxx.sh checks
// that too, so the probe proves something).
#include <dlfcn.h>
#include <malloc.h>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <new>

static int failures;

#define EXPECT(cond) do { if (!(cond)) { failures++; \
	std::fprintf(stderr, "cxx_probe: %s:%d: %s\n", __FILE__, __LINE__, #cond); } } while (0)

static const char *const names[] = {
	"_Znwm", "_Znam", "_ZnwmRKSt9nothrow_t", "_ZnamRKSt9nothrow_t",
	"_ZnwmSt11align_val_t", "_ZnamSt11align_val_t",
	"_ZnwmSt11align_val_tRKSt9nothrow_t", "_ZnamSt11align_val_tRKSt9nothrow_t",
	"_ZdlPv", "_ZdaPv", "_ZdlPvRKSt9nothrow_t", "_ZdaPvRKSt9nothrow_t",
	"_ZdlPvm", "_ZdaPvm", "_ZdlPvSt11align_val_t", "_ZdaPvSt11align_val_t",
	"_ZdlPvSt11align_val_tRKSt9nothrow_t", "_ZdaPvSt11align_val_tRKSt9nothrow_t",
	"_ZdlPvmSt11align_val_t", "_ZdaPvmSt11align_val_t",
};

// Is every operator the preload's (the first definition in lookup order)?
static void check_bound(void)
{
	for (const char *n : names) {
		Dl_info info;
		void *f = dlsym(RTLD_DEFAULT, n);
		bool ok = f && dladdr(f, &info) && info.dli_fname &&
			  std::strstr(info.dli_fname, "zslab-malloc");
		if (!ok)
			std::fprintf(stderr, "cxx_probe: %s is not libzslab-malloc.so's\n", n);
		EXPECT(ok);
	}
}

static void *opaque(void *p)
{
	void *volatile x = p;
	return x;
}

struct alignas(256) wide {
	char c[300];
};

static void check_forms(void)
{
	char *a = new char[1];
	EXPECT(malloc_usable_size(a) == 16);   // zslab's smallest class; glibc: 24
	delete[] a;
	int *one = new int(7);
	EXPECT(*one == 7 && !((uintptr_t)one & 15));
	delete one;
	wide *w = new wide;                     // aligned new, sized aligned delete
	EXPECT(!((uintptr_t)w & 255));
	delete w;
	wide *ws = new wide[3];
	EXPECT(!((uintptr_t)ws & 255));
	delete[] ws;
	void *p = ::operator new(100, std::align_val_t(4096));
	EXPECT(!((uintptr_t)p & 4095));
	::operator delete(p, std::align_val_t(4096));
	p = ::operator new(10, std::align_val_t(64), std::nothrow);
	EXPECT(p && !((uintptr_t)p & 63));
	::operator delete(p, std::align_val_t(64), std::nothrow);
	p = ::operator new[](5000, std::nothrow);
	EXPECT(p != nullptr);
	::operator delete[](p, std::nothrow);
	p = ::operator new(0);                  // a unique, non-null block
	void *q = ::operator new(0);
	EXPECT(p && q && p != q);
	::operator delete(p);
	::operator delete(q);
}

// A sized delete puts the block where the next new of its class finds it;
// a wrong size must not send it to another class's cache.
static void check_sized(void)
{
	void *p = ::operator new(100);
	void *q;
	::operator delete(p, 100);
	q = opaque(::operator new(100));
	EXPECT(q == p);                                 // LIFO: the same block back
	::operator delete(q, 7000);                     // wrong size: found anyway
	p = opaque(::operator new(100));
	EXPECT(q == p);
	void *big = ::operator new(7000);
	EXPECT(big != p);
	::operator delete(p, 100);
	::operator delete(big, 7000);
	p = ::operator new[](64);
	uintptr_t was = (uintptr_t)p;
	::operator delete[](p, 64);
	p = opaque(::operator new[](64));
	EXPECT((uintptr_t)p == was);
	::operator delete[](p, 64);
	for (size_t n = 1; n <= 20000; n += 37) {        // every class, both forms
		char *b = static_cast<char *>(::operator new(n));
		std::memset(b, 0x5a, n);
		::operator delete(b, n);
	}
}

static int handler_calls;

static void give_up_third(void)
{
	if (++handler_calls == 3)
		std::set_new_handler(nullptr);
}

static void throw_bad(void)
{
	handler_calls++;
	throw std::bad_alloc();
}

static const size_t huge = SIZE_MAX / 4;

static void check_failure(void)
{
	bool thrown = false;

	try {
		(void)opaque(::operator new(huge));
	} catch (const std::bad_alloc &) {
		thrown = true;
	}
	EXPECT(thrown);                                 // no handler: bad_alloc
	std::set_new_handler(give_up_third);
	thrown = false;
	try {
		(void)opaque(::operator new[](huge));
	} catch (const std::bad_alloc &) {
		thrown = true;
	}
	EXPECT(thrown && handler_calls == 3);           // the new_handler loop
	thrown = false;
	try {
		(void)opaque(::operator new(huge, std::align_val_t(128)));
	} catch (const std::bad_alloc &) {
		thrown = true;
	}
	EXPECT(thrown);
	EXPECT(::operator new(huge, std::nothrow) == nullptr);
	EXPECT(::operator new(huge, std::align_val_t(128), std::nothrow) == nullptr);
	handler_calls = 0;
	std::set_new_handler(throw_bad);                // nothrow: the throw is NULL
	EXPECT(::operator new[](huge, std::nothrow) == nullptr);
	EXPECT(handler_calls == 1);
	EXPECT(::operator new(huge, std::align_val_t(256), std::nothrow) == nullptr);
	EXPECT(handler_calls == 2);
	std::set_new_handler(nullptr);
}

int main(void)
{
	check_bound();
	check_forms();
	check_sized();
	check_failure();
	if (!failures)
		std::puts("cxx ok");
	return failures ? 1 : 0;
}
