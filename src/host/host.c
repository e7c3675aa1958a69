/* SPDX-License-Identifier: MIT */
/*
 * host.c - Linux implementation of host.h.  See host.h for the contract.
 */
#include "host/host.h"

#include <dlfcn.h>

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define ZS_SANITIZED 1
#else
#define ZS_SANITIZED 0
#endif
#include <link.h>
#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <time.h>
#include <unistd.h>

extern char *program_invocation_short_name;

static void *map_anon(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

/* Map @align - page bytes more than asked, then trim both ends. */
void *zs_host_reserve_aligned(size_t size, size_t align)
{
	size_t slack = align > ZS_HOST_PAGE ? align - ZS_HOST_PAGE : 0;
	uintptr_t base, start;

	if (size + slack < size)
		return NULL;
	base = (uintptr_t)map_anon(size + slack);
	if (!base)
		return NULL;
	start = (base + align - 1) & ~(uintptr_t)(align - 1);
	if (start > base)
		munmap((void *)base, start - base);
	if (base + slack > start)
		munmap((void *)(start + size), base + slack - start);
	return (void *)start;
}

void *zs_host_reserve(size_t size)
{
	if (size < ZS_HOST_RESERVE_ALIGN)
		return map_anon(size);
	return zs_host_reserve_aligned(size, ZS_HOST_RESERVE_ALIGN);
}

void *zs_host_remap(void *addr, size_t old, size_t new)
{
	void *p = mremap(addr, old, new, MREMAP_MAYMOVE);
	return p == MAP_FAILED ? NULL : p;
}

/* The first field of /proc/self/statm (mapped pages), 0 if unreadable. */
static size_t vm_now(void)
{
	char buf[128];
	unsigned long long pages = 0;
	int fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);

	if (fd >= 0)
		close(fd);
	for (ssize_t i = 0; i < n && buf[i] >= '0' && buf[i] <= '9'; i++)
		pages = pages * 10 + (unsigned long long)(buf[i] - '0');
	return (size_t)pages * ZS_HOST_PAGE;
}

size_t zs_host_as_room(void)
{
	struct rlimit rl;
	size_t used;

	if (getrlimit(RLIMIT_AS, &rl) || rl.rlim_cur == RLIM_INFINITY)
		return SIZE_MAX;
	used = vm_now();
	return rl.rlim_cur > used ? (size_t)(rl.rlim_cur - used) : 0;
}

/* Read @path (at most @len - 1 bytes) into @buf; -1 when unreadable. */
static ssize_t read_small(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, len - 1);

	if (fd >= 0)
		close(fd);
	buf[n > 0 ? n : 0] = 0;
	return n;
}

/* The kB figure after "@key:" in /proc/meminfo, or -1. */
static long long meminfo_kb(const char *text, const char *key)
{
	const char *p = strstr(text, key);
	long long v = 0;

	if (!p)
		return -1;
	p += strlen(key);
	while (*p == ' ' || *p == ':')
		p++;
	while (*p >= '0' && *p <= '9')
		v = v * 10 + (*p++ - '0');
	return v;
}

/*
 * Overcommit mode 0's limit for one request: RAM plus swap, in bytes.
 * sysinfo() is a system call, and every big block asks: the figure is
 * kept for a second, and a request above it asks again (@fresh) before it
 * is refused, so a stale figure never refuses one.
 */
static size_t heuristic_limit(bool fresh)
{
	static _Atomic size_t limit;
	static _Atomic uint64_t read_ns;
	uint64_t now = zs_host_now_ns();
	struct sysinfo si;
	size_t v;

	if (!fresh && now - atomic_load_explicit(&read_ns, memory_order_relaxed) < 1000000000ull)
		return atomic_load_explicit(&limit, memory_order_relaxed);
	if (sysinfo(&si))
		return SIZE_MAX;
	v = ((size_t)si.totalram + si.totalswap) * si.mem_unit;
	atomic_store_explicit(&limit, v, memory_order_relaxed);
	atomic_store_explicit(&read_ns, now, memory_order_relaxed);
	return v;
}

/* -1: not read yet; else the overcommit mode, 0 when unreadable. */
static atomic_int overcommit_mode = -1;

bool zs_host_can_commit(size_t size)
{
	int mode = atomic_load_explicit(&overcommit_mode, memory_order_relaxed);
	char buf[4096];

	if (mode < 0) {
		mode = read_small("/proc/sys/vm/overcommit_memory", buf, 8) > 0 ? buf[0] - '0' : 0;
		if (mode < 0 || mode > 2)
			mode = 0;
		atomic_store_explicit(&overcommit_mode, mode, memory_order_relaxed);
	}
	if (mode == 1)
		return true;
	if (mode == 2) {
		long long limit, used;

		if (read_small("/proc/meminfo", buf, sizeof(buf)) <= 0)
			return true;
		limit = meminfo_kb(buf, "CommitLimit");
		used = meminfo_kb(buf, "Committed_AS");
		if (limit < 0 || used < 0)
			return true;
		return used < limit && size / 1024 <= (size_t)(limit - used);
	}
	return size <= heuristic_limit(false) || size <= heuristic_limit(true);
}

