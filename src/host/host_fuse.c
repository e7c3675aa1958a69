/* SPDX-License-Identifier: MIT */
/*
 * host_fuse.c - host_fuse.h with libfuse3's high-level API.
 *
 * libfuse3 is not linked: zslab needs only libc and pthreads.  Its
 * headers are needed to build this file; the library itself is opened
 * with dlopen() at the first mount and its few functions are taken by
 * name and symbol version into `lib` (all or none).  It stays loaded for
 * the life of the process, as the server thread and the exit-time
 * unmount run its code.  A missing library fails the mount with
 * -ELIBACC and dlerror()'s words; nothing else has been touched then.
 *
 * The server is one thread running fuse_loop() with every signal blocked,
 * so SIGINT/SIGTERM reach the program's threads and our handler.
 *
 * Unmounting (zs_host_fuse_unmount, atexit, signals): detach the mount
 * first (umount2(MNT_DETACH) as root, else `fusermount3 -u -q -z`), which
 * ends the connection and makes the server's read fail with ENODEV, so
 * fuse_loop() returns; then join the thread and free the session.  The
 * signal handler only detaches (umount2 and posix_spawn + waitpid) before
 * handing the signal on: the process is about to end.
 *
 * Locks: mount_lock serialises loading, mount and unmount; done_lock
 * guards the server's "fuse_loop() returned" flag.  Their place in the
 * library's order: common/lock_rank.h (host locks, not checked).
 * Neither is taken in the signal handler, which reads only `mounted`,
 * `owner` and `mnt`, all set before `mounted` is published.  The server
 * thread's requests take the tree's own locks (sysfs_live.c), never these.
 */
#include "host/host_fuse.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#ifdef ZSLAB_HAVE_FUSE

#define FUSE_USE_VERSION 31
#include <dlfcn.h>
#include <fcntl.h>
#include <fuse.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

/* --- libfuse3, opened at run time ---------------------------------------- */

#define FUSE_SONAME "libfuse3.so.3"

/* The functions used; every one is set, or `lib_handle` is NULL. */
struct fuse_lib {
	struct fuse *(*new)(struct fuse_args *args, const struct fuse_operations *op,
			    size_t op_size, void *data);
	int (*mount)(struct fuse *f, const char *dir);
	void (*unmount)(struct fuse *f);
	void (*destroy)(struct fuse *f);
	int (*loop)(struct fuse *f);
	void (*exit)(struct fuse *f);
	void (*opt_free_args)(struct fuse_args *args);
};

/*
 * Name and version of each, as libfuse3.so.3 exports them; `plain` is the
 * name in a libfuse3 built without symbol versions (fuse.h says which).
 */
static const struct fuse_sym {
	const char *name, *version, *plain;
	size_t off;
} fuse_syms[] = {
	{ "fuse_new", "FUSE_3.1", "fuse_new_31", offsetof(struct fuse_lib, new) },
	{ "fuse_mount", "FUSE_3.0", "fuse_mount", offsetof(struct fuse_lib, mount) },
	{ "fuse_unmount", "FUSE_3.0", "fuse_unmount", offsetof(struct fuse_lib, unmount) },
	{ "fuse_destroy", "FUSE_3.0", "fuse_destroy", offsetof(struct fuse_lib, destroy) },
	{ "fuse_loop", "FUSE_3.0", "fuse_loop", offsetof(struct fuse_lib, loop) },
	{ "fuse_exit", "FUSE_3.0", "fuse_exit", offsetof(struct fuse_lib, exit) },
	{ "fuse_opt_free_args", "FUSE_3.0", "fuse_opt_free_args",
	  offsetof(struct fuse_lib, opt_free_args) },
};

static struct fuse_lib lib;
static void *lib_handle;
static const char *lib_soname = FUSE_SONAME;

static const struct zs_vfs_ops *vfs;
static struct fuse *fs;
static pthread_t server;
static char mnt[PATH_MAX];
static pid_t owner;
static atomic_int mounted;
static pthread_mutex_t mount_lock = PTHREAD_MUTEX_INITIALIZER;
static struct sigaction old_int, old_term;
static bool have_old_int, have_old_term, atexit_done;
static time_t mount_time;
/* The server thread says when fuse_loop() has returned. */
static pthread_mutex_t done_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t done_cond = PTHREAD_COND_INITIALIZER;
static bool server_done;

