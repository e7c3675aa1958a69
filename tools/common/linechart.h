/* SPDX-License-Identifier: MIT */
/*
 * linechart.h - a line chart as an SVG file: axes with round ticks, one
 * line per series, a legend, optional marks along x (the phases of a
 * run), and an optional small panel below for series that would crush the
 * main panel's scale (a failing run that goes on much longer).  Used by
 * the IOMMU demo and the level-2 table comparison (memory held over time).
 */
#ifndef ZSLAB_LINECHART_H
#define ZSLAB_LINECHART_H

#include <stdbool.h>
#include <stddef.h>

/**
 * struct linechart_series - one line.
 * @name:  legend text.
 * @x:     x values, ascending; NULL means 0, 1, 2, ...
 * @y:     y values.
 * @n:     number of points.
 * @aside: drawn in the small panel below the main one, on scales of its
 *         own; the main panel's axes are scaled to the other series only.
 */
struct linechart_series {
	const char *name;
	const double *x;
	const double *y;
	size_t n;
	bool aside;
};

/**
 * struct linechart_mark - a labelled vertical line across the main panel.
 * @x:     where, in the main panel's x units.
 * @label: the text at its top.
 */
struct linechart_mark {
	double x;
	const char *label;
};

/**
 * struct linechart - what to draw.
 * @title, @xlabel, @ylabel: texts of the main panel.
 * @series, @nr:       the lines (a series with no points is left out).
 * @marks, @nr_marks:  marks across the main panel (may be NULL, 0).
 * @aside_title:       the small panel's caption (used when a series is
 *                     @aside).
 */
struct linechart {
	const char *title, *xlabel, *ylabel;
	const struct linechart_series *series;
	size_t nr;
	const struct linechart_mark *marks;
	size_t nr_marks;
	const char *aside_title;
};

/**
 * linechart_render() - write chart @c to @path.
 * Return: 0, or -errno when the file cannot be written.
 */
int linechart_render(const char *path, const struct linechart *c);

/**
 * linechart_write() - a chart of @nr series, no marks, no small panel.
 * @path, @title, @xlabel, @ylabel, @series, @nr: as in struct linechart.
 *
 * Return: as linechart_render().
 */
int linechart_write(const char *path, const char *title, const char *xlabel,
		    const char *ylabel, const struct linechart_series *series,
		    size_t nr);

#endif
