/* SPDX-License-Identifier: MIT */
/*
 * test_lock_rank.c - the lock order of common/lock_rank.h is held: in a
 * debug build (make debug) an out-of-order lock, a second lock of one
 * rank, a lock without a rank, and lazy boot under a lock each abort with
 * a report naming the locks, while the fork handler's exception (every
 * node lock at once, in order) passes.  Every build counts the locks a
 * thread holds, which report deferral relies on.
 */
#include "zt.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/lazy_boot.h"
#include "common/lock.h"
#include "mm/mm_internal.h"
#include "slab/slab.h"

static struct kmem_cache *a, *b;

static void out_of_order(void)
{
	zs_spin_lock(&zs_zones[ZONE_NORMAL].lock);
	zs_spin_lock(&zs_slab_caches_lock);          /* rank 7 under rank 12 */
}

static void two_node_locks(void)
{
	zs_spin_lock(&a->node_lock);
	zs_spin_lock(&b->node_lock);                 /* "never two" */
}

static void unranked(void)
{
	static zs_spinlock_t l;                      /* never initialised */

	zs_spin_lock(&l);
}

static void boot_under_lock(void)
{
	static zs_spinlock_t l = ZS_SPINLOCK_INIT(ZS_RANK_SLAB_NODE);

	zslab_exit();
	zs_spin_lock(&l);
	zs_lazy_boot();
}

static void fork_exception(void)
{
	zs_lock_fork_begin();
	zs_spin_lock(&zs_slab_caches_lock);
	zs_spin_lock(&a->node_lock);
	zs_spin_lock(&b->node_lock);
	zs_lock_fork_end();
	zs_spin_unlock(&b->node_lock);
	zs_spin_unlock(&a->node_lock);
	zs_spin_unlock(&zs_slab_caches_lock);
}

/*
 * Run @fn in a child; true when it ended as @want_abort says, and, when
 * it aborted, its stderr held @text.
 */
static bool child(void (*fn)(void), bool want_abort, const char *text)
{
	char out[4096] = "";
	int fds[2], st = 0;
	ssize_t n, got = 0;
	pid_t pid;

	REQUIRE(pipe(fds) == 0);
	fflush(NULL);
	pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0) {
		close(fds[0]);
		dup2(fds[1], 2);
		alarm(30);     /* a missed violation may well deadlock */
		fn();
		_exit(0);
	}
	close(fds[1]);
	while ((n = read(fds[0], out + got, sizeof(out) - 1 - (size_t)got)) > 0)
		got += n;
	close(fds[0]);
	out[got] = 0;
	REQUIRE(waitpid(pid, &st, 0) == pid);
	if (!want_abort)
		return WIFEXITED(st) && WEXITSTATUS(st) == 0;
	if (!(WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT && strstr(out, text))) {
		fprintf(stderr, "child (status %#x) said:\n%s\n", st, out);
		return false;
	}
	return true;
}

static void test_depth(void)
{
	CHECK_EQ(zs_locks_held(), 0);
	zs_spin_lock(&a->node_lock);
	CHECK_EQ(zs_locks_held(), 1);
	CHECK(zs_spin_trylock(&zs_zones[ZONE_DMA].lock));
	CHECK_EQ(zs_locks_held(), 2);
	zs_spin_unlock(&zs_zones[ZONE_DMA].lock);
	zs_spin_unlock(&a->node_lock);
	CHECK_EQ(zs_locks_held(), 0);
}

int main(void)
{
	REQUIRE(zslab_init(NULL) == 0);
	a = kmem_cache_create("rank-a", 100, 0, 0, NULL);
	b = kmem_cache_create("rank-b", 200, 0, 0, NULL);
	REQUIRE(a && b);
	test_depth();
	CHECK(child(fork_exception, false, NULL));
	if (!zs_debug) {
		printf("test_lock_rank: the rank checker is compiled out of this "
		       "release build; make debug runs its checks\n");
	} else {
		CHECK(child(out_of_order, true, "taking, out of order, zs_slab_caches_lock"));
		CHECK(child(out_of_order, true, "zone lock (rank 12)"));
		CHECK(child(two_node_locks, true, "taking a second node_lock"));
		CHECK(child(unranked, true, "a lock without a rank"));
		CHECK(child(boot_under_lock, true, "lazy boot with 1 zslab lock(s) held"));
	}
	kmem_cache_destroy(a);
	kmem_cache_destroy(b);
	zslab_exit();
	return zt_summary("test_lock_rank");
}
