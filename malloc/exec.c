/* SPDX-License-Identifier: MIT */
/*
 * exec.c - the exec family under the preload, for the live view
 * (slab_sysfs=DIR).  An exec replaces the image and, with it, the FUSE
 * server thread: a view still mounted then would go stale (ENOTCONN for
 * every later look at DIR, and the new image, which has the same process
 * id, could not mount at DIR again).  Each wrapper unmounts this
 * process's view, then calls the C library's function; when that returns
 * (the exec failed), the view is mounted again.  A process that does not
 * serve the view (a vfork()ed or forked child) leaves it alone.  The C
 * library's functions are looked up at load time, or at the first call
 * when that comes earlier (a malloc during the loader's start-up boots
 * zslab, whose view may exec fusermount3 before this file's constructor
 * ran).
 */
#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <unistd.h>

#include "init/malloc_iface.h"
#include "zslab_malloc.h"

typedef int execve_fn(const char *, char *const[], char *const[]);
typedef int execv_fn(const char *, char *const[]);
typedef int fexecve_fn(int, char *const[], char *const[]);
typedef int execveat_fn(int, const char *, char *const[], char *const[], int);

static execve_fn *libc_execve, *libc_execvpe;
static execv_fn *libc_execv, *libc_execvp;
static fexecve_fn *libc_fexecve;
static execveat_fn *libc_execveat;

static void *next(const char *name)
{
	return dlsym(RTLD_NEXT, name);
}

__attribute__((constructor)) static void find_exec(void)
{
	*(void **)&libc_execve = next("execve");
	*(void **)&libc_execvpe = next("execvpe");
	*(void **)&libc_execv = next("execv");
	*(void **)&libc_execvp = next("execvp");
	*(void **)&libc_fexecve = next("fexecve");
	*(void **)&libc_execveat = next("execveat");
}

/* The view is down while @call runs; back up if it returns. */
#define AROUND_EXEC(fn, ...) do {                                   \
	if (!fn)                                                    \
		find_exec();                                        \
	bool had = zs_sysfs_before_exec();                          \
	int ret = fn ? fn(__VA_ARGS__) : (errno = ENOSYS, -1);      \
	int saved = errno;                                          \
	if (had)                                                    \
		zs_sysfs_exec_failed();                             \
	errno = saved;                                              \
	return ret;                                                 \
} while (0)

ZM_EXPORT int execve(const char *path, char *const argv[], char *const envp[])
{
	AROUND_EXEC(libc_execve, path, argv, envp);
}

ZM_EXPORT int execvpe(const char *file, char *const argv[], char *const envp[])
{
	AROUND_EXEC(libc_execvpe, file, argv, envp);
}

ZM_EXPORT int execv(const char *path, char *const argv[])
{
	AROUND_EXEC(libc_execv, path, argv);
}

ZM_EXPORT int execvp(const char *file, char *const argv[])
{
	AROUND_EXEC(libc_execvp, file, argv);
}

ZM_EXPORT int fexecve(int fd, char *const argv[], char *const envp[])
{
	AROUND_EXEC(libc_fexecve, fd, argv, envp);
}

ZM_EXPORT int execveat(int dirfd, const char *path, char *const argv[],
		       char *const envp[], int flags)
{
	AROUND_EXEC(libc_execveat, dirfd, path, argv, envp, flags);
}

/* execl(), execlp(), execle(): their arguments as an argv, at most 4096. */
#define LIST_MAX 4096

static int list_args(const char *arg0, va_list ap, char **argv)
{
	int n = 0;

	argv[n++] = (char *)arg0;
	while (argv[n - 1]) {
		if (n == LIST_MAX) {
			errno = E2BIG;
			return -1;
		}
		argv[n++] = va_arg(ap, char *);
	}
	return n;
}

ZM_EXPORT int execl(const char *path, const char *arg, ...)
{
	char *argv[LIST_MAX];
	va_list ap;
	int n;

	va_start(ap, arg);
	n = list_args(arg, ap, argv);
	va_end(ap);
	return n < 0 ? -1 : execv(path, argv);
}

ZM_EXPORT int execlp(const char *file, const char *arg, ...)
{
	char *argv[LIST_MAX];
	va_list ap;
	int n;

	va_start(ap, arg);
	n = list_args(arg, ap, argv);
	va_end(ap);
	return n < 0 ? -1 : execvp(file, argv);
}

ZM_EXPORT int execle(const char *path, const char *arg, ...)
{
	char *argv[LIST_MAX], **envp;
	va_list ap;
	int n;

	va_start(ap, arg);
	n = list_args(arg, ap, argv);
	envp = n < 0 ? NULL : va_arg(ap, char **);
	va_end(ap);
	return n < 0 ? -1 : execve(path, argv, envp);
}
