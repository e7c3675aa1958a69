/* SPDX-License-Identifier: MIT */
/*
 * test_boot.c - booting and tearing down the simulated machine: memory
 * maps (default, Chromebook-like, several ranges, caller buffers), refusals
 * (each -EINVAL with one report naming the option, nothing left behind),
 * -EBUSY, the page/pfn/phys/virt conversions on every range and zone
 * boundary, lazy boot from ZSLAB_CMDLINE, a 1 TiB map that costs almost no
 * RSS, and zslab_exit() giving every byte of host memory back.
 */
#include "zt.h"
#include "zt_mm.h"

#include "common/lazy_boot.h"

#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>

#define G ZM_GIB
#define M ZM_MIB

/* Expected present pages per zone (DMA, DMA32, Normal). */
struct map_case {
	const char *cmdline;
	unsigned long pages[3];
};

static const struct map_case maps[] = {
	{ NULL, { 4096, (4 * G - 16 * M) >> 12, (4 * G) >> 12 } },
	{ "memmap=4G@0x40000000", { 0, (3 * G) >> 12, G >> 12 } },
	{ "memmap=64M@0 memmap=64M@0x100000000", { 4096, 12288, 16384 } },
	{ "memmap=64M@0x100000000,64M@0x200000000", { 0, 0, 32768 } },
	{ "memmap=8M@0 memmap=1G@0x100000000", { 2048, 0, G >> 12 } },
	{ "dma_limit=1G memmap=2G@0", { G >> 12, G >> 12, 0 } },
	{ "memmap=4G@0x40000000", { 0, (3 * G) >> 12, G >> 12 } },  /* again */
};

/* The zone @phys belongs to under the current limits. */
static enum zone_type zone_of_phys(phys_addr_t phys)
{
	if (phys < zs_config.dma_limit)
		return ZONE_DMA;
	if (phys < zs_config.dma32_limit)
		return ZONE_DMA32;
	return ZONE_NORMAL;
}

/* The first field of statm: the whole address space, in bytes. */
static long vm_size(void)
{
	FILE *f = fopen("/proc/self/statm", "r");
	long size = -1;

	if (f) {
		if (fscanf(f, "%ld", &size) != 1)
			size = -1;
		fclose(f);
	}
	return size * sysconf(_SC_PAGESIZE);
}

/* Boot @c, check the zone sizes, use every populated zone, tear down. */
static void check_map(const struct map_case *c)
{
	static const gfp_t class[3] = { GFP_KERNEL | GFP_DMA, GFP_KERNEL | GFP_DMA32,
					GFP_KERNEL };
	int ret;

	zm_log_reset();
	ret = zslab_init(c->cmdline);
	CHECK_EQ(ret, 0);
	if (ret) {
		zm_log_dump(c->cmdline);
		return;
	}
	CHECK_EQ(zm_reports(), 0);
	for (unsigned int z = 0; z < 3; z++) {
		CHECK_EQ(zs_zones[z].present_pages, c->pages[z]);
		CHECK_EQ(zs_zones[z].managed_pages, c->pages[z]);
		/* Boot may take a few pages (the slab layer's own caches). */
		CHECK(zm_free(z) <= (long)c->pages[z]);
		CHECK(zm_free(z) >= (long)(c->pages[z] - c->pages[z] / 64));
		if (!c->pages[z])
			continue;
		/* The zone's own class gets memory of that zone. */
		struct page *pg = alloc_pages(class[z] | __GFP_NOWARN, 3);
		CHECK(pg != NULL);
		if (pg) {
			CHECK_EQ(page_zonenum(pg), z);
			CHECK_EQ(zone_of_phys(page_to_phys(pg)), z);
			__free_pages(pg, 3);
		}
	}
	CHECK_EQ(zslab_validate(), 0);
	zslab_exit();
	CHECK_EQ(zs_nr_ranges, 0);
}

static void test_map_cycles(void)
{
	for (size_t i = 0; i < sizeof(maps) / sizeof(maps[0]); i++)
		check_map(&maps[i]);
}

