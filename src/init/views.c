/* SPDX-License-Identifier: MIT */
/*
 * views.c - zslab_proc_show() and zslab_validate(): the public doors to
 * every layer's views and validators.
 */
#include <errno.h>
#include <string.h>

#include "common/lazy_boot.h"
#include "mm/mm_proc.h"
#include "slab/slab.h"
#include "slab/slab_stats.h"
#include <zslab/zslab.h>

struct proc_view {
	const char *name;
	void (*show)(FILE *out);
};

static const struct proc_view views[] = {
	{ "buddyinfo", zs_show_buddyinfo },
	{ "zoneinfo", zs_show_zoneinfo },
	{ "slabinfo", zs_show_slabinfo },
	{ "iomem", zs_show_iomem },
};

int zslab_proc_show(const char *name, FILE *out)
{
	if (!name || !out)
		return -EINVAL;
	for (size_t i = 0; i < sizeof(views) / sizeof(views[0]); i++)
		if (!strcmp(name, views[i].name)) {
			zs_lazy_boot();
			views[i].show(out);
			return 0;
		}
	return -ENOENT;
}

long zslab_validate(void)
{
	zs_lazy_boot();
	return zs_mm_validate() + zs_slab_validate_all();
}
