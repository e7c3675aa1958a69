/* SPDX-License-Identifier: MIT */
/*
 * icount.h - instructions per operation under valgrind's cachegrind, for
 * the fast-path workloads of issue 12 (pair64, pair1k, shuffle10k,
 * kmalloc_rand), zslab against the peers.  Shared by zslab-icount (the
 * counts alone) and zslab-bench (the counts beside its times, so one
 * `make bench` run holds both).
 *
 * A figure is (I(N) - I(0)) / N: the same child run once with N
 * operations and once with none, so start-up, zslab's boot and the
 * child's own set-up cancel out.  Columns (enum icount_col): zslab's API
 * (kmem_cache_alloc/free on a 64 B or 1 KiB cache, kmalloc/kfree for
 * kmalloc_rand, through libzslab.so's PLT), zslab's malloc (LD_PRELOAD=
 * libzslab-malloc.so), then glibc, jemalloc, mimalloc and tcmalloc's
 * malloc/free.  Instruction counts do not depend on the machine's load,
 * so they compare allocators where a shared machine's times cannot.
 *
 * The children are the calling program re-executed as "PROG
 * ICOUNT_CHILD_FLAG WORKLOAD SIDE N" under valgrind; its main must hand
 * those arguments to icount_child_main().
 */
#ifndef ZSLAB_ICOUNT_H
#define ZSLAB_ICOUNT_H

#include <stdbool.h>
#include <stddef.h>

#include "zbench.h"

#define ICOUNT_CHILD_FLAG "--icount-child"
#define ICOUNT_DEFAULT_OPS 200000L

enum icount_col { IC_API, IC_MALLOC, IC_PEER0 };
/* The peers are allocators[A_GLIBC..], from column IC_PEER0 on. */
#define IC_NR_COLS (IC_PEER0 + NR_ALLOC - 1)

extern const char *const icount_works[];
extern const size_t icount_nr_works;

/* One workload's counts: -1 where a column could not be counted. */
struct icount_row {
	const char *work;
	double ir[IC_NR_COLS];
	int best;		/* the peer column with the fewest, or -1 */
};

/* Name of column @c ("zslab", "zslab-malloc", "glibc", ...). */
const char *icount_col_name(int c);
/* Whether valgrind can be run here. */
bool icount_available(void);
/* Whether @w is one of icount_works[]. */
bool icount_is_work(const char *w);
/*
 * Count every column of @work with @ops operations; @self is the program
 * to re-execute (it must dispatch ICOUNT_CHILD_FLAG), @zslab_malloc the
 * preload of the zslab-malloc column.  catalog_find_peers() must have run.
 */
void icount_measure(struct icount_row *r, const char *work, const char *self,
		    const char *zslab_malloc, long ops);
/* The child: argv[1] is ICOUNT_CHILD_FLAG.  Return: the exit code. */
int icount_child_main(int argc, char **argv);

#endif /* ZSLAB_ICOUNT_H */
