/* SPDX-License-Identifier: MIT */
/*
 * linechart.c - line charts on the small SVG writer (svg.h).
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "linechart.h"
#include "svg.h"

#define W 900
#define H 480
#define LEFT 80
#define RIGHT 200
#define TOP 50
#define BOTTOM 60
#define PLOT_W (W - LEFT - RIGHT)
#define PLOT_H (H - TOP - BOTTOM)
#define TICKS 5

static const char *const colours[] = {
	"#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02",
};
#define NR_COLOURS (sizeof(colours) / sizeof(colours[0]))

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

/* The largest x and y over every series, at least 1 each, y with headroom. */
static void extent(const struct linechart_series *s, size_t nr, double *xmax,
		   double *ymax)
{
	*xmax = 1;
	*ymax = 1;
	for (size_t k = 0; k < nr; k++)
		for (size_t i = 0; i < s[k].n; i++) {
			*xmax = fmax(*xmax, x_of(&s[k], i));
			*ymax = fmax(*ymax, s[k].y[i]);
		}
	*ymax *= 1.05;
}

static void axes(struct svg *g, double xmax, double ymax, const char *xlabel,
		 const char *ylabel)
{
	double xs = tick_step(xmax), ys = tick_step(ymax);

	svg_line(g, LEFT, TOP + PLOT_H, LEFT + PLOT_W, TOP + PLOT_H, "#444", 1, false);
	svg_line(g, LEFT, TOP, LEFT, TOP + PLOT_H, "#444", 1, false);
	for (int i = 0; i * xs <= xmax; i++) {
		double v = i * xs, x = LEFT + v / xmax * PLOT_W;
		svg_line(g, x, TOP, x, TOP + PLOT_H, "#ddd", 1, false);
		svg_text(g, x, TOP + PLOT_H + 16, "middle", 11, false, "%g", v);
	}
	for (int i = 0; i * ys <= ymax; i++) {
		double v = i * ys, y = TOP + PLOT_H - v / ymax * PLOT_H;
		svg_line(g, LEFT, y, LEFT + PLOT_W, y, "#ddd", 1, false);
		svg_text(g, LEFT - 6, y + 4, "end", 11, false, "%g", v);
	}
	svg_text(g, LEFT + PLOT_W / 2.0, H - 16, "middle", 13, false, "%s", xlabel);
	svg_text(g, 12, TOP - 12, "start", 13, false, "%s", ylabel);
}

/* One series in pixels; false when out of host memory. */
static bool draw(struct svg *g, const struct linechart_series *s, double xmax,
		 double ymax, const char *colour)
{
	double *px = malloc(s->n * sizeof(*px)), *py = malloc(s->n * sizeof(*py));
	bool ok = px && py;

	for (size_t i = 0; ok && i < s->n; i++) {
		px[i] = LEFT + x_of(s, i) / xmax * PLOT_W;
		py[i] = TOP + PLOT_H - s->y[i] / ymax * PLOT_H;
	}
	if (ok)
		svg_polyline(g, px, py, s->n, colour, 2);
	free(px);
	free(py);
	return ok;
}

int linechart_write(const char *path, const char *title, const char *xlabel,
		    const char *ylabel, const struct linechart_series *series,
		    size_t nr)
{
	struct svg g;
	double xmax, ymax;
	int row = 0;
	bool ok = true;

	if (svg_open(&g, path, W, H))
		return -errno;
	extent(series, nr, &xmax, &ymax);
	svg_text(&g, W / 2.0, 26, "middle", 16, false, "%s", title);
	axes(&g, xmax, ymax, xlabel, ylabel);
	for (size_t k = 0; k < nr; k++) {
		const char *colour = colours[k % NR_COLOURS];
		if (!series[k].n)
			continue;
		ok &= draw(&g, &series[k], xmax, ymax, colour);
		svg_line(&g, W - RIGHT + 15, TOP + 10 + 22 * row, W - RIGHT + 40,
			 TOP + 10 + 22 * row, colour, 3, false);
		svg_text(&g, W - RIGHT + 46, TOP + 14 + 22 * row, "start", 13, false,
			 "%s", series[k].name);
		row++;
	}
	if (svg_close(&g))
		return -EIO;
	return ok ? 0 : -ENOMEM;
}
