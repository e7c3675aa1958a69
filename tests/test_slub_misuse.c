/* SPDX-License-Identifier: MIT */
/*
 * test_slub_misuse.c - the slab rows of spec misuse-matrix.md 3.1 under
 * slub_debug=FZPU, on kmalloc size classes, a DMA kmalloc cache, a named
 * SLAB_CACHE_DMA32 cache and a cache with a constructor.  Each case
 * checks the hook count, that the report names the cache and the object
 * ("BUG <cache> (Not tainted): <what>", "INFO: Object 0x<addr> @offset=")
 * and, with sentinels (H4) in the same cache, another cache, the DMA32
 * cache and a raw page block, that nothing unrelated changed and that a
 * validation afterwards is clean.
 */
#include "zt.h"

#include <signal.h>
#include <stdint.h>
#include <sys/wait.h>
#include <unistd.h>

#include "slab/slab.h"
#include "slab/slub_internal.h"

#define MAXREP 8
static char reps[MAXREP][16384];
static unsigned long nrep;

static void hook(const char *text, void *arg)
{
	(void)arg;
	if (nrep < MAXREP)
		snprintf(reps[nrep], sizeof(reps[0]), "%s", text);
	nrep++;
	if (getenv("ZT_VERBOSE"))
		fputs(text, stderr);
}

static void reset(void)
{
	nrep = 0;
	for (int i = 0; i < MAXREP; i++)
		reps[i][0] = 0;
}

/* --- sentinels ----------------------------------------------------------- */

static const uint64_t cookie = 0x5a17e11e0ddba11ull;

static void fill(void *p, size_t n, uint64_t seed)
{
	unsigned char *b = p;

	for (size_t i = 0; i < n; i++)
		b[i] = (unsigned char)((n - i) ^ (seed + cookie));
}

static bool verify(const void *p, size_t n, uint64_t seed)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++)
		if (b[i] != (unsigned char)((n - i) ^ (seed + cookie)))
			return false;
	return true;
}

struct sentinels {
	struct kmem_cache *s;
	void *same[2];          /* in the victim's cache */
	void *other;            /* kmalloc-128 or kmalloc-64 */
	void *dma32;            /* in the DMA32 cache */
	struct page *raw;       /* an order-1 page block */
};

static struct kmem_cache *dma32_cache, *ctor_cache;

static void sentinels_make(struct sentinels *t, struct kmem_cache *s)
{
	t->s = s;
	for (int i = 0; i < 2; i++) {
		t->same[i] = kmem_cache_alloc(s, GFP_KERNEL);
		REQUIRE(t->same[i]);
		fill(t->same[i], s->object_size, (uint64_t)i);
	}
	t->other = kmalloc(s->object_size == 128 ? 64 : 128, GFP_KERNEL);
	REQUIRE(t->other);
	fill(t->other, 64, 7);
	t->dma32 = kmem_cache_alloc(dma32_cache, GFP_KERNEL);
	REQUIRE(t->dma32);
	fill(t->dma32, 1024, 8);
	t->raw = alloc_pages(GFP_KERNEL, 1);
	REQUIRE(t->raw);
	fill(page_address(t->raw), 2 * 4096, 9);
}

static void sentinels_check(struct sentinels *t, const char *why)
{
	bool ok = verify(t->same[0], t->s->object_size, 0) &&
		  verify(t->same[1], t->s->object_size, 1) &&
		  verify(t->other, 64, 7) && verify(t->dma32, 1024, 8) &&
		  verify(page_address(t->raw), 2 * 4096, 9);

	if (!ok)
		fprintf(stderr, "sentinel changed: %s on %s\n", why, t->s->name);
	CHECK(ok);
	for (int i = 0; i < 2; i++)
		kmem_cache_free(t->s, t->same[i]);
	kfree(t->other);
	kmem_cache_free(dma32_cache, t->dma32);
	__free_pages(t->raw, 1);
}

/* --- report text ----------------------------------------------------------- */

static bool names(const char *rep, const struct kmem_cache *s, const char *what,
		  const void *obj)
{
	char head[256], objline[64];

	snprintf(head, sizeof(head), "BUG %s (Not tainted): %s", s->name, what);
	snprintf(objline, sizeof(objline), "0x%lx", (unsigned long)(uintptr_t)obj);
	if (strncmp(rep, head, strlen(head)) || !strstr(rep, objline)) {
		fprintf(stderr, "expected \"%s\" naming %s, got:\n%s", head, objline, rep);
		return false;
	}
	return true;
}