/* The default map is 8 GiB at 0, shown so in iomem. */
static void test_default_map(void)
{
	char *iomem;

	REQUIRE(zslab_init(NULL) == 0);
	CHECK(pfn_valid(0));
	CHECK(pfn_valid(((8 * G) >> 12) - 1));
	CHECK(!pfn_valid((8 * G) >> 12));
	iomem = zm_proc("iomem");
	CHECK(iomem && !strcmp(iomem, "00000000-1ffffffff : System RAM\n"));
	if (iomem && strcmp(iomem, "00000000-1ffffffff : System RAM\n"))
		fprintf(stderr, "iomem: %s", iomem);
	free(iomem);
	zslab_exit();
}

/*
 * Every conversion at @pfn agrees with every other, the zone follows the
 * limits, and the memory behind the page is real and shared by both views.
 */
static void check_pfn(unsigned long pfn)
{
	phys_addr_t phys = (phys_addr_t)pfn << PAGE_SHIFT;
	struct page *pg;
	char *va;

	CHECK(pfn_valid(pfn));
	pg = pfn_to_page(pfn);
	CHECK(pg != NULL);
	if (!pg)
		return;
	CHECK_EQ(page_to_pfn(pg), pfn);
	CHECK(page_to_phys(pg) == phys);
	va = page_address(pg);
	CHECK(va != NULL);
	CHECK(((uintptr_t)va & (PAGE_SIZE - 1)) == 0);
	CHECK(virt_to_page(va) == pg);
	CHECK(virt_to_page(va + PAGE_SIZE - 1) == pg);
	CHECK(virt_to_phys(va) == phys);
	CHECK(virt_to_phys(va + 123) == phys + 123);
	CHECK(phys_to_virt(phys) == va);
	CHECK(phys_to_virt(phys + PAGE_SIZE - 1) == va + PAGE_SIZE - 1);
	CHECK(virt_addr_valid(va));
	CHECK_EQ(page_zonenum(pg), zone_of_phys(phys));
	/* A write through one view is seen through the other (then undone:
	 * free memory must keep reading as zero). */
	va[7] = 0x5a;
	CHECK(((volatile char *)phys_to_virt(phys))[7] == 0x5a);
	va[7] = 0;
	if (pfn_valid(pfn + 1) && zs_range_of_pfn(pfn + 1) == zs_range_of_pfn(pfn))
		CHECK(page_address(pfn_to_page(pfn + 1)) == va + PAGE_SIZE);
}

/* Check the boundaries of every range and every zone limit inside them. */
static void check_all_boundaries(void)
{
	unsigned long limits[2] = { zs_dma_pfn, zs_dma32_pfn };
	int x = 0;

	CHECK(zs_nr_ranges > 0);
	for (unsigned int r = 0; r < zs_nr_ranges; r++) {
		unsigned long s = zs_ranges[r].pfn_start, e = zs_ranges[r].pfn_end;
		check_pfn(s);
		check_pfn(s + 1);
		check_pfn(s + (e - s) / 2);
		check_pfn(e - 2);
		check_pfn(e - 1);
		for (int l = 0; l < 2; l++)
			if (limits[l] > s && limits[l] < e) {
				check_pfn(limits[l] - 1);
				check_pfn(limits[l]);
			}
	}
	CHECK(!virt_addr_valid(&x));
}

/*
 * Take every block each zone class can give (largest orders first) and
 * check that no block straddles a zone limit or lies above its class;
 * then give everything back.
 */
