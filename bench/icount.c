/* SPDX-License-Identifier: MIT */
/*
 * icount.c - zslab-icount: instructions per operation under cachegrind
 * for issue 12's fast-path workloads, zslab against the peers, on their
 * own (icount.h says how they are counted).  zslab-bench prints the same
 * counts beside its times; this tool is for counting alone, quickly.
 *
 * Usage: zslab-icount [--ops N] [--only W,W]; skipped (exit 77, saying
 * so) when valgrind is not installed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "icount.h"

static bool wanted(const char *only, const char *w)
{
	size_t len = strlen(w);

	for (const char *p = only; p && *p;) {
		const char *e = strchr(p, ',');
		size_t l = e ? (size_t)(e - p) : strlen(p);

		if (l == len && !strncmp(p, w, len))
			return true;
		p = e ? e + 1 : NULL;
	}
	return !only;
}

static void print_row(const struct icount_row *r)
{
	double best = r->best >= 0 ? r->ir[r->best] : -1;

	printf("%-13s", r->work);
	for (int c = 0; c < IC_NR_COLS; c++) {
		if (r->ir[c] < 0)
			printf(" %12s", "-");
		else
			printf(" %12.1f", r->ir[c]);
	}
	if (best > 0 && r->ir[IC_API] >= 0 && r->ir[IC_MALLOC] >= 0)
		printf("  %9.2fx  %16.2fx", r->ir[IC_API] / best,
		       r->ir[IC_MALLOC] / best);
	printf("\n");
	fflush(stdout);
}

int main(int argc, char **argv)
{
	const char *only = NULL;
	long ops = ICOUNT_DEFAULT_OPS;
	char self[PATH_MAX];
	ssize_t len;

	if (argc > 1 && !strcmp(argv[1], ICOUNT_CHILD_FLAG))
		return icount_child_main(argc, argv);
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--ops") && i + 1 < argc) {
			ops = strtol(argv[++i], NULL, 10);
		} else if (!strcmp(argv[i], "--only") && i + 1 < argc) {
			only = argv[++i];
		} else {
			fprintf(stderr, "usage: zslab-icount [--ops N] "
				"[--only W,W]\n");
			return 2;
		}
	}
	if (ops <= 0) {
		fprintf(stderr, "zslab-icount: --ops must be positive\n");
		return 2;
	}
	if (!icount_available()) {
		printf("zslab-icount: skipped: valgrind is not installed\n");
		return 77;
	}
	len = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (len <= 0)
		return 2;
	self[len] = 0;
	catalog_find_peers();
	printf("instructions per operation (cachegrind, (I(N) - I(0)) / N, "
	       "N = %ld)\n%-13s", ops, "workload");
	for (int c = 0; c < IC_NR_COLS; c++)
		printf(" %12s", icount_col_name(c));
	printf("  %s\n", "zslab/best  zslab-malloc/best");
	for (size_t w = 0; w < icount_nr_works; w++) {
		struct icount_row r;

		if (!wanted(only, icount_works[w]))
			continue;
		icount_measure(&r, icount_works[w], self, ZSLAB_MALLOC_LIB, ops);
		print_row(&r);
	}
	printf("zslab: kmem_cache_alloc/free (kmalloc/kfree for kmalloc_rand, "
	       "the kernel's\nclasses); zslab-malloc: malloc/free under "
	       "LD_PRELOAD=libzslab-malloc.so.\n");
	return 0;
}
