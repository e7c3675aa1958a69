/* SPDX-License-Identifier: MIT */
/*
 * l2_chart.c - an SVG line chart of the level-2 comparison's samples.
 *
 * Each source keeps its samples as (ops, KiB held) points in a growing
 * array.  The SVG is plain: a plot area of PLOT_W x PLOT_H at (LEFT, TOP),
 * five ticks on each axis at round values, one polyline per source and a
 * legend at the top right.  Nothing but stdio and the samples.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "l2_chart.h"

#define WIDTH  760
#define HEIGHT 420
#define LEFT   80
#define TOP    40
#define PLOT_W 640
#define PLOT_H 320
#define TICKS  5

struct point {
	double x, y;
};

struct series {
	struct point *pts;
	size_t n, cap;
};

struct l2chart {
	char title[160];
	struct series s[L2CMP_NR_SOURCES];
};

static const char *const colours[L2CMP_NR_SOURCES] = {
	"#1b9e77", "#d95f02", "#7570b3", "#e7298a",
};

struct l2chart *l2chart_new(const char *title)
{
	struct l2chart *c = calloc(1, sizeof(*c));

	if (c)
		snprintf(c->title, sizeof(c->title), "%s", title ? title : "");
	return c;
}

void l2chart_sample(void *chart, const struct l2cmp_sample *s)
{
	struct l2chart *c = chart;
	struct series *se;

	if (!c || s->source >= L2CMP_NR_SOURCES)
		return;
	se = &c->s[s->source];
	if (se->n == se->cap) {
		size_t cap = se->cap ? 2 * se->cap : 256;
		struct point *p = realloc(se->pts, cap * sizeof(*p));
		if (!p)
			return;   /* out of host memory: the chart has a gap */
		se->pts = p;
		se->cap = cap;
	}
	se->pts[se->n++] = (struct point){ (double)s->ops, (double)s->held_pages * 4 };
}

/* A round step (1, 2 or 5 times a power of ten) giving about TICKS ticks. */
static double tick_step(double max)
{
	double raw = max / TICKS, mag, f;

	if (raw <= 0)
		return 1;
	mag = pow(10, floor(log10(raw)));
	f = raw / mag;
	return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
}

static void axes(FILE *f, double xmax, double ymax)
{
	double xs = tick_step(xmax), ys = tick_step(ymax);

	fprintf(f, "<rect x='%d' y='%d' width='%d' height='%d' fill='none' stroke='#444'/>\n",
		LEFT, TOP, PLOT_W, PLOT_H);
	for (double v = 0; v <= xmax + xs / 2; v += xs) {
		double x = LEFT + v / xmax * PLOT_W;
		fprintf(f, "<line x1='%.1f' y1='%d' x2='%.1f' y2='%d' stroke='#ddd'/>"
			"<text x='%.1f' y='%d' font-size='11' text-anchor='middle'>%.0f</text>\n",
			x, TOP, x, TOP + PLOT_H, x, TOP + PLOT_H + 16, v);
	}
	for (double v = 0; v <= ymax + ys / 2; v += ys) {
		double y = TOP + PLOT_H - v / ymax * PLOT_H;
		fprintf(f, "<line x1='%d' y1='%.1f' x2='%d' y2='%.1f' stroke='#ddd'/>"
			"<text x='%d' y='%.1f' font-size='11' text-anchor='end'>%.0f</text>\n",
			LEFT, y, LEFT + PLOT_W, y, LEFT - 6, y + 4, v);
	}
	fprintf(f, "<text x='%d' y='%d' font-size='12' text-anchor='middle'>allocations + frees</text>\n",
		LEFT + PLOT_W / 2, HEIGHT - 12);
	fprintf(f, "<text x='16' y='%d' font-size='12' text-anchor='middle' "
		"transform='rotate(-90 16 %d)'>KiB held below 4 GiB</text>\n",
		TOP + PLOT_H / 2, TOP + PLOT_H / 2);
}

static void line(FILE *f, const struct series *se, const char *colour,
		 double xmax, double ymax)
{
	fprintf(f, "<polyline fill='none' stroke='%s' stroke-width='1.5' points='", colour);
	for (size_t i = 0; i < se->n; i++)
		fprintf(f, "%s%.1f,%.1f", i ? " " : "",
			LEFT + se->pts[i].x / xmax * PLOT_W,
			TOP + PLOT_H - se->pts[i].y / ymax * PLOT_H);
	fprintf(f, "'/>\n");
}

/* The largest x and y over every series, at least 1 each. */
static void extent(const struct l2chart *c, double *xmax, double *ymax)
{
	*xmax = 1;
	*ymax = 1;
	for (int k = 0; k < L2CMP_NR_SOURCES; k++)
		for (size_t i = 0; i < c->s[k].n; i++) {
			if (c->s[k].pts[i].x > *xmax)
				*xmax = c->s[k].pts[i].x;
			if (c->s[k].pts[i].y > *ymax)
				*ymax = c->s[k].pts[i].y;
		}
	*ymax *= 1.05;   /* headroom over the highest line */
}

int l2chart_write_svg(const struct l2chart *c, const char *path)
{
	FILE *f = fopen(path, "w");
	double xmax, ymax;
	int row = 0, err;

	if (!f)
		return -errno;
	extent(c, &xmax, &ymax);
	fprintf(f, "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' "
		"font-family='sans-serif'>\n<rect width='100%%' height='100%%' fill='white'/>\n",
		WIDTH, HEIGHT);
	fprintf(f, "<text x='%d' y='22' font-size='14'>", LEFT);
	for (const char *p = c->title; *p; p++)
		fputs(*p == '<' ? "&lt;" : *p == '&' ? "&amp;" : (char[2]){ *p, 0 }, f);
	fprintf(f, "</text>\n");
	axes(f, xmax, ymax);
	for (int k = 0; k < L2CMP_NR_SOURCES; k++) {
		if (!c->s[k].n)
			continue;
		line(f, &c->s[k], colours[k], xmax, ymax);
		fprintf(f, "<text x='%d' y='%d' font-size='12' fill='%s'>%s</text>\n",
			LEFT + PLOT_W - 130, TOP + 18 + 16 * row++, colours[k],
			l2cmp_source_name((enum l2cmp_source)k));
	}
	fprintf(f, "</svg>\n");
	err = ferror(f) ? -EIO : 0;
	if (fclose(f) && !err)
		err = -errno;
	return err;
}

void l2chart_free(struct l2chart *c)
{
	if (!c)
		return;
	for (int k = 0; k < L2CMP_NR_SOURCES; k++)
		free(c->s[k].pts);
	free(c);
}
