/* SPDX-License-Identifier: MIT */
/*
 * host.h - the only door to the operating system.  Every mmap, madvise,
 * random number, clock, backtrace, thread-exit hook and write to stderr in
 * zslab goes through these functions, so that porting zslab or faking the
 * OS in a test means changing one file.
 *
 * Contract: none of these functions allocates with malloc (they may be
 * called from inside a malloc replacement), and all are thread-safe.
 */
#ifndef ZSLAB_HOST_H
#define ZSLAB_HOST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#pragma GCC visibility push(hidden)

#define ZS_HOST_PAGE 4096UL

/*
 * zs_host_reserve() - reserve @size bytes of zero-filled, read-write host
 * memory that costs nothing until touched (no swap or commit charge).
 * @size must be a multiple of ZS_HOST_PAGE.  Returns NULL on failure.
 */
void *zs_host_reserve(size_t size);

/*
 * zs_host_reserve_aligned() - as zs_host_reserve(), with the start aligned
 * to @align (a power of two, at least ZS_HOST_PAGE).  zs_host_reserve()
 * aligns reservations of 4 MiB or more to 4 MiB, so that page blocks up
 * to the largest order are naturally aligned in host addresses too.
 */
#define ZS_HOST_RESERVE_ALIGN (4UL << 20)
void *zs_host_reserve_aligned(size_t size, size_t align);

/*
 * zs_host_remap() - grow or shrink the reservation [@addr, @addr+@old)
 * to @new bytes (both page multiples), moving it if need be, contents
 * kept.  Returns the new start (page aligned only), or NULL with the old
 * reservation untouched.
 */
void *zs_host_remap(void *addr, size_t old, size_t new);

/*
 * zs_host_as_room() - bytes of address space the process may still map
 * under its RLIMIT_AS soft limit (SIZE_MAX when there is no limit): the
 * limit less what is mapped now.  0 when the limit is already reached.
 */
size_t zs_host_as_room(void);

/*
 * zs_host_can_commit() - would the host promise @size more bytes of
 * private memory under its overcommit policy (/proc/sys/vm/overcommit_memory,
 * read once)?  Mode 0, the heuristic: not when @size alone exceeds RAM
 * plus swap (the kernel's __vm_enough_memory()); mode 1: always; mode 2:
 * not beyond CommitLimit less Committed_AS.  zslab's reservations are
 * MAP_NORESERVE, which the kernel does not charge in modes 0 and 1, so a
 * block handed to a caller as committed memory asks here first.
 */
bool zs_host_can_commit(size_t size);

/*
 * Shared RAM (ram_backing=memfd): host memory that is a memory file, so
 * that one page can be mapped at a second address (vmalloc).
 *
 * zs_host_reserve_shared() - @size bytes (a ZS_HOST_PAGE multiple) of a
 * new anonymous memory file, mapped shared at an address aligned as
 * zs_host_reserve() aligns; *@fd gets the file (close-on-exec).  Nothing
 * is committed until touched.  NULL on failure, nothing left open.
 */
void *zs_host_reserve_shared(size_t size, int *fd);

/*
 * zs_host_map_file() - map [@off, @off+@len) of memory file @fd shared at
 * @addr, replacing what was there (MAP_FIXED): @addr must lie in a
 * reservation of the caller's.  All page aligned.  0 or -errno.
 */
int zs_host_map_file(void *addr, size_t len, int fd, uint64_t off);

/*
 * zs_host_reserve_none() - @size bytes of address space that cannot be
 * touched (PROT_NONE) and cost nothing, for the caller to map into with
 * zs_host_map_file().  NULL on failure.  zs_host_unmap() gives it back.
 */
void *zs_host_reserve_none(size_t size);

/*
 * zs_host_clear_none() - turn [@addr, @addr+@len) of such a reservation
 * back into untouchable address space (the file pages stay in the file).
 * Either way nothing is reachable there any more; false when the range
 * could not be taken back (the host at its mapping limit, and another
 * mapping there since): it is no longer the caller's to map into.
 */
bool zs_host_clear_none(void *addr, size_t len);

/*
 * zs_host_discard_file() - as zs_host_discard(), for memory mapped with
 * zs_host_reserve_shared(): the file's pages are freed (a hole punched),
 * so every mapping of them reads zero afterwards.  Memory that is not a
 * memory file falls back to zs_host_discard().
 */
void zs_host_discard_file(void *addr, size_t size);

/* zs_host_close() - close a file zs_host_reserve_shared() opened. */
void zs_host_close(int fd);

/* zs_host_unmap() - give a reservation back entirely. */
void zs_host_unmap(void *addr, size_t size);

/*
 * zs_host_discard() - give the pages of [@addr, @addr+@size) back to the
 * OS; they read as zero afterwards and cost nothing until touched again.
 * Both must be ZS_HOST_PAGE aligned.  False when the OS refused (locked
 * memory: the pages stay as they were).
 */
bool zs_host_discard(void *addr, size_t size);

