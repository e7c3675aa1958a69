/* SPDX-License-Identifier: MIT */
/*
 * test_vmalloc - <zslab/vmalloc.h>: virtually contiguous memory built
 * from order-0 pages of the simulated RAM, and the kvmalloc family.
 *
 * Run twice (CMake): with the default ram_backing=anon, where an area is
 * one contiguous run of RAM (at most 4 MiB), and with ram_backing=memfd,
 * where each page is mapped again in the vmalloc area.  In both, every
 * page's vmalloc_to_page() is the struct page whose page_address()
 * aliases the same bytes, vfree() gives every page back, and misuse is
 * reported by name.
 */
#include <limits.h>
#include <stdint.h>
#include <sys/wait.h>
#include <unistd.h>

#include "zt.h"
#include "config/config.h"
#include "mm/mm_internal.h"
#include <zslab/vmalloc.h>

#define MIB (1UL << 20)

static bool memfd;

static long free_pages_now(void)
{
	long n = 0;

	zslab_shrink_all();
	for (unsigned int z = 0; z < MAX_NR_ZONES; z++)
		n += atomic_load(&zs_zones[z].nr_free);
	return n;
}

/* Every page of [v, v+size) is a RAM page whose linear address aliases it. */
static void check_pages(unsigned char *v, size_t size)
{
	for (size_t off = 0; off < size; off += PAGE_SIZE) {
		struct page *page = vmalloc_to_page(v + off);
		unsigned char *lin;

		CHECK(page != NULL);
		if (!page)
			return;
		CHECK(pfn_valid(page_to_pfn(page)));
		CHECK_EQ(vmalloc_to_pfn(v + off), page_to_pfn(page));
		lin = page_address(page);
		CHECK_EQ(lin[0], v[off]);
		lin[1] = (unsigned char)(off / PAGE_SIZE + 3);    /* write one way */
		CHECK_EQ(v[off + 1], lin[1]);                    /* read the other */
		CHECK(memfd ? lin != v + off : lin == v + off);
		CHECK_EQ(page_count(page), 1);
	}
}

static void test_basic(void)
{
	const size_t size = 5 * PAGE_SIZE + 100;
	unsigned char *v, *z;
	long before = free_pages_now();

	zt_reports_reset();
	v = vmalloc(size);
	REQUIRE(v);
	CHECK(is_vmalloc_addr(v));
	CHECK(is_vmalloc_addr(v + size - 1));
	CHECK_EQ(memfd, !virt_addr_valid(v));     /* memfd: outside RAM */
	for (size_t i = 0; i < size; i++)
		v[i] = (unsigned char)(i * 7);
	check_pages(v, size);
	z = vzalloc(3 * PAGE_SIZE);
	REQUIRE(z);
	for (size_t i = 0; i < 3 * PAGE_SIZE; i++)
		if (z[i]) {
			CHECK(!"vzalloc memory is zero");
			break;
		}
	vfree(v);
	vfree(z);
	vfree(NULL);
	CHECK_EQ(zt_reports, 0ul);
	CHECK_EQ(free_pages_now(), before);
	CHECK_EQ(zslab_validate(), 0);
}

/* memfd: pages need not be adjacent; anything up to the RAM's size. */
static void test_order0_pages(void)
{
	struct page *hold[64];
	unsigned char *v;
	unsigned long jumps = 0;

	/* every other page of 64 stays taken: the free ones are scattered */
	for (int i = 0; i < 64; i++)
		hold[i] = alloc_pages(GFP_KERNEL, 0);
	for (int i = 0; i < 64; i += 2)
		__free_pages(hold[i], 0);
	v = vmalloc(16 * PAGE_SIZE);
	REQUIRE(v);
	memset(v, 0x42, 16 * PAGE_SIZE);
	check_pages(v, 16 * PAGE_SIZE);
	for (int i = 1; i < 16; i++)
		jumps += vmalloc_to_page(v + i * PAGE_SIZE) !=
			 vmalloc_to_page(v + (i - 1) * PAGE_SIZE) + 1;
	printf("test_vmalloc: 16 pages, %lu of 15 neighbours not adjacent in RAM\n", jumps);
	if (memfd)
		CHECK(jumps > 0);
	else
		CHECK_EQ(jumps, 0);
	vfree(v);
	for (int i = 1; i < 64; i += 2)
		__free_pages(hold[i], 0);

	zt_reports_reset();
	v = vmalloc(64 * MIB);
	if (memfd) {
		REQUIRE(v);
		v[0] = 1;
		v[64 * MIB - 1] = 2;
		check_pages(v, 64 * MIB);
		vfree(v);
		CHECK_EQ(zt_reports, 0ul);
	} else {
		CHECK(v == NULL);
		CHECK_EQ(zt_reports, 1ul);
		CHECK(strstr(zt_last_report, "ram_backing=memfd") != NULL);
	}
}

