/* SPDX-License-Identifier: MIT */
/*
 * test_slabinfo_zslab - the slabinfo tool reading a real zslab snapshot:
 * two merged 1 KiB/1 KiB SLAB_CACHE_DMA32 caches and a Normal cache of the
 * same size are created and filled, zslab_sysfs_export() writes the tree,
 * and the tool's listing must show, for every cache the statistics API
 * walks, the same object count and size, under the name the kernel tool
 * would pick, with the D flag exactly on the DMA32 cache; its report on
 * the DMA32 pair says so and counts the same objects.  Then the same on
 * a live mount (slab_sysfs=DIR, skipped where FUSE cannot mount): the
 * numbers follow allocations, -s and -v write through, read-only debug
 * files and a busy cache are refused with a clear message;
 * on the snapshot the writing options are refused before any write.
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <spawn.h>
#include <stdarg.h>
#include <sys/wait.h>
#include <unistd.h>

#include "zt.h"

#ifndef SLABINFO_BIN
#error "SLABINFO_BIN (the tool's path) comes from tests/CMakeLists.txt"
#endif

extern char **environ;

static char tmpdir[256], tree[300];
static char out[1 << 20], err[1 << 16];

/* Read @path into @buf (@len bytes, NUL-terminated). */
static void slurp(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	size_t n;

	REQUIRE(f);
	n = fread(buf, 1, len - 1, f);
	buf[n] = 0;
	fclose(f);
}