static bool has_object_line(const char *rep, const void *obj)
{
	char line[80];

	snprintf(line, sizeof(line), "INFO: Object 0x%lx @offset=", (unsigned long)(uintptr_t)obj);
	return strstr(rep, line) != NULL;
}

static bool fix_line(const char *rep, const struct kmem_cache *s, const char *what)
{
	char head[256];

	snprintf(head, sizeof(head), "FIX %s: %s", s->name, what);
	return !strncmp(rep, head, strlen(head));
}

/* after a misuse and its repair: clean again */
static void clean_after(struct kmem_cache *s)
{
	reset();
	CHECK_EQ(kmem_cache_validate(s), 0);
	CHECK_EQ(nrep, 0);
}

/* The cache hands out @n distinct objects (no object twice after a bad free). */
static bool distinct(struct kmem_cache *s, unsigned int n)
{
	void *p[64];
	bool ok = true;

	if (n > 64)
		n = 64;
	for (unsigned int i = 0; i < n; i++) {
		p[i] = kmem_cache_alloc(s, GFP_KERNEL);
		if (!p[i])
			return false;
		for (unsigned int j = 0; j < i; j++)
			ok &= p[i] != p[j];
	}
	for (unsigned int i = 0; i < n; i++)
		kmem_cache_free(s, p[i]);
	return ok;
}

/* --- the rows -------------------------------------------------------------- */

/* M1, M2: immediate and delayed double free */
static void m1_m2(struct kmem_cache *s, bool delayed)
{
	struct sentinels t;
	void *a, *b;

	sentinels_make(&t, s);
	a = kmem_cache_alloc(s, GFP_KERNEL);
	b = kmem_cache_alloc(s, GFP_KERNEL);
	REQUIRE(a && b);
	kmem_cache_free(s, a);
	if (delayed)
		kmem_cache_free(s, b);
	reset();
	kmem_cache_free(s, a);
	CHECK_EQ(nrep, 2);
	CHECK(names(reps[0], s, "Object already free", a));
	CHECK(has_object_line(reps[0], a));
	CHECK(fix_line(reps[1], s, "Object at 0x"));
	if (!delayed)
		kmem_cache_free(s, b);
	CHECK(distinct(s, 40));
	sentinels_check(&t, delayed ? "M2" : "M1");
	clean_after(s);
}

/* M4: interior pointer */
static void m4(struct kmem_cache *s)
{
	struct sentinels t;
	char *a;

	sentinels_make(&t, s);
	a = kmem_cache_alloc(s, GFP_KERNEL);
	REQUIRE(a);
	memset(a, 0x3c, s->object_size);
	reset();
	kmem_cache_free(s, a + 8);
	CHECK_EQ(nrep, 2);
	char what[64];
	snprintf(what, sizeof(what), "Invalid object pointer 0x%lx", (unsigned long)(uintptr_t)(a + 8));
	CHECK(names(reps[0], s, what, a + 8));
	CHECK(fix_line(reps[1], s, "Object at 0x"));
	clean_after(s);
	/* still allocated and unchanged: a real free works */
	for (unsigned int i = 0; i < s->object_size; i++)
		if ((unsigned char)a[i] != 0x3c) {
			CHECK(!"object changed by the bad free");
			break;
		}
	kmem_cache_free(s, a);
	clean_after(s);

	sentinels_check(&t, "M4");
	clean_after(s);
}

/* M7: free of a never-allocated slot of a live slab (a fresh cache) */
static void m7(slab_flags_t flags)
{
	struct kmem_cache *s = kmem_cache_create("misuse-M7", 200, 0, flags, NULL);
	char *a, *never;

	REQUIRE(s);
	a = kmem_cache_alloc(s, GFP_KERNEL);
	REQUIRE(a);
	/* any other slot of a's slab: only a was ever handed out */
	struct page *pg = zs_obj_slab(a);
	char *base = page_address(pg);
	size_t ia = (size_t)(a - base - s->red_left_pad) / s->size;
	never = base + ((ia + 1) % pg->objects) * s->size + s->red_left_pad;
	reset();
	kmem_cache_free(s, never);
	CHECK_EQ(nrep, 2);
	CHECK(names(reps[0], s, "Object already free", never));
	CHECK(has_object_line(reps[0], never));
	clean_after(s);
	CHECK(distinct(s, 30));
	kmem_cache_free(s, a);
	clean_after(s);
	kmem_cache_destroy(s);
}

