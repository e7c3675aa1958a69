/* SPDX-License-Identifier: MIT */
/*
 * test_slabinfo_tool - the slabinfo tool (tools/slabinfo) run on fixture
 * trees written here in the kernel's sysfs formats: a merged DMA32 cache
 * ":D-0001024" with two alias links, a DMA cache ":d-0000064" with one, an
 * unmergeable Normal cache "plain-1k" with two nodes, an empty Normal
 * ":0001024" of the DMA32 cache's size, and a regular file that is not a
 * cache.  Every expected line was worked out by hand from the spec's
 * formats (kernel-mm.md section 8) and the fixture numbers written below.
 * The write options run against a writable copy and a read-only one.  When
 * the machine has a readable /sys/kernel/slab the tool runs on it too.
 */
#include <dirent.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "zt.h"

#ifndef SLABINFO_BIN
#error "SLABINFO_BIN (the tool's path) comes from tests/CMakeLists.txt"
#endif

extern char **environ;

static char tmpdir[256];
static char out[1 << 20], err[1 << 16];

/* ---- fixture trees ---------------------------------------------------- */

static void put(const char *dir, const char *file, mode_t mode,
		const char *fmt, ...)
{
	char path[512];
	va_list ap;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	f = fopen(path, "w");
	REQUIRE(f);
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fclose(f);
	REQUIRE(chmod(path, mode) == 0);
}

/* The attributes of one cache, as numbers; per-node strings as written. */
struct fx {
	const char *dir;
	int aliases, align, order, object_size, slab_size, objs_per_slab;
	int dma, dma32, hwalign, reclaim;
	const char *objects, *objects_partial, *total_objects, *slabs, *partial,
		   *cpu_slabs;
};

static void write_cache(const char *root, const struct fx *c, mode_t wmode)
{
	char d[512];

	snprintf(d, sizeof(d), "%s/%s", root, c->dir);
	REQUIRE(mkdir(d, 0755) == 0);
	put(d, "aliases", 0400, "%d\n", c->aliases);
	put(d, "align", 0400, "%d\n", c->align);
	put(d, "order", 0400, "%d\n", c->order);
	put(d, "object_size", 0400, "%d\n", c->object_size);
	put(d, "slab_size", 0400, "%d\n", c->slab_size);
	put(d, "objs_per_slab", 0400, "%d\n", c->objs_per_slab);
	put(d, "cache_dma", 0400, "%d\n", c->dma);
	put(d, "cache_dma32", 0400, "%d\n", c->dma32);
	put(d, "hwcache_align", 0400, "%d\n", c->hwalign);
	put(d, "reclaim_account", 0400, "%d\n", c->reclaim);
	put(d, "destroy_by_rcu", 0400, "0\n");
	put(d, "objects", 0400, "%s\n", c->objects);
	put(d, "objects_partial", 0400, "%s\n", c->objects_partial);
	put(d, "total_objects", 0400, "%s\n", c->total_objects);
	put(d, "slabs", 0400, "%s\n", c->slabs);
	put(d, "partial", 0400, "%s\n", c->partial);
	put(d, "cpu_slabs", 0400, "%s\n", c->cpu_slabs);
	put(d, "slabs_cpu_partial", 0400, "0(0)\n");
	put(d, "shrink", wmode, "");
	put(d, "validate", wmode, "");
	put(d, "sanity_checks", wmode, "0\n");
	put(d, "red_zone", wmode, "0\n");
	put(d, "poison", wmode, "0\n");
	put(d, "store_user", wmode, "0\n");
	put(d, "trace", wmode, "0\n");
}

static const struct fx fixture[] = {
	/* two merged 1 KiB DMA32 caches: 40 objects, 2 slabs of order 3 */
	{ ":D-0001024", 1, 8, 3, 1024, 1024, 32, 0, 1, 0, 0,
	  "40 N0=40", "8 N0=8", "64 N0=64", "2 N0=2", "1 N0=1", "1 N0=1" },
	/* a DMA cache with a single alias */
	{ ":d-0000064", 0, 8, 0, 64, 64, 64, 1, 0, 0, 0,
	  "100 N0=100", "20 N0=20", "128 N0=128", "2 N0=2", "1 N0=1", "1 N0=1" },
	/* an unmergeable Normal cache spread over two nodes */
	{ "plain-1k", 0, 64, 3, 1000, 1024, 32, 0, 0, 1, 1,
	  "1000 N0=800 N1=200", "100 N0=100", "1280 N0=960 N1=320",
	  "40 N0=30 N1=10", "5 N0=5", "2 N0=1 N1=1" },
	/* an empty Normal cache of the DMA32 cache's size: its own directory */
	{ ":0001024", 0, 8, 3, 1024, 1024, 32, 0, 0, 0, 0,
	  "0", "0", "0", "0", "0", "0" },
};

