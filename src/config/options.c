/* SPDX-License-Identifier: MIT */
/*
 * options.c - the boot option table and the kernel-syntax command line.
 *
 * Syntax, as the kernel's (Documentation/admin-guide/kernel-parameters.rst):
 *  - options are separated by blanks (space, tab, newline ...);
 *  - each option is NAME or NAME=VALUE; the first '=' splits;
 *  - double quotes group blanks into one option and are removed
 *    (memmap="1G@0", "dma_limit=32M");
 *  - in names '-' and '_' are the same character (the kernel's parameq);
 *  - a repeated option: memmap accumulates, every other one: the last wins.
 *
 * Parsing is all or nothing.  Options are applied to a staging copy of the
 * defaults, checked together at the end, and copied to zs_config only when
 * the whole line was accepted.  The first bad option stops the parse with
 * exactly one error message that names it.  Messages go to the caller's
 * sink (config.h): this layer sits below the report path.
 *
 * Adding an option: one row in opt_table[] and, when none of the generic
 * parsers (opt_size, opt_uint, opt_bool, opt_flag) fits, one parse function.
 * A row's @syntax also decides whether a value is taken: "" none, "[=..."
 * optional, "=..." required (see opt_arg()), so help and parser agree.
 *
 * No malloc anywhere here: this runs inside zslab_init(), which may be
 * called from inside a malloc replacement.  Tokens go to fixed buffers.
 */
#include "config/config.h"

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "host/host.h"
#include <zslab/zslab.h>

#define PHYS_LIMIT      (1ull << 52)    /* physical address bits modelled */
#define TOKEN_MAX       4096            /* longest option, quotes removed */
#define PIECE_MAX       96              /* longest memmap SIZE@BASE piece */
#define MAX_ORDER_LIMIT 10              /* MAX_ORDER - 1 */
#define MAX_MIN_OBJECTS 32767           /* MAX_OBJS_PER_PAGE */

#define ZS_CONFIG_DEFAULTS {                                    \
	.nr_ram = 0,                                            \
	.dma_limit = 16ull << 20,                               \
	.dma32_limit = 4ull << 30,                              \
	.panic_on_warn = false,                                 \
	.min_free_kbytes = -1,                                  \
	.watermark_scale_factor = 10,                           \
	/* the kernel's FAULT_ATTR_INITIALIZER, disabled */     \
	.fail_page_alloc = { .enabled = false, .interval = 1,   \
			     .probability = 0, .space = 0,      \
			     .times = 1, .verbose = 2 },        \
	.failslab = { .enabled = false, .interval = 1,          \
		      .probability = 0, .space = 0, .times = 1, \
		      .verbose = 2 },                           \
	.failslab_cache_filter = false,                         \
	.slab_nomerge = false,                                  \
	.slub_min_order = 0,                                    \
	.slub_max_order = 3,                                    \
	.slub_min_objects = 0,                                  \
	.slab_barn_decay = 16,                                  \
	.slab_freelist_hardened = true,                         \
	.slab_freelist_random = false,                          \
	.stats_exit = false,                                    \
	.swiotlb_nslabs = 32768,  /* IO_TLB_DEFAULT_SIZE: 64 MiB */ \
}

struct zs_config zs_config = ZS_CONFIG_DEFAULTS;
static const struct zs_config opt_defaults = ZS_CONFIG_DEFAULTS;

/*
 * What parsing one option has to say: why a value was refused (filled by
 * the parse functions, said once as the error), and the sink for notes.
 */
struct why {
	zs_config_say_fn *say;
	size_t len;
	char msg[256];
};

struct zs_option;
typedef int zs_opt_fn(const struct zs_option *o, struct zs_config *c,
		      const char *val, struct why *w);

/*
 * One row per option.  Invariant: @name and @alias are unique over the
 * table (after '-' == '_'); @off and @min/@max/@flag are only read by the
 * generic parsers; @def describes exactly what opt_defaults holds.
 */
struct zs_option {
	const char *name;    /* canonical spelling */
	const char *alias;   /* the other accepted spelling, or NULL */
	const char *syntax;  /* after the name in help: "", "[=BOOL]", "=SIZE" */
	const char *def;     /* the default, as help shows it */
	const char *help;
	zs_opt_fn *parse;
	size_t off;          /* offsetof(struct zs_config, field) */
	uint64_t min, max;   /* accepted range (generic numeric parsers) */
	uint64_t flag;       /* what opt_flag stores */
};

static zs_opt_fn opt_memmap, opt_size, opt_uint, opt_bool, opt_flag,
	opt_min_free, opt_fault, opt_order, opt_path, opt_slub_debug, opt_core,
	opt_stats, opt_backing, opt_ram_max, opt_swiotlb;

#define FIELD(f) offsetof(struct zs_config, f)