/* M8, M9: right and left red zone, found by validate and restored */
static void m8_m9(struct kmem_cache *s)
{
	struct sentinels t;
	unsigned char *a;

	sentinels_make(&t, s);
	a = kmem_cache_alloc(s, GFP_KERNEL);
	REQUIRE(a);
	a[s->object_size] = 0x11;
	reset();
	CHECK_EQ(kmem_cache_validate(s), 2);
	CHECK(names(reps[0], s, "Right Redzone overwritten", a + s->object_size));
	CHECK(has_object_line(reps[0], a));
	CHECK(fix_line(reps[1], s, "Restoring Right Redzone"));
	clean_after(s);
	a[-1] = 0x22;
	reset();
	CHECK_EQ(kmem_cache_validate(s), 2);
	CHECK(names(reps[0], s, "Left Redzone overwritten", a - 1));
	clean_after(s);
	/* M8 through free: reported, restored, and (as the kernel) not freed */
	a[s->object_size] = 0x11;
	reset();
	kmem_cache_free(s, a);
	CHECK_EQ(nrep, 3);
	CHECK(names(reps[0], s, "Right Redzone overwritten", a + s->object_size));
	CHECK(fix_line(reps[2], s, "Object at 0x"));
	kmem_cache_free(s, a);   /* the object is intact again: now it frees */
	sentinels_check(&t, "M8/M9");
	clean_after(s);
}

/* M11: write after free, found by validate, then by the next alloc (F) */
static void m11(struct kmem_cache *s)
{
	struct sentinels t;
	unsigned char *a;

	if (!(s->flags & __OBJECT_POISON))
		return;   /* a ctor keeps its objects: no poison */
	sentinels_make(&t, s);
	a = kmem_cache_alloc(s, GFP_KERNEL);
	REQUIRE(a);
	kmem_cache_free(s, a);
	a[s->object_size / 2] = 0x42;
	reset();
	CHECK_EQ(kmem_cache_validate(s), 2);
	CHECK(names(reps[0], s, "Poison overwritten", a + s->object_size / 2));
	CHECK_EQ(a[s->object_size / 2], 0x6b);
	clean_after(s);
	sentinels_check(&t, "M11");
	clean_after(s);
}

/* M13: the slab tail after the last object */
static void m13(struct kmem_cache *s)
{
	void *a = kmem_cache_alloc(s, GFP_KERNEL);
	struct page *pg;
	size_t bytes;
	unsigned char *tail;

	REQUIRE(a);
	pg = zs_obj_slab(a);
	REQUIRE(pg);
	bytes = (size_t)4096 << pg->order;
	tail = (unsigned char *)page_address(pg) + bytes - 1;
	if (bytes % s->size == 0) {
		kmem_cache_free(s, a);
		return;
	}
	*tail = 0x00;
	reset();
	CHECK_EQ(kmem_cache_validate(s), 2);
	CHECK(!strncmp(reps[0], "BUG ", 4) && strstr(reps[0], "Padding overwritten. 0x"));
	CHECK(fix_line(reps[1], s, "Restoring slab padding"));
	CHECK_EQ(*tail, 0x5a);
	kmem_cache_free(s, a);
	clean_after(s);
}

/* M5: wrong cache, always: one WARN naming both; freed to the real cache */
static void m5(void)
{
	struct kmem_cache *a = kmem_cache_create("misuse-A", 48, 0, 0, NULL);
	void *o = kmalloc(64, GFP_KERNEL);

	REQUIRE(a && o);
	reset();
	kmem_cache_free(a, o);
	CHECK_EQ(nrep, 1);
	CHECK(strstr(reps[0], "Wrong slab cache. misuse-A but object is from kmalloc-64") != NULL);
	clean_after(zs_kmalloc_slab(64, GFP_KERNEL));
	kmem_cache_destroy(a);
}

/* The matrix's M6 text for @p in report @r. */
static bool outside_text(const char *r, const void *p)
{
	char want[96];

	snprintf(want, sizeof(want), "Attempt to free object(0x%lx) outside of slab",
		 (unsigned long)(uintptr_t)p);
	return strstr(r, want) != NULL;
}

/*
 * M6: a stack address, a static one and a page that is no slab: one
 * report each, in the matrix's words (for kmem_cache_free the BUG line
 * names the cache), nothing freed.
 */
