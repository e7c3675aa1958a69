/* SPDX-License-Identifier: MIT */
/*
 * main.c - slabinfo: options and what they select.  The options are those
 * of the kernel's tools/mm/slabinfo, with its --partial (mapped to a letter
 * it does not accept) and --display-activity (spelled differently in its
 * help) fixed, plus --root DIR to read any tree laid out as
 * /sys/kernel/slab.
 */
#include "slabinfo.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct si_opts si_opt = { .skip_zero = true, .output_lines = -1 };
long si_page_size = 4096;

enum { OPT_ROOT = 256 };

static const struct option long_opts[] = {
	{ "aliases", no_argument, NULL, 'a' },
	{ "activity", no_argument, NULL, 'A' },
	{ "Bytes", no_argument, NULL, 'B' },
	{ "debug", optional_argument, NULL, 'd' },
	{ "display-activity", no_argument, NULL, 'D' },
	{ "empty", no_argument, NULL, 'e' },
	{ "first-alias", no_argument, NULL, 'f' },
	{ "help", no_argument, NULL, 'h' },
	{ "inverted", no_argument, NULL, 'i' },
	{ "slabs", no_argument, NULL, 'l' },
	{ "Loss", no_argument, NULL, 'L' },
	{ "numa", no_argument, NULL, 'n' },
	{ "lines", required_argument, NULL, 'N' },
	{ "ops", no_argument, NULL, 'o' },
	{ "partial", no_argument, NULL, 'P' },
	{ "report", no_argument, NULL, 'r' },
	{ "shrink", no_argument, NULL, 's' },
	{ "Size", no_argument, NULL, 'S' },
	{ "tracking", no_argument, NULL, 't' },
	{ "Totals", no_argument, NULL, 'T' },
	{ "Unreclaim", no_argument, NULL, 'U' },
	{ "validate", no_argument, NULL, 'v' },
	{ "Xtotals", no_argument, NULL, 'X' },
	{ "zero", no_argument, NULL, 'z' },
	{ "1ref", no_argument, NULL, '1' },
	{ "root", required_argument, NULL, OPT_ROOT },
	{ NULL, 0, NULL, 0 }
};

static void usage(void)
{
	printf("slabinfo (zslab): reports about slab caches from a /sys/kernel/slab tree\n\n"
	       "slabinfo [-aABDefhilLnoPrsStTUvXz1] [-N K] [-d[afzput]] [--root DIR] [slab-regexp]\n"
	       "-a|--aliases           Show aliases\n"
	       "-A|--activity          Most active slabs first\n"
	       "-B|--Bytes             Show size in bytes\n"
	       "-D|--display-activity  Switch line format to activity\n"
	       "-e|--empty             Show empty slabs\n"
	       "-f|--first-alias       Show first alias\n"
	       "-h|--help              Show usage information\n"
	       "-i|--inverted          Inverted list\n"
	       "-l|--slabs             Show slabs\n"
	       "-L|--Loss              Sort by loss\n"
	       "-n|--numa              Show NUMA information\n"
	       "-N|--lines=K           Show the first K slabs\n"
	       "-o|--ops               Show kmem_cache_ops\n"
	       "-P|--partial           Sort by number of partial slabs\n"
	       "-r|--report            Detailed report on single slabs\n"
	       "-s|--shrink            Shrink slabs\n"
	       "-S|--Size              Sort by size\n"
	       "-t|--tracking          Show alloc/free information\n"
	       "-T|--Totals            Show summary information\n"
	       "-U|--Unreclaim         Show unreclaimable slabs only\n"
	       "-v|--validate          Validate slabs\n"
	       "-X|--Xtotals           Show extended summary information\n"
	       "-z|--zero              Include empty slabs\n"
	       "-1|--1ref              Single reference\n"
	       "   --root=DIR          Read DIR/sys/kernel/slab (a zslab export or\n"
	       "                       slab_sysfs= mount), or DIR itself, instead of\n"
	       "                       /sys/kernel/slab\n"
	       "\n"
	       "-d  | --debug          Switch off all debug options\n"
	       "-da | --debug=a        Switch on all debug options (--debug=FZPU)\n"
	       "\n"
	       "-d[afzput] | --debug=[afzput]\n"
	       "    f | F              Sanity Checks (SLAB_CONSISTENCY_CHECKS)\n"
	       "    z | Z              Redzoning\n"
	       "    p | P              Poisoning\n"
	       "    u | U              Tracking\n"
	       "    t | T              Tracing\n"
	       "\nSorting options (--Loss, --Size, --partial) are mutually exclusive\n");
}

