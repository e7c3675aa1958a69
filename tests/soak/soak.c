/* SPDX-License-Identifier: MIT */
/*
 * soak.c - make soak: zslab under a long mixed load (misuse matrix S10,
 * issue 13).  The run is split into phases, one per fault injection
 * setting: none, then failslab and fail_page_alloc at every N-th
 * candidate for N in {1, 2, 3, 7, 100, 1000}, with the task filter so
 * that set-up and checking are never failed.  Each phase boots zslab
 * (with the live view at DIR-%p when FUSE can mount), creates the shared
 * caches (plain, SLAB_CACHE_DMA32, constructor, slub_debug FZPU) and runs
 * rounds.  In a round THREADS threads, created afresh, each:
 *   - allocate from the shared caches and kmalloc (every class, large),
 *     fill each block with a cookie, check it at free;
 *   - swap blocks through a shared transfer array, so blocks are freed by
 *     other threads than the one that allocated them;
 *   - bulk-allocate and bulk-free;
 *   - create, fill and destroy caches of their own while the others
 *     allocate from theirs;
 *   - shrink shared caches, read and write the live view (object counts,
 *     slabinfo, shrink, validate), and fork children that allocate, free
 *     and validate on their own.
 * After every round: kmem_cache_validate() of every shared cache and
 * zslab_validate() are 0, and no BUG or WARNING was reported.  At the end
 * of a phase everything is freed and destroyed and zslab_shrink_all()
 * brings the page counts back to the boot state (allocated - zslab).
 *
 * Usage: zslab-soak [--seconds N] [--threads N] [--seed N]
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zslab/zslab.h>

#define MAX_THREADS 64
#define LIVE 512
#define TRANSFER 1024
#define NSHARED 4

static const unsigned int injections[] = { 0, 1, 2, 3, 7, 100, 1000 };
#define NPHASES (sizeof(injections) / sizeof(injections[0]))

struct block {
	unsigned char *p;
	size_t size;
	int cache;       /* -1: kmalloc */
};

static struct kmem_cache *shared[NSHARED];
static const unsigned int shared_size[NSHARED] = { 72, 1024, 256, 150 };
static _Atomic(struct block *) transfer[TRANSFER];
static atomic_bool stop;
static atomic_ulong bad_reports, ops, frees_remote, bulks, churned, shrinks,
	view_reads, view_writes, forks, failures, corrupt;
static char view[256];
static bool have_view;
static unsigned int nthreads = 8;

static void hook(const char *text, void *arg)
{
	(void)arg;
	if (!strncmp(text, "BUG ", 4) || strstr(text, "WARNING") ||
	    strstr(text, "Bad page state")) {
		atomic_fetch_add(&bad_reports, 1);
		fprintf(stderr, "soak: report:\n%s", text);
	}
}

