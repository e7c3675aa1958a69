/* SPDX-License-Identifier: MIT */
/*
 * test_l2_compare.c - the level-2 table comparison (bench/l2_compare.c)
 * tells the story the series told, measured from the zones:
 *  - genalloc takes its whole 4 MiB pool before the first table and never
 *    gives a page back while it lives;
 *  - in the sparse pattern (one survivor among every 32 tables), each
 *    surviving page_frag fragment pins its whole 32 KiB block, while the
 *    DMA32 slab cache reuses freed slots at once and, after
 *    kmem_cache_shrink, holds far less;
 *  - at the churn pattern's peak the slab cache holds the least;
 *  - what stays idle at the end is reusable by the cache and the pool,
 *    and lost ("stuck") with page_frag and a page per table;
 *  - every source: no failure, every table 1 KiB aligned and below 4 GiB,
 *    every page back after teardown, the same live tables at the end;
 *  - the sample hook sees the peak; bad parameters are refused;
 *  - the SVG chart (bench/l2_chart.c) has one line per source with one
 *    point per sample, a legend and an escaped title.
 */
#include "zt.h"
#include "l2_chart.h"
#include "l2_compare.h"

#include <unistd.h>

struct samples {
	unsigned long n;
	long max_held;
};

static void on_sample(void *arg, const struct l2cmp_sample *s)
{
	struct samples *c = arg;

	c->n++;
	if (s->held_pages > c->max_held)
		c->max_held = s->held_pages;
}

static void run_all(struct l2cmp_params p, struct l2cmp_result r[L2CMP_NR_SOURCES])
{
	for (int s = 0; s < L2CMP_NR_SOURCES; s++) {
		struct samples c = { 0, 0 };

		p.sample = on_sample;
		p.arg = &c;
		REQUIRE(l2cmp_run((enum l2cmp_source)s, &p, &r[s]) == 0);
		CHECK_EQ(r[s].failures, 0);
		CHECK_EQ(r[s].high, 0);
		CHECK_EQ(r[s].after_pages, 0);
		CHECK(r[s].allocs > 0 && r[s].frees == r[s].allocs);
		CHECK(r[s].ns_alloc > 0 && r[s].ns_free > 0);
		CHECK(c.n > 1);
		CHECK_EQ(c.max_held, r[s].peak_pages);
		CHECK(r[s].end_pages <= r[s].peak_pages);
		CHECK_EQ(r[s].end_live, r[0].end_live);
		CHECK_EQ(r[s].idle_bytes, r[s].end_pages * 4096L - (long)r[s].end_live * 1024);
		CHECK(r[s].stuck_bytes >= 0 && r[s].stuck_bytes <= r[s].idle_bytes);
	}
	if (getenv("ZT_VERBOSE"))
		l2cmp_print(stderr, "run", r, L2CMP_NR_SOURCES);
}

static void test_sparse(void)
{
	struct l2cmp_params p = l2cmp_default_params(L2CMP_SPARSE);
	struct l2cmp_result r[L2CMP_NR_SOURCES];
	const long block_pages = 1L << PAGE_FRAG_CACHE_MAX_ORDER;

	REQUIRE(p.batch == PAGE_FRAG_CACHE_MAX_SIZE / 1024);
	run_all(p, r);
	CHECK_EQ(r[0].end_live, p.rounds);
	/* genalloc: 4 MiB from the start, never more, never less. */
	CHECK_EQ(r[L2CMP_GENALLOC].setup_pages, 1024);
	CHECK_EQ(r[L2CMP_GENALLOC].peak_pages, 1024);
	CHECK_EQ(r[L2CMP_GENALLOC].end_pages, 1024);
	/* The others take nothing before the first table. */
	CHECK_EQ(r[L2CMP_SLAB].setup_pages, 0);
	CHECK_EQ(r[L2CMP_PAGE_FRAG].setup_pages, 0);
	CHECK_EQ(r[L2CMP_PAGE].setup_pages, 0);
	/* page_frag: every survivor pins its whole 32 KiB block. */
	CHECK_EQ(r[L2CMP_PAGE_FRAG].end_pages, (long)p.rounds * block_pages);
	/* One page per table: one page per survivor. */
	CHECK_EQ(r[L2CMP_PAGE].end_pages, (long)p.rounds);
	/* The slab cache packs survivors into reused slots. */
	CHECK(r[L2CMP_SLAB].end_pages < r[L2CMP_PAGE_FRAG].end_pages);
	CHECK(r[L2CMP_SLAB].end_pages * 4096L < 2L * (long)r[0].end_live * 1024);
	CHECK(r[L2CMP_SLAB].end_pages < r[L2CMP_PAGE].end_pages);
	CHECK(r[L2CMP_SLAB].end_pages < r[L2CMP_GENALLOC].end_pages);
	/* What is idle: the cache and the pool can hand all of it out again;
	 * page_frag's abandoned blocks and a page's other 3 KiB are lost. */
	CHECK_EQ(r[L2CMP_SLAB].stuck_bytes, 0);
	CHECK_EQ(r[L2CMP_GENALLOC].stuck_bytes, 0);
	CHECK_EQ(r[L2CMP_PAGE_FRAG].stuck_bytes, r[L2CMP_PAGE_FRAG].idle_bytes);
	CHECK_EQ(r[L2CMP_PAGE].stuck_bytes, (long)r[0].end_live * 3072);
}