static const struct zs_option opt_table[] = {
	{ "memmap", NULL, "=SIZE@BASE[,...]", "8G@0",
	  "add RAM [BASE, BASE+SIZE); repeatable, up to 32 ranges, page aligned, end <= 2^52",
	  opt_memmap, 0, 0, 0, 0 },
	{ "dma_limit", NULL, "=SIZE", "16M",
	  "end of ZONE_DMA: [0, dma_limit); page aligned, <= dma32_limit",
	  opt_size, FIELD(dma_limit), 0, PHYS_LIMIT, 0 },
	{ "dma32_limit", NULL, "=SIZE", "4G",
	  "end of ZONE_DMA32: [dma_limit, dma32_limit); page aligned, nonzero",
	  opt_size, FIELD(dma32_limit), ZS_HOST_PAGE, PHYS_LIMIT, 0 },
	{ "kernelcore", NULL, "=SIZE|N%", "off",
	  "memory kept for allocations that cannot move; the rest of the top zone becomes ZONE_MOVABLE",
	  opt_core, FIELD(kernelcore), 0, 0, 0 },
	{ "movablecore", NULL, "=SIZE|N%", "off",
	  "memory at the top of RAM made ZONE_MOVABLE (GFP_HIGHUSER_MOVABLE), rounded up to 4 MiB",
	  opt_core, FIELD(movablecore), 0, 0, 0 },
	{ "panic_on_warn", NULL, "[=BOOL]", "0",
	  "abort after a WARN or BUG report (BOOL: 1 0 y n yes no on off)",
	  opt_bool, FIELD(panic_on_warn), 0, 0, 0 },
	{ "min_free_kbytes", NULL, "=N|auto", "auto",
	  "KiB kept free by the min watermark, 0..2^30; auto: int_sqrt(lowmem_kbytes*16)",
	  opt_min_free, FIELD(min_free_kbytes), 0, 1ull << 30, 0 },
	{ "watermark_scale_factor", NULL, "=N", "10",
	  "distance between watermarks in 1/10000 of a zone, 1..3000",
	  opt_uint, FIELD(watermark_scale_factor), 1, 3000, 0 },
	{ "fail_page_alloc", NULL, "=INT,PROB,SPACE,TIMES", "off",
	  "fail alloc_pages(): every INT(erval) >= 1, PROB 0..100 %, after SPACE pages, TIMES (-1: no limit)",
	  opt_fault, FIELD(fail_page_alloc), 0, 0, 0 },
	{ "failslab", NULL, "=INT,PROB,SPACE,TIMES", "off",
	  "fail kmem_cache_alloc()/kmalloc(): every INT(erval) >= 1, PROB 0..100 %, after SPACE bytes, TIMES (-1: no limit)",
	  opt_fault, FIELD(failslab), 0, 0, 0 },
	{ "failslab_cache_filter", NULL, "[=BOOL]", "0",
	  "failslab only on caches marked A in slub_debug (slub_debug=A,<names>)",
	  opt_bool, FIELD(failslab_cache_filter), 0, 0, 0 },
	{ "failslab_task_filter", NULL, "[=BOOL]", "0",
	  "failslab only in threads that called zslab_make_it_fail(1) (debugfs task-filter)",
	  opt_bool, FIELD(failslab.task_filter), 0, 0, 0 },
	{ "failslab_verbose", NULL, "=N", "2",
	  "per forced failure: 0 nothing, 1 the FAULT_INJECTION line, 2 also a stack",
	  opt_uint, FIELD(failslab.verbose), 0, 2, 0 },
	{ "fail_page_alloc_task_filter", NULL, "[=BOOL]", "0",
	  "fail_page_alloc only in threads that called zslab_make_it_fail(1)",
	  opt_bool, FIELD(fail_page_alloc.task_filter), 0, 0, 0 },
	{ "fail_page_alloc_verbose", NULL, "=N", "2",
	  "per forced page allocation failure: 0 nothing, 1 one line, 2 also a stack",
	  opt_uint, FIELD(fail_page_alloc.verbose), 0, 2, 0 },
	{ "slab_nomerge", "slub_nomerge", "", "off",
	  "never merge kmem caches of the same size and flags",
	  opt_flag, FIELD(slab_nomerge), 0, 0, true },
	{ "slab_merge", "slub_merge", "", "on",
	  "merge compatible kmem caches (undoes slab_nomerge)",
	  opt_flag, FIELD(slab_nomerge), 0, 0, false },
	{ "slub_min_order", "slab_min_order", "=N", "0",
	  "smallest page order of a slab, 0..10 (raises slub_max_order if above it)",
	  opt_order, FIELD(slub_min_order), 0, MAX_ORDER_LIMIT, 0 },
	{ "slub_max_order", "slab_max_order", "=N", "3",
	  "largest page order chosen for a slab, 0..10 (lowers slub_min_order if below it)",
	  opt_order, FIELD(slub_max_order), 0, MAX_ORDER_LIMIT, 0 },
	{ "slub_min_objects", "slab_min_objects", "=N", "0",
	  "objects a slab should hold, 0..32767; 0: 4 * (fls(nr_cpus) + 1)",
	  opt_uint, FIELD(slub_min_objects), 0, MAX_MIN_OBJECTS, 0 },
	{ "slab_barn_decay", NULL, "=N", "16",
	  "every N new slabs, kmalloc and malloc caches idle since the last pass give their barns and empty slabs back; 0: never",
	  opt_uint, FIELD(slab_barn_decay), 0, 1u << 20, 0 },
	{ "slab_sysfs", NULL, "=DIR", "off",
	  "serve the views live at DIR (FUSE; made if missing; %p: the process id) until exit or exec: DIR/sys/kernel/slab, DIR/proc",
	  opt_path, FIELD(slab_sysfs), 0, 0, 0 },
	{ "stats", NULL, "=exit|off", "off",
	  "exit: print slab, zone and malloc statistics when zslab_exit() runs or the process exits",
	  opt_stats, FIELD(stats_exit), 0, 0, 0 },
	{ "ram_backing", NULL, "=anon|memfd", "anon",
	  "host memory of RAM zslab reserves: anon (private, fork copies it) or memfd (shared files: vmalloc maps pages twice; a forked child shares RAM)",
	  opt_backing, FIELD(ram_memfd), 0, 0, 0 },
	{ "ram_max", NULL, "=SIZE|auto", "auto",
	  "memory hot-add grows RAM up to SIZE (new ranges onlined into Normal when it runs low); auto: 1T for the default machine, no growth with memmap=",
	  opt_ram_max, FIELD(ram_max), ZS_HOST_PAGE, PHYS_LIMIT, 0 },
	{ "init_on_alloc", NULL, "[=BOOL]", "0",
	  "zero pages and slab objects when they are allocated (not objects of caches with a constructor)",
	  opt_bool, FIELD(init_on_alloc), 0, 0, 0 },
	{ "init_on_free", NULL, "[=BOOL]", "0",
	  "zero pages and slab objects when they are freed (not TYPESAFE_BY_RCU, POISON or constructor caches)",
	  opt_bool, FIELD(init_on_free), 0, 0, 0 },
	{ "slab_freelist_hardened", NULL, "[=BOOL]", "1",
	  "store free pointers encoded with a per-cache secret and their address",
	  opt_bool, FIELD(slab_freelist_hardened), 0, 0, 0 },
	{ "slab_freelist_random", NULL, "[=BOOL]", "0",
	  "link each new slab's objects in a random order (costs 6-13% on slab-heavy workloads)",
	  opt_bool, FIELD(slab_freelist_random), 0, 0, 0 },
	{ "dma_strict", NULL, "[=BOOL]", "0",
	  "record each device's coherent allocations and DMA mappings; zslab_dma_read/write refuse anything outside them",
	  opt_bool, FIELD(dma_strict), 0, 0, 0 },
	{ "swiotlb", NULL, "=[NSLABS][,NAREAS][,force|noforce]", "32768",
	  "bounce pool below 4 GiB for streaming DMA a device cannot reach: NSLABS 2 KiB slots "
	  "(rounded up to 128), force: bounce every mapping, noforce: no pool",
	  opt_swiotlb, 0, 0, 0, 0 },
	{ "dma_debug", NULL, "[=BOOL]", "0",
	  "report DMA-API misuse as the kernel's dma-debug: unmaps of unmapped memory, "
	  "wrong size or direction, unchecked map errors, bad syncs, mappings left at "
	  "device release",
	  opt_bool, FIELD(dma_debug), 0, 0, 0 },
	{ "slub_debug", "slab_debug", "[=[FZPUTAO-][,CACHE[*]...][;...]]", "off",
	  "debug checks per cache (F checks, Z red zones, P poison, U tracks, T trace, "
	  "A failslab, O not if order grows); bare: FZPU on all; blocks split by ';'",
	  opt_slub_debug, 0, 0, 0, 0 },
};

