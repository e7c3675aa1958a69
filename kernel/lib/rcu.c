// SPDX-License-Identifier: MIT
/*
 * rcu.c - the kernel's RCU API on liburcu (rcu_urcu.c), and zslab's RCU
 * engine (zslab_set_rcu_ops(), for SLAB_TYPESAFE_BY_RCU caches).
 *
 * call_rcu() callbacks wait in a FIFO of the kernel's rcu_heads (linked
 * through ->next): @waiting is covered by the one grace period in flight
 * (a single liburcu callback, gp_head), @next was queued after that grace
 * period began and gets the following one.  Callbacks therefore run in
 * queue order, on liburcu's callback thread.  A head whose ->func is a
 * small number (< 4096) is a kvfree_rcu(): the number is the rcu_head's
 * offset in the object to free, the kernel's own encoding.
 * rcu_barrier() waits until as many callbacks have run as had been
 * queued when it was called.
 *
 * queue_lock guards the two lists, in_flight and the counters.  It is a
 * leaf: nothing is called with it held.
 *
 * Under ThreadSanitizer the grace period is described to it: each read
 * section's end releases, and each grace period's end acquires, one
 * clock, so callbacks and synchronize_rcu() are ordered after readers.
 */
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <pthread.h>
#include <zslab/zslab.h>
#include <zslab-kernel.h>

#include "rcu_engine.h"
#include "zsk_internal.h"

#if defined(__SANITIZE_THREAD__)
void __tsan_acquire(void *addr);
void __tsan_release(void *addr);
static int tsan_gp_clock;
#define gp_release() __tsan_release(&tsan_gp_clock)
#define gp_acquire() __tsan_acquire(&tsan_gp_clock)
#else
#define gp_release() do { } while (0)
#define gp_acquire() do { } while (0)
#endif

/* A FIFO of callbacks. */
struct cblist {
	struct rcu_head *head;
	struct rcu_head **tail;
	unsigned long n;
};

static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t queue_done = PTHREAD_COND_INITIALIZER;
static struct cblist waiting = { NULL, &waiting.head, 0 };
static struct cblist next_gp = { NULL, &next_gp.head, 0 };
static bool in_flight;
static unsigned long nr_queued, nr_done;
static struct zsk_urcu_head gp_head;
static __thread int read_depth;

static void cb_append(struct cblist *l, struct rcu_head *h)
{
	h->next = NULL;
	*l->tail = h;
	l->tail = &h->next;
	l->n++;
}

static struct cblist cb_take(struct cblist *l)
{
	struct cblist out = *l;

	l->head = NULL;
	l->tail = &l->head;
	l->n = 0;
	return out;
}

static void kvfree_any(const void *p)
{
#ifdef ZSK_HAVE_VMALLOC
	kvfree(p);
#else
	kfree(p);
#endif
}

static void gp_done(struct zsk_urcu_head *unused);

/* After a grace period: run @waiting, then start one for @next_gp. */
static void gp_done(struct zsk_urcu_head *unused)
{
	struct cblist ready;
	bool again;

	(void)unused;
	pthread_mutex_lock(&queue_lock);
	ready = cb_take(&waiting);
	pthread_mutex_unlock(&queue_lock);
	gp_acquire();
	for (struct rcu_head *h = ready.head, *n; h; h = n) {
		rcu_callback_t fn = h->func;

		n = h->next;
		if ((uintptr_t)fn < 4096)
			kvfree_any((char *)h - (uintptr_t)fn);
		else
			fn(h);
	}
	pthread_mutex_lock(&queue_lock);
	nr_done += ready.n;
	again = next_gp.n != 0;
	if (again)
		waiting = cb_take(&next_gp);   /* not empty: its tail is its last head */
	else
		in_flight = false;
	pthread_cond_broadcast(&queue_done);
	pthread_mutex_unlock(&queue_lock);
	if (again)
		zsk_urcu_call(&gp_head, gp_done);
}

static void enqueue(struct rcu_head *h)
{
	bool start = false;

	pthread_mutex_lock(&queue_lock);
	if (!in_flight) {
		cb_append(&waiting, h);
		in_flight = start = true;
	} else {
		cb_append(&next_gp, h);
	}
	nr_queued++;
	pthread_mutex_unlock(&queue_lock);
	if (start)
		zsk_urcu_call(&gp_head, gp_done);
}

void rcu_read_lock(void)
{
	zsk_urcu_read_lock();
	read_depth++;
}

void rcu_read_unlock(void)
{
	gp_release();
	read_depth--;
	zsk_urcu_read_unlock();
}

int rcu_read_lock_held(void)
{
	return read_depth > 0;
}

void synchronize_rcu(void)
{
	WARN_ON_ONCE(read_depth > 0);
	zsk_urcu_synchronize();
	gp_acquire();
}

void call_rcu(struct rcu_head *head, rcu_callback_t func)
{
	head->func = func;
	enqueue(head);
}

void rcu_barrier(void)
{
	unsigned long target;

	pthread_mutex_lock(&queue_lock);
	target = nr_queued;
	while ((long)(nr_done - target) < 0)
		pthread_cond_wait(&queue_done, &queue_lock);
	pthread_mutex_unlock(&queue_lock);
}

void zsk_kvfree_rcu_offset(struct rcu_head *head, unsigned long offset)
{
	head->func = (rcu_callback_t)offset;
	enqueue(head);
}

void zsk_kvfree_rcu_sync(void *ptr)
{
	if (!ptr)
		return;
	synchronize_rcu();
	kvfree_any(ptr);
}

#undef kmem_cache_destroy
void zsk_kmem_cache_destroy(struct kmem_cache *s)
{
	if (s)
		rcu_barrier();
	kmem_cache_destroy(s);
}

/* In the callback thread: give its cached slab objects back. */
static void flush_callback_thread(struct rcu_head *head)
{
	(void)head;
	zslab_shrink_all();
}

void zsk_rcu_quiesce(void)
{
	static struct rcu_head flush;

	rcu_barrier();
	call_rcu(&flush, flush_callback_thread);
	rcu_barrier();
}

/* zslab's engine: the same queue, so destroy's barrier covers kfree_rcu. */
static void engine_call(struct zslab_rcu_head *head, void (*func)(struct zslab_rcu_head *))
{
	call_rcu((struct rcu_head *)head, (rcu_callback_t)(void (*)(void))func);
}

static const struct zslab_rcu_ops engine = {
	.call = engine_call,
	.barrier = rcu_barrier,
};

void zsk_rcu_init(void)
{
	_Static_assert(sizeof(struct zslab_rcu_head) == sizeof(struct rcu_head) &&
		       offsetof(struct zslab_rcu_head, func) == offsetof(struct rcu_head, func),
		       "zslab's rcu_head is the kernel's");
	zslab_set_rcu_ops(&engine);
}
