/* SPDX-License-Identifier: MIT */
/*
 * test_lazy_boot.c - every kind of first call boots zslab from
 * ZSLAB_CMDLINE through its slow path (common/lazy_boot.h), each in a
 * fresh child: a page allocation, a cache, kmalloc, the views, an
 * io-pgtable; and a free before boot boots nothing and reports the
 * pointer.  This program calls no function of the init layer, so it also
 * proves that a static link of libzslab.a brings the boot entry along.
 */
#include "zt.h"
#include "zt_mm.h"
#include "zt_v7s.h"

#include <sys/wait.h>

#include "common/lazy_boot.h"

#define CMDLINE "memmap=512M@0x40000000"   /* DMA32 only: tells it was used */
#define CMDLINE_PAGES ((512 * ZM_MIB) >> 12)

/* Booted, from CMDLINE?  (Only this map has 512 MiB of DMA32 and no more.) */
static bool booted_from_env(void)
{
	return zs_booted() && zs_zones[ZONE_DMA32].present_pages == CMDLINE_PAGES &&
	       zs_zones[ZONE_DMA].present_pages == 0 &&
	       zs_zones[ZONE_NORMAL].present_pages == 0;
}

static bool first_alloc_pages(void)
{
	struct page *pg = alloc_pages(GFP_KERNEL, 2);
	bool ok = pg && booted_from_env();

	__free_pages(pg, 2);
	return ok;
}

static bool first_get_free_page(void)
{
	unsigned long addr = get_zeroed_page(GFP_KERNEL);
	bool ok = addr && booted_from_env();

	free_page(addr);
	return ok;
}

static bool first_cache(void)
{
	struct kmem_cache *s = kmem_cache_create("lazy-first", 200, 0, 0, NULL);
	void *p = s ? kmem_cache_alloc(s, GFP_KERNEL) : NULL;
	bool ok = p && booted_from_env();

	kmem_cache_free(s, p);
	kmem_cache_destroy(s);
	return ok;
}

static bool first_kmalloc(void)
{
	void *small = kmalloc(40, GFP_KERNEL), *large = kmalloc(100000, GFP_KERNEL);
	bool ok = small && large && booted_from_env();

	kfree(small);
	kfree(large);
	return ok;
}

static bool first_kmalloc_large(void)
{
	void *large = kmalloc(100000, GFP_KERNEL);
	bool ok = large && booted_from_env();

	kfree(large);
	return ok;
}

static int count_cache(const struct zslab_cache_info *ci, void *arg)
{
	(void)ci;
	++*(int *)arg;
	return 0;
}

static bool first_view(void)
{
	int n = 0;

	return zslab_cache_for_each(count_cache, &n) == 0 && n > 0 && booted_from_env();
}

static bool first_zone_info(void)
{
	struct zslab_zone_info zi;

	return zslab_zone_get_info(ZONE_DMA32, &zi) == 0 &&
	       zi.present == CMDLINE_PAGES && booted_from_env();
}

static bool first_proc(void)
{
	FILE *f = fopen("/dev/null", "w");
	bool ok = f && zslab_proc_show("zoneinfo", f) == 0 && booted_from_env();

	if (f)
		fclose(f);
	return ok;
}

static bool first_io_pgtable(void)
{
	struct io_pgtable_cfg cfg;
	struct io_pgtable_ops *ops;
	bool ok;

	zv_cfg_selftest(&cfg);
	ops = alloc_io_pgtable_ops(ARM_V7S, &cfg, &cfg);
	ok = ops && booted_from_env();

	free_io_pgtable_ops(ops);
	return ok;
}

/* A free before boot: nothing to free, reported, zslab still not booted. */
static bool first_free(void)
{
	static char not_ram[2 * 4096];
	unsigned long addr = ((unsigned long)not_ram + 4095) & ~4095UL;

	kfree(NULL);
	free_pages(addr, 0);
	return !zs_booted() && zm_log_has("is not a page of simulated RAM") == 1;
}

/* Run @fn in a child that starts unbooted with ZSLAB_CMDLINE set. */
static bool in_child(bool (*fn)(void))
{
	int st = 0;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0) {
		zm_watchdog(120);
		zm_log_start();
		setenv("ZSLAB_CMDLINE", CMDLINE, 1);
		if (zs_booted())
			_exit(2);
		_exit(fn() ? 0 : 1);
	}
	REQUIRE(waitpid(pid, &st, 0) == pid);
	return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

int main(void)
{
	static const struct {
		const char *name;
		bool (*fn)(void);
	} cases[] = {
		{ "alloc_pages", first_alloc_pages },
		{ "get_zeroed_page", first_get_free_page },
		{ "kmem_cache_create", first_cache },
		{ "kmalloc", first_kmalloc },
		{ "kmalloc (large)", first_kmalloc_large },
		{ "zslab_cache_for_each", first_view },
		{ "zslab_zone_get_info", first_zone_info },
		{ "zslab_proc_show", first_proc },
		{ "alloc_io_pgtable_ops", first_io_pgtable },
		{ "free before boot", first_free },
	};

	CHECK(!zs_booted());
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		bool ok = in_child(cases[i].fn);
		if (!ok)
			fprintf(stderr, "first call %s: lazy boot failed\n", cases[i].name);
		CHECK(ok);
	}
	CHECK(!zs_booted());   /* the parent never booted */
	return zt_summary("test_lazy_boot");
}
