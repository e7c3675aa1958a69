/* SPDX-License-Identifier: MIT */
/*
 * lazy_boot.h - booting on first use, without a call up the layers.
 *
 * A program that never calls zslab_init() boots on its first allocation,
 * with the options in ZSLAB_CMDLINE.  As mimalloc does it (_mi_heap_empty
 * in its src/init.c), nothing tests "booted?" on the way in: before boot
 * every layer's state is a static empty state, so a fast path fails its
 * first test and falls into its slow path, and only slow paths ask
 * zs_lazy_boot():
 *
 *   mm    no zone has a page, so alloc_pages() always reaches
 *         alloc_slowpath(), which boots and retries;
 *   slab  the cache registry is an empty list; kmem_cache_create() (slow
 *         by nature) boots before it looks at it;
 *   views zslab_cache_for_each(), the sysfs tree, zslab_zone_get_info()
 *         and zslab_proc_show() boot first (they are not fast paths);
 *   frees of a pointer before boot find no RAM and report it.
 *
 * zs_lazy_boot() runs the boot entry that the init layer (the top floor,
 * which calls every layer) put in the "zs_boot_entry" link section with
 * ZS_BOOT_ENTRY(): dependency inversion at link time, the kernel's
 * initcall idiom.  No layer below init names it or includes init/.  The
 * entry is static data, so it is there before any constructor runs.
 * libzslab.a is one relocatable object (CMakeLists.txt), so a static
 * program that uses any layer links init too.
 *
 * What still tests at the top of an entry point, until the fast-path work
 * gives it an empty state of its own: zs_legacy_ensure_booted() below.
 */
#ifndef ZSLAB_LAZY_BOOT_H
#define ZSLAB_LAZY_BOOT_H

#include <stdatomic.h>
#include <stdbool.h>

#pragma GCC visibility push(hidden)

/* 1 once booted, 0 before boot and after zslab_exit(); init writes it. */
extern atomic_int zs_boot_state;

/* zs_booted() - is zslab booted?  (An acquire: what boot wrote is seen.) */
static inline bool zs_booted(void)
{
	return atomic_load_explicit(&zs_boot_state, memory_order_acquire) != 0;
}

/*
 * zs_lazy_boot() - boot now if not booted, from ZSLAB_CMDLINE.  For slow
 * paths only, with no zslab lock held.  Returns zs_booted(): false while
 * this very thread is booting (the boot's own allocations come back
 * here), or when no boot entry is linked (reported).  Bad options in
 * ZSLAB_CMDLINE are reported, then the process aborts, as before.
 */
bool zs_lazy_boot(void);

/* The boot entry: boots zslab from the environment if it is not booted. */
typedef void zs_boot_entry_fn(void);

/* ZS_BOOT_ENTRY(fn) - make @fn the boot entry (init/init.c does, once). */
#define ZS_BOOT_ENTRY(fn)                                                   \
	static zs_boot_entry_fn *const zs_boot_entry_##fn                   \
	__attribute__((used, section("zs_boot_entry"))) = (fn)

/*
 * zs_legacy_ensure_booted() - the old scheme: a boot test at the top of
 * an entry point.  DEPRECATED, kept only for the fast path the perf work
 * converts to an empty state: kmalloc() in slab/kmalloc.c (its kmalloc
 * caches are NULL before boot).  New code calls zs_lazy_boot() from a
 * slow path instead; delete this with its last caller.  Returns whether
 * zslab is booted now (a lazy boot that found no host memory: false).
 */
static inline bool zs_legacy_ensure_booted(void)
{
	if (__builtin_expect(zs_booted(), 1))
		return true;
	zs_lazy_boot();     /* may find no host memory: then still false */
	return zs_booted();
}

#pragma GCC visibility pop

#endif
