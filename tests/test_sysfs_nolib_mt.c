/* SPDX-License-Identifier: MIT */
/*
 * test_sysfs_nolib_mt - libfuse3 is opened at run time, not linked: when
 * it is missing (a soname that does not exist) or unusable (a library
 * without fuse_new), slab_sysfs=DIR fails with -ELIBACC / -ELIBBAD and
 * one report naming the directory, the library or the function, and
 * dlerror()'s words; zslab is left unbooted and nothing is kept, so the
 * real library still loads afterwards and the live view then mounts.
 *
 * The soname is switched with the internal test hook
 * zs_host_fuse_set_soname(); programs have no such knob.  Threaded: the
 * final mount runs the FUSE server thread.
 */
#include <stdbool.h>
#include <sys/stat.h>
#include <unistd.h>

#include "host/host_fuse.h"
#include "zt.h"
#include "zt_sysfs.h"

#define BOGUS "libzslab-test-no-such-fuse.so.3"

static char dir[64], opt[128];

static bool last_has(const char *s)
{
	return strstr(zt_last_report, s) != NULL;
}

/* Is `dir` a mount point in this mount namespace? */
static bool is_mounted(void)
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

/* A failed slab_sysfs= leaves zslab unbooted: a plain boot works. */
static void check_unbooted(void)
{
	CHECK_EQ(zslab_init(NULL), 0);
	zslab_exit();
}

static void test_missing(void)
{
	char why[512];

	zs_host_fuse_set_soname(BOGUS);
	CHECK_EQ(zs_host_fuse_load(why, sizeof(why)), -ELIBACC);
	CHECK(strstr(why, BOGUS " not found: ") == why);
	CHECK(strstr(why, "cannot open shared object file") != NULL);

	zt_reports_reset();
	CHECK_EQ(zslab_init(opt), -ELIBACC);
	CHECK_EQ(zt_reports, 1);
	CHECK(last_has(opt) && last_has(BOGUS " not found: ") &&
	      last_has("cannot open shared object file"));
	CHECK(!is_mounted());
	check_unbooted();
	/* Nothing is remembered: the second try says the same. */
	zt_reports_reset();
	CHECK_EQ(zslab_init(opt), -ELIBACC);
	CHECK_EQ(zt_reports, 1);
	check_unbooted();
}

/* A library that opens but lacks a function: -ELIBBAD naming it, and it
 * is closed again (nothing half-loaded). */
static void test_unusable(void)
{
	char why[512];

	zs_host_fuse_set_soname("libc.so.6");
	CHECK_EQ(zs_host_fuse_load(why, sizeof(why)), -ELIBBAD);
	CHECK(strstr(why, "libc.so.6 lacks fuse_new") == why);
	zt_reports_reset();
	CHECK_EQ(zslab_init(opt), -ELIBBAD);
	CHECK_EQ(zt_reports, 1);
	CHECK(last_has(opt) && last_has("lacks fuse_new"));
	CHECK(!is_mounted());
	check_unbooted();
}

/* After the failures the real library loads, and the hook is then moot. */
static void test_real(void)
{
	char why[512], path[128], text[4096];

	zs_host_fuse_set_soname(NULL);
	if (zs_host_fuse_load(why, sizeof(why))) {
		printf("test_sysfs_nolib_mt: real library not checked: %s\n", why);
		return;
	}
	zs_host_fuse_set_soname(BOGUS);
	CHECK_EQ(zs_host_fuse_load(why, sizeof(why)), 0);
	if (access("/dev/fuse", R_OK | W_OK)) {
		printf("test_sysfs_nolib_mt: mount not checked: /dev/fuse is not usable here\n");
		return;
	}
	zt_reports_reset();
	if (zslab_init(opt)) {
		printf("test_sysfs_nolib_mt: mount not checked: FUSE cannot mount here: %s\n",
		       zt_last_report);
		return;
	}
	CHECK(is_mounted());
	snprintf(path, sizeof(path), "%s/proc/slabinfo", dir);
	CHECK(zt_read_file(path, text, sizeof(text)) > 0 &&
	      strstr(text, "slabinfo - version: 2.1") == text);
	zslab_exit();
	CHECK(!is_mounted());
}

int main(void)
{
	char why[512];

	alarm(120);
	zt_capture_reports();
	if (!zs_host_fuse_available()) {
		CHECK_EQ(zs_host_fuse_load(why, sizeof(why)), -ENOSYS);
		CHECK(strstr(why, "without libfuse3") != NULL);
		printf("test_sysfs_nolib_mt: built without libfuse3's headers: only -ENOSYS checked\n");
		return zt_summary("test_sysfs_nolib_mt");
	}
	snprintf(dir, sizeof(dir), "/tmp/zslab-nolib-XXXXXX");
	REQUIRE(mkdtemp(dir));
	snprintf(opt, sizeof(opt), "slab_sysfs=%s", dir);
	test_missing();
	test_unusable();
	test_real();
	rmdir(dir);
	return zt_summary("test_sysfs_nolib_mt");
}
