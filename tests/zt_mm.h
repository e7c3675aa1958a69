/* SPDX-License-Identifier: MIT */
/*
 * zt_mm.h - helpers shared by the page-allocator tests: a thread-safe
 * report log (count reports, search their text), /proc views captured as
 * strings and parsed, buddyinfo snapshots, the process RSS, and a small
 * seeded random generator.  Include after zt.h.
 *
 * Everything here reads the allocator from the outside (zslab_proc_show)
 * or through the internal headers the tests are allowed to use; nothing
 * changes allocator state except zm_drain() (drain_all_pages).
 */
#ifndef ZSLAB_ZT_MM_H
#define ZSLAB_ZT_MM_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mm/mm_internal.h"
#include "mm/mm_proc.h"
#include "mm/page_alloc.h"

#define ZM_MIB (1ULL << 20)
#define ZM_GIB (1ULL << 30)

/* ------------------------------------------------------------------ */
/* Report log: every report's text, appended; safe from many threads.  */
/* ------------------------------------------------------------------ */

#define ZM_LOG_SIZE (1u << 20)

static pthread_mutex_t zm_log_lock = PTHREAD_MUTEX_INITIALIZER;
static char zm_log[ZM_LOG_SIZE];
static size_t zm_log_len;
static unsigned long zm_log_count;

static inline void zm_hook(const char *text, void *arg)
{
	size_t n = strlen(text);

	(void)arg;
	pthread_mutex_lock(&zm_log_lock);
	zm_log_count++;
	if (zm_log_len + n + 1 < ZM_LOG_SIZE) {
		memcpy(zm_log + zm_log_len, text, n + 1);
		zm_log_len += n;
	}
	if (getenv("ZT_VERBOSE"))
		fputs(text, stderr);
	pthread_mutex_unlock(&zm_log_lock);
}

/* Route reports into the log (instead of stderr). */
static inline void zm_log_start(void)
{
	zslab_set_report_hook(zm_hook, NULL);
}

/*
 * Fail (SIGALRM) rather than hang when corrupted free lists make the
 * allocator loop; far above any sane run time, sanitizers included.
 */
static inline void zm_watchdog(unsigned int seconds)
{
	alarm(seconds);
}

/* Forget the log; returns how many reports it held. */
static inline unsigned long zm_log_reset(void)
{
	unsigned long n;

	pthread_mutex_lock(&zm_log_lock);
	n = zm_log_count;
	zm_log_count = 0;
	zm_log_len = 0;
	zm_log[0] = 0;
	pthread_mutex_unlock(&zm_log_lock);
	return n;
}

static inline unsigned long zm_reports(void)
{
	unsigned long n;

	pthread_mutex_lock(&zm_log_lock);
	n = zm_log_count;
	pthread_mutex_unlock(&zm_log_lock);
	return n;
}

