/* SPDX-License-Identifier: MIT */
/*
 * linux/rcupdate.h - read-copy update on userspace RCU (liburcu's
 * bulletproof flavour: a thread that calls rcu_read_lock() is registered
 * on first use, so kernel code never registers threads).
 *
 * call_rcu() callbacks run in order, after a grace period, on liburcu's
 * callback thread; rcu_barrier() waits for every callback queued before
 * it.  kfree_rcu(ptr, rhf) and kvfree_rcu(ptr, rhf) free @ptr after a
 * grace period using only its rcu_head (@rhf must lie in its first 4 KiB,
 * as the kernel checks at build time), and never sleep; the headless
 * kfree_rcu(ptr) (5.9-6.2), kvfree_rcu(ptr) and kfree_rcu_mightsleep(ptr)
 * wait for a grace period and free, so they may sleep.  These also back
 * SLAB_TYPESAFE_BY_RCU caches (zslab_set_rcu_ops() is registered before
 * main).  rcu_read_lock_held() is exact: the calling thread's nesting.
 */
#ifndef _ZSK_LINUX_RCUPDATE_H
#define _ZSK_LINUX_RCUPDATE_H

#include <linux/bug.h>
#include <linux/compiler.h>
#include <linux/types.h>

/* kernel/lib/rcu.c */
void rcu_read_lock(void);
void rcu_read_unlock(void);
int rcu_read_lock_held(void);
void synchronize_rcu(void);
void call_rcu(struct rcu_head *head, rcu_callback_t func);
void rcu_barrier(void);
/* Free (kvfree) the object whose rcu_head at @offset is @head, after a GP. */
void zsk_kvfree_rcu_offset(struct rcu_head *head, unsigned long offset);
/* Wait for a grace period, then kvfree(@ptr). */
void zsk_kvfree_rcu_sync(void *ptr);

#define rcu_read_lock_bh() rcu_read_lock()
#define rcu_read_unlock_bh() rcu_read_unlock()
#define rcu_read_lock_sched() rcu_read_lock()
#define rcu_read_unlock_sched() rcu_read_unlock()
#define rcu_read_lock_sched_notrace() rcu_read_lock()
#define rcu_read_unlock_sched_notrace() rcu_read_unlock()
#define rcu_read_lock_bh_held() rcu_read_lock_held()
#define rcu_read_lock_sched_held() rcu_read_lock_held()
#define rcu_read_lock_any_held() rcu_read_lock_held()
#define rcu_lockdep_assert(c, s) WARN_ON_ONCE(!(c))
#define RCU_LOCKDEP_WARN(c, s) do { (void)(c); } while (0)
#define rcu_sleep_check() do { } while (0)
#define synchronize_rcu_expedited() synchronize_rcu()
#define synchronize_rcu_tasks() synchronize_rcu()
#define synchronize_net() synchronize_rcu()
#define rcu_barrier_tasks() rcu_barrier()
#define call_rcu_hurry(head, func) call_rcu(head, func)
#define call_rcu_tasks(head, func) call_rcu(head, func)
#define cond_resched_rcu() do { } while (0)
#define rcu_is_watching() true

#define rcu_dereference_raw(p) __atomic_load_n(&(p), __ATOMIC_ACQUIRE)
#define rcu_dereference(p) rcu_dereference_raw(p)
#define rcu_dereference_bh(p) rcu_dereference_raw(p)
#define rcu_dereference_sched(p) rcu_dereference_raw(p)
#define rcu_dereference_check(p, c) ((void)(c), rcu_dereference_raw(p))
#define rcu_dereference_bh_check(p, c) rcu_dereference_check(p, c)
#define rcu_dereference_sched_check(p, c) rcu_dereference_check(p, c)
#define rcu_dereference_protected(p, c) ((void)(c), READ_ONCE(p))
#define rcu_dereference_raw_check(p) rcu_dereference_raw(p)
#define rcu_access_pointer(p) READ_ONCE(p)
#define rcu_pointer_handoff(p) (p)
#define rcu_assign_pointer(p, v) __atomic_store_n(&(p), (v), __ATOMIC_RELEASE)
#define RCU_INIT_POINTER(p, v) WRITE_ONCE(p, v)
#define RCU_INITIALIZER(v) (v)
#define rcu_replace_pointer(rcu_ptr, ptr, c) ({ \
	typeof(ptr) __zsk_rcu_tmp = rcu_dereference_protected((rcu_ptr), (c)); \
	rcu_assign_pointer((rcu_ptr), (ptr)); \
	__zsk_rcu_tmp; })
#define unrcu_pointer(p) (p)
#define init_rcu_head(head) do { (void)(head); } while (0)
#define destroy_rcu_head(head) do { (void)(head); } while (0)
#define init_rcu_head_on_stack(head) do { (void)(head); } while (0)
#define destroy_rcu_head_on_stack(head) do { (void)(head); } while (0)

/* The kernel's limit: the rcu_head must be in the object's first 4 KiB. */
#define __is_kvfree_rcu_offset(offset) ((offset) < 4096)

#define __zsk_kvfree_rcu_2(ptr, rhf) do { \
	typeof(ptr) ___zsk_p = (ptr); \
	BUILD_BUG_ON(!__is_kvfree_rcu_offset(offsetof(typeof(*(ptr)), rhf))); \
	if (___zsk_p) \
		zsk_kvfree_rcu_offset(&___zsk_p->rhf, offsetof(typeof(*(ptr)), rhf)); \
} while (0)
#define __zsk_kvfree_rcu_1(ptr) zsk_kvfree_rcu_sync((void *)(ptr))
#define __zsk_rcu_pick(_1, _2, name, ...) name
#define kfree_rcu(...) __zsk_rcu_pick(__VA_ARGS__, __zsk_kvfree_rcu_2, __zsk_kvfree_rcu_1, _)(__VA_ARGS__)
#define kvfree_rcu(...) __zsk_rcu_pick(__VA_ARGS__, __zsk_kvfree_rcu_2, __zsk_kvfree_rcu_1, _)(__VA_ARGS__)
#define kfree_rcu_mightsleep(ptr) __zsk_kvfree_rcu_1(ptr)
#define kvfree_rcu_mightsleep(ptr) __zsk_kvfree_rcu_1(ptr)
#define kvfree_rcu_barrier() rcu_barrier()

#endif
