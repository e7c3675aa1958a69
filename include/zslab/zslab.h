/* SPDX-License-Identifier: MIT */
/*
 * zslab/zslab.h - the whole public API, plus the few names the kernel does
 * not have: boot and teardown, views, validation and the report hook.
 */
#ifndef ZSLAB_ZSLAB_H
#define ZSLAB_ZSLAB_H

#include <stdbool.h>
#include <stdio.h>
#include <zslab/gfp.h>
#include <zslab/mm.h>
#include <zslab/slab.h>
#include <zslab/page_frag.h>
#include <zslab/genalloc.h>
#include <zslab/vmalloc.h>
#include <zslab/mempool.h>
#include <zslab/io-pgtable.h>
#include <zslab/arm-v7s-walk.h>
#include <zslab/dma.h>
#include <zslab/dmapool.h>
#include <zslab/swiotlb.h>

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
 * struct zslab_option - one row of the option table, as data.
 * @name:    the option's canonical spelling ("slub_debug").
 * @alias:   its other accepted spelling ("slab_debug"), or NULL.
 * @syntax:  what follows the name: "" (a switch), "=SIZE" (a value is
 *           required), "[=BOOL]" (optional).
 * @def:     the default, as the help shows it ("8G@0", "off", "1").
 * @help:    one line of help text.
 *
 * The strings are static and live as long as the program.
 */
struct zslab_option {
	const char *name;
	const char *alias;
	const char *syntax;
	const char *def;
	const char *help;
};

/**
 * zslab_option_get() - read row @i of the option table, the one table
 * zslab_options_help() prints (the man page zslab-cmdline(7) and the
 * README are generated from or checked against it).
 * @i:   0, 1, 2 ... in the table's order.
 * @out: filled in.
 *
 * Return: 0; -ENOENT past the last row; -EINVAL for a NULL @out.
 */
int zslab_option_get(unsigned int i, struct zslab_option *out);

/**
 * zslab_proc_show() - print a /proc-style view in the kernel's format.
 * @name: "buddyinfo", "zoneinfo", "slabinfo" (version 2.1) or "iomem"
 *        (the memory map).
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
 * struct zslab_zone_info - the page counts of one zone, as zoneinfo shows
 * them, for programs that measure memory rather than parse text.
 * @name:      "DMA", "DMA32", "Normal" or "Movable".
 * @start_pfn: the zone's first RAM page frame (0 when empty).
 * @spanned:   frames from the first to the last RAM frame of the zone.
 * @present:   RAM frames in the zone.
 * @managed:   frames the buddy allocator manages.
 * @free:      frames on the buddy free lists (or never used yet).
 * @cached:    free frames held on per-thread lists.
 * @allocated: frames handed out and not yet freed.
 * @dirty:     frames of @free whose host memory is still resident (freed
 *             but not yet given back to the OS; zslab_shrink_all() gives
 *             them back).
 * @zslab:     of @allocated, the frames zslab holds for itself: the slabs
 *             of its internal caches (kmem_cache, kmem_cache_sheaf) and
 *             the per-thread sheaf tables (zoneinfo's nr_zslab).
 *
 * Invariants (when no allocation is in flight):
 * free + cached + allocated == managed; dirty <= free; zslab <= allocated.
 * Once every cache is destroyed, every object freed and zslab_shrink_all()
 * has run, allocated - zslab is back at its boot value: what is left is
 * zslab's own (sheaves of threads still running), never a leak.
 */
struct zslab_zone_info {
	const char *name;
	unsigned long start_pfn, spanned, present, managed;
	unsigned long free, cached, allocated;
	unsigned long dirty;
	unsigned long zslab;
};

/**
 * zslab_zone_get_info() - read the page counts of one zone.
 * @zone: ZONE_DMA, ZONE_DMA32, ZONE_NORMAL or ZONE_MOVABLE.
 * @out:  filled in.
 *
 * The counts are a snapshot; other threads may change them at once.
 *
 * Return: 0, or -EINVAL for an unknown zone or a NULL @out.
 */
int zslab_zone_get_info(enum zone_type zone, struct zslab_zone_info *out);

