// SPDX-License-Identifier: MIT
/*
 * kt_lib.c - a KUnit suite for the kernel library headers of zslab-kernel:
 * lists and hlists, bit operations and bitmaps, overflow, min/max, log2,
 * kstrto*, sorting, hashing, err pointers, string helpers.  Built only
 * from <linux/...> and <kunit/...> headers, as kernel code is.
 */
#include <kunit/device.h>
#include <kunit/test.h>
#include <linux/bitmap.h>
#include <linux/bitfield.h>
#include <linux/bitops.h>
#include <linux/device.h>
#include <linux/err.h>
#include <linux/hash.h>
#include <linux/hashtable.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/list_sort.h>
#include <linux/log2.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/module.h>
#include <linux/overflow.h>
#include <linux/siphash.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <linux/stringhash.h>
#include <linux/thread_info.h>
#include <linux/util_macros.h>
#include <linux/timex.h>

struct item {
	int key;
	int seq;
	struct list_head node;
	struct hlist_node hnode;
};

static void list_basics(struct kunit *test)
{
	struct item a = { .key = 1 }, b = { .key = 2 }, c = { .key = 3 }, *pos, *n;
	LIST_HEAD(head);
	LIST_HEAD(other);
	int sum = 0;

	KUNIT_EXPECT_TRUE(test, list_empty(&head));
	list_add_tail(&a.node, &head);
	list_add_tail(&b.node, &head);
	list_add(&c.node, &head);                 /* c a b */
	KUNIT_EXPECT_PTR_EQ(test, list_first_entry(&head, struct item, node), &c);
	KUNIT_EXPECT_PTR_EQ(test, list_last_entry(&head, struct item, node), &b);
	KUNIT_EXPECT_EQ(test, list_count_nodes(&head), 3);
	list_for_each_entry(pos, &head, node)
		sum = sum * 10 + pos->key;
	KUNIT_EXPECT_EQ(test, sum, 312);
	list_move_tail(&c.node, &head);           /* a b c */
	KUNIT_EXPECT_TRUE(test, list_is_last(&c.node, &head));
	list_cut_position(&other, &head, &a.node); /* other: a; head: b c */
	KUNIT_EXPECT_TRUE(test, list_is_singular(&other));
	list_splice_tail_init(&other, &head);     /* b c a */
	KUNIT_EXPECT_TRUE(test, list_empty(&other));
	KUNIT_EXPECT_PTR_EQ(test, list_last_entry(&head, struct item, node), &a);
	list_for_each_entry_safe(pos, n, &head, node)
		list_del(&pos->node);
	KUNIT_EXPECT_TRUE(test, list_empty(&head));
	KUNIT_EXPECT_PTR_EQ(test, a.node.next, LIST_POISON1);
	KUNIT_EXPECT_PTR_EQ(test, a.node.prev, LIST_POISON2);
	KUNIT_EXPECT_NULL(test, list_first_entry_or_null(&head, struct item, node));
}

static int cmp_key(void *priv, const struct list_head *x, const struct list_head *y)
{
	(void)priv;
	return list_entry(x, struct item, node)->key - list_entry(y, struct item, node)->key;
}

/* list_sort() is a stable merge sort. */
static void list_sort_stable(struct kunit *test)
{
	struct item *items = kunit_kcalloc(test, 100, sizeof(*items), GFP_KERNEL);
	struct item *pos, *prev = NULL;
	LIST_HEAD(head);

	KUNIT_ASSERT_NOT_NULL(test, items);
	for (int i = 0; i < 100; i++) {
		items[i].key = (i * 37) % 10;
		items[i].seq = i;
		list_add_tail(&items[i].node, &head);
	}
	list_sort(NULL, &head, cmp_key);
	KUNIT_EXPECT_EQ(test, list_count_nodes(&head), 100);
	list_for_each_entry(pos, &head, node) {
		if (prev) {
			KUNIT_EXPECT_LE(test, prev->key, pos->key);
			if (prev->key == pos->key)
				KUNIT_EXPECT_LT(test, prev->seq, pos->seq);
		}
		KUNIT_EXPECT_PTR_EQ(test, pos->node.prev, prev ? &prev->node : &head);
		prev = pos;
	}
}

