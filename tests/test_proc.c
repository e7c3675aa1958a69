/* SPDX-License-Identifier: MIT */
/*
 * test_proc.c - /proc/buddyinfo and /proc/zoneinfo in the kernel's exact
 * formats, with every number checked against values this test computes
 * on its own from the memory map and the kernel's formulas:
 *   min_free_kbytes = int_sqrt(lowmem_kbytes * 16), clamped to [128, 65536]
 *   min  = pages_min * managed / lowmem_pages            (per lowmem zone)
 *   tmp  = max(min / 4, managed * watermark_scale_factor / 10000)
 *   low  = min + tmp, high = min + 2 * tmp
 *   lowmem_reserve[L][H] = sum(managed[L+1..H]) / ratio[L], ratios 256 256 32
 * and the min_free_kbytes= and watermark_scale_factor= options honoured.
 */
#include "zt.h"
#include "zt_mm.h"

#define K (1ULL << 10)
#define M ZM_MIB
#define G ZM_GIB
#define T (1ULL << 40)

struct range {
	uint64_t base, size;
};

struct map {
	const char *cmdline;
	struct range r[4];
	uint64_t dma, dma32;          /* zone limits in bytes */
	long min_free_kbytes;         /* -1: computed */
	unsigned long wsf;            /* watermark_scale_factor */
	uint64_t movable;             /* start of ZONE_MOVABLE, worked out by hand; 0: none */
};

static const struct map maps[] = {
	{ NULL, { { 0, 8 * G } }, 16 * M, 4 * G, -1, 10, 0 },
	{ "memmap=4G@0x40000000", { { G, 4 * G } }, 16 * M, 4 * G, -1, 10, 0 },
	{ "memmap=64M@0 memmap=64M@0x100000000",
	  { { 0, 64 * M }, { 4 * G, 64 * M } }, 16 * M, 4 * G, -1, 10, 0 },
	{ "memmap=64M@0x100000000 memmap=64M@0x200000000 memmap=8M@0",
	  { { 0, 8 * M }, { 4 * G, 64 * M }, { 8 * G, 64 * M } }, 16 * M, 4 * G, -1, 10, 0 },
	{ "memmap=1T@0", { { 0, T } }, 16 * M, 4 * G, -1, 10, 0 },           /* clamp high */
	{ "memmap=1M@0 memmap=1M@0x100000000",
	  { { 0, M }, { 4 * G, M } }, 16 * M, 4 * G, -1, 10, 0 },            /* clamp low */
	{ "dma_limit=1G dma32_limit=3G memmap=4G@0", { { 0, 4 * G } }, G, 3 * G, -1, 10, 0 },
	{ "memmap=64M@0 memmap=64M@0x100000000 min_free_kbytes=4096",
	  { { 0, 64 * M }, { 4 * G, 64 * M } }, 16 * M, 4 * G, 4096, 10, 0 },
	{ "memmap=4G@0x40000000 watermark_scale_factor=200",
	  { { G, 4 * G } }, 16 * M, 4 * G, -1, 200, 0 },
	{ "min_free_kbytes=100000 watermark_scale_factor=1000", { { 0, 8 * G } },
	  16 * M, 4 * G, 100000, 1000, 0 },
	{ "min_free_kbytes=0", { { 0, 8 * G } }, 16 * M, 4 * G, 0, 10, 0 },
	/* ZONE_MOVABLE: the top 1 GiB; 4 GiB below 4 GiB count as kernelcore */
	{ "movablecore=1G", { { 0, 8 * G } }, 16 * M, 4 * G, -1, 10, 7 * G },
	/* kernelcore smaller than the memory below Normal: all Normal moves */
	{ "memmap=4G@0x40000000 kernelcore=50%", { { G, 4 * G } }, 16 * M, 4 * G, -1, 10, 4 * G },
	/* kernelcore= through the middle of the second range */
	{ "memmap=64M@0 memmap=512M@0x100000000 kernelcore=320M",
	  { { 0, 64 * M }, { 4 * G, 512 * M } }, 16 * M, 4 * G, -1, 10, 4 * G + 256 * M },
};

/* What the test expects of one zone. */
struct want {
	unsigned long managed, spanned, start_pfn, min, low, high;
	long prot[MAX_NR_ZONES];
};

static unsigned long isqrt(unsigned long x)
{
	unsigned long r = 0;

	/* Binary search for the largest r with r*r <= x (no overflow). */
	for (int bit = 31; bit >= 0; bit--) {
		unsigned long c = r | (1UL << bit);
		if (c <= x / c)
			r = c;
	}
	return r;
}

