/* SPDX-License-Identifier: MIT */
/*
 * slub_debug_report.c - the texts of slub_debug's reports, as the kernel
 * prints them (spec kernel-mm.md 5.2): "BUG <cache> (Not tainted): <what>",
 * INFO lines, the trailer (tracks, "INFO: Slab 0x..", "INFO: Object 0x..
 * @offset= fp=0x..", hex dumps labelled Redzone/Bytes b4/Object/Padding,
 * call trace) and "FIX <cache>: ...".  Each BUG and each FIX is emitted on
 * its own, so the report hook is called once for each; every emission is
 * counted in zs_debug_nreports (kmem_cache_validate()'s return value).
 *
 * The BUG line comes first (the kernel prints a line of '=' above it), so
 * that a report's first line names the cache and the problem.
 */
#include <ctype.h>
#include <string.h>

#include <zslab/zslab.h>
#include "common/report.h"
#include "slab/slub_debug_layout.h"

__thread unsigned long zs_debug_nreports;

/* zslab_set_slab_error_hook(): read without a lock, set before tests run */
static bool (*slab_error_hook)(bool count);

void zslab_set_slab_error_hook(bool (*fn)(bool count))
{
	__atomic_store_n(&slab_error_hook, fn, __ATOMIC_RELEASE);
}

/* zslab_set_slab_error_per_object(): read without a lock, set between tests */
static bool slab_error_per_object;

void zslab_set_slab_error_per_object(bool on)
{
	__atomic_store_n(&slab_error_per_object, on, __ATOMIC_RELEASE);
}

bool zs_debug_kunit_per_object(void)
{
	return __atomic_load_n(&slab_error_per_object, __ATOMIC_ACQUIRE);
}

/* The kernel's slab_add_kunit_errors() (@count) and slab_in_kunit_test(). */
bool zs_debug_kunit_error(bool count)
{
	bool (*hook)(bool) = __atomic_load_n(&slab_error_hook, __ATOMIC_ACQUIRE);

	return hook && hook(count);
}

/* One BUG or FIX: counted, then printed unless a KUnit test counted it. */
static void emit(enum zs_report_kind kind, struct zs_rbuf *rb)
{
	zs_debug_nreports++;
	if (zs_debug_kunit_error(true))
		return;
	zs_report_emit(kind, rb);
}

void zs_debug_fix(const struct kmem_cache *s, const char *fmt, ...)
{
	struct zs_rbuf rb;
	va_list ap;

	zs_rbuf_init(&rb);
	zs_rbuf_add(&rb, "FIX %s: ", s->name);
	va_start(ap, fmt);
	zs_rbuf_vadd(&rb, fmt, ap);
	va_end(ap);
	emit(ZS_FIX, &rb);
}

static void slab_bug(struct zs_rbuf *rb, const struct kmem_cache *s,
		     const char *reason)
{
	zs_rbuf_init(rb);
	zs_rbuf_add(rb, "BUG %s (Not tainted): %s\n", s->name, reason);
	zs_rbuf_add(rb, "-----------------------------------------------------------------------------\n\n");
}

/* print_hex_dump(DUMP_PREFIX_ADDRESS, 16, 1, ascii); may read poisoned
 * free objects of a cache described to ASan, so not instrumented */
__attribute__((no_sanitize_address))
static void print_section(struct zs_rbuf *rb, const char *label,
			  const unsigned char *p, size_t len)
{
	for (size_t off = 0; off < len; off += 16) {
		size_t n = len - off < 16 ? len - off : 16;
		char hex[16 * 3 + 1], asc[17];
		size_t h = 0;

		for (size_t i = 0; i < 16; i++) {
			if (i < n)
				h += (size_t)snprintf(hex + h, sizeof(hex) - h, "%02x%s",
						      p[off + i], i + 1 < n ? " " : "");
			asc[i] = i < n ? (isprint(p[off + i]) ? (char)p[off + i] : '.') : 0;
		}
		asc[n] = 0;
		zs_rbuf_add(rb, "%s%p: %-47s  %s\n", label, (const void *)(p + off), hex, asc);
	}
}

static void print_track(struct zs_rbuf *rb, const char *what, const struct track *t)
{
	char sym[256];

	if (!t->addr)
		return;
	zs_host_symbolize(t->addr, sym, sizeof(sym));
	zs_rbuf_add(rb, "INFO: %s in %s age=%lu cpu=%d pid=%d\n", what, sym,
		    now_jiffies() - t->when, t->cpu, t->pid);
	for (int i = 0; i < TRACK_ADDRS && t->addrs[i]; i++) {
		zs_host_symbolize(t->addrs[i], sym, sizeof(sym));
		zs_rbuf_add(rb, "\t%s\n", sym);
	}
}

static void print_slab_info(struct zs_rbuf *rb, const struct page *page)
{
	zs_rbuf_add(rb, "INFO: Slab 0x%lx objects=%u used=%u fp=0x%lx flags=0x%04x\n",
		    PTR(page), page->objects, page->inuse, PTR(page->freelist),
		    page->flags);
}

