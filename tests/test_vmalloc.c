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

	/* every other page of 64 stays taken: the free ones are scattered.
	 * memfd takes blocks of 8, 4 and 2 pages where it can and single
	 * pages for the rest: 15 pages are 8 + 4 + 2 + 1, the last one a
	 * scattered page, so the area has at least one jump */
	for (int i = 0; i < 64; i++)
		hold[i] = alloc_pages(GFP_KERNEL, 0);
	for (int i = 0; i < 64; i += 2)
		__free_pages(hold[i], 0);
	v = vmalloc(15 * PAGE_SIZE);
	REQUIRE(v);
	memset(v, 0x42, 15 * PAGE_SIZE);
	check_pages(v, 15 * PAGE_SIZE);
	for (int i = 1; i < 15; i++)
		jumps += vmalloc_to_page(v + i * PAGE_SIZE) !=
			 vmalloc_to_page(v + (i - 1) * PAGE_SIZE) + 1;
	printf("test_vmalloc: 15 pages, %lu of 14 neighbours not adjacent in RAM\n", jumps);
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

/* __vmalloc_node(): the area starts at a multiple of the alignment. */
static void test_aligned(void)
{
	long before = free_pages_now();
	unsigned char *v;

	zt_reports_reset();
	for (unsigned long align = 1; align <= 4 * MIB; align <<= 1) {
		v = __vmalloc_node(3 * PAGE_SIZE, align, GFP_KERNEL | __GFP_ZERO, NUMA_NO_NODE, NULL);
		REQUIRE(v);
		CHECK_EQ((uintptr_t)v % (align < PAGE_SIZE ? PAGE_SIZE : align), 0ul);
		CHECK_EQ(v[3 * PAGE_SIZE - 1], 0);
		v[0] = 7;
		check_pages(v, 3 * PAGE_SIZE);
		vfree(v);
	}
	CHECK_EQ(zt_reports, 0ul);
	v = vmalloc_huge(2 * MIB, GFP_KERNEL);
	REQUIRE(v);
	v[2 * MIB - 1] = 1;
	vfree(v);
	/* no power of two; more than the address space (or a block) holds */
	CHECK(__vmalloc_node(PAGE_SIZE, 3 * PAGE_SIZE, GFP_KERNEL, 0, NULL) == NULL);
	CHECK_EQ(zt_reports, 1ul);
	CHECK(strstr(zt_last_report, "alignment is no power of two") != NULL);
	CHECK(__vmalloc_node(PAGE_SIZE, 1UL << 62, GFP_KERNEL, 0, NULL) == NULL);
	CHECK_EQ(zt_reports, 2ul);
	CHECK(__vmalloc_node(PAGE_SIZE, 1UL << 62, GFP_KERNEL | __GFP_NOWARN, 0, NULL) == NULL);
	CHECK_EQ(zt_reports, 2ul);
	/* a saturated size (size_mul()'s SIZE_MAX) must not round up to 0 pages */
	CHECK(__vmalloc(SIZE_MAX, GFP_KERNEL | __GFP_NOWARN) == NULL);
	CHECK(__vmalloc(SIZE_MAX - PAGE_SIZE + 2, GFP_KERNEL | __GFP_NOWARN) == NULL);
	CHECK_EQ(zt_reports, 2ul);
	CHECK_EQ(free_pages_now(), before);
}