static void expected(const struct map *m, struct want w[MAX_NR_ZONES])
{
	static const unsigned long ratio[MAX_NR_ZONES] = { 256, 256, 32, 0 };
	uint64_t lo[MAX_NR_ZONES] = { 0, m->dma, m->dma32, m->movable };
	uint64_t hi[MAX_NR_ZONES] = { m->dma, m->dma32, m->movable ? m->movable : ~0ULL,
				      m->movable ? ~0ULL : 0 };
	unsigned long lowmem = 0, mfk, pages_min;

	memset(w, 0, MAX_NR_ZONES * sizeof(*w));
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		uint64_t first = ~0ULL, last = 0;
		for (int i = 0; i < 4 && m->r[i].size; i++) {
			uint64_t b = m->r[i].base, e = b + m->r[i].size;
			if (b < lo[z])
				b = lo[z];
			if (e > hi[z])
				e = hi[z];
			if (b >= e)
				continue;
			w[z].managed += (unsigned long)((e - b) >> 12);
			first = first < b ? first : b;
			last = last > e ? last : e;
		}
		if (w[z].managed) {
			w[z].start_pfn = (unsigned long)(first >> 12);
			w[z].spanned = (unsigned long)((last - first) >> 12);
		}
		if (z != ZONE_MOVABLE)
			lowmem += w[z].managed;
	}
	if (m->min_free_kbytes >= 0) {
		mfk = (unsigned long)m->min_free_kbytes;
	} else {
		mfk = isqrt(lowmem * 4 * 16);
		mfk = mfk < 128 ? 128 : mfk > 65536 ? 65536 : mfk;
	}
	pages_min = mfk >> 2;
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		unsigned long share = lowmem ? (unsigned long)((uint64_t)pages_min * w[z].managed / lowmem) : 0;
		unsigned long tmp = (unsigned long)((uint64_t)w[z].managed * m->wsf / 10000);
		unsigned long min = share;
		if (z == ZONE_MOVABLE) {       /* clamp(managed / 1024, 32, 128) */
			min = w[z].managed / 1024;
			min = min < 32 ? 32 : min > 128 ? 128 : min;
		}
		if (tmp < share / 4)
			tmp = share / 4;
		w[z].min = min;
		w[z].low = min + tmp;
		w[z].high = min + 2 * tmp;
		for (int h = z + 1; h < MAX_NR_ZONES; h++) {
			unsigned long sum = 0;
			for (int k = z + 1; k <= h; k++)
				sum += w[k].managed;
			w[z].prot[h] = ratio[z] ? (long)(sum / ratio[z]) : 0;
		}
	}
}

/* ------------------------------------------------------------------ */
/* Line-by-line format checks: parse, print again, compare.            */
/* ------------------------------------------------------------------ */

static int format_errors;

static void same(const char *line, const char *again, const char *what)
{
	if (strcmp(line, again)) {
		if (format_errors++ < 10)
			fprintf(stderr, "  %s: \"%s\"\n      reprinted \"%s\"\n", what, line, again);
	}
}

/* Split @text into lines (modified in place); returns the count. */
static int lines_of(char *text, char **line, int max)
{
	int n = 0;

	while (*text && n < max) {
		char *nl = strchr(text, '\n');
		line[n++] = text;
		if (!nl)
			break;
		*nl = 0;
		text = nl + 1;
	}
	return n;
}

static void check_buddyinfo(void)
{
	char *text = zm_proc("buddyinfo"), *line[16], again[256], name[16];
	int n, zone = 0;

	REQUIRE(text);
	CHECK(text[strlen(text) - 1] == '\n');
	n = lines_of(text, line, 16);
	for (int i = 0; i < n; i++) {
		unsigned long v[MAX_ORDER];
		int node, len = 0;
		if (!*line[i] && i == n - 1)
			break;
		CHECK(sscanf(line[i], "Node %d, zone %15s %lu %lu %lu %lu %lu %lu %lu %lu %lu %lu %lu%n",
			     &node, name, &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6],
			     &v[7], &v[8], &v[9], &v[10], &len) == 13);
		len = snprintf(again, sizeof(again), "Node %d, zone %8s ", 0, name);
		for (int o = 0; o < MAX_ORDER; o++)
			len += snprintf(again + len, sizeof(again) - (size_t)len, "%6lu ", v[o]);
		same(line[i], again, "buddyinfo");
		/* Only populated zones, in order. */
		while (zone < MAX_NR_ZONES && !zs_zones[zone].present_pages)
			zone++;
		CHECK(zone < MAX_NR_ZONES && !strcmp(name, zs_zone_names[zone]));
		for (int o = 0; o < MAX_ORDER && zone < MAX_NR_ZONES; o++)
			CHECK_EQ(v[o], zs_buddyinfo_count((unsigned int)zone, (unsigned int)o));
		zone++;
	}
	while (zone < MAX_NR_ZONES && !zs_zones[zone].present_pages)
		zone++;
	CHECK_EQ(zone, MAX_NR_ZONES);   /* every populated zone was shown */
	free(text);
}

