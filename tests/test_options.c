/* SPDX-License-Identifier: MIT */
/*
 * test_options.c - the boot option table and command-line parser: every
 * option accepted in each of its forms, every refusal reported exactly
 * once with the option named, and a failed parse leaving the defaults.
 */
#include "zt.h"

#include "config/config.h"
#include "common/report.h"

#define K (1ull << 10)
#define M (1ull << 20)
#define G (1ull << 30)
#define T (1ull << 40)
#define P (1ull << 50)
#define E (1ull << 60)

/* check_defaults() - zs_config holds exactly the documented defaults. */
static void check_defaults(void)
{
	CHECK_EQ(zs_config.nr_ram, 0);
	CHECK(zs_config.dma_limit == 16 * M);
	CHECK(zs_config.dma32_limit == 4 * G);
	CHECK(!zs_config.panic_on_warn);
	CHECK_EQ(zs_config.min_free_kbytes, -1);
	CHECK_EQ(zs_config.watermark_scale_factor, 10);
	CHECK(!zs_config.fail_page_alloc.enabled);
	CHECK(!zs_config.slab_nomerge);
	CHECK_EQ(zs_config.slub_min_order, 0);
	CHECK_EQ(zs_config.slub_max_order, 3);
	CHECK_EQ(zs_config.slub_min_objects, 0);
}

/* accept() - @cmdline parses with no report at all. */
static void accept_line(const char *cmdline, int line)
{
	int ret;

	zt_reports_reset();
	ret = zs_config_parse(cmdline, zs_report_config);
	if (ret || zt_reports)
		fprintf(stderr, "line %d: \"%s\" refused (%d): %s", line,
			cmdline, ret, zt_last_report);
	CHECK_EQ(ret, 0);
	CHECK_EQ(zt_reports, 0);
}
#define ACCEPT(s) accept_line((s), __LINE__)

/*
 * refuse() - @cmdline fails with -EINVAL, exactly one report that
 * contains @needle (the option's name), and zs_config at the defaults.
 */
static void refuse_line(const char *cmdline, const char *needle, int line)
{
	int ret;

	zs_config_parse("dma_limit=32M memmap=1G@0 slab_nomerge", zs_report_config);  /* dirty it */
	zt_reports_reset();
	ret = zs_config_parse(cmdline, zs_report_config);
	if (ret != -EINVAL || zt_reports != 1 || !strstr(zt_last_report, needle))
		fprintf(stderr, "line %d: \"%s\": ret %d, %lu reports, last: %s", line,
			cmdline, ret, zt_reports, zt_last_report);
	CHECK_EQ(ret, -EINVAL);
	CHECK_EQ(zt_reports, 1);
	CHECK(strstr(zt_last_report, needle) != NULL);
	CHECK(strncmp(zt_last_report, "zslab: ", 7) == 0);
	check_defaults();
}
#define REFUSE(s, needle) refuse_line((s), (needle), __LINE__)

/* check_size() - zs_parse_size(@s) whole-string gives @want. */
static void check_size(const char *s, uint64_t want)
{
	uint64_t v = 12345;

	CHECK_EQ(zs_parse_size(s, &v, NULL), 0);
	CHECK(v == want);
	if (v != want)
		fprintf(stderr, "  size \"%s\" = %#" PRIx64 ", want %#" PRIx64 "\n", s, v, want);
}

/* check_size_bad() - zs_parse_size(@s) whole-string is refused, *out kept. */
static void check_size_bad(const char *s)
{
	uint64_t v = 12345;

	CHECK_EQ(zs_parse_size(s, &v, NULL), -EINVAL);
	CHECK_EQ(v, 12345);
}