/* --- the FUSE operations ------------------------------------------------ */

static int fs_getattr(const char *path, struct stat *st, struct fuse_file_info *fi)
{
	enum zs_vfs_type type;
	unsigned int mode;
	size_t size;
	int err = vfs->stat(path, &type, &mode, &size);

	(void)fi;
	if (err)
		return err;
	memset(st, 0, sizeof(*st));
	st->st_mode = (mode_t)mode | (type == ZS_VFS_DIR ? S_IFDIR :
				      type == ZS_VFS_LINK ? S_IFLNK : S_IFREG);
	st->st_nlink = type == ZS_VFS_DIR ? 2 : 1;
	st->st_size = (off_t)size;
	st->st_uid = getuid();
	st->st_gid = getgid();
	st->st_atime = st->st_mtime = st->st_ctime = mount_time;
	return 0;
}

struct fill_ctx {
	void *buf;
	fuse_fill_dir_t filler;
};

/* One entry, with its file type: readdir(3) callers see it in d_type
 * (the kernel's slabinfo stops at an entry of unknown type). */
static int fill_one(void *arg, const char *name, enum zs_vfs_type type)
{
	struct fill_ctx *c = arg;
	struct stat st;

	memset(&st, 0, sizeof(st));
	st.st_mode = type == ZS_VFS_DIR ? S_IFDIR : type == ZS_VFS_LINK ? S_IFLNK : S_IFREG;
	return c->filler(c->buf, name, &st, 0, 0) ? -ENOMEM : 0;
}

static int fs_readdir(const char *path, void *buf, fuse_fill_dir_t filler,
		      off_t off, struct fuse_file_info *fi,
		      enum fuse_readdir_flags flags)
{
	struct fill_ctx c = { buf, filler };

	(void)off, (void)fi, (void)flags;
	fill_one(&c, ".", ZS_VFS_DIR);
	fill_one(&c, "..", ZS_VFS_DIR);
	return vfs->readdir(path, fill_one, &c);
}

static int fs_readlink(const char *path, char *buf, size_t len)
{
	return vfs->readlink(path, buf, len);
}

static int fs_open(const char *path, struct fuse_file_info *fi)
{
	fi->direct_io = 1;   /* sizes are not known in advance */
	return vfs->open(path, (fi->flags & O_ACCMODE) != O_RDONLY);
}

static int fs_read(const char *path, char *out, size_t size, off_t off,
		   struct fuse_file_info *fi)
{
	char *buf = NULL;
	size_t len = 0;
	int err = vfs->read(path, &buf, &len);

	(void)fi;
	if (err)
		return err;
	if ((size_t)off >= len)
		size = 0;
	else if (size > len - (size_t)off)
		size = len - (size_t)off;
	if (size)
		memcpy(out, buf + off, size);
	free(buf);
	return (int)size;
}

static int fs_write(const char *path, const char *buf, size_t size, off_t off,
		    struct fuse_file_info *fi)
{
	(void)off, (void)fi;
	return (int)vfs->write(path, buf, size);
}

/* `echo 1 > file` truncates first; sysfs ignores that, and so do we. */
static int fs_truncate(const char *path, off_t size, struct fuse_file_info *fi)
{
	(void)size, (void)fi;
	return vfs->open(path, true);
}

static void *fs_init(struct fuse_conn_info *conn, struct fuse_config *cfg)
{
	(void)conn;
	cfg->entry_timeout = 0;   /* caches come and go: always ask */
	cfg->attr_timeout = 0;
	cfg->negative_timeout = 0;
	cfg->direct_io = 1;
	return NULL;
}

static const struct fuse_operations fs_ops = {
	.getattr = fs_getattr,
	.readlink = fs_readlink,
	.open = fs_open,
	.read = fs_read,
	.write = fs_write,
	.truncate = fs_truncate,
	.readdir = fs_readdir,
	.init = fs_init,
};

/* --- detaching the mount (also from a signal handler) ------------------- */