/* vm_map_ram(): the caller's pages at one address, still the caller's. */
static void test_map_ram(void)
{
	struct page *pages[4] = { NULL, NULL, NULL, NULL };
	long before = free_pages_now();
	struct page *gap;
	unsigned char *v;

	zt_reports_reset();
	CHECK_EQ(alloc_pages_bulk(GFP_KERNEL, 2, pages), 2ul);
	gap = alloc_page(GFP_KERNEL);         /* keeps pages 2 and 3 apart from 1 */
	REQUIRE(pages[0] && pages[1] && gap);
	CHECK_EQ(alloc_pages_bulk(GFP_KERNEL, 4, pages), 4ul);  /* 0, 1 kept */
	for (int k = 0; k < 4; k++)
		memset(page_address(pages[k]), 'a' + k, PAGE_SIZE);
	v = vm_map_ram(pages, 1, NUMA_NO_NODE);
	REQUIRE(v);
	CHECK_EQ(v[PAGE_SIZE - 1], 'a');
	v[0] = 'z';
	CHECK_EQ(*(unsigned char *)page_address(pages[0]), 'z');
	vm_unmap_ram(v, 1);
	v = vm_map_ram(pages, 4, NUMA_NO_NODE);
	if (memfd) {
		REQUIRE(v);
		CHECK(is_vmalloc_addr(v));
		for (int k = 0; k < 4; k++) {
			CHECK(vmalloc_to_page(v + k * PAGE_SIZE) == pages[k]);
			CHECK_EQ(v[k * PAGE_SIZE + 5], 'a' + k);
		}
		vfree(v);                         /* no vm_struct: refused */
		CHECK_EQ(zt_reports, 1ul);
		CHECK(strstr(zt_last_report, "nonexistent vm area") != NULL);
		vm_unmap_ram(v, 3);               /* another count: refused */
		CHECK_EQ(zt_reports, 2ul);
		CHECK(strstr(zt_last_report, "no vm_map_ram() mapping of 3 pages") != NULL);
		CHECK_EQ(v[3 * PAGE_SIZE], 'd');  /* still mapped */
		vm_unmap_ram(v, 4);
		CHECK(vmalloc_to_page(v) == NULL);
		zt_reports_reset();
	} else if (pages[1] + 1 != pages[2]) {
		CHECK(v == NULL);                 /* not adjacent, not a memory file */
		CHECK_EQ(zt_reports, 1ul);
		CHECK(strstr(zt_last_report, "ram_backing=memfd") != NULL);
		zt_reports_reset();
	} else {
		vm_unmap_ram(v, 4);
	}
	CHECK(vm_map_ram(pages, 0, NUMA_NO_NODE) == NULL);
	CHECK_EQ(zt_reports, 1ul);
	pages[2] = (struct page *)((char *)pages[2] + 1);
	CHECK(vm_map_ram(pages, 4, NUMA_NO_NODE) == NULL);
	CHECK_EQ(zt_reports, 2ul);
	CHECK(strstr(zt_last_report, "pages[2]") != NULL);
	pages[2] = (struct page *)((char *)pages[2] - 1);
	vm_unmap_ram(&before, 1);
	CHECK_EQ(zt_reports, 3ul);
	for (int k = 0; k < 4; k++)
		__free_page(pages[k]);
	__free_page(gap);
	CHECK_EQ(free_pages_now(), before);
	CHECK_EQ(zslab_validate(), 0);
}

static long host_mappings(void)
{
	FILE *f = fopen("/proc/self/maps", "r");
	long n = 0;
	int c;

	if (!f)
		return -1;
	while ((c = fgetc(f)) != EOF)
		n += c == '\n';
	fclose(f);
	return n;
}

/*
 * memfd: each area is a host mapping, so vm.max_map_count bounds them.
 * Past it vmalloc fails with a report naming the limit; once the areas
 * are freed the count is back where it was (the host refuses even the
 * mmap that would merge a freed area into its neighbours there, so
 * freeing unmaps first) and vmalloc works again, with every page back.
 */
static void test_map_limit(void)
{
	long limit = 0, before = free_pages_now(), maps0 = host_mappings();
	FILE *f = fopen("/proc/sys/vm/max_map_count", "r");
	unsigned long failed = 0, n;
	void **v, *p;

	if (!f || fscanf(f, "%ld", &limit) != 1 || limit > 200000) {
		printf("test_vmalloc: vm.max_map_count %ld: limit test skipped\n", limit);
		if (f)
			fclose(f);
		return;
	}
	fclose(f);
	n = (unsigned long)limit / 2 + 64;
	v = calloc(n, sizeof(*v));
	REQUIRE(v);
	zt_reports_reset();
	for (unsigned long i = 0; i < n; i++)
		failed += !(v[i] = vmalloc(PAGE_SIZE));
	CHECK(failed > 0);
	CHECK(strstr(zt_last_report, "vm.max_map_count") != NULL);
	for (unsigned long i = 0; i < n; i++)
		vfree(v[i]);
	free(v);
	CHECK(host_mappings() <= maps0 + 2);
	p = vmalloc(64 * PAGE_SIZE);
	CHECK(p != NULL);
	vfree(p);
	CHECK_EQ(free_pages_now(), before);
	zt_reports_reset();
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
	test_aligned();
	test_map_ram();
	if (memfd)
		test_map_limit();
	test_fork_note();
	zslab_exit();
	CHECK_EQ(zt_reports, 0ul);
	return zt_summary(memfd ? "test_vmalloc (memfd)" : "test_vmalloc");
}
