/* SPDX-License-Identifier: MIT */
/*
 * write.c - the writing options: -s writes 1 to "shrink", -v 1 to
 * "validate", -d sets the debug flag files.  They act only on a live tree
 * (the kernel's sysfs, a zslab slab_sysfs= mount): on a snapshot the
 * option is refused once, up front, since writing would only change the
 * copy's files.  A failure names the file and the errno and says why when
 * it can (read-only, absent); the tool goes on with the next cache and
 * exits 1.  A file whose mode has no write bit is treated as sysfs treats
 * it, as read-only even for root.  The kernel refuses "validate" with
 * EINVAL on a cache without slub_debug: that is said once for the run,
 * with the count, instead of once per cache.
 */
#include "slabinfo.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *errno_name(int err)
{
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 32))
	const char *n = strerrorname_np(err);

	if (n)
		return n;
#endif
	(void)err;
	return "errno";
}

static int write_failed(const char *path, int err, const char *why)
{
	fprintf(stderr, "Cannot write to %s: %s (%s)%s%s\n", path,
		strerror(err), errno_name(err), why ? ": " : "", why ? why : "");
	return -err;
}

static int write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return -EIO;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/**
 * si_writes_refused() - refuse @option (its long name) on a snapshot.
 * Return: true, after one message, when @t is not a live tree.
 */
bool si_writes_refused(const struct si_tree *t, const char *option)
{
	if (t->kind != SI_SNAPSHOT)
		return false;
	fprintf(stderr, "slabinfo: --%s refused: %s is a snapshot (plain files, not sysfs "
		"or a zslab live mount), where a write would only change the copy's "
		"files; use the kernel's /sys/kernel/slab or a tree mounted live "
		"with slab_sysfs=DIR\n", option, t->root);
	return true;
}

/* Write "@value\n" to @path: 0 or -errno, and *@why when it can say. */
static int write_value(const char *path, int value, const char **why)
{
	char text[32];
	struct stat st;
	int fd, err, n;

	*why = NULL;
	if (stat(path, &st)) {
		*why = errno == ENOENT ? "the tree has no such attribute" : NULL;
		return -errno;
	}
	if (!(st.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH))) {
		*why = "the file is read-only";
		return -EACCES;
	}
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		*why = errno == EROFS ? "the file system is read-only" : NULL;
		return -errno;
	}
	n = snprintf(text, sizeof(text), "%d\n", value);
	err = write_all(fd, text, (size_t)n);
	if (close(fd) && !err)
		err = -errno;
	if (err)
		*why = "the write was refused";
	return err;
}

/* The path of attribute @file of @s; false (reported) when too long. */
static bool attr_path(const struct si_tree *t, const struct si_cache *s,
		      const char *file, char *path, size_t len)
{
	int n = snprintf(path, len, "%s/%s/%s", t->root, s->dir, file);

	if (n >= 0 && (size_t)n < len)
		return true;
	write_failed(path, ENAMETOOLONG, NULL);
	return false;
}

/**
 * si_write_attr() - write "@value\n" to attribute @file of cache @s.
 * Return: 0, or -errno after a message on stderr.
 */
int si_write_attr(const struct si_tree *t, const struct si_cache *s,
		  const char *file, int value)
{
	char path[PATH_MAX];
	const char *why;
	int err;

	if (!attr_path(t, s, file, path, sizeof(path)))
		return -ENAMETOOLONG;
	err = write_value(path, value, &why);
	return err ? write_failed(path, -err, why) : 0;
}

/* Caches the kernel would not validate (no slub_debug), and all tried. */
static int nr_no_debug, nr_validated;

/**
 * si_validate() - -v on cache @s: write 1 to its "validate".  The
 * kernel's EINVAL there means the cache has no debug flags; it is
 * counted for si_validate_done() instead of reported here.
 * Return: 0, or -errno.
 */