static void test_parse_size(void)
{
	const char *end;
	uint64_t v;

	check_size("0", 0);
	check_size("4096", 4096);
	check_size("4G", 4 * G);
	check_size("4g", 4 * G);
	check_size("0x40000000", 0x40000000);
	check_size("0X10", 16);
	check_size("512k", 512 * K);
	check_size("512K", 512 * K);
	check_size("16M", 16 * M);
	check_size("16m", 16 * M);
	check_size("2T", 2 * T);
	check_size("3p", 3 * P);
	check_size("1E", E);
	check_size("15E", 15 * E);
	check_size("0x10k", 16 * K);
	check_size("077", 63);
	check_size("010M", 8 * M);
	check_size("18446744073709551615", UINT64_MAX);
	check_size("0xffffffffffffffff", UINT64_MAX);
	check_size("0xfffffffffffffK", 0xfffffffffffffull << 10);
	check_size_bad("");
	check_size_bad("K");
	check_size_bad("-1");
	check_size_bad("+1");
	check_size_bad(" 1");
	check_size_bad("1 ");
	check_size_bad("0x");
	check_size_bad("08");
	check_size_bad("4KB");
	check_size_bad("4X");
	check_size_bad("16E");
	check_size_bad("0x40000000000000K");
	check_size("0x3fffffffffffffK", 0x3fffffffffffffull << 10);
	check_size_bad("18446744073709551616");
	check_size_bad("0x10000000000000000");
	CHECK_EQ(zs_parse_size(NULL, &v, NULL), -EINVAL);

	/* With @end: stop at the first character not in number or suffix. */
	CHECK_EQ(zs_parse_size("4G@0", &v, &end), 0);
	CHECK(v == 4 * G && *end == '@');
	CHECK_EQ(zs_parse_size("0x", &v, &end), 0);
	CHECK(v == 0 && *end == 'x');
	CHECK_EQ(zs_parse_size("4KB", &v, &end), 0);
	CHECK(v == 4 * K && strcmp(end, "B") == 0);
	CHECK_EQ(zs_parse_size("08", &v, &end), 0);
	CHECK(v == 0 && *end == '8');
	CHECK_EQ(zs_parse_size("12", &v, &end), 0);
	CHECK(v == 12 && *end == 0);
	CHECK_EQ(zs_parse_size("x1", &v, &end), -EINVAL);
	CHECK_EQ(zs_parse_size("16E", &v, &end), -EINVAL);
}

static void test_syntax(void)
{
	ACCEPT(NULL);
	check_defaults();
	ACCEPT("");
	check_defaults();
	ACCEPT(" \t\n\r ");
	check_defaults();

	/* Separators, '-' == '_', quotes. */
	ACCEPT("\tdma-limit=32M\n dma32_limit=2G  slab-nomerge\t");
	CHECK(zs_config.dma_limit == 32 * M);
	CHECK(zs_config.dma32_limit == 2 * G);
	CHECK(zs_config.slab_nomerge);
	ACCEPT("dma_limit=\"64M\"");
	CHECK(zs_config.dma_limit == 64 * M);
	ACCEPT("\"dma_limit=128M\" watermark_scale_factor=\"20\"");
	CHECK(zs_config.dma_limit == 128 * M);
	CHECK_EQ(zs_config.watermark_scale_factor, 20);
	ACCEPT("memmap=\"1G@0\"");
	CHECK_EQ(zs_config.nr_ram, 1);

	/* Last one wins. */
	ACCEPT("dma_limit=32M dma_limit=64M slab_nomerge slab_merge");
	CHECK(zs_config.dma_limit == 64 * M);
	CHECK(!zs_config.slab_nomerge);

	/* Unknown options, names and name-level errors. */
	REFUSE("bogus", "\"bogus\"");
	REFUSE("bogus=1", "\"bogus\"");
	REFUSE("dma_limits=16M", "\"dma_limits\"");
	REFUSE("Dma_limit=16M", "\"Dma_limit\"");
	REFUSE("=16M", "unknown option");
	REFUSE("\"\"", "unknown option");
	REFUSE("--", "\"--\"");
	REFUSE("dma_limit=\"32M", "dma_limit");
	REFUSE("dma_limit=32M \"slab_nomerge", "slab_nomerge");

	/* Stop at the first error: one report, naming the first. */
	REFUSE("dma_limit=32M bogus1 bogus2", "bogus1");
	REFUSE("bogus1 dma_limit=3", "bogus1");
	REFUSE("memmap=2G@0 memmap=1G@1G", "memmap");

	/* An over-long option. */
	{
		static char big[6000];

		memcpy(big, "memmap=", 7);
		memset(big + 7, '1', sizeof(big) - 8);
		REFUSE(big, "longer than");
	}
}