/* Sort flags seen; the kernel tool's precedence is size, activity, loss, partial. */
static bool by_size, by_active, by_loss, by_partial;
static const char *root;

static int parse_lines(const char *arg)
{
	char *end;
	long n = strtol(arg, &end, 10);

	if (end == arg || *end) {
		fprintf(stderr, "slabinfo: invalid --lines value '%s'\n", arg);
		exit(EXIT_FAILURE);
	}
	return n < 1 ? 1 : (n > 1000000 ? 1000000 : (int)n);
}

/* Returns -1 for -h (done), 0 to go on; exits on a bad option. */
static int parse_one(int c)
{
	switch (c) {
	case 'a': si_opt.show_alias = true; break;
	case 'A': by_active = true; break;
	case 'B': si_opt.show_bytes = true; break;
	case 'd':
		si_opt.set_debug = true;
		if (si_debug_parse(optarg)) {
			fprintf(stderr, "Invalid debug option '%s'\n", optarg);
			exit(EXIT_FAILURE);
		}
		break;
	case 'D': si_opt.show_activity = true; break;
	case 'e': si_opt.show_empty = true; break;
	case 'f': si_opt.show_first_alias = true; break;
	case 'h': usage(); return -1;
	case 'i': si_opt.show_inverted = true; break;
	case 'l': si_opt.show_slab = true; break;
	case 'L': by_loss = true; break;
	case 'n': si_opt.show_numa = true; break;
	case 'N': si_opt.output_lines = parse_lines(optarg); break;
	case 'o': si_opt.show_ops = true; break;
	case 'P': by_partial = true; break;
	case 'r': si_opt.show_report = true; break;
	case 's': si_opt.shrink = true; break;
	case 'S': by_size = true; break;
	case 't': si_opt.show_track = true; break;
	case 'T': si_opt.show_totals = true; break;
	case 'U': si_opt.unreclaim_only = true; break;
	case 'v': si_opt.validate = true; break;
	case 'X': si_opt.extended_totals = si_opt.show_bytes = true; break;
	case 'z': si_opt.skip_zero = false; break;
	case '1': si_opt.show_single_ref = true; break;
	case OPT_ROOT: root = optarg; break;
	default:
		fprintf(stderr, "Try 'slabinfo --help'.\n");
		exit(EXIT_FAILURE);
	}
	return 0;
}

static void settle_options(void)
{
	si_opt.sort = by_size ? SORT_SIZE : by_active ? SORT_ACTIVE :
		      by_loss ? SORT_LOSS : by_partial ? SORT_PARTIAL : SORT_NAME;
	si_opt.sort_loss_column = by_loss;
	if (si_opt.extended_totals && si_opt.output_lines == -1)
		si_opt.output_lines = 1;
	if (!si_opt.show_slab && !si_opt.show_alias && !si_opt.show_track &&
	    !si_opt.show_report && !si_opt.validate && !si_opt.shrink &&
	    !si_opt.set_debug && !si_opt.show_ops)
		si_opt.show_slab = true;
	si_opt.debugfs = root ? NULL : "/sys/kernel/debug/slab";
}