/* SLUB_STATS files ("sum C<cpu>=n ...") for the DMA cache only. */
static void add_stats(const char *root, const char *dir)
{
	char d[512];

	snprintf(d, sizeof(d), "%s/%s", root, dir);
	put(d, "alloc_fastpath", 0600, "900 C0=600 C1=300\n");
	put(d, "alloc_slowpath", 0600, "100 C0=100\n");
	put(d, "free_fastpath", 0600, "800 C1=800\n");
	put(d, "free_slowpath", 0600, "200 C0=200\n");
	put(d, "alloc_slab", 0600, "10 C0=10\n");
	put(d, "free_slab", 0600, "4 C0=4\n");
	put(d, "deactivate_full", 0600, "6 C0=6\n");
	put(d, "deactivate_empty", 0600, "2 C0=2\n");
	put(d, "deactivate_to_head", 0600, "1 C0=1\n");
	put(d, "deactivate_to_tail", 0600, "1 C1=1\n");
}

static void link_alias(const char *root, const char *name, const char *target)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", root, name);
	REQUIRE(symlink(target, path) == 0);
}

/* A tree under tmpdir/@name; @wmode is the mode of the writable files. */
static const char *make_tree(const char *name, mode_t wmode)
{
	static char roots[4][512];
	static int n;
	char *root = roots[n++ % 4];
	size_t i;

	snprintf(root, sizeof(roots[0]), "%s/%s", tmpdir, name);
	REQUIRE(mkdir(root, 0755) == 0);
	for (i = 0; i < sizeof(fixture) / sizeof(fixture[0]); i++)
		write_cache(root, &fixture[i], wmode);
	add_stats(root, ":d-0000064");
	link_alias(root, "dma32-a", ":D-0001024");
	link_alias(root, "dma32-b", ":D-0001024");
	link_alias(root, "dma-foo", ":d-0000064");
	link_alias(root, "normal-1k", "../tree/:0001024"); /* basename counts */
	put(root, "slabinfo", 0400, "slabinfo - version: 2.1\n");
	return root;
}

/* ---- running the tool -------------------------------------------------- */

static void slurp(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	size_t n = 0;

	if (f) {
		n = fread(buf, 1, len - 1, f);
		fclose(f);
	}
	buf[n] = 0;
}

