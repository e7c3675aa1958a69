/* SPDX-License-Identifier: MIT */
/*
 * l2_chart.c - the level-2 comparison's samples as a line chart: each
 * source keeps (ops, KiB held) points in growing arrays, and the chart is
 * drawn by the tools' line-chart writer (tools/common/linechart.h).
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "common/linechart.h"
#include "l2_chart.h"

struct series {
	double *x, *y;
	size_t n, cap;
};

struct l2chart {
	char title[160];
	struct series s[L2CMP_NR_SOURCES];
};

struct l2chart *l2chart_new(const char *title)
{
	struct l2chart *c = calloc(1, sizeof(*c));

	if (c)
		snprintf(c->title, sizeof(c->title), "%s", title ? title : "");
	return c;
}

/* Room for one more point; false when the host is out of memory. */
static bool grow(struct series *se)
{
	size_t cap = se->cap ? 2 * se->cap : 256;
	double *x, *y;

	if (se->n < se->cap)
		return true;
	x = realloc(se->x, cap * sizeof(*x));
	if (x)
		se->x = x;
	y = x ? realloc(se->y, cap * sizeof(*y)) : NULL;
	if (!y)
		return false;
	se->y = y;
	se->cap = cap;
	return true;
}

void l2chart_sample(void *chart, const struct l2cmp_sample *s)
{
	struct l2chart *c = chart;
	struct series *se;

	if (!c || s->source >= L2CMP_NR_SOURCES)
		return;
	se = &c->s[s->source];
	if (!grow(se))
		return;   /* out of host memory: the chart has a gap */
	se->x[se->n] = (double)s->ops;
	se->y[se->n++] = (double)s->held_pages * 4;
}

int l2chart_write_svg(const struct l2chart *c, const char *path)
{
	struct linechart_series lines[L2CMP_NR_SOURCES];

	for (int k = 0; k < L2CMP_NR_SOURCES; k++)
		lines[k] = (struct linechart_series){
			l2cmp_source_name((enum l2cmp_source)k), c->s[k].x, c->s[k].y, c->s[k].n,
			false
		};
	return linechart_write(path, c->title, "allocations + frees",
			       "KiB held below 4 GiB", lines, L2CMP_NR_SOURCES);
}

void l2chart_free(struct l2chart *c)
{
	if (!c)
		return;
	for (int k = 0; k < L2CMP_NR_SOURCES; k++) {
		free(c->s[k].x);
		free(c->s[k].y);
	}
	free(c);
}
