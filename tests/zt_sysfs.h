/* SPDX-License-Identifier: MIT */
/*
 * zt_sysfs.h - shared by the sysfs tests: the attribute list zslab
 * promises (the spec's table less what zslab cannot honour), each file's
 * format, and a check of one cache directory against the statistics API.
 */
#ifndef ZSLAB_ZT_SYSFS_H
#define ZSLAB_ZT_SYSFS_H

#include <dirent.h>
#include <fcntl.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <unistd.h>

#include "zt.h"

enum attr_kind { K_FLAG, K_UINT, K_NODES, K_EMPTY, K_CTOR };

static const struct expect_attr {
	const char *name;
	enum attr_kind kind;
	unsigned int mode;
} expect_attrs[] = {
	{ "aliases", K_UINT, 0400 },        { "align", K_UINT, 0400 },
	{ "cache_dma", K_FLAG, 0400 },      { "cache_dma32", K_FLAG, 0400 },
	{ "cpu_partial", K_UINT, 0600 },    { "ctor", K_CTOR, 0400 },
	{ "cpu_slabs", K_NODES, 0400 },     { "destroy_by_rcu", K_FLAG, 0400 },
	{ "failslab", K_FLAG, 0400 },       { "trace", K_FLAG, 0400 },
	{ "hwcache_align", K_FLAG, 0400 },  { "min_partial", K_UINT, 0600 },
	{ "object_size", K_UINT, 0400 },    { "objects", K_NODES, 0400 },
	{ "objects_partial", K_NODES, 0400 }, { "objs_per_slab", K_UINT, 0400 },
	{ "order", K_UINT, 0400 },          { "partial", K_NODES, 0400 },
	{ "poison", K_FLAG, 0400 },         { "reclaim_account", K_FLAG, 0400 },
	{ "red_zone", K_FLAG, 0400 },       { "sanity_checks", K_FLAG, 0400 },
	{ "shrink", K_EMPTY, 0600 },        { "slab_size", K_UINT, 0400 },
	{ "slabs", K_NODES, 0400 },         { "store_user", K_FLAG, 0400 },
	{ "total_objects", K_NODES, 0400 }, { "usersize", K_UINT, 0400 },
	{ "validate", K_EMPTY, 0600 },
};
#define NR_EXPECT_ATTRS (sizeof(expect_attrs) / sizeof(expect_attrs[0]))

/* Read a whole (small) file; returns its length or -errno. */
static inline long zt_read_file(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY);
	long n = 0, r;

	if (fd < 0)
		return -errno;
	while ((r = read(fd, buf + n, len - 1 - (size_t)n)) > 0)
		n += r;
	if (r < 0)
		n = -errno;
	close(fd);
	buf[n > 0 ? n : 0] = 0;
	return n;
}

/* Write @s to @path with one write(2): 0 or -errno (of open or write). */
static inline int zt_write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY), err = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, s, strlen(s)) != (ssize_t)strlen(s))
		err = -errno;
	close(fd);
	return err;
}

/* Does @text match the kernel's format for @kind?  Sets *@num. */
static inline bool zt_attr_format_ok(enum attr_kind kind, const char *text,
				     unsigned long *num)
{
	char tail[8];
	unsigned long a, b;

	*num = 0;
	switch (kind) {
	case K_FLAG:
		*num = text[0] == '1';
		return !strcmp(text, "0\n") || !strcmp(text, "1\n");
	case K_UINT:
		return sscanf(text, "%lu%1[\n]%1s", num, tail, tail) == 2 &&
		       text[0] >= '0' && text[0] <= '9';
	case K_NODES:   /* "0\n" or "<n> N0=<n>\n" */
		if (!strcmp(text, "0\n"))
			return true;
		if (sscanf(text, "%lu N0=%lu%1[\n]%1s", &a, &b, tail, tail) != 3)
			return false;
		*num = a;
		return a == b && a > 0;
	case K_EMPTY:
		return !text[0];
	case K_CTOR:   /* empty, or one %pS line */
		return !text[0] || (strchr(text, '\n') == text + strlen(text) - 1 &&
				    text[0] != '\n');
	}
	return false;
}

