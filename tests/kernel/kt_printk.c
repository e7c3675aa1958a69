// SPDX-License-Identifier: MIT
/*
 * kt_printk.c - the kernel's vsprintf: its %p extensions and its printf
 * family, and printk's levels and continuation lines (captured through
 * the console hook of <zslab-kernel.h>).
 */
#include <kunit/test.h>
#include <linux/bitmap.h>
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/printk.h>
#include <linux/ratelimit.h>
#include <linux/slab.h>
#include <linux/sprintf.h>
#include <zslab-kernel.h>

#define EXPECT_FMT(test, want, fmt, ...) do { \
	char __buf[256]; \
	int __n = snprintf(__buf, sizeof(__buf), fmt, ##__VA_ARGS__); \
	KUNIT_EXPECT_STREQ(test, __buf, want); \
	KUNIT_EXPECT_EQ(test, __n, (int)strlen(want)); \
} while (0)

/* A global function, so the dynamic symbol table names it. */
void kt_printk_marker(void);
void kt_printk_marker(void)
{
}

/* A burst of 2; switched off and on again, the state begins anew. */
static void ratelimit_switched_off(struct kunit *test)
{
	static DEFINE_RATELIMIT_STATE(rl, 60 * HZ, 2);
	int i;

	KUNIT_EXPECT_TRUE(test, __ratelimit(&rl));
	KUNIT_EXPECT_TRUE(test, __ratelimit(&rl));
	KUNIT_EXPECT_FALSE(test, __ratelimit(&rl));
	rl.burst = 0;                     /* none through */
	KUNIT_EXPECT_FALSE(test, __ratelimit(&rl));
	rl.burst = 2;
	rl.interval = 0;                  /* every one through */
	for (i = 0; i < 5; i++)
		KUNIT_EXPECT_TRUE(test, __ratelimit(&rl));
	rl.interval = 60 * HZ;            /* on again: a fresh burst */
	KUNIT_EXPECT_TRUE(test, __ratelimit(&rl));
	KUNIT_EXPECT_TRUE(test, __ratelimit(&rl));
	KUNIT_EXPECT_FALSE(test, __ratelimit(&rl));
}

static void plain_conversions(struct kunit *test)
{
	const char *volatile nothing = NULL;

	EXPECT_FMT(test, "42 -7 ff 0x1f 3.5", "%d %ld %x %#x %.1f", 42, -7L, 255, 31, 3.5);
	EXPECT_FMT(test, "[  ab] [cd  ]", "[%4s] [%-4s]", "ab", "cd");
	EXPECT_FMT(test, "18446744073709551615 1", "%llu %zu", ~0ULL, (size_t)1);
	EXPECT_FMT(test, "(null)", "%s", nothing);
	EXPECT_FMT(test, "100%", "%d%%", 100);
}

static void pointer_extensions(struct kunit *test)
{
	phys_addr_t pa = 0x100033c00ULL;
	u8 bytes[] = { 0xde, 0xad, 0xbe, 0xef };
	u8 mac[] = { 0, 0x11, 0x22, 0x33, 0x44, 0x55 };
	u8 ip[] = { 192, 168, 0, 1 };
	u8 uuid[16] = { 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
			0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f };
	DECLARE_BITMAP(map, 40) = { 0 };
	char buf[128];

	EXPECT_FMT(test, "0x0000000100033c00", "%pa", &pa);
	EXPECT_FMT(test, "00000000deadbeef", "%px", (void *)0xdeadbeefUL);
	EXPECT_FMT(test, "00000000deadbeef.", "%p.", (void *)0xdeadbeefUL);
	EXPECT_FMT(test, "-ENOMEM", "%pe", ERR_PTR(-ENOMEM));
	EXPECT_FMT(test, "-EPROBE_DEFER", "%pe", ERR_PTR(-EPROBE_DEFER));
	EXPECT_FMT(test, "de ad be ef", "%*ph", 4, bytes);
	EXPECT_FMT(test, "de:ad:be:ef", "%*phC", 4, bytes);
	EXPECT_FMT(test, "deadbeef", "%*phN", 4, bytes);
	EXPECT_FMT(test, "00:11:22:33:44:55", "%pM", mac);
	EXPECT_FMT(test, "001122334455", "%pm", mac);
	EXPECT_FMT(test, "192.168.0.1", "%pI4", ip);
	EXPECT_FMT(test, "00010203-0405-0607-0809-0a0b0c0d0e0f", "%pUb", uuid);
	EXPECT_FMT(test, "a\\nb\\001", "%pE", "a\nb\001");
	EXPECT_FMT(test, "(null)", "%*ph", 4, NULL);
	bitmap_set(map, 0, 4);
	bitmap_set(map, 36, 2);
	EXPECT_FMT(test, "30,0000000f", "%*pb", 40, map);
	EXPECT_FMT(test, "0-3,36-37", "%*pbl", 40, map);
	snprintf(buf, sizeof(buf), "%pS", kt_printk_marker);
	KUNIT_EXPECT_TRUE_MSG(test, str_has_prefix(buf, "kt_printk_marker+0x0/0x"), "got %s", buf);
	snprintf(buf, sizeof(buf), "%ps", kt_printk_marker);
	KUNIT_EXPECT_STREQ(test, buf, "kt_printk_marker");
}

