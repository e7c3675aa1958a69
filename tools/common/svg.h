/* SPDX-License-Identifier: MIT */
/*
 * svg.h - a very small SVG writer: a document of rectangles, lines,
 * polylines and text, written straight to a file.  Shared by the tools
 * and benchmarks (public side: libc only).  Text is escaped for XML; numbers
 * are written with one decimal.  No dependencies beyond stdio.
 */
#ifndef ZSLAB_SVG_H
#define ZSLAB_SVG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct svg {
	FILE *f;
};

/* Create @path and write the header of a @w x @h document. Return 0/-1. */
int svg_open(struct svg *s, const char *path, int w, int h);
/* A filled rectangle; @tip, when not NULL, becomes its tooltip. */
void svg_rect(struct svg *s, double x, double y, double w, double h,
	      const char *fill, const char *tip);
/* A line; dashed when @dashed. */
void svg_line(struct svg *s, double x1, double y1, double x2, double y2,
	      const char *stroke, double width, bool dashed);
/*
 * Text at (@x, @y): @anchor is "start", "middle" or "end"; @size in
 * pixels; bold when @bold.  printf-style, escaped.
 */
void svg_text(struct svg *s, double x, double y, const char *anchor,
	      int size, bool bold, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));
/* An open line through the @n points (@x[i], @y[i]), in pixels. */
void svg_polyline(struct svg *s, const double *x, const double *y, size_t n,
		  const char *stroke, double width);
/* Write the closing tag and close the file.  Return: 0 or -1. */
int svg_close(struct svg *s);

#endif /* ZSLAB_SVG_H */
