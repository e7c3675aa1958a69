/* SPDX-License-Identifier: MIT */
/*
 * test_slab_threads_mt.c - the slab layer from several threads: objects
 * allocated by producers and freed by consumers through a shared queue
 * (every free remote), contents intact; after the threads exit, their
 * cached objects are back in the slabs (kmem_cache_shrink from the main
 * thread leaves no slab); a forked child of a process whose threads hold
 * cached and live objects can allocate and free, and finds the dead
 * threads' cached objects returned to the slabs; a cache whose objects are
 * all free but cached by a live thread is destroyed silently, and the
 * thread goes on with a new cache; threads using more caches than one page
 * of per-thread sheaf pointers holds.
 */
#include "zt.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mm/mm_internal.h"
#include "slab/slab.h"
#include "slab/slub_internal.h"

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned long nreports;

static void count_hook(const char *text, void *arg)
{
	(void)arg;
	pthread_mutex_lock(&log_lock);
	nreports++;
	if (getenv("ZT_VERBOSE"))
		fputs(text, stderr);
	pthread_mutex_unlock(&log_lock);
}

static unsigned long reports_now(void)
{
	unsigned long n;

	pthread_mutex_lock(&log_lock);
	n = nreports;
	pthread_mutex_unlock(&log_lock);
	return n;
}

/* Objects in use at the slab level (sheaves and barn count as in use). */
static unsigned long slab_inuse(struct kmem_cache *s)
{
	struct list_head *pos;
	unsigned long n = 0;

	list_for_each(pos, &s->partial)
		n += container_of(pos, struct page, lru)->inuse;
	list_for_each(pos, &s->full)
		n += container_of(pos, struct page, lru)->inuse;
	return n;
}

/* Every word of an object says where it is and who made it. */
static void stamp(void *p, size_t size, uint64_t tag)
{
	uint64_t *w = p;

	for (size_t k = 0; k < size / 8; k++)
		w[k] = (uint64_t)(uintptr_t)p ^ tag ^ (k << 56);
}

static bool stamped(const void *p, size_t size, uint64_t tag)
{
	const uint64_t *w = p;

	for (size_t k = 0; k < size / 8; k++)
		if (w[k] != ((uint64_t)(uintptr_t)p ^ tag ^ (k << 56)))
			return false;
	return true;
}

static uint64_t xorshift(uint64_t *s)
{
	uint64_t x = *s;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *s = x;
}

/* --- a bounded queue of objects ------------------------------------------ */

struct item {
	void *p;
	uint32_t size;      /* kmalloc size, 0 for a cache object */
	uint32_t tag;
};

#define QCAP 1024
static struct {
	pthread_mutex_t lock;
	pthread_cond_t not_full, not_empty;
	struct item q[QCAP];
	unsigned int head, count;
} queue = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER,
	    PTHREAD_COND_INITIALIZER, { { 0 } }, 0, 0 };

static void q_push(struct item it)
{
	pthread_mutex_lock(&queue.lock);
	while (queue.count == QCAP)
		pthread_cond_wait(&queue.not_full, &queue.lock);
	queue.q[(queue.head + queue.count++) % QCAP] = it;
	pthread_cond_signal(&queue.not_empty);
	pthread_mutex_unlock(&queue.lock);
}

static struct item q_pop(void)
{
	struct item it;

	pthread_mutex_lock(&queue.lock);
	while (queue.count == 0)
		pthread_cond_wait(&queue.not_empty, &queue.lock);
	it = queue.q[queue.head];
	queue.head = (queue.head + 1) % QCAP;
	queue.count--;
	pthread_cond_signal(&queue.not_full);
	pthread_mutex_unlock(&queue.lock);
	return it;
}

/* --- producers and consumers ------------------------------------------------ */

#define NPROD 2
#define NCONS 2
#define PER_PRODUCER 60000
#define OBJ_SIZE 192

static struct kmem_cache *shared_cache;
static atomic_ulong bad_contents, alloc_failed, consumed;

