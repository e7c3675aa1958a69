/* SPDX-License-Identifier: MIT */
/*
 * demo_svg.h - a line chart written as a standalone SVG file, for the
 * demo's "memory held over time" picture.  No dependencies.
 */
#ifndef ZSLAB_DEMO_SVG_H
#define ZSLAB_DEMO_SVG_H

#include <stddef.h>

/**
 * struct svg_series - one line of the chart.
 * @name:  legend text.
 * @y:     values, one per x step (x is the index).
 * @n:     number of values.
 */
struct svg_series {
	const char *name;
	const double *y;
	size_t n;
};

/**
 * svg_line_chart() - write a line chart of @nr series to @path.
 * @path:    the file to create (replaced if it exists).
 * @title:   the chart's title.
 * @xlabel:  the x axis label.
 * @ylabel:  the y axis label.
 * @series:  the lines; each is drawn over the same x range.
 * @nr:      how many.
 *
 * Return: 0, or -errno when the file cannot be written.
 */
int svg_line_chart(const char *path, const char *title, const char *xlabel,
		   const char *ylabel, const struct svg_series *series, size_t nr);

#endif