static int cmp_int(const void *x, const void *y)
{
	return *(const int *)x - *(const int *)y;
}

static void sort_heapsort(struct kunit *test)
{
	int v[257];

	for (int i = 0; i < 257; i++)
		v[i] = (i * 7919) % 257;
	sort(v, ARRAY_SIZE(v), sizeof(v[0]), cmp_int, NULL);
	for (int i = 0; i < 257; i++)
		KUNIT_EXPECT_EQ(test, v[i], i);
}

static void hlist_and_hashtable(struct kunit *test)
{
	DEFINE_HASHTABLE(table, 4);
	struct item it[8], *pos;
	int found = 0, bkt;

	for (int i = 0; i < 8; i++) {
		it[i].key = i * 16;   /* all share the low bits */
		hash_add(table, &it[i].hnode, it[i].key);
	}
	hash_for_each_possible(table, pos, hnode, 48)
		found += pos->key == 48;
	KUNIT_EXPECT_EQ(test, found, 1);
	hash_del(&it[3].hnode);
	found = 0;
	hash_for_each(table, bkt, pos, hnode)
		found++;
	KUNIT_EXPECT_EQ(test, found, 7);
	KUNIT_EXPECT_EQ(test, hash_32(1, 32), GOLDEN_RATIO_32);
	KUNIT_EXPECT_LT(test, hash_64(0x1234567890abcdefULL, 10), 1024u);
}

static void bits_and_bitmaps(struct kunit *test)
{
	DECLARE_BITMAP(map, 130);
	unsigned long bit, n = 0;
	char buf[64];

	bitmap_zero(map, 130);
	bitmap_set(map, 3, 5);                    /* 3..7 */
	set_bit(64, map);
	__set_bit(129, map);
	KUNIT_EXPECT_EQ(test, bitmap_weight(map, 130), 7);
	KUNIT_EXPECT_TRUE(test, test_bit(64, map));
	KUNIT_EXPECT_TRUE(test, test_and_clear_bit(64, map));
	KUNIT_EXPECT_FALSE(test, test_bit(64, map));
	KUNIT_EXPECT_EQ(test, find_first_bit(map, 130), 3);
	KUNIT_EXPECT_EQ(test, find_next_zero_bit(map, 130, 3), 8);
	KUNIT_EXPECT_EQ(test, find_last_bit(map, 130), 129);
	for_each_set_bit(bit, map, 130)
		n++;
	KUNIT_EXPECT_EQ(test, n, 6);
	scnprintf(buf, sizeof(buf), "%*pbl", 130, map);
	KUNIT_EXPECT_STREQ(test, buf, "3-7,129");
	KUNIT_EXPECT_EQ(test, __ffs(0x50UL), 4);
	KUNIT_EXPECT_EQ(test, fls(0x50), 7);
	KUNIT_EXPECT_EQ(test, ffs(0), 0);
	KUNIT_EXPECT_EQ(test, hweight32(0xf0f0), 8);
	KUNIT_EXPECT_EQ(test, GENMASK(7, 4), 0xf0UL);
	KUNIT_EXPECT_EQ(test, GENMASK_ULL(63, 62), 0xc000000000000000ULL);
	KUNIT_EXPECT_EQ(test, BIT(5), 32UL);
	KUNIT_EXPECT_EQ(test, sign_extend32(0x80, 7), -128);
	KUNIT_EXPECT_EQ(test, rol32(0x80000001, 1), 3u);
	KUNIT_EXPECT_EQ(test, bitmap_find_next_zero_area(map, 130, 0, 4, 3), 8);
}

