/* SPDX-License-Identifier: MIT */
/*
 * config.h - the parsed boot options.  One global instance, written only by
 * the command-line parser during zslab_init() and read by every layer.
 * The option table in options.c is the single list of options: its name,
 * default and help text, and which field below it fills.
 */
#ifndef ZSLAB_CONFIG_H
#define ZSLAB_CONFIG_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#pragma GCC visibility push(hidden)

#define ZSLAB_MAX_MEMMAP 32
#define ZSLAB_PATH_MAX 4096

/* A RAM range; @host is NULL when zslab reserves the backing itself. */
struct zs_range {
	uint64_t base;
	uint64_t size;
	void *host;
};

/*
 * Kernel fault-injection attributes (Documentation/fault-injection):
 * fail every @interval-th candidate with @probability percent, after
 * @space units have been let through (pages for fail_page_alloc, bytes
 * for failslab, as in the kernel), at most @times times (-1: no limit);
 * with @task_filter only in threads that set make-it-fail; @verbose 0
 * silent, 1 one line per failure, 2 the line and a stack.  @enabled: the
 * option was given (then fail-nth counts this site's candidates too).
 */
struct zs_fault_attr {
	bool enabled;
	unsigned long interval;
	unsigned int probability;
	uint64_t space;
	long times;
	bool task_filter;
	unsigned int verbose;
};

/* kernelcore= / movablecore=: bytes, or a percentage of all RAM. */
struct zs_core_size {
	bool set;
	bool percent;
	uint64_t value;
};

struct zs_config {
	struct zs_range ram[ZSLAB_MAX_MEMMAP];
	unsigned int nr_ram;          /* 0: the default 8 GiB at 0 */
	uint64_t dma_limit;           /* bytes; ZONE_DMA is [0, dma_limit) */
	uint64_t dma32_limit;         /* bytes; ZONE_DMA32 is [dma_limit, dma32_limit) */
	struct zs_core_size kernelcore;   /* ZONE_MOVABLE: mm/movable.c */
	struct zs_core_size movablecore;
	bool panic_on_warn;
	long min_free_kbytes;         /* -1: computed as the kernel does */
	unsigned int watermark_scale_factor;
	struct zs_fault_attr fail_page_alloc;
	struct zs_fault_attr failslab;    /* slab/failslab.c */
	bool failslab_cache_filter;       /* only caches with SLAB_FAILSLAB */
	/* slab layer */
	bool slab_nomerge;
	unsigned int slub_min_order;
	unsigned int slub_max_order;
	unsigned int slub_min_objects;
	unsigned int slab_barn_decay;     /* new slabs per barn decay pass, 0: off */
	/* views: "" or the directory slab_sysfs= mounts the live tree at */
	char slab_sysfs[ZSLAB_PATH_MAX];
	bool stats_exit;                  /* stats=exit: statistics at exit */
	bool ram_memfd;                   /* ram_backing=memfd: RAM in memfds */
	uint64_t ram_max;                 /* ram_max=: bytes hot-add may grow
					   * RAM to; 0: auto (1 TiB for the
					   * default machine, none with memmap=) */
	bool init_on_alloc;               /* zero memory when handed out */
	bool init_on_free;                /* zero memory when freed */
	bool slab_freelist_hardened;      /* encoded free pointers */
	bool slab_freelist_random;        /* random free-list order per slab */
	bool dma_strict;                  /* dma/: record mappings, check device accesses */
	unsigned long swiotlb_nslabs;     /* swiotlb=: bounce slots, 2 KiB each */
	bool swiotlb_force;               /* swiotlb=...,force: bounce every mapping */
	bool swiotlb_disable;             /* swiotlb=noforce: no bounce pool */
	bool dma_debug;                   /* dma_debug=1: the DMA-API debug checks */
	/* slub_debug= / slab_debug= (slub_debug_opt.c) */
	unsigned int slub_debug_global;   /* flags for caches no list names */
	bool slub_debug_order_off;        /* the letter O was given */
	char slub_debug_str[1024];        /* the value when a block has a list */
};

extern struct zs_config zs_config;

/*
 * What the parser has to tell a human.  The configuration sits below the
 * report path (config < common), so it does not report itself: it hands
 * each message, formatted, to the sink its caller gives, in order.  init
 * (and the tests) give zs_report_config() (common/report.h), which makes
 * each one report: a note ZS_INFO, the error ZS_ERR.
 */
enum zs_config_say { ZS_CONFIG_NOTE, ZS_CONFIG_ERROR };
typedef void zs_config_say_fn(enum zs_config_say kind, const char *msg);

/*
 * zs_config_parse() - reset zs_config to the defaults, then apply @cmdline.
 * Notes (an order bound moved, an unknown slub_debug letter) go to @say as
 * they arise.  On error one ZS_CONFIG_ERROR message naming the option goes
 * to @say and -EINVAL is returned; zs_config is then left at the defaults.
 * @say may be NULL (nothing is said) only when @cmdline is NULL.
 */
int zs_config_parse(const char *cmdline, zs_config_say_fn *say);

/* zs_config_help() - print the option table. */
void zs_config_help(FILE *out);

/*
 * zs_parse_size() - parse a kernel-style size ("4G", "0x40000000", "512k",
 * "16M"; suffixes K M G T P E in either case, powers of 1024).
 * Returns 0 and sets *out, or -EINVAL (also on overflow or trailing junk
 * other than what *end accepts: with @end non-NULL parsing stops at the
 * first character that is not part of the number and suffix).
 */
int zs_parse_size(const char *s, uint64_t *out, const char **end);

/*
 * zs_slub_debug_setup() - apply the value of slub_debug= (NULL for the
 * bare option) to @c; unknown letters are skipped, each with a note to @say.
 */
void zs_slub_debug_setup(struct zs_config *c, const char *val, zs_config_say_fn *say);

/* zs_slub_debug_flags() - the debug flags slub_debug gives cache @name. */
unsigned int zs_slub_debug_flags(const char *name);
/* zs_slub_debug_listed() - does a block of slub_debug name cache @name? */
bool zs_slub_debug_listed(const char *name);

#pragma GCC visibility pop

#endif
