/* SPDX-License-Identifier: MIT */
/*
 * test_sysfs_lifetime_mt - the live view's lifetime in process trees
 * (issue 13, defect 5):
 *  - slab_sysfs=DIR creates DIR and its missing parents;
 *  - "%p" in DIR is the process id: a child process gets its own view
 *    beside its parent's;
 *  - a view left stale by a process that is gone (SIGKILL) is detached
 *    and DIR reused, with one report naming that process, and a stale
 *    view elsewhere is swept too;
 *  - a DIR that a live process serves is left to it: no second mount is
 *    stacked on it, and one report names the holder;
 *  - a lazy boot (ZSLAB_CMDLINE) whose view cannot mount reports it and
 *    the program runs on without the view: nothing aborts.
 * Skipped where FUSE cannot mount.
 */
#include <signal.h>
#include <sys/wait.h>

#include "host/host_fuse.h"
#include "zt_sysfs.h"

static char base[128];

/* How many mounts are at @dir in this mount namespace. */
static int mounts_at(const char *dir)
{
	char line[8192], point[4096];
	FILE *f = fopen("/proc/self/mountinfo", "r");
	int n = 0;

	REQUIRE(f);
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%*s %*s %*s %*s %4095s", point) == 1 && !strcmp(point, dir))
			n++;
	fclose(f);
	return n;
}

/* Does @dir serve the tree (slabinfo readable)? */
static bool serves(const char *dir)
{
	char path[512], text[256];

	snprintf(path, sizeof(path), "%s/sys/kernel/slab/kmalloc-64/object_size", dir);
	return zt_read_file(path, text, sizeof(text)) > 0 && !strcmp(text, "64\n");
}

static void creates_dir(void)
{
	char dir[256], opt[300];

	snprintf(dir, sizeof(dir), "%s/made/for/the/view", base);
	snprintf(opt, sizeof(opt), "slab_sysfs=%s", dir);
	CHECK_EQ(zslab_init(opt), 0);
	CHECK_EQ(mounts_at(dir), 1);
	CHECK(serves(dir));
	zslab_exit();
	CHECK_EQ(mounts_at(dir), 0);
}

/* A child that mounts @opt (lazily when @lazy), says so, then waits. */
static pid_t child_mounting(const char *opt, bool lazy, int *rd)
{
	int pfd[2];
	pid_t pid;

	REQUIRE(pipe(pfd) == 0);
	fflush(NULL);
	pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0) {
		close(pfd[0]);
		zslab_exit();            /* the parent's zslab is not ours */
		if (lazy) {
			setenv("ZSLAB_CMDLINE", opt, 1);
			if (!kmalloc(64, GFP_KERNEL))
				_exit(5);
		} else if (zslab_init(opt)) {
			_exit(3);
		}
		if (write(pfd[1], "m", 1) != 1)
			_exit(4);
		for (;;)
			pause();
	}
	close(pfd[1]);
	*rd = pfd[0];
	return pid;
}

static void per_process(void)
{
	char opt[300], mine[300], theirs[300], c;
	int rd, st;
	pid_t pid;

	/* the child first: a fork while the FUSE thread runs is not TSan's */
	snprintf(opt, sizeof(opt), "slab_sysfs=%s/view-%%p", base);
	pid = child_mounting(opt, true, &rd);
	CHECK_EQ(read(rd, &c, 1), 1);
	close(rd);
	CHECK_EQ(zslab_init(opt), 0);
	snprintf(mine, sizeof(mine), "%s/view-%d", base, (int)getpid());
	CHECK_EQ(mounts_at(mine), 1);
	snprintf(theirs, sizeof(theirs), "%s/view-%d", base, (int)pid);
	CHECK_EQ(mounts_at(theirs), 1);
	CHECK(serves(theirs) && serves(mine));
	kill(pid, SIGTERM);
	REQUIRE(waitpid(pid, &st, 0) == pid);
	CHECK_EQ(mounts_at(theirs), 0);
	CHECK_EQ(mounts_at(mine), 1);
	zslab_exit();
	CHECK_EQ(mounts_at(mine), 0);
}