static uint64_t rnd(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static unsigned char cookie(const struct block *b)
{
	return (unsigned char)(((uintptr_t)b->p >> 4) ^ b->size ^ 0xa5);
}

static void ctor(void *p)
{
	memset(p, 0, 256);
}

/* --- blocks -------------------------------------------------------------- */

static struct block *block_new(uint64_t *rs)
{
	struct block *b = malloc(sizeof(*b));
	unsigned int k = (unsigned int)(rnd(rs) % 6);

	if (!b)
		return NULL;
	b->cache = k < NSHARED ? (int)k : -1;
	b->size = b->cache >= 0 ? shared_size[k] :
		  rnd(rs) % 16 ? 1 + rnd(rs) % 4096 : 8193 + rnd(rs) % 60000;
	b->p = b->cache >= 0 ? kmem_cache_alloc(shared[k], GFP_KERNEL | __GFP_NOWARN) :
			       kmalloc(b->size, GFP_KERNEL | __GFP_NOWARN);
	atomic_fetch_add(&ops, 1);
	if (!b->p) {
		atomic_fetch_add(&failures, 1);
		free(b);
		return NULL;
	}
	if (b->cache == 1 && virt_to_phys(b->p) + b->size > (4ull << 30))
		atomic_fetch_add(&corrupt, 1);   /* a DMA32 object above 4 GiB */
	memset(b->p, cookie(b), b->size);
	return b;
}

static void block_free(struct block *b)
{
	unsigned char c = cookie(b);

	for (size_t i = 0; i < b->size; i++)
		if (b->p[i] != c) {
			atomic_fetch_add(&corrupt, 1);
			fprintf(stderr, "soak: block %p (%zu bytes) byte %zu changed\n",
				(void *)b->p, b->size, i);
			break;
		}
	if (b->cache == 2)
		memset(b->p, 0, b->size);        /* constructed again */
	if (b->cache >= 0)
		kmem_cache_free(shared[b->cache], b->p);
	else
		kfree(b->p);
	atomic_fetch_add(&ops, 1);
	free(b);
}

/* --- the occasional operations ---------------------------------------- */

static void bulk_round(uint64_t *rs)
{
	void *objs[32];
	int c = (int)(rnd(rs) % NSHARED), n = (int)(rnd(rs) % 32) + 1;
	int got = kmem_cache_alloc_bulk(shared[c], GFP_KERNEL | __GFP_NOWARN, (size_t)n, objs);

	if (got != 0 && got != n)
		atomic_fetch_add(&corrupt, 1);   /* bulk is all or nothing */
	if (got)
		kmem_cache_free_bulk(shared[c], (size_t)got, objs);
	atomic_fetch_add(&bulks, 1);
}

static void churn_cache(uint64_t *rs, unsigned int tid)
{
	char name[48];
	unsigned int size = 16 + (unsigned int)(rnd(rs) % 3000);
	slab_flags_t flags = (rnd(rs) & 1) ? SLAB_CACHE_DMA32 : 0;
	struct kmem_cache *c;
	void *objs[24];
	int n = 0;

	snprintf(name, sizeof(name), "soak-churn-%u-%u", tid, size);
	c = kmem_cache_create(name, size, 0, flags, NULL);
	if (!c) {
		atomic_fetch_add(&failures, 1);
		return;
	}
	for (int i = 0; i < 24; i++) {
		objs[n] = kmem_cache_alloc(c, GFP_KERNEL | __GFP_NOWARN);
		if (objs[n])
			memset(objs[n++], 0x5c, size);
	}
	for (int i = 0; i < n; i++)
		kmem_cache_free(c, objs[i]);
	kmem_cache_destroy(c);
	atomic_fetch_add(&churned, 1);
}

static void read_file(const char *path)
{
	char buf[8192];
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return;
	while (read(fd, buf, sizeof(buf)) > 0)
		;
	close(fd);
	atomic_fetch_add(&view_reads, 1);
}

static void write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);

	if (fd < 0)
		return;
	if (write(fd, text, strlen(text)) > 0)
		atomic_fetch_add(&view_writes, 1);
	close(fd);
}

static void use_view(uint64_t *rs)
{
	static const char *const files[] = { "objects", "slabs", "partial", "total_objects",
					     "objects_partial", "order" };
	static const char *const caches[] = { "soak-plain", "soak-dma32", "soak-ctor",
					      "soak-debug", "kmalloc-64", "kmalloc-1k" };
	char path[512];

	if (!have_view)
		return;
	snprintf(path, sizeof(path), "%s-%d/sys/kernel/slab/%s/%s", view, (int)getpid(),
		 caches[rnd(rs) % 6], files[rnd(rs) % 6]);
	read_file(path);
	snprintf(path, sizeof(path), "%s-%d/proc/%s", view, (int)getpid(),
		 (rnd(rs) & 1) ? "slabinfo" : "buddyinfo");
	read_file(path);
	snprintf(path, sizeof(path), "%s-%d/sys/kernel/slab/%s/%s", view, (int)getpid(),
		 caches[rnd(rs) % 6], (rnd(rs) & 1) ? "shrink" : "validate");
	write_file(path, "1");
}