static void *producer(void *arg)
{
	uint64_t seed = 0x9e3779b97f4a7c15ull * ((uintptr_t)arg + 1);
	uint32_t tag = (uint32_t)(uintptr_t)arg + 1;

	for (int i = 0; i < PER_PRODUCER; i++) {
		struct item it = { NULL, 0, tag };
		uint64_t r = xorshift(&seed);
		if (r % 4 == 0) {
			it.size = (uint32_t)(8 + r % 2000);
			it.p = kmalloc(it.size, GFP_KERNEL);
		} else {
			it.p = kmem_cache_alloc(shared_cache, GFP_KERNEL);
		}
		if (!it.p) {
			atomic_fetch_add(&alloc_failed, 1);
			continue;
		}
		stamp(it.p, it.size ? it.size : OBJ_SIZE, tag);
		/* some local churn as well */
		if (r % 16 == 1) {
			void *t = kmem_cache_alloc(shared_cache, GFP_KERNEL);
			if (t)
				kmem_cache_free(shared_cache, t);
		}
		q_push(it);
	}
	return NULL;
}

static void *consumer(void *arg)
{
	(void)arg;
	for (;;) {
		struct item it = q_pop();
		if (!it.p)
			break;
		if (!stamped(it.p, it.size ? it.size : OBJ_SIZE, it.tag))
			atomic_fetch_add(&bad_contents, 1);
		if (it.size)
			kfree(it.p);
		else
			kmem_cache_free(shared_cache, it.p);
		atomic_fetch_add(&consumed, 1);
	}
	return NULL;
}

static void test_remote_frees(void)
{
	pthread_t prod[NPROD], cons[NCONS];

	shared_cache = kmem_cache_create("mt-shared", OBJ_SIZE, 0, SLAB_NO_MERGE, NULL);
	REQUIRE(shared_cache);
	for (uintptr_t i = 0; i < NCONS; i++)
		REQUIRE(pthread_create(&cons[i], NULL, consumer, (void *)i) == 0);
	for (uintptr_t i = 0; i < NPROD; i++)
		REQUIRE(pthread_create(&prod[i], NULL, producer, (void *)i) == 0);
	for (int i = 0; i < NPROD; i++)
		pthread_join(prod[i], NULL);
	for (int i = 0; i < NCONS; i++)
		q_push((struct item){ NULL, 0, 0 });
	for (int i = 0; i < NCONS; i++)
		pthread_join(cons[i], NULL);

	CHECK_EQ(atomic_load(&alloc_failed), 0);
	CHECK_EQ(atomic_load(&bad_contents), 0);
	CHECK_EQ(atomic_load(&consumed), (unsigned long)NPROD * PER_PRODUCER);
	/* The threads are gone: what they cached went back to the slabs; only
	 * the barn (a per-cache stash) and the thread reserve (one exited
	 * thread's sheaves, for the next thread) still hold objects until a
	 * shrink. */
	CHECK_EQ(slab_inuse(shared_cache),
		 (unsigned long)shared_cache->nr_barn_full * shared_cache->sheaf_cap +
		 zs_sheaf_reserve_objects(shared_cache));
	CHECK_EQ(kmem_cache_shrink(shared_cache), 0);
	CHECK_EQ(shared_cache->nr_partial + shared_cache->nr_full, 0);
	CHECK_EQ(shared_cache->total_objects, 0);
	CHECK_EQ(zslab_validate(), 0);
	kmem_cache_destroy(shared_cache);
}

/* --- a thread's cache goes back when it exits ----------------------------- */

static struct kmem_cache *exit_cache;

static void *alloc_free_exit(void *arg)
{
	void *v[100];
	int n = (int)(uintptr_t)arg;

	for (int i = 0; i < n; i++) {
		v[i] = kmem_cache_alloc(exit_cache, GFP_KERNEL);
		if (!v[i])
			return (void *)1;
	}
	for (int i = 0; i < n; i++)
		kmem_cache_free(exit_cache, v[i]);
	return NULL;
}

static void test_thread_exit(void)
{
	exit_cache = kmem_cache_create("mt-exit", 512, 0, SLAB_NO_MERGE, NULL);
	REQUIRE(exit_cache);
	for (uintptr_t n = 1; n <= 100; n += 33) {
		pthread_t t;
		void *ret = (void *)2;
		REQUIRE(pthread_create(&t, NULL, alloc_free_exit, (void *)n) == 0);
		pthread_join(t, &ret);
		CHECK(ret == NULL);
		/* All n objects sat in the thread's sheaf; at exit it went to the
		 * reserve, whole (the previous thread took the one before). */
		CHECK_EQ(slab_inuse(exit_cache),
			 (unsigned long)exit_cache->nr_barn_full * exit_cache->sheaf_cap +
			 zs_sheaf_reserve_objects(exit_cache));
		CHECK(zs_sheaf_reserve_objects(exit_cache) > 0);
		CHECK_EQ(kmem_cache_shrink(exit_cache), 0);
		CHECK_EQ(exit_cache->total_objects, 0);
	}
	CHECK_EQ(zslab_validate(), 0);
	kmem_cache_destroy(exit_cache);
}