/* Run slabinfo with a NULL-terminated argument list; out/err captured. */
static int run(const char *arg, ...)
{
	const char *argv[32] = { SLABINFO_BIN };
	char opath[512], epath[512];
	posix_spawn_file_actions_t fa;
	int argc = 1, status;
	pid_t pid;
	va_list ap;

	va_start(ap, arg);
	for (; arg && argc < 31; arg = va_arg(ap, const char *))
		argv[argc++] = arg;
	va_end(ap);
	argv[argc] = NULL;
	snprintf(opath, sizeof(opath), "%s/stdout", tmpdir);
	snprintf(epath, sizeof(epath), "%s/stderr", tmpdir);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, opath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	posix_spawn_file_actions_addopen(&fa, 2, epath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	REQUIRE(posix_spawn(&pid, SLABINFO_BIN, &fa, NULL, (char **)argv, environ) == 0);
	posix_spawn_file_actions_destroy(&fa);
	REQUIRE(waitpid(pid, &status, 0) == pid);
	slurp(opath, out, sizeof(out));
	slurp(epath, err, sizeof(err));
	if (getenv("ZT_VERBOSE"))
		fprintf(stderr, "--- stdout\n%s--- stderr\n%s---\n", out, err);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

/* Does the output have @line as a whole line? */
static int has_line(const char *text, const char *line)
{
	size_t n = strlen(line);
	const char *p = text;

	while ((p = strstr(p, line))) {
		if ((p == text || p[-1] == '\n') && (p[n] == '\n' || !p[n]))
			return 1;
		p++;
	}
	return 0;
}

#define CHECK_LINE(text, line) do { \
	if (has_line(text, line)) { zt_passed++; } else { zt_failed++; \
		fprintf(stderr, "%s:%d: missing line \"%s\" in:\n%s\n", \
			__FILE__, __LINE__, line, text); } \
} while (0)

static int count_lines(const char *text)
{
	int n = 0;

	for (; *text; text++)
		n += *text == '\n';
	return n;
}

static char *file_text(const char *root, const char *dir, const char *file)
{
	static char buf[256];
	char path[512];

	snprintf(path, sizeof(path), "%s/%s/%s", root, dir, file);
	slurp(path, buf, sizeof(buf));
	return buf;
}

/* ---- the listing -------------------------------------------------------- */

#define HEADER "Name                   Objects Objsize           Space Slabs/Part/Cpu  O/S O %Fr %Ef Flg"
#define ROW_D32 ":D-0001024                  40    1024           65.5K          1/1/1   32 3  50  62 *D"
#define ROW_DMA "dma-foo                    100      64            8.1K          1/1/1   64 0  50  78 d"
#define ROW_PLAIN "plain-1k                  1000    1000            1.3M         38/5/2   32 3  12  76 Aa"
#define ROW_EMPTY "normal-1k                    0    1024               0          0/0/0   32 3 100 100 "

/*
 * Default listing: name order, empty caches skipped, the two-alias id kept,
 * single-alias ids shown by their alias, the D flag after the '*'.
 * Space 2 slabs x 32 KiB = 65536 -> 65.5K; %Ef 40*1024*100/65536 = 62.
 */
static void test_default_listing(const char *root)
{
	char want[1024];

	CHECK_EQ(run("--root", root, NULL), 0);
	snprintf(want, sizeof(want), "%s\n%s\n%s\n%s\n", HEADER, ROW_D32, ROW_DMA, ROW_PLAIN);
	CHECK(!strcmp(out, want));
	if (strcmp(out, want))
		fprintf(stderr, "want:\n%sgot:\n%s", want, out);
	CHECK_EQ(err[0], 0);
	/* -l is the default; --root=DIR is the same option */
	snprintf(want, sizeof(want), "--root=%s", root);
	CHECK_EQ(run(want, "-l", NULL), 0);
	CHECK(has_line(out, ROW_D32) && count_lines(out) == 4);
}

/* -z shows the empty cache, -e only it; -U drops the reclaimable one. */
static void test_empty_and_filters(const char *root)
{
	CHECK_EQ(run("--root", root, "-z", NULL), 0);
	CHECK_LINE(out, ROW_EMPTY);
	CHECK_EQ(count_lines(out), 5);
	CHECK_EQ(run("--root", root, "-e", NULL), 0);
	CHECK_LINE(out, ROW_EMPTY);
	CHECK_EQ(count_lines(out), 2);
	CHECK_EQ(run("--root", root, "-U", NULL), 0);
	CHECK(!has_line(out, ROW_PLAIN));
	CHECK_LINE(out, ROW_D32);
	CHECK_EQ(count_lines(out), 3);
}

/* The order lines appear in, after the header. */
static void check_order(const char *a, const char *b, const char *c)
{
	const char *pa = strstr(out, a), *pb = strstr(out, b), *pc = strstr(out, c);

	CHECK(pa && pb && pc && pa < pb && pb < pc);
}

/* -S size, -L loss (with the Loss column), -P/--partial, -i, -N, -B. */
static void test_sorting(const char *root)
{
	CHECK_EQ(run("--root", root, "-S", NULL), 0);
	check_order(ROW_PLAIN, ROW_D32, ROW_DMA);
	CHECK_EQ(run("--root", root, "-S", "-i", NULL), 0);
	check_order(ROW_DMA, ROW_D32, ROW_PLAIN);
	CHECK_EQ(run("--root", root, "--Size", "--lines=1", NULL), 0);
	CHECK_EQ(count_lines(out), 2);
	CHECK_LINE(out, ROW_PLAIN);

	/* loss: 310720 -> 310.7K, 24576 -> 24.5K, 1792 -> 1.7K */
	CHECK_EQ(run("--root", root, "-L", NULL), 0);
	CHECK_LINE(out, "Name                   Objects Objsize            Loss Slabs/Part/Cpu  O/S O %Fr %Ef Flg");
	check_order("plain-1k                  1000    1000          310.7K         38/5/2   32 3  12  76 Aa",
		    ":D-0001024                  40    1024           24.5K          1/1/1   32 3  50  62 *D",
		    "dma-foo                    100      64            1.7K          1/1/1   64 0  50  78 d");

	/* partial slabs 5, 1, 1: ties by name; the kernel tool rejects --partial */
	CHECK_EQ(run("--root", root, "--partial", NULL), 0);
	check_order(ROW_PLAIN, ROW_D32, ROW_DMA);
	CHECK_EQ(run("--root", root, "-P", "-N", "2", NULL), 0);
	CHECK_EQ(count_lines(out), 3);

	CHECK_EQ(run("--root", root, "-B", "plain", NULL), 0);
	CHECK(strstr(out, "1310720") != NULL);
}

/*
 * -a: aliases of caches with more than one, by target; -1 adds the
 * single-alias ones; -i turns it into alias -> cache lines.
 */
static void test_aliases(const char *root)
{
	CHECK_EQ(run("--root", root, "-a", NULL), 0);
	CHECK(!strcmp(out, "\n:D-0001024   <- dma32-a dma32-b\n"));
	CHECK_EQ(run("--root", root, "--aliases", "--1ref", NULL), 0);
	CHECK(!strcmp(out, "\n:0001024     <- normal-1k"
			   "\n:d-0000064   <- dma-foo"
			   "\n:D-0001024   <- dma32-a dma32-b\n"));
	CHECK_EQ(run("--root", root, "-a", "-i", NULL), 0);
	CHECK(!strcmp(out, "dma32-a         -> :D-0001024\n"
			   "dma32-b         -> :D-0001024\n"));
	/* -f names the two-alias cache by an alias instead of its id */
	CHECK_EQ(run("--root", root, "-f", NULL), 0);
	CHECK(strstr(out, "\ndma32-a ") || strstr(out, "\ndma32-b "));
	CHECK(!strstr(out, ":D-0001024"));
}

/* One cache selected: the report, with the DMA32 line and the numbers. */
static void test_report(const char *root)
{
	const char *head = "\nSlabcache: dma32-a          Aliases:  1 Order :  3 Objects: 40\n"
			   "** Memory is allocated in a special DMA32 zone\n"
			   "\nSizes (bytes)     Slabs              Debug                Memory\n"
			   "------------------------------------------------------------------------\n"
			   "Object :    1024  Total  :       2   Sanity Checks : Off  Total:   65536\n"
			   "SlabObj:    1024  Full   :       0   Redzoning     : Off  Used :   40960\n"
			   "SlabSiz:   32768  Partial:       1   Poisoning     : Off  Loss :   24576\n"
			   "Loss   :       0  CpuSlab:       1   Tracking      : Off  Lalig:       0\n"
			   "Align  :       8  Objects:      32   Tracing       : Off  Lpadd:       0\n";

	CHECK_EQ(run("--root", root, "dma32-a", NULL), 0);
	CHECK(!strncmp(out, head, strlen(head)));
	CHECK(!strstr(out, "special DMA zone"));
	CHECK_LINE(out, "dma32-a has no kmem_cache operations");
	CHECK_LINE(out, "dma32-a: Kernel object allocation");
	CHECK_LINE(out, "No Data");
	CHECK_LINE(out, "dma32-a: No NUMA information available.");

	/* the DMA cache says DMA, not DMA32; -r on several caches reports each */
	CHECK_EQ(run("--root", root, "-r", "dma-foo\\|plain", NULL), 0);
	CHECK_LINE(out, "Slabcache: dma-foo          Aliases:  0 Order :  0 Objects: 100");
	CHECK_LINE(out, "** Memory is allocated in a special DMA zone");
	CHECK(!strstr(out, "DMA32"));
	CHECK_LINE(out, "Slabcache: plain-1k         Aliases:  0 Order :  3 Objects: 1000");
	CHECK_LINE(out, "** Hardware cacheline aligned");
	CHECK_LINE(out, "** Reclaim accounting active");
	/* dma-foo has SLUB_STATS files: 1000 allocs (90% fast), 1000 frees */
	CHECK_LINE(out, "Slab Perf Counter       Alloc     Free %Al %Fr");
	CHECK_LINE(out, "Fastpath                  900      800  90  80");
	CHECK_LINE(out, "Slowpath                  100      200  10  20");
	CHECK_LINE(out, "Page Alloc                 10        4   1   0");
	CHECK_LINE(out, "Add partial                 2        0   0   0");
	CHECK_LINE(out, "Total                    1000     1000");
	CHECK_LINE(out, "Slab Deactivation             Occurrences %");
	CHECK_LINE(out, "Slab full                           6   60%");
	CHECK_LINE(out, "Slab empty                          2   20%");
	CHECK_LINE(out, "Moved to head of partial list       1   10%");
	/* plain-1k has no counters: one statistics section only */
	CHECK(strstr(out, "Slab Perf Counter") &&
	      !strstr(strstr(out, "Slab Perf Counter") + 1, "Slab Perf Counter"));
	/* plain-1k spans two nodes: the report's node table */
	CHECK_LINE(out, "NUMA nodes           :    0    1");
	CHECK_LINE(out, "All slabs                30   10");
	CHECK_LINE(out, "Partial slabs             5    0");
	/* Lalig (1024-1000)*1000, Lpadd (32768-32*1024)*40 */
	CHECK_LINE(out, "Loss   :      24  CpuSlab:       2   Tracking      : Off  Lalig:   24000");
}

/* -T, every number worked out by hand from the fixture. */
static void test_totals(const char *root)
{
	static const char *const want[] = {
		"Slabcache Totals",
		"----------------",
		"Slabcaches :               4   Aliases  :           4->3    Active:      3",
		"Memory used:            1.3M   # Loss   :          337.0K   MRatio:    32%",
		"# Objects  :            1.1K   # PartObj:             128   ORatio:    11%",
		"",
		"Per Cache         Average              Min              Max            Total",
		"----------------------------------------------------------------------------",
		"#Objects              380               40             1000             1.1K",
		"#Slabs                 14                2               40               44",
		"#PartSlab               2                1                5                7",
		"%PartSlab             37%              12%              50%              15%",
		"PartObjs               42                8              100              128",
		"% PartObj             16%              10%              20%              11%",
		"Memory             461.4K             8.1K             1.3M             1.3M",
		"Used               349.1K             6.4K          1000.0K             1.0M",
		"Loss               112.3K             1.7K           310.7K           337.0K",
		"",
		"Per Object        Average              Min              Max",
		"-----------------------------------------------------------",
		"Memory                939               64             1.0K",
		"User                  918               64             1.0K",
		"Loss                   21                0               24",
	};
	char all[4096] = "";
	size_t i;

	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		strcat(all, want[i]);
		strcat(all, "\n");
	}
	CHECK_EQ(run("--root", root, "-T", NULL), 0);
	CHECK(!strcmp(out, all));
	if (strcmp(out, all))
		fprintf(stderr, "want:\n%sgot:\n%s", all, out);

	/* -X: the same totals in bytes, then the top cache three ways */
	CHECK_EQ(run("--root", root, "-X", NULL), 0);
	CHECK_LINE(out, "Memory used:         1384448   # Loss   :          337088   MRatio:    32%");
	CHECK_LINE(out, "Slabs sorted by size");
	CHECK_LINE(out, "Slabs sorted by number of partial slabs");
	CHECK_LINE(out, "plain-1k                  1000    1000          310720         38/5/2   32 3  12  76 Aa");
	CHECK_LINE(out, "plain-1k                  1000    1000         1310720         38/5/2   32 3  12  76 Aa");
}

