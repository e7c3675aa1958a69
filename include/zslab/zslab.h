/* SPDX-License-Identifier: MIT */
/*
 * zslab/zslab.h - the whole public API, plus the few names the kernel does
 * not have: boot and teardown, views, validation and the report hook.
 */
#ifndef ZSLAB_ZSLAB_H
#define ZSLAB_ZSLAB_H

#include <stdio.h>
#include <zslab/gfp.h>
#include <zslab/mm.h>
#include <zslab/slab.h>

/* The API is what libzslab exports; everything else is hidden. */
#pragma GCC visibility push(default)

#ifdef __cplusplus
extern "C" {
#endif

/**
 * struct zslab_ram - a range of simulated RAM backed by the caller's memory.
 * @base: physical address of the range (page aligned).
 * @size: bytes (page aligned, nonzero).
 * @host: host memory of at least @size bytes, page aligned, that zslab uses
 *        as the range's contents (an emulator's guest RAM, for example).
 *        zslab never unmaps it and never gives it back to the OS.
 */
struct zslab_ram {
	phys_addr_t base;
	size_t size;
	void *host;
};

/**
 * zslab_init() - boot the simulated machine.
 * @cmdline: options in kernel command-line syntax ("memmap=4G@0x40000000
 *           panic_on_warn"), or NULL for the defaults.  The README and
 *           `zslab_options_help()` list every option.
 *
 * Without any memmap= option the machine has 8 GiB of RAM at physical 0.
 * A program that never calls zslab_init() boots on first use with the
 * options in the environment variable ZSLAB_CMDLINE.
 *
 * Return: 0; -EINVAL with one message naming the option when an option is
 * unknown or its value bad, or when ranges overlap or are empty; -EBUSY
 * when already booted; -ENOMEM when the host refuses the reservation.
 * On failure nothing stays allocated.
 */
int zslab_init(const char *cmdline);

/**
 * zslab_init_ram() - boot with caller-backed RAM ranges.
 * @cmdline: as for zslab_init(); its memmap= ranges are added to @ram.
 * @ram:     ranges whose contents live in the caller's memory.
 * @nr:      number of entries in @ram.
 *
 * Return: as zslab_init().
 */
int zslab_init_ram(const char *cmdline, const struct zslab_ram *ram,
		   unsigned int nr);

/**
 * zslab_exit() - tear the machine down and return every byte of host
 * memory.  No other thread may be using zslab.  zslab_init() may be called
 * again afterwards, with another memory map.
 */
void zslab_exit(void);

/**
 * zslab_options_help() - print the option table (name, default, help).
 * @out: the stream to print to.
 */
void zslab_options_help(FILE *out);

/**
 * zslab_proc_show() - print a /proc-style view in the kernel's format.
 * @name: "buddyinfo", "zoneinfo" or "iomem" (the memory map).
 * @out:  the stream to print to.
 *
 * Return: 0, or -ENOENT for an unknown name.
 */
int zslab_proc_show(const char *name, FILE *out);

/**
 * zslab_validate() - check every invariant of the page allocator: each
 * free block's order, alignment, zone and flags, no two free blocks
 * overlapping, and per zone free + allocated + per-thread cached ==
 * managed.  Each problem is reported through the report hook.
 * Call it while no other thread allocates.
 *
 * Return: the number of problems found (0 when consistent).
 */
long zslab_validate(void);

/**
 * zslab_set_report_hook() - route every report (warnings, BUG reports, FIX
 * lines, allocation failures) to @fn instead of standard error.
 * @fn:  called once per report with its full text; NULL restores stderr.
 * @arg: passed to @fn.
 *
 * Under panic_on_warn the process aborts after the hook returns.
 */
void zslab_set_report_hook(void (*fn)(const char *text, void *arg), void *arg);

#ifdef __cplusplus
}
#endif

#pragma GCC visibility pop

#endif /* ZSLAB_ZSLAB_H */
