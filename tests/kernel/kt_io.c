// SPDX-License-Identifier: MIT
/*
 * kt_io.c - byte order, unaligned access, MMIO accessors and register
 * polling as kernel code uses them:
 *  - cpu_to_le32/be32 and back, the p and add_cpu forms, swab, the array
 *    forms; get/put_unaligned at odd offsets in every order and width;
 *  - readl/writel and the ioread32be/iowrite32be forms on a register file
 *    in memory, memcpy_toio/fromio, memset_io;
 *  - readl_poll_timeout: a "device" thread sets the ready bit after 20 ms
 *    and the poll returns 0 with the value; a bit nobody sets times out
 *    (-ETIMEDOUT) after about the time asked, with the last value read;
 *    the _atomic form the same;
 *  - memremap() of RAM is its linear address, of what is not RAM NULL.
 */
#include <asm/unaligned.h>
#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/iopoll.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/unaligned.h>

static void kt_byteorder(struct kunit *test)
{
	__le32 l = cpu_to_le32(0x11223344);
	__be32 b = cpu_to_be32(0x11223344);
	__le16 s = cpu_to_le16(0xfffe);
	u32 arr[3] = { 1, 2, 0x01020304 };
	__be32 barr[3];
	u32 back[3];
	u8 raw[4];

	memcpy(raw, &b, 4);
	KUNIT_EXPECT_EQ(test, raw[0], 0x11);
	KUNIT_EXPECT_EQ(test, raw[3], 0x44);
	memcpy(raw, &l, 4);
	KUNIT_EXPECT_EQ(test, raw[0], 0x44);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(l), 0x11223344);
	KUNIT_EXPECT_EQ(test, be32_to_cpu(b), 0x11223344);
	KUNIT_EXPECT_EQ(test, be32_to_cpup(&b), 0x11223344);
	le16_add_cpu(&s, 3);
	KUNIT_EXPECT_EQ(test, le16_to_cpu(s), 1);       /* wraps at 16 bits */
	KUNIT_EXPECT_EQ(test, swab32(0x11223344), 0x44332211);
	KUNIT_EXPECT_EQ(test, swab16(0x1122), 0x2211);
	KUNIT_EXPECT_EQ(test, swab64(0x0102030405060708ULL), 0x0807060504030201ULL);
	KUNIT_EXPECT_EQ(test, swahw32(0x11223344), 0x33441122);
	cpu_to_be32_array(barr, arr, 3);
	be32_to_cpu_array(back, barr, 3);
	KUNIT_EXPECT_EQ(test, back[2], 0x01020304);
	memcpy(raw, &barr[2], 4);
	KUNIT_EXPECT_EQ(test, raw[0], 0x01);
}

static void kt_unaligned(struct kunit *test)
{
	u8 buf[16] = { 0 };

	put_unaligned_le32(0xa1b2c3d4, buf + 1);
	KUNIT_EXPECT_EQ(test, buf[1], 0xd4);
	KUNIT_EXPECT_EQ(test, buf[4], 0xa1);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(buf + 1), 0xa1b2c3d4);
	KUNIT_EXPECT_EQ(test, get_unaligned_be32(buf + 1), 0xd4c3b2a1);
	put_unaligned_be64(0x0102030405060708ULL, buf + 3);
	KUNIT_EXPECT_EQ(test, buf[3], 0x01);
	KUNIT_EXPECT_EQ(test, get_unaligned_be64(buf + 3), 0x0102030405060708ULL);
	KUNIT_EXPECT_EQ(test, get_unaligned_le16(buf + 9), 0x0807);
	put_unaligned_le24(0x123456, buf + 5);
	KUNIT_EXPECT_EQ(test, get_unaligned_le24(buf + 5), 0x123456);
	KUNIT_EXPECT_EQ(test, get_unaligned_be24(buf + 5), 0x563412);
	put_unaligned_be48(0x0000aabbccddeeffULL, buf + 7);
	KUNIT_EXPECT_EQ(test, get_unaligned_be48(buf + 7), 0xaabbccddeeffULL);
	put_unaligned((u32)0xcafef00d, (u32 *)(buf + 2));
	KUNIT_EXPECT_EQ(test, get_unaligned((u32 *)(buf + 2)), 0xcafef00d);
}

