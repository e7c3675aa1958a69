/* SPDX-License-Identifier: MIT */
/*
 * stats.c - the statistics API (struct zslab_stats) and its report:
 * zslab_stats_print() and stats=exit.
 *
 * The report's first part is the kernel slabinfo tool's -T summary, with
 * its labels and its size format, so that it reads the same as
 * `slabinfo -T` run on the same tree (a live slab_sysfs= mount); then the
 * ten caches holding the most memory, the zones' page counts, and the
 * section a layer above registered (the malloc heap).  It is built in a
 * report buffer without malloc, as it may run inside malloc_stats() or
 * from a destructor at exit.
 */
#include <errno.h>
#include <string.h>

#include "config/config.h"
#include "host/host.h"
#include "common/lazy_boot.h"
#include "init/stats.h"
#include <zslab/zslab.h>

#define TOP_CACHES 10

static void (*stats_extra)(struct zs_rbuf *rb);

void zs_stats_set_extra(void (*fn)(struct zs_rbuf *rb))
{
	stats_extra = fn;
}

const char *zs_stats_size(char buf[24], unsigned long long v)
{
	static const struct { unsigned long long above, tenth; char unit; } scale[] = {
		{ 1000000000ULL, 100000000ULL, 'G' },
		{ 1000000ULL, 100000ULL, 'M' },
		{ 1000ULL, 100ULL, 'K' },
	};

	for (size_t i = 0; i < sizeof(scale) / sizeof(scale[0]); i++)
		if (v > scale[i].above) {
			unsigned long long tenths = v / scale[i].tenth;
			snprintf(buf, 24, "%llu.%llu%c", tenths / 10, tenths % 10, scale[i].unit);
			return buf;
		}
	snprintf(buf, 24, "%llu", v);
	return buf;
}

static unsigned long long cache_bytes(const struct zslab_cache_info *ci)
{
	return (unsigned long long)ci->slabs * (PAGE_SIZE << ci->order);
}

/* --- the numbers ------------------------------------------------------- */

/* One row of the top-caches table, formatted while the cache is held. */
struct top_row {
	unsigned long long bytes;
	char text[112];
};

struct walk {
	struct zslab_stats *st;
	bool want_top;                    /* the report: fill top[] too */
	struct top_row top[TOP_CACHES];   /* most memory first */
	unsigned int nr_top;
};

static void top_insert(struct walk *w, const struct zslab_cache_info *ci,
		       unsigned long long bytes)
{
	unsigned int i = w->nr_top < TOP_CACHES ? w->nr_top++ : TOP_CACHES;
	char space[24];

	if (i == TOP_CACHES && bytes <= w->top[TOP_CACHES - 1].bytes)
		return;
	if (i == TOP_CACHES)
		i--;
	for (; i > 0 && w->top[i - 1].bytes < bytes; i--)
		w->top[i] = w->top[i - 1];
	w->top[i].bytes = bytes;
	snprintf(w->top[i].text, sizeof(w->top[i].text),
		 "%-22.22s %7lu %7u %8s %7lu/%-4lu %4u %u %3lu %3llu",
		 ci->name, ci->objects, ci->object_size, zs_stats_size(space, bytes),
		 ci->slabs, ci->partial, ci->objs_per_slab, ci->order,
		 ci->slabs ? ci->partial * 100 / ci->slabs : 0,
		 bytes ? (unsigned long long)ci->objects * ci->object_size * 100 / bytes : 0);
}

static int add_cache(const struct zslab_cache_info *ci, void *arg)
{
	struct walk *w = arg;
	struct zslab_stats *st = w->st;
	unsigned long long bytes = cache_bytes(ci);

	st->caches++;
	st->active_caches += ci->slabs && ci->objects;
	st->slabs += ci->slabs;
	st->partial_slabs += ci->partial;
	st->objects += ci->objects;
	st->partial_objects += ci->objects_partial;
	st->total_objects += ci->total_objects;
	st->slab_bytes += bytes;
	st->object_bytes += (unsigned long long)ci->objects * ci->object_size;
	if (bytes && w->want_top)
		top_insert(w, ci, bytes);
	return 0;
}

static void collect(struct walk *w)
{
	struct zslab_stats *st = w->st;

	memset(st, 0, sizeof(*st));
	zslab_cache_for_each(add_cache, w);
	st->loss_bytes = st->slab_bytes - st->object_bytes;
	for (int z = 0; z < 3; z++) {
		zslab_zone_get_info((enum zone_type)z, &st->zones[z]);
		st->allocated_bytes += (unsigned long long)st->zones[z].allocated * PAGE_SIZE;
	}
}