/* --- fork ----------------------------------------------------------------- */

#define FORK_THREADS 3
#define FORK_LIVE 100

static struct kmem_cache *fork_cache;
static pthread_mutex_t gate_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate_cond = PTHREAD_COND_INITIALIZER;
static int ready, released;

static void *holder(void *arg)
{
	void *live[FORK_LIVE], *cached[FORK_LIVE];
	uint64_t tag = (uintptr_t)arg + 100;

	/* FORK_LIVE live objects, FORK_LIVE more freed into this thread's sheaf. */
	for (int i = 0; i < FORK_LIVE; i++) {
		live[i] = kmem_cache_alloc(fork_cache, GFP_KERNEL);
		cached[i] = kmem_cache_alloc(fork_cache, GFP_KERNEL);
		if (!live[i] || !cached[i])
			abort();
		stamp(live[i], 256, tag);
	}
	for (int i = 0; i < FORK_LIVE; i++)
		kmem_cache_free(fork_cache, cached[i]);
	pthread_mutex_lock(&gate_lock);
	ready++;
	pthread_cond_broadcast(&gate_cond);
	while (!released)
		pthread_cond_wait(&gate_cond, &gate_lock);
	pthread_mutex_unlock(&gate_lock);
	for (int i = 0; i < FORK_LIVE; i++) {
		if (!stamped(live[i], 256, tag))
			atomic_fetch_add(&bad_contents, 1);
		kmem_cache_free(fork_cache, live[i]);
	}
	return NULL;
}

/* In the child: allocate and free; the dead threads' sheaves are back. */
static int child_work(void)
{
	enum { N = 3000 };
	static void *v[N];
	int fails = 0;

	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < N; i++) {
			v[i] = kmem_cache_alloc(fork_cache, GFP_KERNEL);
			if (!v[i])
				return 1;
			stamp(v[i], 256, 7);
		}
		for (int i = 0; i < N; i++) {
			if (!stamped(v[i], 256, 7))
				fails |= 2;
			kmem_cache_free(fork_cache, v[i]);
		}
	}
	void *k = kmalloc(1000, GFP_KERNEL);
	if (!k)
		return 4;
	kfree(k);
	/* Only the parent threads' live objects are in use after a shrink. */
	kmem_cache_shrink(fork_cache);
	if (slab_inuse(fork_cache) != (unsigned long)FORK_THREADS * FORK_LIVE)
		fails |= 8;
	if (zslab_validate() != 0)
		fails |= 16;
	return fails;
}

static void test_fork(void)
{
	pthread_t t[FORK_THREADS];
	pid_t pid;
	int status = 0;

	fork_cache = kmem_cache_create("mt-fork", 256, 0, SLAB_NO_MERGE, NULL);
	REQUIRE(fork_cache);
	for (uintptr_t i = 0; i < FORK_THREADS; i++)
		REQUIRE(pthread_create(&t[i], NULL, holder, (void *)i) == 0);
	pthread_mutex_lock(&gate_lock);
	while (ready < FORK_THREADS)
		pthread_cond_wait(&gate_cond, &gate_lock);
	pthread_mutex_unlock(&gate_lock);

	fflush(NULL);
	pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0)
		_exit(child_work());
	REQUIRE(waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status));
	CHECK_EQ(WIFEXITED(status) ? WEXITSTATUS(status) : -1, 0);

	pthread_mutex_lock(&gate_lock);
	released = 1;
	pthread_cond_broadcast(&gate_cond);
	pthread_mutex_unlock(&gate_lock);
	for (int i = 0; i < FORK_THREADS; i++)
		pthread_join(t[i], NULL);
	CHECK_EQ(atomic_load(&bad_contents), 0);
	CHECK_EQ(kmem_cache_shrink(fork_cache), 0);
	CHECK_EQ(zslab_validate(), 0);
	kmem_cache_destroy(fork_cache);
}

/* --- destroy while another thread caches objects ---------------------------- */

static struct kmem_cache *gone_cache, *next_cache;
static pthread_mutex_t step_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t step_cond = PTHREAD_COND_INITIALIZER;
static int step;

static void wait_step(int want)
{
	pthread_mutex_lock(&step_lock);
	while (step < want)
		pthread_cond_wait(&step_cond, &step_lock);
	pthread_mutex_unlock(&step_lock);
}

