/* SPDX-License-Identifier: MIT */
/*
 * test_sysfs_kernel_tree.c - the exported tree is what the kernel's own
 * tools/mm/slabinfo can read: the export directory is a machine root with
 * only proc/ and sys/ in it; sys/kernel/slab holds nothing but cache
 * directories and alias symlinks (the kernel tool dies with "Unknown file
 * type" on anything else); every link's last path element names a cache
 * directory there (it takes the basename); every attribute the kernel tool
 * reads is present, a single line the tool parses the way it does (atol()
 * of the first line; strtoul() then " N<node>=<n>" for slabs and partial)
 * and consistent with the others; proc/ has the views as regular files.
 * Caches of every kind are made first: merged, DMA32, ctor, debug, RCU.
 * The same holds for the live view (slab_sysfs=DIR), whose directory
 * entries carry their types too, where FUSE can mount here.
 */
#include <dirent.h>
#include <limits.h>
#include <stdint.h>

#include "zt_sysfs.h"

/* What tools/mm/slabinfo.c's read_slab_dir() reads from each directory
 * (less the SLUB_STATS counters, which need CONFIG_SLUB_STATS, and
 * "objects_total", which no kernel has: the tool's own misspelling). */
static const char *const kernel_tool_reads[] = {
	"aliases", "align", "cache_dma", "cpu_slabs", "destroy_by_rcu",
	"hwcache_align", "object_size", "objects", "objects_partial",
	"objs_per_slab", "order", "partial", "poison", "reclaim_account",
	"red_zone", "sanity_checks", "slab_size", "slabs", "store_user", "trace",
};
#define NR_READS (sizeof(kernel_tool_reads) / sizeof(kernel_tool_reads[0]))

static char root[160], slabdir[256];

static void ctor(void *p)
{
	memset(p, 1, 16);
}

/* The first line of @dir/@file as the kernel tool's read_obj() takes it. */
static bool first_line(const char *dir, const char *file, char *buf, size_t len)
{
	char path[PATH_MAX];
	long n;

	snprintf(path, sizeof(path), "%s/%s/%s", slabdir, dir, file);
	n = zt_read_file(path, buf, len);
	if (n <= 0 || buf[n - 1] != '\n' || strchr(buf, '\n') != buf + n - 1) {
		fprintf(stderr, "%s: not one line ending in a newline (%ld bytes)\n", path, n);
		return false;
	}
	buf[n - 1] = 0;
	return true;
}

/* strtoul() of the count, then the " N<node>=<n>" list, as the tool does. */
static bool node_list_ok(const char *text, unsigned long *total)
{
	char *t;
	unsigned long sum = 0;

	*total = strtoul(text, &t, 10);
	while (*t == ' ')
		t++;
	while (*t == 'N') {
		unsigned long node = strtoul(t + 1, &t, 10), nr;
		if (*t != '=' || node != 0)
			return false;
		nr = strtoul(t + 1, &t, 10);
		sum += nr;
		while (*t == ' ')
			t++;
	}
	return !*t && (sum == *total || (!sum && !*total));
}

static void check_cache_dir(const char *dir)
{
	char buf[4096];
	unsigned long v[NR_READS] = { 0 };

	for (size_t i = 0; i < NR_READS; i++) {
		const char *a = kernel_tool_reads[i];
		CHECK(first_line(dir, a, buf, sizeof(buf)));
		if (!strcmp(a, "slabs") || !strcmp(a, "partial") || !strcmp(a, "objects") ||
		    !strcmp(a, "objects_partial") || !strcmp(a, "cpu_slabs")) {
			CHECK(node_list_ok(buf, &v[i]));
		} else {
			char *end;
			v[i] = strtoul(buf, &end, 10);
			CHECK(end != buf && !*end);
		}
	}
	/* what the tool computes from them must make sense */
	unsigned long objsize = v[6], objects = v[7], objs_per_slab = v[9],
		      partial = v[11], slab_size = v[16], slabs = v[17], cpu = v[3];
	CHECK(slab_size >= objsize && objsize > 0);
	CHECK(objs_per_slab > 0 && objs_per_slab * slab_size <= (4096UL << v[10]));
	CHECK(partial <= slabs && cpu == 0);
	CHECK(objects <= slabs * objs_per_slab);
	for (size_t i = 0; i < NR_READS; i++) {
		const char *a = kernel_tool_reads[i];
		if (!strcmp(a, "cache_dma") || !strcmp(a, "destroy_by_rcu") ||
		    !strcmp(a, "hwcache_align") || !strcmp(a, "poison") ||
		    !strcmp(a, "reclaim_account") || !strcmp(a, "red_zone") ||
		    !strcmp(a, "sanity_checks") || !strcmp(a, "store_user") ||
		    !strcmp(a, "trace"))
			CHECK(v[i] <= 1);
	}
}

/* The top of the slab directory: directories and links only. */
static int check_slab_top(int *links)
{
	DIR *d = opendir(slabdir);
	struct dirent *de;
	int dirs = 0;

	REQUIRE(d);
	*links = 0;
	while ((de = readdir(d))) {
		char path[PATH_MAX], target[256], tdir[PATH_MAX];
		struct stat st;
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", slabdir, de->d_name);
		REQUIRE(lstat(path, &st) == 0);
		/* the kernel tool switches on d_type: DT_LNK or DT_DIR, else dies */
		CHECK(de->d_type == DT_LNK || de->d_type == DT_DIR);
		CHECK(S_ISLNK(st.st_mode) || S_ISDIR(st.st_mode));
		if (S_ISDIR(st.st_mode)) {
			check_cache_dir(de->d_name);
			dirs++;
			continue;
		}
		ssize_t n = readlink(path, target, sizeof(target) - 1);
		REQUIRE(n > 0);
		target[n] = 0;
		const char *base = strrchr(target, '/') ? strrchr(target, '/') + 1 : target;
		CHECK(base[0] == ':');               /* links go to unique ids */
		snprintf(tdir, sizeof(tdir), "%s/%s", slabdir, base);
		CHECK(!lstat(tdir, &st) && S_ISDIR(st.st_mode));
		(*links)++;
	}
	closedir(d);
	return dirs;
}

