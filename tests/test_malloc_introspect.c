/* SPDX-License-Identifier: MIT */
/*
 * test_malloc_introspect - libzslab-malloc's answers to glibc's
 * introspection calls (malloc/introspect.c), linked in as
 * test_malloc_api does (zsm_ names in sanitizer builds):
 *  - mallinfo2() follows allocations: small blocks move uordblks,
 *    a big block hblks/hblkhd, and uordblks + fordblks == arena;
 *    mallinfo() is the same clamped to int;
 *  - malloc_trim() after freeing 60 MiB of small blocks makes the RSS
 *    fall by most of what mallinfo2's keepcost announced, returns 1, and
 *    then 0 when there is nothing left to give back;
 *  - malloc_stats() writes the statistics report to stderr;
 *  - with stats=exit (the test_malloc_introspect_stats run, ZSLAB_CMDLINE)
 *    every block handed out is counted, exactly, and the fast paths'
 *    one switch is on; without it nothing is counted.
 */
#include "zt.h"

#include <fcntl.h>
#include <unistd.h>

#include "zslab_malloc.h"
#include "config/config.h"
#include "slab/failslab.h"
#include "zt_mm.h"

#define M(name) ZM_API(name)
#define MIB (1UL << 20)
#define NR_SMALL 300000

static void *blocks[NR_SMALL];

/* Run malloc_stats() with stderr going into @buf (@len bytes). */
static void stats_text(char *buf, size_t len)
{
	char path[] = "/tmp/zt-malloc-stats-XXXXXX";
	int fd = mkstemp(path), saved = dup(2);
	ssize_t n;

	REQUIRE(fd >= 0 && saved >= 0);
	fflush(stderr);
	dup2(fd, 2);
	M(malloc_stats)();
	dup2(saved, 2);
	close(saved);
	n = pread(fd, buf, len - 1, 0);
	buf[n > 0 ? n : 0] = 0;
	close(fd);
	unlink(path);
}

/* The "calls" count of malloc_stats' Requested line, or -1. */
static long requested_calls(void)
{
	static char buf[16384];
	const char *p, *in;

	stats_text(buf, sizeof(buf));
	p = strstr(buf, "\nRequested  : ");
	in = p ? strstr(p, " in ") : NULL;
	if (in && memchr(p + 1, '\n', (size_t)(in - p - 1)))
		in = NULL;                  /* not on the Requested line */
	return in ? strtol(in + 4, NULL, 10) : -1;
}

static void test_mallinfo(void)
{
	struct mallinfo2 a, b, c;
	struct mallinfo old;
	void *big;
	int i;

	a = M(mallinfo2)();
	CHECK_EQ(a.uordblks + a.fordblks, a.arena);
	CHECK(a.keepcost <= a.fordblks);
	CHECK_EQ(a.smblks + a.usmblks + a.fsmblks, 0ul);
	for (i = 0; i < 4096; i++)
		REQUIRE((blocks[i] = M(malloc)(1000)));      /* kmalloc-1k */
	b = M(mallinfo2)();
	CHECK_EQ(b.uordblks + b.fordblks, b.arena);
	CHECK(b.uordblks >= a.uordblks + 4096ul * 1000);
	CHECK(b.arena >= a.arena + 4096ul * 1000);
	big = M(malloc)(16 * MIB);                        /* a mapping of its own */
	REQUIRE(big);
	c = M(mallinfo2)();
	CHECK_EQ(c.hblks, b.hblks + 1);
	CHECK(c.hblkhd >= b.hblkhd + 16 * MIB);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"   /* glibc's mallinfo */
	old = M(mallinfo)();
#pragma GCC diagnostic pop
	CHECK_EQ((size_t)old.hblks, c.hblks);
	CHECK_EQ((size_t)old.hblkhd, c.hblkhd);
	M(free)(big);
	for (i = 0; i < 4096; i++)
		M(free)(blocks[i]);
	c = M(mallinfo2)();
	CHECK_EQ(c.hblks, b.hblks - 0);
	CHECK(c.uordblks < b.uordblks);
}

static void test_trim(void)
{
	struct mallinfo2 mi;
	long before, after, fell;
	int i;

	for (i = 0; i < NR_SMALL; i++) {
		REQUIRE((blocks[i] = M(malloc)(200)));
		memset(blocks[i], 0x5a, 200);
	}
	/* every other block first: the slabs stay half full, then empty */
	for (i = 1; i < NR_SMALL; i += 2)
		M(free)(blocks[i]);
	for (i = 0; i < NR_SMALL; i += 2)
		M(free)(blocks[i]);
	mi = M(mallinfo2)();
	before = zm_rss();
	CHECK_EQ(M(malloc_trim)(0), 1);
	after = zm_rss();
	fell = before - after;
	printf("test_malloc_introspect: after freeing %d x 200 B: keepcost %zu KiB, "
	       "malloc_trim: RSS %ld -> %ld KiB\n", NR_SMALL, mi.keepcost >> 10,
	       before >> 10, after >> 10);
	/* most of what keepcost announced went back, and it was a lot */
	CHECK(fell >= (long)(mi.keepcost / 2));
	CHECK(fell >= (long)(4 * MIB));
	mi = M(mallinfo2)();
	CHECK(mi.keepcost < MIB);
	/* printf and zm_rss() allocated since (stdio buffers): trim once
	 * more, then there is nothing left to give back */
	M(malloc_trim)(0);
	CHECK_EQ(M(malloc_trim)(0), 0);
}

static void test_malloc_stats(void)
{
	static char buf[16384];

	stats_text(buf, sizeof(buf));
	CHECK(!strncmp(buf, "Slabcache Totals\n", 17));
	CHECK(strstr(buf, "\nPage allocator (pages of ") != NULL);
	CHECK(strstr(buf, "\nmalloc (libzslab-malloc.so)\nPeak RSS   : ") != NULL);
	CHECK(strstr(buf, "\nHeld       : ") != NULL);
	if (getenv("ZT_VERBOSE"))
		fputs(buf, stdout);
}

/* stats=exit: each block handed out is one call more; else not counted. */
static void test_counting(void)
{
	long before = requested_calls(), after;
	void *p[12];
	int i;

	if (!zs_config.stats_exit) {
		CHECK_EQ(before, -1);       /* "not counted (boot with stats=exit ...)" */
		return;
	}
	CHECK(zs_slab_hooks);           /* contract 4: the hooked path counts */
	CHECK(before >= 0);
	for (i = 0; i < 1000; i++)
		M(free)(M(malloc)(100));
	for (i = 0; i < 10; i++)
		REQUIRE((p[i] = M(malloc)(MIB)));          /* page blocks */
	REQUIRE((p[10] = M(malloc)(8 * MIB)));         /* a mapping */
	REQUIRE(M(posix_memalign)(&p[11], 4096, 100) == 0);
	after = requested_calls();
	CHECK_EQ(after - before, 1012);
	for (i = 0; i < 12; i++)
		M(free)(p[i]);
}

int main(void)
{
	zt_capture_reports();
	M(free)(M(malloc)(1));      /* boot, with ZSLAB_CMDLINE */
	test_mallinfo();
	test_trim();
	test_malloc_stats();
	test_counting();
	CHECK_EQ(zt_reports, 0ul);
	return zt_summary("test_malloc_introspect");
}