/* How many times @needle occurs in the log. */
static inline unsigned long zm_log_has(const char *needle)
{
	unsigned long n = 0;
	const char *p;

	pthread_mutex_lock(&zm_log_lock);
	for (p = zm_log; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	pthread_mutex_unlock(&zm_log_lock);
	return n;
}

/* Print the log to stderr (to explain a failed check). */
static inline void zm_log_dump(const char *why)
{
	pthread_mutex_lock(&zm_log_lock);
	fprintf(stderr, "--- report log (%s): %lu reports ---\n%s--- end ---\n",
		why, zm_log_count, zm_log);
	pthread_mutex_unlock(&zm_log_lock);
}

/* ------------------------------------------------------------------ */
/* /proc views                                                         */
/* ------------------------------------------------------------------ */

/* The text of view @name (malloc'd; free it), or NULL. */
static inline char *zm_proc(const char *name)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int ret;

	if (!f)
		return NULL;
	ret = zslab_proc_show(name, f);
	fclose(f);
	if (ret) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* The numbers of one /proc/zoneinfo zone block. */
struct zm_zoneinfo {
	char name[16];
	unsigned long free, min, low, high, spanned, present, managed;
	long prot[MAX_NR_ZONES];
	int nprot;
	bool seen;
};

/*
 * Parse the header and the watermark block of every zone in a zoneinfo
 * text into @zi (indexed by zone number, in the order shown).  Returns the
 * number of zones found.  Format checking is test_proc.c's job; this only
 * extracts.
 */
static inline int zm_parse_zoneinfo(const char *text, struct zm_zoneinfo *zi,
				    int max)
{
	int n = -1;

	memset(zi, 0, sizeof(*zi) * (size_t)max);
	while (text && *text) {
		const char *nl = strchr(text, '\n');
		size_t len = nl ? (size_t)(nl - text) : strlen(text);
		char line[256], name[16];
		int node;

		/* One line at a time, so that no search runs into the next. */
		snprintf(line, sizeof(line), "%.*s", (int)len, text);
		text = nl ? nl + 1 : NULL;
		if (sscanf(line, "Node %d, zone %15s", &node, name) == 2) {
			if (++n >= max)
				return max;
			snprintf(zi[n].name, sizeof(zi[n].name), "%s", name);
			zi[n].seen = true;
		} else if (n >= 0) {
			struct zm_zoneinfo *z = &zi[n];
			const char *p;
			sscanf(line, "  pages free %lu", &z->free);
			sscanf(line, " min %lu", &z->min);
			sscanf(line, " low %lu", &z->low);
			sscanf(line, " high %lu", &z->high);
			sscanf(line, " spanned %lu", &z->spanned);
			sscanf(line, " present %lu", &z->present);
			sscanf(line, " managed %lu", &z->managed);
			if ((p = strstr(line, "protection: (")) != NULL) {
				p += strlen("protection: (");
				z->nprot = 0;
				while (z->nprot < MAX_NR_ZONES) {
					char *end;
					long v = strtol(p, &end, 10);
					if (end == p)
						break;
					z->prot[z->nprot++] = v;
					p = end;
					if (*p != ',')
						break;
					p++;
				}
			}
		}
	}
	return n + 1;
}

/* zoneinfo parsed now; returns the number of zones. */
static inline int zm_zoneinfo(struct zm_zoneinfo zi[MAX_NR_ZONES])
{
	char *text = zm_proc("zoneinfo");
	int n = text ? zm_parse_zoneinfo(text, zi, MAX_NR_ZONES) : 0;

	free(text);
	return n;
}

/* ------------------------------------------------------------------ */
/* Free-memory snapshots                                               */
/* ------------------------------------------------------------------ */

/* Give every thread's cached order-0 pages back (drain_all_pages). */
static inline void zm_drain(void)
{
	zs_pcp_drain_all();
}

/* The zone's free pages (buddy lists + never-used memory). */
static inline long zm_free(unsigned int zone)
{
	return atomic_load(&zs_zones[zone].nr_free);
}

struct zm_buddy {
	unsigned long n[MAX_NR_ZONES][MAX_ORDER];
	long free[MAX_NR_ZONES];
};

/* Drain the per-thread lists, then record buddyinfo and free counts. */
static inline void zm_buddy_snap(struct zm_buddy *b)
{
	zm_drain();
	for (unsigned int z = 0; z < MAX_NR_ZONES; z++) {
		for (unsigned int o = 0; o < MAX_ORDER; o++)
			b->n[z][o] = zs_buddyinfo_count(z, o);
		b->free[z] = zm_free(z);
	}
}

/*
 * After draining the per-thread lists, is buddyinfo (and each zone's free
 * count) exactly @boot?  Prints the differences.
 */
static inline bool zm_buddy_equal(const struct zm_buddy *boot, const char *what)
{
	struct zm_buddy now;
	bool same = true;

	zm_buddy_snap(&now);
	for (unsigned int z = 0; z < MAX_NR_ZONES; z++) {
		if (now.free[z] != boot->free[z]) {
			fprintf(stderr, "%s: zone %s free %ld, at boot %ld\n", what,
				zs_zone_names[z], now.free[z], boot->free[z]);
			same = false;
		}
		for (unsigned int o = 0; o < MAX_ORDER; o++)
			if (now.n[z][o] != boot->n[z][o]) {
				fprintf(stderr, "%s: zone %s order %u: %lu blocks, at boot %lu\n",
					what, zs_zone_names[z], o, now.n[z][o], boot->n[z][o]);
				same = false;
			}
	}
	return same;
}

/* ------------------------------------------------------------------ */
/* Host                                                                */
/* ------------------------------------------------------------------ */

/* Resident set size in bytes, from /proc/self/statm. */
static inline long zm_rss(void)
{
	FILE *f = fopen("/proc/self/statm", "r");
	long size = 0, rss = 0;

	if (!f)
		return -1;
	if (fscanf(f, "%ld %ld", &size, &rss) != 2)
		rss = -1;
	fclose(f);
	return rss < 0 ? -1 : rss * sysconf(_SC_PAGESIZE);
}

/* ------------------------------------------------------------------ */
/* Random numbers: xorshift64*, seeded per test (ZT_SEED overrides).   */
/* ------------------------------------------------------------------ */

static inline uint64_t zm_seed(uint64_t dflt)
{
	const char *s = getenv("ZT_SEED");

	return s ? strtoull(s, NULL, 0) : dflt;
}

static inline uint64_t zm_rand(uint64_t *s)
{
	uint64_t x = *s ? *s : 0x9e3779b97f4a7c15ull;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	return x * 0x2545f4914f6cdd1dull;
}

/* Uniform in [0, n). */
static inline unsigned long zm_below(uint64_t *s, unsigned long n)
{
	return (unsigned long)((zm_rand(s) >> 11) % n);
}

#endif