static void test_memmap(void)
{
	char line[2048];
	size_t n = 0;

	ACCEPT("memmap=4G@0x40000000");
	REQUIRE(zs_config.nr_ram == 1);
	CHECK(zs_config.ram[0].base == 0x40000000);
	CHECK(zs_config.ram[0].size == 4 * G);
	CHECK(zs_config.ram[0].host == NULL);

	/* Comma lists and repeats accumulate, stored sorted by base. */
	ACCEPT("memmap=2G@4G,1G@0 memmap=512M@0x40000000 memmap=exactmap");
	REQUIRE(zs_config.nr_ram == 3);
	CHECK(zs_config.ram[0].base == 0 && zs_config.ram[0].size == 1 * G);
	CHECK(zs_config.ram[1].base == 1 * G && zs_config.ram[1].size == 512 * M);
	CHECK(zs_config.ram[2].base == 4 * G && zs_config.ram[2].size == 2 * G);
	ACCEPT("memmap=exactmap,4K@0");
	CHECK_EQ(zs_config.nr_ram, 1);

	/* Adjacent is fine; the top of the 2^52 space is fine. */
	ACCEPT("memmap=1G@1G memmap=1G@0 memmap=1G@2G");
	CHECK_EQ(zs_config.nr_ram, 3);
	ACCEPT("memmap=4K@0xffffffffff000");
	CHECK(zs_config.ram[0].base == 0xffffffffff000ull);
	ACCEPT("memmap=4P@0");
	CHECK(zs_config.ram[0].size == 4 * P);

	/* ZSLAB_MAX_MEMMAP ranges fit, one more does not. */
	for (int i = 0; i < ZSLAB_MAX_MEMMAP; i++)
		n += (size_t)snprintf(line + n, sizeof(line) - n, "%s%dM@%dG",
				      i ? (i % 2 ? "," : " memmap=") : "memmap=", 1, i);
	ACCEPT(line);
	CHECK_EQ(zs_config.nr_ram, ZSLAB_MAX_MEMMAP);
	for (unsigned int i = 1; i < zs_config.nr_ram; i++)
		CHECK(zs_config.ram[i - 1].base < zs_config.ram[i].base);
	snprintf(line + n, sizeof(line) - n, " memmap=1M@100G");
	REFUSE(line, "more than 32 ranges");

	/* Refusals. */
	REFUSE("memmap", "memmap: needs a value");
	REFUSE("memmap=", "memmap: bad value \"\"");
	REFUSE("memmap=3X@0", "memmap: bad value \"3X@0\"");
	REFUSE("memmap=4G@", "BASE");
	REFUSE("memmap=4G@0x", "BASE");
	REFUSE("memmap=4G@1Q", "BASE");
	REFUSE("memmap=@0", "SIZE");
	REFUSE("memmap=4G", "only SIZE@BASE");
	REFUSE("memmap=4G$0x100000000", "only SIZE@BASE");
	REFUSE("memmap=4G#0x100000000", "only SIZE@BASE");
	REFUSE("memmap=4G!0x100000000", "only SIZE@BASE");
	REFUSE("memmap=4G%0x100000000-1+2", "only SIZE@BASE");
	REFUSE("memmap=0@0", "empty range");
	REFUSE("memmap=0x1001@0", "SIZE 0x1001");
	REFUSE("memmap=4K@1", "BASE 0x1");
	REFUSE("memmap=4K@0x10000000000000", "52-bit");
	REFUSE("memmap=12K@0xfffffffffe000", "52-bit");
	ACCEPT("memmap=8K@0xfffffffffe000");
	REFUSE("memmap=0xfffffffffffff000@0x2000", "52-bit");
	REFUSE("memmap=4E@15E", "52-bit");
	REFUSE("memmap=1G@0,", "in \"\"");
	REFUSE("memmap=1G@0,,1G@1G", "memmap");
	REFUSE("memmap=1G@0,3X@1G", "in \"3X@1G\"");
	REFUSE("memmap=1G@0 memmap=1G@0", "overlaps");
	REFUSE("memmap=2G@0 memmap=1G@1G",
	       "range [mem 0x40000000-0x7fffffff] overlaps [mem 0-0x7fffffff]");
	REFUSE("memmap=1G@1G memmap=2G@0",
	       "range [mem 0-0x7fffffff] overlaps [mem 0x40000000-0x7fffffff]");
	REFUSE("memmap=1G@0,1G@3G,2G@2G",
	       "in \"2G@2G\": range [mem 0x80000000-0xffffffff] overlaps [mem 0xc0000000-0xffffffff]");
	REFUSE("memmap=1G@0,1G@4G,4G@512M", "overlaps [mem 0-0x3fffffff]");
}

