/* SPDX-License-Identifier: MIT */
/*
 * host_fs.c - Linux implementation of host_fs.h.
 */
#include "host/host_fs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int zs_host_mkdir(const char *path, unsigned int mode)
{
	struct stat st;

	if (!mkdir(path, (mode_t)mode))
		return 0;
	if (errno != EEXIST)
		return -errno;
	if (lstat(path, &st))
		return -errno;
	return S_ISDIR(st.st_mode) ? 0 : -EEXIST;
}

int zs_host_mkdir_p(const char *path, unsigned int mode)
{
	char buf[4096];
	size_t len = strlen(path);
	int err;

	if (len >= sizeof(buf))
		return -ENAMETOOLONG;
	memcpy(buf, path, len + 1);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		err = zs_host_mkdir(buf, mode);
		*p = '/';
		if (err)
			return err;
	}
	return zs_host_mkdir(buf, mode);
}

int zs_host_symlink(const char *target, const char *path)
{
	struct stat st;

	if (!lstat(path, &st)) {
		if (S_ISDIR(st.st_mode))
			return -EISDIR;
		if (unlink(path))
			return -errno;
	}
	return symlink(target, path) ? -errno : 0;
}

/* Write all of @data, retrying short writes. */
static int write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

int zs_host_write_file(const char *path, const void *data, size_t len,
		       unsigned int mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	int err;

	if (fd < 0)
		return -errno;
	err = write_all(fd, data, len);
	if (!err && fchmod(fd, (mode_t)mode))
		err = -errno;
	if (close(fd) && !err)
		err = -errno;
	return err;
}

/*
 * Not strerror_r(): it translates under the locale lock, and a report
 * made while booting from a malloc inside setlocale() (bash does that)
 * would wait for that lock forever.  The untranslated text takes none.
 */
const char *zs_host_strerror(int err, char *buf, size_t len)
{
	const char *text = strerrordesc_np(err < 0 ? -err : err);

	if (!text) {
		snprintf(buf, len, "error %d", err < 0 ? -err : err);
		return buf;
	}
	return text;
}