int si_validate(const struct si_tree *t, const struct si_cache *s)
{
	char path[PATH_MAX];
	const char *why;
	int err;

	if (!attr_path(t, s, "validate", path, sizeof(path)))
		return -ENAMETOOLONG;
	nr_validated++;
	err = write_value(path, 1, &why);
	if (err == -EINVAL && t->kind == SI_SYSFS) {
		nr_no_debug++;
		return err;
	}
	return err ? write_failed(path, -err, why) : 0;
}

/**
 * si_validate_done() - after -v: one line for the caches the kernel
 * refused to validate.  Return: how many there were.
 */
int si_validate_done(void)
{
	if (nr_no_debug)
		fprintf(stderr, "slabinfo: validation needs slub_debug on this kernel: "
			"%d of %d caches not validated (boot with slub_debug=F, or "
			"slub_debug=F,<cache> for some)\n", nr_no_debug, nr_validated);
	return nr_no_debug;
}

/* Parse one -d argument into the debug options; -1 when invalid. */
int si_debug_parse(const char *arg)
{
	bool *flag;

	if (!arg || !arg[0] || !strcmp(arg, "-"))
		return 0;
	if (!strcmp(arg, "a") || !strcmp(arg, "A")) {
		si_opt.dbg_sanity = si_opt.dbg_poison = true;
		si_opt.dbg_redzone = si_opt.dbg_tracking = true;
		return 0;
	}
	for (; *arg; arg++) {
		switch (*arg | 0x20) {	/* letters either case */
		case 'f': flag = &si_opt.dbg_sanity; break;
		case 'p': flag = &si_opt.dbg_poison; break;
		case 'z': flag = &si_opt.dbg_redzone; break;
		case 'u': flag = &si_opt.dbg_tracking; break;
		case 't': flag = &si_opt.dbg_tracing; break;
		default: return -1;
		}
		if (*flag)
			return -1;	/* a letter given twice */
		*flag = true;
	}
	return 0;
}

/* Debug flags can change only on an empty cache: shrink its empty slabs. */
static bool cache_empty(const struct si_tree *t, const struct si_cache *s,
			int *err)
{
	if (s->objects)
		return false;
	if (s->slabs)
		*err |= si_write_attr(t, s, "shrink", 1);
	return true;
}

static int set_flag(const struct si_tree *t, const struct si_cache *s,
		    bool want, long have, const char *file, const char *what)
{
	int err = 0;

	if (want == !!have)
		return 0;
	if (!cache_empty(t, s, &err)) {
		fprintf(stderr, "%s not empty cannot %s %s\n", s->name,
			want ? "enable" : "disable", what);
		return -EBUSY;
	}
	return err | si_write_attr(t, s, file, want);
}

/*
 * -d: bring the cache's debug files to the requested state.  Tracing is
 * enabled only when one cache is selected; the kernel tool writes 1 to
 * switch it off, here it writes 0.  Return: 0, non-zero if anything failed.
 */
int si_debug_apply(const struct si_tree *t, const struct si_cache *s,
		   int selected)
{
	int err = 0;

	if (si_opt.dbg_sanity && !s->sanity_checks)	/* no need to be empty */
		err |= si_write_attr(t, s, "sanity_checks", 1);
	else
		err |= set_flag(t, s, si_opt.dbg_sanity, s->sanity_checks,
				"sanity_checks", "sanity checks");
	err |= set_flag(t, s, si_opt.dbg_redzone, s->red_zone, "red_zone", "redzoning");
	err |= set_flag(t, s, si_opt.dbg_poison, s->poison, "poison", "poisoning");
	err |= set_flag(t, s, si_opt.dbg_tracking, s->store_user, "store_user",
			"tracking");
	if (si_opt.dbg_tracing && !s->trace) {
		if (selected == 1)
			err |= si_write_attr(t, s, "trace", 1);
		else
			fprintf(stderr, "%s can only enable trace for one slab at a time\n",
				s->name);
	}
	if (!si_opt.dbg_tracing && s->trace)
		err |= si_write_attr(t, s, "trace", 0);
	return err;
}
