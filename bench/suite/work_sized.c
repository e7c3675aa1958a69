/* SPDX-License-Identifier: MIT */
/*
 * work_sized.c - C++'s allocation operators for the sized workloads
 * (larson-sized), called from C.
 *
 * What "sized" means here: a C++ program compiled with sized deallocation
 * (GCC's default since C++14) allocates with operator new(size_t)
 * (_Znwm) and frees with operator delete(void *, size_t) (_ZdlPvm), so
 * the allocator is told the size of the block it gets back and need not
 * look it up.  C has free_sized() only from C23 (glibc 2.39 and later),
 * and of the peers only through non-standard names (sdallocx,
 * mi_free_size, tc_free_sized), so the one sized free that every
 * allocator can receive under LD_PRELOAD is C++'s.
 *
 * The operators are bound as the dynamic linker binds a C++ program's
 * calls: libstdc++ is loaded (RTLD_GLOBAL) and the symbols are looked up
 * in the global scope, where a preloaded library comes before libstdc++.
 * An allocator that exports them (jemalloc, mimalloc, tcmalloc, and zslab
 * once it does) receives the size; for one that does not (glibc), the
 * program gets libstdc++'s operators, which call malloc and free - as a
 * C++ program on that allocator would.  Calls go through a function
 * pointer, as a C++ program's go through its PLT.
 */
#define _GNU_SOURCE
#include "work.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

static void *(*op_new)(size_t size);
static void (*op_delete_sized)(void *p, size_t size);

void work_sized_init(void)
{
	if (op_new && op_delete_sized)
		return;
	/* Needed only when the preload does not define the operators. */
	dlopen("libstdc++.so.6", RTLD_NOW | RTLD_GLOBAL);
	op_new = (void *(*)(size_t))dlsym(RTLD_DEFAULT, "_Znwm");
	op_delete_sized = (void (*)(void *, size_t))dlsym(RTLD_DEFAULT,
							  "_ZdlPvm");
	if (!op_new || !op_delete_sized) {
		fprintf(stderr, "suite-work: no operator new/delete(void *, "
			"size_t) in the allocator nor in libstdc++.so.6\n");
		exit(1);
	}
}

const char *work_sized_origin(void)
{
	Dl_info info;

	work_sized_init();
	if (!dladdr((void *)op_delete_sized, &info) || !info.dli_fname)
		return "?";
	return info.dli_fname;
}

void *work_new(size_t size)
{
	void *p = op_new(size);	/* throws (aborts, from C) rather than NULL */

	if (!p)
		work_oom("operator new");
	work_stamp(p, size);
	return p;
}

void work_delete_sized(void *p, size_t size, const char *where)
{
	work_check(p, size, where);
	op_delete_sized(p, size);
}