static void m6(void)
{
	static char in_data[64];
	char local[64];
	struct kmem_cache *s = zs_kmalloc_slab(64, GFP_KERNEL);
	struct page *pg = alloc_pages(GFP_KERNEL, 0);
	void *raw = page_address(pg);
	void *bad[] = { local, in_data, raw };

	for (int i = 0; i < 3; i++) {
		char first[128];
		reset();
		kmem_cache_free(s, bad[i]);
		CHECK_EQ(nrep, 1);
		snprintf(first, sizeof(first), "BUG %s (Not tainted): ", s->name);
		CHECK(!strncmp(reps[0], first, strlen(first)));
		CHECK(outside_text(reps[0], bad[i]));
		reset();
		kfree((char *)bad[i] + 1);
		CHECK_EQ(nrep, 1);
		CHECK(outside_text(reps[0], (char *)bad[i] + 1));
	}
	__free_pages(pg, 0);
	clean_after(s);
}

/*
 * M11 at the next allocation (F): the poison fault is reported and
 * restored, the slab is quarantined ("Marking all objects used") and the
 * allocation is served from another slab.
 */
static void m11_alloc(void)
{
	struct kmem_cache *s = kmem_cache_create("misuse-M11", 128, 0,
		SLAB_CONSISTENCY_CHECKS | SLAB_POISON, NULL);
	unsigned char *a, *b;

	REQUIRE(s);
	a = kmem_cache_alloc(s, GFP_KERNEL);
	REQUIRE(a);
	kmem_cache_free(s, a);    /* a is the head of its slab's freelist */
	a[3] = 0x99;
	reset();
	b = kmem_cache_alloc(s, GFP_KERNEL);
	REQUIRE(b);
	CHECK(zs_obj_slab(b) != zs_obj_slab(a));
	CHECK_EQ(nrep, 3);
	CHECK(names(reps[0], s, "Poison overwritten", a + 3));
	CHECK(fix_line(reps[1], s, "Restoring Poison"));
	CHECK(fix_line(reps[2], s, "Marking all objects used"));
	clean_after(s);
	kmem_cache_free(s, b);
	clean_after(s);
	/* the quarantined slab's objects count as in use, as in the kernel */
	reset();
	kmem_cache_destroy(s);
	CHECK(nrep >= 1);
}

/* M21: A-A double free without F: caught by the hardened free path */
static void m21(void)
{
	struct kmem_cache *s = kmem_cache_create("misuse-M21", 64, 0, 0, NULL);
	void *a, *b;

	REQUIRE(s);
	a = kmem_cache_alloc(s, GFP_KERNEL);
	REQUIRE(a);
	kmem_cache_free(s, a);
	reset();
	kmem_cache_free(s, a);
	CHECK(nrep >= 1);
	CHECK(strstr(reps[0], "BUG misuse-M21 (Not tainted): Object already free") == reps[0]);
	a = kmem_cache_alloc(s, GFP_KERNEL);
	b = kmem_cache_alloc(s, GFP_KERNEL);
	CHECK(a && b && a != b);
	kmem_cache_free(s, a);
	kmem_cache_free(s, b);
	kmem_cache_destroy(s);
}

/*
 * H2: under panic_on_warn the BUG report is emitted (the hook sees it) and
 * the process aborts before any repair.  Run in a forked child.
 */
static int death_fd;
static void death_hook(const char *text, void *arg)
{
	(void)arg;
	if (write(death_fd, text, strlen(text)) < 0)
		_exit(3);
}

static void h2_death(void)
{
	int fds[2], status;
	char buf[4096];
	ssize_t n, got = 0;
	pid_t pid;

	REQUIRE(pipe(fds) == 0);
	pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0) {
		close(fds[0]);
		death_fd = fds[1];
		zslab_exit();
		zslab_set_report_hook(death_hook, NULL);
		if (zslab_init("panic_on_warn slub_debug=F,TestDoubleFree"))
			_exit(2);
		struct kmem_cache *s = kmem_cache_create("TestDoubleFree", 64, 0, 0, NULL);
		void *p = s ? kmem_cache_alloc(s, GFP_KERNEL) : NULL;
		if (!p)
			_exit(2);
		kmem_cache_free(s, p);
		kmem_cache_free(s, p);
		_exit(0);    /* not reached: the BUG aborts */
	}
	close(fds[1]);
	while ((n = read(fds[0], buf + got, sizeof(buf) - 1 - (size_t)got)) > 0)
		got += n;
	buf[got] = 0;
	close(fds[0]);
	REQUIRE(waitpid(pid, &status, 0) == pid);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
	CHECK(!strncmp(buf, "BUG TestDoubleFree (Not tainted): Object already free\n", 54));
	CHECK(strstr(buf, "INFO: Object 0x") && strstr(buf, "@offset="));
	CHECK(!strstr(buf, "FIX "));   /* aborted before repairing */
}

static void ctor(void *p)
{
	memset(p, 0x77, 96);
}