static void arithmetic(struct kunit *test)
{
	size_t s;
	int i;
	static const int arr[max(3, 4)] = { 0 };   /* a constant expression */

	KUNIT_EXPECT_EQ(test, ARRAY_SIZE(arr), 4);
	KUNIT_EXPECT_TRUE(test, check_add_overflow(INT_MAX, 1, &i));
	KUNIT_EXPECT_FALSE(test, check_mul_overflow(3, 4, &i));
	KUNIT_EXPECT_EQ(test, i, 12);
	KUNIT_EXPECT_EQ(test, size_mul(SIZE_MAX / 2, 3), SIZE_MAX);
	KUNIT_EXPECT_EQ(test, array_size(10, 12), 120);
	s = struct_size((struct { int n; long v[]; } *)NULL, v, 4);
	KUNIT_EXPECT_EQ(test, s, 8 + 4 * sizeof(long));
	KUNIT_EXPECT_EQ(test, min(3, 7), 3);
	KUNIT_EXPECT_EQ(test, max_t(u8, 300, 5), 44);   /* 300 as u8 */
	KUNIT_EXPECT_EQ(test, clamp(15, 0, 10), 10);
	KUNIT_EXPECT_EQ(test, min_not_zero(0, 4), 4);
	KUNIT_EXPECT_EQ(test, ilog2(4096), 12);
	KUNIT_EXPECT_EQ(test, roundup_pow_of_two(33), 64);
	KUNIT_EXPECT_EQ(test, rounddown_pow_of_two(33), 32);
	KUNIT_EXPECT_EQ(test, order_base_2(5), 3);
	KUNIT_EXPECT_TRUE(test, is_power_of_2(64));
	KUNIT_EXPECT_FALSE(test, is_power_of_2(0));
	KUNIT_EXPECT_EQ(test, DIV_ROUND_UP(7, 2), 4);
	KUNIT_EXPECT_EQ(test, round_up(13, 8), 16);
	KUNIT_EXPECT_EQ(test, ALIGN(0x1001, 0x1000), 0x2000);
	KUNIT_EXPECT_TRUE(test, IS_ALIGNED(0x3000, 0x1000));
	KUNIT_EXPECT_EQ(test, abs(-5), 5);
	KUNIT_EXPECT_EQ(test, int_sqrt(1000000), 1000);
	KUNIT_EXPECT_EQ(test, upper_32_bits(0x1234567800000000ULL), 0x12345678u);
}

static void strings_and_numbers(struct kunit *test)
{
	char buf[8], line[] = "  word \n";
	unsigned int u;
	long l;
	bool b;

	KUNIT_EXPECT_EQ(test, strscpy(buf, "0123456789"), -E2BIG);
	KUNIT_EXPECT_STREQ(test, buf, "0123456");
	KUNIT_EXPECT_EQ(test, strscpy(buf, "abc", sizeof(buf)), 3);
	KUNIT_EXPECT_STREQ(test, strim(line), "word");
	KUNIT_EXPECT_TRUE(test, sysfs_streq("on\n", "on"));
	KUNIT_EXPECT_EQ(test, str_has_prefix("slab_errors", "slab_"), 5);
	KUNIT_EXPECT_EQ(test, kstrtouint("0x10\n", 0, &u), 0);
	KUNIT_EXPECT_EQ(test, u, 16);
	KUNIT_EXPECT_EQ(test, kstrtouint("12x", 10, &u), -EINVAL);
	KUNIT_EXPECT_EQ(test, kstrtouint("4294967296", 10, &u), -ERANGE);
	KUNIT_EXPECT_EQ(test, kstrtol("-42", 10, &l), 0);
	KUNIT_EXPECT_EQ(test, l, -42);
	KUNIT_EXPECT_EQ(test, kstrtobool("off", &b), 0);
	KUNIT_EXPECT_FALSE(test, b);
	KUNIT_EXPECT_PTR_EQ(test, memchr_inv("aaab", 'a', 4), (void *)((char *)"aaab" + 3));
	KUNIT_EXPECT_EQ(test, hex_to_bin('F'), 15);
	KUNIT_EXPECT_TRUE(test, IS_ERR(ERR_PTR(-ENOMEM)));
	KUNIT_EXPECT_EQ(test, PTR_ERR(ERR_PTR(-ENOMEM)), -ENOMEM);
	KUNIT_EXPECT_TRUE(test, IS_ERR_OR_NULL(NULL));
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(buf), 0);
}

