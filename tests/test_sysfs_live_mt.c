/* SPDX-License-Identifier: MIT */
/*
 * test_sysfs_live_mt - slab_sysfs=DIR: the tree mounted live with FUSE.
 * Numbers read through the mount follow the program's allocations and
 * equal the statistics API; every attribute has its kernel format and
 * permission; writes act (shrink frees slabs, validate reports a corrupt
 * free pointer, min_partial and cpu_partial within bounds) and bad ones
 * fail with the kernel's errors.  Then, in child processes: the mount
 * disappears at zslab_exit, at exit(), on SIGTERM (default action, also
 * when the mount came from ZSLAB_CMDLINE at a lazy boot) and on
 * SIGINT (the program's own handler still runs), and a stale mount left
 * by a SIGKILLed process gives a clear error instead of a hang.
 *
 * Skipped, with a message, where zslab was built without libfuse3 or
 * FUSE cannot mount here.  Threaded: the FUSE server is a thread.
 */
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/mount.h>
#include <sys/wait.h>

#include "host/host_fuse.h"
#include "slab/slab.h"
#include "zt_sysfs.h"

static char base[128], mnt[256];

/* Reports arrive from the FUSE server thread: count them atomically. */
static atomic_ulong live_reports;
static pthread_mutex_t report_lock = PTHREAD_MUTEX_INITIALIZER;
static char live_last[4096];

static void live_hook(const char *text, void *arg)
{
	(void)arg;
	pthread_mutex_lock(&report_lock);
	snprintf(live_last, sizeof(live_last), "%s", text);
	pthread_mutex_unlock(&report_lock);
	atomic_fetch_add(&live_reports, 1);
}

static bool last_report_has(const char *s)
{
	bool has;

	pthread_mutex_lock(&report_lock);
	has = strstr(live_last, s) != NULL;
	pthread_mutex_unlock(&report_lock);
	return has;
}

/* Is @dir a mount point in this mount namespace? */
static bool is_mounted(const char *dir)
{
	char line[8192], point[4096];
	FILE *f = fopen("/proc/self/mountinfo", "r");
	bool found = false;

	REQUIRE(f);
	while (!found && fgets(line, sizeof(line), f))
		found = sscanf(line, "%*s %*s %*s %*s %4095s", point) == 1 && !strcmp(point, dir);
	fclose(f);
	return found;
}

/* @name in the mount's slab directory, or a /proc view "proc/<name>". */
static void at(char *out, size_t len, const char *name)
{
	if (!strncmp(name, "proc/", 5))
		snprintf(out, len, "%s/%s", mnt, name);
	else
		snprintf(out, len, "%s/sys/kernel/slab/%s", mnt, name);
}

static unsigned long read_num(const char *name)
{
	char path[512], text[256];
	unsigned long v = ~0UL;

	at(path, sizeof(path), name);
	CHECK(zt_read_file(path, text, sizeof(text)) > 0);
	CHECK(sscanf(text, "%lu", &v) == 1);
	return v;
}

static int write_at(const char *name, const char *s)
{
	char path[512];

	at(path, sizeof(path), name);
	return zt_write_file(path, s);
}

