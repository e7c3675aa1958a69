/* SPDX-License-Identifier: MIT */
/* lazy_boot.c - the one door lazy boot goes through.  See lazy_boot.h. */
#include "common/lazy_boot.h"

#include "common/lock_rank.h"
#include "common/report.h"

atomic_int zs_boot_state;

/* The "zs_boot_entry" section, bounded by the linker (empty: both NULL). */
extern zs_boot_entry_fn *const __start_zs_boot_entry[]
	__attribute__((weak, visibility("hidden")));
extern zs_boot_entry_fn *const __stop_zs_boot_entry[]
	__attribute__((weak, visibility("hidden")));

bool zs_lazy_boot(void)
{
	if (zs_booted())
		return true;
	zs_lock_assert_none("lazy boot");   /* boot takes boot_lock, rank 2 */
	if (__start_zs_boot_entry + 0 == __stop_zs_boot_entry + 0) {
		zs_report(ZS_ERR, "zslab: cannot boot on first use: no boot entry is "
			  "linked in (call zslab_init() first)");
		return false;
	}
	__start_zs_boot_entry[0]();
	return zs_booted();
}