static void test_churn(void)
{
	struct l2cmp_params p = l2cmp_default_params(L2CMP_CHURN);
	struct l2cmp_result r[L2CMP_NR_SOURCES];

	run_all(p, r);
	CHECK_EQ(r[0].end_live, p.tables / 8);
	CHECK_EQ(r[L2CMP_GENALLOC].setup_pages, 1024);
	CHECK_EQ(r[L2CMP_GENALLOC].end_pages, 1024);
	/* At the peak, the slab cache holds the least of the four. */
	for (int s = 1; s < L2CMP_NR_SOURCES; s++)
		CHECK(r[L2CMP_SLAB].peak_pages < r[s].peak_pages);
	/* It holds little more than the live tables' worth (5 % slack). */
	CHECK(r[L2CMP_SLAB].peak_pages * 4096L * 20 <= (long)p.tables * 1024 * 21);
	/* page_frag cannot reuse what random frees left in its blocks. */
	CHECK(r[L2CMP_PAGE_FRAG].peak_pages > 2 * r[L2CMP_SLAB].peak_pages);
	/* After shrinking, the cache's idle slots are all reusable; page_frag
	 * can reuse at most the rest of its current 32 KiB block. */
	CHECK_EQ(r[L2CMP_SLAB].stuck_bytes, 0);
	CHECK_EQ(r[L2CMP_GENALLOC].stuck_bytes, 0);
	CHECK(r[L2CMP_PAGE_FRAG].stuck_bytes >=
	      r[L2CMP_PAGE_FRAG].idle_bytes - (long)PAGE_FRAG_CACHE_MAX_SIZE);
	CHECK_EQ(r[L2CMP_PAGE].stuck_bytes, (long)r[0].end_live * 3072);
}

/* Count occurrences of @needle in @hay. */
static unsigned long count_of(const char *hay, const char *needle)
{
	unsigned long n = 0;

	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

/* The chart: one polyline per source with one point per sample. */
static void test_chart(void)
{
	struct l2cmp_params p = l2cmp_default_params(L2CMP_SPARSE);
	struct l2chart *chart = l2chart_new("sparse <&> test");
	struct samples c = { 0, 0 };
	struct l2cmp_result r;
	char path[] = "/tmp/zslab-l2chart-XXXXXX";
	char *text;
	long len;
	int fd;
	FILE *f;

	REQUIRE(chart);
	p.rounds = 64;
	p.sample = l2chart_sample;
	p.arg = chart;
	for (int s = 0; s < L2CMP_NR_SOURCES; s++)
		REQUIRE(l2cmp_run((enum l2cmp_source)s, &p, &r) == 0);
	p.sample = on_sample;
	p.arg = &c;
	REQUIRE(l2cmp_run(L2CMP_SLAB, &p, &r) == 0);   /* how many samples a run makes */
	fd = mkstemp(path);
	REQUIRE(fd >= 0);
	close(fd);
	CHECK_EQ(l2chart_write_svg(chart, path), 0);
	CHECK_EQ(l2chart_write_svg(chart, "/nonexistent-dir/x.svg"), -ENOENT);
	l2chart_free(chart);
	f = fopen(path, "r");
	REQUIRE(f);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	text = calloc(1, (size_t)len + 1);
	REQUIRE(text && fread(text, 1, (size_t)len, f) == (size_t)len);
	fclose(f);
	unlink(path);
	CHECK(strncmp(text, "<?xml ", 6) == 0);
	CHECK(strstr(text, "<svg ") != NULL);
	CHECK(strstr(text, "</svg>\n") != NULL);
	CHECK(strstr(text, "sparse &lt;&amp;&gt; test") != NULL);
	CHECK_EQ(count_of(text, "<polyline"), L2CMP_NR_SOURCES);
	for (int s = 0; s < L2CMP_NR_SOURCES; s++)
		CHECK_EQ(count_of(text, l2cmp_source_name((enum l2cmp_source)s)), 1);
	/* Points are "x,y" pairs: one comma each, samples per line. */
	const char *pl = text;
	for (int s = 0; s < L2CMP_NR_SOURCES; s++) {
		pl = strstr(pl, "points=\"");
		REQUIRE(pl);
		pl += strlen("points=\"");
		const char *end = strchr(pl, '"');
		unsigned long commas = 0;
		for (const char *q = pl; q < end; q++)
			commas += *q == ',';
		CHECK_EQ(commas, c.n);
		pl = end;
	}
	free(text);
}

static void test_bad_params(void)
{
	struct l2cmp_params p = l2cmp_default_params(L2CMP_CHURN);
	struct l2cmp_result r;

	p.percent = 0;
	CHECK_EQ(l2cmp_run(L2CMP_SLAB, &p, &r), -EINVAL);
	p = l2cmp_default_params(L2CMP_SPARSE);
	p.batch = 0;
	CHECK_EQ(l2cmp_run(L2CMP_SLAB, &p, &r), -EINVAL);
	CHECK_EQ(l2cmp_run(L2CMP_NR_SOURCES, &p, &r), -EINVAL);
	CHECK_EQ(l2cmp_run(L2CMP_SLAB, NULL, &r), -EINVAL);
}

int main(void)
{
	zt_capture_reports();
	REQUIRE(zslab_init("memmap=4G@0x40000000") == 0);
	long before = l2cmp_below4g_used();
	REQUIRE(before >= 0);
	test_sparse();
	test_churn();
	test_chart();
	test_bad_params();
	CHECK_EQ(l2cmp_below4g_used(), before);
	CHECK_EQ(zslab_validate(), 0);
	CHECK_EQ(zt_reports, 0);
	zslab_exit();
	return zt_summary("test_l2_compare");
}
