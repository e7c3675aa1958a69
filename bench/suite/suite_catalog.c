/* SPDX-License-Identifier: MIT */
/*
 * suite_catalog.c - the suite's allocators and workloads, and where each
 * allocator's library is found.  The order here is the order of the table.
 *
 * zslab's library, libzslab-malloc.so, is looked for in this order: the
 * --zslab-lib option, $ZSLAB_MALLOC_LIB, the build tree zslab-suite was
 * built in, then the system library directories (an installed copy).
 * Peers are looked for in the system library directories only.
 *
 * glibc is preloaded too: the libc.so.6 this program runs on.  It changes
 * nothing for suite-work, but a program linked with another allocator -
 * Debian's redis-server links libjemalloc.so.2 - then really runs on
 * glibc's malloc in the glibc column instead of on its own.
 */
#include <dlfcn.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/runutil.h"
#include "suite.h"

#define ZSLAB_SONAME "libzslab-malloc.so"

struct suite_alloc suite_allocs[S_NR_ALLOC] = {
	[S_ZSLAB]    = { .name = "zslab", .soname = ZSLAB_SONAME,
			 .package = "(this build: make)", .expect = "zslab" },
	[S_GLIBC]    = { .name = "glibc", .soname = "libc.so.6",
			 .package = "libc6", .expect = "libc.so" },
	[S_JEMALLOC] = { .name = "jemalloc", .soname = "libjemalloc.so.2",
			 .package = "libjemalloc2", .expect = "jemalloc" },
	[S_MIMALLOC] = { .name = "mimalloc", .soname = "libmimalloc.so.2",
			 .package = "libmimalloc2.0", .expect = "mimalloc" },
	[S_TCMALLOC] = { .name = "tcmalloc",
			 .soname = "libtcmalloc_minimal.so.4",
			 .package = "libtcmalloc-minimal4",
			 .expect = "tcmalloc" },
};

const struct suite_workload suite_workloads[] = {
	{ "larson", K_WORK, true, false,
	  "server churn: T heaps of random 8..1000 B blocks, handed to a "
	  "new thread every round" },
	{ "xmalloc", K_WORK, true, false,
	  "producer/consumer: T/2 threads allocate 16..512 B, the others "
	  "free them (all frees remote)" },
	{ "cache-scratch", K_WORK, true, false,
	  "false sharing: T threads write their own 8 B objects; the first "
	  "ones came from the main thread" },
	{ "mstress", K_WORK, false, false,
	  "stress: mixed sizes up to 512 KiB, objects swapped between "
	  "threads through shared slots" },
	{ "alloc-test", K_WORK, true, false,
	  "mixed sizes 9 B..256 KiB, skewed small, with malloc, calloc and "
	  "realloc; 20,000 slots per thread" },
	{ "malloc-large", K_WORK, true, true,
	  "large-block churn: 16 live blocks of 64 KiB..16 MiB, the oldest "
	  "replaced each step" },
	{ "thread-churn", K_WORK, true, true,
	  "short-lived threads: rounds of T threads each allocating 4,000 "
	  "small blocks, a tenth freed by the next round's thread" },
	{ "glibc-simple", K_WORK, true, true,
	  "one thread, fixed sizes 16..4096 B: batches of 1,000 allocated, "
	  "then freed in order" },
	{ "glibc-thread", K_WORK, true, true,
	  "T threads, 1,000 private slots each, a random slot's block "
	  "replaced by one of 16..2048 B each step" },
	{ "larson-sized", K_WORK, true, true,
	  "larson through C++'s operator new and sized operator "
	  "delete(void *, size_t): the allocator is told each block's size" },
	{ "rptest", K_WORK, true, true,
	  "rpmalloc's pattern: T threads, 4,096 live blocks each, 32 B..16 "
	  "KiB skewed small, half replaced per loop, 1/16 freed remotely" },
	{ "redis", K_REDIS, false, false,
	  "redis-server under the allocator, driven by redis-benchmark "
	  "(skipped when redis is not installed)" },
};
const size_t suite_nr_workloads =
	sizeof(suite_workloads) / sizeof(suite_workloads[0]);