static void test_numbers(struct kmem_cache *l2)
{
	struct zslab_cache_info ci;
	char path[512], buf[1 << 16];
	void *objs[500];
	ssize_t n;

	at(path, sizeof(path), "io-pgtable_armv7s_l2");
	n = readlink(path, buf, sizeof(buf) - 1);
	CHECK(n == 10 && !memcmp(buf, ":D-0001024", 10));
	at(path, sizeof(path), "other_l2");
	n = readlink(path, buf, sizeof(buf) - 1);
	CHECK(n == 10 && !memcmp(buf, ":D-0001024", 10));
	CHECK_EQ(read_num("other_l2/object_size"), 1024);   /* through the link */
	CHECK_EQ(read_num(":D-0001024/aliases"), 1);
	CHECK_EQ(read_num(":D-0001024/cache_dma32"), 1);

	unsigned long before = read_num(":D-0001024/objects");
	for (int i = 0; i < 500; i++)
		REQUIRE((objs[i] = kmem_cache_alloc(l2, GFP_KERNEL)));
	unsigned long after = read_num(":D-0001024/objects");
	CHECK(after >= before + 500);
	zslab_cache_get_info(l2, &ci);
	CHECK_EQ(after, ci.objects);
	at(path, sizeof(path), ":D-0001024");
	zt_check_cache_dir(path, &ci, true);   /* formats, modes, every number */

	/* the /proc files */
	at(path, sizeof(path), "proc/slabinfo");
	CHECK(zt_read_file(path, buf, sizeof(buf)) > 0);
	CHECK(!strncmp(buf, "slabinfo - version: 2.1\n# name ", strlen("slabinfo - version: 2.1\n# name ")));
	CHECK(strstr(buf, "\nio-pgtable_armv7s_l2 ") && !strstr(buf, "\nother_l2 "));
	at(path, sizeof(path), "proc/buddyinfo");
	CHECK(zt_read_file(path, buf, sizeof(buf)) > 0 && !strncmp(buf, "Node 0, zone      DMA ", 22));
	at(path, sizeof(path), "proc/zoneinfo");
	CHECK(zt_read_file(path, buf, sizeof(buf)) > 1000 && strstr(buf, "  pages free     "));

	/* shrink: the barn keeps freed objects; writing 1 frees empty slabs */
	for (int i = 0; i < 500; i++)
		kmem_cache_free(l2, objs[i]);
	unsigned long slabs = read_num(":D-0001024/slabs");
	CHECK_EQ(write_at("other_l2/shrink", "1\n"), 0);
	CHECK(read_num(":D-0001024/slabs") < slabs);
	zslab_cache_get_info(l2, &ci);
	CHECK_EQ(ci.empty, 0);
}

static void test_writes(struct kmem_cache *l2, struct kmem_cache *dbg)
{
	struct zslab_cache_info ci;
	char path[512];

	CHECK_EQ(write_at(":D-0001024/min_partial", "7\n"), 0);
	CHECK_EQ(read_num(":D-0001024/min_partial"), 7);
	zslab_cache_get_info(l2, &ci);
	CHECK_EQ(ci.min_partial, 7);
	CHECK_EQ(write_at(":D-0001024/min_partial", "1000"), 0);
	CHECK_EQ(read_num(":D-0001024/min_partial"), 10);
	CHECK_EQ(write_at(":D-0001024/min_partial", "abc"), -EINVAL);
	CHECK_EQ(write_at(":D-0001024/min_partial", "99999999999999999999999"), -ERANGE);
	CHECK_EQ(write_at(":D-0001024/cpu_partial", "2"), 0);
	CHECK_EQ(read_num(":D-0001024/cpu_partial"), 2);
	CHECK_EQ(write_at("dbg/cpu_partial", "5"), -EINVAL);
	CHECK_EQ(write_at(":D-0001024/shrink", "0"), -EINVAL);
	CHECK_EQ(write_at(":D-0001024/validate", "x"), -EINVAL);
	CHECK_EQ(write_at(":D-0001024/order", "1"), -EACCES);
	CHECK_EQ(write_at(":D-0001024/objects", "1"), -EACCES);
	CHECK_EQ(write_at("proc/slabinfo", "1"), -EIO);
	at(path, sizeof(path), ":D-0001024/shrink");
	char empty[8];
	CHECK_EQ(zt_read_file(path, empty, sizeof(empty)), 0);   /* reads as empty */

	/* validate: clean, then a corrupt free pointer is reported */
	void *o = kmem_cache_alloc(dbg, GFP_KERNEL), *keep = kmem_cache_alloc(dbg, GFP_KERNEL);
	REQUIRE(o && keep);
	kmem_cache_free(dbg, o);
	atomic_store(&live_reports, 0);
	CHECK_EQ(write_at("dbg/validate", "1"), 0);
	CHECK_EQ(atomic_load(&live_reports), 0);
	/* the server thread reads the slab under the node lock: write it so too */
	uintptr_t *fp = (uintptr_t *)((char *)o + dbg->offset), saved;
	zs_spin_lock(&dbg->node_lock);
	saved = *fp;
	*fp ^= 0x5a5a5a5a5a5a5aUL;
	zs_spin_unlock(&dbg->node_lock);
	CHECK_EQ(write_at("dbg/validate", "1"), 0);
	CHECK(atomic_load(&live_reports) >= 1);
	CHECK(last_report_has("dbg"));
	zs_spin_lock(&dbg->node_lock);
	*fp = saved;
	zs_spin_unlock(&dbg->node_lock);
	kmem_cache_free(dbg, keep);
}

