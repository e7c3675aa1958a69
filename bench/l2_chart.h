/* SPDX-License-Identifier: MIT */
/*
 * l2_chart.h - memory held over time by each level-2 table source, drawn
 * as an SVG line chart from the samples of l2cmp_run() (l2_compare.h).
 * Public API only, no global state: the demo may compile it in.
 */
#ifndef ZSLAB_L2_CHART_H
#define ZSLAB_L2_CHART_H

#include "l2_compare.h"

struct l2chart;

/**
 * l2chart_new() - an empty chart.
 * @title: the chart's title (copied).
 *
 * Return: the chart, or NULL when the host is out of memory.
 */
struct l2chart *l2chart_new(const char *title);

/**
 * l2chart_sample() - add one sample; usable as l2cmp_params.sample with
 * the chart as its argument.
 * @chart: a struct l2chart.
 * @s:     the sample; its source picks the line, its ops the x position
 *         and its held_pages the y position.
 */
void l2chart_sample(void *chart, const struct l2cmp_sample *s);

/**
 * l2chart_write_svg() - write the chart: one line per source that has
 * samples, KiB held against calls made, with axes, ticks and a legend.
 * @c:    the chart.
 * @path: the file to write.
 *
 * Return: 0, or -errno when the file could not be written.
 */
int l2chart_write_svg(const struct l2chart *c, const char *path);

/* l2chart_free() - free @c (NULL is ignored). */
void l2chart_free(struct l2chart *c);

#endif /* ZSLAB_L2_CHART_H */
