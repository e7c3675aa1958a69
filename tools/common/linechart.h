/* SPDX-License-Identifier: MIT */
/*
 * linechart.h - a line chart as an SVG file: axes with round ticks, one
 * line per series, a legend.  Used by the IOMMU demo and the level-2
 * table comparison (memory held over time).
 */
#ifndef ZSLAB_LINECHART_H
#define ZSLAB_LINECHART_H

#include <stddef.h>

/**
 * struct linechart_series - one line.
 * @name: legend text.
 * @x:    x values, ascending; NULL means 0, 1, 2, ...
 * @y:    y values.
 * @n:    number of points.
 */
struct linechart_series {
	const char *name;
	const double *x;
	const double *y;
	size_t n;
};

/**
 * linechart_write() - write a chart of @nr series to @path.
 * @path:   the file to create (replaced if it exists).
 * @title:  the chart's title.
 * @xlabel: the x axis label.
 * @ylabel: the y axis label.
 * @series: the lines (a series with no points is left out).
 * @nr:     how many.
 *
 * Return: 0, or -errno when the file cannot be written.
 */
int linechart_write(const char *path, const char *title, const char *xlabel,
		    const char *ylabel, const struct linechart_series *series,
		    size_t nr);

#endif
