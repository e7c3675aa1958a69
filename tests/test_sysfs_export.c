/* SPDX-License-Identifier: MIT */
/*
 * test_sysfs_export - zslab_sysfs_export() writes /sys/kernel/slab as the
 * kernel lays it out: a :D-0001024 directory for a merged DMA32 pair with
 * both names as links to it, never shared with a Normal cache of the same
 * size; unmergeable caches under their names; two directories under
 * slab_nomerge; every attribute in its kernel format and permission with
 * the statistics API's numbers; the /proc files, beside it in proc/ of
 * the machine root the snapshot stands for, equal zslab_proc_show().
 * Also what writes do (through the tree, as the live mount calls it) and
 * the errors of a bad export.
 */
#include <limits.h>
#include <stdint.h>

#include "slab/slab.h"
#include "slab/sysfs.h"
#include "zt_sysfs.h"

static char root[256];

static void ctor(void *p)
{
	memset(p, 0x5a, 8);
}

#define SK "/sys/kernel/slab"

/* @name inside the snapshot's slab directory. */
static void path_of(char *out, size_t len, const char *name)
{
	snprintf(out, len, "%s" SK "/%s", root, name);
}

/* A /proc view file of the snapshot. */
static void proc_path(char *out, size_t len, const char *name)
{
	snprintf(out, len, "%s/proc/%s", root, name);
}

static bool is_link_to(const char *name, const char *target)
{
	char path[PATH_MAX], buf[256];
	struct stat st;
	ssize_t n;

	path_of(path, sizeof(path), name);
	if (lstat(path, &st) || !S_ISLNK(st.st_mode))
		return false;
	n = readlink(path, buf, sizeof(buf) - 1);
	if (n < 0)
		return false;
	buf[n] = 0;
	return !strcmp(buf, target);
}

static bool is_dir(const char *name)
{
	char path[PATH_MAX];
	struct stat st;

	path_of(path, sizeof(path), name);
	return !lstat(path, &st) && S_ISDIR(st.st_mode);
}

/* Every cache of the statistics API has its directory, checked in full. */
static int check_cache(const struct zslab_cache_info *ci, void *arg)
{
	char path[PATH_MAX];

	(*(int *)arg)++;
	path_of(path, sizeof(path), zt_cache_dir(ci));
	CHECK(is_dir(zt_cache_dir(ci)));
	zt_check_cache_dir(path, ci, true);
	if (ci->mergeable) {
		CHECK(is_link_to(ci->name, ci->unique_id) || !strcmp(ci->name, ci->unique_id));
		for (unsigned int i = 0; i < ci->nr_alias_names; i++)
			CHECK(is_link_to(ci->alias_names[i], ci->unique_id));
	}
	return 0;
}

/* A /proc file of the snapshot equals zslab_proc_show() now. */
static void check_proc_file(const char *name, unsigned int mode)
{
	static char want[1 << 17], got[1 << 17];
	char path[PATH_MAX];
	struct stat st;
	FILE *f = fmemopen(want, sizeof(want), "w");

	REQUIRE(f);
	CHECK_EQ(zslab_proc_show(name, f), 0);
	fclose(f);
	proc_path(path, sizeof(path), name);
	REQUIRE(lstat(path, &st) == 0);
	CHECK(S_ISREG(st.st_mode));
	CHECK_EQ(st.st_mode & 07777, mode);
	CHECK(zt_read_file(path, got, sizeof(got)) > 0);
	CHECK(!strcmp(got, want));
}

static void check_proc_formats(void)
{
	char path[PATH_MAX], buf[1 << 16];
	int zones = 0;

	check_proc_file("slabinfo", 0400);
	check_proc_file("buddyinfo", 0444);
	check_proc_file("zoneinfo", 0444);
	check_proc_file("iomem", 0444);
	proc_path(path, sizeof(path), "slabinfo");
	zt_read_file(path, buf, sizeof(buf));
	CHECK(!strncmp(buf, "slabinfo - version: 2.1\n# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>\n", 200));
	CHECK(strstr(buf, "\nio-pgtable_armv7s_l2 ") != NULL);
	CHECK(strstr(buf, "\nother_l2 ") == NULL);   /* aliases are not listed */
	/* buddyinfo: "Node %d, zone %8s " then 11 x "%6lu " */
	proc_path(path, sizeof(path), "buddyinfo");
	zt_read_file(path, buf, sizeof(buf));
	for (char *line = buf; *line; line = strchr(line, '\n') + 1) {
		char zone[16];
		unsigned long c[11];
		int node, n = sscanf(line, "Node %d, zone %8s %lu %lu %lu %lu %lu %lu %lu %lu %lu %lu %lu",
				     &node, zone, &c[0], &c[1], &c[2], &c[3], &c[4], &c[5],
				     &c[6], &c[7], &c[8], &c[9], &c[10]);
		CHECK_EQ(n, 13);
		CHECK_EQ(strchr(line, '\n') - line, 22 + 11 * 7);
		zones++;
	}
	CHECK(zones >= 2);
	proc_path(path, sizeof(path), "zoneinfo");
	zt_read_file(path, buf, sizeof(buf));
	CHECK(!strncmp(buf, "Node 0, zone      DMA\n", 22));
	CHECK(strstr(buf, "\n  pages free     ") && strstr(buf, "\n        protection: ("));
}