/* -n per node, -D activity, -t, -o, bad options and trees. */
static void test_other_views(const char *root)
{
	const char *head = "\nSlab                 :    0    1\n"
			   "--------------------------------\n";

	CHECK_EQ(run("--root", root, "-n", NULL), 0);
	CHECK(!strncmp(out, head, strlen(head)));
	CHECK_LINE(out, ":D-0001024                2    0");
	CHECK_LINE(out, "plain-1k                 30   10");

	CHECK_EQ(run("--root", root, "-D", NULL), 0);
	CHECK_LINE(out, "Name                   Objects      Alloc       Free   %Fast Fallb O CmpX   UL");
	CHECK_LINE(out, "plain-1k                  1000          0          0   0   0     0 3    0    0");
	CHECK_LINE(out, "dma-foo                    100       1000       1000  90  80     0 0    0    0");
	/* -A: the only active cache first, the rest by name */
	CHECK_EQ(run("--root", root, "-A", NULL), 0);
	check_order(ROW_DMA, ROW_D32, ROW_PLAIN);

	CHECK_EQ(run("--root", root, "-t", "plain", NULL), 0);
	CHECK_LINE(out, "plain-1k: Kernel object freeing");
	CHECK_EQ(run("--root", root, "-o", NULL), 0);
	CHECK_LINE(out, "dma-foo has no kmem_cache operations");

	CHECK_EQ(run("-h", NULL), 0);
	CHECK(strstr(out, "-P|--partial") && strstr(out, "--root"));
	CHECK(run("--root", root, "-q", NULL) != 0);
	CHECK(run("--root", root, "-dzz", NULL) != 0);
	CHECK(strstr(err, "Invalid debug option 'zz'") != NULL);
	CHECK(run("--root", root, "[", NULL) != 0);
	CHECK(strstr(err, "Invalid pattern") != NULL);
	CHECK(run("--root", "/nonexistent/slab", NULL) != 0);
	CHECK(strstr(err, "/nonexistent/slab") != NULL);
}

