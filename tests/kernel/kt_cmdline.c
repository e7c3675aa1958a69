// SPDX-License-Identifier: MIT
/*
 * kt_cmdline.c - a KUnit suite for the kernel's option-string helpers
 * (get_option, get_options, memparse, parse_option_str, next_arg) and for
 * printing a phys_addr_t (%pa, and %llx without a cast, as kernel code
 * does), glob_match() as option values use it, and UUID text (parsing,
 * checking, printing with %pUb/%pUl, random version 4).  Built only from
 * <linux/...> and <kunit/...> headers.
 */
#include <kunit/test.h>
#include <linux/glob.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/string.h>
#include <linux/types.h>
#include <linux/uuid.h>

static void one_option(struct kunit *test)
{
	char buf[] = "12,-5-x";
	char *s = buf;
	int v = 0;

	KUNIT_EXPECT_EQ(test, get_option(&s, &v), 2);
	KUNIT_EXPECT_EQ(test, v, 12);
	KUNIT_EXPECT_PTR_EQ(test, s, buf + 3);
	KUNIT_EXPECT_EQ(test, get_option(&s, &v), 3);	/* "-5" then a hyphen */
	KUNIT_EXPECT_EQ(test, v, -5);
	KUNIT_EXPECT_PTR_EQ(test, s, buf + 5);
	s++;
	KUNIT_EXPECT_EQ(test, get_option(&s, &v), 0);	/* "x" is no integer */
	KUNIT_EXPECT_PTR_EQ(test, s, buf + 6);
	s = buf + sizeof(buf) - 1;
	KUNIT_EXPECT_EQ(test, get_option(&s, &v), 0);	/* end of string */
	s = (char *)" 7";
	KUNIT_EXPECT_EQ(test, get_option(&s, NULL), 0);	/* no white space skipped */
	s = (char *)"0x10";
	KUNIT_EXPECT_EQ(test, get_option(&s, &v), 1);
	KUNIT_EXPECT_EQ(test, v, 16);
}

static void option_lists(struct kunit *test)
{
	int ints[8] = { 0 };
	char *rest;

	rest = get_options("1,3-6,9 tail", ARRAY_SIZE(ints), ints);
	KUNIT_EXPECT_EQ(test, ints[0], 6);
	KUNIT_EXPECT_EQ(test, ints[1], 1);
	KUNIT_EXPECT_EQ(test, ints[2], 3);
	KUNIT_EXPECT_EQ(test, ints[5], 6);
	KUNIT_EXPECT_EQ(test, ints[6], 9);
	KUNIT_EXPECT_STREQ(test, rest, " tail");

	/* no room: stops at the array's end */
	memset(ints, 0, sizeof(ints));
	get_options("1,2,3,4,5", 3, ints);
	KUNIT_EXPECT_EQ(test, ints[0], 2);
	KUNIT_EXPECT_EQ(test, ints[2], 2);
	KUNIT_EXPECT_EQ(test, ints[3], 0);

	/* nints 0 counts, writing only ints[0] */
	memset(ints, 0, sizeof(ints));
	get_options("4-7,2", 0, ints);
	KUNIT_EXPECT_EQ(test, ints[0], 5);
	KUNIT_EXPECT_EQ(test, ints[1], 0);

	/* a reversed range ends the list */
	memset(ints, 0, sizeof(ints));
	get_options("5-2,8", ARRAY_SIZE(ints), ints);
	KUNIT_EXPECT_EQ(test, ints[0], 0);
}

static void sizes_and_flags(struct kunit *test)
{
	char *end;
	char args[] = "a=1 b=\"x y\" \"c=2 3\" d  ";
	char *p = args, *param, *val;

	KUNIT_EXPECT_EQ(test, memparse("4k", &end), 4096ULL);
	KUNIT_EXPECT_EQ(test, *end, '\0');
	KUNIT_EXPECT_EQ(test, memparse("3M,", &end), 3ULL << 20);
	KUNIT_EXPECT_EQ(test, *end, ',');
	KUNIT_EXPECT_EQ(test, memparse("2G", NULL), 2ULL << 30);
	KUNIT_EXPECT_EQ(test, memparse("1e", NULL), 1ULL << 60);
	KUNIT_EXPECT_EQ(test, memparse("0x100x", &end), 0x100ULL);
	KUNIT_EXPECT_EQ(test, *end, 'x');

	KUNIT_EXPECT_TRUE(test, parse_option_str("on,force,nosmt", "force"));
	KUNIT_EXPECT_TRUE(test, parse_option_str("nosmt", "nosmt"));
	KUNIT_EXPECT_FALSE(test, parse_option_str("forced,x", "force"));
	KUNIT_EXPECT_FALSE(test, parse_option_str("", "x"));

	p = next_arg(p, &param, &val);
	KUNIT_EXPECT_STREQ(test, param, "a");
	KUNIT_EXPECT_STREQ(test, val, "1");
	p = next_arg(p, &param, &val);
	KUNIT_EXPECT_STREQ(test, param, "b");
	KUNIT_EXPECT_STREQ(test, val, "x y");
	p = next_arg(p, &param, &val);
	KUNIT_EXPECT_STREQ(test, param, "c");
	KUNIT_EXPECT_STREQ(test, val, "2 3");
	p = next_arg(p, &param, &val);
	KUNIT_EXPECT_STREQ(test, param, "d");
	KUNIT_EXPECT_NULL(test, val);
	KUNIT_EXPECT_STREQ(test, p, "");
}