void *zs_host_reserve_shared(size_t size, int *fd)
{
	int f = memfd_create("zslab-ram", MFD_CLOEXEC);
	void *p;

	*fd = -1;
	if (f < 0)
		return NULL;
	if (ftruncate(f, (off_t)size)) {
		close(f);
		return NULL;
	}
	p = zs_host_reserve(size);
	if (p && zs_host_map_file(p, size, f, 0)) {
		munmap(p, size);
		p = NULL;
	}
	if (!p) {
		close(f);
		return NULL;
	}
	*fd = f;
	return p;
}

int zs_host_map_file(void *addr, size_t len, int fd, uint64_t off)
{
	void *p = mmap(addr, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED,
		       fd, (off_t)off);
	return p == MAP_FAILED ? -errno : 0;
}

void *zs_host_reserve_none(size_t size)
{
	void *p = mmap(NULL, size, PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

bool zs_host_clear_none(void *addr, size_t len)
{
	const int flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE;
	void *p;

	if (!len || mmap(addr, len, PROT_NONE, flags | MAP_FIXED, -1, 0) != MAP_FAILED)
		return true;
	/*
	 * At vm.max_map_count the host refuses every mmap(), even one that
	 * would merge mappings.  Unmapping whole mappings needs no split, so
	 * it works and lowers the count; then the range is taken back unless
	 * another mapping has been placed there meanwhile (a kernel before
	 * MAP_FIXED_NOREPLACE takes the address as a hint).
	 */
	munmap(addr, len);
	p = mmap(addr, len, PROT_NONE, flags | MAP_FIXED_NOREPLACE, -1, 0);
	if (p == addr)
		return true;
	if (p != MAP_FAILED)
		munmap(p, len);
	return false;
}

void zs_host_discard_file(void *addr, size_t size)
{
	if (size && madvise(addr, size, MADV_REMOVE))
		madvise(addr, size, MADV_DONTNEED);
}

void zs_host_close(int fd)
{
	if (fd >= 0)
		close(fd);
}

void zs_host_unmap(void *addr, size_t size)
{
	if (addr && size)
		munmap(addr, size);
}

bool zs_host_discard(void *addr, size_t size)
{
	return !size || madvise(addr, size, MADV_DONTNEED) == 0;
}

bool zs_host_mostly_resident(void *addr, size_t size, unsigned int samples)
{
	size_t pages = size / ZS_HOST_PAGE;

	for (unsigned int i = 0; i < samples && pages; i++) {
		size_t pg = (pages * (2 * i + 1)) / (2 * (size_t)samples);
		unsigned char in;
		if (mincore((char *)addr + pg * ZS_HOST_PAGE, ZS_HOST_PAGE, &in))
			return true;
		if (!(in & 1))
			return false;
	}
	return true;
}

/* getrandom() into @buf, or, with no entropy source, clock and address bits. */
static void fill_random(void *buf, size_t len)
{
	unsigned char *p = buf;

	while (len) {
		ssize_t n = getrandom(p, len, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			/* No entropy source: fall back to clock and address bits. */
			uint64_t x = zs_host_now_ns() ^ (uintptr_t)p ^ 0x9e3779b97f4a7c15ull;
			while (len) {
				x ^= x << 13; x ^= x >> 7; x ^= x << 17;
				*p++ = (unsigned char)x;
				len--;
			}
			return;
		}
		p += n;
		len -= (size_t)n;
	}
}

/*
 * zs_host_random()'s pool: getrandom() bytes drawn RANDOM_POOL at a time,
 * each handed out once and wiped.  Every cache takes 8 bytes for its
 * free pointer secret: drawn one by one, the 80-odd caches of a preloaded
 * process's first malloc made 85 getrandom() calls, 39 % of its system
 * calls.  A forked child discards the pool, so that parent and child
 * never hand out the same bytes.
 */
#define RANDOM_POOL 256
static unsigned char random_pool[RANDOM_POOL];
static size_t random_left;
static pthread_mutex_t random_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t random_once = PTHREAD_ONCE_INIT;

static void random_forked(void)
{
	pthread_mutex_init(&random_lock, NULL);
	explicit_bzero(random_pool, sizeof(random_pool));
	random_left = 0;
}

static void random_register(void)
{
	pthread_atfork(NULL, NULL, random_forked);
}

void zs_host_random(void *buf, size_t len)
{
	unsigned char *from;

	if (len > RANDOM_POOL / 4) {
		fill_random(buf, len);
		return;
	}
	pthread_once(&random_once, random_register);
	pthread_mutex_lock(&random_lock);
	if (random_left < len) {
		fill_random(random_pool, RANDOM_POOL);
		random_left = RANDOM_POOL;
	}
	from = random_pool + RANDOM_POOL - random_left;
	memcpy(buf, from, len);
	explicit_bzero(from, len);
	random_left -= len;
	pthread_mutex_unlock(&random_lock);
}

uint64_t zs_host_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

void zs_host_relax(void)
{
	sched_yield();
}

/* The second field of /proc/self/statm (resident pages), 0 if unreadable. */
static size_t rss_now(void)
{
	char buf[128];
	unsigned long long pages = 0;
	int fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);
	const char *p = buf;

	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return 0;
	buf[n] = 0;
	while (*p && *p != ' ')
		p++;
	while (*p == ' ')
		p++;
	while (*p >= '0' && *p <= '9')
		pages = pages * 10 + (unsigned long long)(*p++ - '0');
	return (size_t)pages * (size_t)sysconf(_SC_PAGESIZE);
}

/* The kernel updates ru_maxrss lazily: the peak is at least the present. */
void zs_host_rss(size_t *now, size_t *peak)
{
	struct rusage ru;
	size_t cur = rss_now(), max;

	if (now)
		*now = cur;
	if (peak) {
		max = getrusage(RUSAGE_SELF, &ru) ? 0 : (size_t)ru.ru_maxrss * 1024;
		*peak = max > cur ? max : cur;
	}
}

unsigned int zs_host_ncpus(void)
{
	cpu_set_t set;

	if (sched_getaffinity(0, sizeof(set), &set) == 0) {
		int n = CPU_COUNT(&set);
		if (n > 0)
			return (unsigned int)n;
	}
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (unsigned int)n : 1;
}

/*
 * The thread id, cached per thread (slub_debug's tracks ask at every
 * allocation): a child's fork handler bumps fork_gen, so the thread that
 * forked asks the kernel again in the child.
 */
static atomic_uint fork_gen = 1;
static __thread int tl_tid;
static __thread unsigned int tl_tid_gen;
static pthread_once_t tid_once = PTHREAD_ONCE_INIT;

static void tid_forked(void)
{
	atomic_fetch_add(&fork_gen, 1);
}

static void tid_register(void)
{
	pthread_atfork(NULL, NULL, tid_forked);
}

int zs_host_pid(void)
{
	unsigned int gen = atomic_load_explicit(&fork_gen, memory_order_relaxed);

	if (__builtin_expect(tl_tid_gen != gen, 0)) {
		pthread_once(&tid_once, tid_register);
		tl_tid = (int)syscall(SYS_gettid);
		tl_tid_gen = gen;
	}
	return tl_tid;
}

int zs_host_getpid(void)
{
	return (int)getpid();
}

const char *zs_host_comm(void)
{
	return program_invocation_short_name ? program_invocation_short_name : "?";
}

/*
 * libunwind's unw_backtrace(), where libunwind.so.8 (Debian: libunwind8)
 * can be opened: it caches what it learns about each return address, so
 * a backtrace costs ~0.1-0.2 us instead of the ~2 us of glibc's
 * backtrace() (slub_debug=U takes one at every allocation and free).
 * Opened at the first backtrace with dlopen(), as glibc's backtrace()
 * opens libgcc_s itself; never closed; glibc's backtrace() where it is
 * missing, while another thread opens it, and in sanitizer builds.  0: not tried, 1: loading,
 * 2: loaded, 3: not available.
 */
static int (*unw_backtrace_fn)(void **buf, int size);
static atomic_int unw_state;

static int fast_backtrace(void **buf, int size)
{
	int st = atomic_load_explicit(&unw_state, memory_order_acquire);

	if (st == 0 && atomic_compare_exchange_strong(&unw_state, &st, 1)) {
		/* not beside a sanitizer runtime: libunwind's thread-exit
		 * destructor runs after TSan has torn the thread down */
		void *h = ZS_SANITIZED ? NULL : dlopen("libunwind.so.8", RTLD_NOW | RTLD_LOCAL);
		void *fn = h ? dlsym(h, "unw_backtrace") : NULL;
		memcpy(&unw_backtrace_fn, &fn, sizeof(fn));
		st = fn ? 2 : 3;
		atomic_store_explicit(&unw_state, st, memory_order_release);
	}
	return st == 2 ? unw_backtrace_fn(buf, size) : backtrace(buf, size);
}

int zs_host_backtrace(void **pcs, int max, int skip)
{
	void *buf[64];
	int want = max + skip + 1 < 64 ? max + skip + 1 : 64;
	int n = fast_backtrace(buf, want);
	int out = 0;

	for (int i = skip + 1; i < n && out < max; i++)
		pcs[out++] = buf[i];
	return out;
}

struct code_range {
	uintptr_t pc, lo, hi;
	int found;
};

static int find_code(struct dl_phdr_info *info, size_t size, void *arg)
{
	struct code_range *r = arg;

	(void)size;
	for (unsigned int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		uintptr_t lo = info->dlpi_addr + ph->p_vaddr;
		if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X) ||
		    r->pc < lo || r->pc >= lo + ph->p_memsz)
			continue;
		r->lo = lo;
		r->hi = lo + ph->p_memsz;
		/* the main program is the object without a name */
		r->found = info->dlpi_name && info->dlpi_name[0] ? 1 : 0;
		return 1;
	}
	return 0;
}