/* "<prefix>%lu" exactly; returns the number. */
static unsigned long num_line(const char *line, const char *prefix)
{
	unsigned long v = 0;
	char again[128];

	if (strncmp(line, prefix, strlen(prefix)) || sscanf(line + strlen(prefix), "%lu", &v) != 1) {
		if (format_errors++ < 10)
			fprintf(stderr, "  zoneinfo: \"%s\" is not \"%s<n>\"\n", line, prefix);
		return 0;
	}
	snprintf(again, sizeof(again), "%s%lu", prefix, v);
	same(line, again, "zoneinfo");
	return v;
}

/* "      %-12s %lu" */
static bool counter_line(const char *line)
{
	char name[64], again[128];
	unsigned long v;

	if (strncmp(line, "      ", 6) || line[6] == ' ' ||
	    sscanf(line, "%63s %lu", name, &v) != 2)
		return false;
	snprintf(again, sizeof(again), "      %-12s %lu", name, v);
	same(line, again, "zoneinfo counter");
	return true;
}

/* Check one zone block starting at line[*i]; advance *i past it. */
static void check_zone_block(char **line, int n, int *i, int zone, const struct want *w,
			     bool first_populated)
{
	char name[16], again[128], prot[256];
	int node, len;
	long p[MAX_NR_ZONES];

	CHECK(sscanf(line[*i], "Node %d, zone %15s", &node, name) == 2);
	snprintf(again, sizeof(again), "Node %d, zone %8s", 0, zs_zone_names[zone]);
	same(line[*i], again, "zone header");
	(*i)++;
	/* The node's first populated zone may carry the per-node stats. */
	if (*i < n && !strcmp(line[*i], "  per-node stats")) {
		CHECK(first_populated);
		(*i)++;
		while (*i < n && counter_line(line[*i]))
			(*i)++;
	}
	REQUIRE(*i + 8 <= n);
	CHECK_EQ(num_line(line[(*i)++], "  pages free     "), zm_free((unsigned int)zone));
	CHECK_EQ(num_line(line[(*i)++], "        min      "), w->min);
	CHECK_EQ(num_line(line[(*i)++], "        low      "), w->low);
	CHECK_EQ(num_line(line[(*i)++], "        high     "), w->high);
	CHECK_EQ(num_line(line[(*i)++], "        spanned  "), w->spanned);
	CHECK_EQ(num_line(line[(*i)++], "        present  "), w->managed);
	CHECK_EQ(num_line(line[(*i)++], "        managed  "), w->managed);
	CHECK(sscanf(line[*i], "        protection: (%ld, %ld, %ld, %ld)",
		     &p[0], &p[1], &p[2], &p[3]) == MAX_NR_ZONES);
	len = snprintf(prot, sizeof(prot), "        protection: (%ld", w->prot[0]);
	for (int z = 1; z < MAX_NR_ZONES; z++)
		len += snprintf(prot + len, sizeof(prot) - (size_t)len, ", %ld", w->prot[z]);
	snprintf(prot + len, sizeof(prot) - (size_t)len, ")");
	same(line[*i], prot, "protection (expected values)");
	(*i)++;
	if (!w->managed)
		return;   /* unpopulated: nothing more */
	/* Zone counters, then the pagesets. */
	{
		int counters = 0;
		while (*i < n && counter_line(line[*i])) {
			if (!strncmp(line[*i], "      nr_free_pages ", 20))
				CHECK_EQ(strtoul(line[*i] + 20, NULL, 10), zm_free((unsigned int)zone));
			counters++;
			(*i)++;
		}
		CHECK(counters >= 1);
	}
	REQUIRE(*i < n);
	same(line[*i], "  pagesets", "pagesets");
	(*i)++;
	while (*i + 4 <= n && !strncmp(line[*i], "    cpu: ", 9)) {
		int cpu;
		CHECK(sscanf(line[*i], "    cpu: %d", &cpu) == 1);
		snprintf(again, sizeof(again), "    cpu: %d", cpu);
		same(line[*i], again, "cpu");
		num_line(line[*i + 1], "              count: ");
		CHECK_EQ(num_line(line[*i + 2], "              high:  "), zs_zones[zone].pcp_high);
		CHECK_EQ(num_line(line[*i + 3], "              batch: "), zs_zones[zone].pcp_batch);
		*i += 4;
		if (*i < n && !strncmp(line[*i], "  vm stats threshold: ", 22))
			num_line(line[(*i)++], "  vm stats threshold: ");
	}
	REQUIRE(*i + 2 <= n);
	CHECK_EQ(num_line(line[(*i)++], "  node_unreclaimable:  "), 0);
	CHECK_EQ(num_line(line[(*i)++], "  start_pfn:           "), w->start_pfn);
}

