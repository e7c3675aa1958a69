/* SPDX-License-Identifier: MIT */
/*
 * test_slab_destroy.c - kmem_cache_destroy() as the kernel does it:
 * NULL is a no-op; a cache with a live object gives exactly two reports
 * ("Objects remaining in <name> on __kmem_cache_shutdown()" with one
 * "INFO: Object 0x<addr> @offset=<n>" line per live object, then
 * "kmem_cache_destroy <name>: Slab cache still has objects"), stays
 * registered and usable, and frees nothing under the live object; once the
 * object is freed a second destroy succeeds silently and gives the slab
 * back.  One report per slab with live objects, one INFO line per object.
 */
#include "zt.h"

#include <stdint.h>

#include "mm/mm_internal.h"
#include "slab/slab.h"
#include "slab/slub_internal.h"

/* --- reports, each kept whole ---------------------------------------------- */

#define MAX_REPORTS 8
static char reports[MAX_REPORTS][16384];
static unsigned long nreports;

static void keep_hook(const char *text, void *arg)
{
	(void)arg;
	if (nreports < MAX_REPORTS)
		snprintf(reports[nreports], sizeof(reports[0]), "%s", text);
	nreports++;
	if (getenv("ZT_VERBOSE"))
		fputs(text, stderr);
}

static void reports_reset(void)
{
	nreports = 0;
	for (int i = 0; i < MAX_REPORTS; i++)
		reports[i][0] = 0;
}