#define OPT_COUNT (sizeof(opt_table) / sizeof(opt_table[0]))

/* ------------------------------------------------------------------ */
/* Small helpers                                                       */
/* ------------------------------------------------------------------ */

/* fail() - append a reason to @w; always returns -EINVAL. */
__attribute__((format(printf, 2, 3)))
static int fail(struct why *w, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(w->msg + w->len, sizeof(w->msg) - w->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		w->len += (size_t)n < sizeof(w->msg) - w->len ?
			  (size_t)n : sizeof(w->msg) - w->len - 1;
	return -EINVAL;
}

/* say() - format one message and hand it to @fn (NULL: say nothing). */
__attribute__((format(printf, 3, 4)))
static void say(zs_config_say_fn *fn, enum zs_config_say kind, const char *fmt, ...)
{
	char msg[TOKEN_MAX + 256];
	va_list ap;

	if (!fn)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fn(kind, msg);
}

/* field() - the address of @o's field inside the staging config @c. */
static void *field(struct zs_config *c, const struct zs_option *o)
{
	return (char *)c + o->off;
}

/* is_blank() - the kernel's isspace(): what separates options. */
static bool is_blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' ||
	       ch == '\v' || ch == '\f';
}

/* digit_val() - the value of @ch as a digit in bases up to 16, else 99. */
static unsigned int digit_val(char ch)
{
	if (ch >= '0' && ch <= '9')
		return (unsigned int)(ch - '0');
	if ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'f')
		return (unsigned int)((ch | 0x20) - 'a' + 10);
	return 99;
}

/*
 * num_base() - simple_strtoull()'s base 0: 16 for "0x" followed by a hex
 * digit, 8 for any other leading '0', else 10.
 */