static int run(const char *a1, const char *a2, const char *a3)
{
	const char *argv[] = { SLABINFO_BIN, "--root", tree, a1, a2, a3, NULL };
	char opath[320], epath[320];
	posix_spawn_file_actions_t fa;
	int status;
	pid_t pid;

	snprintf(opath, sizeof(opath), "%s/stdout", tmpdir);
	snprintf(epath, sizeof(epath), "%s/stderr", tmpdir);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, opath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	posix_spawn_file_actions_addopen(&fa, 2, epath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	REQUIRE(posix_spawn(&pid, SLABINFO_BIN, &fa, NULL, (char **)argv, environ) == 0);
	posix_spawn_file_actions_destroy(&fa);
	REQUIRE(waitpid(pid, &status, 0) == pid);
	slurp(opath, out, sizeof(out));
	slurp(epath, err, sizeof(err));
	if (getenv("ZT_VERBOSE"))
		fprintf(stderr, "--- slabinfo %s %s %s\n%s%s", a1 ? a1 : "",
			a2 ? a2 : "", a3 ? a3 : "", out, err);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

/* The listing row whose first field is @name, or NULL. */
static const char *row_of(const char *name)
{
	size_t n = strlen(name);
	const char *p;

	for (p = out; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (!strncmp(p, name, n) && p[n] == ' ')
			return p;
	return NULL;
}

/*
 * The name the tool lists a cache under: an unmergeable cache's own name;
 * a mergeable one's only name (it has one link) or its id (several).
 */
static const char *listed_name(const struct zslab_cache_info *ci)
{
	return ci->mergeable && ci->aliases ? ci->unique_id : ci->name;
}

static int check_cache(const struct zslab_cache_info *ci, void *arg)
{
	const char *row = row_of(listed_name(ci));
	char name[128], flags[32] = "";
	unsigned long objects;
	long objsize;
	int n;

	(*(int *)arg)++;
	CHECK(row != NULL);
	if (!row) {
		fprintf(stderr, "  no row for %s (%s)\n", ci->name, ci->unique_id);
		return 0;
	}
	n = sscanf(row, "%127s %lu %ld %*s %*s %*d %*d %*d %*d %31[^\n]",
		   name, &objects, &objsize, flags);
	CHECK(n >= 3);
	CHECK_EQ(objects, ci->objects);
	CHECK_EQ(objsize, ci->object_size);
	CHECK_EQ(strchr(flags, 'D') != NULL, (ci->flags & SLAB_CACHE_DMA32) != 0);
	CHECK_EQ(strchr(flags, '*') != NULL, ci->aliases != 0);
	return 0;
}

/* One cache selected: the tool reports it; its "Objects:" count. */
static long reported_objects(struct kmem_cache *s, struct zslab_cache_info *info)
{
	const char *p;
	long objects = -1;

	REQUIRE(zslab_cache_get_info(s, info) == 0);
	CHECK_EQ(run("^zt-live", NULL, NULL), 0);
	p = strstr(out, "\nSlabcache: zt-live-dma32 ");
	CHECK(p != NULL);
	if (p && (p = strstr(p, " Objects: ")))
		objects = strtol(p + 10, NULL, 10);
	return objects;
}

/* The tool on the live mount of this very process. */
static void test_live(void)
{
	char opt[400], mnt[300], want[700];
	const char *dir;
	struct zslab_cache_info info;
	struct kmem_cache *s;
	void *obj[200];
	long before;
	int i;

	snprintf(mnt, sizeof(mnt), "%s/live", tmpdir);
	REQUIRE(mkdir(mnt, 0755) == 0);
	snprintf(opt, sizeof(opt), "slab_sysfs=%s", mnt);
	zslab_exit();
	if (zslab_init(opt) != 0) {
		printf("test_slabinfo_zslab: cannot mount %s (FUSE unusable here), live test skipped\n", mnt);
		REQUIRE(zslab_init("") == 0);
		return;
	}
	snprintf(tree, sizeof(tree), "%s", mnt);
	s = kmem_cache_create("zt-live-dma32", 512, 512, SLAB_CACHE_DMA32, NULL);
	REQUIRE(s);
	for (i = 0; i < 10; i++)
		REQUIRE((obj[i] = kmem_cache_alloc(s, GFP_KERNEL)));
	before = reported_objects(s, &info);
	CHECK_EQ(before, (long)info.objects);
	for (; i < 200; i++)
		REQUIRE((obj[i] = kmem_cache_alloc(s, GFP_KERNEL)));
	CHECK_EQ(reported_objects(s, &info), (long)info.objects);
	CHECK(reported_objects(s, &info) > before);
	CHECK(strstr(out, "\n** Memory is allocated in a special DMA32 zone\n") != NULL);
	/* the listing of the live tree carries the D flag */
	CHECK_EQ(run("-z", NULL, NULL), 0);
	REQUIRE(zslab_cache_get_info(s, &info) == 0);
	CHECK(row_of(listed_name(&info)) && strstr(row_of(listed_name(&info)), " D\n"));

	/* -s through the mount: the empty slabs kept after freeing go */
	for (i = 0; i < 200; i++)
		kmem_cache_free(s, obj[i]);
	REQUIRE(zslab_cache_get_info(s, &info) == 0);
	before = (long)info.slabs;
	CHECK_EQ(run("-s", "^zt-live", NULL), 0);
	REQUIRE(zslab_cache_get_info(s, &info) == 0);
	CHECK((long)info.slabs < before);
	if ((long)info.slabs >= before)
		fprintf(stderr, "  slabs %ld before -s, %lu after\n", before, info.slabs);
	CHECK_EQ(run("-v", "^zt-live", NULL), 0);
	CHECK_EQ(err[0], 0);
	CHECK_EQ(zt_reports_reset(), 0);	/* validation found nothing */
	/* 5.9+: sanity_checks is read-only; the tool refuses and fails cleanly */
	CHECK(run("-df", "^zt-live", NULL) != 0);
	REQUIRE(zslab_cache_get_info(s, &info) == 0);
	dir = info.mergeable ? info.unique_id : info.name;   /* the kernel's naming */
	snprintf(want, sizeof(want), "Cannot write to %s/sys/kernel/slab/%s/sanity_checks: "
		 "Permission denied (EACCES): the file is read-only\n", mnt, dir);
	CHECK(!strcmp(err, want));
	/* tracing on one cache: trace is read-only too (0400, as since 5.9) */
	CHECK(run("-dt", "^zt-live-dma32$", NULL) != 0);
	snprintf(want, sizeof(want), "Cannot write to %s/sys/kernel/slab/%s/trace: "
		 "Permission denied (EACCES): the file is read-only\n", mnt, dir);
	CHECK(!strcmp(err, want));
	/* red zoning needs an empty cache; the tool says so and writes nothing */
	obj[0] = kmem_cache_alloc(s, GFP_KERNEL);
	REQUIRE(obj[0]);
	CHECK(run("-dz", "^zt-live-dma32$", NULL) != 0);
	CHECK(!strcmp(err, "zt-live-dma32 not empty cannot enable redzoning\n"));
	kmem_cache_free(s, obj[0]);
	kmem_cache_destroy(s);
	zslab_exit();
	/* unmounted at exit: the directory is empty again */
	CHECK(run(NULL, NULL, NULL) == 0 && !strstr(out, "kmalloc"));
	REQUIRE(zslab_init("") == 0);
}

int main(void)
{
	struct kmem_cache *a, *b, *plain;
	struct zslab_cache_info info;
	void *obj[40];
	char want[400];
	int i, caches = 0;

	zt_capture_reports();
	REQUIRE(zslab_init("") == 0);
	a = kmem_cache_create("zt-dma32-a", 1024, 1024, SLAB_CACHE_DMA32, NULL);
	b = kmem_cache_create("zt-dma32-b", 1024, 1024, SLAB_CACHE_DMA32, NULL);
	plain = kmem_cache_create("zt-plain-1k", 1024, 1024, 0, NULL);
	REQUIRE(a && b && plain);
	CHECK(a == b);
	CHECK(plain != a);
	for (i = 0; i < 40; i++) {
		obj[i] = kmem_cache_alloc(i % 2 ? a : plain, GFP_KERNEL);
		REQUIRE(obj[i]);
	}

	snprintf(tmpdir, sizeof(tmpdir), "/tmp/zt-slabinfo-zslab-XXXXXX");
	REQUIRE(mkdtemp(tmpdir));
	snprintf(tree, sizeof(tree), "%s/slab", tmpdir);
	CHECK_EQ(zslab_sysfs_export(tree), 0);

	CHECK_EQ(run("-z", NULL, NULL), 0);
	CHECK_EQ(zslab_cache_for_each(check_cache, &caches), 0);
	CHECK(caches > 2);

	/* the DMA32 pair: one ":D-0001024" with both names, D in its flags */
	REQUIRE(zslab_cache_get_info(a, &info) == 0);
	CHECK(!strcmp(info.unique_id, ":D-0001024"));
	CHECK(row_of(":D-0001024") != NULL);
	CHECK_EQ(run("-a", NULL, NULL), 0);
	CHECK(strstr(out, "\n:D-0001024   <- zt-dma32-a zt-dma32-b\n") != NULL);

	CHECK_EQ(run("^zt-dma32-a$", NULL, NULL), 0);
	snprintf(want, sizeof(want), "\nSlabcache: zt-dma32-a       Aliases:  1 Order : %2u Objects: %lu\n",
		 info.order, info.objects);
	CHECK(!strncmp(out, want, strlen(want)));
	CHECK(strstr(out, "\n** Memory is allocated in a special DMA32 zone\n") != NULL);

	CHECK_EQ(run("-r", "^zt-plain-1k$", NULL), 0);
	CHECK(strstr(out, "Slabcache: zt-plain-1k") != NULL);
	CHECK(strstr(out, "DMA32") == NULL);

	/* the snapshot's shrink file is writable (0600, as in sysfs), but -s
	 * would only change the file: refused, nothing written */
	CHECK(run("-s", NULL, NULL) != 0);
	CHECK(strstr(err, "--shrink refused: ") && strstr(err, " is a snapshot "));
	snprintf(want, sizeof(want), "%s/sys/kernel/slab/zt-plain-1k/shrink", tree);
	{
		struct stat st;
		CHECK(stat(want, &st) == 0 && st.st_size == 0 && (st.st_mode & 0200));
	}

	for (i = 0; i < 40; i++)
		kmem_cache_free(i % 2 ? a : plain, obj[i]);
	kmem_cache_destroy(b);
	kmem_cache_destroy(a);
	kmem_cache_destroy(plain);
	test_live();
	zslab_exit();
	if (!zt_failed) {
		char cmd[300];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
		CHECK_EQ(system(cmd), 0);
	}
	return zt_summary("test_slabinfo_zslab");
}