int zslab_stats_get(struct zslab_stats *out)
{
	struct walk w = { .st = out, .want_top = false, .nr_top = 0 };

	if (!out)
		return -EINVAL;
	zs_lazy_boot();
	collect(&w);
	return 0;
}

/* --- the report -------------------------------------------------------- */

static unsigned long long pct(unsigned long long a, unsigned long long b)
{
	return b ? a * 100 / b : 0;
}

static void format_totals(struct zs_rbuf *rb, const struct zslab_stats *st)
{
	char a[24], b[24];

	zs_rbuf_add(rb, "Slabcache Totals\n----------------\n");
	zs_rbuf_add(rb, "Slabcaches : %15u   Active:    %3u\n", st->caches, st->active_caches);
	zs_rbuf_add(rb, "Memory used: %15s   # Loss   : %15s   MRatio:%6llu%%\n",
		    zs_stats_size(a, st->slab_bytes), zs_stats_size(b, st->loss_bytes),
		    pct(st->loss_bytes, st->object_bytes));
	zs_rbuf_add(rb, "# Objects  : %15s   # PartObj: %15s   ORatio:%6llu%%\n",
		    zs_stats_size(a, st->objects), zs_stats_size(b, st->partial_objects),
		    pct(st->partial_objects, st->objects));
	zs_rbuf_add(rb, "# Slabs    : %15lu   # PartSlb: %15lu   PRatio:%6llu%%\n",
		    st->slabs, st->partial_slabs, pct(st->partial_slabs, st->slabs));
}

static void format_top(struct zs_rbuf *rb, const struct walk *w)
{
	zs_rbuf_add(rb, "\nCaches holding the most memory\n"
		    "%-22s %7s %7s %8s %12s %4s %s %3s %3s\n", "Name", "Objects",
		    "Objsize", "Space", "Slabs/Part", "O/S", "O", "%Fr", "%Ef");
	for (unsigned int i = 0; i < w->nr_top; i++)
		zs_rbuf_add(rb, "%s\n", w->top[i].text);
}

static void format_zones(struct zs_rbuf *rb, const struct zslab_stats *st)
{
	unsigned long tot[5] = { 0, 0, 0, 0, 0 };
	char held[24];

	zs_rbuf_add(rb, "\nPage allocator (pages of %lu bytes; dirty: free, still resident)\n"
		    "%-8s %11s %11s %9s %10s %11s %9s\n", PAGE_SIZE, "Zone", "managed",
		    "free", "dirty", "per-thread", "allocated", "held");
	for (int z = 0; z < 3; z++) {
		const struct zslab_zone_info *zi = &st->zones[z];
		zs_rbuf_add(rb, "%-8s %11lu %11lu %9lu %10lu %11lu %9s\n", zi->name,
			    zi->managed, zi->free, zi->dirty, zi->cached, zi->allocated,
			    zs_stats_size(held, (unsigned long long)zi->allocated * PAGE_SIZE));
		tot[0] += zi->managed;
		tot[1] += zi->free;
		tot[2] += zi->dirty;
		tot[3] += zi->cached;
		tot[4] += zi->allocated;
	}
	zs_rbuf_add(rb, "%-8s %11lu %11lu %9lu %10lu %11lu %9s\n", "Total", tot[0], tot[1],
		    tot[2], tot[3], tot[4], zs_stats_size(held, st->allocated_bytes));
}

void zs_stats_format(struct zs_rbuf *rb)
{
	struct zslab_stats st;
	struct walk w = { .st = &st, .want_top = true, .nr_top = 0 };

	collect(&w);
	format_totals(rb, &st);
	format_top(rb, &w);
	format_zones(rb, &st);
	if (stats_extra)
		stats_extra(rb);
}

void zslab_stats_print(FILE *out)
{
	struct zs_rbuf rb;

	if (!out)
		return;
	zs_lazy_boot();
	zs_rbuf_init(&rb);
	zs_stats_format(&rb);
	fputs(rb.buf, out);
}

void zs_stats_at_exit(void)
{
	struct zs_rbuf rb;

	if (!zs_config.stats_exit)
		return;
	zs_rbuf_init(&rb);
	zs_rbuf_add(&rb, "zslab statistics (stats=exit), pid %d (%s)\n\n", zs_host_pid(),
		    zs_host_comm());
	zs_stats_format(&rb);
	zs_report_emit(ZS_INFO, &rb);
}

/*
 * A process that exits while booted: stats=exit from here, after the
 * program's atexit handlers (a destructor needs no registration, which
 * could allocate).  After zslab_exit() nothing is booted and this is
 * silent: zslab_exit() printed already.
 */
__attribute__((destructor)) static void stats_destructor(void)
{
	if (zs_booted())
		zs_stats_at_exit();
}