static void detach_mount(void)
{
	static char *const paths[] = { "/usr/bin/fusermount3", "/bin/fusermount3" };
	pid_t pid;
	int status;

	if (geteuid() == 0) {
		umount2(mnt, MNT_DETACH);
		return;
	}
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		char *argv[] = { paths[i], "-u", "-q", "-z", "--", mnt, NULL };
		if (access(paths[i], X_OK))
			continue;
		if (!posix_spawn(&pid, paths[i], NULL, NULL, argv, environ))
			while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
				;
		return;
	}
}

static void on_signal(int sig, siginfo_t *info, void *uc)
{
	const struct sigaction *old = sig == SIGINT ? &old_int : &old_term;
	int saved = errno;

	if (atomic_load(&mounted) && getpid() == owner)
		detach_mount();
	errno = saved;
	if (old->sa_flags & SA_SIGINFO) {
		old->sa_sigaction(sig, info, uc);
	} else if (old->sa_handler == SIG_DFL) {
		sigaction(sig, old, NULL);
		raise(sig);   /* delivered when this handler returns */
	} else if (old->sa_handler != SIG_IGN) {
		old->sa_handler(sig);
	}
}

/* Catch @sig unless the program ignores it; remember what was there. */
static void hook_signal(int sig, struct sigaction *old, bool *have)
{
	struct sigaction sa;

	if (*have)
		return;
	if (sigaction(sig, NULL, old) || (!(old->sa_flags & SA_SIGINFO) &&
					  old->sa_handler == SIG_IGN))
		return;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_signal;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigemptyset(&sa.sa_mask);
	if (!sigaction(sig, &sa, NULL))
		*have = true;
}

/* Give the signals back to the program's own handlers. */
static void unhook_signals(void)
{
	if (have_old_int)
		sigaction(SIGINT, &old_int, NULL);
	if (have_old_term)
		sigaction(SIGTERM, &old_term, NULL);
	have_old_int = have_old_term = false;
}

/* --- mount and unmount --------------------------------------------------- */

static void *serve(void *arg)
{
	(void)arg;
	lib.loop(fs);
	pthread_mutex_lock(&done_lock);
	server_done = true;
	pthread_cond_signal(&done_cond);
	pthread_mutex_unlock(&done_lock);
	return NULL;
}

/* Wait up to @sec seconds for the server to stop; true when it has. */
static bool wait_server(int sec)
{
	struct timespec deadline;
	bool done;

	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += sec;
	pthread_mutex_lock(&done_lock);
	while (!server_done &&
	       pthread_cond_timedwait(&done_cond, &done_lock, &deadline) != ETIMEDOUT)
		;
	done = server_done;
	pthread_mutex_unlock(&done_lock);
	return done;
}

static void at_exit_unmount(void)
{
	zs_host_fuse_unmount();
}