int zs_host_code_range(const void *fn, uintptr_t *lo, uintptr_t *hi)
{
	struct code_range r = { (uintptr_t)fn, 0, 0, -1 };

	dl_iterate_phdr(find_code, &r);
	*lo = r.lo;
	*hi = r.hi;
	return r.found;
}

void zs_host_symbolize(const void *pc, char *buf, size_t len)
{
	Dl_info info;

	if (dladdr(pc, &info) && info.dli_sname) {
		uintptr_t off = (uintptr_t)pc - (uintptr_t)info.dli_saddr;
		snprintf(buf, len, "%s+0x%lx", info.dli_sname, (unsigned long)off);
	} else if (info.dli_fname) {
		const char *base = strrchr(info.dli_fname, '/');
		snprintf(buf, len, "%p (%s)", pc, base ? base + 1 : info.dli_fname);
	} else {
		snprintf(buf, len, "%p", pc);
	}
}

/* The copy of descriptor 2 made by zs_host_keep_err(), or -1. */
static _Atomic int err_spare = -1;

void zs_host_keep_err(void)
{
	int expect = -1, fd;

	if (atomic_load(&err_spare) >= 0)
		return;
	fd = fcntl(2, F_DUPFD_CLOEXEC, 512);
	if (fd >= 0 && !atomic_compare_exchange_strong(&err_spare, &expect, fd))
		close(fd);
}

