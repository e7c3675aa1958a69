/* SPDX-License-Identifier: MIT */
/*
 * work.h - suite-work, the allocator-agnostic workloads of the suite.
 *
 * suite-work is linked with nothing but libc and pthreads and calls only
 * malloc, calloc, realloc and free; zslab-suite runs it once per
 * allocator with LD_PRELOAD naming the allocator's library (glibc: none),
 * so every allocator, zslab included, runs the very same machine code.
 *
 *   suite-work WORKLOAD --threads T --scale S [--expect LIB]
 *   suite-work --sized-origin    (the file of the sized operator delete)
 *
 * Output protocol: on success one line "ok CHECKSUM" on stdout and exit 0.
 * CHECKSUM depends only on the workload, T and S (0 for workloads whose
 * result depends on thread timing), so the driver can check that every
 * allocator computed the same thing.  Every block carries a stamp written
 * at allocation and checked before it is freed; a damaged block is
 * reported on stderr and the program exits 3.
 */
#ifndef ZSLAB_SUITE_WORK_H
#define ZSLAB_SUITE_WORK_H

#include <stddef.h>
#include <stdint.h>

/* What every workload is given. */
struct work_args {
	unsigned int threads;	/* >= 1 */
	double scale;		/* > 0: multiplies the amount of work */
};

/* A workload: return the checksum (see the protocol above). */
typedef uint64_t (*work_fn)(const struct work_args *a);

uint64_t work_larson(const struct work_args *a);
uint64_t work_xmalloc(const struct work_args *a);
uint64_t work_cscratch(const struct work_args *a);
uint64_t work_mstress(const struct work_args *a);
uint64_t work_alloctest(const struct work_args *a);
/* work_public.c: common public benchmark patterns (issue 12) */
uint64_t work_malloc_large(const struct work_args *a);
uint64_t work_thread_churn(const struct work_args *a);
uint64_t work_glibc_simple(const struct work_args *a);
uint64_t work_glibc_thread(const struct work_args *a);
/* work_larson.c: larson through C++'s sized operators (work_sized.c) */
uint64_t work_larson_sized(const struct work_args *a);
/* work_rptest.c: rpmalloc's benchmark pattern (issue 12) */
uint64_t work_rptest(const struct work_args *a);

/* xorshift64* step on *@s (!= 0). */
static inline uint64_t work_rand(uint64_t *s)
{
	uint64_t x = *s;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	return x * 0x2545f4914f6cdd1dULL;
}

/* A nonzero seed derived from @a and @b. */
uint64_t work_seed(uint64_t a, uint64_t b);

/* @n scaled by a->scale, at least @min. */
uint64_t work_scaled(const struct work_args *a, uint64_t n, uint64_t min);

/* malloc(@size) (>= 8) stamped with @size; exits on failure. */
void *work_alloc(size_t size);
/* Write the stamp of a @size-byte block at @p. */
void work_stamp(void *p, size_t size);
/* Check the stamp of @p (a @size-byte block); exits 3 if damaged. */
void work_check(const void *p, size_t size, const char *where);
/* Check @p's stamp and free it. */
void work_free(void *p, size_t size, const char *where);
/* The size recorded in @p's stamp (first 8 bytes). */
size_t work_stamped_size(const void *p);

/*
 * work_sized.c: bind operator new(size_t) and operator delete(void *,
 * size_t) as a C++ program's calls would be bound (exits if neither the
 * allocator nor libstdc++ has them).
 */
void work_sized_init(void);
/* The file that defines the operator delete(void *, size_t) in use. */
const char *work_sized_origin(void);
/* operator new(@size), stamped; exits on failure. */
void *work_new(size_t size);
/* Check @p's stamp, then operator delete(@p, @size). */
void work_delete_sized(void *p, size_t size, const char *where);

/*
 * Start @n threads, thread i running @fn on its own copy of the @stride
 * bytes at @arg + i * @stride; join them all, then copy each job back.
 * The copies sit on cache lines of their own: the jobs of a calloc'd
 * array share lines, and a generator or counter a thread updates on every
 * step would make the run measure that line's transfers between the CPUs
 * rather than the allocator.
 */
void work_run_threads(unsigned int n, void *(*fn)(void *), void *arg,
		      size_t stride);

/* Report an allocation failure naming @what and exit 1. */
void work_oom(const char *what) __attribute__((noreturn));

#endif /* ZSLAB_SUITE_WORK_H */