static int vformat(char *buf, size_t n, const char *fmt, ...)
{
	struct va_format vaf;
	va_list ap;
	int r;

	va_start(ap, fmt);
	vaf.fmt = fmt;
	vaf.va = &ap;
	r = snprintf(buf, n, "<%pV>", &vaf);
	va_end(ap);
	return r;
}

static void printf_family(struct kunit *test)
{
	char buf[8], big[64];
	char *s;

	KUNIT_EXPECT_EQ(test, snprintf(buf, sizeof(buf), "%s", "0123456789"), 10);
	KUNIT_EXPECT_STREQ(test, buf, "0123456");
	KUNIT_EXPECT_EQ(test, scnprintf(buf, sizeof(buf), "%s", "0123456789"), 7);
	KUNIT_EXPECT_EQ(test, scnprintf(buf, 0, "%s", "x"), 0);
	KUNIT_EXPECT_EQ(test, vformat(big, sizeof(big), "%d-%s", 7, "x"), 5);
	KUNIT_EXPECT_STREQ(test, big, "<7-x>");
	s = kasprintf(GFP_KERNEL, "%s:%d", "kasprintf", 1);
	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_EXPECT_STREQ(test, s, "kasprintf:1");
	kfree(s);
}

static char console[1024];
static size_t console_len;
static int console_levels[16], nr_levels;

static void capture(const char *text, size_t len, int level, void *arg)
{
	(void)arg;
	if (console_len + len < sizeof(console)) {
		memcpy(console + console_len, text, len);
		console_len += len;
		console[console_len] = 0;
	}
	if (nr_levels < 16)
		console_levels[nr_levels++] = level;
}

static void printk_levels_and_lines(struct kunit *test)
{
	console_len = 0;
	nr_levels = 0;
	zsk_set_console(capture, NULL);
	pr_info("first");
	pr_cont(" continued\n");
	pr_err("second without newline");
	printk(KERN_WARNING "third %d\n", 3);
	print_hex_dump(KERN_INFO, "hd: ", DUMP_PREFIX_OFFSET, 16, 1, "ABCDEFGHIJKLMNOPQ", 17, true);
	pr_debug("not printed without DEBUG\n");
	zsk_set_console(NULL, NULL);
	KUNIT_EXPECT_STREQ(test, console,
			   "first continued\n"
			   "second without newline\n"
			   "third 3\n"
			   "hd: 00000000: 41 42 43 44 45 46 47 48 49 4a 4b 4c 4d 4e 4f 50  ABCDEFGHIJKLMNOP\n"
			   "hd: 00000010: 51                                               Q\n");
	KUNIT_EXPECT_EQ(test, console_levels[0], LOGLEVEL_INFO);
	KUNIT_EXPECT_EQ(test, console_levels[1], -1);
	KUNIT_EXPECT_EQ(test, console_levels[2], LOGLEVEL_ERR);
}

/* hex_dump_to_buffer() returns the whole line's length, as snprintf():
 * what fits is written and terminated, nothing past the buffer. */
static void hex_dump_truncation(struct kunit *test)
{
	static const u8 data[8] = { 0xbe, 0x32, 0xdb, 0x7b, 'a', 'b', 0x0a, 'c' };
	char buf[80], small[8];
	int full;

	full = hex_dump_to_buffer(data, 8, 16, 1, buf, sizeof(buf), true);
	KUNIT_EXPECT_EQ(test, full, 16 * 2 + 16 + 1 + 8);
	KUNIT_EXPECT_EQ(test, (int)strlen(buf), full);
	KUNIT_EXPECT_STREQ(test, buf + full - 8, ".2.{ab.c");
	KUNIT_EXPECT_EQ(test, hex_dump_to_buffer(data, 8, 16, 4, buf, sizeof(buf), false),
			8 * 2 + 1);
	KUNIT_EXPECT_STREQ(test, buf, "7bdb32be 630a6261");    /* host order: little-endian */
	memset(small, '#', sizeof(small));
	KUNIT_EXPECT_EQ(test, hex_dump_to_buffer(data, 8, 16, 1, small, 5, true), full);
	KUNIT_EXPECT_STREQ(test, small, "be 3");
	KUNIT_EXPECT_EQ(test, small[5], '#');
	memset(small, '#', sizeof(small));
	KUNIT_EXPECT_EQ(test, hex_dump_to_buffer(data, 8, 16, 2, small, 0, false), 4 * 5 - 1);
	KUNIT_EXPECT_EQ(test, small[0], '#');
	KUNIT_EXPECT_EQ(test, hex_dump_to_buffer(data, 0, 16, 1, buf, sizeof(buf), true), 0);
	KUNIT_EXPECT_STREQ(test, buf, "");
}

static struct kunit_case printk_cases[] = {
	KUNIT_CASE(ratelimit_switched_off),
	KUNIT_CASE(plain_conversions),
	KUNIT_CASE(pointer_extensions),
	KUNIT_CASE(printf_family),
	KUNIT_CASE(hex_dump_truncation),
	KUNIT_CASE(printk_levels_and_lines),
	{}
};

static struct kunit_suite printk_suite = {
	.name = "zslab_kernel_printk",
	.test_cases = printk_cases,
};
kunit_test_suite(printk_suite);

MODULE_LICENSE("GPL");
