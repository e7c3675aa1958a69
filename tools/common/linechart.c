/* SPDX-License-Identifier: MIT */
/*
 * linechart.c - line charts on the small SVG writer (svg.h).
 *
 * Geometry: one main panel (axes, marks, series, legend on the right)
 * and, when a series is "aside", a shorter panel below it with axes of
 * its own.  A panel is a box in pixels plus the data extent it shows.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "linechart.h"
#include "svg.h"

#define W 900
#define LEFT 80
#define RIGHT 200
#define TOP 50
#define MAIN_H 370       /* the main panel's plot height */
#define ASIDE_H 90       /* the small panel's plot height */
#define AXIS_GAP 60      /* below a plot: tick labels and the axis label */
#define PLOT_W (W - LEFT - RIGHT)
#define TICKS 5

static const char *const colours[] = {
	"#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02",
	"#a6761d", "#666666",
};
#define NR_COLOURS (sizeof(colours) / sizeof(colours[0]))

/* A plot area in pixels and the data range it shows (from 0). */
struct panel {
	double top, height;
	double xmax, ymax;
};

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

static double x_of(const struct linechart_series *s, size_t i)
{
	return s->x ? s->x[i] : (double)i;
}

static double px(const struct panel *p, double x)
{
	return LEFT + x / p->xmax * PLOT_W;
}

static double py(const struct panel *p, double y)
{
	return p->top + p->height - y / p->ymax * p->height;
}

/* The extent of the series with @aside as given: at least 1 each, y with headroom. */
static void extent(const struct linechart *c, bool aside, struct panel *p)
{
	p->xmax = 1;
	p->ymax = 1;
	for (size_t k = 0; k < c->nr; k++) {
		const struct linechart_series *s = &c->series[k];
		if (s->aside != aside)
			continue;
		for (size_t i = 0; i < s->n; i++) {
			p->xmax = fmax(p->xmax, x_of(s, i));
			p->ymax = fmax(p->ymax, s->y[i]);
		}
	}
	p->ymax *= 1.05;
}

static bool has_aside(const struct linechart *c)
{
	for (size_t k = 0; k < c->nr; k++)
		if (c->series[k].aside && c->series[k].n)
			return true;
	return false;
}

static void axes(struct svg *g, const struct panel *p, const char *xlabel,
		 const char *ylabel)
{
	double xs = tick_step(p->xmax), ys = tick_step(p->ymax);
	double bottom = p->top + p->height;
	int ticks = p->height < 150 ? 2 : TICKS;

	if (ticks != TICKS)
		ys = tick_step(p->ymax * TICKS / ticks);
	svg_line(g, LEFT, bottom, LEFT + PLOT_W, bottom, "#444", 1, false);
	svg_line(g, LEFT, p->top, LEFT, bottom, "#444", 1, false);
	for (int i = 0; i * xs <= p->xmax; i++) {
		double x = px(p, i * xs);
		svg_line(g, x, p->top, x, bottom, "#ddd", 1, false);
		svg_text(g, x, bottom + 16, "middle", 11, false, "%g", i * xs);
	}
	for (int i = 0; i * ys <= p->ymax; i++) {
		double y = py(p, i * ys);
		svg_line(g, LEFT, y, LEFT + PLOT_W, y, "#ddd", 1, false);
		svg_text(g, LEFT - 6, y + 4, "end", 11, false, "%g", i * ys);
	}
	svg_text(g, LEFT + PLOT_W / 2.0, bottom + 36, "middle", 13, false, "%s", xlabel);
	svg_text(g, 12, p->top - 12, "start", 13, false, "%s", ylabel);
}

/*
 * Marks: a dashed line each, its label at the top in alternating rows,
 * right of the line, or left of it near the panel's right edge.
 */
static void marks(struct svg *g, const struct panel *p, const struct linechart *c)
{
	for (size_t i = 0; i < c->nr_marks; i++) {
		double x = px(p, fmin(c->marks[i].x, p->xmax));
		bool left = x > LEFT + PLOT_W - 70;
		svg_line(g, x, p->top, x, p->top + p->height, "#888", 1, true);
		svg_text(g, left ? x - 3 : x + 3, p->top + 12 + 13 * (double)(i % 2),
			 left ? "end" : "start", 11, false, "%s", c->marks[i].label);
	}
}

/* One series in pixels; false when out of host memory. */
static bool draw(struct svg *g, const struct panel *p,
		 const struct linechart_series *s, const char *colour)
{
	double *xs = malloc(s->n * sizeof(*xs)), *ys = malloc(s->n * sizeof(*ys));
	bool ok = xs && ys;

	for (size_t i = 0; ok && i < s->n; i++) {
		xs[i] = px(p, x_of(s, i));
		ys[i] = py(p, s->y[i]);
	}
	if (ok)
		svg_polyline(g, xs, ys, s->n, colour, 2);
	free(xs);
	free(ys);
	return ok;
}

static void legend(struct svg *g, double top, int row, const char *name,
		   const char *colour)
{
	svg_line(g, W - RIGHT + 15, top + 10 + 22 * row, W - RIGHT + 40,
		 top + 10 + 22 * row, colour, 3, false);
	svg_text(g, W - RIGHT + 46, top + 14 + 22 * row, "start", 13, false, "%s", name);
}

int linechart_render(const char *path, const struct linechart *c)
{
	struct panel main = { .top = TOP, .height = MAIN_H }, side;
	bool aside = has_aside(c), ok = true;
	int rows[2] = { 0, 0 };
	struct svg g;

	side = (struct panel){ .top = TOP + MAIN_H + AXIS_GAP + 30, .height = ASIDE_H };
	if (svg_open(&g, path, W, (int)(aside ? side.top + ASIDE_H + AXIS_GAP
					    : TOP + MAIN_H + AXIS_GAP)))
		return -errno;
	extent(c, false, &main);
	svg_text(&g, W / 2.0, 26, "middle", 16, false, "%s", c->title);
	axes(&g, &main, c->xlabel, c->ylabel);
	marks(&g, &main, c);
	if (aside) {
		extent(c, true, &side);
		axes(&g, &side, c->xlabel, c->aside_title ? c->aside_title : "");
	}
	for (size_t k = 0; k < c->nr; k++) {
		const struct linechart_series *s = &c->series[k];
		const char *colour = colours[k % NR_COLOURS];
		if (!s->n)
			continue;
		ok &= draw(&g, s->aside ? &side : &main, s, colour);
		legend(&g, s->aside ? side.top : main.top, rows[s->aside]++, s->name, colour);
	}
	if (svg_close(&g))
		return -EIO;
	return ok ? 0 : -ENOMEM;
}

int linechart_write(const char *path, const char *title, const char *xlabel,
		    const char *ylabel, const struct linechart_series *series,
		    size_t nr)
{
	const struct linechart c = { .title = title, .xlabel = xlabel, .ylabel = ylabel,
				     .series = series, .nr = nr };

	return linechart_render(path, &c);
}