static void fork_child(uint64_t seed)
{
	pid_t pid = fork();
	int st;

	if (pid < 0)
		return;
	if (pid == 0) {
		uint64_t rs = seed;
		struct block *mine[64];
		int n = 0;
		for (int i = 0; i < 64; i++)
			if ((mine[n] = block_new(&rs)) != NULL)
				n++;
		for (int i = 0; i < n; i++)
			block_free(mine[i]);
		_exit(atomic_load(&corrupt) ? 1 : 0);
	}
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(st) || WEXITSTATUS(st))
		atomic_fetch_add(&corrupt, 1);
	atomic_fetch_add(&forks, 1);
}

/* --- a worker -------------------------------------------------------------- */

struct worker {
	pthread_t t;
	unsigned int tid;
	uint64_t seed;
	bool inject;
};

static void *work(void *arg)
{
	struct worker *w = arg;
	struct block *live[LIVE] = { 0 };
	uint64_t rs = w->seed;

	if (w->inject)
		zslab_make_it_fail(1);
	while (!atomic_load_explicit(&stop, memory_order_relaxed)) {
		unsigned int i = (unsigned int)(rnd(&rs) % LIVE), what = (unsigned int)(rnd(&rs) % 1000);
		if (what < 450) {
			if (!live[i])
				live[i] = block_new(&rs);
		} else if (what < 850) {
			if (live[i]) {
				block_free(live[i]);
				live[i] = NULL;
			}
		} else if (what < 960) {       /* to or from another thread */
			struct block *b = atomic_exchange(&transfer[rnd(&rs) % TRANSFER], live[i]);
			live[i] = b;
			if (b)
				atomic_fetch_add(&frees_remote, 1);
		} else if (what < 975) {
			bulk_round(&rs);
		} else if (what < 985) {
			churn_cache(&rs, w->tid);
		} else if (what < 990) {
			kmem_cache_shrink(shared[rnd(&rs) % NSHARED]);
			atomic_fetch_add(&shrinks, 1);
		} else if (what < 999) {
			use_view(&rs);
		} else if (w->tid == 0 && rnd(&rs) % 8 == 0) {
			fork_child(rnd(&rs));
		}
	}
	zslab_make_it_fail(0);
	for (int k = 0; k < LIVE; k++)
		if (live[k])
			block_free(live[k]);
	return NULL;
}

/* --- phases and rounds ----------------------------------------------------- */

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static unsigned long held_pages(void)
{
	unsigned long n = 0;

	zslab_shrink_all();
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		struct zslab_zone_info zi;
		if (!zslab_zone_get_info((enum zone_type)z, &zi))
			n += zi.allocated - zi.zslab;
	}
	return n;
}

static int check_round(const char *what, bool caches)
{
	long bad = zslab_validate();

	for (int c = 0; caches && c < NSHARED; c++)
		bad += kmem_cache_validate(shared[c]);
	if (bad || atomic_load(&bad_reports) || atomic_load(&corrupt)) {
		fprintf(stderr, "soak: %s: validate %ld, %lu BUG/WARNING reports, %lu corrupt\n",
			what, bad, atomic_load(&bad_reports), atomic_load(&corrupt));
		return 1;
	}
	return 0;
}

static void drain_transfer(void)
{
	for (int i = 0; i < TRANSFER; i++) {
		struct block *b = atomic_exchange(&transfer[i], NULL);
		if (b)
			block_free(b);
	}
}