/* Start the server thread with every signal blocked. */
static int start_server(void)
{
	sigset_t all, old;
	int err;

	server_done = false;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	err = pthread_create(&server, NULL, serve, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return -err;
}

/* --- loading libfuse3 ---------------------------------------------------- */

/* Say why into @why (@len bytes) when the caller asked. */
__attribute__((format(printf, 3, 4)))
static void say(char *why, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (!why || !len)
		return;
	va_start(ap, fmt);
	vsnprintf(why, len, fmt, ap);
	va_end(ap);
}

/* Take every symbol of fuse_syms from @h into @out; -ELIBBAD if one lacks. */
static int take_symbols(void *h, struct fuse_lib *out, char *why, size_t len)
{
	for (size_t i = 0; i < sizeof(fuse_syms) / sizeof(fuse_syms[0]); i++) {
		const struct fuse_sym *s = &fuse_syms[i];
		void *p = dlvsym(h, s->name, s->version);
		char err[256];

		if (!p) {
			const char *e = dlerror();

			snprintf(err, sizeof(err), "%s", e ? e : "no such symbol");
			p = dlsym(h, s->plain);
			if (!p) {
				say(why, len, "%s lacks %s: %s", lib_soname, s->name, err);
				return -ELIBBAD;
			}
		}
		memcpy((char *)out + s->off, &p, sizeof(p));
	}
	return 0;
}

static int load_locked(char *why, size_t len)
{
	struct fuse_lib got;
	void *h;
	int err;

	if (lib_handle)
		return 0;
	h = dlopen(lib_soname, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		const char *e = dlerror();

		say(why, len, "%s not found: %s (Debian: apt install libfuse3-3 fuse3)",
		    lib_soname, e ? e : "dlopen failed");
		return -ELIBACC;
	}
	err = take_symbols(h, &got, why, len);
	if (err) {
		dlclose(h);
		return err;
	}
	lib = got;
	lib_handle = h;
	return 0;
}

int zs_host_fuse_load(char *why, size_t len)
{
	int err;

	pthread_mutex_lock(&mount_lock);
	err = load_locked(why, len);
	pthread_mutex_unlock(&mount_lock);
	return err;
}

void zs_host_fuse_set_soname(const char *soname)
{
	pthread_mutex_lock(&mount_lock);
	if (!lib_handle)
		lib_soname = soname ? soname : FUSE_SONAME;
	pthread_mutex_unlock(&mount_lock);
}

static int mount_locked(const char *dir)
{
	char *argv[] = { "zslab", "-o", "fsname=zslab,subtype=zslab", NULL };
	struct fuse_args args = FUSE_ARGS_INIT(3, argv);
	struct stat st;
	int err;

	err = load_locked(NULL, 0);
	if (err)
		return err;
	if (stat(dir, &st))
		return -errno;   /* -ENOTCONN: a stale mount */
	if (!S_ISDIR(st.st_mode))
		return -ENOTDIR;
	if (strlen(dir) >= sizeof(mnt))
		return -ENAMETOOLONG;
	fs = lib.new(&args, &fs_ops, sizeof(fs_ops), NULL);
	lib.opt_free_args(&args);   /* fuse_new may have copied them */
	if (!fs)
		return -EINVAL;
	errno = 0;
	if (lib.mount(fs, dir)) {
		err = errno ? -errno : -EIO;
		lib.destroy(fs);
		fs = NULL;
		return err;
	}
	strcpy(mnt, dir);
	mount_time = time(NULL);
	err = start_server();
	if (err) {
		lib.unmount(fs);
		lib.destroy(fs);
		fs = NULL;
	}
	return err;
}

bool zs_host_fuse_available(void)
{
	return true;
}

int zs_host_fuse_mount(const char *dir, const struct zs_vfs_ops *ops)
{
	int err = -EBUSY;

	pthread_mutex_lock(&mount_lock);
	if (!atomic_load(&mounted) || owner != getpid()) {
		atomic_store(&mounted, 0);   /* a parent's mount is not ours */
		vfs = ops;
		err = mount_locked(dir);
	}
	if (!err) {
		owner = getpid();
		atomic_store(&mounted, 1);
		hook_signal(SIGINT, &old_int, &have_old_int);
		hook_signal(SIGTERM, &old_term, &have_old_term);
		if (!atexit_done)
			atexit_done = !atexit(at_exit_unmount);
	}
	pthread_mutex_unlock(&mount_lock);
	return err;
}

void zs_host_fuse_unmount(void)
{
	pthread_mutex_lock(&mount_lock);
	if (atomic_load(&mounted) && owner == getpid()) {
		unhook_signals();
		lib.exit(fs);
		detach_mount();
		if (!wait_server(5)) {
			pthread_detach(server);   /* still busy: leave it, never free under it */
		} else {
			pthread_join(server, NULL);
			lib.unmount(fs);
			lib.destroy(fs);
		}
		fs = NULL;
		atomic_store(&mounted, 0);
	}
	pthread_mutex_unlock(&mount_lock);
}

#else /* !ZSLAB_HAVE_FUSE */

bool zs_host_fuse_available(void)
{
	return false;
}

int zs_host_fuse_load(char *why, size_t len)
{
	if (why && len)
		snprintf(why, len, "this zslab was built without libfuse3");
	return -ENOSYS;
}

void zs_host_fuse_set_soname(const char *soname)
{
	(void)soname;
}

int zs_host_fuse_mount(const char *dir, const struct zs_vfs_ops *ops)
{
	(void)dir, (void)ops;
	return -ENOSYS;
}

void zs_host_fuse_unmount(void)
{
}

#endif
