/* SPDX-License-Identifier: MIT */
/*
 * report_icount.c - zslab-bench's instruction counts beside its times:
 * for each of icount.h's workloads that ran, a line of medians (the time
 * table's) and a line of instructions per operation under cachegrind, in
 * the same columns, with the ratio of zslab's API and of zslab's malloc
 * to the peer with the fewest instructions.  The zslab-malloc column's
 * time is that of the zslab-malloc row of the same work (malloc64 for
 * pair64, malloc1k for pair1k) when it ran, else "-".
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "common/runutil.h"
#include "icount.h"

#define COL 12

_Static_assert(IC_NR_COLS == NR_ALLOC + 1, "row.ir holds icount's columns");

/* The allocator whose median time goes in icount column @c, or -1. */
static int time_alloc_of(int c)
{
	return c == IC_API ? A_ZSLAB : c == IC_MALLOC ? -1 :
	       c - IC_PEER0 + 1;
}

/* zslab's malloc time for row @r's work: its zslab-malloc twin's. */
static double malloc_time(const struct row *r, const struct row *rows,
			  size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct cell *z = &rows[i].cell[A_ZSLAB];

		if (rows[i].w->zslab_malloc && rows[i].w->peer_work &&
		    strcmp(rows[i].w->peer_work, r->w->name) == 0 &&
		    z->status == C_OK && z->n)
			return z->med1;
	}
	return -1;
}

static void print_val(double v, bool mark)
{
	char buf[32];

	if (v < 0 || isnan(v))
		snprintf(buf, sizeof(buf), "- ");
	else
		snprintf(buf, sizeof(buf), v >= 1000 ? "%.0f%s" : "%.1f%s", v,
			 mark ? "*" : " ");
	printf(" %*s", COL, buf);
}

static void print_pair(const struct row *r, const struct row *rows,
		       size_t n)
{
	double best = r->ir_best >= 0 ? r->ir[r->ir_best] : -1;

	printf("%-13s %-8s", r->w->name, r->w->unit);
	for (int c = 0; c < IC_NR_COLS; c++) {
		int a = time_alloc_of(c);
		const struct cell *cl = a >= 0 ? &r->cell[a] : NULL;

		double t = c == IC_MALLOC ? malloc_time(r, rows, n) :
			   cl && cl->status == C_OK && cl->n ? cl->med1 : -1;

		print_val(t, a >= 0 && a == r->best);
	}
	printf("\n%-13s %-8s", "", "instr/op");
	for (int c = 0; c < IC_NR_COLS; c++)
		print_val(r->ir[c], c == r->ir_best);
	if (best > 0 && r->ir[IC_API] >= 0 && r->ir[IC_MALLOC] >= 0)
		printf("  %6.2fx %6.2fx", r->ir[IC_API] / best,
		       r->ir[IC_MALLOC] / best);
	printf("\n");
	fflush(stdout);
}

static void print_head(const struct options *o)
{
	printf("\ntimes and instructions per operation (instructions: "
	       "cachegrind, (I(N) - I(0)) / N,\nN = %ld; times: the medians "
	       "above; * fastest / fewest peer)\n%-13s %-8s", o->icount_ops,
	       "workload", "unit");
	for (int c = 0; c < IC_NR_COLS; c++)
		printf(" %*s ", COL - 1, icount_col_name(c));
	printf("  instructions / fewest: zslab, zslab-malloc\n");
}

void report_icount(const struct options *o, struct row *rows, size_t n,
		   const char *self)
{
	bool any = false;

	for (size_t i = 0; i < n; i++)
		any |= icount_is_work(rows[i].w->name);
	if (!any || o->icount_ops <= 0)
		return;
	if (!icount_available()) {
		printf("\ninstructions per operation: skipped: valgrind is not "
		       "installed (apt-get install valgrind)\n");
		return;
	}
	print_head(o);
	for (size_t i = 0; i < n; i++) {
		struct icount_row ic;

		if (!icount_is_work(rows[i].w->name))
			continue;
		fprintf(stderr, "counting %s under cachegrind\n",
			rows[i].w->name);
		icount_measure(&ic, rows[i].w->name, self, ZSLAB_MALLOC_LIB,
			       o->icount_ops);
		memcpy(rows[i].ir, ic.ir, sizeof(rows[i].ir));
		rows[i].ir_best = ic.best;
		rows[i].counted = true;
		print_pair(&rows[i], rows, n);
	}
	printf("zslab: kmem_cache_alloc/free (kmalloc/kfree in kmalloc_rand); "
	       "zslab-malloc: malloc/free\nunder LD_PRELOAD=%s.\n",
	       ZSLAB_MALLOC_LIB);
}

void report_icount_json(FILE *f, const struct row *r)
{
	fprintf(f, ", \"instructions\": ");
	if (!r->counted) {
		fprintf(f, "null");
		return;
	}
	fprintf(f, "{");
	for (int c = 0; c < IC_NR_COLS; c++) {
		fprintf(f, "%s", c ? ", " : "");
		json_string(f, icount_col_name(c));
		fprintf(f, ": ");
		json_number(f, r->ir[c] < 0 ? NAN : r->ir[c]);
	}
	fprintf(f, "}");
}
