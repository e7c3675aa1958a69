/* SPDX-License-Identifier: MIT */
/*
 * suite_stats.c - medians, the best peer of each workload, every
 * allocator's ratios to it, and the geometric means the targets judge.
 *
 * A ratio is an allocator's median over the best peer's median (for time
 * and for peak RSS separately; for redis requests per second, the other
 * way round is not used: rps_ratio is the allocator's rps over the best
 * peer's, higher is better).  The best peer itself has ratio 1.  The
 * geometric mean of an allocator covers the workloads it ran and that had
 * a best peer; a workload where it failed is left out and counted in the
 * table's notes, never silently.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/runutil.h"
#include "suite.h"

/* Median of the field at byte @off of @c's samples. */
static double median_of(const struct suite_cell *c, size_t off)
{
	double v[SUITE_MAX_RUNS];

	for (int i = 0; i < c->n; i++)
		memcpy(&v[i], (const char *)&c->s[i] + off, sizeof(double));
	return run_median(v, c->n);
}

static bool cell_ok(const struct suite_cell *c)
{
	return c->status == C_OK && c->n > 0;
}

/* The peer with the best value at @off (lowest, or highest if @high). */
static int best_peer(const struct suite_row *r, size_t off, bool high)
{
	int best = -1;
	double bv = 0;

	for (int a = S_ZSLAB + 1; a < S_NR_ALLOC; a++) {
		const struct suite_cell *c = &r->cell[a];
		double v;

		if (!cell_ok(c))
			continue;
		memcpy(&v, (const char *)c + off, sizeof(v));
		if (best < 0 || (high ? v > bv : v < bv)) {
			best = a;
			bv = v;
		}
	}
	return best;
}

void suite_row_finish(struct suite_row *r)
{
	for (int a = 0; a < S_NR_ALLOC; a++) {
		struct suite_cell *c = &r->cell[a];

		c->med_secs = median_of(c, offsetof(struct suite_sample, secs));
		c->med_cpu = median_of(c, offsetof(struct suite_sample, cpu));
		c->med_rss = median_of(c, offsetof(struct suite_sample,
						   rss_mib));
		c->med_rps = median_of(c, offsetof(struct suite_sample, rps));
	}
	r->best_time = best_peer(r, offsetof(struct suite_cell, med_secs),
				 false);
	r->best_rss = best_peer(r, offsetof(struct suite_cell, med_rss),
				false);
	r->best_rps = r->w->kind == K_REDIS ?
		best_peer(r, offsetof(struct suite_cell, med_rps), true) : -1;
	for (int a = 0; a < S_NR_ALLOC; a++) {
		struct suite_cell *c = &r->cell[a];
		bool ok = cell_ok(c);

		c->time_ratio = ok && r->best_time >= 0 ?
			c->med_secs / r->cell[r->best_time].med_secs : NAN;
		c->rss_ratio = ok && r->best_rss >= 0 ?
			c->med_rss / r->cell[r->best_rss].med_rss : NAN;
		c->rps_ratio = ok && r->best_rps >= 0 ?
			c->med_rps / r->cell[r->best_rps].med_rps : NAN;
	}
}

/*
 * Geometric means of allocator @a's time and RSS ratios, over every
 * workload or (@pub) over the public group only.
 */
static struct suite_geo geo_of(const struct suite_row *rows, size_t n, int a,
			       bool pub)
{
	double lt = 0, lr = 0;
	struct suite_geo g = { NAN, NAN, 0 };

	for (size_t i = 0; i < n; i++) {
		const struct suite_cell *c = &rows[i].cell[a];

		if (pub && !rows[i].w->public_group)
			continue;
		if (isnan(c->time_ratio) || isnan(c->rss_ratio))
			continue;
		lt += log(c->time_ratio);
		lr += log(c->rss_ratio);
		g.n++;
	}
	if (g.n) {
		g.time = exp(lt / g.n);
		g.rss = exp(lr / g.n);
	}
	return g;
}

/* Keep the larger of *@worst and @r, with its workload's @name. */
static void keep_worst(double *worst, const char **name, double r,
		       const char *wname)
{
	if (isnan(r) || (!isnan(*worst) && r <= *worst))
		return;
	*worst = r;
	*name = wname;
}

void suite_judge(const struct suite_row *rows, size_t n,
		 struct suite_verdicts *v)
{
	memset(v, 0, sizeof(*v));
	v->worst = v->worst_pub = NAN;
	v->worst_glibc = NAN;
	v->redis_rps = NAN;
	for (int a = 0; a < S_NR_ALLOC; a++) {
		v->geo[a] = geo_of(rows, n, a, false);
		v->pub[a] = geo_of(rows, n, a, true);
	}
	for (size_t i = 0; i < n; i++) {
		const struct suite_cell *z = &rows[i].cell[S_ZSLAB];
		const struct suite_cell *g = &rows[i].cell[S_GLIBC];
		/* a workload zslab failed cannot pass "none above" */
		double r = z->status == C_FAIL ? INFINITY : z->time_ratio;

		keep_worst(&v->worst, &v->worst_name, r, rows[i].w->name);
		if (rows[i].w->public_group)
			keep_worst(&v->worst_pub, &v->worst_pub_name, r,
				   rows[i].w->name);
		if (!cell_ok(z) || !cell_ok(g))
			continue;
		r = z->med_secs / g->med_secs;
		if (isnan(v->worst_glibc) || r > v->worst_glibc) {
			v->worst_glibc = r;
			v->worst_glibc_name = rows[i].w->name;
		}
		if (rows[i].w->kind == K_REDIS)
			v->redis_rps = z->rps_ratio;
	}
}
