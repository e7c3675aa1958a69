/* SPDX-License-Identifier: MIT */
/*
 * attr.c - reading one attribute file of a cache directory.  sysfs files
 * are one line: a number ("36"), a number and per-node counts
 * ("36 N0=30 N1=6"), per-cpu sums ("12 C0=5 C1=7") or text.  A missing file
 * reads as empty (an attribute the tree cannot honour is absent); a file
 * that exists but may not be read stops the tool, as the kernel's does,
 * because every number would be wrong.
 */
#include "slabinfo.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int attr_path(char *path, size_t len, const char *root,
		     const char *dir, const char *file)
{
	int n = snprintf(path, len, "%s/%s/%s", root, dir, file);

	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

/**
 * si_attr_read() - read a whole attribute file into @buf, NUL-terminated.
 * Return: the length read, or -errno (-ENOENT for an absent file).
 */
long si_attr_read(const char *root, const char *dir, const char *file,
		  char *buf, size_t len)
{
	char path[PATH_MAX];
	size_t got = 0;
	int fd, err = attr_path(path, sizeof(path), root, dir, file);

	buf[0] = 0;
	if (err)
		return err;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	while (got + 1 < len) {
		ssize_t n = read(fd, buf + got, len - 1 - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n < 0)
				err = -errno;
			break;
		}
		got += (size_t)n;
	}
	close(fd);
	buf[got] = 0;
	return err ? err : (long)got;
}

/* One line of a numeric attribute; stops the tool when it may not be read. */
static const char *attr_line(const char *root, const char *dir,
			     const char *file, char *buf, size_t len)
{
	long n = si_attr_read(root, dir, file, buf, len);

	if (n == -EACCES || n == -EPERM) {
		fprintf(stderr, "slabinfo: cannot read %s/%s/%s: %s, "
			"try using superuser\n", root, dir, file, strerror((int)-n));
		exit(EXIT_FAILURE);
	}
	if (n < 0)
		buf[0] = 0;
	buf[strcspn(buf, "\n")] = 0;
	return buf;
}

/**
 * si_attr_num() - the leading number of an attribute (a sum for per-node
 * and per-cpu files); 0 when the file is absent or empty.
 */
unsigned long si_attr_num(const char *root, const char *dir, const char *file)
{
	char buf[256];

	return strtoul(attr_line(root, dir, file, buf, sizeof(buf)), NULL, 10);
}

static void nodes_store(unsigned long **nodes, int *nr, int node,
			unsigned long value)
{
	unsigned long *grown;

	if (node >= *nr) {
		grown = realloc(*nodes, (size_t)(node + 1) * sizeof(*grown));
		if (!grown) {
			fputs("slabinfo: out of memory\n", stderr);
			exit(EXIT_FAILURE);
		}
		memset(grown + *nr, 0, (size_t)(node + 1 - *nr) * sizeof(*grown));
		*nodes = grown;
		*nr = node + 1;
	}
	(*nodes)[node] = value;
}

/**
 * si_attr_nodes() - a per-node attribute: returns the total and fills
 * *@nodes (grown to *@nr_nodes entries) from its " N<node>=<n>" list.
 */
unsigned long si_attr_nodes(const char *root, const char *dir,
			    const char *file, unsigned long **nodes,
			    int *nr_nodes)
{
	char buf[16384];
	char *p;
	unsigned long total;

	total = strtoul(attr_line(root, dir, file, buf, sizeof(buf)), &p, 10);
	for (;;) {
		unsigned long node, value;

		while (*p == ' ')
			p++;
		if (*p != 'N')
			break;
		node = strtoul(p + 1, &p, 10);
		if (*p != '=')
			break;
		value = strtoul(p + 1, &p, 10);
		if (node < SI_MAX_NODES)
			nodes_store(nodes, nr_nodes, (int)node, value);
	}
	return total;
}