/**
 * struct zslab_cache_info - one kmem cache, as /sys/kernel/slab shows it.
 * @cache:          the cache itself (for kmem_cache_validate() and
 *                  zslab_cache_for_each_object()).
 * @name:           the cache's own (first) name.
 * @unique_id:      ":" + flag letters + "-" + 7-digit slab_size, e.g.
 *                  ":D-0001024"; the sysfs directory of a mergeable cache.
 * @mergeable:      1 when other caches may merge into this one.
 * @aliases:        refcount - 1: names merged into this cache.
 * @alias_names:    those names (valid until the cache changes).
 * @nr_alias_names: how many of them are recorded.
 * @flags:          SLAB_* creation flags.
 * @object_size:    bytes of one object, as created (or merged).
 * @slab_size:      stride between objects (object + metadata + padding).
 * @align:          object alignment.
 * @order:          page order of a slab.
 * @objs_per_slab:  objects in a slab of that order.
 * @usersize:       size of the user-copyable region.
 * @min_partial:    empty or partial slabs kept before freeing empties.
 * @cpu_partial:    the kernel's per-CPU partial limit for this size.
 * @ctor:           the constructor given at creation, or NULL.
 * @slabs:          slabs in the cache (@partial + @full).
 * @partial:        slabs with free objects (the partial list, which also
 *                  keeps up to @min_partial empty slabs).
 * @full:           slabs with no free object.
 * @empty:          slabs of the partial list with no object in use.
 * @objects:        objects in use: total minus free on partial slabs
 *                  (objects cached per thread count as in use).
 * @objects_partial: objects in use on partial slabs.
 * @total_objects:  objects in all slabs.
 * @order_fallback: slabs made at the minimum order because the preferred
 *                  order was not available.
 * @kept_by_test:   a kmem_cache_destroy() found objects left while a test
 *                  harness counted slab errors (zslab_set_slab_error_hook()
 *                  said so) and kept the cache: the test meant it.
 *
 * zslab has one memory node, so each per-node count is node 0's.  Objects
 * cached in per-thread sheaves and in the barn count as in use.
 * Invariants: slabs == partial + full; empty <= partial;
 * total_objects - objects == free objects on partial slabs;
 * objects_partial <= objects <= total_objects.
 */
struct zslab_cache_info {
	struct kmem_cache *cache;
	const char *name;
	char unique_id[32];
	int mergeable;
	unsigned int aliases;
	const char *const *alias_names;
	unsigned int nr_alias_names;
	unsigned int flags;
	unsigned int object_size, slab_size, align, order, objs_per_slab;
	unsigned int usersize;
	unsigned long min_partial;
	unsigned int cpu_partial;
	void (*ctor)(void *);
	unsigned long slabs, partial, full, empty;
	unsigned long objects, objects_partial, total_objects;
	unsigned long order_fallback;
	bool kept_by_test;
};

/**
 * zslab_cache_get_info() - read the statistics of one cache.
 * @s:   a cache (an alias gives its shared cache).
 * @out: filled in.
 *
 * Return: 0, or -EINVAL for a NULL argument.
 */
int zslab_cache_get_info(struct kmem_cache *s, struct zslab_cache_info *out);

/**
 * zslab_cache_for_each() - call @fn for every cache, oldest first, with
 * its statistics (aliases are reported with their cache, not on their own).
 * @fn:  the callback; a nonzero return stops the walk and is returned.
 * @arg: passed to @fn.
 *
 * No cache may be created or destroyed from @fn.
 *
 * Return: 0 after a full walk, else what @fn returned.
 */
int zslab_cache_for_each(int (*fn)(const struct zslab_cache_info *info, void *arg),
			 void *arg);

/**
 * struct zslab_stats - the machine's memory at one moment: the slab layer
 * summed over every cache, as `slabinfo -T` sums a tree, and the zones.
 * @caches:          kmem caches (merged names count once).
 * @active_caches:   caches with at least one object in use.
 * @slabs:           slabs of all caches.
 * @partial_slabs:   those on partial lists (empty ones kept included).
 * @objects:         objects in use (objects cached per thread count as in
 *                   use, as in zslab_cache_info).
 * @partial_objects: objects in use on partial slabs.
 * @total_objects:   objects the slabs hold, in use or free.
 * @slab_bytes:      memory of all slabs: each slab's pages (slabinfo's
 *                   "Memory used").
 * @object_bytes:    bytes of the objects in use (objects * object size).
 * @loss_bytes:      the rest of @slab_bytes: free objects, metadata,
 *                   padding (slabinfo's "Loss").
 * @zones:           the zones ZONE_DMA, ZONE_DMA32, ZONE_NORMAL, indexed
 *                   by zone, as zslab_zone_get_info() gives them.
 * @allocated_bytes: page frames allocated in all zones, in bytes: the part
 *                   of zslab's RAM that is in use (slabs, large kmalloc
 *                   blocks, pages handed out).
 *
 * Invariants (when nothing allocates meanwhile): slab_bytes ==
 * object_bytes + loss_bytes; partial_slabs <= slabs; partial_objects <=
 * objects <= total_objects; active_caches <= caches; allocated_bytes ==
 * PAGE_SIZE * the sum of zones[].allocated, and slab_bytes <= it.
 */
