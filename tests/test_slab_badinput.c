/* SPDX-License-Identifier: MIT */
/*
 * test_slab_badinput.c - bad arguments are refused with one clear report:
 * kmem_cache_create() with a NULL or empty name, size 0 or above 4 MiB,
 * or unknown flags returns NULL (SLAB_PANIC aborts instead); what the
 * kernel lets through is not refused: a name with white space, an
 * alignment that is not a power of two (rounded as calculate_alignment()
 * does), DMA and DMA32 together (ZONE_DMA) each make the cache with one
 * warning; borderline good arguments are accepted silently, every named
 * SLAB_ flag among them, and so is an alignment above a page;
 * kmem_cache_free() on
 * the wrong cache reports both names and frees to the right cache; a
 * double free in a row is reported and does not corrupt anything.
 */
#include "zt.h"

#include <signal.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "slab/slab.h"

static char last[16384];
static unsigned long nreports;

static void keep_hook(const char *text, void *arg)
{
	(void)arg;
	nreports++;
	snprintf(last, sizeof(last), "%s", text);
	if (getenv("ZT_VERBOSE"))
		fputs(text, stderr);
}

static void reset(void)
{
	nreports = 0;
	last[0] = 0;
}

static unsigned long count_in(const char *text, const char *needle)
{
	unsigned long n = 0;

	for (const char *p = text; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

/* --- kmem_cache_create refusals --------------------------------------------- */

/* Does the report name the problem?  Any of the '|'-separated words. */
static bool names_problem(const char *text, const char *words)
{
	char buf[256], *save = NULL;

	snprintf(buf, sizeof(buf), "%s", words);
	for (char *w = strtok_r(buf, "|", &save); w; w = strtok_r(NULL, "|", &save))
		if (strstr(text, w))
			return true;
	return false;
}

static void refuse_line(const char *name, unsigned int size, unsigned int align,
			slab_flags_t flags, const char *words, int line)
{
	struct kmem_cache *s;

	reset();
	s = kmem_cache_create(name, size, align, flags, NULL);
	CHECK(s == NULL);
	CHECK_EQ(nreports, 1);
	CHECK(names_problem(last, words));
	if (s || nreports != 1 || !names_problem(last, words))
		fprintf(stderr, "line %d: create(%s, %u, %u, %#x): %s, %lu reports, last: %s",
			line, name ? name : "NULL", size, align, flags, s ? "made" : "NULL",
			nreports, last);
	if (s)
		kmem_cache_destroy(s);
}
#define REFUSE(n, sz, al, fl, words) refuse_line((n), (sz), (al), (fl), (words), __LINE__)

static void accept_line(const char *name, unsigned int size, unsigned int align,
			slab_flags_t flags, int line)
{
	struct kmem_cache *s;
	void *p;

	reset();
	s = kmem_cache_create(name, size, align, flags, NULL);
	CHECK(s != NULL);
	CHECK_EQ(nreports, 0);
	if (!s || nreports)
		fprintf(stderr, "line %d: create(%s, %u, %u, %#x) refused: %s", line,
			name, size, align, flags, last);
	if (!s)
		return;
	p = kmem_cache_alloc(s, GFP_KERNEL);
	CHECK(p != NULL);
	if (p) {
		memset(p, 0x66, size);
		if (align)
			CHECK_EQ((uintptr_t)p % align, 0);
		kmem_cache_free(s, p);
	}
	kmem_cache_destroy(s);
	CHECK_EQ(nreports, 0);
}
#define ACCEPT(n, sz, al, fl) accept_line((n), (sz), (al), (fl), __LINE__)

/* Made, with exactly one warning naming the oddity; objects @objalign-aligned. */
static void warn_line(const char *name, unsigned int size, unsigned int align,
		      slab_flags_t flags, const char *words, unsigned int objalign,
		      int line)
{
	struct kmem_cache *s;
	void *p = NULL;

	reset();
	s = kmem_cache_create(name, size, align, flags, NULL);
	CHECK(s != NULL);
	CHECK_EQ(nreports, 1);
	CHECK(names_problem(last, words));
	if (!s || nreports != 1 || !names_problem(last, words))
		fprintf(stderr, "line %d: create(%s, %u, %u, %#x): %s, %lu reports, last: %s",
			line, name, size, align, flags, s ? "made" : "NULL", nreports, last);
	if (s)
		p = kmem_cache_alloc(s, GFP_KERNEL);
	CHECK(!s || p != NULL);
	if (p) {
		memset(p, 0x66, size);
		CHECK_EQ((uintptr_t)p % objalign, 0);
		if (flags & SLAB_CACHE_DMA)
			CHECK(virt_to_phys(p) < (16ULL << 20));
		kmem_cache_free(s, p);
	}
	kmem_cache_destroy(s);
}
#define WARN_MADE(n, sz, al, fl, words, oa) \
	warn_line((n), (sz), (al), (fl), (words), (oa), __LINE__)

static void test_create_args(void)
{
	REFUSE(NULL, 64, 0, 0, "NULL|null");
	REFUSE("", 64, 0, 0, "empty");
	REFUSE("size-zero", 0, 0, 0, "size");
	REFUSE("size-huge", (4u << 20) + 1, 0, 0, "size");
	REFUSE("size-max", 0xffffffffu, 0, 0, "size");
	REFUSE("flag-unknown", 64, 0, 0x1, "flag");
	REFUSE("flag-internal", 64, 0, 0x40000000u, "flag");
	REFUSE("flag-top", 64, 0, 0x80000000u, "flag");

	/* The kernel only warns (WARN_ON(strchr(name, ' '))) or rounds. */
	WARN_MADE("has space", 64, 0, 0, "white space", 8);
	WARN_MADE("has\tx", 64, 0, 0, "white space", 8);
	WARN_MADE("align-three", 64, 3, 0, "not a power of two", 8);
	WARN_MADE("align-odd", 64, 24, 0, "not a power of two", 8);
	WARN_MADE("dma-and-dma32", 64, 0, SLAB_CACHE_DMA | SLAB_CACHE_DMA32, "ZONE_DMA", 8);

	/* Borderline arguments that are fine. */
	ACCEPT("one-byte", 1, 0, 0);
	ACCEPT("four-mib", 4u << 20, 0, 0);
	ACCEPT("align-one", 64, 1, 0);
	ACCEPT("align-page", 64, 4096, 0);
	ACCEPT("align-two-pages", 64, 8192, 0);
	ACCEPT("every-named-flag", 100, 0, SLAB_KMALLOC | SLAB_NO_USER_FLAGS |
	       SLAB_TYPESAFE_BY_RCU | SLAB_NOLEAKTRACE | SLAB_FAILSLAB | SLAB_TEMPORARY |
	       SLAB_MEM_SPREAD | SLAB_DEBUG_OBJECTS | SLAB_KASAN | SLAB_SKIP_KFENCE |
	       SLAB_NO_OBJ_EXT | SLAB_OBJ_EXT_IN_OBJ | SLAB_NOTRACK | SLAB_DESTROY_BY_RCU |
	       SLAB_DEBUG_FREE);
	ACCEPT("odd.name-with_punct:1", 64, 0, 0);
	ACCEPT("all-flags", 100, 0, SLAB_HWCACHE_ALIGN | SLAB_CACHE_DMA32 |
	       SLAB_RECLAIM_ACCOUNT | SLAB_ACCOUNT | SLAB_NO_MERGE | SLAB_PANIC);
	ACCEPT("debug-flags", 100, 0, SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE |
	       SLAB_POISON | SLAB_STORE_USER);
	ACCEPT("dma-only", 100, 0, SLAB_CACHE_DMA);
}

/* --- SLAB_PANIC ------------------------------------------------------------ */

static void quiet_hook(const char *text, void *arg)
{
	(void)text;
	(void)arg;
}

static int child_create(const char *name, unsigned int size, unsigned int align,
			slab_flags_t flags)
{
	pid_t pid;
	int status = 0;

	fflush(NULL);
	pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0) {
		struct rlimit no_core = { 0, 0 };
		setrlimit(RLIMIT_CORE, &no_core);
		zslab_set_report_hook(quiet_hook, NULL);
		struct kmem_cache *s = kmem_cache_create(name, size, align, flags, NULL);
		_exit(s ? 0 : 7);
	}
	REQUIRE(waitpid(pid, &status, 0) == pid);
	return status;
}

static bool aborted(int st)
{
	return WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT;
}

static void test_slab_panic(void)
{
	int st;

	st = child_create("", 64, 0, SLAB_PANIC);
	CHECK(aborted(st));
	st = child_create("panic-size", 0, 0, SLAB_PANIC);
	CHECK(aborted(st));
	st = child_create("panic-flags", 64, 0, SLAB_PANIC | 0x1);
	CHECK(aborted(st));
	/* only warned about: no panic */
	st = child_create("panic align", 64, 3, SLAB_PANIC);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	/* Without SLAB_PANIC the same is a NULL; with good arguments, a cache. */
	st = child_create("", 64, 0, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 7);
	st = child_create("panic-ok", 64, 0, SLAB_PANIC);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

/* --- kmem_cache_free on the wrong cache ------------------------------------ */

/* Allocate from @s until @p comes back (at most @max tries). */
static bool hands_out_again(struct kmem_cache *s, void *p, int max)
{
	void **v = malloc((size_t)max * sizeof(void *));
	bool found = false;
	int n = 0;

	REQUIRE(v);
	while (n < max && !found) {
		v[n] = kmem_cache_alloc(s, GFP_KERNEL);
		REQUIRE(v[n]);
		found = v[n++] == p;
	}
	for (int i = 0; i < n; i++)
		if (v[i] != p)
			kmem_cache_free(s, v[i]);
	free(v);
	return found;
}

static void wrong_cache_case(unsigned int size_a, unsigned int size_b)
{
	struct kmem_cache *a = kmem_cache_create("wrong-a", size_a, 0, SLAB_NO_MERGE, NULL);
	struct kmem_cache *b = kmem_cache_create("wrong-b", size_b, 0, SLAB_NO_MERGE, NULL);
	void *p, *q;

	REQUIRE(a && b);
	p = kmem_cache_alloc(a, GFP_KERNEL);
	REQUIRE(p);
	memset(p, 0x12, size_a);
	reset();
	kmem_cache_free(b, p);
	CHECK_EQ(nreports, 1);
	CHECK(strstr(last, "wrong-a") != NULL);
	CHECK(strstr(last, "wrong-b") != NULL);
	/* b does not hand it out; its own cache holds it as free. */
	q = kmem_cache_alloc(b, GFP_KERNEL);
	REQUIRE(q);
	CHECK(q != p);
	kmem_cache_free(b, q);
	CHECK_EQ(kmem_cache_shrink(a), 0);     /* nothing of a is in use */
	CHECK_EQ(kmem_cache_shrink(b), 0);
	p = kmem_cache_alloc(a, GFP_KERNEL);
	REQUIRE(p);
	reset();
	kmem_cache_free(b, p);
	CHECK(hands_out_again(a, p, 10000));
	kmem_cache_free(a, p);
	CHECK_EQ(nreports, 1);
	CHECK_EQ(zs_slab_validate_cache(a), 0);
	CHECK_EQ(zs_slab_validate_cache(b), 0);
	CHECK_EQ(zslab_validate(), 0);
	kmem_cache_destroy(b);
	kmem_cache_destroy(a);
	CHECK_EQ(nreports, 1);
}

static void test_wrong_cache(void)
{
	wrong_cache_case(64, 128);
	wrong_cache_case(96, 96);      /* same size, two unmerged caches */

	/* A kmalloc object freed to a user cache goes back to kmalloc-64. */
	struct kmem_cache *c = kmem_cache_create("not-kmalloc", 64, 0, SLAB_NO_MERGE, NULL);
	void *k = kmalloc(64, GFP_KERNEL);
	REQUIRE(c && k);
	reset();
	kmem_cache_free(c, k);
	CHECK_EQ(nreports, 1);
	CHECK(strstr(last, "not-kmalloc") && strstr(last, "kmalloc-64"));
	CHECK_EQ(kmem_cache_shrink(c), 0);
	void *k2 = kmalloc(64, GFP_KERNEL);
	CHECK(k2 == k);                 /* kmalloc-64's sheaf got it back */
	kfree(k2);
	kmem_cache_destroy(c);

	/* NULL: nothing.  Something that is not a slab object: one report. */
	struct kmem_cache *d = kmem_cache_create("not-slab", 64, 0, SLAB_NO_MERGE, NULL);
	char on_stack[64];
	REQUIRE(d);
	reset();
	kmem_cache_free(d, NULL);
	CHECK_EQ(nreports, 0);
	kmem_cache_free(d, on_stack);
	CHECK_EQ(nreports, 1);
	/* in the misuse matrix's words (M6), with and without slub_debug */
	char want[96];
	snprintf(want, sizeof(want), "Attempt to free object(0x%lx) outside of slab",
		 (unsigned long)(uintptr_t)on_stack);
	CHECK(strstr(last, "BUG not-slab (Not tainted): ") == last);
	CHECK(strstr(last, want) != NULL);
	reset();
	kfree(on_stack + 8);
	CHECK_EQ(nreports, 1);
	snprintf(want, sizeof(want), "kfree: Attempt to free object(0x%lx) outside of slab",
		 (unsigned long)(uintptr_t)(on_stack + 8));
	CHECK(strstr(last, want) != NULL);
	reset();
	kmem_cache_destroy(d);
	CHECK_EQ(nreports, 0);
	CHECK_EQ(zslab_validate(), 0);
}

/*
 * kfree() of a pointer inside a kmalloc object, for every class: the
 * class map (class_map.h) must not take it for an object start, on the
 * object's first page or (8 KiB slots) its second, which carries no
 * class code.  One report each, nothing freed, the object still live.
 */
static void test_kfree_interior(void)
{
	static const size_t sizes[] = { 8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096, 8192 };

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		size_t size = sizes[i];
		size_t offs[] = { 8, size / 2, size - 8, 4096, 4096 + 64 };
		char *p = kmalloc(size, GFP_KERNEL);

		REQUIRE(p);
		for (size_t k = 0; k < sizeof(offs) / sizeof(offs[0]); k++) {
			if (offs[k] >= size || !offs[k])
				continue;
			reset();
			kfree(p + offs[k]);
			CHECK_EQ(nreports, 1);
			if (nreports != 1)
				fprintf(stderr, "kfree(kmalloc(%zu) + %zu): %lu reports\n",
					size, offs[k], nreports);
			CHECK(strstr(last, "not the start of an object") != NULL);
		}
		/* still live: the next kmalloc of the class is another block */
		char *q = kmalloc(size, GFP_KERNEL);
		CHECK(q && q != p);
		reset();
		kfree(q);
		kfree(p);
		CHECK_EQ(nreports, 0);
	}
	CHECK_EQ(zslab_validate(), 0);
}

/*
 * kmem_cache_free() of a pointer inside an object, for every layout of
 * the validity test (zs_valid_object_at()): power-of-two slots up to a
 * page (the mask of the pointer itself), above a page (the general test,
 * on a head page and on a tail page), other sizes, and a red-zoned
 * cache.  One report each, nothing freed, the object still live.
 */
static void test_cache_free_interior(void)
{
	static const struct { unsigned int size; slab_flags_t flags; } c[] = {
		{ 64, 0 }, { 1024, 0 }, { 4096, 0 }, { 8192, 0 }, { 16384, 0 },
		{ 96, 0 }, { 200, 0 }, { 5000, 0 }, { 64, SLAB_RED_ZONE },
	};

	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct kmem_cache *s = kmem_cache_create("interior", c[i].size, 0,
							 c[i].flags | SLAB_NO_MERGE, NULL);
		size_t offs[] = { 8, c[i].size / 2, c[i].size - 8, 4096, 4096 + 64, 8192 };
		char *p, *q;

		REQUIRE(s);
		p = kmem_cache_alloc(s, GFP_KERNEL);
		REQUIRE(p);
		for (size_t k = 0; k < sizeof(offs) / sizeof(offs[0]); k++) {
			if (offs[k] >= c[i].size)
				continue;
			reset();
			kmem_cache_free(s, p + offs[k]);
			CHECK_EQ(nreports, 1);
			if (nreports != 1)
				fprintf(stderr, "kmem_cache_free(%u/%#x, p + %zu): %lu reports\n",
					c[i].size, c[i].flags, offs[k], nreports);
		}
		q = kmem_cache_alloc(s, GFP_KERNEL);   /* p is still live */
		CHECK(q && q != p);
		reset();
		kmem_cache_free(s, q);
		kmem_cache_free(s, p);
		CHECK_EQ(nreports, 0);
		CHECK_EQ(zs_slab_validate_cache(s), 0);
		kmem_cache_destroy(s);
	}
	CHECK_EQ(zslab_validate(), 0);
}