static unsigned long count_in(const char *text, const char *needle)
{
	unsigned long n = 0;

	for (const char *p = text; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

static void dump_reports(const char *why)
{
	fprintf(stderr, "--- %lu reports (%s) ---\n", nreports, why);
	for (unsigned long i = 0; i < nreports && i < MAX_REPORTS; i++)
		fprintf(stderr, "[%lu] %s", i, reports[i]);
}

/* Where the kernel would say live object @p is: its slab offset. */
static unsigned long offset_in_slab(const void *p)
{
	struct page *head = zs_obj_slab(p);

	REQUIRE(head);
	return (unsigned long)((const char *)p - (const char *)zs_page_address(head));
}

/*
 * Does @text hold the line "INFO: Object 0x<hex> @offset=<decimal>" for
 * object @p, with exactly one "0x" before the hex digits (any zero
 * padding accepted)?
 */
static bool has_info_line(const char *text, const void *p)
{
	static const char tag[] = "INFO: Object 0x";

	for (const char *t = text; (t = strstr(t, tag)) != NULL; t++) {
		const char *q = t + sizeof(tag) - 1;
		unsigned long long addr = 0, off = 0;
		int digits = 0;

		for (; (*q >= '0' && *q <= '9') || (*q >= 'a' && *q <= 'f'); q++, digits++)
			addr = addr * 16 + (unsigned long long)(*q <= '9' ? *q - '0' : *q - 'a' + 10);
		if (!digits || strncmp(q, " @offset=", 9))
			continue;
		q += 9;
		digits = 0;
		for (; *q >= '0' && *q <= '9'; q++, digits++)
			off = off * 10 + (unsigned long long)(*q - '0');
		if (digits && (*q == '\n' || *q == 0) && addr == (uintptr_t)p &&
		    off == offset_in_slab(p))
			return true;
	}
	return false;
}

static void stamp(void *p, unsigned int n, unsigned char seed)
{
	for (unsigned int i = 0; i < n; i++)
		((unsigned char *)p)[i] = (unsigned char)(seed + i * 7);
}

static bool stamped(const void *p, unsigned int n, unsigned char seed)
{
	for (unsigned int i = 0; i < n; i++)
		if (((const unsigned char *)p)[i] != (unsigned char)(seed + i * 7))
			return false;
	return true;
}

/* --- tests -------------------------------------------------------------- */

static void test_null(void)
{
	reports_reset();
	kmem_cache_destroy(NULL);
	CHECK_EQ(nreports, 0);
	CHECK_EQ(zslab_validate(), 0);
}

static void test_one_live_object(void)
{
	struct kmem_cache *s = kmem_cache_create("leaky", 128, 0, SLAB_NO_MERGE, NULL);
	void *p, *q;

	REQUIRE(s);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	REQUIRE(p);
	stamp(p, 128, 0x31);
	/* some freed objects too: they must not count as live */
	for (int i = 0; i < 10; i++) {
		q = kmem_cache_alloc(s, GFP_KERNEL);
		REQUIRE(q);
		kmem_cache_free(s, q);
	}

	reports_reset();
	kmem_cache_destroy(s);
	CHECK_EQ(nreports, 2);
	CHECK(strstr(reports[0], "Objects remaining in leaky on __kmem_cache_shutdown()") != NULL);
	CHECK_EQ(count_in(reports[0], "INFO: Object "), 1);
	CHECK(has_info_line(reports[0], p));
	CHECK(strstr(reports[1], "kmem_cache_destroy leaky: Slab cache still has objects") != NULL);
	if (nreports != 2 || !has_info_line(reports[0], p)) {
		fprintf(stderr, "want: INFO: Object 0x%lx @offset=%lu\n",
			(unsigned long)(uintptr_t)p, offset_in_slab(p));
		dump_reports("destroy with one live object");
	}

	/* The cache is still there and usable; the object untouched. */
	CHECK(zs_obj_cache(p) == s);
	CHECK(stamped(p, 128, 0x31));
	CHECK(!strcmp(s->name, "leaky"));
	CHECK_EQ(s->refcount, 1);
	{
		enum { N = 300 };
		void *v[N];
		int clash = 0;
		for (int i = 0; i < N; i++) {
			v[i] = kmem_cache_alloc(s, GFP_KERNEL);
			REQUIRE(v[i]);
			clash += v[i] == p;
			memset(v[i], 0xee, 128);
		}
		CHECK_EQ(clash, 0);
		CHECK(stamped(p, 128, 0x31));
		for (int i = 0; i < N; i++)
			kmem_cache_free(s, v[i]);
	}
	CHECK_EQ(zs_slab_validate_cache(s), 0);
	CHECK_EQ(zslab_validate(), 0);

	/* Free it: the second destroy is silent and gives the slab back. */
	reports_reset();
	kmem_cache_free(s, p);
	kmem_cache_destroy(s);
	CHECK_EQ(nreports, 0);
	CHECK(zs_obj_cache(p) == NULL);
	CHECK_EQ(zslab_validate(), 0);

	/* The name can be used again. */
	s = kmem_cache_create("leaky", 128, 0, SLAB_NO_MERGE, NULL);
	REQUIRE(s);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	CHECK(p != NULL);
	kmem_cache_free(s, p);
	kmem_cache_destroy(s);
	CHECK_EQ(nreports, 0);
}

/* Three live objects in one slab: two reports, three INFO lines. */
static void test_three_in_one_slab(void)
{
	struct kmem_cache *s = kmem_cache_create("leaky3", 256, 0, SLAB_NO_MERGE, NULL);
	void *v[3];

	REQUIRE(s);
	for (int i = 0; i < 3; i++) {
		v[i] = kmem_cache_alloc(s, GFP_KERNEL);
		REQUIRE(v[i]);
		stamp(v[i], 256, (unsigned char)i);
	}
	REQUIRE(zs_obj_slab(v[0]) == zs_obj_slab(v[1]) && zs_obj_slab(v[1]) == zs_obj_slab(v[2]));
	reports_reset();
	kmem_cache_destroy(s);
	CHECK_EQ(nreports, 2);
	CHECK_EQ(count_in(reports[0], "INFO: Object "), 3);
	for (int i = 0; i < 3; i++)
		CHECK(has_info_line(reports[0], v[i]));
	CHECK(strstr(reports[1], "kmem_cache_destroy leaky3: Slab cache still has objects") != NULL);
	for (int i = 0; i < 3; i++)
		CHECK(stamped(v[i], 256, (unsigned char)i));
	for (int i = 0; i < 3; i++)
		kmem_cache_free(s, v[i]);
	reports_reset();
	kmem_cache_destroy(s);
	CHECK_EQ(nreports, 0);
}

/* Live objects in two slabs: one report per slab, then the final one. */
static void test_two_slabs(void)
{
	enum { N = 200 };
	struct kmem_cache *s = kmem_cache_create("leaky2", 512, 0, SLAB_NO_MERGE, NULL);
	void *v[N], *a = NULL, *b = NULL;

	REQUIRE(s);
	for (int i = 0; i < N; i++) {
		v[i] = kmem_cache_alloc(s, GFP_KERNEL);
		REQUIRE(v[i]);
	}
	a = v[0];
	for (int i = 1; i < N && !b; i++)
		if (zs_obj_slab(v[i]) != zs_obj_slab(a))
			b = v[i];
	REQUIRE(b);
	for (int i = 0; i < N; i++)
		if (v[i] != a && v[i] != b)
			kmem_cache_free(s, v[i]);
	stamp(a, 512, 9);
	stamp(b, 512, 10);
	reports_reset();
	kmem_cache_destroy(s);
	CHECK_EQ(nreports, 3);
	CHECK_EQ(count_in(reports[0], "Objects remaining in leaky2 on __kmem_cache_shutdown()"), 1);
	CHECK_EQ(count_in(reports[1], "Objects remaining in leaky2 on __kmem_cache_shutdown()"), 1);
	CHECK_EQ(count_in(reports[0], "INFO: Object ") + count_in(reports[1], "INFO: Object "), 2);
	CHECK(has_info_line(reports[0], a) || has_info_line(reports[1], a));
	CHECK(has_info_line(reports[0], b) || has_info_line(reports[1], b));
	CHECK(strstr(reports[2], "kmem_cache_destroy leaky2: Slab cache still has objects") != NULL);
	CHECK(stamped(a, 512, 9) && stamped(b, 512, 10));
	CHECK(zs_obj_cache(a) == s && zs_obj_cache(b) == s);
	/* Only the two slabs with live objects are left. */
	CHECK_EQ(s->nr_partial + s->nr_full, 2);
	kmem_cache_free(s, a);
	kmem_cache_free(s, b);
	reports_reset();
	kmem_cache_destroy(s);
	CHECK_EQ(nreports, 0);
	CHECK_EQ(zslab_validate(), 0);
}

int main(void)
{
	zslab_set_report_hook(keep_hook, NULL);
	REQUIRE(zslab_init(NULL) == 0);

	test_null();
	test_one_live_object();
	test_three_in_one_slab();
	test_two_slabs();

	CHECK_EQ(zslab_validate(), 0);
	zslab_exit();
	return zt_summary("test_slab_destroy");
}
