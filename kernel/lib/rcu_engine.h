/* SPDX-License-Identifier: MIT */
/* rcu_engine.h - liburcu behind plain functions (rcu_urcu.c), for rcu.c. */
#ifndef ZSK_RCU_ENGINE_H
#define ZSK_RCU_ENGINE_H

#pragma GCC visibility push(hidden)

/* The shape of liburcu's struct rcu_head (a queue link and a callback). */
struct zsk_urcu_head {
	void *next;
	void (*func)(struct zsk_urcu_head *head);
};

void zsk_urcu_read_lock(void);
void zsk_urcu_read_unlock(void);
void zsk_urcu_synchronize(void);
void zsk_urcu_barrier(void);
void zsk_urcu_call(struct zsk_urcu_head *head, void (*fn)(struct zsk_urcu_head *head));

#pragma GCC visibility pop

#endif