static void test_zone_limits(void)
{
	ACCEPT("dma_limit=0");
	CHECK(zs_config.dma_limit == 0);
	ACCEPT("dma_limit=4G");
	CHECK(zs_config.dma_limit == 4 * G);
	ACCEPT("dma_limit=1G dma32_limit=1G");
	ACCEPT("dma32_limit=4K dma_limit=0");
	ACCEPT("dma_limit=8G dma32_limit=16G");
	CHECK(zs_config.dma_limit == 8 * G && zs_config.dma32_limit == 16 * G);
	ACCEPT("dma32_limit=4P dma_limit=0x10000000000000");
	CHECK(zs_config.dma32_limit == 4 * P);
	ACCEPT("dma_limit=010000000");              /* octal: 2 MiB */
	CHECK(zs_config.dma_limit == 2 * M);

	REFUSE("dma_limit", "dma_limit: needs a value");
	REFUSE("dma_limit=", "dma_limit: bad value \"\"");
	REFUSE("dma_limit=abc", "dma_limit: bad value \"abc\"");
	REFUSE("dma_limit=16MB", "dma_limit");
	REFUSE("dma_limit=-1", "dma_limit");
	REFUSE("dma_limit=1000", "page size");
	REFUSE("dma_limit=8G", "dma_limit: 0x200000000 (8G) is above dma32_limit");
	REFUSE("dma32_limit=8M", "dma32_limit 0x800000 (8M)");
	REFUSE("dma32_limit=0", "dma32_limit: bad value \"0\"");
	REFUSE("dma32_limit=0 dma_limit=0", "dma32_limit");
	REFUSE("dma32_limit=8P", "dma32_limit");
	REFUSE("dma_limit=8P dma32_limit=16P", "dma_limit");
	REFUSE("dma32_limit=0x10000000001000", "dma32_limit");
	REFUSE("dma32_limit=4097", "dma32_limit");
}

static void test_bools_and_flags(void)
{
	static const char *const yes[] = { "1", "y", "Y", "yes", "on", "ON", "On" };
	static const char *const no[] = { "0", "n", "N", "no", "off", "OFF", "Off" };
	char line[64];

	ACCEPT("panic_on_warn");
	CHECK(zs_config.panic_on_warn);
	ACCEPT("panic-on-warn");
	CHECK(zs_config.panic_on_warn);
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		snprintf(line, sizeof(line), "panic_on_warn=%s", yes[i]);
		ACCEPT(line);
		CHECK(zs_config.panic_on_warn);
		snprintf(line, sizeof(line), "panic_on_warn panic_on_warn=%s", no[i]);
		ACCEPT(line);
		CHECK(!zs_config.panic_on_warn);
	}
	REFUSE("panic_on_warn=2", "panic_on_warn: bad value \"2\"");
	REFUSE("panic_on_warn=", "panic_on_warn: bad value \"\"");
	REFUSE("panic_on_warn=maybe", "panic_on_warn");
	REFUSE("panic_on_warn=true", "panic_on_warn");
	REFUSE("panic_on_warn=yess", "panic_on_warn");
	zs_config_parse(NULL, zs_report_config);       /* panic_on_warn off again */

	ACCEPT("slab_nomerge");
	CHECK(zs_config.slab_nomerge);
	ACCEPT("slub_nomerge");
	CHECK(zs_config.slab_nomerge);
	ACCEPT("slab_nomerge slab_merge");
	CHECK(!zs_config.slab_nomerge);
	ACCEPT("slub_nomerge slub_merge");
	CHECK(!zs_config.slab_nomerge);
	ACCEPT("slub_merge slab_nomerge");
	CHECK(zs_config.slab_nomerge);
	REFUSE("slab_nomerge=1", "slab_nomerge: takes no value");
	REFUSE("slub_merge=0", "slub_merge: takes no value");
	REFUSE("slab_nomerge=", "slab_nomerge");
}