static void check_root(void)
{
	static char big[1 << 17];
	static const char *const proc[] = { "buddyinfo", "iomem", "slabinfo", "zoneinfo" };
	char path[PATH_MAX];
	DIR *d = opendir(root);
	struct dirent *de;
	struct stat st;
	int n = 0;

	REQUIRE(d);
	while ((de = readdir(d)))
		if (de->d_name[0] != '.') {
			CHECK(!strcmp(de->d_name, "proc") || !strcmp(de->d_name, "sys"));
			n++;
		}
	closedir(d);
	CHECK_EQ(n, 2);
	for (size_t i = 0; i < sizeof(proc) / sizeof(proc[0]); i++) {
		snprintf(path, sizeof(path), "%s/proc/%s", root, proc[i]);
		CHECK(!lstat(path, &st) && S_ISREG(st.st_mode));
		CHECK(zt_read_file(path, big, sizeof(big)) > 0);   /* stat says 0, as /proc */
	}
	snprintf(path, sizeof(path), "%s/sys/kernel", root);
	d = opendir(path);
	REQUIRE(d);
	n = 0;
	while ((de = readdir(d)))
		if (de->d_name[0] != '.') {
			CHECK(!strcmp(de->d_name, "slab"));
			n++;
		}
	closedir(d);
	CHECK_EQ(n, 1);
}

static void make_caches(struct kmem_cache *c[6], void **objs, int n)
{
	c[0] = kmem_cache_create("io-pgtable_armv7s_l2", 1024, 1024, SLAB_CACHE_DMA32, NULL);
	c[1] = kmem_cache_create("other_l2", 1024, 1024, SLAB_CACHE_DMA32, NULL);
	c[2] = kmem_cache_create("kt_ctor", 48, 0, SLAB_HWCACHE_ALIGN, ctor);
	c[3] = kmem_cache_create("kt_debug", 200, 0, SLAB_RED_ZONE | SLAB_POISON |
				 SLAB_STORE_USER | SLAB_CONSISTENCY_CHECKS, NULL);
	c[4] = kmem_cache_create("kt_rcu", 96, 0, SLAB_TYPESAFE_BY_RCU, NULL);
	c[5] = kmem_cache_create("kt_reclaim", 96, 0, SLAB_RECLAIM_ACCOUNT, NULL);
	REQUIRE(c[0] && c[1] == c[0] && c[2] && c[3] && c[4] && c[5]);
	for (int i = 0; i < n; i++)
		REQUIRE(objs[i] = kmem_cache_alloc(i % 2 ? c[0] : c[3], GFP_KERNEL));
}

static void drop_caches(struct kmem_cache *c[6], void **objs, int n)
{
	for (int i = 0; i < n; i++)
		kmem_cache_free(i % 2 ? c[0] : c[3], objs[i]);
	for (int i = 1; i < 6; i++)
		kmem_cache_destroy(c[i]);
	kmem_cache_destroy(c[0]);
}

/* Everything the kernel tool needs, under the machine root @root. */
static void check_tree(void)
{
	char buf[64];
	int dirs, links;

	snprintf(slabdir, sizeof(slabdir), "%s/sys/kernel/slab", root);
	check_root();
	dirs = check_slab_top(&links);
	CHECK(dirs >= 20);
	CHECK(links >= 3);    /* the two l2 names and kt_reclaim */
	CHECK(first_line("kt_rcu", "destroy_by_rcu", buf, sizeof(buf)) && !strcmp(buf, "1"));
	CHECK(first_line(":D-0001024", "aliases", buf, sizeof(buf)) && !strcmp(buf, "1"));
	CHECK(first_line("kt_debug", "store_user", buf, sizeof(buf)) && !strcmp(buf, "1"));
}

int main(void)
{
	struct kmem_cache *c[6];
	void *objs[100];
	char base[128], opt[256], cmd[160];

	snprintf(base, sizeof(base), "/tmp/zslab-ktree-XXXXXX");
	REQUIRE(mkdtemp(base));
	snprintf(root, sizeof(root), "%s/export", base);
	zt_capture_reports();
	REQUIRE(zslab_init("memmap=4G@0x40000000") == 0);
	make_caches(c, objs, 100);
	CHECK_EQ(zslab_sysfs_export(root), 0);
	CHECK_EQ(zt_reports_reset(), 0);
	check_tree();
	drop_caches(c, objs, 100);
	zslab_exit();

	/* the live view, when FUSE mounts here */
	snprintf(root, sizeof(root), "%s/live", base);
	REQUIRE(mkdir(root, 0755) == 0);
	snprintf(opt, sizeof(opt), "memmap=4G@0x40000000 slab_sysfs=%s", root);
	if (zslab_init(opt)) {
		printf("test_sysfs_kernel_tree: live view not checked: %s\n", zt_last_report);
		zt_reports_reset();
	} else {
		make_caches(c, objs, 100);
		check_tree();
		drop_caches(c, objs, 100);
		zslab_exit();
	}
	snprintf(cmd, sizeof(cmd), "rm -rf %s", base);
	CHECK_EQ(system(cmd), 0);
	return zt_summary("test_sysfs_kernel_tree");
}