/* ---- writing ------------------------------------------------------------ */

/*
 * A fixture tree is plain files, a snapshot: every writing option is
 * refused once, up front, naming the option and the tree, and nothing is
 * written, even where the files' modes would allow it.  (The writes
 * themselves are tested on a live tree in test_slabinfo_zslab.)
 */
static void test_writes_snapshot(const char *root)
{
	static const char *const opts[][2] = {
		{ "-s", "--shrink refused: " }, { "-v", "--validate refused: " },
		{ "-df", "--debug refused: " }, { "--debug=z", "--debug refused: " },
	};
	char want[600];

	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		CHECK(run("--root", root, opts[i][0], NULL) != 0);
		snprintf(want, sizeof(want), "slabinfo: %s%s is a snapshot (plain files, "
			 "not sysfs or a zslab live mount)", opts[i][1], root);
		CHECK(!strncmp(err, want, strlen(want)));
		CHECK_EQ(count_lines(err), 1);
		CHECK_EQ(out[0], 0);
	}
	CHECK(!strcmp(file_text(root, ":D-0001024", "shrink"), ""));
	CHECK(!strcmp(file_text(root, "plain-1k", "shrink"), ""));
	CHECK(!strcmp(file_text(root, ":d-0000064", "validate"), ""));
	CHECK(!strcmp(file_text(root, "plain-1k", "sanity_checks"), "0\n"));
	CHECK(!strcmp(file_text(root, ":0001024", "red_zone"), "0\n"));
	/* a showing mode that act_on() prefers writes nothing: not refused */
	CHECK_EQ(run("--root", root, "-n", "-s", NULL), 0);
	CHECK(!strcmp(file_text(root, "plain-1k", "shrink"), ""));
}