static void phys_addr_printing(struct kunit *test)
{
	phys_addr_t pa = 0x123456789abULL;
	dma_addr_t da = 0xfeedULL;
	char buf[64];

	KUNIT_EXPECT_EQ(test, sizeof(phys_addr_t), (size_t)8);
	snprintf(buf, sizeof(buf), "%llx", pa);
	KUNIT_EXPECT_STREQ(test, buf, "123456789ab");
	snprintf(buf, sizeof(buf), "%pa", &pa);
	KUNIT_EXPECT_STREQ(test, buf, "0x00000123456789ab");
	snprintf(buf, sizeof(buf), "%pad", &da);
	KUNIT_EXPECT_STREQ(test, buf, "0x000000000000feed");
}

static void glob_patterns(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, glob_match("kmalloc-*", "kmalloc-64"));
	KUNIT_EXPECT_FALSE(test, glob_match("kmalloc-*", "dma-kmalloc-64"));
	KUNIT_EXPECT_TRUE(test, glob_match("*-[0-9][0-9]", "dma-kmalloc-64"));
	KUNIT_EXPECT_TRUE(test, glob_match("a\\*b", "a*b"));	/* an escaped star */
	KUNIT_EXPECT_FALSE(test, glob_match("a\\*b", "axb"));
	KUNIT_EXPECT_TRUE(test, glob_match("x[y", "x[y"));	/* an unclosed set is literal */
	KUNIT_EXPECT_TRUE(test, glob_match("[]-]", "-"));
	KUNIT_EXPECT_TRUE(test, glob_match("[!]-]", "a"));
	KUNIT_EXPECT_FALSE(test, glob_match("?", ""));
	KUNIT_EXPECT_TRUE(test, glob_match("**", ""));
	KUNIT_EXPECT_TRUE(test, glob_match("*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaab"));
	KUNIT_EXPECT_FALSE(test, glob_match("*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaa"));
}

static void uuid_text(struct kunit *test)
{
	const char *text = "00112233-4455-6677-8899-aabbccddeeff";
	uuid_t u, r;
	guid_t g;
	char buf[UUID_STRING_LEN + 1];

	KUNIT_ASSERT_EQ(test, uuid_parse(text, &u), 0);
	KUNIT_EXPECT_TRUE(test, uuid_equal(&u, &UUID_INIT(0x00112233, 0x4455, 0x6677, 0x88, 0x99,
							    0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff)));
	KUNIT_EXPECT_EQ(test, u.b[0], 0x00);
	KUNIT_EXPECT_EQ(test, u.b[3], 0x33);
	KUNIT_ASSERT_EQ(test, guid_parse(text, &g), 0);
	KUNIT_EXPECT_EQ(test, g.b[0], 0x33);	/* the first field reversed */
	KUNIT_EXPECT_EQ(test, g.b[4], 0x55);
	KUNIT_EXPECT_EQ(test, g.b[8], 0x88);	/* the last eight bytes as written */
	snprintf(buf, sizeof(buf), "%pUb", &u);
	KUNIT_EXPECT_STREQ(test, buf, text);
	snprintf(buf, sizeof(buf), "%pUl", &g);
	KUNIT_EXPECT_STREQ(test, buf, text);

	KUNIT_EXPECT_TRUE(test, uuid_is_valid("AABBCCDD-0000-1111-2222-333344445555"));
	KUNIT_EXPECT_FALSE(test, uuid_is_valid("aabbccdd-0000-1111-2222-33334444555"));
	KUNIT_EXPECT_FALSE(test, uuid_is_valid("aabbccdd+0000-1111-2222-333344445555"));
	KUNIT_EXPECT_EQ(test, uuid_parse("g0112233-4455-6677-8899-aabbccddeeff", &r), -EINVAL);

	KUNIT_EXPECT_TRUE(test, uuid_is_null(&uuid_null));
	uuid_gen(&r);
	KUNIT_EXPECT_FALSE(test, uuid_is_null(&r));
	KUNIT_EXPECT_EQ(test, r.b[6] >> 4, 4);		/* version 4 */
	KUNIT_EXPECT_EQ(test, r.b[8] >> 6, 2);		/* RFC 4122 variant */
	guid_gen(&g);
	KUNIT_EXPECT_EQ(test, g.b[7] >> 4, 4);
	KUNIT_EXPECT_EQ(test, g.b[8] >> 6, 2);
}

static struct kunit_case cmdline_cases[] = {
	KUNIT_CASE(uuid_text),
	KUNIT_CASE(glob_patterns),
	KUNIT_CASE(one_option),
	KUNIT_CASE(option_lists),
	KUNIT_CASE(sizes_and_flags),
	KUNIT_CASE(phys_addr_printing),
	{}
};

static struct kunit_suite cmdline_suite = {
	.name = "kt_cmdline",
	.test_cases = cmdline_cases,
};
kunit_test_suite(cmdline_suite);

MODULE_LICENSE("MIT");
