/* SPDX-License-Identifier: MIT */
/*
 * init.c - boot order and teardown.
 *
 * Boot: parse options -> memory map and zones -> page allocator
 * (watermarks, per-thread lists) -> slab layer.  Teardown runs the same
 * steps backwards and returns every byte of host memory.
 */
#include <errno.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "init/stats.h"
#include "config/config.h"
#include "common/lazy_boot.h"
#include "common/lock.h"
#include "common/report.h"
#include "dma/swiotlb_internal.h"
#include "lib/vmalloc.h"
#include "mm/page_alloc.h"
#include "slab/failslab.h"
#include "slab/slab_init.h"
#include "slab/slab_rcu.h"
#include "slab/sysfs.h"
#include <zslab/zslab.h>

/* Set while this thread boots: the slab layer allocates during boot. */
static __thread bool tl_booting;
static zs_spinlock_t boot_lock = ZS_SPINLOCK_INIT(ZS_RANK_BOOT);

/*
 * fork(): hold every lock the child needs, in the order of lock_rank.h;
 * the one place that holds several locks of one rank (the fork exception
 * the rank checker allows between zs_lock_fork_begin() and _end()).
 */
static void fork_prepare(void)
{
	zs_lock_fork_begin();
	zs_spin_lock(&boot_lock);
	if (zs_booted()) {
		zs_slab_fork_prepare();
		zs_mm_fork_prepare();
	}
	zs_report_fork_prepare();
	zs_lock_fork_end();
}

static void fork_parent(void)
{
	zs_report_fork_parent();
	if (zs_booted()) {
		zs_mm_fork_parent();
		zs_slab_fork_parent();
	}
	zs_spin_unlock(&boot_lock);
}

static void fork_child(void)
{
	zs_report_fork_child();
	if (zs_booted()) {
		zs_mm_fork_child();
		zs_slab_fork_child();
	}
	zs_spin_unlock(&boot_lock);
}


static int add_caller_ram(const struct zslab_ram *ram, unsigned int nr)
{
	for (unsigned int i = 0; i < nr; i++) {
		if (zs_config.nr_ram >= ZSLAB_MAX_MEMMAP) {
			zs_report(ZS_ERR, "zslab: too many RAM ranges (at most %d)", ZSLAB_MAX_MEMMAP);
			return -EINVAL;
		}
		if (!ram[i].host) {
			zs_report(ZS_ERR, "zslab: RAM range %#llx+%#zx has no host buffer",
				  (unsigned long long)ram[i].base, ram[i].size);
			return -EINVAL;
		}
		zs_config.ram[zs_config.nr_ram++] = (struct zs_range){
			.base = ram[i].base, .size = ram[i].size, .host = ram[i].host };
	}
	return 0;
}

static int boot_locked(const char *cmdline, const struct zslab_ram *ram,
		       unsigned int nr)
{
	int err = zs_config_parse(cmdline, zs_report_config);

	if (!err)
		err = add_caller_ram(ram, nr);
	if (!err)
		err = zs_memmap_init(&zs_config);
	if (err) {
		zs_config_parse(NULL, NULL);
		return err;
	}
	zs_page_alloc_init();
	tl_booting = true;
	err = zs_slab_init();
	if (!err)
		zs_vmalloc_init();   /* failure reported; vmalloc then works as with anon RAM */
	tl_booting = false;
	if (err) {
		zs_page_alloc_exit();
		zs_memmap_exit();
		zs_config_parse(NULL, NULL);
		return err;
	}
	zs_page_alloc_arm_faults();
	zs_swiotlb_init();        /* plugs into dma-direct; the pool comes on use */
	zs_failslab_arm();
	zs_host_atfork(fork_prepare, fork_parent, fork_child);
	if (zs_config.stats_exit)
		zs_host_keep_err();   /* the report outlives a closed stderr */
	atomic_store_explicit(&zs_boot_state, 1, memory_order_release);
	return 0;
}

/*
 * After boot, outside boot_lock: the live view (slab_sysfs=DIR).  Its
 * failure (reported) fails zslab_init(), which asked for it; a lazy boot
 * (@lazy: the program never asked) carries on without the view.
 */
static int start_views(bool lazy)
{
	int err;

	if (!zs_config.slab_sysfs[0])
		return 0;
	err = zs_sysfs_mount(zs_config.slab_sysfs);
	if (err && !lazy)
		zslab_exit();
	return lazy ? 0 : err;
}

int zslab_init_ram(const char *cmdline, const struct zslab_ram *ram,
		   unsigned int nr)
{
	int err;

	zs_spin_lock(&boot_lock);
	err = zs_booted() ? -EBUSY : boot_locked(cmdline, ram, nr);
	zs_spin_unlock(&boot_lock);
	if (err == -EBUSY)
		zs_report(ZS_ERR, "zslab: zslab_init: already booted (call zslab_exit first)");
	return err ? err : start_views(false);
}

int zslab_init(const char *cmdline)
{
	return zslab_init_ram(cmdline, NULL, 0);
}

/* Lazy boot found no host memory once: it is not tried again. */
static atomic_bool lazy_boot_gave_up;

/*
 * The boot entry lazy boot runs (common/lazy_boot.h): boot from
 * ZSLAB_CMDLINE unless booted, or booting on this thread already.
 */
static void boot_from_env(void)
{
	const char *cmdline;
	int err = 0;

	if (tl_booting || atomic_load_explicit(&lazy_boot_gave_up, memory_order_relaxed))
		return;
	cmdline = zs_host_getenv("ZSLAB_CMDLINE");
	bool booted_here = false;

	zs_spin_lock(&boot_lock);
	if (!zs_booted()) {
		err = boot_locked(cmdline, NULL, 0);
		booted_here = !err;
	}
	zs_spin_unlock(&boot_lock);
	if (booted_here)
		err = start_views(true);
	if (err == -ENOMEM) {
		/* the host has no room even for the smallest machine: every
		 * allocation fails with ENOMEM, as glibc's would, and lazy boot
		 * is not tried again (issue 13, defect 2: never abort for this) */
		if (!atomic_exchange(&lazy_boot_gave_up, true))
			zs_report(ZS_ERR, "zslab: cannot boot from ZSLAB_CMDLINE=\"%s\": no host memory (error %d); allocations fail with ENOMEM",
				  cmdline ? cmdline : "", err);
	} else if (err) {
		zs_report(ZS_ERR, "zslab: cannot boot from ZSLAB_CMDLINE=\"%s\" (error %d)",
			  cmdline ? cmdline : "", err);
		zs_host_abort();
	}
}

ZS_BOOT_ENTRY(boot_from_env);

void zslab_exit(void)
{
	if (zs_booted())
		zs_stats_at_exit();   /* stats=exit: while there is a machine */
	zs_sysfs_unmount();   /* first: its server reads the slab layer */
	/* the RCU engine's pending slab frees run before teardown; its
	 * barrier is a user callback, so no lock is held */
	zs_slab_rcu_barrier();
	zs_spin_lock(&boot_lock);
	if (atomic_load(&zs_boot_state)) {
		atomic_store(&zs_boot_state, 0);
		zs_swiotlb_exit();     /* its pool's pages and slot records */
		zs_vmalloc_exit();
		zs_slab_exit();
		zs_page_alloc_exit();
		zs_memmap_exit();
		zs_config_parse(NULL, NULL);
	}
	zs_spin_unlock(&boot_lock);
}

void zslab_options_help(FILE *out)
{
	zs_config_help(out);
}