struct zslab_stats {
	unsigned int caches, active_caches;
	unsigned long slabs, partial_slabs;
	unsigned long objects, partial_objects, total_objects;
	unsigned long long slab_bytes, object_bytes, loss_bytes;
	struct zslab_zone_info zones[3];
	unsigned long long allocated_bytes;
};

/**
 * zslab_stats_get() - fill @out with the statistics of this moment.
 * @out: filled in.
 *
 * Boots zslab if need be.  Takes the cache registry's lock; call it from
 * no callback of zslab_cache_for_each().
 *
 * Return: 0, or -EINVAL for a NULL @out.
 */
int zslab_stats_get(struct zslab_stats *out);

/**
 * zslab_stats_print() - print the statistics for a human: a `slabinfo -T`
 * style summary of the caches, the caches holding the most memory, the
 * page counts of each zone and, in libzslab-malloc.so, the heap (peak
 * RSS, bytes requested, bytes held).  The same text the boot option
 * stats=exit prints at exit.
 * @out: the stream to print to.
 */
void zslab_stats_print(FILE *out);

/**
 * struct zslab_object_info - one allocated object of a cache.
 * @cache:       its cache.
 * @addr:        the object.
 * @size:        bytes in use: the kmalloc request size where the cache
 *               records it (slub_debug U on a kmalloc cache), else the
 *               cache's object size.
 * @alloc_site:  the caller that allocated it, when the cache records
 *               allocation tracks (SLAB_STORE_USER); else NULL.
 * @alloc_stack: the call stack of that allocation, innermost first, and
 * @alloc_depth: its length (0 without tracks).
 * @alloc_pid:   the allocating thread's id (0 without tracks).
 * @age_ms:      milliseconds since the allocation (0 without tracks).
 */
struct zslab_object_info {
	struct kmem_cache *cache;
	void *addr;
	unsigned int size;
	void *alloc_site;
	void *const *alloc_stack;
	unsigned int alloc_depth;
	int alloc_pid;
	unsigned long age_ms;
};

/**
 * zslab_cache_for_each_object() - call @fn for every object of @s that is
 * allocated, slab by slab (the kernel's list of "Objects remaining" at
 * kmem_cache_destroy, and what a leak check after module_exit reports).
 * @s:   the cache.
 * @fn:  the callback, run under the cache's lock: it must not allocate
 *       from or free to @s.  A nonzero return stops the walk and is
 *       returned.  Its @info is valid only during the call.
 * @arg: passed to @fn.
 *
 * The calling thread's cached objects and the cache's stash of full
 * sheaves are given back to the slabs first, so they are not listed.
 * Objects cached by other running threads count as allocated.
 *
 * Return: 0 after a full walk, what @fn returned, or -EINVAL for a NULL
 * argument.
 */
int zslab_cache_for_each_object(struct kmem_cache *s,
				int (*fn)(const struct zslab_object_info *info, void *arg),
				void *arg);

/**
 * zslab_set_slab_error_hook() - count slab errors in a test harness, as
 * the kernel's KUnit tests count them in their "slab_errors" resource.
 * @fn: called where the kernel's SLUB calls slab_add_kunit_errors() (each
 *      BUG and each FIX of slub_debug, each slab listed by a destroy with
 *      objects left, the validate counter mismatches), from the thread
 *      that found the error, with @count true.  Returning true means a
 *      test counted the error: the BUG or FIX is then not printed (the
 *      counter mismatch lines still are, as in the kernel).  It is also
 *      called with @count false where the kernel asks slab_in_kunit_test()
 *      (kmem_cache_destroy's "still has objects" warning is then left
 *      out).  NULL (the default) removes the hook.
 *
 * Unlike a report hook, @fn runs where the error is found, possibly with
 * a zslab lock held (it decides whether the report is made at all): it
 * must not call zslab, and should only look up and bump a counter.
 */