/* What the selected mode does with one cache; non-zero if a write failed. */
static int act_on(const struct si_tree *t, const struct si_cache *s)
{
	if (si_opt.show_numa)
		si_numa_line(t, s, false);
	else if (si_opt.show_track)
		si_tracking(t, s);
	else if (si_opt.validate)
		return si_validate(t, s);
	else if (si_opt.shrink)
		return si_write_attr(t, s, "shrink", 1);
	else if (si_opt.set_debug)
		return si_debug_apply(t, s, t->actual);
	else if (si_opt.show_ops)
		si_ops(t, s);
	else if (si_opt.show_slab && t->actual == 1 &&
		 !(si_opt.unreclaim_only && s->reclaim_account))
		si_report(t, s);
	else if (si_opt.show_slab)
		si_list_line(t, s);
	else if (si_opt.show_report)
		si_report(t, s);
	return 0;
}

static int output_caches(const struct si_tree *t)
{
	int i, lines = si_opt.output_lines, failed = 0;

	si_list_reset();
	for (i = 0; i < t->nr_caches && lines != 0; i++) {
		if (t->caches[i].hidden)
			continue;
		if (lines > 0)
			lines--;
		failed |= act_on(t, &t->caches[i]) != 0;
	}
	return failed;
}

/* -X: totals, then the top caches by size, by loss and by partial slabs. */
static int xtotals(struct si_tree *t)
{
	static const struct { const char *title; enum si_sort how; } part[] = {
		{ "Slabs sorted by size", SORT_SIZE },
		{ "Slabs sorted by loss", SORT_LOSS },
		{ "Slabs sorted by number of partial slabs", SORT_PARTIAL },
	};
	size_t i;
	int failed = 0;

	si_totals(t);
	si_link_aliases(t);
	si_rename_caches(t);
	for (i = 0; i < sizeof(part) / sizeof(part[0]); i++) {
		printf("\n%s\n%.*s\n", part[i].title, (int)strlen(part[i].title),
		       "----------------------------------------------------------");
		si_opt.sort_loss_column = part[i].how == SORT_LOSS;
		si_sort_caches(t, part[i].how);
		failed |= output_caches(t);
	}
	printf("\n");
	return failed;
}

/* A writing mode on a snapshot: refused before any cache is touched. */
static bool refused(const struct si_tree *t)
{
	const char *option = si_opt.validate ? "validate" : si_opt.shrink ? "shrink" :
			     si_opt.set_debug ? "debug" : NULL;

	if (si_opt.show_numa || si_opt.show_track)   /* act_on() shows instead */
		return false;
	return option && si_writes_refused(t, option);
}

static int run(struct si_tree *t)
{
	int failed;

	if (si_opt.show_alias) {
		si_show_aliases(t);
		return 0;
	}
	if (si_opt.show_totals && !si_opt.extended_totals) {
		si_totals(t);
		return 0;
	}
	if (refused(t))
		return 1;
	if (si_opt.extended_totals)
		return xtotals(t);
	si_link_aliases(t);
	si_rename_caches(t);
	si_sort_caches(t, si_opt.sort);
	failed = output_caches(t);
	if (si_opt.validate)
		failed |= si_validate_done() != 0;
	return failed;
}

int main(int argc, char *argv[])
{
	struct si_tree tree;
	long ps = sysconf(_SC_PAGESIZE);
	int c, failed;

	if (ps > 0)
		si_page_size = ps;
	while ((c = getopt_long(argc, argv, "aABd::DefhilLnN:oPrsStTUvXz1",
				long_opts, NULL)) != -1)
		if (parse_one(c))
			return 0;
	settle_options();
	if (si_tree_read(&tree, root, optind < argc ? argv[optind] : ".*"))
		return EXIT_FAILURE;
	failed = run(&tree);
	si_tree_free(&tree);
	if (fflush(stdout)) {
		perror("slabinfo: stdout");
		return EXIT_FAILURE;
	}
	return failed ? EXIT_FAILURE : 0;
}