static void fill_and_check(void)
{
	static const gfp_t class[3] = { GFP_DMA, GFP_DMA32, 0 };
	struct page **held = calloc(1u << 16, sizeof(*held));
	unsigned int *ord = calloc(1u << 16, sizeof(*ord));
	size_t n = 0;

	REQUIRE(held && ord);
	for (int c = 0; c < 3; c++)
		for (int o = MAX_ORDER - 1; o >= 0; o--) {
			struct page *pg;
			while (n < (1u << 16) &&
			       (pg = alloc_pages(GFP_KERNEL | class[c] | __GFP_NOWARN,
						 (unsigned int)o)) != NULL) {
				phys_addr_t first = page_to_phys(pg);
				phys_addr_t last = first + (PAGE_SIZE << o) - 1;
				CHECK_EQ(page_zonenum(pg), zone_of_phys(first));
				CHECK_EQ(zone_of_phys(first), zone_of_phys(last));
				CHECK(zone_of_phys(first) <= (enum zone_type)c);
				CHECK(virt_to_phys((char *)page_address(pg) + (PAGE_SIZE << o) - 1) == last);
				held[n] = pg;
				ord[n++] = (unsigned int)o;
			}
		}
	CHECK(n > 0);
	CHECK_EQ(zslab_validate(), 0);
	while (n--)
		__free_pages(held[n], ord[n]);
	CHECK_EQ(zslab_validate(), 0);
	free(held);
	free(ord);
}

static void test_conversions(void)
{
	static const char *const cmdlines[] = {
		NULL,
		"memmap=4G@0x40000000",
		/* one range across 16 MiB, one across 4 GiB, one far above */
		"memmap=32M@0 memmap=64M@0xFE000000 memmap=16M@0x200000000",
		"dma_limit=20M dma32_limit=0x80001000 memmap=24M@0 memmap=64M@0x7F000000",
	};

	for (size_t i = 0; i < sizeof(cmdlines) / sizeof(cmdlines[0]); i++) {
		int ret = zslab_init(cmdlines[i]);
		CHECK_EQ(ret, 0);
		if (ret)
			continue;
		check_all_boundaries();
		fill_and_check();
		/* Holes between ranges are not RAM. */
		if (i == 2) {
			CHECK(!pfn_valid((32 * M) >> 12));
			CHECK(!pfn_valid((0xFE000000ull >> 12) - 1));
			CHECK(!pfn_valid((0x102000000ull) >> 12));
			CHECK(pfn_valid((0x102000000ull >> 12) - 1));
		}
		zslab_exit();
	}
}

