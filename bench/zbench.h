/* SPDX-License-Identifier: MIT */
/*
 * zbench.h - zslab-bench's own pieces: the zslab side of the workloads
 * (zslab_slab.c, zslab_page.c), the catalog of workloads and allocators
 * (catalog.c), the driver (driver.c) and the report (report.c).
 *
 * Flow: main() parses the options, then for every selected workload runs
 * every applicable allocator --runs times, interleaved (run 1 of each
 * allocator, then run 2 of each ...), each run in a fresh child process:
 * zslab runs are this program re-executed with --child, peer runs are
 * peer-bench under LD_PRELOAD.  The medians go to a table on stdout and,
 * with every raw run, to a JSON file.
 */
#ifndef ZSLAB_ZBENCH_H
#define ZSLAB_ZBENCH_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "bench.h"

#define MAX_RUNS 99

/* ---- zslab side (children) ---------------------------------------------- */

/* Slab workloads: run on a booted default machine. */
extern const struct bench_entry zslab_slab_table[];
extern const size_t zslab_slab_count;
/* Page allocator workloads: run on a booted default machine. */
extern const struct bench_entry zslab_page_table[];
extern const size_t zslab_page_count;
/* Boot workloads: boot and tear down a machine themselves. */
extern const struct bench_entry zslab_boot_table[];
extern const size_t zslab_boot_count;

/* Run workload @name as a child (boot, run, print, tear down); exit code. */
int zslab_child_main(const char *name, double secs);

/* ---- catalog ------------------------------------------------------------- */

enum alloc_id { A_ZSLAB, A_GLIBC, A_JEMALLOC, A_MIMALLOC, A_TCMALLOC,
		NR_ALLOC };

/* An allocator; a peer is run through peer-bench with @path preloaded. */
struct allocator {
	const char *name;
	const char *soname;	/* NULL: nothing to preload */
	const char *package;	/* Debian package that ships @soname */
	bool installed;
	char path[PATH_MAX];	/* where @soname was found */
};

enum target_kind {
	T_NONE,		/* a figure without a target ("info") */
	T_PEER,		/* zslab / fastest peer <= target */
	T_SELF,		/* zslab v1 / zslab v2 (its own reference) <= target */
	T_BOOT,		/* v1 < target (ms) and v2 < target2 (MiB) */
};

struct workload {
	const char *name;
	const char *unit;	/* of v1 */
	const char *v2_label;	/* what v2 is, or NULL when there is none */
	bool peers;		/* also run on the peer allocators */
	enum target_kind kind;
	double target, target2;
	const char *target_text;
	/*
	 * zslab's malloc rows: zslab's cell runs peer-bench's @peer_work
	 * under LD_PRELOAD=libzslab-malloc.so, as a peer's would, and the
	 * peers run @peer_work too (NULL: the workload's own name).
	 */
	const char *peer_work;
	bool zslab_malloc;
};

extern struct allocator allocators[NR_ALLOC];
extern const struct workload workloads[];
extern const size_t nr_workloads;

/* Look for every peer's library; fill in installed and path. */
void catalog_find_peers(void);
const struct workload *catalog_workload(const char *name);

/* ---- results ------------------------------------------------------------- */

enum cell_status {
	C_NA,		/* the workload does not apply to this allocator */
	C_ABSENT,	/* peer not installed */
	C_OK,		/* every run succeeded */
	C_SKIP,		/* the child could not run it here (reason in why) */
	C_FAIL,		/* a run failed (reason in why) */
};

/* Every run of one (workload, allocator) pair. */
struct cell {
	enum cell_status status;
	int n;
	double v1[MAX_RUNS], v2[MAX_RUNS];
	double med1, med2;
	char why[160];
};

/* One workload's results and verdict. */
struct row {
	const struct workload *w;
	struct cell cell[NR_ALLOC];
	int best;		/* fastest peer (lowest med1), or -1 */
	double ratio;		/* per the target kind; NAN when none */
	const char *verdict;	/* PASS, MISS, info, SKIP, ERROR, NO PEER */
	/* instructions per op (icount.h's columns), when counted */
	bool counted;
	double ir[NR_ALLOC + 1];
	int ir_best;		/* column of the peer with the fewest, or -1 */
};

struct options {
	int runs;
	double secs;
	bool quick;
	long icount_ops;	/* operations per counted run; 0: no counts */
	const char *json;
	unsigned int timeout;	/* seconds before a child is killed */
	bool only[64];		/* indexed like workloads[]; all when unset */
	double load_start;	/* 1-minute load average before the runs */
	char command[4096];	/* the command line, shell-quoted */
	char self_dir[PATH_MAX];
};

/* The 1-minute load average (/proc/loadavg), or NAN. */
double report_loadavg(void);
/* Compute medians, the fastest peer, the ratio and the verdict of @r. */
void row_finish(struct row *r);
/* Print the header and the table of @n rows to stdout. */
void report_table(const struct options *o, const struct row *rows, size_t n);
/*
 * report_icount.c: count instructions per operation under cachegrind for
 * the rows icount.h knows (when valgrind is there and o->icount_ops > 0)
 * and print them beside the rows' times; @self is this program.
 */
void report_icount(const struct options *o, struct row *rows, size_t n,
		   const char *self);
/* The "instructions" member of row @r's JSON (null when not counted). */
void report_icount_json(FILE *f, const struct row *r);
/* Write every run and median to o->json.  Return: 0 or -1 (errno set). */
int report_json(const struct options *o, const struct row *rows, size_t n);

#endif /* ZSLAB_ZBENCH_H */
