/* SPDX-License-Identifier: MIT */
/*
 * suite.h - zslab-suite, the driver of the allocator suite.
 *
 * Flow: main() (suite_main.c) finds the allocators (suite_alloc.c), then
 * for every selected workload runs every available allocator --runs
 * times, interleaved (run 1 of each allocator, then run 2 ...), each run
 * a fresh process: suite-work under LD_PRELOAD (suite_run.c) or
 * redis-server under LD_PRELOAD driven by redis-benchmark (suite_redis.c).
 * A run yields its wall time and the peak RSS the kernel kept for it
 * (wait4).  suite_stats.c takes medians, ratios to the best peer and
 * geometric means; the results go to a table on stdout (suite_table.c), a
 * JSON file (suite_json.c) and an SVG chart (suite_chart.c on svg.c).
 *
 * "Peer" means every allocator but zslab; the best peer of a workload is
 * the peer with the lowest median (time and RSS separately).  Lower is
 * better everywhere, except redis requests per second.
 */
#ifndef ZSLAB_SUITE_H
#define ZSLAB_SUITE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/types.h>

#define SUITE_MAX_RUNS 31

enum suite_alloc_id { S_ZSLAB, S_GLIBC, S_JEMALLOC, S_MIMALLOC, S_TCMALLOC,
		      S_NR_ALLOC };

/* An allocator: preloaded from @path when @soname is set. */
struct suite_alloc {
	const char *name;
	const char *soname;	/* the library preloaded for it */
	const char *package;	/* Debian package that ships it */
	const char *expect;	/* part of the file name defining malloc */
	bool available;
	char path[PATH_MAX];
	char why[256];		/* when not available */
	char sized_from[128];	/* whose operator delete(void *, size_t) */
	char **env;		/* the children's environment */
};

enum suite_kind { K_WORK, K_REDIS };

struct suite_workload {
	const char *name;
	enum suite_kind kind;
	bool deterministic;	/* checksum must agree across allocators */
	bool public_group;	/* one of issue 12's public workloads */
	const char *what;	/* one line for --list */
};

enum cell_status { C_OK, C_ABSENT, C_SKIP, C_FAIL };

/* One run's measurements. */
struct suite_sample {
	double secs;		/* wall time */
	double cpu;		/* user + system seconds */
	double rss_mib;		/* peak resident set size */
	double rps;		/* redis only: requests per second */
	char checksum[32];
};

/* Every run of one (workload, allocator) pair. */
struct suite_cell {
	enum cell_status status;
	int n;
	struct suite_sample s[SUITE_MAX_RUNS];
	double med_secs, med_cpu, med_rss, med_rps;
	double time_ratio, rss_ratio, rps_ratio;	/* to the best peer */
	char why[256];
};

struct suite_row {
	const struct suite_workload *w;
	unsigned int threads;
	struct suite_cell cell[S_NR_ALLOC];
	int best_time, best_rss, best_rps;	/* peer index or -1 */
	char skip[256];		/* whole workload skipped: why */
};

/* Geometric means of one allocator's ratios over the workloads. */
struct suite_geo {
	double time, rss;
	int n;
};

/* The targets of issues 12 and 7, judged on zslab's results. */
struct suite_verdicts {
	struct suite_geo geo[S_NR_ALLOC];	/* every workload */
	struct suite_geo pub[S_NR_ALLOC];	/* the public group only */
	double worst;		/* zslab time / best peer, largest */
	const char *worst_name;
	double worst_pub;	/* the same over the public group */
	const char *worst_pub_name;
	double worst_glibc;	/* zslab time / glibc time, largest */
	const char *worst_glibc_name;
	double redis_rps;	/* zslab rps / best peer rps, or NAN */
};

struct suite_opts {
	int runs;
	double scale;
	unsigned int threads;
	unsigned int timeout;
	bool tiny;
	const char *json;
	const char *svg;
	const char *zslab_lib;
	bool only[16];
	char command[4096];
	double load_before;
	char self_dir[PATH_MAX];
};

extern struct suite_alloc suite_allocs[S_NR_ALLOC];
extern const struct suite_workload suite_workloads[];
extern const size_t suite_nr_workloads;

/* suite_alloc.c: find every allocator's library, build environments. */
int suite_find_allocs(const struct suite_opts *o);

/* suite_run.c: run suite-work once; fills *@out or sets @why. */
enum cell_status suite_run_work(const struct suite_opts *o,
				const struct suite_row *row, int a,
				struct suite_sample *out, char *why, size_t n);
/*
 * The library whose operator delete(void *, size_t) larson-sized gets
 * under allocator @a, into @buf ("?" when it cannot be told).
 */
void suite_sized_origin(const struct suite_opts *o, int a, char *buf,
			size_t n);
/* Wall seconds now (monotonic). */
double suite_now(void);
/*
 * Start @argv with @envp, stdout on @out_fd (-1: ours), killed by SIGALRM
 * after @timeout seconds (0: never).  Return: the pid or -1.
 */
pid_t suite_spawn(char *const argv[], char *const envp[], int out_fd,
		  unsigned int timeout);
/* Wait for @pid; its usage goes to *@ru.  Return: wait status or -1. */
int suite_reap(pid_t pid, struct rusage *ru);
/* Say in @why how a child that ended with @status failed. */
void suite_explain(int status, unsigned int timeout, char *why, size_t n);
/* CPU time and peak RSS of a reaped child into @s. */
void suite_usage_sample(const struct rusage *ru, struct suite_sample *s);

/* suite_redis.c: whether redis can run here (else why), and one run. */
bool suite_redis_found(char *why, size_t n);
enum cell_status suite_run_redis(const struct suite_opts *o, int a,
				 struct suite_sample *out, char *why,
				 size_t n);

/* suite_stats.c */
void suite_row_finish(struct suite_row *r);
void suite_judge(const struct suite_row *rows, size_t n,
		 struct suite_verdicts *v);

/* Issue 12's targets (ratios of zslab to the best peer). */
#define TARGET_TIME_GEO   0.95	/* time geomean, every workload */
#define TARGET_WORST      1.2	/* no workload above */
#define TARGET_RSS_GEO    1.0	/* peak-RSS geomean */
#define TARGET_PUB_GEO    1.0	/* time geomean of the public group */
#define TARGET_PUB_WORST  1.25	/* no public workload above */
/* Issue 7's, still held. */
#define TARGET_VS_GLIBC   2.0
#define TARGET_REDIS_RPS  0.95

/* Output. */
void suite_table(const struct suite_opts *o, const struct suite_row *rows,
		 size_t n, const struct suite_verdicts *v);
int suite_json(const struct suite_opts *o, const struct suite_row *rows,
	       size_t n, const struct suite_verdicts *v);
int suite_chart(const struct suite_opts *o, const struct suite_row *rows,
		size_t n, const struct suite_verdicts *v);

#endif /* ZSLAB_SUITE_H */