/* M10: kmalloc(n) then writes past n inside the object (kmalloc caches) */
static void m10(struct kmem_cache *s)
{
	struct sentinels t;
	unsigned char *a;
	size_t n;

	if (!(s->flags & SLAB_KMALLOC) || s->object_size < 16)
		return;
	n = s->object_size - 3;
	REQUIRE(zs_kmalloc_slab(n, (s->flags & SLAB_CACHE_DMA) ? GFP_DMA : 0) == s);
	sentinels_make(&t, s);
	a = kmalloc(n, GFP_KERNEL | ((s->flags & SLAB_CACHE_DMA) ? GFP_DMA : 0));
	REQUIRE(a);
	a[n] = 0x55;
	a[n + 1] = 0x55;
	reset();
	CHECK_EQ(kmem_cache_validate(s), 2);
	CHECK(names(reps[0], s, "kmalloc Redzone overwritten", a + n));
	CHECK(has_object_line(reps[0], a));
	CHECK(fix_line(reps[1], s, "Restoring kmalloc Redzone"));
	clean_after(s);
	kfree(a);
	sentinels_check(&t, "M10");
	clean_after(s);
}

/*
 * M12: corrupt the stored free pointer of a freed object, on an F,P cache
 * (as slub_kunit: red zones would make the written-off objects report as
 * well).  3 reports, then 2 once the word is restored, then 0.
 */
static void m12(slab_flags_t flags)
{
	struct kmem_cache *s = kmem_cache_create("misuse-M12", 96, 0, flags, NULL);
	struct sentinels t;
	unsigned char *a;
	uint64_t word;

	REQUIRE(s);
	CHECK_EQ(s->flags & (SLAB_RED_ZONE | SLAB_POISON | SLAB_CONSISTENCY_CHECKS),
		 SLAB_POISON | SLAB_CONSISTENCY_CHECKS);
	sentinels_make(&t, s);
	a = kmem_cache_alloc(s, GFP_KERNEL);
	REQUIRE(a);
	kmem_cache_free(s, a);    /* the head of its slab's freelist */
	REQUIRE(zs_obj_slab(a)->freelist == a);
	memcpy(&word, a + s->offset, sizeof(word));
	a[s->offset] ^= 0xff;
	reset();
	CHECK_EQ(kmem_cache_validate(s), 3);
	CHECK(names(reps[0], s, "Freechain corrupt", a));
	CHECK(has_object_line(reps[0], a));
	memcpy(a + s->offset, &word, sizeof(word));
	reset();
	CHECK_EQ(kmem_cache_validate(s), 2);
	clean_after(s);
	sentinels_check(&t, "M12");
	clean_after(s);
	kmem_cache_destroy(s);
}

static void run_all(struct kmem_cache *s)
{
	m1_m2(s, false);
	m1_m2(s, true);
	m4(s);
	m8_m9(s);
	m11(s);
	m13(s);
	m10(s);
}

int main(void)
{
	static const unsigned int sizes[] = { 8, 16, 32, 64, 96, 128, 192, 256,
					      512, 1024, 2048, 4096, 8192 };

	zslab_set_report_hook(hook, NULL);
	REQUIRE(zslab_init("slub_debug=FZPU;FP,misuse-M12 slab_freelist_random=1") == 0);
	dma32_cache = kmem_cache_create("io-pgtable_armv7s_l2", 1024, 1024,
					SLAB_CACHE_DMA32, NULL);
	ctor_cache = kmem_cache_create("misuse-ctor", 96, 0, 0, ctor);
	REQUIRE(dma32_cache && ctor_cache);
	CHECK(dma32_cache->flags & SLAB_CONSISTENCY_CHECKS);
	CHECK_EQ(dma32_cache->size, 3072);   /* the kernel's measurement */
	for (unsigned int i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		run_all(zs_kmalloc_slab(sizes[i], GFP_KERNEL));
	run_all(zs_kmalloc_slab(64, GFP_KERNEL | GFP_DMA));
	run_all(dma32_cache);
	run_all(ctor_cache);
	m5();
	m6();
	h2_death();
	m11_alloc();
	m21();
	m12(0);
	m12(SLAB_CACHE_DMA32);
	m12(SLAB_CACHE_DMA);
	m7(0);
	m7(SLAB_CACHE_DMA32);
	m7(SLAB_CACHE_DMA);
	kmem_cache_destroy(ctor_cache);
	kmem_cache_destroy(dma32_cache);
	CHECK_EQ(zslab_validate(), 0);
	zslab_exit();
	return zt_summary("test_slub_misuse");
}