/* <linux/math64.h>, do_div(), get_cycles() and the stack constants. */
static void division_and_cycles(struct kunit *test)
{
	u64 n = 1000000000123ULL;
	u32 rem = 0;
	cycles_t c0 = get_cycles(), c1;

	KUNIT_EXPECT_EQ(test, do_div(n, 1000u), 123u);
	KUNIT_EXPECT_EQ(test, n, 1000000000ULL);
	KUNIT_EXPECT_EQ(test, div_u64_rem(10007, 10, &rem), 1000ULL);
	KUNIT_EXPECT_EQ(test, rem, 7u);
	KUNIT_EXPECT_EQ(test, div_s64(-21, 4), -5LL);
	KUNIT_EXPECT_EQ(test, div64_u64(~0ULL, 1ULL << 32), 0xffffffffULL);
	KUNIT_EXPECT_EQ(test, mul_u64_u32_div(1ULL << 62, 8, 16), 1ULL << 61);
	KUNIT_EXPECT_EQ(test, DIV64_U64_ROUND_UP(10ULL, 4ULL), 3ULL);
	c1 = get_cycles();
	KUNIT_EXPECT_GE(test, c1, c0);
	KUNIT_EXPECT_EQ(test, THREAD_SIZE, 4 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, THREAD_ALIGN, THREAD_SIZE);
}

struct flexy {
	int n;
	short item[] __counted_by(n);
};

/* overflow.h's type tests, shifts, wrapping forms and DEFINE_FLEX(). */
static void overflow_helpers(struct kunit *test)
{
	volatile int minus = -1;
	u8 small = 250;
	u32 r32;
	s16 r16;

	KUNIT_EXPECT_TRUE(test, overflows_type(256, u8));
	KUNIT_EXPECT_FALSE(test, overflows_type(255, small));
	KUNIT_EXPECT_TRUE(test, overflows_type(minus, u32));       /* at run time */
	KUNIT_EXPECT_TRUE(test, castable_to_type(127, s8));
	KUNIT_EXPECT_FALSE(test, castable_to_type(128, s8));
	KUNIT_EXPECT_FALSE(test, castable_to_type(minus, u8));      /* another type */
	KUNIT_EXPECT_EQ(test, type_max(small), (u8)255);
	KUNIT_EXPECT_EQ(test, type_min(r16), (s16)-32768);
	KUNIT_EXPECT_EQ(test, wrapping_assign_add(small, 10), (u8)4);
	KUNIT_EXPECT_EQ(test, wrapping_assign_sub(small, 5), (u8)255);
	KUNIT_EXPECT_FALSE(test, check_shl_overflow(3u, 30, &r32));
	KUNIT_EXPECT_EQ(test, r32, 3u << 30);
	KUNIT_EXPECT_TRUE(test, check_shl_overflow(3u, 31, &r32));  /* a bit lost */
	KUNIT_EXPECT_TRUE(test, check_shl_overflow(1, 15, &r16));   /* the sign bit */
	KUNIT_EXPECT_TRUE(test, check_shl_overflow(minus, 1, &r16)); /* negative */
	KUNIT_EXPECT_TRUE(test, check_shl_overflow(1u, 32, &r32));  /* too far */
	/* a count known only at run time saturates; a constant one is exact */
	volatile size_t many = SIZE_MAX / 2;
	KUNIT_EXPECT_EQ(test, struct_size_t(struct flexy, item, many), SIZE_MAX);
	KUNIT_EXPECT_EQ(test, struct_size_t(struct flexy, item, 3), sizeof(int) + 3 * sizeof(short));

	DEFINE_FLEX(struct flexy, f, item, n, 6);
	KUNIT_EXPECT_EQ(test, f->n, 6);
	KUNIT_EXPECT_EQ(test, __struct_size(f), sizeof(*f) + 6 * sizeof(short));
	KUNIT_EXPECT_EQ(test, f->item[5], 0);
}

