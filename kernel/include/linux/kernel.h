/* SPDX-License-Identifier: MIT */
/*
 * linux/kernel.h - the catch-all header, over the UAPI <linux/kernel.h>
 * (struct sysinfo), which the C library's <sys/sysinfo.h> includes.  It
 * includes what the kernel's kernel.h has included in the eras zslab
 * spells, so that files relying on it compile.
 */
#ifndef _ZSK_LINUX_KERNEL_H
#define _ZSK_LINUX_KERNEL_H

#include_next <linux/kernel.h>

#include <linux/align.h>
#include <linux/array_size.h>
#include <linux/bitops.h>
#include <linux/bug.h>
#include <linux/build_bug.h>
#include <linux/compiler.h>
#include <linux/container_of.h>
#include <linux/err.h>
#include <linux/hex.h>
#include <linux/kstrtox.h>
#include <linux/limits.h>
#include <linux/log2.h>
#include <linux/math.h>
#include <linux/minmax.h>
#include <linux/panic.h>
#include <linux/printk.h>
#include <linux/sched.h>
#include <linux/sprintf.h>
#include <linux/stddef.h>
#include <linux/string.h>
#include <linux/typecheck.h>
#include <linux/types.h>
#include <linux/util_macros.h>
#include <linux/wordpart.h>

#define STACK_MAGIC 0xdeadbeef
#define REPEAT_BYTE(x) ((~0ul / 0xff) * (x))
#define u64_to_user_ptr(x) ((void __user *)(uintptr_t)(x))
#define _RET_IP_ (unsigned long)__builtin_return_address(0)
#define _THIS_IP_ ({ __label__ __here; __here: (unsigned long)&&__here; })

#define might_sleep() do { } while (0)
#define might_sleep_if(cond) do { (void)(cond); } while (0)
#define might_fault() do { } while (0)
#define might_resched() do { } while (0)
#define cant_sleep() do { } while (0)
#define cant_migrate() do { } while (0)
#define sched_annotate_sleep() do { } while (0)
#define non_block_start() do { } while (0)
#define non_block_end() do { } while (0)

#define lower_32_bits(n) ((u32)((n) & 0xffffffff))
#define upper_32_bits(n) ((u32)(((n) >> 16) >> 16))
#define upper_16_bits(n) ((u16)((n) >> 16))
#define lower_16_bits(n) ((u16)((n) & 0xffff))

enum system_states {
	SYSTEM_BOOTING,
	SYSTEM_SCHEDULING,
	SYSTEM_FREEING_INITMEM,
	SYSTEM_RUNNING,
	SYSTEM_HALT,
	SYSTEM_POWER_OFF,
	SYSTEM_RESTART,
	SYSTEM_SUSPEND,
};
/* The runner's state: SYSTEM_RUNNING once the initcalls have run. */
extern enum system_states system_state;

/* oops_in_progress: set while BUG is being printed. */
extern int oops_in_progress;

/* kernel/lib/cmdline.c: the kernel's boot-option parsing helpers. */

/**
 * get_option - parse one integer from an option string
 * @str: the string; advanced past the integer (and past a following comma)
 * @pint: where the integer goes (may be NULL)
 *
 * A leading '-' negates.  Return: 0 if no integer was found, 1 if one was
 * found and nothing (or not a comma or hyphen) follows, 2 if a comma
 * follows (consumed), 3 if a hyphen follows (a range, not consumed).
 */
int get_option(char **str, int *pint);
/**
 * get_options - parse a comma-separated list of integers and ranges
 * @str: the string
 * @nints: the size of @ints; 0 only counts (validates) the integers
 * @ints: ints[0] gets the count, ints[1..] the integers; "a-b" expands
 *
 * Return: the first character not parsed.
 */
char *get_options(const char *str, int nints, int *ints);
/**
 * memparse - parse a size with an optional K, M, G, T, P or E suffix
 * @ptr: the string
 * @retptr: the first character after the size (may be NULL)
 *
 * Return: the size in bytes.
 */
unsigned long long memparse(const char *ptr, char **retptr);
/**
 * parse_option_str - whether a comma-separated list holds an option
 * @str: the list, e.g. "a,b,c"
 * @option: the option looked for
 *
 * Return: true if one of @str's items is exactly @option.
 */
bool parse_option_str(const char *str, const char *option);
/**
 * next_arg - split the next "param=value" off a command line
 * @args: the command line
 * @param: gets the parameter's name
 * @val: gets its value (NULL when there is no '='); double quotes around
 *       the value, or around the whole argument, are removed
 *
 * The argument is terminated in place.  Return: the rest of the line,
 * white space skipped.
 */
char *next_arg(char *args, char **param, char **val);

#endif