/* The value the statistics API gives for @name (numeric attributes). */
static inline bool zt_info_value(const struct zslab_cache_info *ci,
				 const char *name, unsigned long *v)
{
	static const struct { const char *name; unsigned int flag; } flags[] = {
		{ "cache_dma", SLAB_CACHE_DMA }, { "cache_dma32", SLAB_CACHE_DMA32 },
		{ "hwcache_align", SLAB_HWCACHE_ALIGN },
		{ "reclaim_account", SLAB_RECLAIM_ACCOUNT },
		{ "sanity_checks", SLAB_CONSISTENCY_CHECKS }, { "red_zone", SLAB_RED_ZONE },
		{ "poison", SLAB_POISON }, { "store_user", SLAB_STORE_USER },
		{ "trace", SLAB_TRACE }, { "failslab", SLAB_FAILSLAB },
		{ "destroy_by_rcu", SLAB_TYPESAFE_BY_RCU },
	};
	const struct { const char *name; unsigned long v; } nums[] = {
		{ "aliases", ci->aliases }, { "align", ci->align },
		{ "cpu_partial", ci->cpu_partial }, { "min_partial", ci->min_partial },
		{ "object_size", ci->object_size }, { "objects", ci->objects },
		{ "objects_partial", ci->objects_partial },
		{ "objs_per_slab", ci->objs_per_slab }, { "order", ci->order },
		{ "partial", ci->partial }, { "slab_size", ci->slab_size },
		{ "slabs", ci->slabs }, { "total_objects", ci->total_objects },
		{ "usersize", ci->usersize }, { "cpu_slabs", 0 },
	};
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		if (!strcmp(name, flags[i].name)) {
			*v = !!(ci->flags & flags[i].flag);
			return true;
		}
	for (size_t i = 0; i < sizeof(nums) / sizeof(nums[0]); i++)
		if (!strcmp(name, nums[i].name)) {
			*v = nums[i].v;
			return true;
		}
	return false;
}

/* The directory name of a cache: unique id when mergeable, else its name. */
static inline const char *zt_cache_dir(const struct zslab_cache_info *ci)
{
	return ci->mergeable ? ci->unique_id : ci->name;
}

/*
 * Check directory @dir of cache @ci: exactly the expected attributes, each
 * with its mode and format, and every number equal to @ci's (@exact: no
 * allocation happened since @ci was read).  Returns files checked.
 */
static inline int zt_check_cache_dir(const char *dir, const struct zslab_cache_info *ci,
				     bool exact)
{
	char path[8192], text[4096];
	int files = 0;
	DIR *d = opendir(dir);
	struct dirent *de;

	REQUIRE(d);
	while ((de = readdir(d))) {
		bool known = false;
		if (de->d_name[0] == '.')
			continue;
		for (size_t i = 0; i < NR_EXPECT_ATTRS; i++)
			known |= !strcmp(de->d_name, expect_attrs[i].name);
		if (!known)
			fprintf(stderr, "unexpected attribute %s/%s\n", dir, de->d_name);
		CHECK(known);
		files++;
	}
	closedir(d);
	CHECK_EQ(files, NR_EXPECT_ATTRS);
	for (size_t i = 0; i < NR_EXPECT_ATTRS; i++) {
		const struct expect_attr *a = &expect_attrs[i];
		struct stat st;
		unsigned long num, want;
		snprintf(path, sizeof(path), "%s/%s", dir, a->name);
		REQUIRE(stat(path, &st) == 0);
		CHECK(S_ISREG(st.st_mode));
		CHECK_EQ(st.st_mode & 07777, a->mode);
		CHECK(zt_read_file(path, text, sizeof(text)) >= 0);
		if (!zt_attr_format_ok(a->kind, text, &num))
			fprintf(stderr, "bad format in %s: \"%s\"\n", path, text);
		CHECK(zt_attr_format_ok(a->kind, text, &num));
		if (exact && zt_info_value(ci, a->name, &want)) {
			if (num != want)
				fprintf(stderr, "%s: %lu, statistics API: %lu\n", path, num, want);
			CHECK_EQ(num, want);
		}
		if (a->kind == K_CTOR)
			CHECK_EQ(text[0] != 0, ci->ctor != NULL);
	}
	return files;
}

#endif