/* --- double free ------------------------------------------------------------ */

static int cmp_ptr(const void *x, const void *y)
{
	uintptr_t a = (uintptr_t)*(void *const *)x, b = (uintptr_t)*(void *const *)y;

	return a < b ? -1 : a > b;
}

/* Allocate @n objects: are they all distinct? */
static bool all_distinct(struct kmem_cache *s, int n)
{
	void **v = malloc((size_t)n * sizeof(void *)), **w = malloc((size_t)n * sizeof(void *));
	int dup = 0;

	REQUIRE(v && w);
	for (int i = 0; i < n; i++) {
		v[i] = kmem_cache_alloc(s, GFP_KERNEL);
		REQUIRE(v[i]);
		w[i] = v[i];
	}
	qsort(w, (size_t)n, sizeof(void *), cmp_ptr);
	for (int i = 1; i < n; i++)
		dup += w[i] == w[i - 1];
	for (int i = 0; i < n; i++)
		if (i == 0 || w[i] != w[i - 1])
			kmem_cache_free(s, w[i]);
	free(v);
	free(w);
	return dup == 0;
}

static void test_double_free(void)
{
	struct kmem_cache *s = kmem_cache_create("double", 128, 0, SLAB_NO_MERGE, NULL);
	void *p, *q;

	REQUIRE(s);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	REQUIRE(p);
	reset();
	kmem_cache_free(s, p);
	CHECK_EQ(nreports, 0);
	kmem_cache_free(s, p);
	CHECK_EQ(nreports, 1);
	CHECK(count_in(last, "double free") + count_in(last, "already free") >= 1);
	CHECK_EQ(zs_slab_validate_cache(s), 0);
	CHECK_EQ(zslab_validate(), 0);
	/* Handed out once, not twice. */
	p = kmem_cache_alloc(s, GFP_KERNEL);
	q = kmem_cache_alloc(s, GFP_KERNEL);
	REQUIRE(p && q);
	CHECK(p != q);
	kmem_cache_free(s, q);
	kmem_cache_free(s, p);
	CHECK(all_distinct(s, 500));
	CHECK_EQ(kmem_cache_shrink(s), 0);

	/* The same with kfree of a kmalloc object. */
	p = kmalloc(128, GFP_KERNEL);
	REQUIRE(p);
	reset();
	kfree(p);
	kfree(p);
	CHECK_EQ(nreports, 1);
	p = kmalloc(128, GFP_KERNEL);
	q = kmalloc(128, GFP_KERNEL);
	CHECK(p != q);
	kfree(q);
	kfree(p);

	/* A double free reaching the slab itself (no sheaf: a debug cache). */
	struct kmem_cache *d = kmem_cache_create("double-debug", 128, 0, SLAB_CONSISTENCY_CHECKS, NULL);
	REQUIRE(d);
	p = kmem_cache_alloc(d, GFP_KERNEL);
	REQUIRE(p);
	reset();
	kmem_cache_free(d, p);
	kmem_cache_free(d, p);
	/* with F, as the kernel: BUG "Object already free" + FIX "not freed" */
	CHECK_EQ(nreports, 2);
	CHECK_EQ(zs_slab_validate_cache(d), 0);
	CHECK(all_distinct(d, 200));
	kmem_cache_destroy(d);
	CHECK_EQ(nreports, 2);

	kmem_cache_destroy(s);
	CHECK_EQ(zslab_validate(), 0);
}

int main(void)
{
	zslab_set_report_hook(keep_hook, NULL);
	REQUIRE(zslab_init(NULL) == 0);

	test_create_args();
	test_slab_panic();
	test_wrong_cache();
	test_kfree_interior();
	test_cache_free_interior();
	test_double_free();

	CHECK_EQ(zslab_validate(), 0);
	zslab_exit();
	return zt_summary("test_slab_badinput");
}
