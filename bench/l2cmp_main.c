/* SPDX-License-Identifier: MIT */
/*
 * l2cmp_main.c - zslab-l2cmp: the level-2 table comparison as a program.
 *
 *   zslab-l2cmp [--samples FILE]
 *
 * Boots the Chromebook machine of the bug report (memmap=4G@0x40000000:
 * 3 GiB of DMA32, 1 GiB of Normal above 4 GiB), runs the churn and the
 * sparse pattern through the four sources (l2_compare.h) and prints one
 * table per pattern.  With --samples, every sample goes to FILE as CSV
 * (pattern,source,ops,live,held_pages) for charts.  Exit status 1 when a
 * table landed above 4 GiB or a source did not give all its pages back.
 */
#include <stdio.h>
#include <string.h>
#include <zslab/zslab.h>

#include "l2_compare.h"

struct csv {
	FILE *f;
	const char *pattern;
};

static void write_sample(void *arg, const struct l2cmp_sample *s)
{
	struct csv *c = arg;

	fprintf(c->f, "%s,%s,%lu,%lu,%ld\n", c->pattern,
		l2cmp_source_name(s->source), s->ops, s->live, s->held_pages);
}

static int run_pattern(enum l2cmp_pattern pat, const char *title, struct csv *csv)
{
	struct l2cmp_params p = l2cmp_default_params(pat);
	struct l2cmp_result r[L2CMP_NR_SOURCES];
	int bad = 0;

	if (csv->f) {
		csv->pattern = pat == L2CMP_CHURN ? "churn" : "sparse";
		p.sample = write_sample;
		p.arg = csv;
	}
	for (int s = 0; s < L2CMP_NR_SOURCES; s++) {
		if (l2cmp_run((enum l2cmp_source)s, &p, &r[s])) {
			fprintf(stderr, "zslab-l2cmp: %s could not be set up\n",
				l2cmp_source_name((enum l2cmp_source)s));
			return 1;
		}
		if (r[s].high || r[s].after_pages) {
			fprintf(stderr, "zslab-l2cmp: %s: %lu tables misplaced, %ld pages not given back\n",
				r[s].name, r[s].high, r[s].after_pages);
			bad = 1;
		}
	}
	l2cmp_print(stdout, title, r, L2CMP_NR_SOURCES);
	return bad;
}

int main(int argc, char **argv)
{
	struct csv csv = { NULL, NULL };
	int bad;

	if (argc == 3 && strcmp(argv[1], "--samples") == 0) {
		csv.f = fopen(argv[2], "w");
		if (!csv.f) {
			perror(argv[2]);
			return 2;
		}
		fprintf(csv.f, "pattern,source,ops,live,held_pages\n");
	} else if (argc != 1) {
		fprintf(stderr, "usage: zslab-l2cmp [--samples FILE]\n");
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
			  "then free to 384 live", &csv);
	printf("\n");
	bad |= run_pattern(L2CMP_SPARSE,
			   "sparse: 1024 x (allocate 32, free all but one at random): "
			   "1024 live at the end", &csv);
	if (csv.f)
		fclose(csv.f);
	zslab_exit();
	return bad;
}