static int phase(unsigned int n, double seconds, uint64_t *seed, unsigned long *rounds)
{
	static const char *const names[NSHARED] = { "soak-plain", "soak-dma32", "soak-ctor",
						    "soak-debug" };
	static const slab_flags_t flags[NSHARED] = { 0, SLAB_CACHE_DMA32, 0,
		SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER };
	struct worker w[MAX_THREADS];
	char cmd[512], faults[160] = "";
	unsigned long base;
	double end;
	int bad = 0;

	if (n)
		snprintf(faults, sizeof(faults),
			 "failslab=%u,100,0,-1 failslab_task_filter failslab_verbose=0 "
			 "fail_page_alloc=%u,100,0,-1 fail_page_alloc_task_filter fail_page_alloc_verbose=0",
			 n, n);
	snprintf(cmd, sizeof(cmd), "memmap=2G@0 memmap=2G@0x100000000 %s%s%s-%%p", faults,
		 have_view ? " slab_sysfs=" : "", have_view ? view : "");
	if (zslab_init(cmd)) {
		fprintf(stderr, "soak: cannot boot with '%s'\n", cmd);
		return 1;
	}
	base = held_pages();
	for (int c = 0; c < NSHARED; c++)
		if (!(shared[c] = kmem_cache_create(names[c], shared_size[c], c == 1 ? 1024 : 0,
						    flags[c], c == 2 ? ctor : NULL)))
			return 1;
	end = now() + seconds;
	do {
		atomic_store(&stop, false);
		for (unsigned int t = 0; t < nthreads; t++) {
			w[t] = (struct worker){ .tid = t, .seed = rnd(seed), .inject = n != 0 };
			if (pthread_create(&w[t].t, NULL, work, &w[t]))
				return 1;
		}
		usleep(400000);
		atomic_store(&stop, true);
		for (unsigned int t = 0; t < nthreads; t++)
			pthread_join(w[t].t, NULL);
		(*rounds)++;
		bad |= check_round(n ? "after a round with injection" : "after a round", true);
	} while (!bad && now() < end);
	drain_transfer();
	for (int c = 0; c < NSHARED; c++)
		kmem_cache_destroy(shared[c]);
	if (held_pages() != base) {
		fprintf(stderr, "soak: N=%u: %lu pages held after teardown, %lu at boot\n",
			n, held_pages(), base);
		bad = 1;
	}
	bad |= check_round("after teardown", false);
	zslab_exit();
	return bad;
}

static bool view_works(void)
{
	char opt[300];
	int ok;

	snprintf(opt, sizeof(opt), "slab_sysfs=%s-%%p", view);
	zslab_set_report_hook(NULL, NULL);
	ok = access("/dev/fuse", R_OK | W_OK) == 0 && zslab_init(opt) == 0;
	zslab_exit();
	return ok;
}

int main(int argc, char **argv)
{
	double seconds = 600;
	uint64_t seed = (uint64_t)time(NULL);
	unsigned long rounds = 0;
	int bad = 0;

	for (int i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--seconds"))
			seconds = atof(argv[i + 1]);
		else if (!strcmp(argv[i], "--threads"))
			nthreads = (unsigned int)atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--seed"))
			seed = strtoull(argv[i + 1], NULL, 0);
	}
	if (nthreads < 1 || nthreads > MAX_THREADS)
		nthreads = 8;
	snprintf(view, sizeof(view), "/tmp/zslab-soak-%d", (int)getpid());
	have_view = view_works();
	zslab_set_report_hook(hook, NULL);
	printf("soak: %u threads, %.0f s, seed %#llx, live view %s\n", nthreads, seconds,
	       (unsigned long long)seed, have_view ? "on" : "off (FUSE cannot mount here)");
	for (size_t p = 0; p < NPHASES && !bad; p++) {
		unsigned long before = atomic_load(&ops);
		bad = phase(injections[p], seconds / NPHASES, &seed, &rounds);
		char label[32] = "none";
		if (injections[p])
			snprintf(label, sizeof(label), "N=%u", injections[p]);
		printf("soak: injection %-7s %s: %lu operations\n", label,
		       bad ? "FAILED" : "survived", atomic_load(&ops) - before);
		fflush(stdout);
	}
	printf("soak: %lu rounds, %lu operations (%lu failed cleanly), %lu cross-thread hand-offs, "
	       "%lu bulk rounds, %lu caches created and destroyed, %lu shrinks, %lu view reads, "
	       "%lu view writes, %lu forks\n",
	       rounds, atomic_load(&ops), atomic_load(&failures), atomic_load(&frees_remote),
	       atomic_load(&bulks), atomic_load(&churned), atomic_load(&shrinks),
	       atomic_load(&view_reads), atomic_load(&view_writes), atomic_load(&forks));
	printf("soak: %s (seed %#llx)\n", bad ? "FAILED" : "passed", (unsigned long long)seed);
	return bad;
}