/* The merged DMA32 pair, a Normal cache of the same size, and others. */
static void test_merged_tree(void)
{
	struct kmem_cache *l2, *other, *normal, *withctor, *debug;
	struct zslab_cache_info ci;
	void *objs[40];
	int caches = 0;

	REQUIRE(zslab_init(NULL) == 0);
	l2 = kmem_cache_create("io-pgtable_armv7s_l2", 1024, 1024, SLAB_CACHE_DMA32, NULL);
	other = kmem_cache_create("other_l2", 1024, 1024, SLAB_CACHE_DMA32, NULL);
	normal = kmem_cache_create("normal_1k", 1024, 1024, 0, NULL);
	withctor = kmem_cache_create("with_ctor", 200, 0, 0, ctor);
	debug = kmem_cache_create("debug_cache", 64, 0, SLAB_RED_ZONE, NULL);
	REQUIRE(l2 && other == l2 && normal && normal != l2 && withctor && debug);
	for (int i = 0; i < 40; i++)
		REQUIRE((objs[i] = kmem_cache_alloc(l2, GFP_KERNEL)));
	void *c1 = kmem_cache_alloc(withctor, GFP_KERNEL);
	void *d1 = kmem_cache_alloc(debug, GFP_KERNEL);
	REQUIRE(c1 && d1);

	CHECK_EQ(zslab_sysfs_export(root), 0);
	CHECK_EQ(zt_reports, 0);
	CHECK(is_dir(":D-0001024"));
	CHECK(is_link_to("io-pgtable_armv7s_l2", ":D-0001024"));
	CHECK(is_link_to("other_l2", ":D-0001024"));
	/* the Normal 1 KiB cache has its own id; kmalloc-1k has a usercopy
	 * region, so it is unmergeable and named as itself */
	CHECK(is_link_to("normal_1k", ":0001024"));
	CHECK(is_dir("kmalloc-1k"));
	CHECK(is_dir("with_ctor") && is_dir("debug_cache"));
	CHECK(!is_dir(":0000200"));
	char buf[256], path[PATH_MAX];
	path_of(path, sizeof(path), ":D-0001024/cache_dma32");
	CHECK(zt_read_file(path, buf, sizeof(buf)) > 0 && !strcmp(buf, "1\n"));
	path_of(path, sizeof(path), ":D-0001024/aliases");
	CHECK(zt_read_file(path, buf, sizeof(buf)) > 0 && !strcmp(buf, "1\n"));
	path_of(path, sizeof(path), ":0001024/cache_dma32");
	CHECK(zt_read_file(path, buf, sizeof(buf)) > 0 && !strcmp(buf, "0\n"));
	/* `objects` is "<n> N0=<n>" with the statistics API's count */
	zslab_cache_get_info(l2, &ci);
	snprintf(buf, sizeof(buf), "%lu N0=%lu\n", ci.objects, ci.objects);
	char got[256];
	path_of(path, sizeof(path), ":D-0001024/objects");
	CHECK(zt_read_file(path, got, sizeof(got)) > 0 && !strcmp(got, buf));
	CHECK(ci.objects >= 40);
	path_of(path, sizeof(path), "with_ctor/ctor");
	CHECK(zt_read_file(path, got, sizeof(got)) > 1);
	path_of(path, sizeof(path), "debug_cache/red_zone");
	CHECK(zt_read_file(path, got, sizeof(got)) > 0 && !strcmp(got, "1\n"));

	CHECK_EQ(zslab_cache_for_each(check_cache, &caches), 0);
	CHECK(caches >= 10);
	check_proc_formats();

	for (int i = 0; i < 40; i++)
		kmem_cache_free(l2, objs[i]);
	kmem_cache_free(withctor, c1);
	kmem_cache_free(debug, d1);
	kmem_cache_destroy(other);
	kmem_cache_destroy(l2);
	kmem_cache_destroy(normal);
	kmem_cache_destroy(withctor);
	kmem_cache_destroy(debug);
	zslab_exit();
}