/* --- child processes ------------------------------------------------------ */

static void child_int_handler(int sig)
{
	(void)sig;
	_exit(42);
}

enum child_end { END_EXIT, END_SIGTERM, END_SIGINT, END_SIGKILL, END_LAZY_SIGTERM };

/*
 * A child mounts @dir and tells us; we check the mount, end the child as
 * @how says, and return its wait status.
 */
static int run_child(const char *dir, enum child_end how)
{
	char opt[300], c = 0, path[512];
	int pfd[2], status = 0;
	pid_t pid;

	snprintf(opt, sizeof(opt), "slab_sysfs=%s", dir);
	REQUIRE(pipe(pfd) == 0);
	pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0) {
		close(pfd[0]);
		if (how == END_SIGINT)
			signal(SIGINT, child_int_handler);
		if (how == END_LAZY_SIGTERM) {
			/* no zslab_init: the first kmalloc boots from the environment */
			setenv("ZSLAB_CMDLINE", opt, 1);
			if (!kmalloc(64, GFP_KERNEL))
				_exit(5);
		} else if (zslab_init(opt)) {
			_exit(3);
		}
		if (write(pfd[1], "m", 1) != 1)
			_exit(4);
		if (how == END_EXIT)
			exit(0);   /* no zslab_exit: the atexit handler unmounts */
		for (;;)
			pause();
	}
	close(pfd[1]);
	CHECK_EQ(read(pfd[0], &c, 1), 1);
	close(pfd[0]);
	if (how != END_EXIT) {
		CHECK(is_mounted(dir));
		snprintf(path, sizeof(path), "%s/sys/kernel/slab/kmalloc-64/object_size", dir);
		char text[32];
		CHECK(zt_read_file(path, text, sizeof(text)) > 0 && !strcmp(text, "64\n"));
		kill(pid, how == END_SIGINT ? SIGINT : how == END_SIGKILL ? SIGKILL : SIGTERM);
	}
	REQUIRE(waitpid(pid, &status, 0) == pid);
	return status;
}

static void test_children(void)
{
	char dir[256];
	int st;

	snprintf(dir, sizeof(dir), "%s/exit", base);
	REQUIRE(mkdir(dir, 0755) == 0);
	st = run_child(dir, END_EXIT);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK(!is_mounted(dir));

	snprintf(dir, sizeof(dir), "%s/term", base);
	REQUIRE(mkdir(dir, 0755) == 0);
	st = run_child(dir, END_SIGTERM);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM);
	CHECK(!is_mounted(dir));

	snprintf(dir, sizeof(dir), "%s/lazy", base);
	REQUIRE(mkdir(dir, 0755) == 0);
	st = run_child(dir, END_LAZY_SIGTERM);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM);
	CHECK(!is_mounted(dir));

	snprintf(dir, sizeof(dir), "%s/int", base);
	REQUIRE(mkdir(dir, 0755) == 0);
	st = run_child(dir, END_SIGINT);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 42);   /* its handler ran */
	CHECK(!is_mounted(dir));

	/* SIGKILL leaves a stale mount: the next mount says so, at once */
	snprintf(dir, sizeof(dir), "%s/stale", base);
	REQUIRE(mkdir(dir, 0755) == 0);
	st = run_child(dir, END_SIGKILL);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
	CHECK(is_mounted(dir));
	char opt[300];
	snprintf(opt, sizeof(opt), "slab_sysfs=%s", dir);
	atomic_store(&live_reports, 0);
	CHECK_EQ(zslab_init(opt), -ENOTCONN);
	CHECK_EQ(atomic_load(&live_reports), 1);
	CHECK(last_report_has("stale mount point") && last_report_has(dir));
	if (umount2(dir, MNT_DETACH)) {
		char cmd[512];
		snprintf(cmd, sizeof(cmd), "fusermount3 -u -z %s", dir);
		CHECK_EQ(system(cmd), 0);
	}
	CHECK(!is_mounted(dir));
	CHECK_EQ(zslab_init(opt), 0);   /* the failure left nothing behind */
	CHECK(is_mounted(dir));
	zslab_exit();
	CHECK(!is_mounted(dir));
}