/*
 * --root may name a machine's root (a zslab tree with sys/ and proc/):
 * the tool reads its sys/kernel/slab and lists exactly what the slab
 * directory itself gives.
 */
static void test_machine_root(const char *slab)
{
	static char listing[sizeof(out)];
	char machine[512], dir[600];

	snprintf(machine, sizeof(machine), "%s/machine", tmpdir);
	snprintf(dir, sizeof(dir), "%s/sys", machine);
	REQUIRE(mkdir(machine, 0755) == 0 && mkdir(dir, 0755) == 0);
	snprintf(dir, sizeof(dir), "%s/sys/kernel", machine);
	REQUIRE(mkdir(dir, 0755) == 0);
	snprintf(dir, sizeof(dir), "%s/sys/kernel/slab", machine);
	REQUIRE(symlink(slab, dir) == 0);
	CHECK_EQ(run("--root", slab, NULL), 0);
	memcpy(listing, out, sizeof(out));
	CHECK_EQ(run("--root", machine, NULL), 0);
	CHECK(!strcmp(out, listing));
	snprintf(dir, sizeof(dir), "%s/", machine);      /* a trailing slash too */
	CHECK_EQ(run("--root", dir, NULL), 0);
	CHECK(!strcmp(out, listing));
}

/* A link to no directory is reported and left out; the rest is listed. */
static void test_dangling_alias(void)
{
	const char *root = make_tree("dangling", 0400);
	char want[1024];

	link_alias(root, "ghost", ":0000099");
	CHECK_EQ(run("--root", root, NULL), 0);
	CHECK(strstr(err, "unresolved alias ghost -> :0000099") != NULL);
	snprintf(want, sizeof(want), "%s\n%s\n%s\n%s\n", HEADER, ROW_D32, ROW_DMA, ROW_PLAIN);
	CHECK(sysconf(_SC_PAGESIZE) != 4096 || !strcmp(out, want));
}

