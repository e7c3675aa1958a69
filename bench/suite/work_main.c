/* SPDX-License-Identifier: MIT */
/*
 * work_main.c - suite-work's main: options, the check that the expected
 * allocator is the one in place, dispatch (see work.h).
 */
#define _GNU_SOURCE
#include "work.h"

#include <dlfcn.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name;
	work_fn fn;
} table[] = {
	{ "larson", work_larson },
	{ "xmalloc", work_xmalloc },
	{ "cache-scratch", work_cscratch },
	{ "mstress", work_mstress },
	{ "alloc-test", work_alloctest },
	{ "malloc-large", work_malloc_large },
	{ "thread-churn", work_thread_churn },
	{ "glibc-simple", work_glibc_simple },
	{ "glibc-thread", work_glibc_thread },
	{ "larson-sized", work_larson_sized },
	{ "rptest", work_rptest },
};

static int usage(void)
{
	fprintf(stderr, "usage: suite-work WORKLOAD --threads T --scale S "
		"[--expect LIB]\n  workloads:");
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		fprintf(stderr, " %s", table[i].name);
	fprintf(stderr, "\n");
	return 2;
}

/*
 * The library that defines the malloc every call in this process reaches
 * must have @expect in its file name: a preload that did not take effect
 * would otherwise measure glibc under another allocator's name.
 */
static int check_allocator(const char *expect)
{
	void *sym = dlsym(RTLD_DEFAULT, "malloc");
	Dl_info info;

	if (!sym || !dladdr(sym, &info) || !info.dli_fname) {
		fprintf(stderr, "suite-work: cannot tell where malloc comes "
			"from\n");
		return -1;
	}
	if (!strstr(info.dli_fname, expect)) {
		fprintf(stderr, "suite-work: malloc comes from %s, not from "
			"%s: the preload did not take effect\n",
			info.dli_fname, expect);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct work_args a = { 0, 0 };
	const char *expect = NULL;

	if (argc == 2 && strcmp(argv[1], "--sized-origin") == 0) {
		/* where larson-sized's operator delete(void *, size_t) is */
		printf("%s\n", work_sized_origin());
		return 0;
	}
	if (argc < 2)
		return usage();
	for (int i = 2; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--threads") == 0)
			a.threads = (unsigned int)atoi(argv[i + 1]);
		else if (strcmp(argv[i], "--scale") == 0)
			a.scale = atof(argv[i + 1]);
		else if (strcmp(argv[i], "--expect") == 0)
			expect = argv[i + 1];
		else
			return usage();
	}
	if (argc % 2 || a.threads < 1 || a.threads > 1024 || !(a.scale > 0))
		return usage();
	if (expect && check_allocator(expect))
		return 4;
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (strcmp(table[i].name, argv[1]) == 0) {
			printf("ok %" PRIu64 "\n", table[i].fn(&a));
			return 0;
		}
	return usage();
}