struct regs {
	u32 ctrl;
	u32 status;
	u8 fifo[32];
};

static int device_thread(void *arg)
{
	struct regs *r = arg;

	msleep(20);
	writel(readl(&r->status) | 0x80, &r->status);
	return 0;
}

static void kt_mmio_and_poll(struct kunit *test)
{
	struct regs *r = (struct regs *)__get_free_page(GFP_KERNEL | __GFP_ZERO);
	struct task_struct *k;
	u8 out[32];
	ktime_t t0;
	s64 ms;
	u32 v = 0;

	KUNIT_ASSERT_NOT_NULL(test, r);
	writel(0xdeadbeef, &r->ctrl);
	KUNIT_EXPECT_EQ(test, readl(&r->ctrl), 0xdeadbeef);
	KUNIT_EXPECT_EQ(test, ioread8(&r->ctrl), 0xef);
	iowrite32be(0x01020304, &r->ctrl);
	KUNIT_EXPECT_EQ(test, readb(&r->ctrl), 0x01);
	KUNIT_EXPECT_EQ(test, ioread32be(&r->ctrl), 0x01020304);
	memset_io(r->fifo, 0x5a, sizeof(r->fifo));
	memcpy_toio(r->fifo, "regs", 4);
	memcpy_fromio(out, r->fifo, sizeof(out));
	KUNIT_EXPECT_EQ(test, memcmp(out, "regs", 4), 0);
	KUNIT_EXPECT_EQ(test, out[31], 0x5a);

	writel(0x1, &r->status);
	k = kthread_run(device_thread, r, "kt_io_dev");
	KUNIT_ASSERT_FALSE(test, IS_ERR(k));
	KUNIT_EXPECT_EQ(test, readl_poll_timeout(&r->status, v, v & 0x80, 100, 2000000), 0);
	KUNIT_EXPECT_EQ(test, v, 0x81);
	KUNIT_EXPECT_EQ(test, kthread_stop(k), 0);

	t0 = ktime_get();
	KUNIT_EXPECT_EQ(test, readl_poll_timeout(&r->status, v, v & 0x100, 500, 30000), -ETIMEDOUT);
	ms = (ktime_get() - t0) / 1000000;
	KUNIT_EXPECT_EQ(test, v, 0x81);
	KUNIT_EXPECT_GE(test, ms, 30);
	KUNIT_EXPECT_LT(test, ms, 3000);
	KUNIT_EXPECT_EQ(test, readl_poll_timeout_atomic(&r->status, v, v == 0x81, 1, 100), 0);
	KUNIT_EXPECT_EQ(test, readl_relaxed_poll_timeout(&r->status, v, !v, 0, 1000), -ETIMEDOUT);
	free_page((unsigned long)r);
}

static void kt_memremap(struct kunit *test)
{
	struct page *p = alloc_pages(GFP_KERNEL, 1);
	void *m;

	KUNIT_ASSERT_NOT_NULL(test, p);
	m = memremap(page_to_phys(p) + 8, 2 * PAGE_SIZE - 8, MEMREMAP_WB);
	KUNIT_EXPECT_PTR_EQ(test, m, (void *)((char *)page_address(p) + 8));
	memunmap(m);
	KUNIT_EXPECT_NULL(test, memremap(0xfff0000000000ULL, PAGE_SIZE, MEMREMAP_WB));
	KUNIT_EXPECT_NULL(test, memremap(page_to_phys(p), ~(size_t)0, MEMREMAP_WB));
	__free_pages(p, 1);
}

static struct kunit_case kt_io_cases[] = {
	KUNIT_CASE(kt_byteorder),
	KUNIT_CASE(kt_unaligned),
	KUNIT_CASE(kt_mmio_and_poll),
	KUNIT_CASE(kt_memremap),
	{}
};

static struct kunit_suite kt_io_suite = {
	.name = "kt_io",
	.test_cases = kt_io_cases,
};
kunit_test_suite(kt_io_suite);
