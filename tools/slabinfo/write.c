/* SPDX-License-Identifier: MIT */
/*
 * write.c - the writing options: -s writes 1 to "shrink", -v 1 to
 * "validate", -d sets the debug flag files.  They work wherever the tree
 * accepts writes (a zslab live mount, a kernel's sysfs as root, a writable
 * copy).  A failure names the file and the errno and says why when it can
 * (read-only, absent); the tool goes on with the next cache and exits 1.
 * A file whose mode has no write bit is treated as sysfs treats it, as
 * read-only even for root, so a copied tree behaves like the original.
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
 * si_write_attr() - write "@value\n" to attribute @file of cache @s.
 * Return: 0, or -errno after a message on stderr.
 */
int si_write_attr(const struct si_tree *t, const struct si_cache *s,
		  const char *file, int value)
{
	char path[PATH_MAX], text[32];
	struct stat st;
	int fd, err, n = snprintf(path, sizeof(path), "%s/%s/%s", t->root, s->dir, file);

	if (n < 0 || (size_t)n >= sizeof(path))
		return write_failed(path, ENAMETOOLONG, NULL);
	if (stat(path, &st))
		return write_failed(path, errno, errno == ENOENT ?
				    "the tree has no such attribute" : NULL);
	if (!(st.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)))
		return write_failed(path, EACCES, "the file is read-only");
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return write_failed(path, errno, errno == EROFS ?
				    "the file system is read-only" : NULL);
	n = snprintf(text, sizeof(text), "%d\n", value);
	err = write_all(fd, text, (size_t)n);
	if (close(fd) && !err)
		err = -errno;
	return err ? write_failed(path, -err, "the write was refused") : 0;
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