static void check_zoneinfo(const struct want w[MAX_NR_ZONES])
{
	char *text = zm_proc("zoneinfo"), **line;
	int n, i = 0, zone = 0;
	bool seen_populated = false;

	REQUIRE(text);
	line = calloc(4096, sizeof(*line));
	REQUIRE(line);
	CHECK(text[strlen(text) - 1] == '\n');
	n = lines_of(text, line, 4096);
	if (n && !*line[n - 1])
		n--;
	/* every zone of the node, populated or not, as the kernel shows them */
	for (zone = 0; zone < MAX_NR_ZONES && i < n; zone++) {
		bool first = !seen_populated && w[zone].managed;
		check_zone_block(line, n, &i, zone, &w[zone], first);
		seen_populated |= w[zone].managed != 0;
	}
	CHECK_EQ(zone, MAX_NR_ZONES);
	CHECK_EQ(i, n);
	free(line);
	free(text);
}

static void test_maps(void)
{
	for (size_t k = 0; k < sizeof(maps) / sizeof(maps[0]); k++) {
		const struct map *m = &maps[k];
		struct want w[MAX_NR_ZONES];
		int ret = zslab_init(m->cmdline);

		CHECK_EQ(ret, 0);
		if (ret) {
			zm_log_dump(m->cmdline ? m->cmdline : "(default)");
			continue;
		}
		expected(m, w);
		format_errors = 0;
		check_buddyinfo();
		check_zoneinfo(w);
		/* Again after some traffic: the numbers must follow. */
		{
			struct page *pg[3] = {
				alloc_pages(GFP_KERNEL | __GFP_NOWARN, 3),
				alloc_pages(GFP_KERNEL | GFP_DMA32 | __GFP_NOWARN, 0),
				alloc_pages(GFP_KERNEL | GFP_DMA | __GFP_NOWARN, 1),
			};
			check_buddyinfo();
			check_zoneinfo(w);
			__free_pages(pg[0], 3);
			__free_pages(pg[1], 0);
			__free_pages(pg[2], 1);
		}
		CHECK_EQ(format_errors, 0);
		if (format_errors)
			fprintf(stderr, "  ... for map \"%s\"\n", m->cmdline ? m->cmdline : "(default)");
		zslab_exit();
	}
}

/* The worked example of the spec: DMA32 reserves 1024 pages against Normal. */
static void test_spec_example(void)
{
	struct zm_zoneinfo zi[MAX_NR_ZONES];

	REQUIRE(zslab_init("memmap=4G@0x40000000") == 0);
	REQUIRE(zm_zoneinfo(zi) == MAX_NR_ZONES);
	CHECK_EQ(zi[ZONE_NORMAL].managed, 262144);
	CHECK_EQ(zi[ZONE_DMA32].prot[ZONE_NORMAL], 1024);
	CHECK_EQ(zi[ZONE_DMA].prot[ZONE_NORMAL], (786432 + 262144) / 256);
	CHECK_EQ(zi[ZONE_NORMAL].prot[ZONE_NORMAL], 0);
	/* min_free_kbytes = int_sqrt(4 GiB in KiB * 16) = 8192 KiB = 2048 pages */
	CHECK_EQ(zi[ZONE_DMA32].min, 2048 * 3 / 4);
	CHECK_EQ(zi[ZONE_NORMAL].min, 2048 / 4);
	zslab_exit();
}

static void test_unknown_view(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	REQUIRE(zslab_init("memmap=64M@0") == 0);
	f = open_memstream(&buf, &len);
	REQUIRE(f);
	CHECK_EQ(zslab_proc_show("nope", f), -ENOENT);
	CHECK_EQ(zslab_proc_show("", f), -ENOENT);
	CHECK_EQ(zslab_proc_show("buddyinfo ", f), -ENOENT);
	CHECK(zslab_proc_show(NULL, f) < 0);
	fflush(f);
	CHECK_EQ(len, 0);
	fclose(f);
	free(buf);
	buf = zm_proc("iomem");
	CHECK(buf && !strcmp(buf, "00000000-03ffffff : System RAM\n"));
	free(buf);
	zslab_exit();
}

int main(void)
{
	zm_watchdog(240);
	zm_log_start();
	test_maps();
	test_spec_example();
	test_unknown_view();
	return zt_summary("test_proc");
}
