/* SPDX-License-Identifier: MIT */
/*
 * fuzz_api.c - sequences of slab and page calls against a shadow model.
 * Booted once (LLVMFuzzerInitialize); each input is a program of
 * operations on up to SLOTS live blocks: kmem_cache_alloc/free on five
 * caches (plain, SLAB_CACHE_DMA32 with 1 KiB alignment, SLAB_CACHE_DMA,
 * a constructor cache, a slub_debug FZPU cache), kmalloc of every class
 * and large sizes in the normal and DMA types, krealloc, bulk alloc and
 * free, kmem_cache_shrink, alloc_pages, and a cache created, used and
 * destroyed within the input.  After every allocation: the block lies in
 * its zone (DMA below 16 MiB, DMA32 ending at or below 4 GiB), overlaps
 * no other live block, ksize() >= the request, a constructor cache's
 * object is constructed and __GFP_ZERO memory is zero; every live block
 * keeps the bytes written into it until it is freed.  At the end of each
 * input every block is freed and kmem_cache_validate() of every cache is
 * 0; every 1024 inputs zslab_validate() is 0 too.  Any report is a
 * finding: nothing here misuses the API.
 *
 * The machine: the DMA zone (16 MiB at 0) is RAM zslab reserves itself;
 * the rest of DMA32 (16 MiB - 1 GiB) and 1 GiB of Normal at 4 GiB are
 * caller-backed (zslab_init_ram), as an emulator's guest RAM would be.
 * kmem_cache_shrink() gives the free memory of zslab's own RAM back to
 * the OS (madvise), so on an all-owned machine every shrink in an input
 * made the next blocks of every zone fault their pages in again (a fifth
 * of the harness's time went to page faults).  Now that path, with the
 * clean-page shortcut of __GFP_ZERO that follows it, runs in the DMA zone
 * (the fz-dma cache and kmalloc/pages with GFP_DMA), and the caller-backed
 * RAM path runs in the other two.
 */
#include <string.h>
#include <sys/mman.h>
#include <zslab/zslab.h>

#include "fuzz.h"

#define SLOTS 96
#define NCACHES 5
#define DMA32_LIMIT (4ull << 30)
#define CTOR_BYTE 0xc7

enum kind { K_FREE, K_CACHE, K_KMALLOC, K_PAGES };

struct slot {
	enum kind kind;
	unsigned char *p;
	size_t size;            /* bytes owned by the model */
	int cache;              /* K_CACHE: index; K_PAGES: order */
	unsigned char fill;
	unsigned int zone_limit_mb;   /* 0: none */
};

static struct kmem_cache *caches[NCACHES];
static unsigned int cache_size[NCACHES] = { 96, 1024, 200, 64, 120 };
static struct slot slots[SLOTS];
static unsigned long inputs;

static void ctor(void *p)
{
	memset(p, CTOR_BYTE, 64);
}

