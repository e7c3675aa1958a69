/* SPDX-License-Identifier: MIT */
/*
 * lock_rank.c - the lock-rank checker's slow paths (see lock_rank.h).
 * Only debug builds call them; a violation is reported with the stack
 * and the process aborts, because the next step may be a deadlock.
 */
#include "common/lock_rank.h"

#include "common/report.h"

__thread struct zs_lock_held zs_tl_locks __attribute__((tls_model("initial-exec"))) = {
	.state = ZS_LOCKS_CLEAR,   /* no lock held, no report waiting */
};

static const char *const rank_names[ZS_NR_RANKS] = {
	[ZS_RANK_NONE] = "a lock without a rank",
#define ZS_RANK_NAME(name, text) [ZS_RANK_##name] = text,
	ZS_LOCK_RANKS(ZS_RANK_NAME)
#undef ZS_RANK_NAME
};

const char *zs_lock_rank_name(enum zs_lock_rank rank)
{
	return (unsigned int)rank < ZS_NR_RANKS ? rank_names[rank] : "a bad rank";
}

/* Report what this thread holds and what it asked for; never returns. */
__attribute__((noreturn))
static void violation(const char *what, enum zs_lock_rank rank)
{
	const struct zs_lock_held *h = &zs_tl_locks;
	struct zs_rbuf rb;

	zs_rbuf_init(&rb);
	zs_rbuf_add(&rb, "zslab: lock order violation: %s %s (rank %d)\n", what,
		    zs_lock_rank_name(rank), (int)rank);
	zs_rbuf_add(&rb, "held by this thread:");
	for (int r = 1; r < ZS_NR_RANKS; r++)
		if (h->count[r])
			zs_rbuf_add(&rb, " %s (rank %d) x%u", rank_names[r], r, h->count[r]);
	zs_rbuf_add(&rb, "\nthe order is written in src/common/lock_rank.h\n");
	zs_rbuf_stack(&rb, 2);
	zs_report_fatal(&rb);
}

void zs_lock_rank_check(enum zs_lock_rank rank)
{
	const struct zs_lock_held *h = &zs_tl_locks;

	if (rank == ZS_RANK_NONE || rank >= ZS_NR_RANKS)
		violation("taking", rank);
	if (rank < h->top)
		violation("taking, out of order,", rank);
	if (rank == h->top && !h->forking)
		violation("taking a second", rank);
}

void zs_lock_rank_note(enum zs_lock_rank rank)
{
	struct zs_lock_held *h = &zs_tl_locks;

	if (rank >= ZS_NR_RANKS)
		violation("took", rank);
	h->count[rank]++;
	if (rank > h->top)
		h->top = (unsigned char)rank;
}

void zs_lock_rank_drop(enum zs_lock_rank rank)
{
	struct zs_lock_held *h = &zs_tl_locks;

	if (rank >= ZS_NR_RANKS || h->count[rank] == 0)
		violation("releasing, not holding,", rank);
	if (--h->count[rank] == 0 && rank == h->top)
		while (h->top > 0 && h->count[h->top] == 0)
			h->top--;
}

void zs_lock_held_failed(const char *where)
{
	struct zs_rbuf rb;

	zs_rbuf_init(&rb);
	zs_rbuf_add(&rb, "zslab: %s with %u zslab lock(s) held (highest: %s)\n",
		    where, zs_locks_held(), zs_lock_rank_name(zs_tl_locks.top));
	zs_rbuf_stack(&rb, 2);
	zs_report_fatal(&rb);
}

void zs_lock_fork_begin(void)
{
	zs_tl_locks.forking = true;
}

void zs_lock_fork_end(void)
{
	zs_tl_locks.forking = false;
}
