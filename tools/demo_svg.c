/* SPDX-License-Identifier: MIT */
/*
 * demo_svg.c - the demo's SVG line chart: axes with round tick values, one
 * polyline per series, a legend.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>

#include "demo_svg.h"

#define W 900
#define H 480
#define LEFT 80
#define RIGHT 220
#define TOP 50
#define BOTTOM 60
#define PLOT_W (W - LEFT - RIGHT)
#define PLOT_H (H - TOP - BOTTOM)

static const char *const colours[] = {
	"#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02",
};
#define NR_COLOURS (sizeof(colours) / sizeof(colours[0]))

/* A tick step of 1, 2 or 5 times a power of ten giving about 5 ticks. */
static double tick_step(double max)
{
	double raw = max / 5, p = pow(10, floor(log10(raw)));

	if (raw / p > 5)
		return 10 * p;
	if (raw / p > 2)
		return 5 * p;
	if (raw / p > 1)
		return 2 * p;
	return p;
}

static void axes(FILE *f, double ymax, size_t xmax, const char *xlabel,
		 const char *ylabel)
{
	double step = tick_step(ymax);

	fprintf(f, "<rect x='%d' y='%d' width='%d' height='%d' fill='none' stroke='#444'/>\n",
		LEFT, TOP, PLOT_W, PLOT_H);
	for (double v = 0; v <= ymax * 1.0001; v += step) {
		double y = TOP + PLOT_H - v / ymax * PLOT_H;
		fprintf(f, "<line x1='%d' x2='%d' y1='%.1f' y2='%.1f' stroke='#ddd'/>\n",
			LEFT, LEFT + PLOT_W, y, y);
		fprintf(f, "<text x='%d' y='%.1f' text-anchor='end' font-size='12'>%g</text>\n",
			LEFT - 6, y + 4, v);
	}
	fprintf(f, "<text x='%d' y='%d' text-anchor='middle' font-size='13'>%s</text>\n",
		LEFT + PLOT_W / 2, H - 20, xlabel);
	fprintf(f, "<text x='%d' y='%d' text-anchor='start' font-size='12'>%zu</text>\n",
		LEFT + PLOT_W - 30, TOP + PLOT_H + 16, xmax);
	fprintf(f, "<text x='%d' y='%d' text-anchor='start' font-size='12'>0</text>\n",
		LEFT, TOP + PLOT_H + 16);
	fprintf(f, "<text transform='translate(20,%d) rotate(-90)' text-anchor='middle' font-size='13'>%s</text>\n",
		TOP + PLOT_H / 2, ylabel);
}

static void line(FILE *f, const struct svg_series *s, size_t xmax, double ymax,
		 const char *colour, size_t idx)
{
	fprintf(f, "<polyline fill='none' stroke='%s' stroke-width='2' points='", colour);
	for (size_t i = 0; i < s->n; i++)
		fprintf(f, "%.1f,%.1f ", LEFT + (double)i / (double)(xmax ? xmax : 1) * PLOT_W,
			TOP + PLOT_H - s->y[i] / ymax * PLOT_H);
	fprintf(f, "'/>\n");
	fprintf(f, "<line x1='%d' x2='%d' y1='%zu' y2='%zu' stroke='%s' stroke-width='3'/>\n",
		W - RIGHT + 15, W - RIGHT + 40, TOP + 10 + idx * 22, TOP + 10 + idx * 22, colour);
	fprintf(f, "<text x='%d' y='%zu' font-size='13'>%s</text>\n",
		W - RIGHT + 46, TOP + 14 + idx * 22, s->name);
}

int svg_line_chart(const char *path, const char *title, const char *xlabel,
		   const char *ylabel, const struct svg_series *series, size_t nr)
{
	double ymax = 0;
	size_t xmax = 0;
	FILE *f = fopen(path, "w");

	if (!f)
		return -errno;
	for (size_t s = 0; s < nr; s++) {
		if (series[s].n > xmax)
			xmax = series[s].n - 1;
		for (size_t i = 0; i < series[s].n; i++)
			ymax = fmax(ymax, series[s].y[i]);
	}
	ymax = ymax > 0 ? ymax * 1.05 : 1;
	fprintf(f, "<?xml version='1.0' encoding='UTF-8'?>\n"
		"<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' "
		"font-family='sans-serif'>\n<rect width='100%%' height='100%%' fill='white'/>\n"
		"<text x='%d' y='28' text-anchor='middle' font-size='16'>%s</text>\n",
		W, H, W / 2, title);
	axes(f, ymax, xmax, xlabel, ylabel);
	for (size_t s = 0; s < nr; s++)
		line(f, &series[s], xmax, ymax, colours[s % NR_COLOURS], s);
	fprintf(f, "</svg>\n");
	return fclose(f) ? -errno : 0;
}
