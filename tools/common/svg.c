/* SPDX-License-Identifier: MIT */
/*
 * svg.c - the small SVG writer (see svg.h).
 */
#include "svg.h"

#include <stdarg.h>

/* Write @t with the five XML special characters escaped. */
static void put_escaped(FILE *f, const char *t)
{
	for (; *t; t++) {
		switch (*t) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&apos;", f); break;
		default: fputc(*t, f); break;
		}
	}
}

int svg_open(struct svg *s, const char *path, int w, int h)
{
	s->f = fopen(path, "w");
	if (!s->f)
		return -1;
	fprintf(s->f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
		"height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\">"
		"\n<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" "
		"fill=\"white\"/>\n", w, h, w, h, w, h);
	return 0;
}

void svg_rect(struct svg *s, double x, double y, double w, double h,
	      const char *fill, const char *tip)
{
	fprintf(s->f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
		"height=\"%.1f\" fill=\"", x, y, w, h);
	put_escaped(s->f, fill);
	if (!tip) {
		fputs("\"/>\n", s->f);
		return;
	}
	fputs("\"><title>", s->f);
	put_escaped(s->f, tip);
	fputs("</title></rect>\n", s->f);
}

void svg_line(struct svg *s, double x1, double y1, double x2, double y2,
	      const char *stroke, double width, bool dashed)
{
	fprintf(s->f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
		"stroke=\"", x1, y1, x2, y2);
	put_escaped(s->f, stroke);
	fprintf(s->f, "\" stroke-width=\"%.1f\"%s/>\n", width,
		dashed ? " stroke-dasharray=\"6 4\"" : "");
}

void svg_text(struct svg *s, double x, double y, const char *anchor,
	      int size, bool bold, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	fprintf(s->f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" "
		"font-size=\"%d\"%s>", x, y, anchor, size,
		bold ? " font-weight=\"bold\"" : "");
	put_escaped(s->f, buf);
	fputs("</text>\n", s->f);
}

void svg_polyline(struct svg *s, const double *x, const double *y, size_t n,
		  const char *stroke, double width)
{
	fputs("<polyline fill=\"none\" stroke=\"", s->f);
	put_escaped(s->f, stroke);
	fprintf(s->f, "\" stroke-width=\"%.1f\" points=\"", width);
	for (size_t i = 0; i < n; i++)
		fprintf(s->f, "%s%.1f,%.1f", i ? " " : "", x[i], y[i]);
	fputs("\"/>\n", s->f);
}

int svg_close(struct svg *s)
{
	fputs("</svg>\n", s->f);
	return fclose(s->f) ? -1 : 0;
}