/* The typed allocators: the pointer's type, a saturating count, GFP_KERNEL by default. */
static void typed_allocators(struct kunit *test)
{
	struct flexy *f = kzalloc_flex(*f, item, 5);
	volatile size_t huge = SIZE_MAX / 2;
	long *one = kmalloc_obj(long);
	int *many = kzalloc_objs(int, 100, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, one);
	KUNIT_ASSERT_NOT_NULL(test, many);
	KUNIT_ASSERT_NOT_NULL(test, f);
	KUNIT_EXPECT_GE(test, ksize(one), sizeof(long));
	KUNIT_EXPECT_GE(test, ksize(many), 100 * sizeof(int));
	KUNIT_EXPECT_EQ(test, many[99], 0);
	KUNIT_EXPECT_GE(test, ksize(f), sizeof(*f) + 5 * sizeof(short));
	KUNIT_EXPECT_EQ(test, f->item[4], 0);
	KUNIT_EXPECT_NULL(test, kmalloc_objs(u64, huge, GFP_KERNEL | __GFP_NOWARN));
	kfree(f);
	kfree(many);
	kfree(one);
}

/* kunit_device_register(): a device whose devm_ memory goes with the case. */
static void kunit_devices(struct kunit *test)
{
	struct device *dev = kunit_device_register(test, "kt-lib-dev");
	struct device_driver *drv = kunit_driver_create(test, "kt-lib-drv");
	struct device *bound;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dev);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, drv);
	KUNIT_EXPECT_STREQ(test, dev_name(dev), "kt-lib-dev");
	KUNIT_EXPECT_NOT_NULL(test, devm_kmalloc(dev, 100, GFP_KERNEL));   /* freed at the end */
	KUNIT_EXPECT_NULL(test, devm_kmalloc(dev, SIZE_MAX, GFP_KERNEL | __GFP_NOWARN));
	bound = kunit_device_register_with_driver(test, "kt-lib-bound", drv);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, bound);
	KUNIT_EXPECT_PTR_EQ(test, bound->driver, drv);
	KUNIT_EXPECT_NOT_NULL(test, devm_kzalloc(bound, 64, GFP_KERNEL));
	kunit_device_unregister(test, bound);                      /* now, not at the end */
}

/* strtomem()/memtostr(): fixed-size arrays without a NUL of their own. */
static void fixed_arrays(struct kunit *test)
{
	char rec[6], str[4], wide[10];

	memset(rec, 'x', sizeof(rec));
	strtomem(rec, "abc");
	KUNIT_EXPECT_EQ(test, memcmp(rec, "abcxxx", 6), 0);     /* rest untouched */
	strtomem_pad(rec, "abcdefgh", 0);
	KUNIT_EXPECT_EQ(test, memcmp(rec, "abcdef", 6), 0);     /* no NUL: full */
	strtomem_pad(rec, "ab", ' ');
	KUNIT_EXPECT_EQ(test, memcmp(rec, "ab    ", 6), 0);
	memtostr(str, rec);
	KUNIT_EXPECT_STREQ(test, str, "ab ");                    /* always terminated */
	memset(wide, '#', sizeof(wide));
	memtostr(wide, rec);
	KUNIT_EXPECT_STREQ(test, wide, "ab    ");
	KUNIT_EXPECT_EQ(test, wide[7], '#');
	memtostr_pad(wide, rec);
	KUNIT_EXPECT_NULL(test, memchr_inv(wide + 6, 0, 4));
}