/* slab_nomerge: two directories under their own names, no links. */
static void test_nomerge_tree(void)
{
	char dir[sizeof(root)];
	struct kmem_cache *a, *b;

	REQUIRE(zslab_init("slab_nomerge") == 0);
	a = kmem_cache_create("io-pgtable_armv7s_l2", 1024, 1024, SLAB_CACHE_DMA32, NULL);
	b = kmem_cache_create("other_l2", 1024, 1024, SLAB_CACHE_DMA32, NULL);
	REQUIRE(a && b && a != b);
	REQUIRE((size_t)snprintf(dir, sizeof(dir), "%s/nomerge", root) < sizeof(dir));
	strcpy(root, dir);
	CHECK_EQ(zslab_sysfs_export(root), 0);
	CHECK(is_dir("io-pgtable_armv7s_l2") && is_dir("other_l2"));
	CHECK(!is_dir(":D-0001024"));
	CHECK(is_dir("kmalloc-1k"));
	*strrchr(root, '/') = 0;
	kmem_cache_destroy(a);
	kmem_cache_destroy(b);
	zslab_exit();
}

/* Writes through the tree: the kernel's results and errors. */
static void test_writes(void)
{
	struct kmem_cache *s, *dbg;
	struct zslab_cache_info ci;
	void *objs[200];

	REQUIRE(zslab_init(NULL) == 0);
	s = kmem_cache_create("io-pgtable_armv7s_l2", 1024, 1024, SLAB_CACHE_DMA32, NULL);
	/* F and P, as slub_kunit's free-chain cases: without red zones the
	 * objects a free-chain repair cuts off are not reported again */
	dbg = kmem_cache_create("dbg", 128, 0, SLAB_CONSISTENCY_CHECKS | SLAB_POISON, NULL);
	REQUIRE(s && dbg);
	CHECK_EQ(zs_sysfs_write(SK "/io-pgtable_armv7s_l2/min_partial", "7\n", 2), 2);
	zslab_cache_get_info(s, &ci);
	CHECK_EQ(ci.min_partial, 7);
	CHECK_EQ(zs_sysfs_write(SK "/:D-0001024/min_partial", "100", 3), 3);
	zslab_cache_get_info(s, &ci);
	CHECK_EQ(ci.min_partial, 10);
	CHECK_EQ(zs_sysfs_write(SK "/:D-0001024/min_partial", "+0", 2), 2);
	zslab_cache_get_info(s, &ci);
	CHECK_EQ(ci.min_partial, 5);
	CHECK_EQ(zs_sysfs_write(SK "/:D-0001024/min_partial", "x", 1), -EINVAL);
	CHECK_EQ(zs_sysfs_write(SK "/:D-0001024/min_partial", "", 0), -EINVAL);
	CHECK_EQ(zs_sysfs_write(SK "/:D-0001024/min_partial", "-1", 2), -EINVAL);
	CHECK_EQ(zs_sysfs_write(SK "/:D-0001024/min_partial", "99999999999999999999", 20), -ERANGE);
	CHECK_EQ(zs_sysfs_write(SK "/:D-0001024/cpu_partial", "3\n", 2), 2);
	zslab_cache_get_info(s, &ci);
	CHECK_EQ(ci.cpu_partial, 3);
	CHECK_EQ(zs_sysfs_write(SK "/:D-0001024/cpu_partial", "4294967296", 10), -ERANGE);
	CHECK_EQ(zs_sysfs_write(SK "/dbg/cpu_partial", "1", 1), -EINVAL);
	CHECK_EQ(zs_sysfs_write(SK "/dbg/cpu_partial", "0", 1), 1);
	CHECK_EQ(zs_sysfs_write(SK "/:D-0001024/order", "1", 1), -EACCES);
	CHECK_EQ(zs_sysfs_open(SK "/:D-0001024/order", true), -EACCES);
	CHECK_EQ(zs_sysfs_open(SK "/:D-0001024/shrink", true), 0);
	CHECK_EQ(zs_sysfs_write("/proc/slabinfo", "1", 1), -EIO);
	CHECK_EQ(zs_sysfs_write("/proc", "1", 1), -EISDIR);
	CHECK_EQ(zs_sysfs_write("/sys/kernel", "1", 1), -EISDIR);
	CHECK_EQ(zs_sysfs_open("/proc/nosuch", false), -ENOENT);
	CHECK_EQ(zs_sysfs_open("/sys/kernel/slabs", false), -ENOENT);
	CHECK_EQ(zs_sysfs_write(SK "/:D-0001024/shrink", "0", 1), -EINVAL);
	CHECK_EQ(zs_sysfs_write(SK "/:D-0001024/validate", "2", 1), -EINVAL);
	CHECK_EQ(zs_sysfs_write(SK "/:D-0001024/nosuch", "1", 1), -ENOENT);
	CHECK_EQ(zs_sysfs_write(SK "/nosuch/shrink", "1", 1), -ENOENT);

	/* shrink: empty slabs go, as kmem_cache_shrink() */
	for (int i = 0; i < 200; i++)
		REQUIRE((objs[i] = kmem_cache_alloc(s, GFP_KERNEL)));
	for (int i = 0; i < 200; i++)
		kmem_cache_free(s, objs[i]);
	kmem_cache_shrink(s);   /* this thread's sheaf too: the write runs here */
	for (int i = 0; i < 200; i++)
		REQUIRE((objs[i] = kmem_cache_alloc(s, GFP_KERNEL)));
	for (int i = 0; i < 200; i++)
		kmem_cache_free(s, objs[i]);
	zslab_cache_get_info(s, &ci);
	unsigned long before = ci.slabs;
	CHECK_EQ(zs_sysfs_write(SK "/io-pgtable_armv7s_l2/shrink", "1\n", 2), 2);
	zslab_cache_get_info(s, &ci);
	CHECK(ci.slabs < before);
	CHECK_EQ(ci.empty, 0);

	/* validate: a corrupted free pointer is reported and repaired, the
	 * write succeeds, and a second validate finds the cache clean */
	void *o = kmem_cache_alloc(dbg, GFP_KERNEL), *keep = kmem_cache_alloc(dbg, GFP_KERNEL);
	REQUIRE(o && keep);
	kmem_cache_free(dbg, o);   /* debug caches free straight to the slab */
	zt_reports_reset();
	CHECK_EQ(zs_sysfs_write(SK "/dbg/validate", "1", 1), 1);
	CHECK_EQ(zt_reports, 0);
	uintptr_t *fp = (uintptr_t *)((char *)o + dbg->offset);
	*fp ^= 0x5a5a5a5a5a5a5aUL;
	CHECK_EQ(zs_sysfs_write(SK "/dbg/validate", "1", 1), 1);
	CHECK(zt_reports >= 1);
	CHECK(strstr(zt_last_report, "dbg") != NULL);
	zt_reports_reset();
	CHECK_EQ(zs_sysfs_write(SK "/dbg/validate", "1", 1), 1);
	CHECK_EQ(zt_reports, 0);
	kmem_cache_free(dbg, keep);
	kmem_cache_destroy(dbg);
	kmem_cache_destroy(s);
	zslab_exit();
}