static void set_step(int to)
{
	pthread_mutex_lock(&step_lock);
	step = to;
	pthread_cond_broadcast(&step_cond);
	pthread_mutex_unlock(&step_lock);
}

static void *cacher(void *arg)
{
	void *v[300];
	uintptr_t bad = 0;

	(void)arg;
	for (int i = 0; i < 300; i++)
		if (!(v[i] = kmem_cache_alloc(gone_cache, GFP_KERNEL)))
			return (void *)1;
	for (int i = 0; i < 300; i++)
		kmem_cache_free(gone_cache, v[i]);     /* cached by this thread */
	set_step(1);
	wait_step(2);                               /* main destroys the cache */
	/* A new cache (probably with the same id): this thread uses it. */
	for (int i = 0; i < 300; i++)
		if (!(v[i] = kmem_cache_alloc(next_cache, GFP_KERNEL)))
			bad++;
		else
			stamp(v[i], 96, 5);
	for (int i = 0; i < 300; i++)
		if (v[i]) {
			bad += !stamped(v[i], 96, 5);
			kmem_cache_free(next_cache, v[i]);
		}
	return (void *)bad;
}

static void test_destroy_while_cached(void)
{
	pthread_t t;
	void *ret = (void *)1;
	unsigned long r0 = reports_now();

	gone_cache = kmem_cache_create("mt-gone", 96, 0, SLAB_NO_MERGE, NULL);
	REQUIRE(gone_cache);
	REQUIRE(pthread_create(&t, NULL, cacher, NULL) == 0);
	wait_step(1);
	/* Every object is free, if cached by a live thread: silent success. */
	kmem_cache_destroy(gone_cache);
	CHECK_EQ(reports_now(), r0);
	next_cache = kmem_cache_create("mt-next", 96, 0, SLAB_NO_MERGE, NULL);
	REQUIRE(next_cache);
	set_step(2);
	pthread_join(t, &ret);
	CHECK(ret == NULL);
	CHECK_EQ(kmem_cache_shrink(next_cache), 0);
	CHECK_EQ(reports_now(), r0);
	CHECK_EQ(zslab_validate(), 0);
	kmem_cache_destroy(next_cache);
}

/* --- many caches: per-thread tables beyond one page ------------------------ */

#define MANY 1500
static struct kmem_cache *many[MANY];

static void *use_many(void *arg)
{
	uintptr_t bad = 0;

	(void)arg;
	for (int round = 0; round < 2; round++)
		for (int i = MANY - 1; i >= 0; i--) {
			void *p = kmem_cache_alloc(many[i], GFP_KERNEL);
			if (!p) {
				bad++;
				continue;
			}
			stamp(p, 64, (uint64_t)i);
			void *q = kmem_cache_alloc(many[i], GFP_KERNEL);
			if (!q || !stamped(p, 64, (uint64_t)i))
				bad++;
			kmem_cache_free(many[i], p);
			if (q)
				kmem_cache_free(many[i], q);
		}
	return (void *)bad;
}

static void test_many_caches(void)
{
	pthread_t t[2];
	unsigned long left = 0;
	char name[32];

	for (int i = 0; i < MANY; i++) {
		snprintf(name, sizeof(name), "mt-many-%d", i);
		many[i] = kmem_cache_create(name, 64, 0, SLAB_NO_MERGE, NULL);
		REQUIRE(many[i]);
	}
	CHECK(many[MANY - 1]->id >= 1024);    /* past two pages of sheaf pointers */
	for (uintptr_t i = 0; i < 2; i++)
		REQUIRE(pthread_create(&t[i], NULL, use_many, (void *)i) == 0);
	for (int i = 0; i < 2; i++) {
		void *ret = (void *)1;
		pthread_join(t[i], &ret);
		CHECK(ret == NULL);
	}
	for (int i = 0; i < MANY; i++) {
		left += kmem_cache_shrink(many[i]) != 0;
		kmem_cache_destroy(many[i]);
	}
	CHECK_EQ(left, 0);
	CHECK_EQ(zslab_validate(), 0);
}

int main(void)
{
	zslab_set_report_hook(count_hook, NULL);
	REQUIRE(zslab_init(NULL) == 0);

	test_remote_frees();
	test_thread_exit();
	test_fork();
	test_destroy_while_cached();
	test_many_caches();

	CHECK_EQ(reports_now(), 0);
	CHECK_EQ(zslab_validate(), 0);
	zslab_exit();
	return zt_summary("test_slab_threads_mt");
}