void zs_host_write_err(const char *s, size_t len)
{
	int fd = 2;

	while (len) {
		ssize_t n = write(fd, s, len);
		if (n <= 0) {
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0 && errno == EBADF && fd == 2 &&
			    atomic_load(&err_spare) >= 0) {
				fd = atomic_load(&err_spare);
				continue;
			}
			return;
		}
		s += n;
		len -= (size_t)n;
	}
}

const char *zs_host_getenv(const char *name)
{
	return getenv(name);
}

void zs_host_abort(void)
{
	abort();
}

/* Thread-exit hooks: one pthread key, a small table of hooks per thread. */
struct exit_hooks {
	void (*fn[ZS_HOST_EXIT_SLOTS])(void *);
	void *arg[ZS_HOST_EXIT_SLOTS];
};

static pthread_key_t exit_key;
static pthread_once_t exit_once = PTHREAD_ONCE_INIT;
static __thread struct exit_hooks thread_hooks;

/* Higher slots belong to higher layers: they run first (slab before pages). */
static void run_exit_hooks(void *p)
{
	struct exit_hooks *h = p;

	for (unsigned int i = ZS_HOST_EXIT_SLOTS; i-- > 0;) {
		void (*fn)(void *) = h->fn[i];
		if (fn) {
			h->fn[i] = NULL;
			fn(h->arg[i]);
		}
	}
}

static void exit_key_init(void)
{
	pthread_key_create(&exit_key, run_exit_hooks);
}

int zs_host_thread_exit_hook(unsigned int slot, void (*fn)(void *), void *arg)
{
	if (slot >= ZS_HOST_EXIT_SLOTS)
		return -EINVAL;
	pthread_once(&exit_once, exit_key_init);
	thread_hooks.fn[slot] = fn;
	thread_hooks.arg[slot] = arg;
	return -pthread_setspecific(exit_key, &thread_hooks);
}

static pthread_once_t atfork_once = PTHREAD_ONCE_INIT;
static void (*atfork_fns[3])(void);

static void register_atfork(void)
{
	pthread_atfork(atfork_fns[0], atfork_fns[1], atfork_fns[2]);
}

void zs_host_atfork(void (*prepare)(void), void (*parent)(void),
		    void (*child)(void))
{
	if (!atfork_fns[0]) {
		atfork_fns[0] = prepare;
		atfork_fns[1] = parent;
		atfork_fns[2] = child;
	}
	pthread_once(&atfork_once, register_atfork);
}
