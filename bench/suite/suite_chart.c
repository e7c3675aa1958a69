/* SPDX-License-Identifier: MIT */
/*
 * suite_chart.c - the suite's results as an SVG chart: two panels, time
 * and peak RSS, each a group of bars per workload (one bar per allocator,
 * its height the ratio to the best peer) and two last groups for the
 * geometric means: over every workload, and over issue 12's public
 * workloads.  A solid line marks 1.0 (the best peer), a dashed one
 * the target.  Bars taller than the axis are clipped and carry
 * their value; every bar has its numbers as a tooltip.
 */
#include <math.h>
#include <stdio.h>

#include "suite.h"
#include "common/svg.h"

#define BAR      16.0
#define GAP      30.0
#define LEFT     70.0
#define RIGHT    30.0
#define TOP      70.0
#define PANEL_H  230.0
#define PANEL_GAP 80.0
#define Y_CAP    4.0	/* the axis never goes above this ratio */

static const char *const colour[S_NR_ALLOC] = {
	[S_ZSLAB] = "#d62728", [S_GLIBC] = "#7f7f7f",
	[S_JEMALLOC] = "#1f77b4", [S_MIMALLOC] = "#2ca02c",
	[S_TCMALLOC] = "#ff7f0e",
};

struct panel {
	const char *title;
	bool rss;		/* RSS ratios, else time */
	double target;
	double top;		/* y of the panel's top edge */
	double ymax;		/* ratio at the top of the axis */
};

static double ratio_of(const struct suite_row *r, int a, bool rss)
{
	return rss ? r->cell[a].rss_ratio : r->cell[a].time_ratio;
}

/* Allocator @a's geomean: over every workload, or the public ones. */
static double geo_of(const struct suite_verdicts *v, bool pub, int a,
		     bool rss)
{
	const struct suite_geo *g = pub ? &v->pub[a] : &v->geo[a];

	return rss ? g->rss : g->time;
}

/* The axis top: the largest ratio shown, rounded up to 0.5, capped. */
static double axis_max(const struct suite_row *rows, size_t n,
		       const struct suite_verdicts *v, bool rss)
{
	double m = 1.5;

	for (int a = 0; a < S_NR_ALLOC; a++) {
		for (size_t i = 0; i < n; i++)
			if (ratio_of(&rows[i], a, rss) > m)
				m = ratio_of(&rows[i], a, rss);
		for (int pub = 0; pub < 2; pub++)
			if (geo_of(v, pub, a, rss) > m)
				m = geo_of(v, pub, a, rss);
	}
	m = ceil(m * 2) / 2;
	return m > Y_CAP ? Y_CAP : m;
}

static double y_of(const struct panel *p, double ratio)
{
	return p->top + PANEL_H * (1 - ratio / p->ymax);
}

static void draw_axis(struct svg *s, const struct panel *p, double width)
{
	svg_text(s, LEFT, p->top - 12, "start", 14, true, "%s", p->title);
	svg_text(s, width - RIGHT, p->top - 12, "end", 11, false,
		 "solid: the best peer (1.00x); dashed: the target for "
		 "zslab's geomean (%.2fx)", p->target);
	for (double t = 0; t <= p->ymax + 1e-9; t += 0.5) {
		svg_line(s, LEFT, y_of(p, t), width - RIGHT, y_of(p, t),
			 "#e0e0e0", 1, false);
		svg_text(s, LEFT - 6, y_of(p, t) + 4, "end", 11, false,
			 "%.1fx", t);
	}
}

/* The reference lines, drawn over the bars. */
static void draw_marks(struct svg *s, const struct panel *p, double width)
{
	svg_line(s, LEFT, y_of(p, 1), width - RIGHT, y_of(p, 1), "#000000",
		 1.5, false);
	svg_line(s, LEFT, y_of(p, p->target), width - RIGHT,
		 y_of(p, p->target), "#d62728", 1.5, true);
}

/* One bar of allocator @a at @x with @ratio; @what names it. */
static void draw_bar(struct svg *s, const struct panel *p, double x, int a,
		     double ratio, const char *what)
{
	char tip[160];
	double shown = ratio > p->ymax ? p->ymax : ratio;

	if (isnan(ratio))
		return;
	snprintf(tip, sizeof(tip), "%s, %s: %.2fx the best peer", what,
		 suite_allocs[a].name, ratio);
	svg_rect(s, x, y_of(p, shown), BAR - 2, y_of(p, 0) - y_of(p, shown),
		 colour[a], tip);
	if (ratio > p->ymax)
		svg_text(s, x + BAR / 2, y_of(p, shown) - 3, "middle", 10,
			 true, "%.1f", ratio);
}

static void draw_panel(struct svg *s, const struct panel *p,
		       const struct suite_row *rows, size_t n,
		       const struct suite_verdicts *v, double width)
{
	double x = LEFT + GAP / 2;

	draw_axis(s, p, width);
	for (size_t i = 0; i < n + 2; i++) {
		const char *name = i < n ? rows[i].w->name : i == n ?
				   "geomean" : "public geomean";

		if (i < n && rows[i].skip[0])
			continue;
		for (int a = 0; a < S_NR_ALLOC; a++) {
			double r = i < n ? ratio_of(&rows[i], a, p->rss) :
				   geo_of(v, i > n, a, p->rss);

			draw_bar(s, p, x + a * BAR, a, r, name);
		}
		svg_text(s, x + S_NR_ALLOC * BAR / 2, y_of(p, 0) + 16,
			 "middle", 12, i >= n, "%s", name);
		x += S_NR_ALLOC * BAR + GAP;
	}
	draw_marks(s, p, width);
}

static void draw_legend(struct svg *s, const struct suite_opts *o)
{
	double x = LEFT;

	svg_text(s, LEFT, 24, "start", 16, true, "zslab-suite: ratio to the "
		 "best peer (lower is better), median of %d runs, %u threads",
		 o->runs, o->threads);
	for (int a = 0; a < S_NR_ALLOC; a++) {
		svg_rect(s, x, 36, 12, 12, colour[a], NULL);
		svg_text(s, x + 16, 46, "start", 12, false, "%s%s",
			 suite_allocs[a].name, suite_allocs[a].available ? "" :
			 " (not available)");
		x += suite_allocs[a].available ? 100 : 190;
	}
}

int suite_chart(const struct suite_opts *o, const struct suite_row *rows,
		size_t n, const struct suite_verdicts *v)
{
	struct panel time = { "time / best peer", false, TARGET_TIME_GEO,
			      TOP + 20, axis_max(rows, n, v, false) };
	struct panel rss = { "peak RSS / best peer", true, TARGET_RSS_GEO,
			     TOP + 20 + PANEL_H + PANEL_GAP,
			     axis_max(rows, n, v, true) };
	size_t groups = 2;	/* the two geomeans */
	double width;
	struct svg s;

	for (size_t i = 0; i < n; i++)
		groups += !rows[i].skip[0];
	width = LEFT + RIGHT + groups * (S_NR_ALLOC * BAR + GAP);
	if (width < 720)
		width = 720;
	if (svg_open(&s, o->svg, (int)width,
		     (int)(rss.top + PANEL_H + 40)))
		return -1;
	draw_legend(&s, o);
	draw_panel(&s, &time, rows, n, v, width);
	draw_panel(&s, &rss, rows, n, v, width);
	return svg_close(&s);
}
