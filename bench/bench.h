/* SPDX-License-Identifier: MIT */
/*
 * bench.h - what the two benchmark programs share: the workload sizes, the
 * clock, the seeded random generator, RSS, the timed-batch loop, the
 * single-producer/single-consumer ring and the child's result protocol.
 *
 * zslab-bench (the driver, plus the zslab side of every workload) and
 * peer-bench (the same workloads on malloc/free) both compile common.c, so
 * both sides run the very same helpers; only the allocator calls differ.
 *
 * Child protocol: a child runs one workload and prints one line on stdout,
 * "V1 V2\n" (two decimal numbers, V2 is 0 when the workload has none), then
 * exits 0.  Exit status BENCH_EXIT_SKIP means "cannot run here", with a
 * line "skip: REASON" on stdout; any other failure is an error, explained
 * on stderr.
 */
#ifndef ZSLAB_BENCH_H
#define ZSLAB_BENCH_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

/* Workload sizes: both sides must use the same ones. */
#define PAIR_SMALL      64u      /* pair64, bulk16, dma32, prodcons */
#define PAIR_LARGE      1024u    /* pair1k */
#define SHUFFLE_N       10000u   /* shuffle10k: objects per round */
#define KRAND_LIVE      1000u    /* kmalloc_rand: live blocks */
#define KRAND_MIN       8u       /* kmalloc_rand: smallest size */
#define KRAND_MAX       8192u    /* kmalloc_rand: largest size */
#define KRAND_STEPS     65536u   /* kmalloc_rand: pregenerated steps */
#define KRAND_BATCH     4096u    /* kmalloc_rand: steps per timed batch */
#define BULK_N          16u      /* bulk16: objects per bulk call */
#define RSS_N           200000u  /* rss1k: objects allocated */
#define RSS_SIZE        1024u    /* rss1k: object size */
#define RSS_KEEP        (RSS_N / 10) /* rss1k: objects left live */
#define RING_SIZE       1024u    /* prodcons: ring capacity (power of 2) */

/* Fixed seeds: every run sees the same sequences. */
#define SEED_SHUFFLE    0x5eed5eed12345678ULL
#define SEED_KRAND      0x9e3779b97f4a7c15ULL
#define SEED_RSS        0x2545f4914f6cdd1dULL

#define BENCH_EXIT_SKIP 77

/* Keep @p (and every store before it) alive across this point. */
#define BENCH_BARRIER(p) __asm__ volatile("" : : "r"(p) : "memory")

/* The result of one run of one workload (see the protocol above). */
struct bench_result {
	double v1;
	double v2;
};

/* A workload entry point: @secs is the time budget of a timed loop. */
typedef struct bench_result (*bench_fn)(double secs);

/* A named workload, for the children's dispatch tables. */
struct bench_entry {
	const char *name;
	bench_fn fn;
};

/* Monotonic clock in nanoseconds. */
uint64_t bench_now_ns(void);

/* xorshift64: the next value of the generator whose state is *@s (!= 0). */
uint64_t bench_rand(uint64_t *s);

/* Fill @a with 0..@n-1 in an order shuffled by @seed (Fisher-Yates). */
void bench_permutation(uint32_t *a, uint32_t n, uint64_t seed);

/*
 * kmalloc_rand's working state: the live blocks, and the pregenerated
 * trace of sizes and slots both sides replay, so that they run the very
 * same sequence.
 */
struct krand_ctx {
	void *live[KRAND_LIVE];
	uint16_t size[KRAND_STEPS];
	uint16_t slot[KRAND_STEPS];
	uint32_t pos;
};

/* Fill @c's trace from SEED_KRAND and set its position to 0 (untimed). */
void bench_krand_trace(struct krand_ctx *c);

/* The process's resident set size in bytes, from /proc/self/statm. */
long bench_rss_bytes(void);

/*
 * One batch of a timed loop: do a fixed amount of work on @ctx and return
 * how many operations that was.
 */
typedef uint64_t (*bench_batch_fn)(void *ctx);

/*
 * bench_timed() - run @batch once untimed (warm-up), then repeatedly until
 * @secs have passed.  Return: nanoseconds per operation.
 */
double bench_timed(bench_batch_fn batch, void *ctx, double secs);

/*
 * Single-producer/single-consumer ring of pointers, lock-free.  head is
 * written only by the consumer, tail only by the producer; each keeps a
 * private copy of the other's index to touch the shared line less often.
 * Invariant: 0 <= tail - head <= RING_SIZE.
 */
struct bench_ring {
	_Alignas(64) _Atomic uint64_t head;
	uint64_t tail_seen;		/* consumer's copy of tail */
	_Alignas(64) _Atomic uint64_t tail;
	uint64_t head_seen;		/* producer's copy of head */
	_Alignas(64) void *slot[RING_SIZE];
};

void bench_ring_init(struct bench_ring *r);
/*
 * Producer: append @p, waiting while the ring is full.  Waiters spin, then
 * yield, so that a loaded machine slows the ring down instead of stalling
 * it for whole time slices.
 */
void bench_ring_push(struct bench_ring *r, void *p);
/* Consumer: take the oldest pointer, waiting while the ring is empty. */
void *bench_ring_pop(struct bench_ring *r);

/* The entry of @table (@n entries) named @name, or NULL. */
const struct bench_entry *bench_find(const struct bench_entry *table,
				     size_t n, const char *name);

/* Child side: print @r as the result line (see the protocol above). */
void bench_print_result(struct bench_result r);

/* Ask the child to report "cannot run here" and exit. */
void bench_skip(const char *why);

/* An allocation failed inside a workload: say which and exit 1. */
void bench_oom(const char *what);

#endif /* ZSLAB_BENCH_H */
