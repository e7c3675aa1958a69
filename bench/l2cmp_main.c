/* SPDX-License-Identifier: MIT */
/*
 * l2cmp_main.c - zslab-l2cmp: the level-2 table comparison as a program.
 *
 *   zslab-l2cmp [--samples FILE] [--svg PREFIX]
 *
 * Boots the Chromebook machine of the bug report (memmap=4G@0x40000000:
 * 3 GiB of DMA32, 1 GiB of Normal above 4 GiB), runs the churn and the
 * sparse pattern through the four sources (l2_compare.h) and prints one
 * table per pattern.  --samples writes every sample to FILE as CSV
 * (pattern,source,ops,live,held_pages); --svg draws each pattern's samples
 * to PREFIX-churn.svg and PREFIX-sparse.svg.  Exit status 1 when a table
 * landed above 4 GiB or a source did not give all its pages back.
 */
#include <stdio.h>
#include <string.h>
#include <zslab/zslab.h>

#include "l2_chart.h"
#include "l2_compare.h"

struct sinks {
	FILE *csv;
	const char *svg_prefix;
	const char *pattern;
	struct l2chart *chart;
};

static void on_sample(void *arg, const struct l2cmp_sample *s)
{
	struct sinks *k = arg;

	if (k->csv)
		fprintf(k->csv, "%s,%s,%lu,%lu,%ld\n", k->pattern,
			l2cmp_source_name(s->source), s->ops, s->live, s->held_pages);
	if (k->chart)
		l2chart_sample(k->chart, s);
}

static int write_chart(struct sinks *k, const char *title)
{
	char path[4096];
	int err;

	snprintf(path, sizeof(path), "%s-%s.svg", k->svg_prefix, k->pattern);
	err = l2chart_write_svg(k->chart, path);
	if (err)
		fprintf(stderr, "zslab-l2cmp: %s: %s\n", path, strerror(-err));
	else
		printf("  chart: %s (%s)\n", path, title);
	return err ? 1 : 0;
}

static int run_pattern(enum l2cmp_pattern pat, const char *title, struct sinks *k)
{
	struct l2cmp_params p = l2cmp_default_params(pat);
	struct l2cmp_result r[L2CMP_NR_SOURCES];
	int bad = 0;

	k->pattern = pat == L2CMP_CHURN ? "churn" : "sparse";
	k->chart = k->svg_prefix ? l2chart_new(title) : NULL;
	p.sample = on_sample;
	p.arg = k;
	for (int s = 0; s < L2CMP_NR_SOURCES && !bad; s++) {
		if (l2cmp_run((enum l2cmp_source)s, &p, &r[s])) {
			fprintf(stderr, "zslab-l2cmp: %s could not be set up\n",
				l2cmp_source_name((enum l2cmp_source)s));
			bad = 1;
		} else if (r[s].high || r[s].after_pages) {
			fprintf(stderr, "zslab-l2cmp: %s: %lu tables misplaced, %ld pages not given back\n",
				r[s].name, r[s].high, r[s].after_pages);
			bad = 1;
		}
	}
	if (!bad)
		l2cmp_print(stdout, title, r, L2CMP_NR_SOURCES);
	if (!bad && k->chart)
		bad = write_chart(k, title);
	l2chart_free(k->chart);
	k->chart = NULL;
	return bad;
}

static int parse(int argc, char **argv, struct sinks *k)
{
	for (int i = 1; i < argc; i += 2) {
		if (i + 1 >= argc)
			return -1;
		if (!strcmp(argv[i], "--samples")) {
			k->csv = fopen(argv[i + 1], "w");
			if (!k->csv) {
				perror(argv[i + 1]);
				return -1;
			}
			fprintf(k->csv, "pattern,source,ops,live,held_pages\n");
		} else if (!strcmp(argv[i], "--svg")) {
			k->svg_prefix = argv[i + 1];
		} else {
			return -1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct sinks k = { NULL, NULL, NULL, NULL };
	int bad;

	if (parse(argc, argv, &k)) {
		fprintf(stderr, "usage: zslab-l2cmp [--samples FILE] [--svg PREFIX]\n");
		return 2;
	}
	if (zslab_init("memmap=4G@0x40000000")) {
		fprintf(stderr, "zslab-l2cmp: boot failed\n");
		return 2;
	}
	printf("1 KiB level-2 tables below 4 GiB, memmap=4G@0x40000000; memory is what the\n"
	       "zones below 4 GiB lent out (zoneinfo), 'end' after kmem_cache_shrink.\n\n");
	bad = run_pattern(L2CMP_CHURN,
			  "churn: grow to 3072 live, 8 x (free 50% at random, regrow), "
			  "then free to 384 live", &k);
	printf("\n");
	bad |= run_pattern(L2CMP_SPARSE,
			   "sparse: 1024 x (allocate 32, free all but one at random): "
			   "1024 live at the end", &k);
	if (k.csv)
		fclose(k.csv);
	zslab_exit();
	return bad;
}