static void stale_and_busy(void)
{
	char dir[256], opt[300], other[256], c;
	int rd, st;
	pid_t pid, gone;

	snprintf(dir, sizeof(dir), "%s/shared", base);
	snprintf(opt, sizeof(opt), "slab_sysfs=%s", dir);
	/* a live holder: no second mount, one report naming it */
	pid = child_mounting(opt, false, &rd);
	CHECK_EQ(read(rd, &c, 1), 1);
	close(rd);
	zt_reports_reset();
	CHECK_EQ(zslab_init(opt), -EBUSY);
	CHECK_EQ(zt_reports, 1);
	char holder[32];
	snprintf(holder, sizeof(holder), "process %d serves", (int)pid);
	CHECK(strstr(zt_last_report, holder) != NULL);
	CHECK_EQ(mounts_at(dir), 1);
	/* the holder is SIGKILLed: its view is stale; so is one elsewhere */
	snprintf(other, sizeof(other), "%s/elsewhere", base);
	char opt2[300];
	snprintf(opt2, sizeof(opt2), "slab_sysfs=%s", other);
	gone = child_mounting(opt2, false, &rd);
	CHECK_EQ(read(rd, &c, 1), 1);
	close(rd);
	kill(pid, SIGKILL);
	kill(gone, SIGKILL);
	REQUIRE(waitpid(pid, &st, 0) == pid);
	REQUIRE(waitpid(gone, &st, 0) == gone);
	CHECK_EQ(mounts_at(dir), 1);
	CHECK_EQ(mounts_at(other), 1);
	zt_reports_reset();
	CHECK_EQ(zslab_init(opt), 0);
	CHECK_EQ(zt_reports, 1);
	snprintf(holder, sizeof(holder), "stale view of process %d", (int)pid);
	CHECK(strstr(zt_last_report, holder) != NULL);
	CHECK_EQ(mounts_at(dir), 1);        /* reused, not stacked */
	CHECK_EQ(mounts_at(other), 0);      /* swept */
	CHECK(serves(dir));
	zslab_exit();
	CHECK_EQ(mounts_at(dir), 0);
}

/* A lazy boot whose view cannot mount runs on without it. */
static void lazy_survives(void)
{
	char file[256], opt[300];
	int st, pfd[2];
	pid_t pid;

	snprintf(file, sizeof(file), "%s/a-file", base);
	REQUIRE(zt_write_file(file, "x") == -ENOENT);
	FILE *f = fopen(file, "w");
	REQUIRE(f);
	fclose(f);
	snprintf(opt, sizeof(opt), "slab_sysfs=%s", file);
	REQUIRE(pipe(pfd) == 0);
	fflush(NULL);
	pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0) {
		close(pfd[0]);
		zslab_exit();
		setenv("ZSLAB_CMDLINE", opt, 1);
		void *p = kmalloc(100, GFP_KERNEL);   /* boots: the view fails */
		kfree(p);
		if (write(pfd[1], zt_last_report, strnlen(zt_last_report, 511)) < 0)
			_exit(4);
		_exit(p ? 0 : 5);
	}
	close(pfd[1]);
	char got[512] = "";
	CHECK(read(pfd[0], got, sizeof(got) - 1) > 0);
	close(pfd[0]);
	REQUIRE(waitpid(pid, &st, 0) == pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK(strstr(got, "Not a directory") != NULL && strstr(got, file) != NULL);
}

int main(void)
{
	alarm(120);
	zt_capture_reports();
	if (!zs_host_fuse_available() || access("/dev/fuse", R_OK | W_OK)) {
		printf("test_sysfs_lifetime_mt: SKIPPED: no libfuse3 build or no usable /dev/fuse\n");
		return 77;
	}
	snprintf(base, sizeof(base), "/tmp/zslab-life-XXXXXX");
	REQUIRE(mkdtemp(base));
	if (zslab_init(NULL) == 0) {
		char dir[256], opt[300];
		zslab_exit();
		snprintf(dir, sizeof(dir), "%s/probe", base);
		REQUIRE(mkdir(dir, 0755) == 0);
		snprintf(opt, sizeof(opt), "slab_sysfs=%s", dir);
		if (zslab_init(opt)) {
			printf("test_sysfs_lifetime_mt: SKIPPED: FUSE cannot mount here: %s\n",
			       zt_last_report);
			return 77;
		}
		zslab_exit();
	}
	creates_dir();
	per_process();
	stale_and_busy();
	lazy_survives();
	char cmd[200];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", base);
	CHECK_EQ(system(cmd), 0);
	return zt_summary("test_sysfs_lifetime_mt");
}