static void print_trailer(struct zs_rbuf *rb, struct kmem_cache *s,
			  const struct page *page, unsigned char *p)
{
	unsigned char *addr = (unsigned char *)slab_base(page);
	unsigned int off;

	if (s->flags & SLAB_STORE_USER) {
		print_track(rb, "Allocated", get_track(s, p, TRACK_ALLOC));
		print_track(rb, "Freed", get_track(s, p, TRACK_FREE));
	}
	print_slab_info(rb, page);
	zs_rbuf_add(rb, "INFO: Object 0x%lx @offset=%tu fp=0x%lx\n\n", PTR(p),
		    p - addr, PTR(get_freepointer(s, p)));
	if (s->flags & SLAB_RED_ZONE)
		print_section(rb, "Redzone  ", p - s->red_left_pad, s->red_left_pad);
	else if (p > addr + 16)
		print_section(rb, "Bytes b4 ", p - 16, 16);
	print_section(rb, "Object   ", p, s->object_size < PAGE_SIZE ? s->object_size : PAGE_SIZE);
	if (s->flags & SLAB_RED_ZONE)
		print_section(rb, "Redzone  ", p + s->object_size, s->inuse - s->object_size);
	off = info_end(s);
	if (s->flags & SLAB_STORE_USER)
		off += 2 * TRACK_SIZE;
	off += zs_debug_orig_size_bytes(s->flags);
	if (off != size_from_object(s))
		print_section(rb, "Padding  ", p + off, size_from_object(s) - off);
	zs_rbuf_stack(rb, 3);
}

void zs_debug_object_err(struct kmem_cache *s, const struct page *page,
		       void *obj, const char *reason)
{
	struct zs_rbuf rb;

	slab_bug(&rb, s, reason);
	print_trailer(&rb, s, page, obj);
	emit(ZS_BUG, &rb);
}

void zs_debug_slab_err(struct kmem_cache *s, const struct page *page,
		     const char *fmt, ...)
{
	char reason[160];
	struct zs_rbuf rb;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	slab_bug(&rb, s, reason);
	print_slab_info(&rb, page);
	zs_rbuf_stack(&rb, 2);
	emit(ZS_BUG, &rb);
}

void zs_debug_bytes_bug(struct kmem_cache *s, const struct page *page,
			unsigned char *obj, const char *what, unsigned char *fault,
			unsigned char *end, unsigned char value)
{
	char reason[64];
	struct zs_rbuf rb;

	snprintf(reason, sizeof(reason), "%s overwritten", what);
	slab_bug(&rb, s, reason);
	zs_rbuf_add(&rb, "INFO: 0x%lx-0x%lx @offset=%tu. First byte 0x%x instead of 0x%x\n",
		    PTR(fault), PTR(end - 1),
		    fault - (unsigned char *)slab_base(page), fault[0], value);
	print_trailer(&rb, s, page, obj);
	emit(ZS_BUG, &rb);
}

void zs_debug_padding_bug(struct kmem_cache *s, const struct page *page,
			  unsigned char *fault, unsigned char *end,
			  unsigned char *pad, size_t remainder)
{
	unsigned char *start = (unsigned char *)slab_base(page);
	char reason[128];
	struct zs_rbuf rb;

	snprintf(reason, sizeof(reason), "Padding overwritten. 0x%lx-0x%lx @offset=%zu",
		 PTR(fault), PTR(end - 1), (size_t)(fault - start));
	slab_bug(&rb, s, reason);
	print_slab_info(&rb, page);
	print_section(&rb, "Padding ", pad, remainder);
	zs_rbuf_stack(&rb, 2);
	emit(ZS_BUG, &rb);
}

/*
 * "Attempt to free object(0x..) outside of slab": no slab to describe.
 * With a cache, the kernel's slab_err() form; kfree() has none to name,
 * so it is a WARN that names the function instead.
 */
void zs_debug_outside_slab(const struct kmem_cache *s, const char *fn,
			   const void *obj)
{
	struct zs_rbuf rb;
	char reason[96];

	snprintf(reason, sizeof(reason), "Attempt to free object(0x%lx) outside of slab", PTR(obj));
	if (!s) {
		zs_warn("%s: %s", fn, reason);
		zs_debug_nreports++;
		return;
	}
	slab_bug(&rb, s, reason);
	zs_rbuf_stack(&rb, 2);
	emit(ZS_BUG, &rb);
}

void zs_debug_trace(struct kmem_cache *s, struct page *page, void *obj, bool alloc)
{
	struct zs_rbuf rb;

	if (!(s->flags & SLAB_TRACE))
		return;
	zs_rbuf_init(&rb);
	zs_rbuf_add(&rb, "TRACE %s %s 0x%lx inuse=%u fp=0x%lx\n", s->name,
		    alloc ? "alloc" : "free", PTR(obj), page->inuse, PTR(page->freelist));
	if (!alloc)
		print_section(&rb, "Object ", obj, s->object_size);
	zs_rbuf_stack(&rb, 2);
	zs_report_emit(ZS_INFO, &rb);
}

int zs_debug_object_info(struct kmem_cache *s, void *obj,
			 int (*fn)(const struct zslab_object_info *, void *), void *arg)
{
	struct zslab_object_info info = {
		.cache = s, .addr = obj, .size = get_orig_size(s, obj),
	};

	if (s->flags & SLAB_STORE_USER) {
		const struct track *t = get_track(s, obj, TRACK_ALLOC);

		info.alloc_site = t->addr;
		info.alloc_stack = t->addrs;
		while (info.alloc_depth < TRACK_ADDRS && t->addrs[info.alloc_depth])
			info.alloc_depth++;
		info.alloc_pid = t->pid;
		info.age_ms = t->addr ? now_jiffies() - t->when : 0;
	}
	return fn(&info, arg);
}