static void test_numbers(void)
{
	ACCEPT("min_free_kbytes=0");
	CHECK_EQ(zs_config.min_free_kbytes, 0);
	ACCEPT("min_free_kbytes=1073741824");
	CHECK_EQ(zs_config.min_free_kbytes, 1 << 30);
	ACCEPT("min_free_kbytes=0x400");
	CHECK_EQ(zs_config.min_free_kbytes, 1024);
	ACCEPT("min_free_kbytes=100 min_free_kbytes=auto");
	CHECK_EQ(zs_config.min_free_kbytes, -1);
	REFUSE("min_free_kbytes=-1", "min_free_kbytes: bad value \"-1\"");
	REFUSE("min_free_kbytes=1073741825", "min_free_kbytes");
	REFUSE("min_free_kbytes=1M", "min_free_kbytes");
	REFUSE("min_free_kbytes", "min_free_kbytes: needs a value");

	ACCEPT("watermark_scale_factor=1");
	CHECK_EQ(zs_config.watermark_scale_factor, 1);
	ACCEPT("watermark_scale_factor=3000");
	CHECK_EQ(zs_config.watermark_scale_factor, 3000);
	REFUSE("watermark_scale_factor=0", "watermark_scale_factor: bad value \"0\": must be 1..3000");
	REFUSE("watermark_scale_factor=3001", "watermark_scale_factor");
	REFUSE("watermark_scale_factor=99999999999999999999", "watermark_scale_factor");
	REFUSE("watermark_scale_factor=10x", "watermark_scale_factor");

	ACCEPT("slub_min_order=2 slub_max_order=10 slub_min_objects=32767");
	CHECK_EQ(zs_config.slub_min_order, 2);
	CHECK_EQ(zs_config.slub_max_order, 10);
	CHECK_EQ(zs_config.slub_min_objects, 32767);
	ACCEPT("slab_min_order=1 slab_max_order=5 slab_min_objects=16");
	CHECK_EQ(zs_config.slub_min_order, 1);
	CHECK_EQ(zs_config.slub_max_order, 5);
	CHECK_EQ(zs_config.slub_min_objects, 16);
	ACCEPT("slub_min_order=3 slab_min_order=2 slab-max-order=9 slub_max_order=4");
	CHECK_EQ(zs_config.slub_min_order, 2);
	CHECK_EQ(zs_config.slub_max_order, 4);
	REFUSE("slub_min_order=11", "slub_min_order: bad value \"11\": must be 0..10");
	REFUSE("slab_min_order=11", "slab_min_order");
	REFUSE("slub_max_order=11", "slub_max_order");
	REFUSE("slab_max_order=-1", "slab_max_order");
	REFUSE("slub_min_objects=32768", "slub_min_objects");
	REFUSE("slab_min_objects=x", "slab_min_objects");
	REFUSE("slub_max_order", "slub_max_order: needs a value");
}