static unsigned int num_base(const char *s)
{
	if (s[0] == '0' && (s[1] | 0x20) == 'x' && digit_val(s[2]) < 16)
		return 16;
	return s[0] == '0' ? 8 : 10;
}

/*
 * parse_digits() - an unsigned number in @base (0: auto-detect as
 * num_base()).  Sets *@out and *@end (after the last digit) and returns
 * 0, or -EINVAL when there is no digit or the value overflows 64 bits.
 */
static int parse_digits(const char *s, unsigned int base, uint64_t *out,
			const char **end)
{
	const char *p = s;
	uint64_t v = 0;
	unsigned int d;

	if (base == 0)
		base = num_base(s);
	if (base == 16 && s[0] == '0' && (s[1] | 0x20) == 'x')
		p += 2;
	for (; (d = digit_val(*p)) < base; p++) {
		if (v > (UINT64_MAX - d) / base)
			return -EINVAL;
		v = v * base + d;
	}
	if (p == s || (base == 16 && p == s + 2))
		return -EINVAL;
	*out = v;
	*end = p;
	return 0;
}

/* parse_uint() - a whole string as a number, base auto-detected. */
static int parse_uint(const char *s, uint64_t *out)
{
	const char *end;

	if (parse_digits(s, 0, out, &end) || *end)
		return -EINVAL;
	return 0;
}

/* suffix_shift() - K M G T P E (either case) to 10..60, else 0. */
static unsigned int suffix_shift(char ch)
{
	static const char sfx[] = "kmgtpe";
	const char *p = ch ? strchr(sfx, ch | 0x20) : NULL;

	return p ? 10u * (unsigned int)(p - sfx + 1) : 0;
}

int zs_parse_size(const char *s, uint64_t *out, const char **end)
{
	const char *p;
	unsigned int shift;
	uint64_t v;

	if (!s || parse_digits(s, 0, &v, &p))
		return -EINVAL;
	shift = suffix_shift(*p);
	if (shift) {
		if (v > (UINT64_MAX >> shift))
			return -EINVAL;
		v <<= shift;
		p++;
	}
	if (end)
		*end = p;
	else if (*p)
		return -EINVAL;
	*out = v;
	return 0;
}

/*
 * fmt_size() - write @v into @buf as "0x... (NS)" where NS is the
 * largest exact K..E unit, or plain hex when no unit divides it.
 */
static const char *fmt_size(uint64_t v, char *buf, size_t len)
{
	static const char units[] = "KMGTPE";
	int u = -1;

	while (u < 5 && v && !(v & ((1ull << (10 * (u + 2))) - 1)))
		u++;
	if (u < 0)
		snprintf(buf, len, "%#llx", (unsigned long long)v);
	else
		snprintf(buf, len, "%#llx (%llu%c)", (unsigned long long)v,
			 (unsigned long long)(v >> (10 * (u + 1))), units[u]);
	return buf;
}

/* ------------------------------------------------------------------ */
/* Generic parsers                                                     */
/* ------------------------------------------------------------------ */

/* check_range() - refuse @v outside [@o->min, @o->max]. */
static int check_range(const struct zs_option *o, uint64_t v, struct why *w)
{
	if (v < o->min || v > o->max)
		return fail(w, "must be %llu..%llu", (unsigned long long)o->min,
			    (unsigned long long)o->max);
	return 0;
}

/* opt_size() - a page-aligned size in [min, max] into a uint64_t field. */
static int opt_size(const struct zs_option *o, struct zs_config *c,
		    const char *val, struct why *w)
{
	char a[48], b[48];
	uint64_t v;

	if (zs_parse_size(val, &v, NULL))
		return fail(w, "not a size (a number, 0x for hex, then K M G T P or E)");
	if (v & (ZS_HOST_PAGE - 1))
		return fail(w, "not a multiple of the page size (%lu)", ZS_HOST_PAGE);
	if (v < o->min || v > o->max)
		return fail(w, "must be %s..%s", fmt_size(o->min, a, sizeof(a)),
			    fmt_size(o->max, b, sizeof(b)));
	*(uint64_t *)field(c, o) = v;
	return 0;
}

/* opt_uint() - a number in [min, max] into an unsigned int field. */
static int opt_uint(const struct zs_option *o, struct zs_config *c,
		    const char *val, struct why *w)
{
	uint64_t v;

	if (parse_uint(val, &v))
		return fail(w, "not a number");
	if (check_range(o, v, w))
		return -EINVAL;
	*(unsigned int *)field(c, o) = (unsigned int)v;
	return 0;
}

/*
 * opt_path() - a directory for the live sysfs view ("%p": the process id).
 * A zslab built without libfuse3 accepts it and says so at the mount,
 * which a lazy boot survives: no program stops because of its view.
 */
static int opt_path(const struct zs_option *o, struct zs_config *c,
		    const char *val, struct why *w)
{
	char *dst = field(c, o);

	if (!*val)
		return fail(w, "empty directory");
	if (strlen(val) >= ZSLAB_PATH_MAX)
		return fail(w, "directory name too long");
	strcpy(dst, val);
	return 0;
}

/*
 * opt_bool() - the kernel's bool parameter: no value means true, else
 * 1 0 y n yes no on off (either case).
 */
