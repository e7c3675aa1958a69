/* SPDX-License-Identifier: MIT */
/*
 * alloc_count.c - per-thread counts of allocated pages (alloc_count.h).
 *
 * Each thread owns one zs_count in thread-local storage, registered on
 * first use in a list that the sum walks; its counts go to exited[] when
 * the thread exits.  A boot starts a new generation: counts of an older
 * one are forgotten, and a thread registers again on its next count.
 */
#include <stdatomic.h>
#include <string.h>

#include "common/lock.h"
#include "host/host.h"
#include "mm/alloc_count.h"
#include "mm/mm_internal.h"

#define COUNT_EXIT_SLOT 0   /* the last hook to run (host.h) */

__thread struct zs_count zs_tl_count __attribute__((tls_model("initial-exec")));
unsigned long zs_count_gen;            /* the boot generation */
static zs_spinlock_t registry_lock = ZS_SPINLOCK_INIT(ZS_RANK_ALLOC_COUNT);
static struct zs_count *registry;
static atomic_long exited[MAX_NR_ZONES];
static atomic_ulong exited_hit[MAX_NR_ZONES];

/* Fold @c's counts into exited[] and take it off the registry (lock held). */
static void retire(struct zs_count *c)
{
	for (struct zs_count **pp = &registry; *pp; pp = &(*pp)->next)
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	for (unsigned int zi = 0; zi < MAX_NR_ZONES; zi++) {
		atomic_fetch_add(&exited[zi], c->alloc[zi]);
		atomic_fetch_add(&exited_hit[zi], c->hit[zi]);
	}
}

static void count_thread_exit(void *arg)
{
	struct zs_count *c = arg;

	zs_spin_lock(&registry_lock);
	if (c->gen == zs_count_gen)
		retire(c);
	c->gen = 0;
	zs_spin_unlock(&registry_lock);
}

void zs_count_register(void)
{
	struct zs_count *c = &zs_tl_count;

	memset(c, 0, sizeof(*c));
	zs_spin_lock(&registry_lock);
	c->gen = zs_count_gen;
	c->next = registry;
	registry = c;
	zs_spin_unlock(&registry_lock);
	zs_host_thread_exit_hook(COUNT_EXIT_SLOT, count_thread_exit, c);
}

long zs_alloc_count_sum(unsigned int zone)
{
	long n = atomic_load(&exited[zone]);

	zs_spin_lock(&registry_lock);
	for (struct zs_count *c = registry; c; c = c->next)
		n += __atomic_load_n(&c->alloc[zone], __ATOMIC_RELAXED);
	zs_spin_unlock(&registry_lock);
	return n;
}

unsigned long zs_alloc_hit_sum(unsigned int zone)
{
	unsigned long n = atomic_load(&exited_hit[zone]);

	zs_spin_lock(&registry_lock);
	for (struct zs_count *c = registry; c; c = c->next)
		n += __atomic_load_n(&c->hit[zone], __ATOMIC_RELAXED);
	zs_spin_unlock(&registry_lock);
	return n;
}

void zs_count_init(void)
{
	zs_spin_lock(&registry_lock);
	registry = NULL;
	__atomic_store_n(&zs_count_gen, zs_count_gen + 1, __ATOMIC_RELAXED);
	for (unsigned int zi = 0; zi < MAX_NR_ZONES; zi++) {
		atomic_store(&exited[zi], 0);
		atomic_store(&exited_hit[zi], 0);
	}
	zs_spin_unlock(&registry_lock);
}

void zs_count_fork_prepare(void)
{
	zs_spin_lock(&registry_lock);
}

void zs_count_fork_parent(void)
{
	zs_spin_unlock(&registry_lock);
}

/* In the child only this thread exists: the others' counts are kept. */
void zs_count_fork_child(void)
{
	struct zs_count *mine = &zs_tl_count;

	for (struct zs_count *c = registry, *next; c; c = next) {
		next = c->next;
		if (c != mine)
			retire(c);
	}
	zs_spin_unlock(&registry_lock);
}