/* test_order_bounds() - the kernel's min/max order adjustment, reported. */
static void test_order_bounds(void)
{
	zt_reports_reset();
	CHECK_EQ(zs_config_parse("slub_min_order=5", zs_report_config), 0);
	CHECK_EQ(zs_config.slub_min_order, 5);
	CHECK_EQ(zs_config.slub_max_order, 5);
	CHECK_EQ(zt_reports, 1);
	CHECK(strstr(zt_last_report, "slub_max_order") != NULL);

	zt_reports_reset();
	CHECK_EQ(zs_config_parse("slub_min_order=5 slub_max_order=2", zs_report_config), 0);
	CHECK_EQ(zs_config.slub_min_order, 2);
	CHECK_EQ(zs_config.slub_max_order, 2);
	CHECK_EQ(zt_reports, 2);

	zt_reports_reset();
	CHECK_EQ(zs_config_parse("slub_max_order=2 slub_min_order=5", zs_report_config), 0);
	CHECK_EQ(zs_config.slub_min_order, 5);
	CHECK_EQ(zs_config.slub_max_order, 5);
	CHECK_EQ(zt_reports, 1);

	/* Spellings mix; a later failure still leaves the defaults. */
	zt_reports_reset();
	CHECK_EQ(zs_config_parse("slub_min_order=3 slab_min_order=2 slab-max-order=0 "
				 "slub_max_order=4", zs_report_config), 0);
	CHECK_EQ(zs_config.slub_min_order, 0);  /* lowered by max_order=0 */
	CHECK_EQ(zs_config.slub_max_order, 4);
	CHECK_EQ(zt_reports, 1);
	CHECK(strstr(zt_last_report, "lowers slub_min_order") != NULL);
	zt_reports_reset();
	CHECK_EQ(zs_config_parse("slub_min_order=5 bogus", zs_report_config), -EINVAL);
	CHECK_EQ(zt_reports, 2);
	CHECK(strstr(zt_last_report, "\"bogus\"") != NULL);
	check_defaults();
}

static void test_fail_page_alloc(void)
{
	const struct zs_fault_attr *fa = &zs_config.fail_page_alloc;

	ACCEPT("fail_page_alloc=10,100,0,-1");
	CHECK(fa->enabled);
	CHECK_EQ(fa->interval, 10);
	CHECK_EQ(fa->probability, 100);
	CHECK_EQ(fa->space, 0);
	CHECK_EQ(fa->times, -1);
	ACCEPT("fail-page-alloc=1,0,4096,5");
	CHECK(fa->enabled);
	CHECK_EQ(fa->interval, 1);
	CHECK_EQ(fa->probability, 0);
	CHECK_EQ(fa->space, 4096);
	CHECK_EQ(fa->times, 5);
	ACCEPT("fail_page_alloc=1,50,0,0");
	CHECK_EQ(fa->times, 0);
	ACCEPT("fail_page_alloc=1,50,0,2147483647");
	CHECK_EQ(fa->times, 2147483647);
	ACCEPT("fail_page_alloc=1,50,18446744073709551615,1");
	CHECK(fa->space == UINT64_MAX);

	REFUSE("fail_page_alloc", "fail_page_alloc: needs a value");
	REFUSE("fail_page_alloc=", "fail_page_alloc: bad value \"\"");
	REFUSE("fail_page_alloc=x", "fail_page_alloc");
	REFUSE("fail_page_alloc=10,101,0,-1", "probability");
	REFUSE("fail_page_alloc=0,100,0,-1", "interval");
	REFUSE("fail_page_alloc=10,100,0", "fail_page_alloc: bad value \"10,100,0\"");
	REFUSE("fail_page_alloc=10,100,0,", "fail_page_alloc");
	REFUSE("fail_page_alloc=10,100,0,-2", "times");
	REFUSE("fail_page_alloc=10,100,0,2147483648", "times");
	REFUSE("fail_page_alloc=10,100,0,-1,5", "fail_page_alloc");
	REFUSE("fail_page_alloc=10,100,0,--1", "fail_page_alloc");
	REFUSE("fail_page_alloc=-10,100,0,-1", "fail_page_alloc");
	REFUSE("fail_page_alloc=10, 100,0,-1", "fail_page_alloc");
	REFUSE("fail_page_alloc=0x10,100,0,-1", "fail_page_alloc");
}