static int opt_bool(const struct zs_option *o, struct zs_config *c,
		    const char *val, struct why *w)
{
	static const char *const yes[] = { "1", "y", "yes", "on" };
	static const char *const no[] = { "0", "n", "no", "off" };
	bool *b = field(c, o);

	for (size_t i = 0; val && i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (!strcasecmp(val, yes[i]) || !strcasecmp(val, no[i])) {
			*b = !strcasecmp(val, yes[i]);
			return 0;
		}
	}
	if (val)
		return fail(w, "not a boolean (1 0 y n yes no on off)");
	*b = true;
	return 0;
}

/* opt_flag() - a switch without a value: stores @o->flag. */
static int opt_flag(const struct zs_option *o, struct zs_config *c,
		    const char *val, struct why *w)
{
	(void)val;
	(void)w;
	*(bool *)field(c, o) = o->flag != 0;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Option-specific parsers                                             */
/* ------------------------------------------------------------------ */

/* opt_min_free() - "auto" (-1) or a number of KiB in [min, max]. */
static int opt_min_free(const struct zs_option *o, struct zs_config *c,
			const char *val, struct why *w)
{
	uint64_t v;

	if (!strcmp(val, "auto")) {
		c->min_free_kbytes = -1;
		return 0;
	}
	if (parse_uint(val, &v))
		return fail(w, "not a number or \"auto\"");
	if (check_range(o, v, w))
		return -EINVAL;
	c->min_free_kbytes = (long)v;
	return 0;
}

/* opt_stats() - "exit" or "off": when the statistics are printed. */
static int opt_stats(const struct zs_option *o, struct zs_config *c,
		     const char *val, struct why *w)
{
	if (strcmp(val, "exit") && strcmp(val, "off"))
		return fail(w, "want exit or off");
	*(bool *)field(c, o) = !strcmp(val, "exit");
	return 0;
}

/* opt_ram_max() - "auto" (0) or a size. */
static int opt_ram_max(const struct zs_option *o, struct zs_config *c,
		       const char *val, struct why *w)
{
	if (!strcmp(val, "auto")) {
		*(uint64_t *)field(c, o) = 0;
		return 0;
	}
	return opt_size(o, c, val, w);
}

/* opt_backing() - "anon" or "memfd": how zslab backs the RAM it reserves. */
static int opt_backing(const struct zs_option *o, struct zs_config *c,
		       const char *val, struct why *w)
{
	if (strcmp(val, "anon") && strcmp(val, "memfd"))
		return fail(w, "want anon or memfd");
	*(bool *)field(c, o) = !strcmp(val, "memfd");
	return 0;
}

/*
 * opt_core() - kernelcore= / movablecore=: a size (the kernel's memparse:
 * any number of bytes) or a percentage 0..100 of all RAM ("25%").  The
 * kernel's kernelcore=mirror needs mirrored memory, which zslab has not.
 */
static int opt_core(const struct zs_option *o, struct zs_config *c,
		    const char *val, struct why *w)
{
	struct zs_core_size *core = field(c, o);
	size_t len = strlen(val);
	uint64_t v;

	if (!strcmp(val, "mirror"))
		return fail(w, "mirror needs mirrored memory, which zslab does not model");
	if (len && val[len - 1] == '%') {
		char num[32];
		if (len - 1 >= sizeof(num))
			return fail(w, "not a percentage");
		memcpy(num, val, len - 1);
		num[len - 1] = 0;
		if (parse_uint(num, &v) || v > 100)
			return fail(w, "not a percentage 0..100");
		*core = (struct zs_core_size){ .set = true, .percent = true, .value = v };
		return 0;
	}
	if (zs_parse_size(val, &v, NULL))
		return fail(w, "not a size (a number, 0x for hex, then K M G T P or E) or N%%");
	*core = (struct zs_core_size){ .set = true, .percent = false, .value = v };
	return 0;
}

/* opt_slub_debug() - see slub_debug_opt.c; never refuses a value. */
static int opt_slub_debug(const struct zs_option *o, struct zs_config *c,
			  const char *val, struct why *w)
{
	(void)o;
	(void)w;
	if (val && strlen(val) >= sizeof(c->slub_debug_str))
		return fail(w, "longer than %zu bytes", sizeof(c->slub_debug_str) - 1);
	zs_slub_debug_setup(c, val, w->say);
	return 0;
}

/*
 * opt_order() - slub_min_order or slub_max_order (which one: @o's field),
 * kept ordered the kernel's way: the option given later moves the other
 * bound, with a note.
 */
static int opt_order(const struct zs_option *o, struct zs_config *c,
		     const char *val, struct why *w)
{
	bool is_min = o->off == FIELD(slub_min_order);
	unsigned int *mine = field(c, o);
	unsigned int *other = is_min ? &c->slub_max_order : &c->slub_min_order;

	if (opt_uint(o, c, val, w))
		return -EINVAL;
	if (is_min ? *mine > *other : *mine < *other) {
		say(w->say, ZS_CONFIG_NOTE, "zslab: %s=%u %s %s from %u",
		    is_min ? "slub_min_order" : "slub_max_order", *mine,
		    is_min ? "raises" : "lowers",
		    is_min ? "slub_max_order" : "slub_min_order", *other);
		*other = *mine;
	}
	return 0;
}

/*
 * dec_field() - a decimal number at *@p followed by @term (as the
 * kernel's "%lu,"); advances *@p past @term.  0 or -EINVAL.
 */
static int dec_field(const char **p, uint64_t *v, char term)
{
	const char *end;

	if (parse_digits(*p, 10, v, &end) || *end != term)
		return -EINVAL;
	*p = term ? end + 1 : end;
	return 0;
}

/*
 * opt_fault() - the kernel's setup_fault_attr() form
 * "<interval>,<probability>,<space>,<times>" (all four, decimal);
 * enables the attribute.
 */
static int opt_fault(const struct zs_option *o, struct zs_config *c,
		     const char *val, struct why *w)
{
	struct zs_fault_attr *fa = field(c, o);
	uint64_t interval, prob, space, times;
	const char *p = val;
	bool neg;

	if (dec_field(&p, &interval, ',') || dec_field(&p, &prob, ',') ||
	    dec_field(&p, &space, ','))
		return fail(w, "want <interval>,<probability>,<space>,<times> in decimal");
	neg = *p == '-';
	if (neg)
		p++;
	if (dec_field(&p, &times, '\0'))
		return fail(w, "want <interval>,<probability>,<space>,<times> in decimal");
	if (interval == 0 || (unsigned long)interval != interval)
		return fail(w, "interval must be at least 1");
	if (prob > 100)
		return fail(w, "probability must be 0..100 (percent)");
	if (neg ? times != 1 : times > 2147483647)
		return fail(w, "times must be -1 (no limit) or 0..2147483647");
	/* the other attributes have options of their own: keep them */
	fa->enabled = true;
	fa->interval = (unsigned long)interval;
	fa->probability = (unsigned int)prob;
	fa->space = space;
	fa->times = neg ? -1 : (long)times;
	return 0;
}

#define SWIOTLB_MAX_NSLABS (1u << 21)

/*
 * opt_swiotlb() - the kernel's setup_io_tlb_npages() form
 * "[<nslabs>][,<nareas>][,force|noforce]": the bounce pool's 2 KiB slots,
 * rounded up to a whole segment of 128 as the kernel does; the number of
 * areas (accepted; zslab's pool has one lock); force bounces every
 * streaming mapping, noforce has no pool.
 */
#define SWIOTLB_SYNTAX "want <nslabs>[,<nareas>][,force|noforce]"
static int opt_swiotlb(const struct zs_option *o, struct zs_config *c,
		       const char *val, struct why *w)
{
	const char *p = val;
	uint64_t n;

	(void)o;
	if (*p >= '0' && *p <= '9') {
		if (parse_digits(p, 0, &n, &p))
			return fail(w, SWIOTLB_SYNTAX);
		if (n == 0 || n > SWIOTLB_MAX_NSLABS)
			return fail(w, "nslabs must be 1..%u (2 KiB slots, at most 4 GiB)",
				    SWIOTLB_MAX_NSLABS);
		c->swiotlb_nslabs = (unsigned long)((n + 127) & ~127ULL);
	}
	if (*p == ',')
		p++;
	if (*p >= '0' && *p <= '9') {
		if (parse_digits(p, 0, &n, &p) || n == 0 || n > 1024)
			return fail(w, "nareas must be 1..1024");
	}
	if (*p == ',')
		p++;
	c->swiotlb_force = false;
	c->swiotlb_disable = false;
	if (!strcmp(p, "force"))
		c->swiotlb_force = true;
	else if (!strcmp(p, "noforce"))
		c->swiotlb_disable = true;
	else if (*p)
		return fail(w, SWIOTLB_SYNTAX);
	if (p == val && !*p)
		return fail(w, SWIOTLB_SYNTAX);
	return 0;
}

/* memmap_overlap() - refuse [@base, +@size) overlapping @r. */
static int memmap_overlap(const struct zs_range *r, uint64_t base,
			  uint64_t size, struct why *w)
{
	if (base < r->base + r->size && r->base < base + size)
		return fail(w, "range [mem %#llx-%#llx] overlaps [mem %#llx-%#llx]",
			    (unsigned long long)base,
			    (unsigned long long)(base + size - 1),
			    (unsigned long long)r->base,
			    (unsigned long long)(r->base + r->size - 1));
	return 0;
}

/*
 * memmap_add() - check one range and insert it into @c->ram, which stays
 * sorted by base and free of overlaps.
 */
static int memmap_add(struct zs_config *c, uint64_t base, uint64_t size,
		      struct why *w)
{
	unsigned int i = 0;

	if (size == 0)
		return fail(w, "empty range (SIZE is 0)");
	if (size & (ZS_HOST_PAGE - 1))
		return fail(w, "SIZE %#llx is not a multiple of the page size (%lu)",
			    (unsigned long long)size, ZS_HOST_PAGE);
	if (base & (ZS_HOST_PAGE - 1))
		return fail(w, "BASE %#llx is not a multiple of the page size (%lu)",
			    (unsigned long long)base, ZS_HOST_PAGE);
	if (base > PHYS_LIMIT || size > PHYS_LIMIT - base)
		return fail(w, "range ends above the 52-bit physical address space (4P)");
	while (i < c->nr_ram && c->ram[i].base < base)
		i++;
	if ((i > 0 && memmap_overlap(&c->ram[i - 1], base, size, w)) ||
	    (i < c->nr_ram && memmap_overlap(&c->ram[i], base, size, w)))
		return -EINVAL;
	if (c->nr_ram == ZSLAB_MAX_MEMMAP)
		return fail(w, "more than %d ranges", ZSLAB_MAX_MEMMAP);
	memmove(&c->ram[i + 1], &c->ram[i], (c->nr_ram - i) * sizeof(c->ram[0]));
	c->ram[i] = (struct zs_range){ .base = base, .size = size, .host = NULL };
	c->nr_ram++;
	return 0;
}

/*
 * memmap_form() - explain a SIZE not followed by '@': the kernel's other
 * memmap forms reserve or limit RAM rather than add it.
 */
static int memmap_form(char sep, struct why *w)
{
	if (sep == '$' || sep == '#' || sep == '!' || sep == '%')
		return fail(w, "only SIZE@BASE is supported (the kernel's SIZE%cBASE "
			    "form reserves RAM, it does not add it)", sep);
	if (sep == 0)
		return fail(w, "only SIZE@BASE is supported (SIZE alone would limit RAM)");
	return fail(w, "SIZE is not a size (want SIZE@BASE, e.g. 4G@0x40000000)");
}

/* memmap_one() - one comma-separated piece: "exactmap" or SIZE@BASE. */
static int memmap_one(struct zs_config *c, const char *piece, struct why *w)
{
	uint64_t size, base;
	const char *p;

	if (!strcmp(piece, "exactmap"))
		return 0;       /* the kernel's "forget the firmware map": ours is empty */
	if (zs_parse_size(piece, &size, &p))
		return fail(w, "SIZE is not a size (want SIZE@BASE, e.g. 4G@0x40000000)");
	if (*p != '@')
		return memmap_form(*p, w);
	if (zs_parse_size(p + 1, &base, NULL))
		return fail(w, "BASE is not an address (a number, 0x for hex, K..E suffix)");
	return memmap_add(c, base, size, w);
}

/*
 * opt_memmap() - "SIZE@BASE[,SIZE@BASE...]": every range is added to the
 * ones before it.  With several pieces the reason names the bad one.
 */
static int opt_memmap(const struct zs_option *o, struct zs_config *c,
		      const char *val, struct why *w)
{
	bool many = strchr(val, ',') != NULL;
	char piece[PIECE_MAX];
	const char *p = val;

	(void)o;
	for (;;) {
		const char *comma = strchrnul(p, ',');
		size_t len = (size_t)(comma - p);

		if (len >= sizeof(piece))
			return fail(w, "a range longer than %zu characters", sizeof(piece) - 1);
		memcpy(piece, p, len);
		piece[len] = 0;
		if (many)
			fail(w, "in \"%s\": ", piece);
		if (memmap_one(c, piece, w))
			return -EINVAL;
		w->len = 0;
		if (!*comma)
			return 0;
		p = comma + 1;
	}
}

/* ------------------------------------------------------------------ */
/* The command line                                                    */
/* ------------------------------------------------------------------ */

enum opt_arg { ARG_NONE, ARG_OPTIONAL, ARG_REQUIRED };

/* opt_arg() - whether @o takes a value, read from its help syntax. */
static enum opt_arg opt_arg(const struct zs_option *o)
{
	if (o->syntax[0] == '[')
		return ARG_OPTIONAL;
	return o->syntax[0] == '=' ? ARG_REQUIRED : ARG_NONE;
}

/* parameq() - option names equal, with '-' and '_' the same. */
static bool parameq(const char *a, const char *b)
{
	for (;; a++, b++) {
		char x = *a == '-' ? '_' : *a, y = *b == '-' ? '_' : *b;

		if (x != y)
			return false;
		if (!x)
			return true;
	}
}

/* opt_find() - the row whose name or alias is @name, or NULL. */
static const struct zs_option *opt_find(const char *name)
{
	for (size_t i = 0; i < OPT_COUNT; i++) {
		const struct zs_option *o = &opt_table[i];

		if (parameq(name, o->name) || (o->alias && parameq(name, o->alias)))
			return o;
	}
	return NULL;
}

/*
 * next_token() - copy the next option at *@pos into @buf (@size bytes)
 * with its quotes removed and advance *@pos past it.  Returns 1 for a
 * token, 0 at the end, -E2BIG when it does not fit, -EINVAL for an
 * unterminated quote (@buf then holds what was read).
 */
static int next_token(const char **pos, char *buf, size_t size)
{
	const char *p = *pos;
	bool quoted = false;
	size_t n = 0;

	while (is_blank(*p))
		p++;
	if (!*p)
		return 0;
	for (; *p && (quoted || !is_blank(*p)); p++) {
		if (*p == '"') {
			quoted = !quoted;
			continue;
		}
		if (n + 1 >= size)
			return -E2BIG;
		buf[n++] = *p;
	}
	buf[n] = 0;
	*pos = p;
	return quoted ? -EINVAL : 1;
}

/*
 * apply_option() - split @tok at its first '=', find the row and run its
 * parser on @c.  Says the one error itself and returns -EINVAL.
 */
static int apply_option(char *tok, struct zs_config *c, zs_config_say_fn *fn)
{
	char *eq = strchr(tok, '=');
	const struct zs_option *o;
	struct why w = { .say = fn, .len = 0, .msg = "" };
	enum opt_arg arg;

	if (eq)
		*eq = 0;
	o = opt_find(tok);
	if (!o) {
		say(fn, ZS_CONFIG_ERROR, "zslab: unknown option \"%s\"", tok);
		return -EINVAL;
	}
	arg = opt_arg(o);
	if (!eq && arg == ARG_REQUIRED) {
		say(fn, ZS_CONFIG_ERROR, "zslab: %s: needs a value (%s%s)", tok, o->name, o->syntax);
		return -EINVAL;
	}
	if (eq && arg == ARG_NONE) {
		say(fn, ZS_CONFIG_ERROR, "zslab: %s: takes no value, got \"%s\"", tok, eq + 1);
		return -EINVAL;
	}
	if (o->parse(o, c, eq ? eq + 1 : NULL, &w)) {
		say(fn, ZS_CONFIG_ERROR, "zslab: %s: bad value \"%s\": %s", tok,
		    eq ? eq + 1 : "", w.msg);
		return -EINVAL;
	}
	return 0;
}

/* check_config() - rules between options, checked once all are applied. */
static int check_config(const struct zs_config *c, zs_config_say_fn *fn)
{
	char a[48], b[48];

	if (c->dma_limit > c->dma32_limit) {
		say(fn, ZS_CONFIG_ERROR, "zslab: dma_limit: %s is above dma32_limit %s "
		    "(ZONE_DMA must end where ZONE_DMA32 ends or below)",
		    fmt_size(c->dma_limit, a, sizeof(a)),
		    fmt_size(c->dma32_limit, b, sizeof(b)));
		return -EINVAL;
	}
	return 0;
}

/* parse_line() - apply every option of @cmdline to @c; first error stops. */
static int parse_line(const char *cmdline, struct zs_config *c, zs_config_say_fn *fn)
{
	char tok[TOKEN_MAX];
	const char *pos = cmdline;
	int ret;

	while ((ret = next_token(&pos, tok, sizeof(tok))) > 0) {
		if (apply_option(tok, c, fn))
			return -EINVAL;
	}
	if (ret == -E2BIG)
		say(fn, ZS_CONFIG_ERROR, "zslab: option \"%.40s...\" is longer than %d bytes",
		    tok, TOKEN_MAX - 1);
	else if (ret == -EINVAL)
		say(fn, ZS_CONFIG_ERROR, "zslab: unterminated quote in option \"%s\"", tok);
	return ret ? -EINVAL : check_config(c, fn);
}

int zs_config_parse(const char *cmdline, zs_config_say_fn *fn)
{
	struct zs_config staged = opt_defaults;

	zs_config = opt_defaults;
	if (!cmdline)
		return 0;
	if (parse_line(cmdline, &staged, fn))
		return -EINVAL;
	zs_config = staged;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Help                                                                */
/* ------------------------------------------------------------------ */

/* help_width() - the widest "name+syntax" and default over the table. */
static void help_width(int *wname, int *wdef)
{
	*wname = (int)strlen("OPTION");
	*wdef = (int)strlen("DEFAULT");
	for (size_t i = 0; i < OPT_COUNT; i++) {
		const struct zs_option *o = &opt_table[i];
		int n = (int)(strlen(o->name) + strlen(o->syntax));
		int a = o->alias ? (int)(strlen(o->alias) + strlen(o->syntax)) : 0;

		*wname = n > *wname ? n : *wname;
		*wname = a > *wname ? a : *wname;
		*wdef = (int)strlen(o->def) > *wdef ? (int)strlen(o->def) : *wdef;
	}
}

int zslab_option_get(unsigned int i, struct zslab_option *out)
{
	const struct zs_option *o;

	if (!out)
		return -EINVAL;
	if (i >= OPT_COUNT)
		return -ENOENT;
	o = &opt_table[i];
	*out = (struct zslab_option){ .name = o->name, .alias = o->alias,
		.syntax = o->syntax, .def = o->def, .help = o->help };
	return 0;
}

void zs_config_help(FILE *out)
{
	int wname, wdef;

	help_width(&wname, &wdef);
	fprintf(out, "%-*s  %-*s  %s\n", wname, "OPTION", wdef, "DEFAULT", "DESCRIPTION");
	for (size_t i = 0; i < OPT_COUNT; i++) {
		const struct zs_option *o = &opt_table[i];
		int pad = wname - (int)strlen(o->name);

		fprintf(out, "%s%-*s  %-*s  %s\n", o->name, pad, o->syntax,
			wdef, o->def, o->help);
		if (o->alias)
			fprintf(out, "%s%-*s  %-*s  same as %s\n", o->alias,
				wname - (int)strlen(o->alias), o->syntax,
				wdef, o->def, o->name);
	}
}
