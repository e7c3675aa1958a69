// SPDX-License-Identifier: MIT
/*
 * rcu_urcu.c - the only file that includes liburcu: its bulletproof
 * flavour (urcu-bp), whose read-side lock registers a thread on first
 * use, so kernel code never registers threads.  liburcu's struct rcu_head
 * would clash with the kernel's, so this file sees no kernel header and
 * exports plain functions to rcu.c.
 */
#include <stddef.h>
#include <urcu/urcu-bp.h>
#include <urcu/call-rcu.h>

#include "rcu_engine.h"

void zsk_urcu_read_lock(void)
{
	urcu_bp_read_lock();
}

void zsk_urcu_read_unlock(void)
{
	urcu_bp_read_unlock();
}

void zsk_urcu_synchronize(void)
{
	urcu_bp_synchronize_rcu();
}

void zsk_urcu_barrier(void)
{
	urcu_bp_barrier();
}

/* One grace period, then @fn(@head): @head is a struct rcu_head of liburcu. */
void zsk_urcu_call(struct zsk_urcu_head *head, void (*fn)(struct zsk_urcu_head *head))
{
	_Static_assert(sizeof(struct zsk_urcu_head) == sizeof(struct rcu_head),
		       "zsk_urcu_head is liburcu's rcu_head");
	urcu_bp_call_rcu((struct rcu_head *)head, (void (*)(struct rcu_head *))(void (*)(void))fn);
}