/* kstrtoll() takes one sign; the fixed-point decimal parsers. */
static void kstrto_signs_and_decimals(struct kunit *test)
{
	long long ll = 1;
	u64 u = 0;
	s64 d = 0;

	KUNIT_EXPECT_EQ(test, kstrtoll("-+1", 10, &ll), -EINVAL);
	KUNIT_EXPECT_EQ(test, kstrtoll("+-1", 10, &ll), -EINVAL);
	KUNIT_EXPECT_EQ(test, kstrtoll("-9223372036854775808", 10, &ll), 0);
	KUNIT_EXPECT_EQ(test, ll, LLONG_MIN);
	KUNIT_EXPECT_EQ(test, kstrtoll("-9223372036854775809", 10, &ll), -ERANGE);
	KUNIT_EXPECT_EQ(test, kstrtoll("9223372036854775808", 10, &ll), -ERANGE);
	KUNIT_EXPECT_EQ(test, kstrtoudec64("3.1415926535\n", 6, &u), 0);
	KUNIT_EXPECT_EQ(test, u, 3141592ULL);
	KUNIT_EXPECT_EQ(test, kstrtoudec64(".5", 0, &u), 0);
	KUNIT_EXPECT_EQ(test, u, 0ULL);
	KUNIT_EXPECT_EQ(test, kstrtoudec64("0.1", 20, &u), 0);
	KUNIT_EXPECT_EQ(test, u, 10000000000000000000ULL);
	KUNIT_EXPECT_EQ(test, kstrtoudec64("0.2", 20, &u), -ERANGE);
	KUNIT_EXPECT_EQ(test, kstrtoudec64(".", 3, &u), -EINVAL);
	KUNIT_EXPECT_EQ(test, kstrtoudec64("-1.5", 1, &u), -EINVAL);
	KUNIT_EXPECT_EQ(test, kstrtoudec64("1.5 ", 1, &u), -EINVAL);
	KUNIT_EXPECT_EQ(test, kstrtodec64("-9223372036.854775808", 9, &d), 0);
	KUNIT_EXPECT_EQ(test, d, (s64)LLONG_MIN);
	KUNIT_EXPECT_EQ(test, kstrtodec64("9223372036.854775808", 9, &d), -ERANGE);
	KUNIT_EXPECT_EQ(test, kstrtodec64("-.5", 1, &d), 0);
	KUNIT_EXPECT_EQ(test, d, -5LL);
	KUNIT_EXPECT_EQ(test, kstrtodec64("-", 1, &d), -EINVAL);
	/* a huge scale: zero stays zero, anything else is out of range, at once */
	KUNIT_EXPECT_EQ(test, kstrtoudec64("0.0", UINT_MAX, &u), 0);
	KUNIT_EXPECT_EQ(test, u, 0ULL);
	KUNIT_EXPECT_EQ(test, kstrtoudec64("1", UINT_MAX, &u), -ERANGE);
}

/* <linux/stringhash.h>: the two string hashes agree, lengths included. */
static void string_hashes(struct kunit *test)
{
	static const char name[] = "kmalloc-rnd-01-96";
	u32 or_bits = 0;

	for (unsigned int i = 0; i <= sizeof(name) - 1; i++) {
		u64 hl = hashlen_string(test, name + i);
		u32 h = full_name_hash(test, name + i, sizeof(name) - 1 - i);

		KUNIT_EXPECT_EQ(test, hashlen_len(hl), (u32)(sizeof(name) - 1 - i));
		KUNIT_EXPECT_EQ(test, hashlen_hash(hl), h);
		or_bits |= h;
	}
	KUNIT_EXPECT_NE(test, full_name_hash(NULL, "a", 1), full_name_hash(test, "a", 1));
	KUNIT_EXPECT_EQ(test, end_name_hash(partial_name_hash('x', init_name_hash(NULL))),
			full_name_hash(NULL, "x", 1));
	KUNIT_EXPECT_EQ(test, hash_32(12345, 10), hash_32_generic(12345, 10));
	KUNIT_EXPECT_EQ(test, __hash_32(1), (u32)GOLDEN_RATIO_32);
	KUNIT_EXPECT_GT(test, hweight32(or_bits), 24u);
}

/* SipHash-2-4 against the design paper's vectors (key 00..0f, message
 * 00..len-1); the fixed-width forms hash their little-endian bytes. */
static void siphash_vectors(struct kunit *test)
{
	siphash_key_t k;
	hsiphash_key_t hk;
	u8 m[16];
	u32 w[4];
	u64 q[2];

	for (int i = 0; i < 16; i++)
		((u8 *)k.key)[i] = m[i] = (u8)i;
	memcpy(hk.key, k.key, sizeof(hk.key));
	memcpy(q, m, sizeof(q));
	memcpy(w, m, sizeof(w));
	KUNIT_EXPECT_EQ(test, siphash(m, 0, &k), 0x726fdb47dd0e0e31ULL);
	KUNIT_EXPECT_EQ(test, siphash(m, 15, &k), 0xa129ca6149be45e5ULL);
	KUNIT_EXPECT_EQ(test, siphash_2u64(q[0], q[1], &k), siphash(m, 16, &k));
	KUNIT_EXPECT_EQ(test, siphash_4u32(w[0], w[1], w[2], w[3], &k), siphash(m, 16, &k));
	KUNIT_EXPECT_EQ(test, siphash_3u32(w[0], w[1], w[2], &k), siphash(m, 12, &k));
	KUNIT_EXPECT_EQ(test, siphash_1u32(w[0], &k), siphash(m, 4, &k));
	KUNIT_EXPECT_EQ(test, hsiphash_3u32(w[0], w[1], w[2], &hk), hsiphash(m, 12, &hk));
	KUNIT_EXPECT_NE(test, hsiphash(m, 15, &hk), (u32)siphash(m, 15, &k));
}