static void test_misuse(void)
{
	unsigned char *v = vmalloc(2 * PAGE_SIZE);
	void *k = kmalloc(64, GFP_KERNEL);
	int local;

	REQUIRE(v && k);
	CHECK(!is_vmalloc_addr(k));
	CHECK(!is_vmalloc_addr(&local));
	CHECK(vmalloc_to_page(k) == NULL);
	zt_reports_reset();
	vfree(k);                               /* not an area */
	CHECK_EQ(zt_reports, 1ul);
	CHECK(strstr(zt_last_report, "Trying to vfree() nonexistent vm area") != NULL);
	vfree(v + PAGE_SIZE);                   /* inside one */
	CHECK_EQ(zt_reports, 2ul);
	kfree(k);
	vfree(v);
	CHECK_EQ(zt_reports, 2ul);
	/* size 0, more pages than RAM: NULL and the kernel's words */
	zt_reports_reset();
	CHECK(vmalloc(0) == NULL);
	CHECK(strstr(zt_last_report, "vmalloc error: size 0") != NULL);
	CHECK(vmalloc(1UL << 50) == NULL);
	CHECK(strstr(zt_last_report, "exceeds total pages") != NULL);
	CHECK(__vmalloc(1UL << 50, GFP_KERNEL | __GFP_NOWARN) == NULL);
	CHECK_EQ(zt_reports, 2ul);
	CHECK(vmalloc_array(SIZE_MAX / 2, 3) == NULL);
	CHECK(vcalloc(SIZE_MAX / 2, 3) == NULL);
	CHECK(kvmalloc_array(SIZE_MAX / 2, 3, GFP_KERNEL) == NULL);
}

static void test_kvmalloc(void)
{
	const size_t big = memfd ? 8 * MIB : 3 * MIB;
	unsigned char *p, *q;
	long before = free_pages_now();

	zt_reports_reset();
	p = kvmalloc(100, GFP_KERNEL);          /* small: kmalloc */
	REQUIRE(p);
	CHECK(!is_vmalloc_addr(p));
	kvfree(p);
	p = kvzalloc(big, GFP_KERNEL);
	REQUIRE(p);
	CHECK_EQ(is_vmalloc_addr(p), big > KMALLOC_MAX_SIZE);
	CHECK_EQ(p[0] | p[big - 1], 0);
	kvfree(p);
	/* no vmalloc for atomic callers above kmalloc's reach */
	CHECK(kvmalloc(KMALLOC_MAX_SIZE + 1, GFP_ATOMIC) == NULL);
	CHECK(kvmalloc((size_t)INT_MAX + 1, GFP_KERNEL | __GFP_NOWARN) == NULL);
	p = kvcalloc(16, 16, GFP_KERNEL);
	REQUIRE(p);
	CHECK_EQ(p[255], 0);
	memset(p, 9, 256);
	/* kvrealloc: kmalloc -> grows; contents kept; tail zeroed on request */
	q = kvrealloc(p, 64 * 1024, GFP_KERNEL | __GFP_ZERO);
	REQUIRE(q);
	CHECK_EQ(q[255], 9);
	CHECK_EQ(q[256], 0);
	CHECK_EQ(q[64 * 1024 - 1], 0);
	if (memfd) {
		p = kvrealloc(q, 6 * MIB, GFP_KERNEL | __GFP_ZERO);   /* to vmalloc */
		REQUIRE(p);
		CHECK(is_vmalloc_addr(p));
		CHECK_EQ(p[255], 9);
		CHECK_EQ(p[6 * MIB - 1], 0);
		q = kvrealloc(p, 5 * MIB, GFP_KERNEL);               /* shrinks in place */
		CHECK(q == p);
	}
	CHECK(kvrealloc(q, 0, GFP_KERNEL) == ZERO_SIZE_PTR);
	p = kvmalloc(40, GFP_KERNEL);
	REQUIRE(p);
	kvfree_sensitive(p, 40);
	kvfree(NULL);
	CHECK_EQ(zt_reports, 0ul);
	CHECK_EQ(free_pages_now(), before);
	CHECK_EQ(zslab_validate(), 0);
}

/* memfd: a forked child is told that it shares RAM with its parent. */
static void test_fork_note(void)
{
	pid_t pid;
	int status = 0;

	zt_reports_reset();
	pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0) {
		bool said = strstr(zt_last_report, "shares RAM with its parent") != NULL;
		_exit(memfd ? !said : said);
	}
	REQUIRE(waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK_EQ(zt_reports, 0ul);      /* nothing in the parent */
}

int main(void)
{
	const char *cmdline = getenv("ZSLAB_CMDLINE");

	zt_capture_reports();
	REQUIRE(zslab_init(cmdline) == 0);
	memfd = zs_config.ram_memfd;
	printf("test_vmalloc: ram_backing=%s\n", memfd ? "memfd" : "anon");
	test_basic();
	test_order0_pages();
	test_misuse();
	test_kvmalloc();
	test_fork_note();
	zslab_exit();
	CHECK_EQ(zt_reports, 0ul);
	return zt_summary(memfd ? "test_vmalloc (memfd)" : "test_vmalloc");
}