/* Caller-backed RAM: zslab's physical memory is the caller's buffer. */
static void test_caller_ram(void)
{
	const size_t sz = 16 * M;
	const phys_addr_t base = 0x80000000;
	char *buf = mmap(NULL, sz, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct zslab_ram ram = { .base = base, .size = sz, .host = buf };
	struct page *pg;
	char *va;

	REQUIRE(buf != MAP_FAILED);
	REQUIRE(zslab_init_ram(NULL, &ram, 1) == 0);
	/* Only this range: no default 8 GiB. */
	CHECK_EQ(zs_nr_ranges, 1);
	CHECK_EQ(zs_zones[ZONE_DMA32].present_pages, sz >> 12);
	CHECK_EQ(zs_zones[ZONE_NORMAL].present_pages, 0);
	CHECK(phys_to_virt(base) == buf);
	CHECK(virt_to_phys(buf + 5000) == base + 5000);
	check_all_boundaries();
	/* Writes through phys_to_virt land in the buffer and back. */
	memcpy(phys_to_virt(base + 3 * PAGE_SIZE + 16), "guest", 6);
	CHECK(!memcmp(buf + 3 * PAGE_SIZE + 16, "guest", 6));
	buf[sz - 1] = 'z';
	CHECK(*(char *)phys_to_virt(base + sz - 1) == 'z');
	/* Allocations come from the buffer. */
	pg = alloc_pages(GFP_KERNEL, 2);
	CHECK(pg != NULL);
	if (pg) {
		va = page_address(pg);
		CHECK(va >= buf && va + (PAGE_SIZE << 2) <= buf + sz);
		memset(va, 0xa5, PAGE_SIZE << 2);
		CHECK((unsigned char)buf[va - buf + 100] == 0xa5);
		__free_pages(pg, 2);
		/* A dirty caller page is zeroed for __GFP_ZERO. */
		pg = alloc_pages(GFP_KERNEL | __GFP_ZERO, 2);
		CHECK(pg != NULL);
		if (pg) {
			const unsigned char *p = page_address(pg);
			size_t nz = 0;
			for (size_t i = 0; i < (PAGE_SIZE << 2); i++)
				nz += p[i] != 0;
			CHECK_EQ(nz, 0);
			__free_pages(pg, 2);
		}
	}
	CHECK_EQ(zslab_validate(), 0);
	zslab_exit();
	/* The buffer is the caller's: still mapped, contents kept. */
	CHECK(!memcmp(buf + 3 * PAGE_SIZE + 16, "guest", 6));
	CHECK(buf[sz - 1] == 'z');

	/* Mixed: a reserved range below 4 GiB, the caller's buffer above. */
	ram.base = 0x100000000ull;
	REQUIRE(zslab_init_ram("memmap=64M@0", &ram, 1) == 0);
	CHECK_EQ(zs_nr_ranges, 2);
	check_all_boundaries();
	pg = alloc_pages(GFP_KERNEL, 0);
	CHECK(pg && (char *)page_address(pg) >= buf &&
	      (char *)page_address(pg) < buf + sz && page_to_phys(pg) >= 4 * G);
	__free_pages(pg, 0);
	pg = alloc_pages(GFP_DMA32, 0);
	CHECK(pg && ((char *)page_address(pg) < buf || (char *)page_address(pg) >= buf + sz) &&
	      page_to_phys(pg) < 4 * G);
	__free_pages(pg, 0);
	CHECK_EQ(zslab_validate(), 0);
	zslab_exit();

	/* Refusals of caller ranges: one report each, nothing booted. */
	ram.host = NULL;
	zm_log_reset();
	CHECK_EQ(zslab_init_ram(NULL, &ram, 1), -EINVAL);
	CHECK_EQ(zm_reports(), 1);
	ram.host = buf + 100;
	zm_log_reset();
	CHECK_EQ(zslab_init_ram(NULL, &ram, 1), -EINVAL);
	CHECK_EQ(zm_reports(), 1);
	CHECK_EQ(zm_log_has("memmap"), 1);
	ram.host = buf;
	zm_log_reset();
	CHECK_EQ(zslab_init_ram("memmap=1G@0xC1000000", &ram, 1), -EINVAL);
	CHECK_EQ(zm_reports(), 1);
	CHECK_EQ(zm_log_has("overlap"), 1);
	CHECK_EQ(zs_nr_ranges, 0);
	munmap(buf, sz);
}

static void test_ebusy(void)
{
	REQUIRE(zslab_init("memmap=64M@0") == 0);
	zm_log_reset();
	CHECK_EQ(zslab_init("memmap=4G@0x40000000"), -EBUSY);
	CHECK_EQ(zm_reports(), 1);
	CHECK_EQ(zm_log_has("already booted"), 1);
	CHECK_EQ(zslab_init_ram(NULL, NULL, 0), -EBUSY);
	/* The machine is unchanged. */
	CHECK_EQ(zs_nr_ranges, 1);
	CHECK_EQ(zs_zones[ZONE_DMA32].present_pages, 12288);
	CHECK_EQ(zs_zones[ZONE_NORMAL].present_pages, 0);
	CHECK_EQ(zslab_validate(), 0);
	zslab_exit();
	zslab_exit();  /* a second exit is harmless */
}

struct refusal {
	const char *cmdline;
	const char *needle;   /* the option the report must name */
	int err;
};

static const struct refusal refusals[] = {
	{ "bogus_option", "bogus_option", -EINVAL },
	{ "memmap=64M@0 bogus_option=1", "bogus_option", -EINVAL },
	{ "memmap=4X@0", "memmap", -EINVAL },
	{ "memmap=1G@0 memmap=1G@0x20000000", "memmap", -EINVAL },   /* overlap */
	{ "memmap=0@0", "memmap", -EINVAL },                         /* empty */
	{ "memmap=1G@0x1001", "memmap", -EINVAL },                   /* misaligned base */
	{ "memmap=4097@0", "memmap", -EINVAL },                      /* misaligned size */
	{ "dma_limit=lots", "dma_limit", -EINVAL },
	{ "dma_limit=8G dma32_limit=4G", "dma_limit", -EINVAL },
	{ "fail_page_alloc=0,100,0,-1", "fail_page_alloc", -EINVAL },
	{ "fail_page_alloc=1,101,0,-1", "fail_page_alloc", -EINVAL },
	{ "watermark_scale_factor=0", "watermark_scale_factor", -EINVAL },
	{ "min_free_kbytes=lots", "min_free_kbytes", -EINVAL },
	{ "panic_on_warn=maybe", "panic_on_warn", -EINVAL },
	/* The host cannot reserve 2 PiB: -ENOMEM, the first range unmapped. */
	{ "memmap=64M@0 memmap=2P@0x10000000000", "memmap", -ENOMEM },
};

static void test_refusals(void)
{
	for (size_t i = 0; i < sizeof(refusals) / sizeof(refusals[0]); i++) {
		const struct refusal *r = &refusals[i];
		long vm0 = vm_size();
		int ret;

		zm_log_reset();
		ret = zslab_init(r->cmdline);
		CHECK_EQ(ret, r->err);
		CHECK_EQ(zm_reports(), 1);
		CHECK(zm_log_has(r->needle) >= 1);
		if (ret != r->err || zm_reports() != 1 || !zm_log_has(r->needle))
			zm_log_dump(r->cmdline);
		/* Nothing booted, nothing left mapped. */
		CHECK_EQ(zs_nr_ranges, 0);
		CHECK(zs_mem_map == NULL);
		CHECK(vm_size() - vm0 < (long)M);
		/* A good init works right after. */
		ret = zslab_init("memmap=64M@0");
		CHECK_EQ(ret, 0);
		if (!ret) {
			CHECK_EQ(zs_zones[ZONE_DMA32].present_pages, 12288);
			CHECK_EQ(zs_config.fail_page_alloc.enabled, false);
			CHECK(alloc_pages(GFP_KERNEL | __GFP_NOWARN, 0) != NULL);
			CHECK_EQ(zslab_validate(), 0);
			zslab_exit();
		}
	}
}

/* In a child: boot lazily from ZSLAB_CMDLINE on the first allocation. */
static int lazy_child(void)
{
	struct page *pg;
	int bad = 0;

	zm_watchdog(240);
	zm_log_start();
	setenv("ZSLAB_CMDLINE", "memmap=1G@0x100000000", 1);
	pg = alloc_pages(GFP_KERNEL, 0);
	bad |= !pg;
	bad |= pg && page_to_phys(pg) < 4 * G;
	bad |= zs_zones[ZONE_NORMAL].present_pages != (G >> 12);
	bad |= zs_zones[ZONE_DMA32].present_pages != 0;
	/* Nothing below 4 GiB exists, so DMA32 must fail. */
	bad |= alloc_pages(GFP_DMA32 | __GFP_NOWARN, 0) != NULL;
	/* Lazily booted is booted. */
	bad |= zslab_init(NULL) != -EBUSY;
	__free_pages(pg, 0);
	bad |= zslab_validate() != 0;
	return bad ? 1 : 0;
}

/* In a child: a bad ZSLAB_CMDLINE stops the program on first use. */
static int lazy_bad_child(void)
{
	zm_log_start();
	setenv("ZSLAB_CMDLINE", "memmap=lots", 1);
	alloc_pages(GFP_KERNEL, 0);
	return 3;   /* not reached */
}

static int run_child(int (*fn)(void))
{
	pid_t pid;
	int status = 0;

	fflush(NULL);
	pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0)
		_exit(fn());
	REQUIRE(waitpid(pid, &status, 0) == pid);
	return status;
}

