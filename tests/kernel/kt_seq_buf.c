// SPDX-License-Identifier: MIT
/*
 * kt_seq_buf.c - a KUnit suite for <linux/seq_buf.h> (building text in a
 * fixed buffer: the overflow rule of each writer, in-place writes, hex
 * dumps, printing line by line) and for the 128-bit and checked masks of
 * <linux/bits.h>.  Built only from <linux/...> and <kunit/...> headers.
 */
#include <kunit/test.h>
#include <linux/bits.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/seq_buf.h>
#include <linux/string.h>

static void writers_and_overflow(struct kunit *test)
{
	char mem[8];
	struct seq_buf s;

	memset(mem, 'x', sizeof(mem));
	seq_buf_init(&s, mem, sizeof(mem));
	KUNIT_EXPECT_EQ(test, mem[0], '\0');
	KUNIT_EXPECT_EQ(test, seq_buf_printf(&s, "%d-%s", 42, "ab"), 0);
	KUNIT_EXPECT_STREQ(test, seq_buf_str(&s), "42-ab");
	/* printf needs room for its NUL: 5 + 3 + 1 > 8 */
	KUNIT_EXPECT_EQ(test, seq_buf_printf(&s, "%s", "cde"), -1);
	KUNIT_EXPECT_TRUE(test, seq_buf_has_overflowed(&s));
	KUNIT_EXPECT_EQ(test, seq_buf_buffer_left(&s), 0U);
	/* once overflowed, every writer refuses */
	KUNIT_EXPECT_EQ(test, seq_buf_putc(&s, 'z'), -1);
	KUNIT_EXPECT_EQ(test, seq_buf_puts(&s, ""), -1);
	KUNIT_EXPECT_EQ(test, seq_buf_used(&s), 8U);

	seq_buf_clear(&s);
	/* putmem may fill every byte; str() then gives up the last one */
	KUNIT_EXPECT_EQ(test, seq_buf_putmem(&s, "01234567", 8), 0);
	KUNIT_EXPECT_FALSE(test, seq_buf_has_overflowed(&s));
	KUNIT_EXPECT_STREQ(test, seq_buf_str(&s), "0123456");
	KUNIT_EXPECT_EQ(test, seq_buf_putmem(&s, "8", 1), -1);
}

static void in_place_and_hex(struct kunit *test)
{
	DECLARE_SEQ_BUF(s, 128);
	static const u8 bytes[] = { 0xde, 0xad, 0xbe, 0xef };
	u32 word = 0x11223344;
	char *p;
	size_t room;

	room = seq_buf_get_buf(&s, &p);
	KUNIT_ASSERT_EQ(test, room, (size_t)128);
	seq_buf_commit(&s, snprintf(p, room, "w="));
	/* a group is printed as the CPU reads it: the word's value on this host */
	KUNIT_EXPECT_EQ(test, seq_buf_putmem_hex(&s, &word, sizeof(word)), 0);
	KUNIT_EXPECT_STREQ(test, seq_buf_str(&s), "w=11223344 ");
#ifdef __BIG_ENDIAN
	KUNIT_FAIL(test, "__BIG_ENDIAN is defined on a little-endian host");
#endif

	seq_buf_clear(&s);
	KUNIT_EXPECT_EQ(test, seq_buf_hex_dump(&s, "> ", DUMP_PREFIX_OFFSET, 16, 1,
					       bytes, sizeof(bytes), true), 0);
	KUNIT_EXPECT_STREQ(test, seq_buf_str(&s), "> 00000000: de ad be ef                                      ....\n");
	seq_buf_do_printk(&s, KERN_INFO);

	seq_buf_set_overflow(&s);
	KUNIT_EXPECT_EQ(test, seq_buf_get_buf(&s, &p), (size_t)0);
	KUNIT_EXPECT_NULL(test, p);
}

static void masks(struct kunit *test)
{
	u128 m = GENMASK_U128(100, 60);
	unsigned int lo = 3, hi = 9;

	KUNIT_EXPECT_EQ(test, (u64)(m >> 60), GENMASK_ULL(40, 0));
	KUNIT_EXPECT_EQ(test, (u64)(GENMASK_U128(127, 0) >> 64), ~0ULL);
	KUNIT_EXPECT_EQ(test, GENMASK_INPUT_CHECK(hi, lo), 0);	/* not constants: unchecked */
	KUNIT_EXPECT_EQ(test, GENMASK(hi, lo), 0x3f8UL);
	KUNIT_EXPECT_EQ(test, GENMASK_U16(15, 8), (u16)0xff00);
}

static struct kunit_case seq_buf_cases[] = {
	KUNIT_CASE(writers_and_overflow),
	KUNIT_CASE(in_place_and_hex),
	KUNIT_CASE(masks),
	{}
};

static struct kunit_suite seq_buf_suite = {
	.name = "kt_seq_buf",
	.test_cases = seq_buf_cases,
};
kunit_test_suite(seq_buf_suite);

MODULE_LICENSE("MIT");