static const char *const lib_dirs[] = {
#if defined(__x86_64__)
	"/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu",
#elif defined(__aarch64__)
	"/usr/lib/aarch64-linux-gnu", "/lib/aarch64-linux-gnu",
#endif
	"/usr/local/lib", "/usr/lib64", "/usr/lib",
};

/* Look for @a->soname in the system library directories. */
static bool find_in_lib_dirs(struct suite_alloc *a)
{
	for (size_t i = 0; i < sizeof(lib_dirs) / sizeof(lib_dirs[0]); i++) {
		snprintf(a->path, sizeof(a->path), "%s/%s", lib_dirs[i],
			 a->soname);
		if (access(a->path, R_OK) == 0)
			return true;
	}
	return false;
}

/* Depth-limited search of @dir for @name; the path goes to @out. */
static bool find_in_tree(const char *dir, const char *name, int depth,
			 char *out, size_t n)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	bool found = false;

	if (!d)
		return false;
	while (!found && (e = readdir(d))) {
		char sub[PATH_MAX];
		struct stat st;

		if (e->d_name[0] == '.' || strcmp(e->d_name, "CMakeFiles") == 0)
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", dir, e->d_name);
		if (strcmp(e->d_name, name) == 0 && access(sub, R_OK) == 0) {
			snprintf(out, n, "%s", sub);
			found = true;
		} else if (depth > 0 && stat(sub, &st) == 0 &&
			   S_ISDIR(st.st_mode)) {
			found = find_in_tree(sub, name, depth - 1, out, n);
		}
	}
	closedir(d);
	return found;
}

static bool find_zslab(struct suite_alloc *a, const struct suite_opts *o)
{
	const char *env = getenv("ZSLAB_MALLOC_LIB");
	const char *given = o->zslab_lib ? o->zslab_lib : env;

	if (given) {
		snprintf(a->path, sizeof(a->path), "%s", given);
		if (access(a->path, R_OK) == 0)
			return true;
		snprintf(a->why, sizeof(a->why), "%.200s: not readable", given);
		return false;
	}
	if (find_in_tree(ZSLAB_SUITE_BUILD_DIR, a->soname, 3, a->path,
			 sizeof(a->path)) || find_in_lib_dirs(a))
		return true;
	snprintf(a->why, sizeof(a->why), "%s not found in the build tree "
		 "(build it with make) nor installed", a->soname);
	return false;
}

/* The libc.so.6 that defines this program's fputs. */
static bool find_libc(struct suite_alloc *a)
{
	Dl_info info;

	if (dladdr((void *)fputs, &info) && info.dli_fname &&
	    strstr(info.dli_fname, "libc.so")) {
		snprintf(a->path, sizeof(a->path), "%s", info.dli_fname);
		return true;
	}
	if (find_in_lib_dirs(a))
		return true;
	snprintf(a->why, sizeof(a->why), "cannot find libc.so.6");
	return false;
}

/* Find @a's library; say why it cannot be used when it cannot. */
static bool find_alloc(struct suite_alloc *a, const struct suite_opts *o)
{
	a->path[0] = '\0';
	if (a == &suite_allocs[S_GLIBC])
		return find_libc(a);
	if (a == &suite_allocs[S_ZSLAB]) {
		if (ZSLAB_SUITE_SANITIZED) {
			snprintf(a->why, sizeof(a->why), "sanitizer build: an "
				 "instrumented %s cannot be preloaded into "
				 "plain programs", a->soname);
			return false;
		}
		return find_zslab(a, o);
	}
	if (find_in_lib_dirs(a))
		return true;
	a->path[0] = '\0';
	snprintf(a->why, sizeof(a->why), "not installed (apt-get install %s, "
		 "or make bench-deps)", a->package);
	return false;
}

int suite_find_allocs(const struct suite_opts *o)
{
	for (int i = 0; i < S_NR_ALLOC; i++) {
		struct suite_alloc *a = &suite_allocs[i];

		a->available = find_alloc(a, o);
		a->env = run_child_env(a->available && a->soname ?
					 a->path : NULL);
		if (!a->env)
			return -1;
	}
	return 0;
}