static void test_errors(void)
{
	char path[PATH_MAX + 32];

	zt_reports_reset();
	CHECK_EQ(zslab_sysfs_export(NULL), -EINVAL);
	CHECK_EQ(zt_reports, 1);
	CHECK_EQ(zslab_sysfs_export(""), -EINVAL);
	snprintf(path, sizeof(path), "%s/no/such/dir", root);
	zt_reports_reset();
	CHECK_EQ(zslab_sysfs_export(path), -ENOENT);
	CHECK_EQ(zt_reports, 1);
	CHECK(strstr(zt_last_report, path) != NULL);
	/* a file where the export directory must go */
	snprintf(path, sizeof(path), "%s/blocked", root);
	REQUIRE(zt_write_file(path, "x") == -ENOENT);
	int fd = open(path, O_CREAT | O_WRONLY, 0600);
	REQUIRE(fd >= 0);
	close(fd);
	zt_reports_reset();
	CHECK_EQ(zslab_sysfs_export(path), -EEXIST);
	CHECK_EQ(zt_reports, 1);
	CHECK(strstr(zt_last_report, path) != NULL);
	zt_reports_reset();
}

int main(void)
{
	snprintf(root, sizeof(root), "/tmp/zslab-sysfs-XXXXXX");
	REQUIRE(mkdtemp(root));
	zt_capture_reports();
	test_merged_tree();
	test_nomerge_tree();
	test_writes();
	test_errors();
	char cmd[sizeof(root) + 16];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", root);
	CHECK_EQ(system(cmd), 0);
	return zt_summary("test_sysfs_export");
}