static void report_hook(const char *text, void *arg)
{
	(void)arg;
	FZ_FAIL("unexpected report:\n%s", text);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	struct zslab_ram ram[2] = {
		{ 16ull << 20, (1ull << 30) - (16ull << 20), NULL },   /* DMA32 */
		{ 4ull << 30, 1ull << 30, NULL },                       /* Normal */
	};

	zslab_set_report_hook(report_hook, NULL);
	for (int r = 0; r < 2; r++) {
		ram[r].host = mmap(NULL, ram[r].size, PROT_READ | PROT_WRITE,
				   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (ram[r].host == MAP_FAILED)
			FZ_FAIL("no host memory for RAM range %d", r);
	}
	if (zslab_init_ram("memmap=16M@0", ram, 2))
		FZ_FAIL("boot");
	caches[0] = kmem_cache_create("fz-plain", cache_size[0], 0, 0, NULL);
	caches[1] = kmem_cache_create("fz-dma32", cache_size[1], 1024, SLAB_CACHE_DMA32, NULL);
	caches[2] = kmem_cache_create("fz-dma", cache_size[2], 0, SLAB_CACHE_DMA, NULL);
	caches[3] = kmem_cache_create("fz-ctor", cache_size[3], 0, 0, ctor);
	caches[4] = kmem_cache_create("fz-debug", cache_size[4], 0, SLAB_CONSISTENCY_CHECKS |
				      SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER, NULL);
	for (int i = 0; i < NCACHES; i++)
		FZ_CHECK(caches[i] != NULL, "cache %d", i);
	return 0;
}

/* --- the model's checks ------------------------------------------------- */

/* Each block is filled with its own byte (memset and memcmp run at full
 * speed under ASan, so every byte of every block is written and read). */
static void fill(struct slot *s, size_t from)
{
	if (from < s->size)
		memset(s->p + from, s->fill, s->size - from);
}

/* All @n bytes at @p are @v: one byte, then the run compared with itself
 * shifted by one (memcmp at full speed under ASan, where a byte loop
 * would pay a shadow check and a coverage counter per byte). */
static bool bytes_are(const unsigned char *p, unsigned char v, size_t n)
{
	return !n || (p[0] == v && (n == 1 || !memcmp(p, p + 1, n - 1)));
}

/* All of the first @upto bytes still hold the block's byte. */
static void verify(const struct slot *s, size_t upto)
{
	if (upto > s->size)
		upto = s->size;
	FZ_CHECK(bytes_are(s->p, s->fill, upto),
		 "a byte of %p (%zu bytes, fill %#x) changed", (void *)s->p, s->size, s->fill);
}

/*
 * The live blocks by address: live[0..nr_live) are the indices of every
 * slot not K_FREE, sorted by p, and (as placed() admits a block only if it
 * overlaps neither neighbour) no two of their ranges overlap.  A new block
 * that overlapped any live block would overlap its predecessor or its
 * successor in this order, so checking those two is the full check.
 */
static int live[SLOTS];
static int nr_live;

/* The position in live[] of the first block starting at or above @p. */
static int live_pos(const unsigned char *p)
{
	int lo = 0, hi = nr_live;

	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (slots[live[mid]].p < p)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void live_del(int self)
{
	int at = live_pos(slots[self].p);

	FZ_CHECK(at < nr_live && live[at] == self, "model: slot %d not in the live list", self);
	memmove(&live[at], &live[at + 1], (size_t)(nr_live - at - 1) * sizeof(live[0]));
	nr_live--;
}

/* In its zone, overlapping no other live block; then live itself. */
static void placed(const struct slot *s, int self)
{
	phys_addr_t pa = virt_to_phys(s->p);
	int at = live_pos(s->p);

	if (s->zone_limit_mb)
		FZ_CHECK(pa + s->size <= (phys_addr_t)s->zone_limit_mb << 20,
			 "pa %#llx + %zu above %u MiB", (unsigned long long)pa, s->size,
			 s->zone_limit_mb);
	if (at > 0) {
		const struct slot *o = &slots[live[at - 1]];
		FZ_CHECK(o->p + o->size <= s->p, "%p+%zu overlaps %p+%zu",
			 (void *)s->p, s->size, (void *)o->p, o->size);
	}
	if (at < nr_live) {
		const struct slot *o = &slots[live[at]];
		FZ_CHECK(s->p + s->size <= o->p, "%p+%zu overlaps %p+%zu",
			 (void *)s->p, s->size, (void *)o->p, o->size);
	}
	memmove(&live[at + 1], &live[at], (size_t)(nr_live - at) * sizeof(live[0]));
	live[at] = self;
	nr_live++;
}

static void release(struct slot *s)
{
	verify(s, s->size);
	live_del((int)(s - slots));
	if (s->kind == K_CACHE) {
		if (s->cache == 3)
			memset(s->p, CTOR_BYTE, 64);   /* give it back constructed */
		kmem_cache_free(caches[s->cache], s->p);
	} else if (s->kind == K_KMALLOC) {
		kfree(s->p);
	} else if (s->kind == K_PAGES) {
		free_pages((unsigned long)s->p, (unsigned int)s->cache);
	}
	s->kind = K_FREE;
}

static unsigned int cache_limit(int c)
{
	return c == 1 ? 4096 : c == 2 ? 16 : 0;
}

/* Adopt @p (an object of cache @c) in slot @i. */
static void adopt(int i, void *p, int c, bool zeroed, unsigned char seed)
{
	struct slot *s = &slots[i];

	FZ_CHECK(p != NULL, "allocation from %s failed", c >= 0 ? "a cache" : "kmalloc");
	*s = (struct slot){ K_CACHE, p, cache_size[c], c, seed, cache_limit(c) };
	if (c == 3)
		FZ_CHECK(bytes_are(s->p, CTOR_BYTE, 64), "ctor object %p not constructed", p);
	if (zeroed)
		FZ_CHECK(bytes_are(s->p, 0, s->size), "__GFP_ZERO object %p not zero", p);
	placed(s, i);
	fill(s, 0);
}

/* --- operations ---------------------------------------------------------- */

static void op_cache_alloc(struct fz_in *in)
{
	int c = (int)(fz_u8(in) % NCACHES), i = (int)(fz_u8(in) % SLOTS);
	bool zero = (fz_u8(in) & 1) && c != 3;

	if (slots[i].kind != K_FREE)
		release(&slots[i]);
	adopt(i, kmem_cache_alloc(caches[c], GFP_KERNEL | (zero ? __GFP_ZERO : 0)), c,
	      zero, (unsigned char)(i * 37 + 1));
}

static size_t pick_size(struct fz_in *in)
{
	unsigned int x = fz_u16(in);

	return (x & 0x8000) ? 8193 + (x & 0x3fff) * 4 : (x & 0x3fff) + 1;
}

static void op_kmalloc(struct fz_in *in)
{
	int i = (int)(fz_u8(in) % SLOTS);
	size_t size = pick_size(in);
	unsigned int how = fz_u8(in);
	bool dma = (how & 2) && size <= 8192;   /* the 16 MiB zone: small ones */
	gfp_t gfp = GFP_KERNEL | ((how & 1) ? __GFP_ZERO : 0) | (dma ? GFP_DMA : 0);
	struct slot *s = &slots[i];

	if (s->kind != K_FREE)
		release(s);
	s->p = kmalloc(size, gfp);
	FZ_CHECK(s->p != NULL, "kmalloc(%zu, %#x)", size, gfp);
	FZ_CHECK(ksize(s->p) >= size, "ksize %zu < %zu", ksize(s->p), size);
	*s = (struct slot){ K_KMALLOC, s->p, size, -1, (unsigned char)(i * 37 + 2), dma ? 16 : 0 };
	if (how & 1)
		FZ_CHECK(bytes_are(s->p, 0, size), "kzalloc(%zu) not zero", size);
	placed(s, i);
	fill(s, 0);
}

static void op_krealloc(struct fz_in *in)
{
	struct slot *s = &slots[fz_u8(in) % SLOTS];
	size_t size = pick_size(in), keep;
	unsigned char *q;

	if (s->kind != K_KMALLOC)
		return;
	live_del((int)(s - slots));
	q = krealloc(s->p, size, GFP_KERNEL);
	FZ_CHECK(q != NULL, "krealloc to %zu", size);
	FZ_CHECK(ksize(q) >= size, "ksize after krealloc");
	keep = size < s->size ? size : s->size;
	s->p = q;
	s->zone_limit_mb = 0;
	verify(s, keep);
	s->size = size;
	placed(s, (int)(s - slots));
	fill(s, keep);
}

static void op_bulk(struct fz_in *in)
{
	int c = (int)(fz_u8(in) % NCACHES), n = (int)(fz_u8(in) % 16) + 1, got = 0;
	void *objs[16];
	int where[16];

	for (int i = 0; i < SLOTS && got < n; i++)
		if (slots[i].kind == K_FREE)
			where[got++] = i;
	if (!got)
		return;
	FZ_CHECK(kmem_cache_alloc_bulk(caches[c], GFP_KERNEL, (size_t)got, objs) == got,
		 "bulk of %d", got);
	for (int k = 0; k < got; k++)
		adopt(where[k], objs[k], c, false, (unsigned char)(where[k] * 37 + 3));
}

static void op_bulk_free(struct fz_in *in)
{
	int c = (int)(fz_u8(in) % NCACHES), n = 0;
	void *objs[SLOTS];

	for (int i = 0; i < SLOTS; i++)
		if (slots[i].kind == K_CACHE && slots[i].cache == c) {
			verify(&slots[i], slots[i].size);
			live_del(i);
			if (c == 3)
				memset(slots[i].p, CTOR_BYTE, 64);
			objs[n++] = slots[i].p;
			slots[i].kind = K_FREE;
		}
	if (n)
		kmem_cache_free_bulk(caches[c], (size_t)n, objs);
}

static void op_pages(struct fz_in *in)
{
	int i = (int)(fz_u8(in) % SLOTS);
	unsigned int how = fz_u8(in), order = how % 4;
	gfp_t zone = (how & 0x10) ? GFP_DMA32 : (how & 0x20) ? GFP_DMA : 0;
	struct slot *s = &slots[i];

	if (s->kind != K_FREE)
		release(s);
	s->p = (unsigned char *)__get_free_pages(GFP_KERNEL | zone, order);
	FZ_CHECK(s->p != NULL, "pages of order %u", order);
	*s = (struct slot){ K_PAGES, s->p, PAGE_SIZE << order, (int)order,
			    (unsigned char)(i * 37 + 4),
			    zone == GFP_DMA32 ? 4096 : zone == GFP_DMA ? 16 : 0 };
	placed(s, i);
	fill(s, 0);
}

/* A cache of the input's own: created, filled, checked, destroyed. */
static void op_temp_cache(struct fz_in *in)
{
	unsigned int size = fz_u16(in) % 5000 + 1, align = 1u << (fz_u8(in) % 8);
	unsigned int f = fz_u8(in), n = fz_u8(in) % 40;
	slab_flags_t flags = ((f & 1) ? SLAB_HWCACHE_ALIGN : 0) | ((f & 2) ? SLAB_CACHE_DMA32 : 0) |
			     ((f & 4) ? SLAB_RED_ZONE | SLAB_CONSISTENCY_CHECKS : 0) |
			     ((f & 8) ? SLAB_POISON : 0);
	struct kmem_cache *t = kmem_cache_create("fz-temp", size, align, flags, NULL);
	void *objs[40];

	FZ_CHECK(t != NULL, "create %u/%u/%#x", size, align, flags);
	for (unsigned int k = 0; k < n; k++) {
		objs[k] = kmem_cache_alloc(t, GFP_KERNEL);
		FZ_CHECK(objs[k] && !((uintptr_t)objs[k] & (align - 1)), "temp object");
		if (flags & SLAB_CACHE_DMA32)
			FZ_CHECK(virt_to_phys(objs[k]) + size <= DMA32_LIMIT, "temp DMA32");
		memset(objs[k], (int)k, size);
	}
	for (unsigned int k = 0; k < n; k++)
		kmem_cache_free(t, objs[k]);
	FZ_CHECK(kmem_cache_validate(t) == 0, "temp cache validate");
	kmem_cache_destroy(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_in in = { data, size };
	bool temp_done = false;

	while (in.n) {
		switch (fz_u8(&in) % 10) {
		case 0: case 1: op_cache_alloc(&in); break;
		case 2: case 3: op_kmalloc(&in); break;
		case 4: {
			struct slot *s = &slots[fz_u8(&in) % SLOTS];
			if (s->kind != K_FREE)
				release(s);
			break;
		}
		case 5: op_krealloc(&in); break;
		case 6: op_bulk(&in); break;
		case 7: op_bulk_free(&in); break;
		case 8: op_pages(&in); break;
		default:
			/* one cache of its own per input: each is a whole
			 * create-fill-validate-destroy cycle, the cost of a
			 * dozen other operations */
			if ((fz_u8(&in) & 1) && !temp_done) {
				op_temp_cache(&in);
				temp_done = true;
			} else
				kmem_cache_shrink(caches[fz_u8(&in) % NCACHES]);
		}
	}
	for (int i = 0; i < SLOTS; i++)
		if (slots[i].kind != K_FREE)
			release(&slots[i]);
	FZ_CHECK(nr_live == 0, "model: %d blocks still live", nr_live);
	for (int c = 0; c < NCACHES; c++)
		FZ_CHECK(kmem_cache_validate(caches[c]) == 0, "validate cache %d", c);
	if (++inputs % 1024 == 0)
		FZ_CHECK(zslab_validate() == 0, "zslab_validate");
	return 0;
}