void zslab_set_slab_error_hook(bool (*fn)(bool count));

/**
 * zslab_set_slab_error_per_object() - how a destroy with objects left is
 * counted by the hook of zslab_set_slab_error_hook().
 * @on: true: once for each slab and once more for each object still
 *      allocated in it (the kernel from 6.15, where list_slab_objects()
 *      counts every remaining object); false (the default): once for each
 *      slab (the kernel before).
 *
 * A harness running tests of several kernel eras sets it before each.
 */
void zslab_set_slab_error_per_object(bool on);

/**
 * zslab_shrink_all() - kmem_cache_shrink() every cache, as writing 1 to
 * every /sys/kernel/slab/<cache>/shrink does: cached objects go back to
 * their slabs, empty slabs go back to the page allocator, and free memory
 * goes back to the host.  As kmem_cache_shrink(), it reaches every
 * thread: the calling thread's and every parked thread's (see
 * zslab_thread_park()) sheaves and sheaf tables are given back now; every
 * other thread is asked to flush its sheaves at its next slow path.
 */
void zslab_shrink_all(void);

/**
 * zslab_thread_park() - the calling thread is about to sleep (wait for an
 * event, a timer, a lock held elsewhere) and calls no zslab function
 * until it calls zslab_thread_unpark().
 *
 * The kernel flushes an idle CPU's per-CPU caches with an IPI; a thread
 * cannot be interrupted safely, so it says when it sleeps.  While it is
 * parked, kmem_cache_shrink() and zslab_shrink_all() from any thread take
 * its cached objects (and, for zslab_shrink_all(), its sheaves) back
 * directly, so a sleeping thread cannot keep memory however long it
 * sleeps.  A thread that is not parked is asked instead, and flushes at
 * its next allocation or free that leaves its fast path.  The
 * kernel-compat tree's sleeping primitives (wait_for_completion(),
 * wait_event(), msleep(), schedule_timeout()) park and unpark around
 * their sleep.  Parking costs two uncontended lock round trips; a thread
 * that has not used zslab yet has nothing to park, and the call returns
 * at once.  Must not be called with a zslab lock held (from a report
 * hook).
 */
void zslab_thread_park(void);

/**
 * zslab_thread_unpark() - the calling thread is awake and may use zslab
 * again.  Waits while a shrink is flushing its sheaves.  Without a
 * zslab_thread_park() before, it does nothing.
 */
void zslab_thread_unpark(void);

/**
 * zslab_sysfs_export() - write a snapshot of the machine's views under @dir,
 * which stands for the machine's root directory:
 * @dir/sys/kernel/slab is /sys/kernel/slab and @dir/proc holds the /proc
 * views buddyinfo, iomem, slabinfo and zoneinfo as regular files.
 * @dir: the directory to write into; made when missing (its parent must
 *       exist).  Existing files of the same names are replaced.
 *
 * The slab directory is the kernel's, and holds nothing else: one
 * directory per cache, named by the cache's name when unmergeable and by
 * its unique id (":D-0001024") when mergeable; then the mergeable cache's
 * own name and each alias name as a symbolic link to that directory.  So
 * the kernel's own tools/mm/slabinfo reads it (in a chroot to @dir, or
 * with the directory bind-mounted on /sys/kernel/slab).  Each directory
 * holds the attributes zslab honours, in the kernel's formats and 5.9+
 * permissions (0400, or 0600 for writable ones; write-only `shrink` and
 * `validate` are empty): aliases align cache_dma cache_dma32 cpu_partial
 * cpu_slabs ctor destroy_by_rcu failslab hwcache_align min_partial
 * object_size objects objects_partial objs_per_slab order partial poison
 * reclaim_account red_zone sanity_checks shrink slab_size slabs
 * store_user total_objects trace usersize validate.  Per-node counts
 * print as "690 N0=690" (or "0").
 *
 * The live equivalent is the boot option slab_sysfs=DIR (README), with
 * the same layout.
 *
 * Return: 0; -EINVAL for a NULL or empty @dir; else the -errno of the
 * first file that could not be written, with one message naming it.
 */
int zslab_sysfs_export(const char *dir);