static void test_lazy_boot(void)
{
	int st;

	CHECK_EQ(zs_booted(), 0);
	st = run_child(lazy_child);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	st = run_child(lazy_bad_child);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT);
	/* The parent never booted. */
	CHECK_EQ(zs_booted(), 0);
}

/* 1 TiB of simulated RAM costs almost nothing until used. */
static void test_terabyte(void)
{
	long rss0 = zm_rss(), vm0 = vm_size(), rss;
	struct page *pg[8];
	int ret;

	ret = zslab_init("memmap=1T@0");
	CHECK_EQ(ret, 0);
	if (ret)
		return;
	rss = zm_rss();
	CHECK(rss - rss0 < 64 * (long)M);
	fprintf(stderr, "1 TiB boot: RSS +%ld KiB\n", (rss - rss0) >> 10);
	CHECK_EQ(zs_zones[ZONE_NORMAL].present_pages, (1024 * G - 4 * G) >> 12);
	for (int i = 0; i < 8; i++) {
		pg[i] = alloc_pages(GFP_KERNEL, (unsigned int)i);
		CHECK(pg[i] && page_to_phys(pg[i]) >= 4 * G);
		if (pg[i])
			memset(page_address(pg[i]), 1, PAGE_SIZE << i);
	}
	for (int i = 0; i < 8; i++)
		__free_pages(pg[i], (unsigned int)i);
	CHECK_EQ(zslab_validate(), 0);
	CHECK(zm_rss() - rss0 < 64 * (long)M);
	CHECK(vm_size() - vm0 > 1024 * (long)G);   /* the reservation is there */
	zslab_exit();
	rss = zm_rss();
	CHECK(rss - rss0 < 4 * (long)M);
	/* ... and gone, struct page array included. */
	CHECK(vm_size() - vm0 < (long)M);
	fprintf(stderr, "1 TiB exit: RSS %+ld KiB from start\n", (rss - rss0) >> 10);
}