/* A mount point that is missing or not a directory is named in the error. */
static void test_bad_dir(void)
{
	char opt[300];

	snprintf(opt, sizeof(opt), "slab_sysfs=%s/missing", base);
	atomic_store(&live_reports, 0);
	CHECK_EQ(zslab_init(opt), -ENOENT);
	CHECK_EQ(atomic_load(&live_reports), 1);
	CHECK(last_report_has(opt) && last_report_has("No such file"));
	snprintf(opt, sizeof(opt), "slab_sysfs=%s/file", base);
	REQUIRE(zt_write_file(opt + strlen("slab_sysfs="), "x") == -ENOENT);
	int fd = open(opt + strlen("slab_sysfs="), O_CREAT | O_WRONLY, 0600);
	REQUIRE(fd >= 0);
	close(fd);
	CHECK_EQ(zslab_init(opt), -ENOTDIR);
	CHECK_EQ(zslab_init(NULL), 0);   /* not booted after the failures */
	zslab_exit();
}

static int skip(const char *why)
{
	printf("test_sysfs_live_mt: SKIPPED: %s\n", why);
	return 0;
}

int main(void)
{
	char opt[300], cmd[200];
	struct kmem_cache *l2, *other, *dbg;

	alarm(120);   /* a hung mount fails the test instead of stalling it */
	zslab_set_report_hook(live_hook, NULL);
	if (!zs_host_fuse_available()) {
		CHECK_EQ(zslab_init("slab_sysfs=/tmp"), -EINVAL);
		CHECK(last_report_has("without libfuse3"));
		zt_summary("test_sysfs_live_mt");
		return zt_failed ? 1 : skip("zslab was built without libfuse3 (install libfuse3-dev and fuse3)");
	}
	if (access("/dev/fuse", R_OK | W_OK))
		return skip("/dev/fuse is missing or not usable here");
	snprintf(base, sizeof(base), "/tmp/zslab-live-XXXXXX");
	REQUIRE(mkdtemp(base));
	snprintf(mnt, sizeof(mnt), "%s/m", base);
	REQUIRE(mkdir(mnt, 0755) == 0);
	snprintf(opt, sizeof(opt), "slab_sysfs=%s", mnt);
	if (zslab_init(opt)) {
		pthread_mutex_lock(&report_lock);
		printf("test_sysfs_live_mt: SKIPPED: FUSE cannot mount here: %s\n", live_last);
		pthread_mutex_unlock(&report_lock);
		rmdir(mnt);
		rmdir(base);
		return 0;
	}
	CHECK(is_mounted(mnt));
	l2 = kmem_cache_create("io-pgtable_armv7s_l2", 1024, 1024, SLAB_CACHE_DMA32, NULL);
	other = kmem_cache_create("other_l2", 1024, 1024, SLAB_CACHE_DMA32, NULL);
	dbg = kmem_cache_create("dbg", 128, 0, SLAB_RED_ZONE, NULL);
	REQUIRE(l2 && other == l2 && dbg);
	test_numbers(l2);
	test_writes(l2, dbg);
	kmem_cache_destroy(dbg);
	kmem_cache_destroy(other);
	kmem_cache_destroy(l2);
	zslab_exit();
	CHECK(!is_mounted(mnt));
	CHECK_EQ(zslab_init(opt), 0);   /* mounts again after a zslab_exit */
	CHECK(is_mounted(mnt));
	zslab_exit();
	CHECK(!is_mounted(mnt));

	test_bad_dir();
	test_children();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", base);
	CHECK_EQ(system(cmd), 0);
	return zt_summary("test_sysfs_live_mt");
}