/**
 * zslab_make_it_fail() - the calling thread's /proc/<pid>/make-it-fail.
 * @on: nonzero: with the boot option failslab_task_filter (or
 *      fail_page_alloc_task_filter) this thread's allocations are
 *      candidates for failslab= (fail_page_alloc=); zero: they are not.
 *
 * Threads start with it off.  Without a task filter it changes nothing.
 *
 * Return: the previous value (0 or 1).
 */
int zslab_make_it_fail(int on);

/**
 * zslab_fail_nth_set() - the calling thread's /proc/self/task/<tid>/fail-nth.
 * @nth: make this thread's @nth fault-injection candidate fail, once,
 *       whatever the attributes say (0 cancels).  The candidates are the
 *       calls of every site whose option is on the command line
 *       (failslab=, fail_page_alloc=; a probability of 0 fails nothing by
 *       itself), counted after their filters (__GFP_NOFAIL, the cache
 *       filter) as the kernel counts them.
 *
 * Return: 0.
 */
int zslab_fail_nth_set(unsigned int nth);

/**
 * zslab_fail_nth_get() - what is left of the calling thread's fail-nth.
 *
 * Return: 0 once the failure happened (or when none is set), else the
 * number of candidates still to come before it: an operation that leaves
 * it nonzero completed without reaching its @nth candidate.
 */
unsigned int zslab_fail_nth_get(void);

/**
 * struct zslab_rcu_head - a callback queued for after an RCU grace period.
 * @next: for the RCU engine's queue.
 * @func: called with the head once the grace period has passed.
 *
 * The same shape as the kernel's and liburcu's struct rcu_head, so an
 * engine can queue it as its own.
 */
struct zslab_rcu_head {
	struct zslab_rcu_head *next;
	void (*func)(struct zslab_rcu_head *head);
};

/**
 * struct zslab_rcu_ops - the RCU engine zslab defers frees to.
 * @call:    run head->func(head) after a grace period (the kernel's
 *           call_rcu()); it never fails and may run @func on any thread.
 * @barrier: wait until every callback queued so far has run (the
 *           kernel's rcu_barrier()).
 *
 * zslab uses it for SLAB_TYPESAFE_BY_RCU caches: a slab of such a cache
 * that becomes free keeps its pages, still a slab of that cache, until
 * @call's grace period has passed; only then do the pages go back to the
 * page allocator.  kmem_cache_destroy() of such a cache calls @barrier
 * before it frees the cache, as the kernel's does.
 */
struct zslab_rcu_ops {
	void (*call)(struct zslab_rcu_head *head,
		     void (*func)(struct zslab_rcu_head *head));
	void (*barrier)(void);
};

/**
 * zslab_set_rcu_ops() - register the RCU engine (the kernel-compat
 * library registers liburcu here; libzslab itself never links it).
 * @ops: the engine, which must stay valid until it is replaced; NULL (the
 *       default) means no RCU readers exist, so deferred frees happen at
 *       once.
 *
 * Replacing an engine first waits for the old one's pending callbacks
 * (its @barrier), so nothing stays queued on an engine no longer in use.
 * zslab_exit() waits for them too.  Call it while no SLAB_TYPESAFE_BY_RCU
 * slab is being freed by another thread.
 */
void zslab_set_rcu_ops(const struct zslab_rcu_ops *ops);

/**
 * zslab_set_report_hook() - route every report (warnings, BUG reports, FIX
 * lines, allocation failures) to @fn instead of standard error.
 * @fn:  called once per report with its full text; NULL restores stderr.
 * @arg: passed to @fn.
 *
 * The hook is never called with a zslab lock held: a report made inside
 * zslab's critical sections (a slub_debug check under a cache's lock,
 * kmem_cache_destroy() finding live objects) is held back and delivered,
 * in order, once the thread leaves them, before the zslab call returns.
 * So @fn may call any zslab function: kmalloc(), kfree(),
 * kmem_cache_alloc(), kmem_cache_create() and the views.  A report that
 * such a call makes reaches @fn too, possibly from inside @fn (nested):
 * a hook that calls zslab must expect that.  Reports of different
 * threads may reach @fn at the same time.
 *
 * Under panic_on_warn the process aborts after the hook returns.
 */
void zslab_set_report_hook(void (*fn)(const char *text, void *arg), void *arg);

#ifdef __cplusplus
}
#endif

#pragma GCC visibility pop

#endif /* ZSLAB_ZSLAB_H */