/* test_all_at_once() - one line with every option, then a failure. */
static void test_all_at_once(void)
{
	ACCEPT("memmap=4G@0x40000000 dma_limit=1G dma32_limit=2G panic_on_warn=0 "
	       "min_free_kbytes=4096 watermark_scale_factor=100 "
	       "fail_page_alloc=3,50,0,-1 slub_nomerge slub_min_order=1 "
	       "slub_max_order=4 slub_min_objects=8");
	CHECK_EQ(zs_config.nr_ram, 1);
	CHECK(zs_config.dma_limit == 1 * G);
	CHECK(zs_config.dma32_limit == 2 * G);
	CHECK_EQ(zs_config.min_free_kbytes, 4096);
	CHECK_EQ(zs_config.watermark_scale_factor, 100);
	CHECK(zs_config.fail_page_alloc.enabled);
	CHECK(zs_config.slab_nomerge);
	CHECK_EQ(zs_config.slub_min_order, 1);
	CHECK_EQ(zs_config.slub_max_order, 4);
	CHECK_EQ(zs_config.slub_min_objects, 8);
	/* Every option valid but the last: nothing may stick. */
	REFUSE("memmap=4G@0x40000000 dma_limit=1G dma32_limit=2G slub_nomerge "
	       "fail_page_alloc=3,50,0,-1 slub_min_order=1 slub_min_objects=x",
	       "slub_min_objects");
}

/* test_help() - every name, alias and default shows up, columns aligned. */
static void test_help(void)
{
	static const char *const names[] = {
		"memmap=SIZE@BASE", "dma_limit=SIZE", "dma32_limit=SIZE",
		"panic_on_warn", "min_free_kbytes=", "watermark_scale_factor=",
		"fail_page_alloc=", "slab_nomerge", "slub_nomerge", "slab_merge",
		"slub_merge", "slub_min_order=", "slab_min_order=",
		"slub_max_order=", "slab_max_order=", "slub_min_objects=",
		"slab_min_objects=", "auto", "16M", "4G", "8G@0",
	};
	char buf[8192];
	FILE *f = fmemopen(buf, sizeof(buf), "w");
	int col = -1, lines = 0;

	REQUIRE(f);
	zs_config_help(f);
	fputc(0, f);
	fclose(f);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		CHECK(strstr(buf, names[i]) != NULL);
		if (!strstr(buf, names[i]))
			fprintf(stderr, "  help lacks \"%s\"\n", names[i]);
	}
	/* The DEFAULT column starts at the same offset on every line. */
	for (char *l = buf; *l; l = strchr(l, '\n') + 1, lines++) {
		char *two = strstr(l, "  ");
		int c = two ? (int)(two - l) : -2;

		while (two && two[0] == ' ')
			two++, c++;
		if (col < 0)
			col = c;
		CHECK_EQ(c, col);
		if (!strchr(l, '\n'))
			break;
	}
	CHECK(lines >= 17);
	if (getenv("ZT_VERBOSE"))
		fputs(buf, stdout);
}

/*
 * test_option_get() - the table as data: every row complete, in help's
 * order, each name and alias accepted by the parser with a value of the
 * row's syntax, -ENOENT past the end, -EINVAL without a buffer.
 */
static void test_option_get(void)
{
	char buf[8192], line[256];
	FILE *f = fmemopen(buf, sizeof(buf), "w");
	struct zslab_option o;
	const char *at = buf;
	unsigned int i;

	REQUIRE(f);
	zs_config_help(f);
	fputc(0, f);
	fclose(f);
	for (i = 0; !zslab_option_get(i, &o); i++) {
		CHECK(o.name && o.syntax && o.def && o.help && *o.name && *o.help);
		/* help prints the rows in the same order */
		at = strstr(at, o.name);
		CHECK(at != NULL);
		if (!at)
			break;
		/* a bare switch or an optional value: the name alone parses */
		if (o.syntax[0] != '=') {
			snprintf(line, sizeof(line), "%s", o.alias ? o.alias : o.name);
			accept_line(line, __LINE__);
		}
	}
	CHECK(i >= 18);
	CHECK_EQ(zslab_option_get(i, &o), -ENOENT);
	CHECK_EQ(zslab_option_get(0, NULL), -EINVAL);
	zs_config_parse(NULL, zs_report_config);
}

int main(void)
{
	zt_capture_reports();
	check_defaults();           /* the static initialiser */
	test_parse_size();
	test_syntax();
	test_memmap();
	test_zone_limits();
	test_bools_and_flags();
	test_numbers();
	test_order_bounds();
	test_fail_page_alloc();
	test_all_at_once();
	test_help();
	test_option_get();
	zs_config_parse(NULL, zs_report_config);
	return zt_summary("test_options");
}