/*
 * zs_host_mostly_resident() - are the @samples pages spread evenly over
 * [@addr, @addr+@size) (the middle of each of @samples equal parts) all in
 * memory (mincore())?  True when the OS cannot tell.  A sample, not a
 * count: mincore() over a whole range costs a loop step per page.  Both
 * must be ZS_HOST_PAGE aligned.
 */
bool zs_host_mostly_resident(void *addr, size_t size, unsigned int samples);

/* zs_host_random() - fill @buf with @len unpredictable bytes. */
void zs_host_random(void *buf, size_t len);

/* zs_host_now_ns() - a monotonic clock in nanoseconds. */
uint64_t zs_host_now_ns(void);

/* zs_host_relax() - let other threads run (used by waits for memory). */
void zs_host_relax(void);

/*
 * zs_host_wait() - sleep while *@word still holds @val, for at most
 * @timeout_ns, or until zs_host_wake_all(@word).  It may also return
 * early for no reason: the caller rechecks its condition and waits again.
 * The word must be changed (atomically) before the wake.  Never allocates.
 */
void zs_host_wait(const unsigned int *word, unsigned int val, uint64_t timeout_ns);

/* zs_host_wake_all() - wake every thread in zs_host_wait() on @word. */
void zs_host_wake_all(const unsigned int *word);

/*
 * zs_host_rss() - the process's resident memory in bytes: *@now at this
 * moment, *@peak the most it has been (either pointer may be NULL; 0
 * when the OS does not say).
 */
void zs_host_rss(size_t *now, size_t *peak);

/* zs_host_ncpus() - the number of CPUs the process may run on (>= 1). */
unsigned int zs_host_ncpus(void);

/* zs_host_pid() / zs_host_comm() - for report headers (pid: the thread's). */
int zs_host_pid(void);
/* zs_host_getpid() - the process id. */
int zs_host_getpid(void);
const char *zs_host_comm(void);

/*
 * zs_host_backtrace() - write up to @max return addresses of the caller's
 * stack, skipping @skip frames of zslab itself.  Returns how many.
 */
int zs_host_backtrace(void **pcs, int max, int skip);

/*
 * zs_host_code_range() - the executable segment [*@lo, *@hi) of the
 * loaded object (program or shared library) that holds the code at @fn.
 * Returns 1 when that object is a shared library, 0 when it is the main
 * program (then the range also holds the program's own code), -1 when
 * no object holds @fn.  Takes the dynamic loader's lock: call it once.
 */
int zs_host_code_range(const void *fn, uintptr_t *lo, uintptr_t *hi);

/*
 * zs_host_symbolize() - write "symbol+0xoff/0xsize" for @pc into @buf (the
 * kernel's %pS), or the bare address when no symbol is known.
 */
void zs_host_symbolize(const void *pc, char *buf, size_t len);

/*
 * zs_host_in_rodata() - is @p inside a read-only segment of the main
 * program (its text and read-only data, where string literals live)?
 * Such memory is never written and lives as long as the process, like
 * the kernel's .rodata (is_kernel_rodata()).  Shared libraries do not
 * count, as the kernel does not count its modules: they may be unloaded.
 * The segments are looked up once (host_image.c).
 */
bool zs_host_in_rodata(const void *p);

/*
 * zs_host_write_err() - write @len bytes to standard error, unbuffered.
 * If descriptor 2 has been closed (gnulib's close_stdout() closes it in
 * an atexit handler, before stats=exit prints from a destructor), the
 * copy kept by zs_host_keep_err() is used instead.
 */
void zs_host_write_err(const char *s, size_t len);

/*
 * zs_host_keep_err() - keep a close-on-exec copy of descriptor 2 at a
 * high number (512 or above, never one a program expects to get from
 * open()), for reports that must survive the program closing its
 * standard error.  Once per process; silent if no descriptor is free.
 */
void zs_host_keep_err(void);

/* zs_host_getenv() - getenv(), safe before libc's own start-up is done. */
const char *zs_host_getenv(const char *name);

/* zs_host_abort() - stop the process at once (panic). */
__attribute__((noreturn)) void zs_host_abort(void);

/*
 * zs_host_thread_exit_hook() - arrange for @fn(@arg) to run when the
 * calling thread exits.  Each thread may register one hook per @slot
 * (0..ZS_HOST_EXIT_SLOTS-1); registering again replaces the argument.
 * Hooks run from the highest slot down, so a layer's hook runs before
 * the hooks of the layers below it.  Slots in use, last to run first:
 * 0 mm/alloc_count.c, 1 mm/pcp.c, 2 slab/sheaf.c, 3 malloc/malloc.c.
 * Returns 0 or -errno.
 */
#define ZS_HOST_EXIT_SLOTS 4
int zs_host_thread_exit_hook(unsigned int slot, void (*fn)(void *), void *arg);

/*
 * zs_host_atfork() - have fork() call @prepare before it and @parent and
 * @child after it (pthread_atfork()).  The first call registers them;
 * later calls do nothing, so a process registers them once however often
 * it boots.  Callers are serialised (boot holds its lock).
 */
void zs_host_atfork(void (*prepare)(void), void (*parent)(void),
		    void (*child)(void));

#pragma GCC visibility pop

#endif
