/* SPDX-License-Identifier: MIT */
/*
 * malloc_iface.h - the one internal interface that libzslab-malloc.so
 * (malloc/) is built on: everything of zslab below the public API that the
 * C library's allocation functions use, gathered here so that malloc/
 * includes this header, its own and public headers, and nothing else (as
 * mimalloc's alloc-override.c reaches only the allocator's own entry
 * points).  It lives on the init floor because it spans the floors below.
 *
 * What malloc/ uses, by floor:
 *   host    zs_host_thread_exit_hook(), ZS_HOST_PAGE, the host mappings
 *           of big blocks (bigmap.c)
 *   config  zs_config (stats_exit)
 *   common  zs_assert(), zs_lazy_boot(), reports (zs_warn, zs_rbuf_*,
 *           zs_report_fatal), the big-block registry's lock (common/lock.h)
 *   mm      zs_virt_to_page(), the first RAM range (zs_ranges,
 *           zs_range0_bytes, zs_mem_map), struct page
 *   slab    the fast path (sheaf_fast.h: zs_sheaf_pop/push, zs_tl_slab,
 *           zs_slab_hooks), the object test (slub_internal.h:
 *           zs_valid_object_at, zs_ptr_classify), the class map
 *           (class_map.h: zs_class_find), the kmalloc and malloc
 *           class tables (slab.h), slub_debug's request-size record
 *           (slub_debug.h), the live view's exec hook (sysfs.h)
 *   init    the statistics report (stats.h)
 */
#ifndef ZSLAB_MALLOC_IFACE_H
#define ZSLAB_MALLOC_IFACE_H

#include "common/assert.h"
#include "common/lazy_boot.h"
#include "common/lock.h"
#include "common/report.h"
#include "config/config.h"
#include "host/host.h"
#include "init/stats.h"
#include "mm/page_alloc.h"
#include "slab/class_map.h"
#include "slab/failslab.h"
#include "slab/sheaf_fast.h"
#include "slab/slab.h"
#include "slab/slub_debug.h"
#include "slab/slub_internal.h"
#include "slab/sysfs.h"

#endif