/* Allocate and touch @n order-10 blocks of Normal; returns how many. */
static int touch_blocks(struct page **pg, int n)
{
	int got = 0;

	for (int i = 0; i < n; i++) {
		pg[i] = alloc_pages(GFP_KERNEL, 10);
		if (pg[i]) {
			memset(page_address(pg[i]), 0x77, PAGE_SIZE << 10);
			got++;
		}
	}
	return got;
}

/*
 * Free memory and zslab_exit() give host memory back.  The allocator may
 * keep a bounded amount of freed memory resident per zone (so that a block
 * freed and taken again does not fault every page back in), so freeing
 * 256 MiB must give most of it back, and exit must give back everything.
 */
static void test_rss_follows(void)
{
	enum { N = 64 };      /* 64 x 4 MiB = 256 MiB */
	struct page *pg[N];
	long rss0, rss, vm0;

	/* Warm up once so that libc and sanitizer state are in place. */
	REQUIRE(zslab_init(NULL) == 0);
	zslab_exit();
	rss0 = zm_rss();
	vm0 = vm_size();

	REQUIRE(zslab_init(NULL) == 0);
	CHECK_EQ(touch_blocks(pg, N), N);
	rss = zm_rss();
	CHECK(rss - rss0 >= 250 * (long)M);   /* the measurement sees use */
	for (int i = 0; i < N; i++)
		__free_pages(pg[i], 10);
	rss = zm_rss();
	CHECK(rss - rss0 < 96 * (long)M);     /* most freed memory went back */
	fprintf(stderr, "after free: RSS %+ld KiB from start\n", (rss - rss0) >> 10);

	/* Exit with memory still allocated: all of it goes back. */
	CHECK_EQ(touch_blocks(pg, N), N);
	CHECK(zm_rss() - rss0 >= 250 * (long)M);
	zslab_exit();
	rss = zm_rss();
	CHECK(rss - rss0 < 4 * (long)M);
	CHECK(vm_size() - vm0 < (long)M);   /* every reservation unmapped */
	fprintf(stderr, "after exit: RSS %+ld KiB from start\n", (rss - rss0) >> 10);
}

int main(void)
{
	zm_log_start();
	test_lazy_boot();        /* first: needs a never-booted parent */
	test_default_map();
	test_map_cycles();
	test_conversions();
	test_caller_ram();
	test_ebusy();
	test_refusals();
	test_terabyte();
	test_rss_follows();
	return zt_summary("test_boot");
}