/* find_closest(): the nearest element, the smaller value on a tie; the
 * typed bitfield accessors. */
static void closest_and_bitfields(struct kunit *test)
{
	static const int up[] = { 1, 4, 16, 64 };
	static const unsigned int down[] = { 64, 16, 4, 1 };
	__le32 le = 0;

	KUNIT_EXPECT_EQ(test, find_closest(-5, up, ARRAY_SIZE(up)), 0);
	KUNIT_EXPECT_EQ(test, find_closest(3, up, ARRAY_SIZE(up)), 1);
	KUNIT_EXPECT_EQ(test, find_closest(10, up, ARRAY_SIZE(up)), 1);   /* tie: 4 */
	KUNIT_EXPECT_EQ(test, find_closest(11, up, ARRAY_SIZE(up)), 2);
	KUNIT_EXPECT_EQ(test, find_closest(1000, up, ARRAY_SIZE(up)), 3);
	KUNIT_EXPECT_EQ(test, find_closest_descending(10, down, ARRAY_SIZE(down)), 2);
	KUNIT_EXPECT_EQ(test, find_closest_descending(11, down, ARRAY_SIZE(down)), 1);
	KUNIT_EXPECT_EQ(test, find_closest_descending(0, down, ARRAY_SIZE(down)), 3);
	KUNIT_EXPECT_EQ(test, u32_encode_bits(5, 0x00f0), 0x50u);
	KUNIT_EXPECT_EQ(test, u32_get_bits(0x1234, 0x0f00), 2u);
	KUNIT_EXPECT_EQ(test, u16_replace_bits(0xffff, 0, 0x0ff0), 0xf00fu);
	le32p_replace_bits(&le, 0xab, 0xff00);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(le), 0xab00u);
	KUNIT_EXPECT_EQ(test, le32_get_bits(le, 0xff00), 0xabu);
	KUNIT_EXPECT_EQ(test, be16_to_cpu(be16_encode_bits(3, 0x3000)), 0x3000u);
}

/* The module is named as kbuild names it: CMake defines KBUILD_MODNAME per
 * file here, find_package() users get zslab_kernel_modname() (install.sh
 * builds this file both ways and with pkg-config). */
static void named_as_kbuild(struct kunit *test)
{
	KUNIT_EXPECT_STREQ(test, KBUILD_MODNAME, "kt_lib");
}

static struct kunit_case lib_cases[] = {
	KUNIT_CASE(list_basics),
	KUNIT_CASE(list_sort_stable),
	KUNIT_CASE(sort_heapsort),
	KUNIT_CASE(hlist_and_hashtable),
	KUNIT_CASE(bits_and_bitmaps),
	KUNIT_CASE(arithmetic),
	KUNIT_CASE(division_and_cycles),
	KUNIT_CASE(string_hashes),
	KUNIT_CASE(kstrto_signs_and_decimals),
	KUNIT_CASE(fixed_arrays),
	KUNIT_CASE(overflow_helpers),
	KUNIT_CASE(kunit_devices),
	KUNIT_CASE(typed_allocators),
	KUNIT_CASE(named_as_kbuild),
	KUNIT_CASE(siphash_vectors),
	KUNIT_CASE(closest_and_bitfields),
	KUNIT_CASE(strings_and_numbers),
	{}
};

static struct kunit_suite lib_suite = {
	.name = "zslab_kernel_lib",
	.test_cases = lib_cases,
};
kunit_test_suite(lib_suite);

MODULE_LICENSE("GPL");