/* ---- the machine's own tree -------------------------------------------- */

/*
 * -v on the kernel's tree: a cache without slub_debug refuses "validate"
 * with EINVAL; that is said once for the run, never once per cache.
 * Needs the right to write there (root, /sys not read-only).
 */
static void test_real_validate(void)
{
	const char *once = "slabinfo: validation needs slub_debug on this kernel: ";
	const char *p;

	if (access("/sys/kernel/slab/kmalloc-64/validate", W_OK)) {
		printf("test_slabinfo_tool: /sys/kernel/slab not writable here, -v on it skipped\n");
		return;
	}
	if (run("-v", NULL) == 0) {
		CHECK_EQ(err[0], 0);	/* slub_debug on every cache: all validated */
		return;
	}
	p = strstr(err, once);
	CHECK(p == err);
	CHECK_EQ(count_lines(err), 1);
	CHECK(strstr(err, "Cannot write") == NULL);
	if (p)
		printf("test_slabinfo_tool: %s", err);
}

/* Every cache listed exists in /sys/kernel/slab with that object size. */
static void test_real_sysfs(void)
{
	char objsize_path[512];
	int rows = 0;
	char *line;

	if (access("/sys/kernel/slab", R_OK) ||
	    access("/sys/kernel/slab/kmalloc-64/object_size", R_OK)) {
		printf("test_slabinfo_tool: no readable /sys/kernel/slab, real-tree test skipped\n");
		return;
	}
	CHECK_EQ(run("-z", NULL), 0);
	CHECK(!strncmp(out, HEADER "\n", strlen(HEADER) + 1));
	for (line = strchr(out, '\n'); line && line[1]; line = strchr(line + 1, '\n')) {
		char name[256];
		unsigned long objects;
		long objsize;

		if (sscanf(line + 1, "%255s %lu %ld", name, &objects, &objsize) != 3)
			continue;
		snprintf(objsize_path, sizeof(objsize_path),
			 "/sys/kernel/slab/%s/object_size", name);
		{
			FILE *f = fopen(objsize_path, "r");
			long want = -1;

			CHECK(f != NULL);
			if (f) {
				CHECK(fscanf(f, "%ld", &want) == 1);
				fclose(f);
			}
			CHECK_EQ(objsize, want);
		}
		rows++;
	}
	CHECK(rows > 0);
	CHECK_EQ(run("-T", NULL), 0);
	CHECK(!strncmp(out, "Slabcache Totals\n", 17));
	printf("test_slabinfo_tool: the real /sys/kernel/slab: %d caches checked\n", rows);
	test_real_validate();
}

int main(void)
{
	const char *tree, *rw;

	snprintf(tmpdir, sizeof(tmpdir), "/tmp/zt-slabinfo-XXXXXX");
	REQUIRE(mkdtemp(tmpdir));
	tree = make_tree("tree", 0400);
	if (sysconf(_SC_PAGESIZE) == 4096) {
		test_default_listing(tree);
		test_empty_and_filters(tree);
		test_sorting(tree);
		test_aliases(tree);
		test_report(tree);
		test_totals(tree);
		test_other_views(tree);
	} else {
		printf("test_slabinfo_tool: page size is not 4 KiB, exact-output tests skipped\n");
	}
	rw = make_tree("rw", 0600);
	test_writes_snapshot(rw);
	test_machine_root(tree);
	test_dangling_alias();
	test_real_sysfs();
	if (!zt_failed) {
		char cmd[300];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
		CHECK_EQ(system(cmd), 0);
	}
	return zt_summary("test_slabinfo_tool");
}
